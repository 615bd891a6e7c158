"""The experiment's plots (matplotlib, no window): news diffusion, network density, probe pass rate, cost."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: experiments run headless
import matplotlib.pyplot as plt

from game.clock import START_SECONDS


def _hours(seconds: float, start: float) -> float:
    return (seconds - start) / 3600


def write_plots(reports: list[dict], folder: Path) -> list[Path]:
    """Four PNGs from the seeds' reports; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return [_diffusion(reports, folder / "diffusion.png"), _density(reports, folder / "density.png"),
            _probes(reports, folder / "probes.png"), _cost(reports, folder / "cost.png")]


def _start(report: dict) -> float:
    density = report["experiment"]["network"]["density"]
    return density[0][0] if density else START_SECONDS


def _diffusion(reports: list[dict], path: Path) -> Path:
    """Each news item's share of the town that knows, over time, one line per seed."""
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    texts = list(dict.fromkeys(c["text"] for r in reports for c in r["experiment"]["cascades"]))
    colours = plt.get_cmap("tab10")
    for r in reports:
        start = _start(r)
        end = _hours(start + r["game_seconds"], start)
        town = max(1, r["agents"])
        for c in r["experiment"]["cascades"]:
            times = ([] if c["origin"] == "town notice" else [c["created"]]) + sorted(t["time"] for t in c["told"])
            xs = [_hours(c["created"], start)] + [_hours(t, start) for t in times] + [end]
            ys = [0.0] + [(i + 1) / town for i in range(len(times))] + [len(times) / town]
            label = c["text"][:50] + (f" (seed {r['experiment']['seed']})" if len(reports) > 1 else "")
            ax.step(xs, ys, where="post", color=colours(texts.index(c["text"]) % 10), alpha=0.8, label=label)
    ax.set(xlabel="game hours since the start", ylabel="share of the town that knows", ylim=(0, 1.05),
           title="News diffusion")
    if texts:
        ax.legend(fontsize=7, loc="lower right")
    else:
        ax.text(0.5, 0.5, "no news in this run", ha="center", va="center", transform=ax.transAxes)
    return _save(fig, path)


def _density(reports: list[dict], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for r in reports:
        start = _start(r)
        series = r["experiment"]["network"]["density"]
        ax.plot([_hours(t, start) for t, _d in series], [d for _t, d in series], marker=".",
                label=f"seed {r['experiment']['seed']}")
    ax.set(xlabel="game hours since the start", ylabel="pairs who talked or are related / all pairs",
           ylim=(0, 1.05), title="Network density")
    ax.legend(fontsize=8)
    return _save(fig, path)


def _probes(reports: list[dict], path: Path) -> Path:
    """Pass rate at each probe time, over the seeds (and villagers, for '*' probes), one line per probe."""
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    by_probe: dict[str, dict[float, list[bool]]] = {}
    for r in reports:
        start = _start(r)
        for a in r["experiment"]["probes"]:
            by_probe.setdefault(a["probe"], {}).setdefault(_hours(a["time"], start), []).append(a["passed"])
    for name, points in by_probe.items():
        xs = sorted(points)
        ax.plot(xs, [sum(points[x]) / len(points[x]) for x in xs], marker="o", label=name)
    ax.set(xlabel="game hours since the start", ylabel="pass rate", ylim=(-0.05, 1.05), title="Probe pass rate")
    if by_probe:
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, "no probes in this scenario", ha="center", va="center", transform=ax.transAxes)
    return _save(fig, path)


def _cost(reports: list[dict], path: Path) -> Path:
    """Model calls (offline decisions when no model answered) and tokens per villager-day, by system."""
    fig, axes = plt.subplots(1, 2, figsize=(9, 4.5), dpi=100)
    for ax, axis in zip(axes, ("plan_system", "memory_system"), strict=True):
        groups: dict[str, list[tuple[float, float]]] = {}
        for r in reports:
            for key, g in r["experiment"]["cost"][axis].items():
                calls = g["calls_per_villager_day"] or g["decisions_per_villager_day"]
                groups.setdefault(key, []).append((calls, g["tokens_per_villager_day"]))
        keys = sorted(groups)
        calls = [sum(c for c, _t in groups[k]) / len(groups[k]) for k in keys]
        tokens = [sum(t for _c, t in groups[k]) / len(groups[k]) for k in keys]
        xs = range(len(keys))
        ax.bar([x - 0.2 for x in xs], calls, width=0.4, color="#4a7ab8")
        twin = ax.twinx()
        twin.bar([x + 0.2 for x in xs], tokens, width=0.4, color="#e0a040")
        if not any(tokens):
            twin.set_ylim(0, 1)
            twin.text(0.5, 0.95, "no tokens: offline decisions", ha="center", va="top", fontsize=8,
                      transform=ax.transAxes)
        ax.set_xticks(list(xs), keys)
        ax.set(title=axis.replace("_", " "), ylabel="calls (offline: decisions) per villager-day")
        twin.set_ylabel("tokens per villager-day")
    fig.legend(handles=[plt.Rectangle((0, 0), 1, 1, color="#4a7ab8"), plt.Rectangle((0, 0), 1, 1, color="#e0a040")],
               labels=["calls per villager-day", "tokens per villager-day"], loc="lower center", ncol=2, fontsize=8)
    fig.suptitle("Model cost by plan system and memory system")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(path)
    plt.close(fig)
    return path


def _save(fig: plt.Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
