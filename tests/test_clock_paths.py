"""The clock and the pathfinder: exact game time, shortest walks that never cross a wall."""

import itertools
import random

import numpy as np
import pytest

from game.clock import STEP_SECONDS, STEPS_PER_DAY, Clock, GameTime
from game.world.routes import Grid, RouteCache, astar, bfs, reachable


def test_a_step_is_ten_game_seconds_and_a_day_is_8640_steps():
    clock = Clock(seconds=0)
    for _ in range(STEPS_PER_DAY):
        clock.tick()
    assert STEP_SECONDS == 10
    assert clock.now == GameTime(86400)
    assert clock.now.day == 2 and clock.now.hour == 0


def test_game_time_reads_as_day_and_clock():
    t = GameTime(86400 + 13 * 3600 + 5 * 60 + 30)
    assert (t.day, t.hour, t.minute) == (2, 13, 5)
    assert str(t) == "Day 2, 13:05"


def test_speeds_step_up_and_down_and_reject_unknown_names():
    clock = Clock(speed="1x")
    clock.faster()
    assert clock.speed == "2x"
    for _ in range(10):
        clock.faster()
    assert clock.speed == "8x"  # max is for headless runs, not reached by the key
    clock.slower()
    assert clock.speed == "4x"
    with pytest.raises(ValueError, match="unknown speed"):
        clock.speed = "warp"


def _random_grid(rng: random.Random, w: int, h: int, density: float) -> np.ndarray:
    blocked = np.array([[rng.random() < density for _ in range(w)] for _ in range(h)])
    return blocked


def test_astar_is_as_short_as_bfs_and_never_enters_a_wall():
    rng = random.Random(7)
    checked = 0
    for trial in range(60):
        blocked = _random_grid(rng, 30, 20, 0.28)
        grid = Grid(blocked)
        free = [(x, y) for y in range(20) for x in range(30) if not blocked[y, x]]
        a, b = rng.sample(free, 2)
        want = bfs(grid, a, b)
        got = astar(grid, a, b)
        if want is None:
            assert got is None, f"trial {trial}: A* found a path BFS says does not exist"
            continue
        checked += 1
        assert got is not None and len(got) == len(want)
        assert got[0] == a and got[-1] == b
        for (x0, y0), (x1, y1) in itertools.pairwise(got):
            assert abs(x0 - x1) + abs(y0 - y1) == 1
            assert not blocked[y1, x1]
    assert checked > 30


def test_unreachable_goal_gives_none_and_the_cache_remembers_both_ways():
    blocked = np.zeros((5, 7), dtype=bool)
    blocked[:, 3] = True  # a wall splits the grid
    grid = Grid(blocked)
    assert astar(grid, (0, 0), (6, 4)) is None
    assert not reachable(grid, (0, 0))[4, 6]
    blocked[2, 3] = False
    cache = RouteCache(Grid(blocked))
    there = cache.route((0, 0), (6, 4))
    assert there is not None and (3, 2) in there
    back = cache.route((6, 4), (0, 0))
    assert back == there[::-1]
    assert cache.hits == 1 and cache.misses == 1


def test_connected_areas_agree_with_reachability_and_a_walled_in_nook_is_never_a_place_to_walk_to():
    rng = random.Random(11)
    for _ in range(20):
        blocked = _random_grid(rng, 24, 16, 0.35)
        grid = Grid(blocked)
        areas = grid.components()
        free = [(x, y) for y in range(16) for x in range(24) if not blocked[y, x]]
        a = rng.choice(free)
        seen = reachable(grid, a)
        for x, y in free:
            assert (areas[y * 24 + x] == areas[a[1] * 24 + a[0]]) == bool(seen[y, x])
    # A room of 9x6 with a 1-tile nook walled in by furniture at (2, 2): walking there is impossible, so a
    # random spot in the room is never the nook, and a route to it is None (at once: another area).
    blocked = np.ones((8, 11), dtype=bool)
    blocked[1:7, 1:10] = False
    blocked[1:4, 1:4] = True
    blocked[2, 2] = False
    grid = Grid(blocked)
    assert grid.walkable(2, 2) and not grid.in_main_area(2, 2) and grid.in_main_area(6, 4)
    assert astar(grid, (6, 4), (2, 2)) is None and astar(grid, (2, 2), (2, 2)) == [(2, 2)]


def test_a_random_spot_in_a_building_is_never_a_nook_nobody_can_walk_to():
    from game.sim.engine import DEFAULT_MAP
    from game.world.tilemap import TownMap
    from game.world.town import Town

    town = Town(TownMap(DEFAULT_MAP))
    sector = max(town.map.sectors.values(), key=lambda s: s.rect.w * s.rect.h)
    r = sector.rect
    blocked = town.map.blocked.copy()
    nook = next((x, y) for y in range(r.y + 2, r.y + r.h - 2) for x in range(r.x + 2, r.x + r.w - 2)
                if not blocked[y - 1:y + 2, x - 1:x + 2].any())
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        blocked[nook[1] + dy, nook[0] + dx] = True  # furniture all round it
    town.grid = Grid(blocked)
    rng = random.Random(0)
    spots = {town.any_tile_in(sector.name, rng) for _ in range(3000)}
    assert nook not in spots and len(spots) > 10
    assert all(s is not None and town.grid.in_main_area(*s) for s in spots)


def test_the_route_cache_keeps_a_route_once_for_both_ways_and_a_save_gives_back_the_same_tiles():
    rng = random.Random(5)
    blocked = _random_grid(rng, 30, 20, 0.3)
    grid = Grid(blocked)
    free = [(x, y) for y in range(20) for x in range(30) if grid.in_main_area(x, y)]
    cache = RouteCache(grid)
    walks = [(rng.choice(free), rng.choice(free)) for _ in range(40)]
    first = {(a, b): cache.route(a, b) for a, b in walks}
    assert all(first[a, b] is not None and first[a, b][0] == a and first[a, b][-1] == b for a, b in walks)
    kept = len(cache)
    assert all(cache.route(b, a) == first[a, b][::-1] for a, b in walks)  # the way back: no new entry
    assert len(cache) == kept and cache.hits == 40
    again = RouteCache(Grid(blocked))
    again.set_state(cache.get_state())
    assert len(again) == kept
    assert all(again.route(a, b) == first[a, b] and again.route(b, a) == first[a, b][::-1] for a, b in walks)
    assert again.misses == cache.misses  # nothing searched again


def test_a_saved_route_that_jumps_or_leaves_the_map_is_refused_and_the_cache_is_unchanged():
    blocked = np.zeros((6, 8), dtype=bool)
    cache = RouteCache(Grid(blocked))
    good = cache.route((0, 0), (5, 3))
    # a jump of two tiles; off the map; a route that does not start where it says
    for bad in ([0, 0, 2, 0, 2, 0, 0, 2, 0], [0, 0, 9, 9, 2, 0, 0, 1, 0], [0, 0, 2, 0, 2, 1, 0, 2, 0]):
        state = cache.get_state()
        state["routes"] = np.asarray(bad, dtype="<i4").tobytes()
        with pytest.raises(ValueError):
            cache.set_state(state)
        assert len(cache) == 1 and cache.route((0, 0), (5, 3)) == good
