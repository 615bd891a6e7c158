"""The generators reproduce the committed art and maps byte for byte, and share one contract.

Regenerating into a temporary folder must give exactly the files in the repository: a
changed picture, plan or stamping rule that nobody regenerated fails here. The game places
a building with the same function the map generator stamps the town with.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.contracts import BUILDING_TYPES, OVERHEAD_LAYERS, ROOF_COLOURS, ROOF_PARTS, USES
from game.world.prefab import MapObject, stamp
from game.world.tilemap import TownMap
from maps.generator.prefab import PLANS_DIR
from maps.generator.tmx import Tileset, read_tmx

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Art, then maps from that art, written by the two documented commands into a temp folder."""
    out = tmp_path_factory.mktemp("generated")
    for command in (["assets/make_art.py", "--out", str(out)],
                    ["maps/make_town.py", "--maps-dir", str(out / "maps")]):
        done = subprocess.run([sys.executable, str(ROOT / command[0]), *command[1:]],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    return out


def committed_outputs() -> list[Path]:
    """Every generated file the repository holds, relative to its root."""
    art = [p for p in (ROOT / "assets").rglob("*") if p.is_file() and p.suffix in (".png", ".ttf")]
    art.append(ROOT / "assets" / "sprites" / "villagers" / "index.json")
    maps = [p for p in (ROOT / "maps").glob("**/*.t[ms]x")]
    return sorted(p.relative_to(ROOT) for p in art + maps)


def test_regenerating_writes_the_committed_files_byte_for_byte(regenerated: Path) -> None:
    outputs = committed_outputs()
    assert len(outputs) > 50 and {Path("maps/town.tmx"), Path("maps/city.tmx")} <= set(outputs)
    written = sorted(p.relative_to(regenerated) for p in regenerated.rglob("*") if p.is_file())
    assert written == outputs, "the generators write files the repository lacks, or the reverse"
    stale = [str(rel) for rel in outputs if (regenerated / rel).read_bytes() != (ROOT / rel).read_bytes()]
    assert not stale, f"stale: {stale}; run python assets/make_art.py && python maps/make_town.py"


def test_every_building_type_has_a_plan_a_prefab_and_a_sign() -> None:
    tileset = Tileset.load(ROOT / "maps" / "town.tsx")
    for btype in BUILDING_TYPES:
        assert (PLANS_DIR / f"{btype}.json").exists(), btype
        prefab = read_tmx(ROOT / "maps" / "prefabs" / f"{btype}.tmx", tileset)
        assert prefab.properties["building_type"] == btype
        assert {o.props["use"] for o in prefab.groups["objects"]} <= set(USES)
        assert f"sign_{btype}" in tileset.gid_by_name
    for colour in ROOF_COLOURS:
        assert all(f"roof_{colour}_{part}" in tileset.gid_by_name for part in ROOF_PARTS)


def test_the_game_places_a_building_exactly_as_the_generator_stamps_it() -> None:
    tileset = Tileset.load(ROOT / "maps" / "town.tsx")
    game_map = TownMap(ROOT / "maps" / "town.tmx")
    lot = game_map.free_lots()[0]
    gym = ROOT / "maps" / "prefabs" / "gym.tmx"
    game_map.stamp_prefab(gym, (lot.col, lot.row), "Test Gym")

    town = read_tmx(ROOT / "maps" / "town.tmx", tileset)
    before = len(town.groups["objects"])
    r = lot.rect
    stamp(read_tmx(gym, tileset), town, MapObject(lot.name, r.x, r.y, r.w, r.h), "Test Gym")
    blocked = np.array(town.blocked(tileset.colliding))
    assert np.array_equal(blocked, game_map.blocked)
    stamped = {(o.name, int(o.x), int(o.y), int(o.w), int(o.h), o.props["use"])
               for o in town.groups["objects"][before:]}
    placed = {(o.name, o.rect.x, o.rect.y, o.rect.w, o.rect.h, o.use)
              for o in game_map.objects if o.sector == "Test Gym"}
    assert stamped == placed and len(placed) >= 4
    roofs = {n for row in town.layers["roofs"][r.y:r.y + r.h] for n in row[r.x:r.x + r.w] if n}
    assert roofs and "roofs" in OVERHEAD_LAYERS


def test_a_park_built_at_run_time_brings_its_plaza() -> None:
    game_map = TownMap(ROOT / "maps" / "town.tmx")
    plazas = [s for s in game_map.spawns if s.kind == "plaza"]
    lot = game_map.free_lots()[0]
    game_map.stamp_prefab(ROOT / "maps" / "prefabs" / "park.tmx", (lot.col, lot.row), "New Green")
    new = [s for s in game_map.spawns if s.kind == "plaza" and s not in plazas]
    assert len(new) == 1 and lot.rect.contains(*new[0].tile) and game_map.walkable(*new[0].tile)
