"""A town of a thousand: a generated city lives a game hour headless with generative villagers (offline brain),
and the engine's shortcuts for crowds (place index, bucketed perception, reused pictures) keep what they stand for.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.sim.engine import Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parents[1]


def test_the_place_index_names_every_tile_as_a_scan_of_the_sectors_does() -> None:
    city = TownMap(ROOT / "maps" / "city.tmx")
    wrong = [(x, y) for y in range(0, city.height, 3) for x in range(0, city.width, 3)
             if city.place_at(x, y) != city._place_scan(x, y)]
    assert wrong == []
    assert city.place_at(-1, -1) == (None, None)


def test_the_place_index_follows_a_building_the_mayor_places() -> None:
    town = TownMap(ROOT / "maps" / "town.tmx")
    key, lot = next((k, lot) for k, lot in sorted(town.lots.items()) if lot in town.free_lots())
    inside = (lot.rect.x + 2, lot.rect.y + 3)
    assert town.place_at(*inside)[0] is None  # an empty lot is street before anything stands on it
    sector = town.stamp_prefab(ROOT / "maps" / "prefabs" / "cafe.tmx", key, "Corner Cafe")
    assert town.place_at(*inside) == town._place_scan(*inside)
    assert town.place_at(*inside)[0] == sector.name == "Corner Cafe"


def test_a_still_villager_is_published_as_the_same_picture_and_a_step_changes_it() -> None:
    sim = Simulation(agents=4, seed=2, mind=make_mind("routine"))
    sim.run_steps(30)
    first = sim.snapshot().villagers
    again = sim.snapshot().villagers
    assert all(a is b for a, b in zip(first, again, strict=True))
    sim.run_steps(200)
    later = sim.snapshot().villagers
    moved = [v for v in sim.villagers if v.tile != first[v.vid].tile]
    assert moved, "someone walks in 200 steps of a morning"
    for v in moved:
        assert later[v.vid] is not first[v.vid] and later[v.vid].tile == v.tile


@pytest.fixture(scope="module")
def big_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from maps.generator.run import generate

    folder = tmp_path_factory.mktemp("city")
    shutil.copy(ROOT / "maps" / "town.tsx", folder / "town.tsx")
    generate(folder, districts=4, population=1100, city_file=folder / "city.tmx")
    return folder / "city.tmx"


@pytest.mark.slow
def test_a_thousand_villagers_live_a_game_hour_and_end_on_walkable_tiles(big_city: Path) -> None:
    sim = Simulation(TownMap(big_city), agents=1000, seed=5, mind=make_mind("generative", {"backend": "offline"}))
    start = {v.vid: v.tile for v in sim.villagers}
    sim.run_steps(360)
    assert sim.clock.now.hour == 7
    off = [(v.name, v.tile) for v in sim.villagers if not sim.town.map.walkable(*v.tile)]
    assert off == []
    assert sum(v.tile != start[v.vid] for v in sim.villagers) > 300  # the morning commute is under way
    assert all(v.plan is not None and v.plan.items for v in sim.villagers)
    assert sum(len(sim.mind.minds[v.vid].memory) for v in sim.villagers) > 5000
