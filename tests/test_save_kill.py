"""A process saving the same file over and over, killed at chosen moments of a save, always leaves a
loadable save: the old one or the new one, never a mix.

The child stops at checkpoints inside each save (while SQLite writes the temporary file, before the
rename, after it) and waits for the test to say "go"; the test kills it at a checkpoint picked by a
seeded random generator. No sleeping and no timing: every kill lands exactly where it was aimed.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from game.save import load_town, read_save
from game.sim.engine import RoutineMind, Simulation
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parent.parent
KILLS = 15
CHILD = """
import os, sqlite3, sys
import game.save.store as store
from game.save import save_town
from game.sim.engine import RoutineMind, Simulation

def checkpoint(where):
    print(f"at {where}", flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit(0)

real_connect = sqlite3.connect
def connect(*args, **kwargs):
    con = real_connect(*args, **kwargs)
    # Called every 25 SQLite instructions while the save is being written.
    con.set_progress_handler(lambda: checkpoint("write") or 0, 25)
    return con
store.sqlite3.connect = connect

real_replace = os.replace
def replace(src, dst):
    checkpoint("before rename")
    real_replace(src, dst)
    checkpoint("after rename")
store.os.replace = replace

class Ballast:
    def __init__(self): self.n = 0
    def get_state(self): return {"n": self.n, "noise": os.urandom(200_000)}
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
    places: set[str] = set()
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(kill)], cwd=ROOT,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert child.stdin is not None and child.stdout is not None
        target = rng.randint(1, 3)  # which of the child's saves to interrupt
        phase = ("write", "before rename", "after rename")[kill % 3]
        nth_write = rng.randint(1, 20)  # how far into the write
        writes = 0
        started = 0
        where = ""
        for line in child.stdout:
            if line.startswith("saving"):
                started = int(line.split()[1])
                writes = 0
            elif line.startswith("at "):
                where = line[3:].strip()
                writes += where == "write"
                if started == target and where == phase and (phase != "write" or writes == nth_write):
                    break
                child.stdin.write("go\n")
                child.stdin.flush()
        child.kill()
        child.wait()
        child.stdout.close()
        child.stdin.close()
        places.add(where)
        saved = read_save(path) if path.exists() else None
        if saved is None:
            # Killed before the very first rename: there is no save yet, and no half one either.
            assert started == 1 and where != "after rename" and last == 0
            continue
        n = saved.parts["components"]["ballast"]["n"]
        # The rename is the commit point: before it the old save stands, after it the new one.
        expected = started if where == "after rename" else started - 1
        assert n == expected or (started == 1 and n == last and where != "after rename"), (where, started, n)
        town = load_town(path, build)
        assert town.components["ballast"].n == n and town.clock.steps == 6 * n
        last = n
    assert {"write", "before rename", "after rename"} <= places, places
    leftovers = [p.name for p in tmp_path.iterdir() if p != path]
    assert len(leftovers) <= 1  # at most the killed child's temp file, removed by the next save
