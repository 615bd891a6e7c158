"""The town map and building prefabs as files: what the contract in docs/contracts.md promises.

These read ``maps/town.tmx`` and ``maps/prefabs/*.tmx`` with pytmx (no images, no pygame)
and check what a player would notice: enough lots and buildings, beds for everyone, and
every object reachable on foot from where newcomers walk in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import pytmx

from game.contracts import BUILDING_TYPES, LOT_H, LOT_W, OBJECT_LAYERS, TILE, TILE_LAYERS
from game.world import routes
from game.world.prefab import MapError, MapObject, TileMap, mirror_tile, stamp
from maps.generator import run
from maps.generator.prefab import PLANS_DIR, compile_prefab, load_plan
from maps.generator.terrain import autotile_name

ROOT = Path(__file__).resolve().parents[1]
MAPS = ROOT / "maps"
TOWN = MAPS / "town.tmx"
PREFAB_TYPES = BUILDING_TYPES

Rect = tuple[int, int, int, int]


def load(path: Path) -> pytmx.TiledMap:
    """A map loaded without images, the way the simulation loads it."""
    return pytmx.TiledMap(str(path))


def rect(obj: pytmx.TiledObject) -> Rect:
    """An object's rectangle in tiles."""
    return (round(obj.x / TILE), round(obj.y / TILE), round(obj.width / TILE),
            round(obj.height / TILE))


def inside(a: Rect, b: Rect) -> bool:
    """True when rectangle a lies within rectangle b."""
    return b[0] <= a[0] and b[1] <= a[1] and a[0] + a[2] <= b[0] + b[2] \
        and a[1] + a[3] <= b[1] + b[3]


def overlap(a: Rect, b: Rect) -> bool:
    """True when two rectangles share a tile."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] \
        and b[1] < a[1] + a[3]


def blocked_grid(tmx: pytmx.TiledMap) -> list[list[bool]]:
    """Contract rule: blocked where any layer but above/roofs has a tile with collide = true."""
    grid = [[False] * tmx.width for _ in range(tmx.height)]
    for layer in tmx.visible_layers:
        if not isinstance(layer, pytmx.TiledTileLayer) or layer.name in ("above", "roofs"):
            continue
        for y, row in enumerate(layer.data):
            for x, gid in enumerate(row):
                if gid and (tmx.get_tile_properties_by_gid(gid) or {}).get("collide") is True:
                    grid[y][x] = True
    return grid


def reachable(blocked: list[list[bool]], start: tuple[int, int]) -> set[tuple[int, int]]:
    """Tiles reachable from ``start`` on foot, by the game's own search over this collision grid."""
    mask = routes.reachable(routes.Grid(np.array(blocked, dtype=bool)), start)
    return {(int(x), int(y)) for y, x in zip(*np.nonzero(mask), strict=True)}


def use_tiles(r: Rect) -> set[tuple[int, int]]:
    """Where a villager can stand to use an object: inside it or on a 4-neighbour of it."""
    x0, y0, w, h = r
    cells = {(x, y) for y in range(y0, y0 + h) for x in range(x0, x0 + w)}
    return cells | {(x + dx, y + dy) for x, y in cells
                    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))}


@pytest.fixture(scope="module")
def town() -> pytmx.TiledMap:
    return load(TOWN)


@pytest.fixture(scope="module")
def sectors(town: pytmx.TiledMap) -> list[pytmx.TiledObject]:
    return [p for p in town.get_layer_by_name("places") if p.properties.get("kind") == "sector"]


def test_town_loads_with_pytmx_without_pygame() -> None:
    code = ("import sys; sys.modules['pygame'] = None\n"
            "import pytmx\n"
            f"m = pytmx.TiledMap({str(TOWN)!r})\n"
            "print(m.width, m.height, m.properties['name'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    width, height, name = out.stdout.split()[-3:]
    assert int(width) >= 100 and int(height) >= 70 and name


def test_town_is_smallville_sized_with_contract_layers(town: pytmx.TiledMap) -> None:
    assert town.width >= 100 and town.height >= 70
    assert (town.tilewidth, town.tileheight) == (TILE, TILE)
    names = [layer.name for layer in town.layers]
    assert names == list(TILE_LAYERS + OBJECT_LAYERS)


def test_sixteen_lots_on_a_four_by_four_grid_without_overlap(town: pytmx.TiledMap) -> None:
    lots = list(town.get_layer_by_name("lots"))
    assert len(lots) == 16
    cells = sorted((lot.properties["col"], lot.properties["row"]) for lot in lots)
    assert cells == [(c, r) for c in range(1, 5) for r in range(1, 5)]
    for lot in lots:
        assert lot.name == f"lot {lot.properties['col']},{lot.properties['row']}"
    rects = [rect(lot) for lot in lots]
    for i, a in enumerate(rects):
        assert 0 <= a[0] and a[0] + a[2] <= town.width and a[1] + a[3] <= town.height
        for b in rects[i + 1:]:
            assert not overlap(a, b), (a, b)


def test_starting_buildings_each_inside_a_lot(town: pytmx.TiledMap,
                                              sectors: list[pytmx.TiledObject]) -> None:
    assert len(sectors) >= 8
    names = [s.name for s in sectors]
    assert len(set(names)) == len(names) and all(names)
    kinds = [s.properties["building_type"] for s in sectors]
    assert kinds.count("home") >= 3
    for needed in ("apartment", "cafe", "office", "store", "park"):
        assert needed in kinds
    lots = [rect(lot) for lot in town.get_layer_by_name("lots")]
    used = []
    for sector in sectors:
        home = [i for i, lot in enumerate(lots) if inside(rect(sector), lot)]
        assert len(home) == 1, sector.name
        used.append(home[0])
    assert len(set(used)) == len(used), "two buildings share a lot"


def test_homes_have_beds_for_twenty_four(town: pytmx.TiledMap,
                                         sectors: list[pytmx.TiledObject]) -> None:
    homes = [rect(s) for s in sectors if s.properties["building_type"] in ("home", "apartment")]
    beds = [o for o in town.get_layer_by_name("objects") if o.properties.get("use") == "sleep"
            and any(inside(rect(o), h) for h in homes)]
    assert len(beds) >= 24
    per_home = [sum(inside(rect(b), h) for b in beds) for h in homes]
    assert min(per_home) >= 3


def test_every_object_in_an_arena_and_every_arena_in_a_sector(
        town: pytmx.TiledMap, sectors: list[pytmx.TiledObject]) -> None:
    places = list(town.get_layer_by_name("places"))
    arenas = [p for p in places if p.properties.get("kind") == "arena"]
    assert all(p.properties.get("kind") in ("sector", "arena") for p in places)
    sector_rects = [rect(s) for s in sectors]
    for arena in arenas:
        assert any(inside(rect(arena), s) for s in sector_rects), arena.name
    uses = set("sleep eat cook coffee work shop relax read exercise study play wash".split())
    objects = list(town.get_layer_by_name("objects"))
    assert objects
    for obj in objects:
        assert obj.properties.get("use") in uses, obj.name
        assert int(obj.properties.get("capacity", 1)) >= 1
        assert any(inside(rect(obj), rect(a)) for a in arenas), (obj.name, rect(obj))


def test_every_object_reachable_from_every_edge_spawn(town: pytmx.TiledMap) -> None:
    blocked = blocked_grid(town)
    spawns = list(town.get_layer_by_name("spawns"))
    edges = [s for s in spawns if s.properties.get("kind") == "edge"]
    assert len(edges) >= 2
    assert any(s.properties.get("kind") == "plaza" for s in spawns)
    objects = [(o.name, rect(o)) for o in town.get_layer_by_name("objects")]
    for spawn in spawns:
        tile = (int(spawn.x // TILE), int(spawn.y // TILE))
        assert not blocked[tile[1]][tile[0]], spawn.name
    for spawn in edges:
        tile = (int(spawn.x // TILE), int(spawn.y // TILE))
        assert tile[0] in (0, town.width - 1) or tile[1] in (0, town.height - 1), spawn.name
        reach = reachable(blocked, tile)
        stuck = [name for name, r in objects if not use_tiles(r) & reach]
        assert not stuck, f"from {spawn.name}: {stuck}"


@pytest.mark.parametrize("kind", PREFAB_TYPES)
def test_prefab_is_lot_sized_with_the_town_layers(town: pytmx.TiledMap, kind: str) -> None:
    prefab = load(MAPS / "prefabs" / f"{kind}.tmx")
    lot = next(iter(town.get_layer_by_name("lots")))
    assert (prefab.width, prefab.height) == (round(lot.width / TILE), round(lot.height / TILE))
    assert [layer.name for layer in prefab.layers] == list(TILE_LAYERS + OBJECT_LAYERS)
    assert prefab.properties["building_type"] == kind
    assert prefab.properties["footprint"]
    places = list(prefab.get_layer_by_name("places"))
    sectors = [p for p in places if p.properties.get("kind") == "sector"]
    assert len(sectors) == 1 and sectors[0].properties["building_type"] == kind
    assert len(places) >= 3, "a building needs rooms (arenas)"
    whole = (0, 0, prefab.width, prefab.height)
    assert all(inside(rect(p), whole) for p in places)
    assert any(prefab.get_layer_by_name("roofs").data[y][x] for y in range(prefab.height)
               for x in range(prefab.width)) or kind == "park"
    blocked = blocked_grid(prefab)
    entries = [(x, y) for y in range(prefab.height) for x in range(prefab.width)
               if (x in (0, prefab.width - 1) or y in (0, prefab.height - 1))
               and not blocked[y][x]]
    reach: set[tuple[int, int]] = set()
    for entry in entries:
        if entry not in reach:
            reach |= reachable(blocked, entry)
    for obj in prefab.get_layer_by_name("objects"):
        assert use_tiles(rect(obj)) & reach, f"{kind}: {obj.name} at {rect(obj)} unreachable"


def test_generator_names_missing_tiles(tmp_path: Path) -> None:
    text = (MAPS / "town.tsx").read_text()
    (tmp_path / "town.tsx").write_text(text.replace('value="chimney"', 'value="chimbly"'))
    with pytest.raises(MapError, match="chimney"):
        run.generate(tmp_path)
    assert not (tmp_path / "town.tmx").exists()


def test_a_broken_plan_is_refused_with_its_file_named(tmp_path: Path) -> None:
    plan = tmp_path / "cafe.json"
    plan.write_text((PLANS_DIR / "cafe.json").read_text().replace('"plan"', '"plam"'))
    with pytest.raises(MapError, match=r"cafe\.json"):
        compile_prefab(load_plan(plan))


def test_stamp_copies_a_prefab_onto_a_lot() -> None:
    prefab = compile_prefab(load_plan(PLANS_DIR / "cafe.json"))
    town = TileMap.blank(LOT_W + 4, LOT_H + 4)
    lot = MapObject("lot 1,1", 2, 2, LOT_W, LOT_H, {"col": 1, "row": 1})
    stamp(prefab, town, lot, "Test Cafe", mirror=True, roof="green")
    sector = next(p for p in town.groups["places"] if p.props["kind"] == "sector")
    assert sector.name == "Test Cafe" and (sector.x, sector.y) == (2, 2)
    assert len(town.groups["objects"]) == len(prefab.groups["objects"])
    assert all(lot.contains(o) for o in town.groups["objects"])
    roofs = {n for row in town.layers["roofs"] for n in row if n}
    assert roofs and all(n.startswith("roof_green_") for n in roofs)
    assert town.get("ground", 0, 0) is None and town.get("ground", 2, 2) is not None


def test_free_lots_are_planted_but_open(town: pytmx.TiledMap,
                                        sectors: list[pytmx.TiledObject]) -> None:
    blocked = blocked_grid(town)
    spawn = next(s for s in town.get_layer_by_name("spawns") if s.properties["kind"] == "edge")
    reach = reachable(blocked, (int(spawn.x // TILE), int(spawn.y // TILE)))
    furniture = town.get_layer_by_name("furniture").data
    free = [lot for lot in town.get_layer_by_name("lots")
            if not any(overlap(rect(s), rect(lot)) for s in sectors)]
    assert len(free) >= 6
    for lot in free:
        x0, y0, w, h = rect(lot)
        cells = [(x, y) for y in range(y0, y0 + h) for x in range(x0, x0 + w)]
        planted = sum(1 for x, y in cells if furniture[y][x])
        assert planted >= 6, f"{lot.name} looks bare"
        shut = [c for c in cells if not blocked[c[1]][c[0]] and c not in reach]
        assert not shut, f"{lot.name}: {shut} walled in"


def test_roofs_have_ridges_and_homes_dormers() -> None:
    for kind in PREFAB_TYPES:
        if kind == "park":
            continue
        prefab = load(MAPS / "prefabs" / f"{kind}.tmx")
        names = {(prefab.get_tile_properties_by_gid(gid) or {}).get("name", "")
                 for row in prefab.get_layer_by_name("roofs").data for gid in row if gid}
        assert any("_ridge_" in n for n in names), kind
        detail = "_dormer" if kind in ("home", "apartment") else "_skylight"
        assert any(n.endswith(detail) for n in names), kind


def test_inner_bends_get_notched_autotiles() -> None:
    # An L of path: arms north and west of the bend, the north-west diagonal is grass.
    grid = [[False, True, False], [True, True, False], [False, False, False]]
    assert autotile_name("path", grid, 1, 1, False) == "path_9_n8"
    assert mirror_tile("path_9_n8") == "path_3_n1"
    grid[0][0] = True
    assert autotile_name("path", grid, 1, 1, False) == "path_9"
