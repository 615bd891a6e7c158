"""Tinytown's entry point: opens the window, or runs a town headless for research and tests."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

# One BLAS thread: retrieval is many small matrix-vector products, and extra BLAS threads only fight
# the simulation and window threads for the same cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _number(kind: type, minimum: float, words: str) -> Callable[[str], float]:
    """An argparse type: a number of the given kind, at least minimum, with a clear message."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {words}, got {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number, got {text}")
        if value < minimum:
            bound = "zero or more" if minimum == 0 else f"at least {minimum}"
            raise argparse.ArgumentTypeError(f"must be {bound}, got {text}")
        return value

    return parse


positive_float = _number(float, 0, "a number")
positive_int = _number(int, 1, "a whole number")
non_negative_int = _number(int, 0, "a whole number")


def build_parser() -> argparse.ArgumentParser:
    from game import __version__

    p = argparse.ArgumentParser(prog="tinytown", description="A pixel-art town where generative agents live.")
    p.add_argument("--version", action="version", version=f"Tinytown {__version__}")
    p.add_argument("--headless", action="store_true", help="run without a window and print a summary")
    p.add_argument("--days", type=positive_float, default=1.0, help="game days to run headless (may be fractional)")
    p.add_argument("--agents", type=positive_int, default=None, help="number of villagers (default: the whole cast)")
    p.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same run")
    p.add_argument("--report", metavar="PATH", help="write a JSON report of the headless run")
    p.add_argument("--map", metavar="TMX", help="a Tiled town map (default: maps/town.tmx)")
    p.add_argument("--screenshot", metavar="PNG", help="render the town to a PNG and exit")
    p.add_argument("--after-steps", type=non_negative_int, default=0, help="steps to simulate before --screenshot")
    p.add_argument("--speed", choices=("pause", "1x", "2x", "4x", "8x", "max"), default="1x", help="starting speed")
    p.add_argument("--zoom", type=int, choices=(1, 2, 3, 4), default=2, help="starting zoom")
    p.add_argument("--mind", choices=("generative", "routine"), default="generative",
                   help="generative agents (default) or the bare daily routine (no memory; for comparison)")
    p.add_argument("--llm", choices=("offline", "openai"), default=None,
                   help="offline rules (default when nothing is configured) or an OpenAI-compatible endpoint")
    p.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama)")
    p.add_argument("--model", help="chat model name at the endpoint")
    p.add_argument("--embedding-model", help="embedding model at the endpoint (default: the offline MiniLM)")
    p.add_argument("--lockstep", action="store_true",
                   help="every step waits for its model answers (reproducible research runs)")
    p.add_argument("--mayor", choices=("none", "rules", "llm"), default="none",
                   help="who runs the town besides you: nobody (default), the rule mayor, or an LLM mayor")
    p.add_argument("--plot", metavar="PNG", help="after a headless run, chart treasury, population and income")
    p.add_argument("--save", metavar="PATH", help="save the town to PATH at the end of a headless run or an import")
    p.add_argument("--load", metavar="PATH",
                   help="continue a saved town (in the window, or headless for --days more game days)")
    p.add_argument("--interview", nargs=2, metavar=("NAME", "QUESTION"),
                   help="with --headless: ask a villager a question and print the answer "
                        "(of the --load town, or a new one); --save keeps the exchange in their memory")
    p.add_argument("--import-ga", metavar="PATH",
                   help="make a town from Generative Agents personas (a persona folder, a folder of them, "
                        "or a history CSV 'Name;memory;...') and save it (to --save or the saves folder)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from game.llm.settings import SettingsError
    from game.mayor.catalog import CatalogError
    from game.save import GAImportError, SaveError
    from game.world.tilemap import MapError

    try:
        if args.import_ga:
            return run_import(args)
        if args.interview:
            return run_interview(args)
        if args.headless:
            return run_headless(args)
        if args.screenshot:
            from game.ui.app import screenshot

            screenshot(args)
            return 0
        from game.ui.app import run_window

        return run_window(args)
    except (MapError, SettingsError, SaveError, GAImportError, CatalogError) as exc:
        print(f"tinytown: {exc}", file=sys.stderr)
        return 2


def make_simulation(args: argparse.Namespace, headless: bool = False, town_map=None, cast=None):
    """The town the flags describe: map, cast size, seed, and the mind that drives it.

    ``town_map`` and ``cast`` replace the flags' map and cast (a loaded save brings both).
    """
    from game.agents.persona import load_cast
    from game.mayor import load_catalog
    from game.sim.engine import Simulation, map_path_or_default
    from game.sim.setup import grow_town, make_mind
    from game.world.tilemap import TownMap

    town_map = town_map or TownMap(map_path_or_default(args.map))
    overrides = {"backend": args.llm, "base_url": args.base_url, "model": args.model,
                 "embedding_model": args.embedding_model}
    if args.embedding_model:
        overrides["embedder"] = "endpoint"
    mind = make_mind(args.mind, overrides, lockstep=args.lockstep or headless)
    if cast is not None:
        sim = Simulation(town_map, agents=len(cast), seed=args.seed, mind=mind, cast=cast)
    else:
        # Beyond the written cast, generated households move into the free beds.
        written = len(load_cast())
        agents = args.agents if args.agents is None else min(args.agents, written)
        sim = Simulation(town_map, agents=agents, seed=args.seed, mind=mind)
        if args.agents is not None and args.agents > written:
            note = grow_town(sim, args.agents, load_catalog())
            if note:
                print(f"tinytown: {note}", file=sys.stderr)
    install_mayor_for(args, sim, overrides)
    return sim


def install_mayor_for(args: argparse.Namespace, sim, overrides: dict) -> None:
    """The economy and the mayor's office; an LLM mayor asks the mind's brain, or one made from the flags."""
    from game.mayor import install_mayor

    kind = getattr(args, "mayor", "none") or "none"
    brain = getattr(sim.mind, "brain", None)
    if kind == "llm" and brain is None:
        from game.config import load_settings
        from game.llm import Ledger, make_brain

        brain = make_brain(load_settings(overrides).llm, Ledger())
    install_mayor(sim, kind, brain)


def load_simulation(args: argparse.Namespace, headless: bool = False):
    """The saved town of --load, in a new Simulation with this run's mind (raises SaveError)."""
    from game.save import load_town

    return load_town(args.load, lambda town_map: make_simulation(args, headless, town_map, cast=[]),
                     map_path=Path(args.map) if args.map else None)


def run_headless(args: argparse.Namespace) -> int:
    from game.sim import headless

    sim = load_simulation(args, headless=True) if args.load else make_simulation(args, headless=True)
    report = headless.run(sim, args.days)
    if args.report:
        headless.write_report(report, args.report)
    print(
        f"Tinytown headless: {report['agents']} villagers, {report['steps']} steps "
        f"({args.days:g} game days) in {report['wall_seconds']:.2f} s, "
        f"{report['agent_steps_per_second'] or 0:,.0f} agent-steps/s; now {report['clock']}"
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
        try:
            chart = write_chart(economy.series, args.plot, f"{sim.town.name}, mayor: {args.mayor}")
        except OSError as exc:
            print(f"tinytown: cannot write the chart to {args.plot} ({exc.strerror or exc})", file=sys.stderr)
            return 2
        print(f"chart written to {chart}")
    if args.save:
        from game.save import save_town

        print(f"saved to {save_town(sim, args.save)}")
    return 0


def run_interview(args: argparse.Namespace) -> int:
    """--interview NAME QUESTION: print the villager's answer; --save keeps the exchange in the saved town."""
    from game.agents.chat import InterviewError, interview

    sim = load_simulation(args, headless=True) if args.load else make_simulation(args, headless=True)
    name, question = args.interview
    try:
        answer = interview(sim, name, question)
    except InterviewError as exc:
        print(f"tinytown: {exc}", file=sys.stderr)
        return 2
    print(answer.reply)
    if args.save:
        from game.save import save_town

        print(f"saved to {save_town(sim, args.save)}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """--import-ga: Generative Agents personas become villagers with their memories, saved as a town."""
    from game.save import import_ga, save_town, slot_path

    sim = import_ga(args.import_ga, lambda town_map, cast: make_simulation(args, True, town_map, cast),
                    Path(args.map) if args.map else None)
    memories = sum(len(m.memory) for m in getattr(sim.mind, "minds", {}).values())
    out = save_town(sim, args.save or slot_path(f"ga-{Path(args.import_ga).stem or 'town'}"))
    print(f"imported {len(sim.villagers)} villagers with {memories} memories into {out}; "
          f"continue it with: python main.py --load \"{out}\"")
    return 0


if __name__ == "__main__":
    sys.exit(main())
