"""Runs a town without a window as fast as it can and writes a versioned JSON report."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

from game import __version__
from game.clock import STEP_SECONDS, STEPS_PER_DAY, GameTime
from game.codec import decode
from game.sim.engine import Simulation

REPORT_VERSION = 1


def steps_for_days(days: float) -> int:
    return max(0, round(days * STEPS_PER_DAY))


class ActivityMinutes:
    """Waking minutes per activity of the whole town; walking to somewhere apart from a walk that is the plan.

    A saved component (``sim.components["activity"]``), so a loaded town's report counts from the start.
    """

    def __init__(self) -> None:
        self.minutes: Counter[str] = Counter()

    def install(self, sim: Simulation) -> None:
        sim.components["activity"] = self
        sim.step_hooks.append(self.on_step)

    def get_state(self) -> dict:
        return dict(self.minutes)

    def set_state(self, state: dict) -> None:
        self.minutes = Counter(decode(dict[str, int], state, "components", "activity"))

    def on_step(self, sim: Simulation, now: GameTime) -> None:
        if now.second_of_day % 60:
            return
        minute = now.second_of_day // 60
        for v in sim.villagers:
            if v.asleep:
                continue
            if v.walking:
                block = v.plan.block_at(minute).activity if v.plan is not None and v.plan.items else ""
                self.minutes["walk (activity)" if "walk" in block.lower() else "walk (transit)"] += 1
            else:
                self.minutes[v.use or "idle"] += 1

    def report_extras(self, sim: Simulation) -> dict:
        waking = sum(self.minutes.values())
        return {"activity_minutes": dict(self.minutes.most_common()),
                "transit_walking_share": round(self.minutes["walk (transit)"] / waking, 4) if waking else None}


def run(sim: Simulation, days: float) -> dict:
    """Advance the town by ``days`` game days and return the report."""
    steps = steps_for_days(days)
    started = time.perf_counter()
    sim.run_steps(steps)
    wall = time.perf_counter() - started
    return build_report(sim, steps, wall)


def build_report(sim: Simulation, steps: int, wall: float) -> dict:
    agents = len(sim.villagers)
    report = {
        "report_version": REPORT_VERSION,
        "game_version": __version__,
        "map": sim.town.map.path.name,
        "seed": sim.seed,
        "agents": agents,
        "steps": steps,
        "game_seconds": steps * STEP_SECONDS,
        "wall_seconds": round(wall, 4),
        "agent_steps_per_second": round(agents * steps / wall, 1) if wall > 0 else None,
        "clock": str(sim.now),
        "date": sim.now.date.isoformat(),
        "villagers": [sim.villager_report(v) for v in sim.villagers],
        "events": [
            {"step": e.step, "kind": e.kind, "text": e.text} for e in list(sim.events)[-100:]
        ],
    }
    report.update(sim.mind.report_extras(sim))
    for component in sim.components.values():
        report.update(component.report_extras(sim))
    return report


def write_report(report: dict, path: str | os.PathLike[str]) -> Path:
    """Write atomically so a reader never sees half a report."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path
