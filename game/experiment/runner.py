"""Runs a scenario: each seed headless and lockstep (in parallel processes with jobs > 1), one report
and one replay per seed, then summary.json and the plots."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.clock import DAY_SECONDS, STEP_SECONDS
from game.experiment.minds import ExperimentMind, build_mind, villager_llm
from game.experiment.scenario import Mind, Scenario, ScenarioError, load_scenario, resolve
from game.experiment.schedule import Schedule
from game.sim.engine import Simulation
from game.sim.news import NewsLog

Progress = Callable[[int, int, int], None]  # (seed, steps done, steps in all)
PROGRESS_EVERY = 60  # steps between progress messages (ten game minutes)


@dataclass(frozen=True)
class RunOptions:
    """The command line's say in a run: backend and endpoint, where to write, how many processes."""

    out: Path
    llm: str | None = None
    base_url: str | None = None
    model: str | None = None
    embedding_model: str | None = None
    jobs: int = 1

    def overrides(self) -> dict[str, Any]:
        found = {"backend": self.llm, "base_url": self.base_url, "model": self.model,
                 "embedding_model": self.embedding_model}
        if self.embedding_model:
            found["embedder"] = "endpoint"
        return found


@dataclass
class Run:
    """One seed's town and the experiment's parts plugged into it."""

    sim: Simulation
    mind: ExperimentMind
    news: NewsLog
    schedule: Schedule


def build_simulation(scenario: Scenario, seed: int, options: RunOptions) -> Run:
    """The town of one seed: cast, map, per-villager minds, mayor, news log and the experiment's schedule."""
    from game.config import load_settings
    from game.mayor import install_mayor
    from game.sim.engine import map_path_or_default
    from game.sim.news import install_news
    from game.world.tilemap import TownMap

    settings = load_settings(options.overrides(), lockstep=True)
    mind = build_mind(scenario, settings, list(scenario.names))
    map_path = resolve(scenario, scenario.map) if scenario.map else map_path_or_default(None)

    def town(town_map: TownMap, cast: list | None) -> Simulation:
        agents = scenario.agents if cast is None else len(cast)
        sim = Simulation(town_map, agents=agents, seed=seed, mind=mind, cast=cast)
        install_mayor(sim, scenario.mayor, mind.brain)  # before an import settles its people and builds
        return sim

    if scenario.cast:
        from game.save import import_ga

        history = resolve(scenario, scenario.history) if scenario.history else None
        sim = import_ga(resolve(scenario, scenario.cast[3:]), town, map_path, history)
    else:
        sim = town(TownMap(map_path), None)
    news = install_news(sim, scenario.sample_every)
    return Run(sim, mind, news, Schedule(scenario, sim, mind, news).install(sim))


def run_seed(path: str, seed: int, options: RunOptions, progress: Progress | None = None) -> dict:
    """Run one seed to the end; write its report (and replay); return what the summary needs."""
    from game.sim import headless
    from game.sim.replay import record

    scenario = load_scenario(path)
    run = build_simulation(scenario, seed, options)
    sim = run.sim
    minds = {v.name: scenario.mind_of(v.name).as_dict() for v in sim.villagers}
    recorder = record(sim, {"experiment": scenario.name, "minds": minds}) if scenario.replay else None
    steps = headless.steps_for_days(scenario.days)
    started = time.perf_counter()
    for done in range(steps):
        sim.step()
        if progress is not None and (done + 1) % PROGRESS_EVERY == 0:
            progress(seed, done + 1, steps)
    wall = time.perf_counter() - started
    report = headless.build_report(sim, steps, wall)
    report["experiment"] = experiment_section(scenario, run, seed)
    out = Path(options.out)
    headless.write_report(report, out / f"seed-{seed}.json")
    if recorder is not None:
        recorder.save(out / f"seed-{seed}.replay.json.gz")
    run.mind.close()
    if progress is not None:
        progress(seed, steps, steps)
    return report


def experiment_section(scenario: Scenario, run: Run, seed: int) -> dict:
    sim, news, schedule = run.sim, run.news, run.schedule
    configs = {v.name: scenario.mind_of(v.name) for v in sim.villagers}
    return {
        "name": scenario.name,
        "scenario": str(scenario.path),
        "seed": seed,
        "days": scenario.days,
        "villagers": {name: m.as_dict() for name, m in configs.items()},
        "events": schedule.done_events,
        "probes": schedule.answers,
        "missed": schedule.missed(),
        "cascades": news.cascades(sim),
        "network": news.report_extras(sim)["network"],
        "cost": cost_split(run.mind, configs, sim.clock.steps * STEP_SECONDS / DAY_SECONDS),
    }


def cost_split(mind: ExperimentMind, configs: dict[str, Mind], days: float) -> dict:
    """Model calls and tokens per villager-day, by plan system and by memory system (AgentSims' comparison)."""
    ledger = mind.ledger.get_state()["by_agent"] if mind.ledger is not None else {}
    out: dict[str, dict] = {"plan_system": {}, "memory_system": {}}
    for axis in out:
        groups: dict[str, dict[str, float]] = {}
        for name, config in configs.items():
            key = config.plan_system if axis == "plan_system" else config.memory_system
            tally = ledger.get(name, {})
            g = groups.setdefault(key, {"villagers": 0, "calls": 0, "tokens": 0, "offline_decisions": 0})
            g["villagers"] += 1
            g["calls"] += tally.get("calls", 0)
            g["tokens"] += tally.get("prompt_tokens", 0) + tally.get("completion_tokens", 0)
            g["offline_decisions"] += tally.get("offline_decisions", 0)
        for g in groups.values():
            vd = g["villagers"] * days
            g["calls_per_villager_day"] = round(g["calls"] / vd, 3) if vd else 0.0
            g["tokens_per_villager_day"] = round(g["tokens"] / vd, 1) if vd else 0.0
            g["decisions_per_villager_day"] = round((g["calls"] + g["offline_decisions"]) / vd, 3) if vd else 0.0
        out[axis] = groups
    return out


# -- the batch ---------------------------------------------------------------------------------------
class Bar:
    """A plain-text progress bar on stderr: one line, rewritten in place."""

    def __init__(self, seeds: tuple[int, ...], steps: int, width: int = 30) -> None:
        self.done = {s: 0 for s in seeds}
        self.total = {s: max(1, steps) for s in seeds}
        self.width = width
        self.started = time.perf_counter()
        self.shown = (-1, -1)

    def update(self, seed: int, done: int, total: int) -> None:
        self.done[seed], self.total[seed] = done, max(1, total)
        share = sum(self.done.values()) / sum(self.total.values())
        finished = sum(1 for s in self.done if self.done[s] >= self.total[s])
        if (int(share * 100), finished) == self.shown:
            return
        self.shown = (int(share * 100), finished)
        fill = int(share * self.width)
        sys.stderr.write(f"\r[{'#' * fill}{'.' * (self.width - fill)}] {share:4.0%}  seeds {finished}/"
                         f"{len(self.done)}  {time.perf_counter() - self.started:5.0f} s")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def _worker(path: str, seed: int, options: RunOptions, queue: Any) -> dict:
    return run_seed(path, seed, options, lambda s, d, t: queue.put((s, d, t)))


def run_experiment(path: str | os.PathLike[str], options: RunOptions, seeds: tuple[int, ...] | None = None,
                   show: bool = True) -> dict:
    """Every seed, then summary.json and the plots in options.out; returns the summary."""
    scenario = load_scenario(path)  # fails here, before anything runs, on any mistake
    seeds = seeds or scenario.seeds
    _check_run(scenario, options)
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    from game.sim.headless import steps_for_days

    bar = Bar(seeds, steps_for_days(scenario.days)) if show else None
    reports: dict[int, dict] = {}
    if options.jobs <= 1 or len(seeds) == 1:
        for seed in seeds:
            reports[seed] = run_seed(str(path), seed, options, bar.update if bar else None)
    else:
        import multiprocessing

        with multiprocessing.Manager() as manager:
            queue = manager.Queue()
            with ProcessPoolExecutor(max_workers=min(options.jobs, len(seeds))) as pool:
                futures = {pool.submit(_worker, str(path), s, options, queue): s for s in seeds}
                pending = set(futures)
                while pending:
                    while not queue.empty():
                        if bar:
                            bar.update(*queue.get())
                        else:
                            queue.get()
                    finished = {f for f in pending if f.done()}
                    for f in as_completed(finished) if finished else ():
                        reports[futures[f]] = f.result()
                    pending -= finished
                    if pending:
                        time.sleep(0.2)  # polling the workers' progress, not a timing
    if bar:
        bar.close()
    summary = summarise(scenario, [reports[s] for s in seeds])
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    from game.experiment.plots import write_plots

    summary["plots"] = [str(p) for p in write_plots([reports[s] for s in seeds], out / "plots")]
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return summary


def _check_run(scenario: Scenario, options: RunOptions) -> None:
    """Settings that only the run knows (a model without an endpoint) fail before any seed starts."""
    from game.config import load_settings

    settings = load_settings(options.overrides(), lockstep=True)
    for name in scenario.names:
        mind = scenario.mind_of(name)
        if mind.model or mind.endpoint:
            villager_llm(settings.llm, mind, name, scenario)
    if options.jobs < 1:
        raise ScenarioError(f"{scenario.path}: --jobs must be at least 1")


def spread(values: list[float]) -> dict:
    """Mean and spread over seeds: standard deviation (0 with one seed), min and max."""
    if not values:
        return {"mean": None, "std": None, "min": None, "max": None, "n": 0}
    return {"mean": round(statistics.fmean(values), 4),
            "std": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            "min": round(min(values), 4), "max": round(max(values), 4), "n": len(values)}


def summarise(scenario: Scenario, reports: list[dict]) -> dict:
    """Per probe and per measure: mean and spread over the seeds."""
    probes: dict[str, dict] = {}
    for probe in scenario.probes:
        rates = []
        for r in reports:
            answers = [a for a in r["experiment"]["probes"] if a["probe"] == probe.name]
            if answers:
                rates.append(sum(a["passed"] for a in answers) / len(answers))
        probes[probe.name] = {"villager": probe.villager, "question": probe.question, "pass_rate": spread(rates)}
    news: dict[str, dict[str, list[float]]] = {}
    for r in reports:
        for c in r["experiment"]["cascades"]:
            entry = news.setdefault(c["text"], {"scale": [], "share": [], "depth": [], "max_breadth": [],
                                                "half_town_hours": [], "attended": []})
            for key in ("scale", "share", "depth", "max_breadth"):
                entry[key].append(c[key])
            if c["half_town_seconds"] is not None:
                entry["half_town_hours"].append(c["half_town_seconds"] / 3600)
            if "attended" in c:
                entry["attended"].append(len(c["attended"]))
    measures: dict[str, Any] = {
        "density_start": spread([r["experiment"]["network"]["density_start"] for r in reports]),
        "density_end": spread([r["experiment"]["network"]["density_end"] for r in reports]),
        "conversations": spread([r.get("cognition", {}).get("conversations", 0) for r in reports]),
        "model_calls": spread([r.get("llm", {}).get("calls", 0) for r in reports]),
        "wall_seconds": spread([r["wall_seconds"] for r in reports]),
    }
    cost: dict[str, dict[str, dict]] = {}
    for axis in ("plan_system", "memory_system"):
        keys = sorted({k for r in reports for k in r["experiment"]["cost"][axis]})
        cost[axis] = {k: {m: spread([r["experiment"]["cost"][axis][k][m] for r in reports
                                     if k in r["experiment"]["cost"][axis]])
                          for m in ("calls_per_villager_day", "tokens_per_villager_day", "decisions_per_villager_day")}
                      for k in keys}
    measures["cost"] = cost
    return {
        "name": scenario.name,
        "scenario": str(scenario.path),
        "seeds": [r["experiment"]["seed"] for r in reports],
        "days": scenario.days,
        "villagers": reports[0]["agents"] if reports else 0,
        "probes": probes,
        "news": {text: {k: spread(v) for k, v in m.items()} | {"seeds_with_it": len(m["scale"])}
                 for text, m in news.items()},
        "measures": measures,
        "reports": [f"seed-{r['experiment']['seed']}.json" for r in reports],
    }
