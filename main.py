"""Tinytown's entry point: opens the window, or runs a town headless for research and tests."""

from __future__ import annotations

import argparse
import sys


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, got {text}")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, got {text}")
    return value


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
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from game.llm.settings import SettingsError
    from game.world.tilemap import MapError

    try:
        if args.headless:
            return run_headless(args)
        if args.screenshot:
            from game.ui.app import screenshot

            screenshot(args)
            return 0
        from game.ui.app import run_window

        return run_window(args)
    except (MapError, SettingsError) as exc:
        print(f"tinytown: {exc}", file=sys.stderr)
        return 2


def make_simulation(args: argparse.Namespace, headless: bool = False):  # noqa: ANN201
    """The town the flags describe: map, cast size, seed, and the mind that drives it."""
    from game.sim.engine import Simulation, map_path_or_default
    from game.sim.setup import make_mind
    from game.world.tilemap import TownMap

    town_map = TownMap(map_path_or_default(args.map))
    overrides = {"backend": args.llm, "base_url": args.base_url, "model": args.model,
                 "embedding_model": args.embedding_model}
    if args.embedding_model:
        overrides["embedder"] = "endpoint"
    mind = make_mind(args.mind, overrides, lockstep=args.lockstep or headless)
    return Simulation(town_map, agents=args.agents, seed=args.seed, mind=mind)


def run_headless(args: argparse.Namespace) -> int:
    from game.sim import headless

    sim = make_simulation(args, headless=True)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
