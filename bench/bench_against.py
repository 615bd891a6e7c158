"""This tree against another checkout of the game (``--base DIR``, e.g. a ``git worktree`` of an older
commit), measured in the same run: headless agent-steps per second (routine and offline generative
minds), the frame time at 1280x720 with 25 and 1,000 villagers, and exact top-10 retrieval over
10,000 memories. Each figure is measured in a fresh process of each tree, the trees taking turns
(``--rounds`` times), and the best of the rounds is kept, so a busy machine hurts both sides alike.

    python bench/bench_against.py --base /tmp/base [--rounds 3] [--name against]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from common import write

HERE = Path(__file__).resolve().parent.parent

# Each probe runs inside the tree it measures and prints one JSON number; it uses only what both
# trees have (the Simulation, make_mind, the renderer, the memory stream), so old commits can be measured.
HEADLESS = """
import json, sys, time
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
agents, kind, steps = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sim = Simulation(TownMap(DEFAULT_MAP), agents=agents, seed=3, mind=make_mind(kind, {"backend": "offline"}))
sim.run_steps(60)
start = time.process_time()
sim.run_steps(steps)
print(json.dumps(agents * steps / (time.process_time() - start)))
"""

RENDER = """
import json, os, random, sys, time
os.environ["SDL_VIDEODRIVER"] = "dummy"
sys.path.insert(0, "bench")
import pygame
from bench_render import snapshot
from game.sim.engine import DEFAULT_MAP
from game.ui.assets import Art
from game.ui.renderer import Camera, TownRenderer
from game.world.tilemap import TILE, TownMap
pygame.init()
screen = pygame.display.set_mode((1280, 720))
town = TownMap(DEFAULT_MAP)
art = Art()
renderer = TownRenderer(str(DEFAULT_MAP), art, {n: s.rect for n, s in town.sectors.items()})
cam = Camera(town.width * TILE / 2, town.height * TILE / 2, 2)
left, top = cam.top_left(1280, 720)
snap = snapshot(town, int(sys.argv[1]), pygame.Rect(left, top, 640, 360), random.Random(1))
times = []
for i in range(150):
    t0 = time.process_time()
    renderer.draw(screen, cam, snap, 0.5, i / 60)
    times.append(time.process_time() - t0)
times.sort()
print(json.dumps(times[len(times) // 2] * 1000))
"""

RETRIEVAL = """
import inspect, json, time
import numpy as np
from game.agents.memory import MemoryStream
from game.agents.retrieve import retrieve
n, now = 10000, 3 * 86400
rng = np.random.default_rng(0)
extra = {"forget_after": None} if "forget_after" in inspect.signature(MemoryStream).parameters else {}
stream = MemoryStream(dim=384, **extra)
for i in range(n):
    stream.add("observation", f"memory {i}", int(rng.integers(0, now)), int(rng.integers(1, 11)))
vecs = rng.normal(size=(n, 384)).astype(np.float32)
vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
stream.set_vectors(list(range(n)), vecs)
times = []
for j in range(60):
    t0 = time.perf_counter()
    retrieve(stream, vecs[j * 7], now, 10, touch=False)
    times.append(time.perf_counter() - t0)
times.sort()
print(json.dumps(times[len(times) // 2] * 1000))
"""

#: (figure, probe, arguments, True when more is better)
FIGURES = [
    ("headless routine, 25 villagers (agent-steps per CPU s)", HEADLESS, ["25", "routine", "2160"], True),
    ("headless generative offline, 16 villagers (agent-steps per CPU s)", HEADLESS,
     ["16", "generative", "1440"], True),
    ("frame, 25 villagers (CPU ms, median)", RENDER, ["25"], False),
    ("frame, 1,000 villagers (CPU ms, median)", RENDER, ["1000"], False),
    ("retrieval top-10 of 10,000, exact (ms, median)", RETRIEVAL, [], False),
]


def measure(tree: Path, probe: str, args: list[str]) -> float:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "PYTHONPATH": str(tree)}
    for key in [k for k in env if k.startswith("TINYTOWN_")]:
        del env[key]  # the player's settings would change what either tree runs
    out = subprocess.run([sys.executable, "-c", probe, *args], cwd=tree, env=env, capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise SystemExit(f"{tree}: the probe failed:\n{out.stderr[-2000:]}")
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, type=Path, help="another checkout of the game to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--name", default="against", help="the results file: bench/results/NAME.json")
    args = parser.parse_args()
    base = args.base.resolve()
    if not (base / "game" / "sim" / "engine.py").is_file():
        raise SystemExit(f"--base {base}: not a checkout of the game")
    rows = []
    for figure, probe, probe_args, higher in FIGURES:
        seen: dict[str, list[float]] = {"base": [], "now": []}
        for _ in range(args.rounds):
            seen["base"].append(measure(base, probe, probe_args))
            seen["now"].append(measure(HERE, probe, probe_args))
        best = {side: (max(v) if higher else min(v)) for side, v in seen.items()}
        # The ratio reads "now is this many times as good as base" whichever way the figure runs.
        ratio = best["now"] / best["base"] if higher else best["base"] / best["now"]
        row = {"figure": figure, "base": round(best["base"], 3), "now": round(best["now"], 3),
               "now_vs_base": round(ratio, 3), "rounds": seen}
        print(f"{figure}: base {row['base']}, now {row['now']}, now/base {row['now_vs_base']}", flush=True)
        rows.append(row)
    base_commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=base, capture_output=True, text=True,
                                 check=False).stdout.strip()
    write(args.name, {"base": base_commit or str(base), "rounds": args.rounds, "figures": rows,
                      "note": "now_vs_base > 1 means this tree is better (faster, or more steps per second)"})


if __name__ == "__main__":
    main()
