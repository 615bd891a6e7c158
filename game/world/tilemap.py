"""The town map as the simulation sees it: walkable grid, places, objects, lots and spawns.

Loaded from a Tiled map with pytmx and no images (no pygame), following the
conventions in docs/contracts.md (names from ``game.contracts``). A map that breaks
them raises ``MapError`` with a message naming the file and what is missing.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from game.contracts import BUILDING_TYPES, OBJECT_LAYERS, OVERHEAD_LAYERS, TILE, TILE_LAYERS, USES
from game.world.prefab import MapError, MapObject, TileMap, place

if TYPE_CHECKING:  # imported lazily at run time (load_tmx)
    import pytmx


@dataclass(frozen=True)
class Rect:
    """A tile rectangle: x, y of the top-left tile, width and height in tiles."""

    x: int
    y: int
    w: int
    h: int

    def contains(self, tx: int, ty: int) -> bool:
        return self.x <= tx < self.x + self.w and self.y <= ty < self.y + self.h

    def inside(self, other: Rect) -> bool:
        return (
            other.x <= self.x
            and other.y <= self.y
            and self.x + self.w <= other.x + other.w
            and self.y + self.h <= other.y + other.h
        )

    @property
    def center(self) -> tuple[int, int]:
        return (self.x + self.w // 2, self.y + self.h // 2)

    def tiles(self) -> list[tuple[int, int]]:
        return [(x, y) for y in range(self.y, self.y + self.h) for x in range(self.x, self.x + self.w)]

    def shifted(self, dx: int, dy: int) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class Lot:
    """A building plot: column and row in the map's grid of lots, and its district in a city."""

    col: int
    row: int
    rect: Rect
    district: str = ""

    @property
    def name(self) -> str:
        return f"lot {self.col},{self.row}"


@dataclass(frozen=True)
class Arena:
    """A room inside a sector."""

    name: str
    sector: str
    rect: Rect


@dataclass
class Sector:
    """A building or park: the middle level of the place hierarchy."""

    name: str
    building_type: str
    rect: Rect
    lot: tuple[int, int] | None
    arenas: dict[str, Arena] = field(default_factory=dict)


@dataclass(frozen=True)
class GameObject:
    """Something a villager can use: a bed, a desk, a coffee machine."""

    oid: int
    name: str
    use: str
    capacity: int
    rect: Rect
    sector: str
    arena: str
    use_tiles: tuple[tuple[int, int], ...]

    @property
    def address(self) -> str:
        return f"{self.sector}:{self.arena}:{self.name}"


@dataclass(frozen=True)
class Spawn:
    name: str
    kind: str
    tile: tuple[int, int]


class _Props:
    """Reads the tileset's per-tile properties from the map (gid -> name, collide)."""

    def __init__(self, tmx: pytmx.TiledMap) -> None:
        self.tmx = tmx

    def collide(self, gid: int) -> bool:
        props = self.tmx.get_tile_properties_by_gid(gid) or {}
        return _truthy(props.get("collide", False))

    def name(self, gid: int) -> str:
        props = self.tmx.get_tile_properties_by_gid(gid) or {}
        return str(props.get("name", ""))


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _objects(tmx: pytmx.TiledMap, layer: str) -> list[MapObject]:
    """A pytmx object layer in tile units (pytmx gives pixels)."""
    out = []
    for obj in tmx.get_layer_by_name(layer):
        w, h = float(obj.width or 0) / TILE, float(obj.height or 0) / TILE
        out.append(MapObject(str(obj.name or ""), float(obj.x) / TILE, float(obj.y) / TILE, w, h,
                             dict(obj.properties), point=not (w or h)))
    return out


def load_tmx(path: str | os.PathLike[str]) -> pytmx.TiledMap:
    """Parse a Tiled map with pytmx without loading any image."""
    import pytmx

    path = Path(path)
    if not path.exists():
        raise MapError(f"{path}: map file not found")
    if path.is_dir():
        raise MapError(f"{path}: is a folder, expected a Tiled .tmx map file")
    try:
        return pytmx.TiledMap(str(path), image_loader=lambda *_a, **_k: (lambda *_b, **_c: None))
    except ET.ParseError as exc:
        raise MapError(f"{path}: not a valid Tiled map (XML error: {exc})") from None
    except FileNotFoundError as exc:
        raise MapError(f"{path}: a file the map refers to is missing ({exc.filename})") from None
    except Exception as exc:  # pytmx raises many kinds for malformed maps
        raise MapError(f"{path}: could not read the map ({type(exc).__name__}: {exc})") from None


def load_prefab(path: str | os.PathLike[str]) -> tuple[TileMap, frozenset[str]]:
    """A prefab file as tile names, with the names of its tiles that block walking."""
    tmx = load_tmx(path)
    props = _Props(tmx)
    prefab = TileMap.blank(int(tmx.width), int(tmx.height), dict(tmx.properties))
    colliding: set[str] = set()
    for layer in tmx.layers:
        if layer.name not in TILE_LAYERS or not hasattr(layer, "data"):
            continue
        for y, row in enumerate(layer.data):
            for x, gid in enumerate(row):
                if gid:
                    name = props.name(gid) or f"gid {gid}"
                    prefab.set(layer.name, x, y, name)
                    if props.collide(gid):
                        colliding.add(name)
    layer_names = {layer.name for layer in tmx.layers}
    for group in ("places", "objects", "spawns"):
        if group in layer_names:
            prefab.groups[group] = _objects(tmx, group)
    return prefab, frozenset(colliding)


class TownMap:
    """Walkable grid and place hierarchy (town → sector → arena → object) of one map."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        tmx = load_tmx(self.path)
        self.tmx = tmx
        if int(tmx.tilewidth) != TILE or int(tmx.tileheight) != TILE:
            raise MapError(f"{self.path}: tiles must be {TILE}x{TILE} px, found {tmx.tilewidth}x{tmx.tileheight}")
        self.width = int(tmx.width)
        self.height = int(tmx.height)
        self.name = str(tmx.properties.get("name", self.path.stem.title()))
        self.version = 0
        self._place_version = -1  # the place index is built on first use and after every change
        self._places: list[tuple[str | None, str | None]] = []
        self._place_grid = np.zeros((0, 0), dtype=np.int32)
        layer_names = {layer.name for layer in tmx.layers}
        missing = [n for n in TILE_LAYERS + OBJECT_LAYERS if n not in layer_names]
        if missing:
            raise MapError(
                f"{self.path}: missing layer(s) {', '.join(missing)}; "
                f"a town map needs tile layers {', '.join(TILE_LAYERS)} "
                f"and object layers {', '.join(OBJECT_LAYERS)} (see README, 'Map conventions')"
            )
        self._props = _Props(tmx)
        self.blocked = np.zeros((self.height, self.width), dtype=bool)
        self.sectors: dict[str, Sector] = {}
        self.objects: list[GameObject] = []
        self.lots: dict[tuple[int, int], Lot] = {}
        self.spawns: list[Spawn] = []
        self._compute_collision(tmx)
        self._read_lots(_objects(tmx, "lots"))
        self._read_places(_objects(tmx, "places"), lot=None)
        self._read_objects(_objects(tmx, "objects"))
        self._read_spawns(_objects(tmx, "spawns"))
        self._check()

    # -- reading ---------------------------------------------------------
    def _compute_collision(self, tmx: pytmx.TiledMap) -> None:
        props = _Props(tmx)
        cache: dict[int, bool] = {}
        for layer in tmx.layers:
            if not hasattr(layer, "data") or layer.name in OVERHEAD_LAYERS or layer.name not in TILE_LAYERS:
                continue
            data = layer.data
            for y, row in enumerate(data):
                for x, gid in enumerate(row):
                    if not gid:
                        continue
                    hit = cache.get(gid)
                    if hit is None:
                        hit = cache[gid] = props.collide(gid)
                    if hit and y < self.height and x < self.width:
                        self.blocked[y, x] = True

    @staticmethod
    def _rect(obj: MapObject) -> Rect:
        return Rect(round(obj.x), round(obj.y), max(1, round(obj.w or 1)), max(1, round(obj.h or 1)))

    def _read_lots(self, objects: list[MapObject]) -> None:
        """A town's 16 lots in a 4x4 grid, or a city's: a 4x4 grid per ``district``."""
        for obj in objects:
            try:
                col, row = int(obj.props["col"]), int(obj.props["row"])
            except (KeyError, ValueError, TypeError):
                raise MapError(
                    f"{self.path}: lot object {obj.name!r} needs int properties 'col' and 'row' (1-4)"
                ) from None
            if col < 1 or row < 1 or (col, row) in self.lots:
                raise MapError(f"{self.path}: lot {obj.name!r} has col/row {col},{row}; both must be 1 or "
                               "more and no two lots may share them")
            self.lots[(col, row)] = Lot(col, row, self._rect(obj), str(obj.props.get("district", "")))
        districts: dict[str, list[Lot]] = {}
        for lot in self.lots.values():
            districts.setdefault(lot.district, []).append(lot)
        for district, lots in sorted(districts.items()):
            cols, rows = {lot.col for lot in lots}, {lot.row for lot in lots}
            if len(lots) != 16 or max(cols) - min(cols) != 3 or max(rows) - min(rows) != 3:
                where = f"district {district!r}" if district else "layer 'lots'"
                raise MapError(f"{self.path}: {where} must hold 16 lots in a 4x4 grid (col, row 1-4 in a town; "
                               f"4 consecutive columns and rows per district in a city), found {len(lots)}")
        if not districts:
            raise MapError(f"{self.path}: layer 'lots' must hold 16 lots (col, row 1-4), found none")

    @property
    def grid_size(self) -> tuple[int, int]:
        """Columns and rows of the map's grid of lots (4 x 4 in a town, 4 per district in a city)."""
        return max(c for c, _ in self.lots), max(r for _, r in self.lots)

    @property
    def districts(self) -> list[str]:
        """District names west to east, north to south (one empty name in a town)."""
        firsts: dict[str, tuple[int, int]] = {}
        for (col, row), lot in sorted(self.lots.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            firsts.setdefault(lot.district, (row, col))
        return sorted(firsts, key=lambda d: firsts[d])

    def lot_at(self, rect: Rect) -> tuple[int, int] | None:
        for key, lot in self.lots.items():
            if rect.inside(lot.rect):
                return key
        return None

    def _read_places(self, objects: list[MapObject], lot: tuple[int, int] | None) -> list[str]:
        arenas = []
        added = []
        for obj in objects:
            kind = str(obj.props.get("kind", ""))
            rect = self._rect(obj)
            name = str(obj.name or "").strip()
            if not name:
                raise MapError(f"{self.path}: a place at tile {rect.x},{rect.y} has no name")
            if kind == "sector":
                btype = str(obj.props.get("building_type", ""))
                if btype not in BUILDING_TYPES:
                    raise MapError(
                        f"{self.path}: sector {name!r} has building_type {btype!r}; "
                        f"use one of {', '.join(sorted(BUILDING_TYPES))}"
                    )
                if name in self.sectors:
                    raise MapError(f"{self.path}: two sectors are named {name!r}; sector names must be unique")
                self.sectors[name] = Sector(name, btype, rect, lot if lot else self.lot_at(rect))
                added.append(name)
            elif kind == "arena":
                arenas.append((name, rect))
            else:
                raise MapError(f"{self.path}: place {name!r} needs property kind = 'sector' or 'arena'")
        for name, rect in arenas:
            sector = self.sector_containing(rect)
            if sector is None:
                raise MapError(f"{self.path}: arena {name!r} at tile {rect.x},{rect.y} lies in no sector")
            sector.arenas[name] = Arena(name, sector.name, rect)
        return added

    def _read_objects(self, objects: list[MapObject]) -> None:
        for obj in objects:
            rect = self._rect(obj)
            name = str(obj.name or "").strip()
            use = str(obj.props.get("use", ""))
            if use not in USES:
                raise MapError(
                    f"{self.path}: object {name!r} at tile {rect.x},{rect.y} has use {use!r}; "
                    f"use one of {', '.join(sorted(USES))}"
                )
            sector = self.sector_containing(rect)
            arena = None
            if sector is not None:
                arena = next((a for a in sector.arenas.values() if rect.inside(a.rect)), None)
            if sector is None or arena is None:
                raise MapError(f"{self.path}: object {name!r} at tile {rect.x},{rect.y} lies in no room (arena)")
            capacity = int(obj.props.get("capacity", 1) or 1)
            self.objects.append(
                GameObject(len(self.objects), name, use, max(1, capacity), rect, sector.name, arena.name, ())
            )

    def _read_spawns(self, objects: list[MapObject]) -> None:
        for obj in objects:
            tile = (int(obj.x // 1), int(obj.y // 1))
            kind = str(obj.props.get("kind", "edge"))
            self.spawns.append(Spawn(str(obj.name or kind), kind, tile))
        if not any(s.kind == "edge" for s in self.spawns):
            raise MapError(f"{self.path}: layer 'spawns' needs at least one point with kind = 'edge'")

    def _check(self) -> None:
        if not self.sectors:
            raise MapError(f"{self.path}: layer 'places' has no sector; a town needs buildings")
        for spawn in self.spawns:
            if not self.walkable(*spawn.tile):
                raise MapError(f"{self.path}: spawn {spawn.name!r} at {spawn.tile} is on a blocked tile")
        self._resolve_use_tiles()

    def _resolve_use_tiles(self) -> None:
        resolved = []
        for obj in self.objects:
            tiles = [t for t in obj.rect.tiles() if self.walkable(*t)]
            if not tiles:
                around = set()
                for tx, ty in obj.rect.tiles():
                    for nx, ny in ((tx + 1, ty), (tx - 1, ty), (tx, ty + 1), (tx, ty - 1)):
                        if not obj.rect.contains(nx, ny) and self.walkable(nx, ny):
                            around.add((nx, ny))
                # Prefer standing in front (below) of the object, as a player expects.
                tiles = sorted(around, key=lambda t: (t[1] <= obj.rect.y + obj.rect.h - 1, t[1], t[0]))
            if not tiles:
                raise MapError(
                    f"{self.path}: object {obj.name!r} in {obj.sector}/{obj.arena} "
                    f"at tile {obj.rect.x},{obj.rect.y} cannot be reached: no walkable tile on or next to it"
                )
            resolved.append(GameObject(obj.oid, obj.name, obj.use, obj.capacity, obj.rect, obj.sector,
                                       obj.arena, tuple(tiles)))
        self.objects = resolved

    # -- queries ---------------------------------------------------------
    def walkable(self, x: int, y: int) -> bool:
        return 0 <= x < self.width and 0 <= y < self.height and not self.blocked[y, x]

    def sector_containing(self, rect: Rect) -> Sector | None:
        for sector in self.sectors.values():
            if rect.inside(sector.rect):
                return sector
        return None

    def place_at(self, x: int, y: int) -> tuple[str | None, str | None]:
        """(sector, arena) names at a tile, or None where outside."""
        if self._place_version != self.version:
            self._index_places()
        if 0 <= x < self.width and 0 <= y < self.height:
            return self._places[self._place_grid[y, x]]
        return self._place_scan(x, y)

    def _place_scan(self, x: int, y: int) -> tuple[str | None, str | None]:
        for sector in self.sectors.values():
            if sector.rect.contains(x, y):
                for arena in sector.arenas.values():
                    if arena.rect.contains(x, y):
                        return sector.name, arena.name
                return sector.name, None
        return None, None

    def _index_places(self) -> None:
        """One (sector, arena) index per tile, so a lookup costs the same in a city as in a village."""
        places: list[tuple[str | None, str | None]] = [(None, None)]
        grid = np.zeros((self.height, self.width), dtype=np.int32)
        for sector in self.sectors.values():
            r = sector.rect
            x0, y0 = max(r.x, 0), max(r.y, 0)
            x1, y1 = min(r.x + r.w, self.width), min(r.y + r.h, self.height)
            if x0 >= x1 or y0 >= y1:
                continue
            places.append((sector.name, None))
            local = np.full((y1 - y0, x1 - x0), len(places) - 1, dtype=np.int32)
            # The first arena that holds a tile names it, as the scan does: paint them last to first.
            for arena in reversed(list(sector.arenas.values())):
                a = arena.rect
                ax0, ay0 = max(a.x, x0), max(a.y, y0)
                ax1, ay1 = min(a.x + a.w, x1), min(a.y + a.h, y1)
                if ax0 < ax1 and ay0 < ay1:
                    places.append((sector.name, arena.name))
                    local[ay0 - y0 : ay1 - y0, ax0 - x0 : ax1 - x0] = len(places) - 1
            region = grid[y0:y1, x0:x1]
            free = region == 0  # the first sector that holds a tile names it, as the scan does
            region[free] = local[free]
        self._places, self._place_grid, self._place_version = places, grid, self.version

    def describe_tile(self, x: int, y: int) -> str:
        sector, arena = self.place_at(x, y)
        if sector is None:
            return f"{self.name} streets"
        return f"{sector}, {arena}" if arena else sector

    def objects_in(self, sector: str, arena: str | None = None, use: str | None = None) -> list[GameObject]:
        return [
            o
            for o in self.objects
            if o.sector == sector and (arena is None or o.arena == arena) and (use is None or o.use == use)
        ]

    def sectors_of(self, *types: str) -> list[Sector]:
        return [s for s in self.sectors.values() if s.building_type in types]

    def free_lots(self) -> list[Lot]:
        used = {s.lot for s in self.sectors.values()}
        return [lot for key, lot in sorted(self.lots.items()) if key not in used]

    # -- runtime changes --------------------------------------------------
    def rename_sector(self, old: str, new: str) -> None:
        """Call a place by another name (an imported cast's name for it); its rooms and objects follow."""
        if old not in self.sectors or (new != old and new in self.sectors) or not new.strip():
            raise MapError(f"{self.path}: cannot rename the place {old!r} to {new!r}")
        sector = self.sectors[old]
        sector.name = new
        sector.arenas = {k: replace(a, sector=new) for k, a in sector.arenas.items()}
        self.sectors = {(new if k == old else k): v for k, v in self.sectors.items()}  # the order stays
        self.objects = [replace(o, sector=new) if o.sector == old else o for o in self.objects]
        self.version += 1

    def stamp_prefab(self, prefab_path: str | os.PathLike[str], lot: tuple[int, int], name: str) -> Sector:
        """Place a building prefab on a free lot: collision, places, objects and spawns update at once.

        The prefab lands by ``game.world.prefab.place``, the function the map generator
        stamps the town with (never mirrored or recoloured here: the renderer draws the
        prefab file as it is). Its sector is renamed to ``name``.
        """
        if lot not in self.lots:
            raise MapError(f"{self.path}: no lot {lot}")
        target = self.lots[lot].rect
        prefab, colliding = load_prefab(prefab_path)
        if (prefab.width, prefab.height) != (target.w, target.h):
            raise MapError(f"{prefab_path}: prefab is {prefab.width}x{prefab.height}, "
                           f"the lot is {target.w}x{target.h}")
        placed = place(prefab, MapObject(self.lots[lot].name, target.x, target.y, target.w, target.h), name)
        region = self.blocked[target.y : target.y + target.h, target.x : target.x + target.w]
        region[:] = False
        for layer, grid in placed.layers.items():
            if layer in OVERHEAD_LAYERS:
                continue
            region |= np.array([[tile in colliding for tile in row] for row in grid], dtype=bool)
        added = self._read_places(placed.groups["places"], lot=lot)
        self._read_objects(placed.groups["objects"])
        self.spawns.extend(Spawn(str(s.name or "plaza"), str(s.props.get("kind", "plaza")),
                                 (int(s.x // 1), int(s.y // 1))) for s in placed.groups["spawns"])
        self._resolve_use_tiles()
        self.version += 1
        return self.sectors[added[0]]
