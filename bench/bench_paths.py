"""Cross-town routes: A* median and worst against plain BFS on the same grid, and the route cache."""

from __future__ import annotations

import random
import time

from common import median, write

from game.sim.engine import DEFAULT_MAP
from game.world.routes import Grid, RouteCache, astar, bfs
from game.world.tilemap import TownMap


def main() -> None:
    town = TownMap(DEFAULT_MAP)
    grid = Grid(town.blocked)
    t0 = time.perf_counter()
    grid.landmarks()  # built once per map (8 distance fields), as the game does on its first route
    landmark_ms = (time.perf_counter() - t0) * 1000
    rng = random.Random(5)
    targets = [t for o in town.objects for t in o.use_tiles[:1]]
    pairs = []
    while len(pairs) < 200:
        a, b = rng.sample(targets, 2)
        if abs(a[0] - b[0]) + abs(a[1] - b[1]) > town.width // 2:  # cross-town
            pairs.append((a, b))
    a_times, b_times = [], []
    for a, b in pairs:
        t0 = time.perf_counter()
        pa = astar(grid, a, b)
        t1 = time.perf_counter()
        pb = bfs(grid, a, b)
        t2 = time.perf_counter()
        assert (pa is None) == (pb is None) and (pa is None or len(pa) == len(pb))
        a_times.append(t1 - t0)
        b_times.append(t2 - t1)
    cache = RouteCache(grid)
    for a, b in pairs:
        cache.route(a, b)
    t0 = time.perf_counter()
    for _ in range(20):
        for a, b in pairs:
            cache.route(a, b)
    cached = (time.perf_counter() - t0) / (20 * len(pairs))
    write("paths", {
        "map": f"{town.width}x{town.height}",
        "routes": len(pairs),
        "landmarks_setup_ms": round(landmark_ms, 1),
        "astar_median_ms": round(median(a_times) * 1000, 3),
        "astar_worst_ms": round(max(a_times) * 1000, 3),
        "bfs_median_ms": round(median(b_times) * 1000, 3),
        "astar_to_bfs_ratio": round(median(a_times) / median(b_times), 3),
        "cached_route_us": round(cached * 1e6, 3),
        "cache_speedup": round(median(a_times) / cached, 1),
    })


if __name__ == "__main__":
    main()
