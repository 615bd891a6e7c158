"""Shortest walks on the tile grid: A* with a Manhattan heuristic, BFS, and a route cache.

Villagers move in four directions, one tile per step. Two villagers may share
a tile (as in Smallville): crowds never deadlock and routes stay cacheable.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict, deque
from dataclasses import dataclass
from itertools import accumulate, pairwise

import numpy as np

from game.codec import decode, encode

Tile = tuple[int, int]


class Grid:
    """A walkable grid flattened for speed; rebuilt when the map changes."""

    def __init__(self, blocked: np.ndarray) -> None:
        self.height, self.width = blocked.shape
        self.open = [not b for b in blocked.ravel().tolist()]
        w, n = self.width, len(self.open)
        self.xs = [i % w for i in range(n)]
        self.ys = [i // w for i in range(n)]
        # Open neighbours of every cell, computed once: the search loop does no bounds checks.
        self.neighbours: list[tuple[int, ...]] = []
        for i in range(n):
            x = i % w
            cand = []
            if x + 1 < w:
                cand.append(i + 1)
            if x > 0:
                cand.append(i - 1)
            if i + w < n:
                cand.append(i + w)
            if i - w >= 0:
                cand.append(i - w)
            self.neighbours.append(tuple(c for c in cand if self.open[c]))

        self._landmarks: list[list[int]] | None = None
        # One tuple per tile, made when a route first passes it: the route cache's routes share them (a town
        # of thousands keeps thousands of routes, each a tuple of tiles).
        self._tiles: list[Tile | None] = [None] * n
        self._components: list[int] | None = None
        self._main = -1

    def tile(self, i: int) -> Tile:
        """The tile of cell i, the same tuple every time."""
        t = self._tiles[i]
        if t is None:
            t = self._tiles[i] = (i % self.width, i // self.width)
        return t

    def walkable(self, x: int, y: int) -> bool:
        return 0 <= x < self.width and 0 <= y < self.height and self.open[y * self.width + x]

    def _neighbours(self, i: int) -> tuple[int, ...]:
        return self.neighbours[i]

    def distances_from(self, source: int) -> list[int]:
        """Walking distance from one cell to every cell (-1 where unreachable)."""
        dist = [-1] * len(self.open)
        dist[source] = 0
        queue = deque([source])
        neighbours = self.neighbours
        while queue:
            cur = queue.popleft()
            d = dist[cur] + 1
            for nb in neighbours[cur]:
                if dist[nb] < 0:
                    dist[nb] = d
                    queue.append(nb)
        return dist

    def components(self) -> list[int]:
        """The connected area of every cell (-1 for a blocked one), labelled once per map: a walk between
        two areas is known impossible at once, not after searching the whole of one."""
        if self._components is None:
            label = [-1] * len(self.open)
            neighbours, sizes = self.neighbours, list[int]()
            for source, walkable in enumerate(self.open):
                if not walkable or label[source] >= 0:
                    continue
                area, size = len(sizes), 1
                label[source] = area
                queue = deque([source])
                while queue:
                    for nb in neighbours[queue.popleft()]:
                        if label[nb] < 0:
                            label[nb] = area
                            size += 1
                            queue.append(nb)
                sizes.append(size)
            self._components = label
            self._main = max(range(len(sizes)), key=sizes.__getitem__) if sizes else -1
        return self._components

    def in_main_area(self, x: int, y: int) -> bool:
        """Walkable and in the town's largest connected area (not a nook walled in by furniture)."""
        return self.walkable(x, y) and self.components()[y * self.width + x] == self._main

    def landmarks(self) -> list[list[int]]:
        """Distance fields from a few far-apart cells (ALT landmarks), computed once per map.

        By the triangle inequality |d(L, goal) - d(L, n)| never overestimates d(n, goal), and in a
        town of walls and doors it is a far better guess than the straight-line distance.
        """
        if self._landmarks is None:
            w, h = self.width, self.height
            fields: list[list[int]] = []
            picks = [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w // 2, 0), (w // 2, h - 1), (0, h // 2),
                     (w - 1, h // 2)]
            for px, py in picks:
                best = min(
                    (i for i in range(len(self.open)) if self.open[i]),
                    key=lambda i: abs(i % w - px) + abs(i // w - py),
                    default=None,
                )
                if best is not None:
                    fields.append(self.distances_from(best))
            self._landmarks = fields
        return self._landmarks


def astar(grid: Grid, start: Tile, goal: Tile) -> list[Tile] | None:
    """Shortest 4-connected path from start to goal, both included; None if unreachable."""
    if not grid.walkable(*start) or not grid.walkable(*goal):
        return None
    if start == goal:
        return [start]
    w = grid.width
    s = start[1] * w + start[0]
    g = goal[1] * w + goal[0]
    areas = grid.components()
    if areas[s] != areas[g]:
        return None
    gx, gy = goal
    xs, ys, neighbours = grid.xs, grid.ys, grid.neighbours
    marks = [(field, field[g]) for field in grid.landmarks() if field[g] >= 0]

    def estimate(i: int) -> int:
        h = abs(xs[i] - gx) + abs(ys[i] - gy)
        for field, to_goal in marks:
            d = field[i]
            if d >= 0:
                e = to_goal - d if to_goal > d else d - to_goal
                if e > h:
                    h = e
        return h

    came = {s: -1}
    cost = {s: 0}
    # Heap entries (f, h, g, node): among equal f the one nearest the goal goes first, which keeps
    # A* from flooding the many equally short paths of a street grid.
    h0 = estimate(s)
    heap = [(h0, h0, 0, s)]
    push, pop = heapq.heappush, heapq.heappop
    get = cost.get
    while heap:
        _f, _h, cg, cur = pop(heap)
        if cur == g:
            break
        if cg != cost[cur]:
            continue  # a stale entry: this node was reached more cheaply since
        cg += 1
        for nb in neighbours[cur]:
            old = get(nb)
            if old is not None and old <= cg:
                continue
            cost[nb] = cg
            came[nb] = cur
            h = estimate(nb)
            push(heap, (cg + h, h, cg, nb))
    else:
        return None
    path = []
    cur = g
    tile = grid.tile
    while cur != -1:
        path.append(tile(cur))
        cur = came[cur]
    path.reverse()
    return path


def bfs(grid: Grid, start: Tile, goal: Tile) -> list[Tile] | None:
    """Plain breadth-first search: the baseline A* is checked and benchmarked against."""
    if not grid.walkable(*start) or not grid.walkable(*goal):
        return None
    w = grid.width
    s = start[1] * w + start[0]
    g = goal[1] * w + goal[0]
    came = {s: -1}
    queue = deque([s])
    while queue:
        cur = queue.popleft()
        if cur == g:
            path = []
            while cur != -1:
                path.append((cur % w, cur // w))
                cur = came[cur]
            return path[::-1]
        for nb in grid._neighbours(cur):
            if nb not in came:
                came[nb] = cur
                queue.append(nb)
    return None


def reachable(grid: Grid, start: Tile) -> np.ndarray:
    """Boolean (h, w) mask of every tile reachable from start."""
    seen = np.zeros((grid.height, grid.width), dtype=bool)
    if not grid.walkable(*start):
        return seen
    w = grid.width
    s = start[1] * w + start[0]
    flat = seen.ravel()
    flat[s] = True
    queue = deque([s])
    while queue:
        cur = queue.popleft()
        for nb in grid._neighbours(cur):
            if not flat[nb]:
                flat[nb] = True
                queue.append(nb)
    return seen


@dataclass(frozen=True)
class SavedRoutes:
    """A route cache in a save: the routes packed as int32 bytes (see RouteCache.get_state), and its counters."""

    routes: bytes
    hits: int
    misses: int


class RouteCache:
    """Remembers routes between tiles (villagers walk between the same places all day).

    A route serves both directions (the walk back is the same route backwards) and is kept as one byte a
    step: 390 bytes a route on maps/city.tmx (220 tiles on average), where tuples of tiles there and back
    took 2,115. A route is unpacked into tiles (the grid's shared tuples) when a villager sets out.
    """

    def __init__(self, grid: Grid, size: int = 20000) -> None:
        self.grid = grid
        self.size = size
        # (start cell, goal cell) as one number -> the steps (0 east, 1 west, 2 south, 3 north), or None
        # for "no route".
        self._routes: OrderedDict[int, bytes | None] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def reset(self, grid: Grid) -> None:
        """Forget every route: the map changed (a building was placed)."""
        self.grid = grid
        self._routes.clear()

    def __len__(self) -> int:
        return len(self._routes)

    def _key(self, a: Tile, b: Tile) -> int:
        w, cells = self.grid.width, len(self.grid.open)
        return (a[1] * w + a[0]) * cells + b[1] * w + b[0]

    def route(self, start: Tile, goal: Tile) -> tuple[Tile, ...] | None:
        routes = self._routes
        for key, backwards in ((self._key(start, goal), False), (self._key(goal, start), True)):
            if key in routes:
                self.hits += 1
                routes.move_to_end(key)
                steps = routes[key]
                return None if steps is None else self._unpack(goal if backwards else start, steps, backwards)
        self.misses += 1
        path = astar(self.grid, start, goal)
        found = tuple(path) if path is not None else None
        self._keep(self._key(start, goal), found)
        return found

    def _keep(self, key: int, found: tuple[Tile, ...] | None) -> None:
        routes = self._routes
        routes[key] = None if found is None else self._pack(found)
        while len(routes) > self.size:
            routes.popitem(last=False)

    def _pack(self, tiles: tuple[Tile, ...]) -> bytes:
        codes = {1: 0, -1: 1, self.grid.width: 2, -self.grid.width: 3}
        w = self.grid.width
        cells = [y * w + x for x, y in tiles]
        return bytes(codes[b - a] for a, b in pairwise(cells))

    def _unpack(self, first: Tile, steps: bytes, backwards: bool) -> tuple[Tile, ...]:
        """The tiles of a kept route from its first tile, reversed when walked backwards."""
        grid = self.grid
        w = grid.width
        cells = list(accumulate(map((1, -1, w, -w).__getitem__, steps), initial=first[1] * w + first[0]))
        if backwards:
            cells.reverse()
        known, tile = grid._tiles, grid.tile
        return tuple([known[c] or tile(c) for c in cells])

    def get_state(self) -> dict:
        """The remembered routes, oldest first, packed as int32 bytes: [sx, sy, gx, gy, n, x0, y0, ...],
        n = -1 for "no route". Saved because a reversed route may differ from a fresh A* of equal length."""
        flat: list[int] = []
        w, cells = self.grid.width, len(self.grid.open)
        for key, steps in self._routes.items():
            a, b = divmod(key, cells)
            start, goal = (a % w, a // w), (b % w, b // w)
            flat += (*start, *goal, -1 if steps is None else len(steps) + 1)
            for tile in self._unpack(start, steps, False) if steps is not None else ():
                flat += tile
        return encode(SavedRoutes(np.asarray(flat, dtype="<i4").tobytes(), self.hits, self.misses))

    def set_state(self, state: dict) -> None:
        """Routes from a save; a save made before routes served both ways lists each twice, kept once."""
        saved: SavedRoutes = decode(SavedRoutes, state, "routes")
        data = np.frombuffer(saved.routes, dtype="<i4").tolist()
        width, height = self.grid.width, self.grid.height
        mine, self._routes = self._routes, OrderedDict()
        try:
            i = 0
            while i < len(data):
                sx, sy, gx, gy, n = data[i : i + 5]
                i += 5
                if not (0 <= sx < width and 0 <= sy < height and 0 <= gx < width and 0 <= gy < height):
                    raise ValueError(f"a remembered route from {sx},{sy} to {gx},{gy} leaves the map")
                if self._key((gx, gy), (sx, sy)) in self._routes:
                    i += 2 * max(n, 0)
                    continue
                if n < 0:
                    self._routes[self._key((sx, sy), (gx, gy))] = None
                    continue
                xs, ys = data[i : i + 2 * n : 2], data[i + 1 : i + 2 * n : 2]
                if len(ys) != n or not n or min(xs) < 0 or min(ys) < 0 or max(xs) >= width or max(ys) >= height:
                    raise ValueError(f"a remembered route from {sx},{sy} leaves the map or is cut short")
                tiles = tuple(zip(xs, ys, strict=True))
                if any(abs(x0 - x1) + abs(y0 - y1) != 1 for (x0, y0), (x1, y1) in pairwise(tiles)):
                    raise ValueError(f"a remembered route from {sx},{sy} jumps between tiles")
                if tiles[0] != (sx, sy) or tiles[-1] != (gx, gy):  # kept as steps from the start: it must be there
                    raise ValueError(f"a remembered route from {sx},{sy} to {gx},{gy} starts or ends elsewhere")
                self._routes[self._key((sx, sy), (gx, gy))] = self._pack(tiles)
                i += 2 * n
        except ValueError:
            self._routes = mine
            raise
        self.hits, self.misses = saved.hits, saved.misses
