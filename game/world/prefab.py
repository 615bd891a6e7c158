"""Maps as tile names, and stamping: how a building prefab lands on a lot.

Pure data (no pygame, no pytmx): the map generator builds the town with it and the game
places a building the mayor orders with the very same ``place`` function.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from dataclasses import dataclass, field

from game.contracts import OBJECT_LAYERS, OVERHEAD_LAYERS, ROOF_COLOURS, TILE_LAYERS

Grid = list[list[str | None]]
Props = dict[str, str | int | bool]


class MapError(Exception):
    """A map, prefab or tileset that cannot be used; the message names the file and the fix."""


@dataclass
class MapObject:
    """A Tiled object in tile units: a rectangle, or a point when ``point`` is set."""

    name: str
    x: float
    y: float
    w: float = 0
    h: float = 0
    props: Props = field(default_factory=dict)
    point: bool = False

    def moved(self, dx: float, dy: float) -> MapObject:
        """A copy shifted by (dx, dy) tiles."""
        return MapObject(self.name, self.x + dx, self.y + dy, self.w, self.h,
                         dict(self.props), self.point)

    def contains(self, other: MapObject) -> bool:
        """True when ``other`` lies inside this rectangle (edges included)."""
        return (self.x <= other.x and self.y <= other.y
                and other.x + other.w <= self.x + self.w
                and other.y + other.h <= self.y + self.h)

    def cells(self) -> Iterator[tuple[int, int]]:
        """Tile cells covered by this rectangle."""
        for y in range(int(self.y), int(self.y + self.h)):
            for x in range(int(self.x), int(self.x + self.w)):
                yield x, y


@dataclass
class TileMap:
    """A map held as tile names (not GIDs), so it is independent of tile ids."""

    width: int
    height: int
    properties: Props = field(default_factory=dict)
    layers: dict[str, Grid] = field(default_factory=dict)
    groups: dict[str, list[MapObject]] = field(default_factory=dict)

    @classmethod
    def blank(cls, width: int, height: int, properties: Props | None = None) -> TileMap:
        """An empty map with the contract's tile and object layers."""
        return cls(width, height, dict(properties or {}),
                   {name: [[None] * width for _ in range(height)] for name in TILE_LAYERS},
                   {name: [] for name in OBJECT_LAYERS})

    def get(self, layer: str, x: int, y: int) -> str | None:
        """Tile name at (x, y) in a layer; None outside the map or for an empty cell."""
        if 0 <= x < self.width and 0 <= y < self.height:
            return self.layers[layer][y][x]
        return None

    def set(self, layer: str, x: int, y: int, name: str | None) -> None:
        """Put a tile name (or clear the cell) in a layer."""
        self.layers[layer][y][x] = name

    def tile_names(self) -> builtins.set[str]:  # the method set() shadows the builtin here
        """Every tile name used by any layer."""
        return {n for grid in self.layers.values() for row in grid for n in row if n}

    def blocked(self, colliding: frozenset[str]) -> list[list[bool]]:
        """Contract rule: a cell blocks when any layer but above/roofs holds a colliding tile."""
        out = [[False] * self.width for _ in range(self.height)]
        for layer, grid in self.layers.items():
            if layer in OVERHEAD_LAYERS:
                continue
            for y, row in enumerate(grid):
                for x, name in enumerate(row):
                    if name in colliding:
                        out[y][x] = True
        return out

    def paste(self, placement: Placement) -> None:
        """Write a placed prefab: its lot's cells (empty ones included) and its objects."""
        for layer, grid in placement.layers.items():
            for y, row in enumerate(grid):
                for x, tile in enumerate(row):
                    self.set(layer, placement.x + x, placement.y + y, tile)
        for group, objects in placement.groups.items():
            self.groups[group].extend(objects)


_MIRROR_SUFFIXES = (("_tl", "_tr"), ("_tr", "_tl"), ("_bl", "_br"), ("_br", "_bl"),
                    ("_l", "_r"), ("_r", "_l"))


def mirror_tile(name: str) -> str:
    """The tile that shows ``name`` mirrored left-right: swap _l/_r parts and E/W mask bits."""
    for prefix in ("path_", "water_"):
        rest, _, notch = name[len(prefix):].partition("_n")
        if name.startswith(prefix) and rest.isdigit():
            m = int(rest)
            mirrored = f"{prefix}{(m & 5) | ((m & 2) << 2) | ((m & 8) >> 2)}"
            if not notch:
                return mirrored
            n = int(notch)  # NE<->NW, SE<->SW
            return f"{mirrored}_n{((n & 1) << 3) | ((n & 8) >> 3) | ((n & 2) << 1) | ((n & 4) >> 1)}"
    for old, new in _MIRROR_SUFFIXES:
        if name.endswith(old):
            return name[: -len(old)] + new
    return name


def recolour_roof(name: str, colour: str) -> str:
    """``roof_<c>_<part>`` in another colour; any other tile unchanged."""
    parts = name.split("_")
    if len(parts) >= 3 and parts[0] == "roof" and parts[1] in ROOF_COLOURS:
        return "_".join(["roof", colour, *parts[2:]])
    return name


@dataclass
class Placement:
    """A prefab as it lands on a lot: lot-sized tile layers and objects in map tiles."""

    x: int
    y: int
    layers: dict[str, Grid]
    groups: dict[str, list[MapObject]]


def place(prefab: TileMap, lot: MapObject, name: str | None = None, *,
          mirror: bool = False, roof: str | None = None) -> Placement:
    """How a prefab lands on a lot; the generator and the game both place buildings with it.

    Every tile layer's cells replace the lot's, empty cells included, so the lot shows
    exactly the prefab. Places, objects and spawns move by the lot's top-left corner; the
    sector takes ``name`` when given. ``mirror`` flips the prefab left-right (tiles with
    _l/_r parts and autotile masks are swapped so pictures stay whole); ``roof`` repaints
    the roof in another colour.
    """
    if (prefab.width, prefab.height) != (int(lot.w), int(lot.h)):
        raise MapError(f"prefab {prefab.properties.get('building_type')} is "
                       f"{prefab.width}x{prefab.height}, lot {lot.name} is {lot.w:g}x{lot.h:g}")
    if roof is not None and roof not in ROOF_COLOURS:
        raise MapError(f"roof colour {roof!r} is not one of {ROOF_COLOURS}")
    lx, ly = int(lot.x), int(lot.y)
    layers: dict[str, Grid] = {}
    for layer in TILE_LAYERS:
        grid = prefab.layers[layer]
        rows: Grid = []
        for row in grid:
            cells = row[::-1] if mirror else row
            rows.append([_dressed(tile, mirror, roof) for tile in cells])
        layers[layer] = rows
    groups: dict[str, list[MapObject]] = {}
    for group in ("places", "objects", "spawns"):
        moved_objects = []
        for obj in prefab.groups.get(group, []):
            moved = obj.moved(lx, ly)
            if mirror:
                moved.x = lx + prefab.width - (obj.x + obj.w)
            if group == "places" and name and obj.props.get("kind") == "sector":
                moved.name = name
            moved_objects.append(moved)
        groups[group] = moved_objects
    return Placement(lx, ly, layers, groups)


def _dressed(tile: str | None, mirror: bool, roof: str | None) -> str | None:
    if tile and mirror:
        tile = mirror_tile(tile)
    if tile and roof:
        tile = recolour_roof(tile, roof)
    return tile


def stamp(prefab: TileMap, town: TileMap, lot: MapObject, name: str | None = None, *,
          mirror: bool = False, roof: str | None = None) -> None:
    """Place a prefab on a lot of ``town`` (see ``place``)."""
    town.paste(place(prefab, lot, name, mirror=mirror, roof=roof))
