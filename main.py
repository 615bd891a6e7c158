"""Tinytown's entry point: reads the command line, then opens the window or starts a run (game/launch.py)."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable

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


def window_size(text: str) -> tuple[int, int]:
    """An argparse type: WIDTHxHEIGHT, at least 800x600."""
    try:
        width, height = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1280x720, got {text!r}") from None
    if width < 800 or height < 600 or width > 7680 or height > 4320:
        raise argparse.ArgumentTypeError(f"the window must be between 800x600 and 7680x4320, got {text}")
    return width, height


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
    p.add_argument("--size", type=window_size, metavar="WxH",
                   help="window size for this run, e.g. 800x600 (default: the settings screen's choice)")
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
    p.add_argument("--import-ga", metavar="FOLDER",
                   help="make a town from a Generative Agents storage folder (personas/ and reverie/meta.json; "
                        "or a history CSV alone, which makes bare personas) and save it (to --save or the saves "
                        "folder)")
    p.add_argument("--ga-history", metavar="CSV",
                   help="with --import-ga: the run's history CSV (header 'Name,Whisper'), whispered to the cast")
    p.add_argument("--experiment", metavar="TOML",
                   help="run a scenario file: every seed headless, reports, summary.json, plots and replays")
    p.add_argument("--seeds", metavar="LIST", help="with --experiment: seeds to run instead of the scenario's, "
                                                   "e.g. 1-5 or 1,3,7")
    p.add_argument("--out", metavar="DIR", help="with --experiment: the output folder (default experiments/NAME)")
    p.add_argument("--jobs", type=positive_int, default=1, help="with --experiment: seeds run in parallel processes")
    p.add_argument("--record", metavar="PATH", help="write a replay log of the run to PATH (headless, or the window's "
                                                    "town until you quit or load another)")
    p.add_argument("--replay", metavar="PATH", help="play a recorded run in the window (no model needed)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from game.experiment.scenario import ScenarioError
    from game.llm.settings import SettingsError
    from game.mayor.catalog import CatalogError
    from game.save import GAImportError, SaveError
    from game.sim.replay import ReplayError
    from game.world.tilemap import MapError

    try:
        if args.ga_history and not args.import_ga:
            print("tinytown: --ga-history needs --import-ga FOLDER (the cast the history belongs to)", file=sys.stderr)
            return 2
        if args.experiment:
            from game import launch

            return launch.run_experiment(args)
        if args.replay:
            from game.ui.replay_view import run_replay

            return run_replay(args)
        if args.import_ga or args.interview or args.headless:
            from game import launch

            if args.import_ga:
                return launch.run_import(args)
            return launch.run_interview(args) if args.interview else launch.run_headless(args)
        if args.screenshot:
            from game.ui.app import screenshot

            screenshot(args)
            return 0
        from game.ui.app import run_window

        return run_window(args)
    except (MapError, SettingsError, SaveError, GAImportError, CatalogError, ScenarioError, ReplayError) as exc:
        print(f"tinytown: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # --experiment --jobs N starts worker processes, also from a packaged build
    sys.exit(main())
