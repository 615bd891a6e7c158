"""The prefab language: a building drawn as 16 strings of 24 characters, compiled to a lot-sized map.

Plans live as data in ``maps/generator/plans/<type>.json`` (the drawing plus a room table
and a few extras). Characters of a plan:

  structure  #  wall_top          F  wall_front_<mat>   W  wall_window_<mat>
             D  door_<mat>        d  door_inner          g  doorway gap (floor, no wall)
             I  lintel: walkable doorway under a wall_front drawn on `above` (the upper
                storey of a two-row facade, over a front door)
             N  sign_<type> (hung on a facade, or standing outdoors)
  A building's facade is its bottom rows without wall_top; the roof covers every row
  down to the last one holding wall_top, so the facade stays visible.
  rooms      0-9  floor of a room; the room table gives its arena name and floor tile
  ground     .  grass   ,  flowery grass   :  dirt path   ~  water   =  paving
             ;  sand    "  dirt
  furniture  see ITEM_TILES; outdoors on the ground of their neighbours, indoors on the
             floor of their room. B/b = bed head/foot, [ ] sofa, < > bench,
             ( ) { } fountain, && big tree (2 wide), T tree, Y pine, ! lamp post.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from game.contracts import BUILDING_TYPES, HOME_TYPES, LOT_H, LOT_W, USES
from game.world.prefab import MapError, MapObject, Props, TileMap
from maps.generator.terrain import autotile_name, grass_tile, hash01

PLANS_DIR = Path(__file__).resolve().parent / "plans"

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



def load_plan(path: Path) -> Prefab:
    """A prefab from its plan file (JSON: the ``Prefab`` fields, lists for tuples)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Prefab(
            building_type=raw["building_type"], name=raw["name"], material=raw["material"],
            roof=raw["roof"], footprint=raw["footprint"], seed=int(raw.get("seed", 0)),
            rooms={k: (v[0], v[1]) for k, v in raw.get("rooms", {}).items()},
            plan=tuple(raw["plan"]),
            overrides={k: (v[0], v[1]) for k, v in raw.get("overrides", {}).items()},
            outdoor_arenas=tuple((a[0], *map(int, a[1:])) for a in raw.get("outdoor_arenas", [])),
            extras=tuple(Extra(**e) for e in raw.get("extras", [])),
            chimney=tuple(raw["chimney"]) if raw.get("chimney") else None,
            roof_splits=tuple(raw.get("roof_splits", [])),
            awnings=tuple(tuple(a) for a in raw.get("awnings", [])),
            plazas=tuple((p[0], int(p[1]), int(p[2])) for p in raw.get("plazas", [])))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise MapError(f"{path}: not a usable prefab plan ({type(exc).__name__}: {exc})") from None


def load_plans(folder: Path = PLANS_DIR) -> tuple[Prefab, ...]:
    """Every building type's plan, in the contract's order of building types."""
    return tuple(load_plan(folder / f"{btype}.json") for btype in BUILDING_TYPES)


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


class Plan:
    """A prefab drawing as a grid of characters, with what lies beyond its edges."""

    def __init__(self, pf: Prefab) -> None:
        self.where = f"prefab {pf.building_type!r}"
        self.rows = [list(row) for row in pf.plan]
        if len(self.rows) != LOT_H or any(len(r) != LOT_W for r in self.rows):
            bad = [i for i, r in enumerate(self.rows) if len(r) != LOT_W]
            raise MapError(f"{self.where}: plan must be {LOT_H} rows of {LOT_W} chars (rows {bad})")
        known = STRUCTURE | set(GROUND_CHARS) | set(ITEM_TILES) | set("0123456789")
        for y, row in enumerate(self.rows):
            for x, c in enumerate(row):
                if c not in known:
                    raise MapError(f"{self.where}: unknown char {c!r} at ({x},{y})")

    def ch(self, x: int, y: int, outside: str = ".") -> str:
        """The character at (x, y); ``outside`` beyond the lot (grass by default)."""
        return self.rows[y][x] if 0 <= x < LOT_W and 0 <= y < LOT_H else outside

    def cells(self) -> Iterable[tuple[int, int, str]]:
        """Every (x, y, character), row by row."""
        for y, row in enumerate(self.rows):
            for x, c in enumerate(row):
                yield x, y, c


def compile_prefab(pf: Prefab) -> TileMap:
    """Turn a prefab drawing into a lot-sized TileMap with places, objects and roofs."""
    plan = Plan(pf)
    tmap = TileMap.blank(LOT_W, LOT_H, {"building_type": pf.building_type, "name": pf.name,
                                        "footprint": pf.footprint})
    room_of, outdoor = _regions(pf, plan)
    _lay_ground(tmap, pf, plan, outdoor)
    _build_walls(tmap, pf, plan, room_of)
    _furnish(tmap, plan)
    _mark_places(tmap, pf, room_of)
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


def _regions(pf: Prefab, plan: Plan) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]]]:
    """Rooms and outdoors: 4-connected areas between walls and doors; a room has digits."""
    open_cells = {(x, y) for x, y, c in plan.cells() if c not in STRUCTURE}
    room_of: dict[tuple[int, int], str] = {}
    outdoor: set[tuple[int, int]] = set()
    for comp in _components(open_cells):
        digits = {plan.ch(x, y) for x, y in comp if plan.ch(x, y).isdigit()}
        grounds = {plan.ch(x, y) for x, y in comp if plan.ch(x, y) in GROUND_CHARS}
        if len(digits) > 1:
            raise MapError(f"{plan.where}: rooms {sorted(digits)} leak into each other near {comp[0]}")
        if digits and grounds:
            raise MapError(f"{plan.where}: room {digits.pop()} leaks outdoors near {comp[0]}")
        if digits:
            digit = digits.pop()
            if digit not in pf.rooms:
                raise MapError(f"{plan.where}: room {digit} has no entry in the room table")
            for c in comp:
                room_of[c] = digit
        else:
            outdoor.update(comp)
    return room_of, outdoor


def _lay_ground(tmap: TileMap, pf: Prefab, plan: Plan, outdoor: set[tuple[int, int]]) -> None:
    """Outdoor ground; under an outdoor item, the most common neighbouring ground (never a path)."""
    def under_item(x: int, y: int) -> str:
        votes: dict[str, int] = {}
        for nx, ny in ((x, y - 1), (x + 1, y), (x, y + 1), (x - 1, y)):
            g = GROUND_CHARS.get(plan.ch(nx, ny))
            if g and g not in ("water", "flowers", "path"):
                votes[g] = votes.get(g, 0) + 1
        return max(sorted(votes), key=lambda k: votes[k]) if votes else "grass"

    kinds = [["grass"] * LOT_W for _ in range(LOT_H)]
    for x, y in outdoor:
        c = plan.ch(x, y)
        kinds[y][x] = GROUND_CHARS[c] if c in GROUND_CHARS else under_item(x, y)
    doors = {(x, y) for x, y, c in plan.cells() if c == "D"}
    _paint_ground(tmap, kinds, seed=pf.seed, border_connects=True, doors=doors)


def _build_walls(tmap: TileMap, pf: Prefab, plan: Plan, room_of: dict[tuple[int, int], str]) -> None:
    """Floors of rooms, walls, doors, gaps, lintels and signs."""
    mat, where = pf.material, plan.where

    def door_floor(x: int, y: int) -> str:
        """The floor of the room a door or gap opens on (looking through the gap of a door)."""
        for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
            nx, ny = x + dx, y + dy
            while plan.ch(nx, ny) in "DdgI" and (nx, ny) not in room_of:
                nx, ny = nx + dx, ny + dy
            if (nx, ny) in room_of:
                return pf.rooms[room_of[(nx, ny)]][1]
        raise MapError(f"{where}: door or gap at ({x},{y}) opens on no room")

    for (x, y), digit in room_of.items():
        tmap.set("floor", x, y, pf.rooms[digit][1])
    structure_tiles = {"#": "wall_top", "F": f"wall_front_{mat}", "W": f"wall_window_{mat}",
                       "D": f"door_{mat}", "d": "door_inner"}
    for x, y, c in plan.cells():
        if c == "N":
            # Signs are boards with a transparent background: hang them over the
            # facade (a wall tile stays beneath) or stand them on the grass.
            if {plan.ch(x - 1, y), plan.ch(x + 1, y)} & set("FWD"):
                tmap.set("walls", x, y, f"wall_front_{mat}")
            tmap.set("furniture", x, y, f"sign_{pf.building_type}")
        elif c in "FW" and (x, y + 1) in room_of:
            # A north wall seen from inside its room (shown when the roof is cut away).
            tmap.set("walls", x, y, "wall_inner_front" if c == "F" else "wall_inner_window")
        elif c in structure_tiles:
            if c in "Dd":
                tmap.set("floor", x, y, door_floor(x, y))
            tmap.set("walls", x, y, structure_tiles[c])
        elif c in "gI":
            tmap.set("floor", x, y, door_floor(x, y))
            if c == "I":
                tmap.set("above", x, y, f"wall_front_{mat}")


def _furnish(tmap: TileMap, plan: Plan) -> None:
    """Furniture, nature and their crowns (drawn one row up, over villagers)."""
    for y in range(LOT_H):
        x = 0
        while x < LOT_W:
            c = plan.ch(x, y)
            if c == "&":
                if plan.ch(x + 1, y) != "&" or y == 0:
                    raise MapError(f"{plan.where}: big tree at ({x},{y}) needs '&&' and a row above")
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
                        raise MapError(f"{plan.where}: {c!r} at ({x},{y}) needs a row above")
                    tmap.set("above", x, y - 1, CROWNS[c])
            x += 1


def _mark_places(tmap: TileMap, pf: Prefab, room_of: dict[tuple[int, int], str]) -> None:
    """The sector is the whole lot; rooms and outdoor areas are its arenas."""
    where = f"prefab {pf.building_type!r}"
    places = tmap.groups["places"]
    places.append(MapObject(pf.name, 0, 0, LOT_W, LOT_H,
                            {"kind": "sector", "building_type": pf.building_type}))
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


def _derive_objects(pf: Prefab, plan: Plan) -> list[MapObject]:
    """Objects from furniture: beds, sofas, benches pair up; other runs of a char merge."""
    where = plan.where
    catalog = dict(OBJECT_CATALOG)
    for c, (name, use) in pf.overrides.items():
        rule = catalog[c][2] if c in catalog else "one"
        catalog[c] = (name, use, rule)

    def at(x: int, y: int) -> str:
        return plan.ch(x, y, outside=" ")

    found: list[tuple[str, list[tuple[int, int]]]] = []
    by_key: dict[str, set[tuple[int, int]]] = {}
    for x, y, c in plan.cells():
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


def _roof_buildings(tmap: TileMap, pf: Prefab, plan: Plan,
                    room_of: dict[tuple[int, int], str]) -> None:
    """Cover each building with 9-part roofs down to its last wall_top row.

    The facade rows below stay open. ``roof_splits`` start a new roof section at those
    x positions, so a long building reads as a main block and a wing.
    """
    cells = {(x, y) for y in range(LOT_H) for x in range(LOT_W)
             if plan.ch(x, y) in STRUCTURE} | set(room_of)
    for comp in _components(cells):
        bx, by, bw, bh = _bbox(comp)
        tops = [y for x, y in comp if plan.ch(x, y) == "#"]
        if bw < 3 or bh < 3 or not tops:
            continue
        y1 = max(tops)
        edges = [bx] + [s for s in pf.roof_splits if bx < s < bx + bw] + [bx + bw]
        # A gable ridge two fifths of the way down (the south slope faces the viewer and
        # looks longer); homes get dormers on it, other buildings skylights on the north side.
        ridge = by + (y1 - by) * 2 // 5 if y1 - by >= 4 else None
        homely = pf.building_type in HOME_TYPES
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
                tmap.set("ground", x, y, "dirt_0" if hash01(seed, x, y) < 0.7 else "dirt_1")
            elif k == "flowers":
                tmap.set("ground", x, y,
                         "grass_flowers_0" if hash01(seed + 5, x, y) < 0.5 else "grass_flowers_1")
            else:
                tmap.set("ground", x, y, grass_tile(seed, x, y))


# ---------------------------------------------------------------------------- prefab designs
# Every plan is a 24 x 16 lot; the street runs along the bottom edge, where the front door
