"""Generate Tinytown's Tiled maps: the building prefabs and the town that is stamped from them.

Run ``python maps/make_town.py`` from the repository root. It reads tile names from
``maps/town.tsx`` (written by ``assets/make_art.py``), resolves every name it needs to a
GID afresh, and writes ``maps/prefabs/<type>.tmx`` and ``maps/town.tmx`` (Tiled 1.10,
CSV layers). The output is fully deterministic: running it again reproduces the files
byte for byte, even when the tileset was regenerated with new tile ids.

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

Prefabs are lot-sized maps (24 x 16) with the town's layers; ``stamp`` copies one onto a lot.
The runtime game stamps the same files the same way (see ``maps/prefabs/README.md``).
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import sys
import xml.etree.ElementTree as ET
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------- constants

TILE = 16
LOT_W, LOT_H = 24, 16
STREET = 5
GRID = 4
MARGIN_W, MARGIN_N, MARGIN_E, MARGIN_S = 7, 7, 12, 6
GRID_W = GRID * LOT_W + (GRID + 1) * STREET
GRID_H = GRID * LOT_H + (GRID + 1) * STREET
TOWN_W = MARGIN_W + GRID_W + MARGIN_E
TOWN_H = MARGIN_N + GRID_H + MARGIN_S
TOWN_NAME = "Tinytown"
SEED = 1977

TILE_LAYERS = ("ground", "floor", "walls", "furniture", "above", "roofs")
OBJECT_LAYERS = ("places", "objects", "lots", "spawns")
NON_BLOCKING_LAYERS = ("above", "roofs")
USES = ("sleep", "eat", "cook", "coffee", "work", "shop", "relax", "read", "exercise",
        "study", "play", "wash")
BUILDING_TYPES = ("home", "apartment", "cafe", "restaurant", "store", "office", "park",
                  "gym", "library", "school")
ROOF_COLOURS = ("red", "blue", "green", "brown", "purple")

MAPS_DIR = Path(__file__).resolve().parent

Grid = list[list[str | None]]
Props = dict[str, str | int | bool]


class MapError(Exception):
    """A map, prefab or tileset problem, with a message that says what to fix."""


# ---------------------------------------------------------------------------- tileset


@dataclass(frozen=True)
class Tileset:
    """Tile names of ``town.tsx`` and which of them block walking."""

    path: Path
    gid_by_name: dict[str, int]
    name_by_gid: dict[int, str]
    colliding: frozenset[str]

    @classmethod
    def load(cls, path: Path, firstgid: int = 1) -> Tileset:
        """Parse a .tsx file; every tile must carry a string property ``name``."""
        if not path.exists():
            raise MapError(f"{path} does not exist yet: run assets/make_art.py first, "
                           "it writes the tileset this generator reads tile names from")
        root = ET.parse(path).getroot()
        gid_by_name: dict[str, int] = {}
        colliding: set[str] = set()
        for tile in root.iter("tile"):
            props = {p.get("name"): p.get("value") for p in tile.iter("property")}
            name = props.get("name")
            if not name:
                continue
            gid_by_name.setdefault(name, firstgid + int(tile.get("id", "0")))
            if str(props.get("collide", "false")).lower() == "true":
                colliding.add(name)
        return cls(path, gid_by_name, {g: n for n, g in gid_by_name.items()},
                   frozenset(colliding))

    def require(self, names: Iterable[str]) -> None:
        """Fail with one message listing every needed tile name the tileset lacks."""
        missing = sorted(set(names) - set(self.gid_by_name))
        if missing:
            raise MapError(f"{self.path} lacks tile names the maps need: {', '.join(missing)}. "
                           "Add them in assets/make_art.py (tile property 'name').")


# ---------------------------------------------------------------------------- map model


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

    def tile_names(self) -> set[str]:
        """Every tile name used by any layer."""
        return {n for grid in self.layers.values() for row in grid for n in row if n}

    def blocked(self, colliding: frozenset[str]) -> list[list[bool]]:
        """Contract rule: a cell blocks when any layer but above/roofs holds a colliding tile."""
        out = [[False] * self.width for _ in range(self.height)]
        for layer, grid in self.layers.items():
            if layer in NON_BLOCKING_LAYERS:
                continue
            for y, row in enumerate(grid):
                for x, name in enumerate(row):
                    if name in colliding:
                        out[y][x] = True
        return out


# ---------------------------------------------------------------------------- TMX I/O


def _prop_xml(parent: ET.Element, props: Props) -> None:
    if not props:
        return
    node = ET.SubElement(parent, "properties")
    for key in sorted(props):
        value = props[key]
        attrs = {"name": key}
        if isinstance(value, bool):
            attrs["type"] = "bool"
            attrs["value"] = "true" if value else "false"
        elif isinstance(value, int):
            attrs["type"] = "int"
            attrs["value"] = str(value)
        else:
            attrs["value"] = str(value)
        ET.SubElement(node, "property", attrs)


def _px(v: float) -> str:
    n = v * TILE
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def write_tmx(tmap: TileMap, path: Path, tileset: Tileset) -> None:
    """Write a map as Tiled 1.10 TMX with CSV layers, referencing ``town.tsx`` relatively."""
    tileset.require(tmap.tile_names())
    n_layers = len(TILE_LAYERS) + len(OBJECT_LAYERS)
    n_objects = sum(len(v) for v in tmap.groups.values())
    root = ET.Element("map", {
        "version": "1.10", "tiledversion": "1.10.2", "orientation": "orthogonal",
        "renderorder": "right-down", "width": str(tmap.width), "height": str(tmap.height),
        "tilewidth": str(TILE), "tileheight": str(TILE), "infinite": "0",
        "nextlayerid": str(n_layers + 1), "nextobjectid": str(n_objects + 1)})
    _prop_xml(root, tmap.properties)
    rel = Path(_relpath(tileset.path, path.parent))
    ET.SubElement(root, "tileset", {"firstgid": "1", "source": rel.as_posix()})
    layer_id = 0
    for name in TILE_LAYERS:
        layer_id += 1
        node = ET.SubElement(root, "layer", {"id": str(layer_id), "name": name,
                                             "width": str(tmap.width),
                                             "height": str(tmap.height)})
        rows = [",".join(str(tileset.gid_by_name[n]) if n else "0" for n in row)
                for row in tmap.layers[name]]
        data = ET.SubElement(node, "data", {"encoding": "csv"})
        data.text = "\n" + ",\n".join(rows) + "\n"
    object_id = 0
    for name in OBJECT_LAYERS:
        layer_id += 1
        group = ET.SubElement(root, "objectgroup", {"id": str(layer_id), "name": name})
        for obj in tmap.groups[name]:
            object_id += 1
            attrs = {"id": str(object_id), "name": obj.name, "x": _px(obj.x), "y": _px(obj.y)}
            if not obj.point:
                attrs["width"] = _px(obj.w)
                attrs["height"] = _px(obj.h)
            node = ET.SubElement(group, "object", attrs)
            _prop_xml(node, obj.props)
            if obj.point:
                ET.SubElement(node, "point")
    ET.indent(root, space=" ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def _relpath(target: Path, start: Path) -> str:
    return os.path.relpath(target.resolve(), start.resolve())


def _parse_props(node: ET.Element) -> Props:
    out: Props = {}
    props = node.find("properties")
    if props is None:
        return out
    for p in props.findall("property"):
        kind, value = p.get("type", "string"), p.get("value", "")
        name = p.get("name", "")
        if kind == "int":
            out[name] = int(value)
        elif kind == "bool":
            out[name] = value == "true"
        else:
            out[name] = value
    return out


def read_tmx(path: Path, tileset: Tileset) -> TileMap:
    """Read a TMX written by ``write_tmx`` (CSV layers, one tileset) back into tile names."""
    root = ET.parse(path).getroot()
    tmap = TileMap.blank(int(root.get("width", "0")), int(root.get("height", "0")),
                         _parse_props(root))
    tileset_node = root.find("tileset")
    if tileset_node is None:
        raise MapError(f"{path}: the map names no tileset")
    firstgid = int(tileset_node.get("firstgid", "1"))
    for layer in root.findall("layer"):
        name = layer.get("name", "")
        data = layer.find("data")
        if data is None or data.get("encoding") != "csv" or name not in tmap.layers:
            raise MapError(f"{path}: layer {name!r} must be a CSV-encoded contract layer")
        values = [int(v) for v in (data.text or "").replace("\n", "").split(",") if v]
        for i, raw in enumerate(values):
            gid = raw & 0x0FFFFFFF
            if gid:
                tile = tileset.name_by_gid.get(gid - 1 + firstgid)
                if tile is None:
                    raise MapError(f"{path}: GID {gid} has no named tile in {tileset.path}")
                tmap.layers[name][i // tmap.width][i % tmap.width] = tile
    for group in root.findall("objectgroup"):
        objs = tmap.groups.setdefault(group.get("name", ""), [])
        for node in group.findall("object"):
            objs.append(MapObject(
                node.get("name", ""), float(node.get("x", "0")) / TILE,
                float(node.get("y", "0")) / TILE, float(node.get("width", "0")) / TILE,
                float(node.get("height", "0")) / TILE, _parse_props(node),
                node.find("point") is not None))
    return tmap


# ---------------------------------------------------------------------------- noise & autotiles


def _hash01(seed: int, *parts: int) -> float:
    """A stable pseudo-random number in [0, 1) for a cell (no global random state)."""
    key = ",".join(str(p) for p in (seed, *parts)).encode()
    return zlib.crc32(key) / 2**32


def _value_noise(seed: int, x: int, y: int, scale: float) -> float:
    """Smooth value noise in [0, 1): bilinear blend of hashed lattice values."""
    fx, fy = x / scale, y / scale
    x0, y0 = math.floor(fx), math.floor(fy)
    tx, ty = fx - x0, fy - y0
    tx, ty = tx * tx * (3 - 2 * tx), ty * ty * (3 - 2 * ty)
    a, b = _hash01(seed, x0, y0), _hash01(seed, x0 + 1, y0)
    c, d = _hash01(seed, x0, y0 + 1), _hash01(seed, x0 + 1, y0 + 1)
    return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty


def grass_tile(seed: int, x: int, y: int, details: bool = True) -> str:
    """Grass variant from seeded noise, with sparse flowers and tufts when ``details``."""
    n = 0.65 * _value_noise(seed, x, y, 5.0) + 0.35 * _value_noise(seed + 7, x, y, 2.0)
    if details:
        r = _hash01(seed + 13, x, y)
        if r < 0.018:
            return "grass_flowers_0" if r < 0.009 else "grass_flowers_1"
        if r < 0.05:
            return "grass_tuft"
    if n < 0.50:
        return "grass_0"
    if n < 0.64:
        return "grass_1"
    if n < 0.76:
        return "grass_2"
    return "grass_3"


def wild_grass(seed: int, x: int, y: int) -> str:
    """Unmown grass: like ``grass_tile`` but with patches of wildflowers and tall tufts."""
    meadow = _value_noise(seed + 41, x, y, 4.0)
    r = _hash01(seed + 3, x, y)
    if meadow > 0.62 and r < 0.35:
        return "grass_flowers_0" if r < 0.17 else "grass_flowers_1"
    if meadow > 0.55 and r < 0.5:
        return "grass_tuft"
    if r < 0.02:
        return "grass_flowers_0" if r < 0.01 else "grass_flowers_1"
    return grass_tile(seed, x, y)


def autotile_mask(is_same: list[list[bool]], x: int, y: int, outside: bool) -> int:
    """4-bit mask of same-terrain neighbours (N=1, E=2, S=4, W=8); ``outside`` for off-grid."""
    h, w = len(is_same), len(is_same[0])
    mask = 0
    for bit, (dx, dy) in ((1, (0, -1)), (2, (1, 0)), (4, (0, 1)), (8, (-1, 0))):
        nx, ny = x + dx, y + dy
        same = is_same[ny][nx] if 0 <= nx < w and 0 <= ny < h else outside
        if same:
            mask |= bit
    return mask


def autotile_name(kind: str, is_same: list[list[bool]], x: int, y: int, outside: bool) -> str:
    """``<kind>_<mask>``, or ``<kind>_<mask>_n<notch>`` where an inner bend needs a notch.

    A notch corner (NE=1, SE=2, SW=4, NW=8) is one whose two sides connect but whose
    diagonal neighbour is other terrain; the tileset draws it as an inner bend.
    """
    mask = autotile_mask(is_same, x, y, outside)
    h, w = len(is_same), len(is_same[0])
    notch = 0
    for bit, (a, b), (dx, dy) in ((1, (1, 2), (1, -1)), (2, (2, 4), (1, 1)),
                                  (4, (4, 8), (-1, 1)), (8, (8, 1), (-1, -1))):
        nx, ny = x + dx, y + dy
        diagonal = is_same[ny][nx] if 0 <= nx < w and 0 <= ny < h else outside
        if mask & a and mask & b and not diagonal:
            notch |= bit
    return f"{kind}_{mask}_n{notch}" if notch else f"{kind}_{mask}"


# ---------------------------------------------------------------------------- prefab language
#
# A prefab is drawn as 16 strings of 24 characters (one per lot row). Characters:
#   structure  #  wall_top          F  wall_front_<mat>   W  wall_window_<mat>
#              D  door_<mat>        d  door_inner          g  doorway gap (floor, no wall)
#              I  lintel: walkable doorway under a wall_front drawn on `above` (the upper
#                 storey of a two-row facade, over a front door)
#              N  sign_<type> (hung on a facade, or standing outdoors)
#   A building's facade is its bottom rows without wall_top; the roof covers every row
#   down to the last one holding wall_top, so the facade stays visible.
#   rooms      0-9  floor of a room; the room table gives its arena name and floor tile
#   ground     .  grass   ,  flowery grass   :  dirt path   ~  water   =  paving
#              ;  sand    "  dirt
#   furniture  see ITEM_TILES; outdoors on the ground of their neighbours, indoors on the
#              floor of their room. B/b = bed head/foot, [ ] sofa, < > bench,
#              ( ) { } fountain, && big tree (2 wide), T tree, Y pine, ! lamp post.

STRUCTURE = set("#FWDdgIN")
GROUND_CHARS = {".": "grass", ",": "flowers", ":": "path", "~": "water", "=": "sidewalk",
                ";": "sand", '"': "dirt"}
ITEM_TILES: dict[str, str] = {
    "B": "bed_top", "b": "bed_bottom", "h": "chair", "t": "table", "o": "table_round",
    "n": "dining_table", "k": "counter", "$": "counter_register", "S": "stove", "O": "oven",
    "R": "fridge", "w": "sink", "M": "coffee_machine", "L": "shelf_books",
    "G": "shelf_goods_0", "H": "shelf_goods_1", "v": "display_case", "V": "tv",
    "p": "plant_pot", "l": "lamp", "A": "wardrobe", "U": "bathtub", "Q": "toilet",
    "[": "sofa_l", "]": "sofa_r", "z": "stool", "m": "mat", "u": "rug", "e": "desk",
    "C": "computer", "Z": "treadmill", "X": "weights", "K": "blackboard",
    "j": "school_desk", "x": "crate", "q": "barrel", "P": "piano", "(": "fountain_tl",
    ")": "fountain_tr", "{": "fountain_bl", "}": "fountain_br", "*": "bush", "%": "hedge",
    "T": "tree_trunk", "Y": "pine_trunk", "&": "tree_big_bl", "@": "flowerbed_0",
    "a": "flowerbed_1", "-": "fence_h", "|": "fence_v", "+": "fence_post", "!": "lamp_post",
    "?": "mailbox", "r": "rock", "_": "stump", "<": "bench_l", ">": "bench_r",
}
# Tiles drawn one row up, on the `above` layer (tree crowns, lamp heads).
CROWNS = {"T": "tree_top", "Y": "pine_top", "!": "lamp_post_top"}
SEATS = set("hz[]<>")

# char -> (object name, use, capacity rule). Rules: "one"; "cells" = one per tile;
# "seats" = number of seat tiles (chair, stool, sofa, bench) touching it.
OBJECT_CATALOG: dict[str, tuple[str, str, str]] = {
    "B": ("bed", "sleep", "one"),
    "n": ("dining table", "eat", "seats"),
    "t": ("table", "eat", "seats"),
    "o": ("table", "eat", "seats"),
    "k": ("kitchen counter", "cook", "one"),
    "$": ("register", "shop", "one"),
    "S": ("stove", "cook", "cells"),
    "O": ("oven", "cook", "one"),
    "R": ("fridge", "eat", "one"),
    "w": ("sink", "wash", "one"),
    "M": ("coffee machine", "coffee", "cells"),
    "L": ("bookshelf", "read", "cells"),
    "G": ("shelf", "shop", "cells"),
    "v": ("display case", "shop", "cells"),
    "V": ("tv", "relax", "one"),
    "U": ("bathtub", "wash", "one"),
    "Q": ("toilet", "wash", "one"),
    "[": ("sofa", "relax", "cells"),
    "<": ("bench", "relax", "cells"),
    "e": ("desk", "work", "seats"),
    "C": ("computer", "work", "seats"),
    "Z": ("treadmill", "exercise", "cells"),
    "X": ("weights", "exercise", "cells"),
    "m": ("exercise mat", "exercise", "cells"),
    "K": ("blackboard", "work", "one"),
    "j": ("school desk", "study", "seats"),
    "P": ("piano", "play", "one"),
    "(": ("fountain", "relax", "cells"),
}
# Characters that form one object together: the second char continues the first's object.
OBJECT_GROUP = {"H": "G", ")": "(", "{": "(", "}": "("}
# Two-tile objects that pair exactly: head char -> (tail char, dx, dy).
PAIRS = {"B": ("b", 0, 1), "[": ("]", 1, 0), "<": (">", 1, 0)}


@dataclass(frozen=True)
class Extra:
    """An object with no furniture of its own (a pond, a sandbox), in lot tiles."""

    name: str
    use: str
    x: int
    y: int
    w: int
    h: int
    capacity: int = 1


@dataclass(frozen=True)
class Prefab:
    """The drawing and the metadata of one building type."""

    building_type: str
    name: str
    material: str
    roof: str
    rooms: dict[str, tuple[str, str]]
    plan: tuple[str, ...]
    footprint: str
    overrides: dict[str, tuple[str, str]] = field(default_factory=dict)
    outdoor_arenas: tuple[tuple[str, int, int, int, int], ...] = ()
    extras: tuple[Extra, ...] = ()
    chimney: tuple[int, int] | None = None
    roof_splits: tuple[int, ...] = ()
    awnings: tuple[tuple[int, int, int], ...] = ()
    plazas: tuple[tuple[str, int, int], ...] = ()
    seed: int = 0


def _components(cells: set[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """4-connected components of a cell set, in a stable order."""
    seen: set[tuple[int, int]] = set()
    out: list[list[tuple[int, int]]] = []
    for start in sorted(cells, key=lambda c: (c[1], c[0])):
        if start in seen:
            continue
        comp, queue = [], deque([start])
        seen.add(start)
        while queue:
            x, y = queue.popleft()
            comp.append((x, y))
            for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if (nx, ny) in cells and (nx, ny) not in seen:
                    seen.add((nx, ny))
                    queue.append((nx, ny))
        out.append(sorted(comp, key=lambda c: (c[1], c[0])))
    return out


def _bbox(cells: Iterable[tuple[int, int]]) -> tuple[int, int, int, int]:
    xs, ys = zip(*cells, strict=True)
    return min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def compile_prefab(pf: Prefab) -> TileMap:
    """Turn a prefab drawing into a lot-sized TileMap with places, objects and roofs."""
    where = f"prefab {pf.building_type!r}"
    plan = [list(row) for row in pf.plan]
    if len(plan) != LOT_H or any(len(r) != LOT_W for r in plan):
        bad = [i for i, r in enumerate(plan) if len(r) != LOT_W]
        raise MapError(f"{where}: plan must be {LOT_H} rows of {LOT_W} chars (rows {bad})")
    known = STRUCTURE | set(GROUND_CHARS) | set(ITEM_TILES) | set("0123456789")
    for y, row in enumerate(plan):
        for x, c in enumerate(row):
            if c not in known:
                raise MapError(f"{where}: unknown char {c!r} at ({x},{y})")
    mat, btype = pf.material, pf.building_type
    tmap = TileMap.blank(LOT_W, LOT_H, {"building_type": btype, "name": pf.name,
                                        "footprint": pf.footprint})

    def ch(x: int, y: int) -> str:
        return plan[y][x] if 0 <= x < LOT_W and 0 <= y < LOT_H else "."

    # Regions: 4-connected areas between walls and doors; a room has digits, outdoors has none.
    open_cells = {(x, y) for y in range(LOT_H) for x in range(LOT_W)
                  if plan[y][x] not in STRUCTURE}
    room_of: dict[tuple[int, int], str] = {}
    outdoor: set[tuple[int, int]] = set()
    for comp in _components(open_cells):
        digits = {plan[y][x] for x, y in comp if plan[y][x].isdigit()}
        grounds = {plan[y][x] for x, y in comp if plan[y][x] in GROUND_CHARS}
        if len(digits) > 1:
            raise MapError(f"{where}: rooms {sorted(digits)} leak into each other near {comp[0]}")
        if digits and grounds:
            raise MapError(f"{where}: room {digits.pop()} leaks outdoors near {comp[0]}")
        if digits:
            digit = digits.pop()
            if digit not in pf.rooms:
                raise MapError(f"{where}: room {digit} has no entry in the room table")
            for c in comp:
                room_of[c] = digit
        else:
            outdoor.update(comp)

    def outdoor_ground(x: int, y: int) -> str:
        """Ground under an outdoor item: the most common neighbouring ground (never a path)."""
        votes: dict[str, int] = {}
        for nx, ny in ((x, y - 1), (x + 1, y), (x, y + 1), (x - 1, y)):
            g = GROUND_CHARS.get(ch(nx, ny))
            if g and g not in ("water", "flowers", "path"):
                votes[g] = votes.get(g, 0) + 1
        return max(sorted(votes), key=lambda k: votes[k]) if votes else "grass"

    ground_kind = [["grass"] * LOT_W for _ in range(LOT_H)]
    for x, y in outdoor:
        c = plan[y][x]
        ground_kind[y][x] = GROUND_CHARS[c] if c in GROUND_CHARS else outdoor_ground(x, y)
    doors = {(x, y) for y in range(LOT_H) for x in range(LOT_W) if plan[y][x] == "D"}
    _paint_ground(tmap, ground_kind, seed=pf.seed, border_connects=True, doors=doors)

    # Floors of rooms, doors and gaps.
    def neighbour_room(x: int, y: int) -> str | None:
        """The room a door or gap opens on, looking through the gap in front of a door."""
        for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
            nx, ny = x + dx, y + dy
            while ch(nx, ny) in "DdgI" and (nx, ny) not in room_of:
                nx, ny = nx + dx, ny + dy
            if (nx, ny) in room_of:
                return room_of[(nx, ny)]
        return None

    for (x, y), digit in room_of.items():
        tmap.set("floor", x, y, pf.rooms[digit][1])
    structure_tiles = {"#": "wall_top", "F": f"wall_front_{mat}", "W": f"wall_window_{mat}",
                       "D": f"door_{mat}", "d": "door_inner", "N": f"sign_{btype}"}
    for y in range(LOT_H):
        for x in range(LOT_W):
            c = plan[y][x]
            if c == "N":
                # Signs are boards with a transparent background: hang them over the
                # facade (a wall tile stays beneath) or stand them on the grass.
                on_facade = bool({ch(x - 1, y), ch(x + 1, y)} & set("FWD"))
                if on_facade:
                    tmap.set("walls", x, y, f"wall_front_{mat}")
                tmap.set("furniture", x, y, structure_tiles["N"])
            elif c in "FW" and (x, y + 1) in room_of:
                # A north wall seen from inside its room (shown when the roof is cut away).
                tmap.set("walls", x, y, "wall_inner_front" if c == "F" else "wall_inner_window")
            elif c in structure_tiles:
                if c in "Dd":
                    digit = neighbour_room(x, y)
                    if digit is None:
                        raise MapError(f"{where}: door or gap at ({x},{y}) opens on no room")
                    tmap.set("floor", x, y, pf.rooms[digit][1])
                tmap.set("walls", x, y, structure_tiles[c])
            elif c in "gI":
                digit = neighbour_room(x, y)
                if digit is None:
                    raise MapError(f"{where}: gap at ({x},{y}) opens on no room")
                tmap.set("floor", x, y, pf.rooms[digit][1])
                if c == "I":
                    tmap.set("above", x, y, f"wall_front_{mat}")

    # Furniture, nature and their crowns.
    for y in range(LOT_H):
        x = 0
        while x < LOT_W:
            c = plan[y][x]
            if c == "&":
                if ch(x + 1, y) != "&" or y == 0:
                    raise MapError(f"{where}: big tree at ({x},{y}) needs '&&' and a row above")
                tmap.set("furniture", x, y, "tree_big_bl")
                tmap.set("furniture", x + 1, y, "tree_big_br")
                tmap.set("above", x, y - 1, "tree_big_tl")
                tmap.set("above", x + 1, y - 1, "tree_big_tr")
                x += 2
                continue
            if c in ITEM_TILES:
                tmap.set("furniture", x, y, ITEM_TILES[c])
                if c in CROWNS:
                    if y == 0:
                        raise MapError(f"{where}: {c!r} at ({x},{y}) needs a row above")
                    tmap.set("above", x, y - 1, CROWNS[c])
            x += 1

    # Places: the sector is the whole lot; rooms and outdoor arenas are arenas.
    places = tmap.groups["places"]
    places.append(MapObject(pf.name, 0, 0, LOT_W, LOT_H,
                            {"kind": "sector", "building_type": btype}))
    for digit in sorted(pf.rooms):
        cells = [c for c, d in room_of.items() if d == digit]
        if not cells:
            raise MapError(f"{where}: room {digit} is in the table but not drawn")
        bx, by, bw, bh = _bbox(cells)
        places.append(MapObject(pf.rooms[digit][0], bx, by, bw, bh, {"kind": "arena"}))
    for name, ax, ay, aw, ah in pf.outdoor_arenas:
        places.append(MapObject(name, ax, ay, aw, ah, {"kind": "arena"}))
    names = [p.name for p in places if p.props["kind"] == "arena"]
    if len(names) != len(set(names)):
        raise MapError(f"{where}: arena names must be unique: {names}")

    tmap.groups["objects"].extend(_derive_objects(pf, plan))
    for ex in pf.extras:
        tmap.groups["objects"].append(MapObject(ex.name, ex.x, ex.y, ex.w, ex.h,
                                                {"use": ex.use, "capacity": ex.capacity}))
    for name, px, py in pf.plazas:
        tmap.groups["spawns"].append(MapObject(name, px + 0.5, py + 0.5,
                                               props={"kind": "plaza"}, point=True))

    _roof_buildings(tmap, pf, plan, room_of)
    for x0, x1, y in pf.awnings:
        for x in range(x0, x1 + 1):
            part = "awning_l" if x == x0 else "awning_r" if x == x1 else "awning_c"
            tmap.set("above", x, y, part)
    return tmap


def _derive_objects(pf: Prefab, plan: list[list[str]]) -> list[MapObject]:
    """Objects from furniture: beds, sofas, benches pair up; other runs of a char merge."""
    where = f"prefab {pf.building_type!r}"
    catalog = dict(OBJECT_CATALOG)
    for c, (name, use) in pf.overrides.items():
        rule = catalog[c][2] if c in catalog else "one"
        catalog[c] = (name, use, rule)

    def at(x: int, y: int) -> str:
        return plan[y][x] if 0 <= x < LOT_W and 0 <= y < LOT_H else " "

    found: list[tuple[str, list[tuple[int, int]]]] = []
    by_key: dict[str, set[tuple[int, int]]] = {}
    for y in range(LOT_H):
        for x in range(LOT_W):
            c = plan[y][x]
            if c in PAIRS:
                tail, dx, dy = PAIRS[c]
                if at(x + dx, y + dy) != tail:
                    raise MapError(f"{where}: {c!r} at ({x},{y}) needs {tail!r} beside it")
                found.append((c, [(x, y), (x + dx, y + dy)]))
            else:
                key = OBJECT_GROUP.get(c, c)
                if key in catalog and key not in PAIRS:
                    by_key.setdefault(key, set()).add((x, y))
    for key in sorted(by_key):
        for comp in _components(by_key[key]):
            found.append((key, comp))
    found.sort(key=lambda item: (item[1][0][1], item[1][0][0]))

    objects: list[MapObject] = []
    for key, cells in found:
        name, use, rule = catalog[key]
        if use not in USES:
            raise MapError(f"{where}: use {use!r} of {name!r} is not a contract use")
        bx, by, bw, bh = _bbox(cells)
        if rule == "cells":
            capacity = len(cells)
        elif rule == "seats":
            seats = {(nx, ny) for x, y in cells
                     for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1))
                     if at(nx, ny) in SEATS}
            capacity = max(1, len(seats))
        else:
            capacity = 1
        props: Props = {"use": use}
        if capacity != 1:
            props["capacity"] = capacity
        objects.append(MapObject(name, bx, by, bw, bh, props))
    return objects


NORTH_SLOPE = {"tl", "t", "tr", "l", "c", "r"}


def _roof_buildings(tmap: TileMap, pf: Prefab, plan: list[list[str]],
                    room_of: dict[tuple[int, int], str]) -> None:
    """Cover each building with 9-part roofs down to its last wall_top row.

    The facade rows below stay open. ``roof_splits`` start a new roof section at those
    x positions, so a long building reads as a main block and a wing.
    """
    cells = {(x, y) for y in range(LOT_H) for x in range(LOT_W)
             if plan[y][x] in STRUCTURE} | set(room_of)
    for comp in _components(cells):
        bx, by, bw, bh = _bbox(comp)
        tops = [y for x, y in comp if plan[y][x] == "#"]
        if bw < 3 or bh < 3 or not tops:
            continue
        y1 = max(tops)
        edges = [bx] + [s for s in pf.roof_splits if bx < s < bx + bw] + [bx + bw]
        # A gable ridge two fifths of the way down (the south slope faces the viewer and
        # looks longer); homes get dormers on it, other buildings skylights on the north side.
        ridge = by + (y1 - by) * 2 // 5 if y1 - by >= 4 else None
        homely = pf.building_type in ("home", "apartment")
        for x0, x_end in itertools.pairwise(edges):
            x1 = x_end - 1
            details: dict[tuple[int, int], str] = {}
            if ridge is not None and x1 - x0 >= 4:
                for x in range(x0, x1 + 1):
                    details[(x, ridge)] = "ridge_" + ("l" if x == x0 else "r" if x == x1 else "c")
                w = x1 - x0 + 1
                xs = [x0 + w // 2] if w < 10 else [x0 + w // 3, x1 - w // 3]
                y = (ridge + y1 + 1) // 2 if homely else (by + ridge) // 2
                if by < y < y1 and y != ridge:
                    for x in xs:
                        details[(x, y)] = "dormer" if homely else "skylight"
            for y in range(by, y1 + 1):
                for x in range(x0, x1 + 1):
                    v = "t" if y == by else "b" if y == y1 else ""
                    h = "l" if x == x0 else "r" if x == x1 else ""
                    part = details.get((x, y)) or (v + h) or "c"
                    if ridge is not None and y < ridge and part in NORTH_SLOPE:
                        part = "n_" + part
                    tmap.set("roofs", x, y, f"roof_{pf.roof}_{part}")
    if pf.chimney:
        # The chimney is drawn with a transparent background, so it stands on the roof's
        # top edge (the row above the roof) instead of replacing a roof tile.
        cx, cy = pf.chimney
        if tmap.get("roofs", cx, cy + 1) is None or tmap.get("roofs", cx, cy) is not None:
            raise MapError(f"prefab {pf.building_type!r}: chimney at {pf.chimney} must sit "
                           "just above the roof's top edge")
        tmap.set("roofs", cx, cy, "chimney")


def _paint_ground(tmap: TileMap, kinds: list[list[str]], seed: int,
                  border_connects: bool, doors: set[tuple[int, int]] | None = None) -> None:
    """Fill the ground layer from terrain kinds, autotiling paths and water.

    A path links to paths, paving and front doors, and continues off the edge of a lot
    (``border_connects``) because every lot is ringed by sidewalks; water never leaves a
    lot, so ponds get banks all round.
    """
    h, w = len(kinds), len(kinds[0])
    is_water = [[k == "water" for k in row] for row in kinds]
    path_links = [[k in ("path", "sidewalk") or (x, y) in (doors or set())
                   for x, k in enumerate(row)] for y, row in enumerate(kinds)]
    for y in range(h):
        for x in range(w):
            k = kinds[y][x]
            if k == "path":
                on_edge = x in (0, w - 1) or y in (0, h - 1)
                tmap.set("ground", x, y,
                         autotile_name("path", path_links, x, y, border_connects and on_edge))
            elif k == "water":
                tmap.set("ground", x, y, autotile_name("water", is_water, x, y, False))
            elif k == "sidewalk":
                tmap.set("ground", x, y, "sidewalk")
            elif k == "sand":
                tmap.set("ground", x, y, "sand")
            elif k == "dirt":
                tmap.set("ground", x, y, "dirt_0" if _hash01(seed, x, y) < 0.7 else "dirt_1")
            elif k == "flowers":
                tmap.set("ground", x, y,
                         "grass_flowers_0" if _hash01(seed + 5, x, y) < 0.5 else "grass_flowers_1")
            else:
                tmap.set("ground", x, y, grass_tile(seed, x, y))


# ---------------------------------------------------------------------------- prefab designs
# Every plan is a 24 x 16 lot; the street runs along the bottom edge, where the front door
# and its path are. Comments give each building's footprint in lot tiles.

HOME = Prefab(
    building_type="home", name="Home", material="wood", roof="red", seed=11,
    footprint="house 18x14 at (2,1); front door (7,14) faces the south sidewalk; "
              "bedrooms north, living room and kitchen south; garden east with a bench",
    rooms={"1": ("main bedroom", "floor_wood"), "2": ("small bedroom", "floor_carpet_blue"),
           "3": ("bathroom", "floor_tile"), "4": ("living room", "floor_wood_dark"),
           "5": ("kitchen", "floor_checker")},
    overrides={"e": ("desk", "study")},
    outdoor_arenas=(("garden", 20, 8, 4, 8),),
    chimney=(15, 0), roof_splits=(13,),
    plan=(
        "....,.......,.....,...,.",
        ".*##################.T..",
        "..#FWFFWF#FWFWF#FWF#....",
        "..#BBl1pA#B2e2B#UwQ#.,..",
        "..#bb1111#b2h2b#333#....",
        "..#11u111#22222#333#.&&.",
        "..#11111p#2222A#p33#....",
        "..####g#####g#####g#.,..",
        "..#FFFdFFFFFd#FFFFd#....",
        "..#L4V444l4P4#RSkw5#@a@.",
        "..#44u4444444d5hh55#....",
        "..#4[]4444444#hnnh5#....",
        "..#p444444444#5hh5p#.<>.",
        "..FWWFFIFWWFFWWFFWWF...*",
        "..FWWFNDFWWFFWWFFWWF.,..",
        "----+,?:,@a@,.*.........",
    ))

APARTMENT = Prefab(
    building_type="apartment", name="Apartments", material="brick", roof="blue", seed=12,
    roof_splits=(6, 11, 16),
    footprint="terrace of four flats 21x14 at (1,1); each flat has its own front door "
              "(x=4, 9, 14, 19 on row 14), a bedroom with three beds and a kitchen",
    rooms={"1": ("flat A bedroom", "floor_wood"), "2": ("flat A kitchen", "floor_tile"),
           "3": ("flat B bedroom", "floor_carpet_red"), "4": ("flat B kitchen", "floor_checker"),
           "5": ("flat C bedroom", "floor_wood_dark"), "6": ("flat C kitchen", "floor_tile"),
           "7": ("flat D bedroom", "floor_carpet_blue"), "8": ("flat D kitchen", "floor_checker")},
    plan=(
        "..,.........,......,....",
        ".#####################..",
        ".#FWWF#FWWF#FWWF#FWWF#.Y",
        ".#BB1B#BB3B#BB5B#BB7B#..",
        ".#bb1b#bb3b#bb5b#bb7b#.,",
        ".#1111#3333#5555#7777#..",
        ".#A11l#A33l#A55l#A77l#.Y",
        ".###g####g####g####g##..",
        ".#FFdF#FFdF#FFdF#FFdF#..",
        ".#SR2w#SR4w#SR6w#SR8w#*.",
        ".#222V#444V#666V#888V#..",
        ".#hnh2#hnh4#hnh6#hnh8#.Y",
        ".#ph22#ph44#ph66#ph88#..",
        ".FWFIWFWFIWWWFIWFWFIWF.*",
        ".FWFDWFWFDWNWFDWFWFDWF..",
        "*.@a:a@,.:@a@.:,@a.:@a.*",
    ))

CAFE = Prefab(
    building_type="cafe", name="Cafe", material="plaster", roof="brown", seed=13,
    footprint="cafe 15x14 at (1,1); front door (5,14); bar with coffee machines along the "
              "back wall, kitchen and pantry east; paved terrace with tables at x 16-23",
    rooms={"1": ("dining room", "floor_wood"), "2": ("kitchen", "floor_tile"),
           "3": ("pantry", "floor_stone")},
    overrides={"k": ("counter", "coffee"), "$": ("register", "coffee"),
               "o": ("cafe table", "eat")},
    outdoor_arenas=(("terrace", 16, 7, 8, 9),),
    awnings=((1, 3, 14), (6, 9, 14)), roof_splits=(10,),
    plan=(
        "....,......,.........,..",
        ".###############..T...Y.",
        ".#FWFWFWFW#FWWF#.@a@....",
        ".#MMkk$111#ROSw#........",
        ".#11111111#2222#..&&..*.",
        ".#11111111d2222#........",
        ".#1hoh1hoh#x22q#.,...,..",
        ".#11111111##g###========",
        ".#1hoh1hoh#FdFF#=hoh=hoh",
        ".#11111111#x3xq#========",
        ".#1hoh11P1#3333#=hoh=p=p",
        ".#11111111#q33x#========",
        ".#p111111p#xx3q#=!====*=",
        ".FWWFIFWWWFFWWFF========",
        ".FWWNDWWWWFFWWFF========",
        ".,@a@:a@,.......========",
    ))

RESTAURANT = Prefab(
    building_type="restaurant", name="Restaurant", material="brick", roof="red", seed=14,
    footprint="restaurant 20x13 at (1,2); front door (7,14); carpeted dining room west, "
              "kitchen and restroom east; delivery yard behind",
    rooms={"1": ("dining room", "floor_carpet_red"), "2": ("kitchen", "floor_tile"),
           "3": ("restroom", "floor_checker")},
    awnings=((2, 4, 14), (8, 11, 14)), roof_splits=(14,),
    plan=(
        "..q.x......,.......,....",
        ".xqx....*.......&&..Y...",
        ".####################...",
        ".#FWWFWWFWWFWF#FWWWF#...",
        ".#1P11111111p1#SSOwR#.T.",
        ".#111111111111#22222#...",
        ".#1hh11hh11hh1d2kk22#...",
        ".#1nn11nn11nn1#x222q#...",
        ".#1hh11hh11hh1#######.*.",
        ".#111111111111#FFFFF#...",
        ".#1hoh11hoh1p1#Q3w3Q#...",
        ".#111111111111d33333#.&&",
        ".#p1111111111p#p333p#...",
        ".FWWWFFIFWWWFWWWFWWWF...",
        ".FWWWFNDFWWWFWWWFWWWF...",
        "..@a@*.:.*@a@.,...,..!..",
    ))

STORE = Prefab(
    building_type="store", name="Store", material="wood", roof="green", seed=15,
    footprint="store 17x13 at (1,2); front door (6,14); shop floor with shelf aisles and "
              "a till, storeroom east; fruit stall on paving at x 18-22",
    rooms={"1": ("shop floor", "floor_wood"), "3": ("storeroom", "floor_stone")},
    overrides={"k": ("counter", "shop")},
    outdoor_arenas=(("fruit stall", 18, 12, 5, 4),),
    awnings=((1, 4, 14), (7, 10, 14)), roof_splits=(13,),
    plan=(
        "...........,.........,..",
        ".xxq..,.........*..&&...",
        ".#################.,....",
        ".#FWWFWWFWWFW#FWF#......",
        ".#GGHHG1HHGGv#xxq#..T...",
        ".#11111111111d333#......",
        ".#1GG1HH1GG11#q3x#..*...",
        ".#11111111111#333#......",
        ".#1HH1GG1vv11#x3x#......",
        ".#11111111111#333#..&&..",
        ".#1111111k$k1#q3q#......",
        ".#11111111111#333#......",
        ".#p111111111p#xqx#=====.",
        ".FWWWFIFWWWFFFWWFF=vvx=.",
        ".FWWWNDFWWWFFFWWFF=====.",
        "..,@a@:a@,........=====.",
    ))

OFFICE = Prefab(
    building_type="office", name="Office", material="brick", roof="blue", seed=16,
    roof_splits=(14,),
    footprint="office 20x14 at (1,1); front door (7,14); open office with six desk pairs "
              "and a meeting room north, reception and break room south",
    rooms={"1": ("open office", "floor_office"), "2": ("meeting room", "floor_carpet_blue"),
           "3": ("reception", "floor_stone"), "4": ("break room", "floor_wood")},
    overrides={"t": ("meeting table", "work"), "K": ("whiteboard", "work"),
               "C": ("computer desk", "work"), "e": ("reception desk", "work")},
    plan=(
        "......,.........,.......",
        ".####################...",
        ".#FWWFWWFWWFWW#FWWWF#.T.",
        ".#CC1CC1CC11LL#2phhK#...",
        ".#hh1hh1hh1111d2htth#.*.",
        ".#hh1hh1hh111p#22hh2#...",
        ".#CC1CC1CC11p1#p2222#.T.",
        ".######g#############...",
        ".#FFFFFdFFFF#FFFFFFF#...",
        ".#p[]333eC3p#M4wR444#.&&",
        ".#333333hh33d4444444#...",
        ".#3333333333#44hoh44#.*.",
        ".#[]3333p33p#p4[]44V#...",
        ".FWWWFFIFWWWFWWWFWWWF...",
        ".FWWWFNDFWWWFWWWFWWWF...",
        "..@a@*.:.*@a@a.......!..",
    ))

PARK = Prefab(
    building_type="park", name="Park", material="wood", roof="green", seed=17,
    footprint="open park over the whole lot: fountain square in the middle, pond north-east, "
              "playground south-west, picnic lawn south-east; paths reach all four sidewalks",
    rooms={},
    overrides={"t": ("picnic table", "eat")},
    outdoor_arenas=(("flower garden", 0, 0, 6, 7), ("pond", 14, 0, 10, 7),
                    ("fountain square", 6, 5, 8, 6), ("playground", 0, 11, 9, 5),
                    ("picnic lawn", 14, 10, 10, 6)),
    extras=(Extra("sandbox", "play", 1, 11, 4, 2, 4), Extra("pond", "relax", 14, 1, 7, 4, 4)),
    plazas=(("fountain square", 10, 10),),
    plan=(
        "%%%%%%%%%::%%%%%%%%%%%%%",
        "......T..::....~~~~~....",
        "..&&.....::...~~~~~~~...",
        ".@a@a....::...~~~~~~~<>.",
        ".<>......::....~~~~~....",
        "..*...========..<>.<>..T",
        "......=<>==<>=..........",
        "::::::===()===::::::::::",
        "::::::==={}===::::::::::",
        "..,...=<>==<>=........,.",
        ".&&...========..&&...Y..",
        ";;;;;;;..::....._.......",
        ";;;;;;;..::...ztz..@a@..",
        ";;_;;_;..::.....ztz.....",
        ";;;;;;;..::..@a@...*....",
        ".<>;;;;..::N%%%%%%%%%%%%",
    ))

GYM = Prefab(
    building_type="gym", name="Gym", material="plaster", roof="purple", seed=18,
    roof_splits=(14,),
    footprint="gym 18x14 at (2,1); front door (8,14); workout hall with treadmills, weights "
              "and mats west, locker room with showers and a front desk east",
    rooms={"1": ("workout hall", "floor_wood"), "2": ("locker room", "floor_tile"),
           "3": ("front desk", "floor_stone")},
    overrides={"U": ("shower", "wash"), "k": ("front desk", "work"), "$": ("register", "work")},
    plan=(
        "....,........,......,...",
        "..##################.Y..",
        "..#FWWFWWFWWWF#FWWF#....",
        "..#ZZZZ11XX1XX#UwwU#....",
        "..#11111111111#2222#.*..",
        "..#1mm11mm1111d2222#....",
        "..#11111111111#<>2A#....",
        "..#11111111111######.Y..",
        "..#11mm11mm111#FFFF#....",
        "..#11111111111#kk$3#....",
        "..#1Z1Z1Z11111d3333#.&&.",
        "..#11111111111#3333#....",
        "..#p111111<>1p#p33p#....",
        "..FWWWFFIFWWWFFWWWWF....",
        "..FWWWFNDFWWWFFWWWWF....",
        ".@a@,...:.,@a@..........",
    ))

LIBRARY = Prefab(
    building_type="library", name="Library", material="brick", roof="brown", seed=19,
    roof_splits=(15,),
    footprint="library 22x14 at (1,1); front door (8,14); reading hall with shelves and "
              "reading tables west, study room and children's corner east",
    rooms={"1": ("reading hall", "floor_wood_dark"), "2": ("study room", "floor_carpet_blue"),
           "3": ("children's corner", "floor_carpet_red")},
    overrides={"t": ("reading table", "read"), "e": ("study desk", "study"),
               "C": ("librarian's desk", "work")},
    plan=(
        "...,.......,.......,....",
        ".######################.",
        ".#FWWFWWFWWFWWF#FWWWWF#.",
        ".#LLLL1LLLL1LLL#LL2LL2#.",
        ".#1111111111111#222222#.",
        ".#1LLL11LLL11p1d2eh2eh#.",
        ".#1111111111111#222222#.",
        ".#1htth1htth111########.",
        ".#1111111111111#FFFFFF#.",
        ".#1htth1htth111#LL3LL3#.",
        ".#1111111111111d3u33u3#.",
        ".#p1111111111C1#33u333#.",
        ".#11111111111h1#3333p3#.",
        ".FWWWFFFIFWWWFFWWWWFWWF.",
        ".FWWWFFNDFWWWFFWWWWFWWF.",
        "*@a@,...:..,@a@a@..,.*.!",
    ))

SCHOOL = Prefab(
    building_type="school", name="School", material="plaster", roof="red", seed=20,
    roof_splits=(10,),
    footprint="school 18x14 at (1,1); front door (9,14); classroom and music room north, "
              "hallway with lockers south; dirt schoolyard east",
    rooms={"1": ("classroom", "floor_wood"), "2": ("music room", "floor_wood_dark"),
           "3": ("hallway", "floor_checker")},
    overrides={"e": ("teacher's desk", "work")},
    outdoor_arenas=(("schoolyard", 19, 5, 5, 11),),
    plan=(
        "....,.........,.........",
        ".##################.T...",
        ".#FWWFWWFW#FWWFWWF#.....",
        ".#1KK11e11#P22KK2p#.&&..",
        ".#11111h11#h222222#.....",
        '.#jj1jj1jj#2zz2zz2#.""""',
        '.#hh1hh1hh#2222222#"""""',
        '.#11111111#2222222#"<>""',
        '.#####g#######g####"""""',
        '.#FFFFdFFFFFFFdFFF#"""""',
        '.#AA333AA33AA33AA3#""_""',
        '.#3333333333333333#"""""',
        '.#p33[]33333[]33p3#"<>""',
        '.FWWWFWWFIFWWWFWWWF"""""',
        '.FWWWFWWNDFWWWFWWWF"""""',
        '..@a@,...:.,@a@...."""""',
    ))

PREFABS: tuple[Prefab, ...] = (HOME, APARTMENT, CAFE, RESTAURANT, STORE, OFFICE, PARK, GYM,
                               LIBRARY, SCHOOL)


# ---------------------------------------------------------------------------- stamping

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


def stamp(prefab: TileMap, town: TileMap, lot: MapObject, name: str | None = None, *,
          mirror: bool = False, roof: str | None = None) -> None:
    """Copy a prefab onto a lot of the town (pure data, no pygame).

    Every tile layer's cells inside the lot are replaced by the prefab's, empty cells
    included, so the lot shows exactly the prefab. Places, objects and spawns are moved by
    the lot's top-left corner; the sector takes ``name`` when given. ``mirror`` flips the
    prefab left-right (tiles with _l/_r parts and autotile masks are swapped so pictures
    stay whole); ``roof`` repaints the roof in another colour.
    """
    if (prefab.width, prefab.height) != (int(lot.w), int(lot.h)):
        raise MapError(f"prefab {prefab.properties.get('building_type')} is "
                       f"{prefab.width}x{prefab.height}, lot {lot.name} is {lot.w}x{lot.h}")
    if roof is not None and roof not in ROOF_COLOURS:
        raise MapError(f"roof colour {roof!r} is not one of {ROOF_COLOURS}")
    lx, ly = int(lot.x), int(lot.y)
    for layer in TILE_LAYERS:
        for y in range(prefab.height):
            for x in range(prefab.width):
                sx = prefab.width - 1 - x if mirror else x
                tile = prefab.layers[layer][y][sx]
                if tile and mirror:
                    tile = mirror_tile(tile)
                if tile and roof:
                    tile = recolour_roof(tile, roof)
                town.set(layer, lx + x, ly + y, tile)
    for group in ("places", "objects", "spawns"):
        for obj in prefab.groups.get(group, []):
            moved = obj.moved(lx, ly)
            if mirror:
                moved.x = lx + prefab.width - (obj.x + obj.w)
            if group == "places" and name and obj.props.get("kind") == "sector":
                moved.name = name
            town.groups[group].append(moved)


# ---------------------------------------------------------------------------- the town


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
STREET_XS = tuple(MARGIN_W + k * (LOT_W + STREET) for k in range(GRID + 1))
STREET_YS = tuple(MARGIN_N + k * (LOT_H + STREET) for k in range(GRID + 1))
GRID_X1 = MARGIN_W + GRID_W
GRID_Y1 = MARGIN_N + GRID_H
RIVER_X = GRID_X1 + 5


def lot_origin(col: int, row: int) -> tuple[int, int]:
    """Top-left tile of lot (col, row), both 1-based."""
    return (MARGIN_W + STREET + (col - 1) * (LOT_W + STREET),
            MARGIN_N + STREET + (row - 1) * (LOT_H + STREET))


def _street_cells() -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Cells of vertical and horizontal streets, exits included."""
    vertical: set[tuple[int, int]] = set()
    horizontal: set[tuple[int, int]] = set()
    for sx in STREET_XS:
        vertical.update((sx + i, y) for i in range(STREET) for y in range(MARGIN_N, GRID_Y1))
    for sy in STREET_YS:
        horizontal.update((x, sy + j) for j in range(STREET) for x in range(MARGIN_W, GRID_X1))
    for _, orient, k, direction in EXITS:
        if orient == "v":
            ys = range(0, MARGIN_N) if direction == "north" else range(GRID_Y1, TOWN_H)
            vertical.update((STREET_XS[k] + i, y) for i in range(STREET) for y in ys)
        else:
            xs = range(0, MARGIN_W) if direction == "west" else range(GRID_X1, TOWN_W)
            horizontal.update((x, STREET_YS[k] + j) for j in range(STREET) for x in xs)
    return vertical, horizontal


def _street_tile(x: int, y: int, vertical: set[tuple[int, int]],
                 horizontal: set[tuple[int, int]]) -> str:
    """Street surface at a street cell: sidewalks, lanes with a centre line, crossings."""
    vx = (x - MARGIN_W) % (LOT_W + STREET)
    hy = (y - MARGIN_N) % (LOT_H + STREET)
    if (x, y) in vertical and (x, y) in horizontal:
        v_lane, h_lane = 0 < vx < STREET - 1, 0 < hy < STREET - 1
        if v_lane and h_lane:
            four_way = all(c in vertical for c in ((x, y - hy - 1), (x, y - hy + STREET))) \
                and all(c in horizontal for c in ((x - vx - 1, y), (x - vx + STREET, y)))
            centre = vx == hy == STREET // 2
            return "road_cross" if four_way and centre else "road"
        if v_lane:
            beyond = (x, y - 1) if hy == 0 else (x, y + 1)
            return "crosswalk_v" if beyond in vertical else "sidewalk"
        if h_lane:
            beyond = (x - 1, y) if vx == 0 else (x + 1, y)
            return "crosswalk_h" if beyond in horizontal else "sidewalk"
        return "sidewalk"
    if (x, y) in vertical:
        return "sidewalk" if vx in (0, STREET - 1) else ("road_line_v" if vx == 2 else "road")
    return "sidewalk" if hy in (0, STREET - 1) else ("road_line_h" if hy == 2 else "road")


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
        "layout": f"{GRID}x{GRID} lots of {LOT_W}x{LOT_H} tiles between {STREET}-tile streets; "
                  f"grid top-left at ({MARGIN_W},{MARGIN_N}); see maps/make_town.py"})
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
                tile = _street_tile(x, y, vertical, horizontal)
            elif k == "water":
                tile = autotile_name("water", is_water, x, y, True)
            elif k == "path":
                tile = autotile_name("path", links, x, y, False)
            else:
                tile = wild_grass(seed + 17, x, y)
            town.set("ground", x, y, tile)
    _bridge_rails(town, river)

    lot_cells: set[tuple[int, int]] = set()
    for row in range(1, GRID + 1):
        for col in range(1, GRID + 1):
            lx, ly = lot_origin(col, row)
            town.groups["lots"].append(MapObject(f"lot {col},{row}", lx, ly, LOT_W, LOT_H,
                                                 {"col": col, "row": row}))
            lot_cells.update((lx + x, ly + y) for y in range(LOT_H) for x in range(LOT_W))
    _countryside(town, rng, kinds, lot_cells, streets, water, trails)
    _street_lamps(town)

    built = {(p.col, p.row): p for p in STARTING_BUILDINGS}
    for lot in town.groups["lots"]:
        col, row = int(lot.props["col"]), int(lot.props["row"])
        plot = built.get((col, row))
        if plot:
            stamp(prefabs[plot.building_type], town, lot, plot.name,
                  mirror=plot.mirror, roof=plot.roof)
        else:
            _for_sale(town, lot, seed)

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
        density = 0.45 + 0.5 * _value_noise(SEED + 99, x, y, 6.0)
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


def _for_sale(town: TileMap, lot: MapObject, seed: int) -> None:
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


def _street_lamps(town: TileMap) -> None:
    """Lamp posts on the sidewalks, two per block side, away from corners and crossings.

    They stand on the sidewalk at the back of a lot (the fronts, with the doors, stay
    clear), and the lamp head drawn one row up falls on the street, never on a lot.
    """
    for k in range(GRID + 1):
        y = STREET_YS[k] + STREET - 1
        for col in range(1, GRID + 1):
            lx, _ = lot_origin(col, 1)
            for x in (lx + 5, lx + LOT_W - 6):
                town.set("furniture", x, y, "lamp_post")
                town.set("above", x, y - 1, "lamp_post_top")
        x = STREET_XS[k] + STREET - 1
        if k < GRID:
            for row in range(1, GRID + 1):
                _, ly = lot_origin(1, row)
                for y in (ly + 4, ly + LOT_H - 3):
                    town.set("furniture", x, y, "lamp_post")
                    town.set("above", x, y - 1, "lamp_post_top")


# ---------------------------------------------------------------------------- validation


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


# ---------------------------------------------------------------------------- main


def generate(maps_dir: Path = MAPS_DIR) -> TileMap:
    """Write all prefabs and the town into ``maps_dir``; return the town."""
    tileset = Tileset.load(maps_dir / "town.tsx")
    compiled = {pf.building_type: compile_prefab(pf) for pf in PREFABS}
    town_draft = build_town(compiled)
    tileset.require(set().union(*(m.tile_names() for m in compiled.values()),
                                town_draft.tile_names()))
    for btype, tmap in compiled.items():
        check_map(tmap, tileset, lot_border(LOT_W, LOT_H), f"prefab {btype}")
        write_tmx(tmap, maps_dir / "prefabs" / f"{btype}.tmx", tileset)
    # The town is stamped from the prefab files as written, like the game will do.
    from_files = {btype: read_tmx(maps_dir / "prefabs" / f"{btype}.tmx", tileset)
                  for btype in compiled}
    town = build_town(from_files)
    if town.layers != town_draft.layers:
        raise MapError("prefab files do not read back as written")
    edges = [(int(s.x), int(s.y)) for s in town.groups["spawns"] if s.props["kind"] == "edge"]
    for start in edges:
        check_map(town, tileset, [start], f"town from spawn {start}")
    write_tmx(town, maps_dir / "town.tmx", tileset)
    return town


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python maps/make_town.py [--maps-dir DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps-dir", type=Path, default=MAPS_DIR,
                        help="folder holding town.tsx; prefabs/ and town.tmx are written there")
    args = parser.parse_args(argv)
    try:
        town = generate(args.maps_dir)
    except MapError as exc:
        print(f"make_town: {exc}", file=sys.stderr)
        return 1
    sectors = [p for p in town.groups["places"] if p.props.get("kind") == "sector"]
    print(f"wrote {args.maps_dir / 'town.tmx'} ({town.width}x{town.height}, "
          f"{len(sectors)} buildings, {len(town.groups['objects'])} objects) "
          f"and {len(PREFABS)} prefabs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
