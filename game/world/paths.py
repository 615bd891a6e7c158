"""Shortest walks on the tile grid: A* with a Manhattan heuristic, BFS, and a route cache.

Villagers move in four directions, one tile per step. Two villagers may share
a tile (as in Smallville): crowds never deadlock and routes stay cacheable.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict, deque

import numpy as np

Tile = tuple[int, int]


class Grid:
    """A walkable grid flattened for speed; rebuilt when the map changes."""

    def __init__(self, blocked: np.ndarray) -> None:
        self.height, self.width = blocked.shape
        self.open = [not b for b in blocked.ravel().tolist()]

    def walkable(self, x: int, y: int) -> bool:
        return 0 <= x < self.width and 0 <= y < self.height and self.open[y * self.width + x]

    def _neighbours(self, i: int) -> list[int]:
        w = self.width
        x = i % w
        out = []
        if x + 1 < w and self.open[i + 1]:
            out.append(i + 1)
        if x > 0 and self.open[i - 1]:
            out.append(i - 1)
        if i + w < len(self.open) and self.open[i + w]:
            out.append(i + w)
        if i - w >= 0 and self.open[i - w]:
            out.append(i - w)
        return out


def astar(grid: Grid, start: Tile, goal: Tile) -> list[Tile] | None:
    """Shortest 4-connected path from start to goal, both included; None if unreachable."""
    if not grid.walkable(*start) or not grid.walkable(*goal):
        return None
    if start == goal:
        return [start]
    w = grid.width
    s = start[1] * w + start[0]
    g = goal[1] * w + goal[0]
    gx, gy = goal
    opened = grid.open
    n = len(opened)
    came = {s: -1}
    cost = {s: 0}
    # Heap entries (f, h, counter, node): ties broken towards the goal (smaller h).
    heap = [(abs(start[0] - gx) + abs(start[1] - gy), 0, s)]
    push, pop = heapq.heappush, heapq.heappop
    while heap:
        _f, _h, cur = pop(heap)
        if cur == g:
            break
        cg = cost[cur] + 1
        cx = cur % w
        for nb, ok in (
            (cur + 1, cx + 1 < w),
            (cur - 1, cx > 0),
            (cur + w, cur + w < n),
            (cur - w, cur - w >= 0),
        ):
            if not ok or not opened[nb]:
                continue
            old = cost.get(nb)
            if old is not None and old <= cg:
                continue
            cost[nb] = cg
            came[nb] = cur
            h = abs(nb % w - gx) + abs(nb // w - gy)
            push(heap, (cg + h, h, nb))
    else:
        return None
    if g not in came:
        return None
    path = []
    cur = g
    while cur != -1:
        path.append((cur % w, cur // w))
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


class RouteCache:
    """Remembers routes between tiles (villagers walk between the same places all day)."""

    def __init__(self, grid: Grid, size: int = 20000) -> None:
        self.grid = grid
        self.size = size
        self._routes: OrderedDict[tuple[Tile, Tile], tuple[Tile, ...] | None] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def reset(self, grid: Grid) -> None:
        """Forget every route: the map changed (a building was placed)."""
        self.grid = grid
        self._routes.clear()

    def route(self, start: Tile, goal: Tile) -> tuple[Tile, ...] | None:
        key = (start, goal)
        routes = self._routes
        if key in routes:
            self.hits += 1
            routes.move_to_end(key)
            return routes[key]
        self.misses += 1
        path = astar(self.grid, start, goal)
        found = tuple(path) if path is not None else None
        routes[key] = found
        if found is not None and len(found) > 2:
            # The reverse walk is the same route backwards.
            routes[(goal, start)] = found[::-1]
        while len(routes) > self.size:
            routes.popitem(last=False)
        return found

    def get_state(self) -> dict:
        """The remembered routes, oldest first, packed as int32 bytes: [sx, sy, gx, gy, n, x0, y0, ...],
        n = -1 for "no route". Saved because a reversed route may differ from a fresh A* of equal length."""
        flat: list[int] = []
        for (start, goal), found in self._routes.items():
            flat += (*start, *goal, -1 if found is None else len(found))
            for tile in found or ():
                flat += tile
        return {"routes": np.asarray(flat, dtype="<i4").tobytes(), "hits": self.hits, "misses": self.misses}

    def set_state(self, state: dict) -> None:
        data = np.frombuffer(state["routes"], dtype="<i4").tolist()
        routes: OrderedDict[tuple[Tile, Tile], tuple[Tile, ...] | None] = OrderedDict()
        i = 0
        while i < len(data):
            sx, sy, gx, gy, n = data[i : i + 5]
            i += 5
            if n < 0:
                routes[((sx, sy), (gx, gy))] = None
                continue
            xs, ys = data[i : i + 2 * n : 2], data[i + 1 : i + 2 * n : 2]
            if len(ys) != n or not n or min(xs) < 0 or min(ys) < 0 or max(xs) >= self.grid.width \
                    or max(ys) >= self.grid.height:
                raise ValueError(f"a remembered route from {sx},{sy} leaves the map or is cut short")
            routes[((sx, sy), (gx, gy))] = tuple(zip(xs, ys, strict=True))
            i += 2 * n
        self._routes = routes
        self.hits = int(state.get("hits", 0))
        self.misses = int(state.get("misses", 0))
