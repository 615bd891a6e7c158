"""Headless speed: agent-steps per second with the bare routine and with generative cognition (offline)."""

from __future__ import annotations

import sys
import time

from common import write

from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap


def run(agents: int, mind: str, steps: int) -> dict:
    town = TownMap(DEFAULT_MAP)
    sim = Simulation(town, agents=agents, seed=3, mind=make_mind(mind, {"backend": "offline"}))
    sim.run_steps(30)  # warm-up: first plans, embedder loaded
    start = time.perf_counter()
    sim.run_steps(steps)
    wall = time.perf_counter() - start
    return {"agents": agents, "mind": mind, "steps": steps, "wall_s": round(wall, 3),
            "agent_steps_per_s": round(agents * steps / wall, 1)}


def main() -> None:
    quick = "--quick" in sys.argv
    day = 8640
    rows = [
        run(25, "routine", day // (4 if quick else 1)),
        run(500, "routine", day // (48 if quick else 12)),
        run(25, "generative", day // (8 if quick else 2)),
    ]
    base = rows[0]["agent_steps_per_s"]
    for row in rows:
        row["ratio_to_routine_25"] = round(row["agent_steps_per_s"] / base, 3)
    write("headless", {"runs": rows, "game_day_seconds_routine_25": round(25 * day / base, 2)})


if __name__ == "__main__":
    main()
