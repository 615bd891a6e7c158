"""The command-line runs: the headless run and the interview (of a new town or a --load one; either may end with
--save), making a town from a Generative Agents cast (--import-ga), and experiments (--experiment)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.experiment.runner import RunOptions
from game.experiment.runner import run_experiment as run_scenario
from game.experiment.scenario import ScenarioError, load_scenario, parse_seeds
from game.save.ga_import import GACast, import_ga
from game.save.slots import slot_path
from game.save.town import load_town, save_town
from game.sim import headless
from game.sim.engine import Simulation
from game.sim.interview import InterviewError, interview
from game.sim.replay import record
from game.sim.setup import make_simulation
from game.world.economy import Economy


def load_simulation(args: argparse.Namespace, headless: bool = False) -> Simulation:
    """The saved town of --load, in a new Simulation with this run's mind (raises SaveError)."""
    return load_town(args.load, lambda town_map: make_simulation(args, headless, town_map, cast=[]),
                     map_path=Path(args.map) if args.map else None)


def _town(args: argparse.Namespace) -> Simulation:
    return load_simulation(args, headless=True) if args.load else make_simulation(args, headless=True)


def run_headless(args: argparse.Namespace) -> int:
    """--headless: run the town --days game days as fast as it goes, print a summary, write what was asked."""
    sim = _town(args)
    recorder = record(sim) if args.record else None
    report = headless.run(sim, args.days)
    if args.evaluate:
        from game.sim.evaluation import evaluate, print_scores

        try:
            report["evaluation"] = evaluate(sim)
        except InterviewError as exc:
            print(f"tinytown: --evaluate: {exc}", file=sys.stderr)
            return 2
        print("evaluation battery:")
        print_scores(report["evaluation"])
    if args.report:
        headless.write_report(report, args.report)
    if recorder is not None:
        print(f"replay written to {recorder.save(args.record)}; play it with: python main.py --replay {args.record}")
    print(
        f"Tinytown headless: {report['agents']} villagers, {report['steps']} steps "
        f"({args.days:g} game days) in {report['wall_seconds']:.2f} s, "
        f"{report['agent_steps_per_second'] or 0:,.0f} agent-steps/s; now {report['clock']} ({sim.now.date_text()})"
    )
    if args.report:
        print(f"report written to {args.report}")
    if args.plot:
        try:
            from game.mayor.chart import write_chart
        except ImportError as exc:  # a build without matplotlib: the report above is still written
            print(f"tinytown: --plot needs matplotlib, which this build cannot load ({exc})", file=sys.stderr)
            return 2
        economy = sim.components["economy"]
        assert isinstance(economy, Economy)  # every town made from the flags has one
        try:
            chart = write_chart(economy.series, args.plot, f"{sim.town.name}, mayor: {args.mayor}")
        except OSError as exc:
            print(f"tinytown: cannot write the chart to {args.plot} ({exc.strerror or exc})", file=sys.stderr)
            return 2
        print(f"chart written to {chart}")
    if args.save:
        print(f"saved to {save_town(sim, args.save)}")
    return 0


def run_interview(args: argparse.Namespace) -> int:
    """--interview NAME QUESTION: print the villager's answer; --save keeps the exchange in the saved town."""
    sim = _town(args)
    name, question = args.interview
    try:
        answer = interview(sim, name, question)
    except InterviewError as exc:
        print(f"tinytown: {exc}", file=sys.stderr)
        return 2
    print(answer.reply)
    if args.save:
        print(f"saved to {save_town(sim, args.save)}", file=sys.stderr)
    return 0


def run_experiment(args: argparse.Namespace) -> int:
    """--experiment FILE: every seed of a scenario, then the summary and the plots."""
    scenario = load_scenario(args.experiment)
    try:
        seeds = parse_seeds(args.seeds) if args.seeds else None
    except ValueError as exc:
        raise ScenarioError(f"--seeds: {exc}") from None
    out = Path(args.out) if args.out else Path("experiments") / scenario.name.replace("/", "-")
    options = RunOptions(out=out, llm=args.llm, base_url=args.base_url, model=args.model,
                         embedding_model=args.embedding_model, jobs=args.jobs)
    summary = run_scenario(args.experiment, options, seeds)
    print(f"{scenario.name}: {len(summary['seeds'])} seeds, reports, summary.json and plots in {out}")
    for name, probe in summary["probes"].items():
        rate = probe["pass_rate"]
        if rate["n"]:
            print(f"  probe {name!r}: pass rate {rate['mean']:.0%} (spread {rate['std']:.2f} over {rate['n']} seeds)")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """--import-ga: a Generative Agents cast becomes villagers with their lives and memories, saved as a town."""
    sim = import_ga(args.import_ga, lambda town_map, cast: make_simulation(args, True, town_map, cast),
                    Path(args.map) if args.map else None, args.ga_history)
    record = sim.components["ga"]
    assert isinstance(record, GACast)
    memories = sum(len(m.memory) for v in sim.villagers if (m := sim.mind.mindset(v)) is not None)
    out = save_town(sim, args.save or slot_path(f"ga-{Path(args.import_ga).stem or 'town'}"))
    if record.bare:
        print("the history CSV alone makes bare personas (a name and the whispers, no age, work or home of "
              "their own); give the storage folder with --ga-history for the whole cast")
    was = {new: old for old, new in record.renamed.items()}
    for ga_place, town_place in record.places.items():
        how = " (built)" if town_place in record.built else f" (was {was[town_place]})" if town_place in was else ""
        print(f"  {ga_place} -> {town_place}{how}")
    now = sim.clock.now
    print(f"imported {len(sim.villagers)} villagers with {memories} memories into {out}, starting "
          f"{now.date_text()} {now.clock_text()}; continue it with: python main.py --load \"{out}\"")
    return 0
