"""Experiments: the runner's overhead against a plain headless run of the same town, replay speed at x32
(1280x720, SDL dummy driver) and the replay log's size per villager-day."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, write

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

AGENTS = 12
BARE = """
name = "bench"
days = {days}
seeds = [3]
agents = {agents}
replay = true
"""
SCENARIO = BARE + """
[[event]]
at = "day 1 08:00"
whisper = "Rosa Delgado"
text = "You are hosting a party at Copper Kettle Cafe today at 17:00."

[[probe]]
villager = "Rosa Delgado"
question = "Are you hosting anything today?"
every = "4h"
expect = {{ contains_any = ["party"] }}
"""


def plain(days: float) -> tuple[float, float]:
    """`python main.py --headless` of the same town: build, run, report."""
    from game.sim import headless
    from game.sim.setup import make_simulation
    from main import build_parser

    args = build_parser().parse_args(["--headless", "--agents", str(AGENTS), "--seed", "3", "--llm", "offline"])
    start, cpu = time.perf_counter(), time.process_time()
    sim = make_simulation(args, headless=True)
    headless.run(sim, days)
    return time.perf_counter() - start, time.process_time() - cpu


def experiment(path: Path, out: Path) -> tuple[float, float]:
    from game.experiment.runner import RunOptions, run_seed

    start, cpu = time.perf_counter(), time.process_time()
    run_seed(str(path), 3, RunOptions(out=out, llm="offline"))
    return time.perf_counter() - start, time.process_time() - cpu


def replay_fps(log: Path, frames: int) -> tuple[float, int]:
    import pygame

    from game.sim.replay import Replay
    from game.ui.app import open_window
    from game.ui.replay_view import ReplayView

    replay = Replay(log)
    screen = open_window((1280, 720))
    view = ReplayView(screen, replay)
    view.rate = 32
    view.frame(1 / 60)  # first frame: surfaces converted, fonts loaded
    start = time.perf_counter()
    for _ in range(frames):
        view.frame(1 / 60)  # a 60 Hz clock's step: x32 advances ~2 game steps per frame
        pygame.display.flip()
        if view.position >= replay.steps:
            view.seek(0)
            view.playing = True
    wall = time.perf_counter() - start
    pygame.quit()
    return frames / wall, replay.steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    days = 0.25 if quick else 1.0
    repeat = 2 if quick else 3
    folder = Path(tempfile.mkdtemp(prefix="tinytown-bench-exp-"))
    bare = folder / "bare.toml"
    bare.write_text(BARE.format(days=days, agents=AGENTS), encoding="utf-8")
    full = folder / "full.toml"
    full.write_text(SCENARIO.format(days=days, agents=AGENTS), encoding="utf-8")
    plain(0.02)  # warm-up: the embedder and the map are loaded once per process
    experiment(bare, folder / "warm")
    base, runs, fulls = [], [], []
    for i in range(repeat):  # interleaved, so drift on a shared machine hits all alike
        base.append(plain(days))
        runs.append(experiment(bare, folder / f"run{i}"))
        fulls.append(experiment(full, folder / f"full{i}"))
    log = folder / "full0" / "seed-3.replay.json.gz"
    fps, steps = replay_fps(log, 300 if quick else 900)
    size = log.stat().st_size
    def med(xs: list[tuple[float, float]], i: int) -> float:
        return statistics.median(x[i] for x in xs)

    result = {
        "agents": AGENTS,
        "game_days": days,
        "repeats": repeat,
        "plain_headless_cpu_s": round(med(base, 1), 3),
        "experiment_run_cpu_s": round(med(runs, 1), 3),
        "overhead_ratio_cpu": round(med(runs, 1) / med(base, 1), 3),
        "overhead_ratio_wall": round(med(runs, 0) / med(base, 0), 3),
        "overhead_target": 1.1,
        "with_whisper_and_probes_ratio_cpu": round(med(fulls, 1) / med(base, 1), 3),
        "load_average": round(os.getloadavg()[0], 1),
        "note": "CPU seconds of this process are the headline (wall time swings with the machine's load); "
                "overhead: the same town and seed through the experiment runner (per-villager minds, news log, "
                "replay recorder, schedule, report section) against main.py --headless; the second figure adds "
                "a whisper and a probe every 4 h, which change the run itself (more talk, interviews)",
        "replay_fps_x32_1280x720": round(fps, 1),
        "replay_fps_ratio_to_60": round(fps / 60, 2),
        "replay_steps": steps,
        "replay_bytes": size,
        "replay_bytes_per_villager_day": round(size / (AGENTS * days)),
    }
    write("experiment", result)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
