"""Checks a generated map must pass: every object usable on foot, every object in a room."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from game.contracts import USES
from game.world.prefab import MapError, MapObject, TileMap
from maps.generator.tmx import Tileset


def reachable_from(blocked: list[list[bool]], starts: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Cells reachable by 4-neighbour steps over unblocked cells."""
    h, w = len(blocked), len(blocked[0])
    seen = {s for s in starts if 0 <= s[0] < w and 0 <= s[1] < h and not blocked[s[1]][s[0]]}
    queue = deque(seen)
    while queue:
        x, y = queue.popleft()
        for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if 0 <= nx < w and 0 <= ny < h and not blocked[ny][nx] and (nx, ny) not in seen:
                seen.add((nx, ny))
                queue.append((nx, ny))
    return seen


def use_cells(obj: MapObject) -> set[tuple[int, int]]:
    """Where a villager may stand to use an object: inside it or on a 4-neighbour of it."""
    inside = set(obj.cells())
    around = {(x + dx, y + dy) for x, y in inside
              for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))}
    return inside | around


def check_map(tmap: TileMap, tileset: Tileset, starts: list[tuple[int, int]], where: str) -> None:
    """Every object usable from the starts; every object in an arena, every arena in a sector."""
    blocked = tmap.blocked(tileset.colliding)
    reach = reachable_from(blocked, starts)
    places = tmap.groups["places"]
    sectors = [p for p in places if p.props.get("kind") == "sector"]
    arenas = [p for p in places if p.props.get("kind") == "arena"]
    problems = []
    for obj in tmap.groups["objects"]:
        if obj.props.get("use") not in USES:
            problems.append(f"{obj.name} at ({obj.x:g},{obj.y:g}) has no contract use")
        if not use_cells(obj) & reach:
            problems.append(f"{obj.name} at ({obj.x:g},{obj.y:g}) cannot be reached")
        if not any(a.contains(obj) for a in arenas):
            problems.append(f"{obj.name} at ({obj.x:g},{obj.y:g}) lies in no arena")
    for arena in arenas:
        if not any(s.contains(arena) for s in sectors):
            problems.append(f"arena {arena.name} lies in no sector")
        cells = [c for c in arena.cells() if not blocked[c[1]][c[0]]]
        if cells and not set(cells) & reach:
            problems.append(f"arena {arena.name} cannot be entered")
    if problems:
        raise MapError(f"{where}: " + "; ".join(problems))


def lot_border(width: int, height: int) -> list[tuple[int, int]]:
    """Cells on the edge of a lot: villagers step in from the sidewalks around it."""
    return [(x, y) for y in range(height) for x in range(width)
            if x in (0, width - 1) or y in (0, height - 1)]
