"""A process saving the same file over and over, killed at random moments, always leaves a loadable save."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from game.save import load_town, read_save
from game.sim.engine import RoutineMind, Simulation
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parent.parent
KILLS = 15
# The child saves a town again and again; a 4 MB data block makes each write last long enough to be hit.
CHILD = """
import os, sys
from game.save import save_town
from game.sim.engine import RoutineMind, Simulation

class Ballast:
    def __init__(self): self.n = 0
    def get_state(self): return {"n": self.n, "noise": os.urandom(4_000_000)}
    def set_state(self, state): self.n = state["n"]

sim = Simulation(agents=3, mind=RoutineMind(), seed=int(sys.argv[2]))
ballast = sim.components["ballast"] = Ballast()
while True:
    sim.run_steps(6)
    ballast.n += 1
    print(f"saving {ballast.n}", flush=True)
    save_town(sim, sys.argv[1])
"""


class Ballast:
    def __init__(self) -> None:
        self.n = 0

    def get_state(self) -> dict:
        return {"n": self.n}

    def set_state(self, state: dict) -> None:
        self.n = state["n"]


def build(town_map: TownMap) -> Simulation:
    sim = Simulation(town_map, agents=0, cast=[], mind=RoutineMind())
    sim.components["ballast"] = Ballast()
    return sim


def test_killed_saves_leave_the_old_or_the_new_save(tmp_path: Path) -> None:
    path = tmp_path / "town.tinytown"
    rng = random.Random(7)
    last = 0
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(kill)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        wanted = rng.randint(1, 4)
        started = 0
        for line in child.stdout:
            if line.startswith("saving"):
                started = int(line.split()[1])
                if started >= wanted:
                    break
        time.sleep(rng.uniform(0, 0.12))  # a random moment: while it captures, writes, syncs or renames
        child.kill()
        child.wait()
        child.stdout.close()
        saved = read_save(path)
        n = saved.parts["components"]["ballast"]["n"]
        # The file holds a whole save: the one being written when the child died, or an earlier one
        # (this child's or, if its first save was cut short, the last child's), never a mix.
        assert n >= started - 1 or (started == 1 and n == last)
        town = load_town(path, build)
        assert town.components["ballast"].n == n and town.clock.steps == 6 * n
        last = n
    leftovers = [p.name for p in tmp_path.iterdir() if p != path]
    assert len(leftovers) <= 1  # at most the killed child's temp file, removed by the next save
