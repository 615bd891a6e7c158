"""Free lots: overgrown meadows with trees, bushes, a for-sale sign and sometimes a shortcut path."""

from __future__ import annotations

import random

from game.contracts import LOT_H, LOT_W, TILE_LAYERS
from game.world.prefab import MapObject, TileMap
from maps.generator.terrain import autotile_name, wild_grass


def for_sale(town: TileMap, lot: MapObject, seed: int) -> None:
    """A free lot: a meadow with wildflower patches, a few trees and a for-sale sign.

    Everything here lies inside the lot rectangle, so stamping a building replaces all of
    it; trunks stand at least two tiles apart and off the front row, so they never wall in
    a cell, and the sign keeps its place by the front sidewalk.
    """
    lx, ly = int(lot.x), int(lot.y)
    rng = random.Random(seed * 1000 + lx * 31 + ly)
    for y in range(LOT_H):
        for x in range(LOT_W):
            for layer in TILE_LAYERS:
                town.set(layer, lx + x, ly + y, None)
            town.set("ground", lx + x, ly + y, wild_grass(seed, lx + x, ly + y))
    sign = (3, LOT_H - 2)
    town.set("furniture", lx + sign[0], ly + sign[1], "sign_for_sale")
    # Solid things keep a free tile between each other (no two are 8-neighbours), so they
    # never form a wall that closes a pocket; the shortcut path and its sides stay clear.
    solid: list[tuple[int, int]] = [sign]
    clear: set[tuple[int, int]] = set()
    if rng.random() < 0.6:
        bend_x, bend_y = rng.randrange(9, LOT_W - 6), rng.randrange(4, LOT_H - 5)
        west = rng.random() < 0.5
        path = {(bend_x, y) for y in range(bend_y, LOT_H)}
        path |= {(x, bend_y) for x in (range(0, bend_x) if west else range(bend_x, LOT_W))}
        # Padded grid: the path's two ends run on into the sidewalks around the lot.
        grid = [[(x - 1, y - 1) in path for x in range(LOT_W + 2)] for y in range(LOT_H + 2)]
        grid[LOT_H + 1][bend_x + 1] = True
        grid[bend_y + 1][0 if west else LOT_W + 1] = True
        for x, y in path:
            town.set("ground", lx + x, ly + y, autotile_name("path", grid, x + 1, y + 1, False))
        clear = {(x + dx, y + dy) for x, y in path for dx in (-1, 0, 1) for dy in (-1, 0, 1)}

    def room_for(cells: list[tuple[int, int]]) -> bool:
        """On the lot, off the front rows, off the path, and apart from other solid cells."""
        return all(1 <= x < LOT_W - 1 and 1 <= y < LOT_H - 3 and (x, y) not in clear
                   and (x, y - 1) not in clear
                   and all(max(abs(x - ox), abs(y - oy)) > 1 for ox, oy in solid)
                   for x, y in cells)

    # Trees along the back and the sides, clumps inside: an overgrown plot.
    spots = [(x + rng.randrange(0, 2), rng.choice((2, 3)))
             for x in range(2, LOT_W - 1, rng.choice((3, 4)))]
    spots += [(rng.choice((1, 2)), y) for y in (6, 10)] + [(LOT_W - 2, y) for y in (5, 9)]
    spots += [(rng.randrange(3, LOT_W - 4), rng.randrange(5, LOT_H - 4)) for _ in range(14)]
    for x, y in spots:
        if rng.random() < 0.15:
            continue
        kind = rng.random()
        if kind < 0.3 and room_for([(x, y), (x + 1, y)]):
            town.set("furniture", lx + x, ly + y, "tree_big_bl")
            town.set("furniture", lx + x + 1, ly + y, "tree_big_br")
            town.set("above", lx + x, ly + y - 1, "tree_big_tl")
            town.set("above", lx + x + 1, ly + y - 1, "tree_big_tr")
            solid += [(x, y), (x + 1, y)]
        elif kind < 0.7 and room_for([(x, y)]):
            trunk, crown = ("tree_trunk", "tree_top") if kind < 0.55 else ("pine_trunk", "pine_top")
            town.set("furniture", lx + x, ly + y, trunk)
            town.set("above", lx + x, ly + y - 1, crown)
            solid.append((x, y))
        elif kind < 0.85 and room_for([(x, y), (x + 1, y)]):
            town.set("furniture", lx + x, ly + y, "bush")
            town.set("furniture", lx + x + 1, ly + y, rng.choice(("bush", "rock")))
            solid += [(x, y), (x + 1, y)]
        elif room_for([(x, y)]):
            town.set("furniture", lx + x, ly + y, rng.choice(("bush", "rock", "stump")))
            solid.append((x, y))
    # A bench under a lamp by the front sidewalk on some lots: somewhere to sit.
    bx = rng.randrange(9, LOT_W - 4)
    seat = [(bx + i, LOT_H - 2) for i in range(3)]
    if rng.random() < 0.5 and not set(seat) & clear:
        town.set("furniture", lx + bx, ly + LOT_H - 2, "bench_l")
        town.set("furniture", lx + bx + 1, ly + LOT_H - 2, "bench_r")
        town.set("furniture", lx + bx + 2, ly + LOT_H - 2, "lamp_post")
        town.set("above", lx + bx + 2, ly + LOT_H - 3, "lamp_post_top")
