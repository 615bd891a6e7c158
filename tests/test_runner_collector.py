"""The runner keeps a running town out of the garbage collector's full passes (they stall the window)."""

from __future__ import annotations

import gc
import threading

from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.sim.runner import Runner
from game.world.tilemap import TownMap


def _walked(thing: object) -> bool:
    """Does a full collection look at `thing` (frozen objects are not among the collector's)?"""
    return any(o is thing for o in gc.get_objects())


def test_a_running_town_is_frozen_out_of_full_collections_hour_by_hour_and_let_back_in_when_it_stops() -> None:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=3, seed=1, mind=RoutineMind())
    villager = sim.villagers[0]
    runner = Runner(sim, speed="max")
    past_an_hour = threading.Event()
    sim.step_hooks.append(lambda s, now: past_an_hour.set() if s.clock.steps >= 800 else None)
    assert _walked(villager)
    runner.start()
    try:
        assert past_an_hour.wait(60), "the simulation thread did not advance"
        assert not _walked(villager)  # frozen when the town started running
        assert villager.plan is not None and not _walked(villager.plan)  # made in the first hour, frozen after it
    finally:
        runner.stop()
    assert gc.get_freeze_count() == 0
    assert _walked(villager)
