"""Tinytown: countryside, a 4 x 4 street grid, the starting buildings stamped from their prefabs.

Town geometry (all numbers in tiles of 16x16 px)::

    map           140 x 102
    lots          4 x 4 grid, each 24 wide x 16 tall, named "lot C,R" (C, R = 1..4)
    streets       5 wide: sidewalk, lane, lane with the dashed centre line, lane,
                  sidewalk (the line tile has its dash in the middle of the tile, so the
                  road is three tiles wide); crosswalks where streets meet; streets run
                  between the lots and around the grid, so every lot has a sidewalk on
                  all four sides; lamp posts stand on the sidewalks along the backs and
                  sides of lots, never in front of a door
    free lots     overgrown meadows: trees, bushes, wildflowers, sometimes a trodden
                  shortcut path or a bench; all inside the lot, so a stamp replaces them
    grid          121 x 89, top-left at (7, 7): countryside 7 tiles west and north,
                  6 south, 12 east (a river runs there, under a bridge)
    lot (c, r)    top-left x = 12 + 29 * (c - 1), y = 12 + 21 * (r - 1)
    exits         four streets leave the map (north, south, west, and east over the
                  bridge); each ends in an ``edge`` spawn; the park's fountain and the
                  central crossroads are ``plaza`` spawns
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass

from game.contracts import LOT_H, LOT_W
from game.world.prefab import MapObject, TileMap, stamp
from maps.generator.lots import for_sale
from maps.generator.streets import STREET, Cells, StreetGrid
from maps.generator.terrain import autotile_name, value_noise, wild_grass

MARGIN_W, MARGIN_N, MARGIN_E, MARGIN_S = 7, 7, 12, 6
GRID = StreetGrid(MARGIN_W, MARGIN_N, 4, 4)
TOWN_W = GRID.x1 + MARGIN_E
TOWN_H = GRID.y1 + MARGIN_S
TOWN_NAME = "Tinytown"
SEED = 1977
STREET_XS, STREET_YS = GRID.street_xs, GRID.street_ys
GRID_X1, GRID_Y1 = GRID.x1, GRID.y1
RIVER_X = GRID_X1 + 5


@dataclass(frozen=True)
class Plot:
    """A starting building: which prefab goes on which lot, under which name."""

    col: int
    row: int
    building_type: str
    name: str
    mirror: bool = False
    roof: str | None = None


# Prefab roofs use the catalog's colour (game/data/buildings.json); the starting homes get
# other colours and a mirrored plan so the three do not look alike.
STARTING_BUILDINGS: tuple[Plot, ...] = (
    Plot(1, 1, "home", "Bramblewood Cottage"),
    Plot(3, 1, "apartment", "Sparrow Row Apartments"),
    Plot(2, 2, "cafe", "Copper Kettle Cafe"),
    Plot(3, 2, "park", "Foxglove Green"),
    Plot(4, 2, "home", "Thistledown House", mirror=True, roof="green"),
    Plot(1, 3, "office", "Inkwell & Quill Office", mirror=True),
    Plot(3, 3, "store", "Pennywhistle General Store"),
    Plot(2, 4, "home", "Juniper Nook", roof="purple"),
)
# Streets that leave the map: (name, orientation, street index, direction).
EXITS = (("north road", "v", 1, "north"), ("south road", "v", 3, "south"),
         ("west road", "h", 3, "west"), ("east bridge", "h", 1, "east"))


def _street_cells() -> tuple[Cells, Cells]:
    """Cells of vertical and horizontal streets, exits included."""
    vertical, horizontal = GRID.cells()
    for _, orient, k, direction in EXITS:
        if orient == "v":
            ys = range(0, MARGIN_N) if direction == "north" else range(GRID_Y1, TOWN_H)
            vertical.update((STREET_XS[k] + i, y) for i in range(STREET) for y in ys)
        else:
            xs = range(0, MARGIN_W) if direction == "west" else range(GRID_X1, TOWN_W)
            horizontal.update((x, STREET_YS[k] + j) for j in range(STREET) for x in xs)
    return vertical, horizontal


def _river_cells() -> set[tuple[int, int]]:
    """A three-to-four-tile river meandering north-south through the eastern countryside."""
    cells: set[tuple[int, int]] = set()
    for y in range(TOWN_H):
        cx = RIVER_X + round(1.4 * math.sin(y / 9.0) + 0.7 * math.sin(y / 4.0 + 1.3))
        width = 5 if math.sin(y / 6.5) > 0.4 else 4
        cells.update((cx + i, y) for i in range(-2, width - 2))
    return cells


def _pond_cells() -> set[tuple[int, int]]:
    """An oval pond in the northern woods."""
    cx, cy, rx, ry = 27.5, 3.2, 5.0, 2.0
    return {(x, y) for y in range(TOWN_H) for x in range(TOWN_W)
            if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0}


def _manhattan(points: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Cells of a path through waypoints, going along x then along y between each pair."""
    cells: set[tuple[int, int]] = set()
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        step = 1 if x1 >= x0 else -1
        cells.update((x, y0) for x in range(x0, x1 + step, step))
        step = 1 if y1 >= y0 else -1
        cells.update((x1, y) for y in range(y0, y1 + step, step))
    return cells


def _wander(points: list[tuple[int, int]], rng: random.Random,
            box: tuple[int, int, int, int]) -> set[tuple[int, int]]:
    """A trail through waypoints that wobbles sideways every few tiles, kept inside ``box``."""
    x_lo, y_lo, x_hi, y_hi = box
    route = [points[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        steps = max(abs(x1 - x0), abs(y1 - y0)) // 4
        for i in range(1, steps):
            t = i / steps
            jx = rng.randint(-1, 1) if abs(y1 - y0) > abs(x1 - x0) else 0
            jy = rng.randint(-1, 1) if abs(x1 - x0) >= abs(y1 - y0) else 0
            route.append((min(max(round(x0 + (x1 - x0) * t) + jx, x_lo), x_hi),
                          min(max(round(y0 + (y1 - y0) * t) + jy, y_lo), y_hi)))
        route.append((x1, y1))
    return _manhattan(route)


def _trail_cells(rng: random.Random) -> set[tuple[int, int]]:
    """Dirt trails through the countryside: round the pond, along the river, in the woods."""
    sx1, sx2, sx3 = STREET_XS[1], STREET_XS[2], STREET_XS[3]
    north = (1, 1, TOWN_W - 2, MARGIN_N - 2)
    south = (1, GRID_Y1 + 1, TOWN_W - 2, TOWN_H - 2)
    west = (1, 1, MARGIN_W - 2, TOWN_H - 2)
    pond_loop = _wander([(sx1 - 1, MARGIN_N - 1), (sx1 - 1, 6), (35, 6), (35, 2)], rng, north) \
        | _wander([(sx1 - 2, 6), (20, 6), (20, 2)], rng, north)
    woods_north = _wander([(sx2 + 8, MARGIN_N - 1), (sx2 + 8, 3), (sx3 + 10, 3),
                           (sx3 + 10, MARGIN_N - 1)], rng, north)
    river_walk = _manhattan([(GRID_X1, STREET_YS[3] + 6), (GRID_X1 + 1, STREET_YS[3] + 6),
                             (GRID_X1 + 1, GRID_Y1 + 3), (sx3 + STREET, GRID_Y1 + 3)])
    south_woods = _wander([(sx1 + 6, GRID_Y1), (sx1 + 6, GRID_Y1 + 3), (sx2 + 2, GRID_Y1 + 3),
                           (sx2 + 2, GRID_Y1)], rng, south)
    west_walk = _wander([(MARGIN_W - 1, STREET_YS[1] + 6), (3, STREET_YS[1] + 6),
                         (3, STREET_YS[3] - 4), (MARGIN_W - 1, STREET_YS[3] - 4)], rng, west)
    return pond_loop | woods_north | river_walk | south_woods | west_walk


def build_town(prefabs: dict[str, TileMap], seed: int = SEED) -> TileMap:
    """The whole town: countryside, streets, 16 lots, and the starting buildings stamped."""
    rng = random.Random(seed)
    town = TileMap.blank(TOWN_W, TOWN_H, {
        "name": TOWN_NAME, "lot_width": LOT_W, "lot_height": LOT_H, "street_width": STREET,
        "layout": f"{GRID.cols}x{GRID.rows} lots of {LOT_W}x{LOT_H} tiles between "
                  f"{STREET}-tile streets; grid top-left at ({MARGIN_W},{MARGIN_N}); "
                  "see maps/make_town.py"})
    vertical, horizontal = _street_cells()
    streets = vertical | horizontal
    river = _river_cells() - streets
    pond = _pond_cells()
    water = river | pond
    trails = _trail_cells(rng) - streets - water

    kinds = [["grass"] * TOWN_W for _ in range(TOWN_H)]
    for x, y in water:
        kinds[y][x] = "water"
    for x, y in trails:
        kinds[y][x] = "path"
    for x, y in streets:
        kinds[y][x] = "street"
    links = [[k in ("path", "street") for k in row] for row in kinds]
    is_water = [[k == "water" for k in row] for row in kinds]
    bridge = {(x, y) for x, y in streets if x >= GRID_X1}
    for x, y in bridge:
        is_water[y][x] = True  # the river flows on under the bridge
    for y in range(TOWN_H):
        for x in range(TOWN_W):
            k = kinds[y][x]
            if k == "street":
                tile = GRID.tile(x, y, vertical, horizontal)
            elif k == "water":
                tile = autotile_name("water", is_water, x, y, True)
            elif k == "path":
                tile = autotile_name("path", links, x, y, False)
            else:
                tile = wild_grass(seed + 17, x, y)
            town.set("ground", x, y, tile)
    _bridge_rails(town, river)

    lot_cells: set[tuple[int, int]] = set()
    for row in range(1, GRID.rows + 1):
        for col in range(1, GRID.cols + 1):
            lx, ly = GRID.lot_origin(col, row)
            town.groups["lots"].append(MapObject(f"lot {col},{row}", lx, ly, LOT_W, LOT_H,
                                                 {"col": col, "row": row}))
            lot_cells.update((lx + x, ly + y) for y in range(LOT_H) for x in range(LOT_W))
    _countryside(town, rng, kinds, lot_cells, streets, water, trails)
    GRID.lamps(town)

    built = {(p.col, p.row): p for p in STARTING_BUILDINGS}
    for lot in town.groups["lots"]:
        col, row = int(lot.props["col"]), int(lot.props["row"])
        plot = built.get((col, row))
        if plot:
            stamp(prefabs[plot.building_type], town, lot, plot.name,
                  mirror=plot.mirror, roof=plot.roof)
        else:
            for_sale(town, lot, seed)

    for name, orient, k, direction in EXITS:
        if orient == "v":
            x = STREET_XS[k] + 1.5
            y = 0.5 if direction == "north" else TOWN_H - 0.5
        else:
            y = STREET_YS[k] + 1.5
            x = 0.5 if direction == "west" else TOWN_W - 0.5
        town.groups["spawns"].append(MapObject(name, x, y, props={"kind": "edge"}, point=True))
    cx, cy = STREET_XS[2] + STREET - 0.5, STREET_YS[2] + STREET - 0.5
    town.groups["spawns"].append(MapObject("crossroads", cx, cy, props={"kind": "plaza"},
                                           point=True))
    return town


def _bridge_rails(town: TileMap, river: set[tuple[int, int]]) -> None:
    """Fence rails along both sides of the bridge where the east road crosses the river."""
    sy = STREET_YS[next(e[2] for e in EXITS if e[3] == "east")]
    for x in range(GRID_X1, TOWN_W):
        for y in (sy - 1, sy + STREET):
            if (x, y) in river:
                town.set("furniture", x, y, "fence_h")


def _countryside(town: TileMap, rng: random.Random, kinds: list[list[str]],
                 lot_cells: set[tuple[int, int]], streets: set[tuple[int, int]],
                 water: set[tuple[int, int]], trails: set[tuple[int, int]]) -> None:
    """Woods, bushes, rocks and lamps outside the street grid, leaving a grass verge."""
    near_street = {(x + dx, y + dy) for x, y in streets for dx in (-1, 0, 1)
                   for dy in (-1, 0, 1)}
    near_trail = {(x + dx, y + dy) for x, y in trails | water for dx in (-1, 0, 1)
                  for dy in (-1, 0, 1)}
    taken: set[tuple[int, int]] = set()

    def free(cells: Iterable[tuple[int, int]], trunk: bool) -> bool:
        for c in cells:
            x, y = c
            if not (0 <= x < TOWN_W and 0 <= y < TOWN_H) or c in taken or c in lot_cells \
                    or c in streets or c in water:
                return False
            if trunk and (c in near_street or c in near_trail):
                return False
        return True

    # Lamps on the outer verge of the ring street, every eight tiles.
    for x in range(MARGIN_W + 2, GRID_X1 - 2, 8):
        for y in (MARGIN_N - 1, GRID_Y1):
            if free([(x, y), (x, y - 1)], trunk=False) and kinds[y][x] == "grass" \
                    and kinds[y - 1][x] == "grass":
                town.set("furniture", x, y, "lamp_post")
                town.set("above", x, y - 1, "lamp_post_top")
                taken.update({(x, y), (x, y - 1)})
    for y in range(MARGIN_N + 2, GRID_Y1 - 2, 8):
        for x in (MARGIN_W - 1, GRID_X1):
            if free([(x, y), (x, y - 1)], trunk=False) and kinds[y][x] == "grass":
                town.set("furniture", x, y, "lamp_post")
                town.set("above", x, y - 1, "lamp_post_top")
                taken.update({(x, y), (x, y - 1)})

    cells = [(x, y) for y in range(1, TOWN_H) for x in range(TOWN_W)]
    rng.shuffle(cells)
    for x, y in cells:
        density = 0.45 + 0.5 * value_noise(SEED + 99, x, y, 6.0)
        if rng.random() > density:
            continue
        kind = rng.random()
        if kind < 0.3:
            trunks = [(x, y), (x + 1, y)]
            crowns = [(x, y - 1), (x + 1, y - 1)]
            if free(trunks + crowns, trunk=False) and free(trunks, trunk=True):
                town.set("furniture", x, y, "tree_big_bl")
                town.set("furniture", x + 1, y, "tree_big_br")
                town.set("above", x, y - 1, "tree_big_tl")
                town.set("above", x + 1, y - 1, "tree_big_tr")
                taken.update(trunks + crowns)
            continue
        if kind < 0.8:
            trunk, crown = ("tree_trunk", "tree_top") if kind < 0.55 else ("pine_trunk", "pine_top")
            if free([(x, y), (x, y - 1)], trunk=False) and free([(x, y)], trunk=True):
                town.set("furniture", x, y, trunk)
                town.set("above", x, y - 1, crown)
                taken.update({(x, y), (x, y - 1)})
            continue
        if kind < 0.88 and free([(x, y)], trunk=True):
            town.set("furniture", x, y, rng.choice(("bush", "bush", "bush", "rock", "stump")))
            taken.add((x, y))
        elif free([(x, y)], trunk=False) and kinds[y][x] == "grass":
            town.set("ground", x, y, rng.choice(("grass_flowers_0", "grass_flowers_1",
                                                 "grass_tuft")))


