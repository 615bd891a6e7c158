"""A PNG chart of a run's economy: treasury, population and income by building (matplotlib, Agg)."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after use("Agg"): the backend must be chosen first

TOP_BUILDINGS = 8


def write_chart(series: list[dict], path: str | os.PathLike[str], title: str = "Tinytown") -> Path:
    """Three stacked panels over game hours; atomically written so a reader never sees half a PNG."""
    path = Path(path)
    hours = [(s["seconds"] - series[0]["seconds"]) / 3600 for s in series] if series else []
    fig, (ax_t, ax_p, ax_i) = plt.subplots(3, 1, figsize=(9, 8), sharex=True)
    ax_t.plot(hours, [s["treasury"] for s in series], color="#b13e53", label="treasury")
    ax_t.plot(hours, [s["cash"] for s in series], color="#3b5dc9", label="villagers' cash")
    ax_t.set_ylabel("coins")
    ax_t.legend(loc="upper left")
    ax_t.set_title(title)
    ax_p.step(hours, [s["population"] for s in series], where="post", color="#38b764")
    ax_p.set_ylabel("population")
    totals: dict[str, int] = {}
    for s in series:
        for name, amount in s["income"].items():
            totals[name] = totals.get(name, 0) + amount
    for name in sorted(totals, key=lambda n: -totals[n])[:TOP_BUILDINGS]:
        running, ys = 0, []
        for s in series:
            running += s["income"].get(name, 0)
            ys.append(running)
        ax_i.plot(hours, ys, label=name)
    wages, ys = 0, []
    for s in series:
        wages += s["wages"]
        ys.append(wages)
    ax_i.plot(hours, ys, color="#333c57", linestyle="--", label="wages paid")
    ax_i.set_ylabel("coins (cumulative)")
    ax_i.set_xlabel("game hours")
    ax_i.legend(loc="upper left", fontsize=7, ncol=2)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.png")
    fig.savefig(tmp, dpi=100)
    plt.close(fig)
    os.replace(tmp, path)
    return path
