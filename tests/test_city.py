"""The generated city (maps/city.tmx): districts of 4x4 lots, reachable on foot, beds for its people.

The committed file equals the generator's output: tests/test_generators.py regenerates every
map, the city included, and compares bytes.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

import main
from game.contracts import BUILDING_TYPES, HOME_TYPES
from game.mayor import install_mayor
from game.mayor.llm_mayor import system_prompt
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.world import routes
from game.world.tilemap import MapError, TownMap

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT / "maps" / "city.tmx"


@pytest.fixture(scope="module")
def city() -> TownMap:
    return TownMap(CITY)


def test_the_city_is_three_by_three_districts_of_four_by_four_lots(city: TownMap) -> None:
    assert len(city.districts) >= 9 and all(city.districts)
    assert city.grid_size == (12, 12) and len(city.lots) == 144
    for district in city.districts:
        lots = [lot for lot in city.lots.values() if lot.district == district]
        cols, rows = {lot.col for lot in lots}, {lot.row for lot in lots}
        assert len(lots) == 16 and len(cols) == len(rows) == 4
        assert max(cols) - min(cols) == 3 and (min(cols) - 1) % 4 == 0
        sectors = [s for s in city.sectors.values() if s.lot in {(lot.col, lot.row) for lot in lots}]
        kinds = {s.building_type for s in sectors}
        assert HOME_TYPES[1] in kinds or HOME_TYPES[0] in kinds, district
        assert "park" in kinds, district
        ponds = [o for s in sectors for o in city.objects_in(s.name) if o.name == "pond"]
        assert ponds, f"{district} has no water"
        assert any(f.district == district for f in city.free_lots()), f"{district} has no lot for sale"


def test_every_building_type_stands_in_the_city(city: TownMap) -> None:
    assert {s.building_type for s in city.sectors.values()} == set(BUILDING_TYPES)


def test_every_home_workplace_and_lot_is_reachable_on_foot(city: TownMap) -> None:
    grid = routes.Grid(city.blocked)
    edges = [s.tile for s in city.spawns if s.kind == "edge"]
    assert len(edges) >= 4
    reach = routes.reachable(grid, edges[0])
    assert all(reach[y, x] for x, y in edges), "every road into the city leads to the same streets"
    for obj in city.objects:
        assert any(reach[y, x] for x, y in obj.use_tiles), f"{obj.address} cannot be reached"
    for key, lot in city.lots.items():
        r = lot.rect
        cells = reach[r.y:r.y + r.h, r.x:r.x + r.w]
        assert cells.any(), f"lot {key} cannot be entered"
        if key in {(f.col, f.row) for f in city.free_lots()}:
            walkable = ~city.blocked[r.y:r.y + r.h, r.x:r.x + r.w]
            assert np.array_equal(cells, walkable), f"lot {key} for sale has walled-in cells"
    # The game's own route search walks from the edge to the far corner's beds.
    far = max((o for o in city.objects if o.use == "sleep"), key=lambda o: o.rect.x + o.rect.y)
    route = routes.astar(grid, edges[0], far.use_tiles[0])
    assert route and route[-1] == far.use_tiles[0]


def test_beds_cover_the_population_the_city_is_made_for(city: TownMap) -> None:
    population = int(city.tmx.properties["population"])
    homes = {s.name for s in city.sectors.values() if s.building_type in HOME_TYPES}
    beds = [o for o in city.objects if o.use == "sleep" and o.sector in homes]
    assert population >= 500 and len(beds) >= population


def test_the_mayor_builds_on_any_district_and_names_the_grid() -> None:
    sim = Simulation(TownMap(CITY), agents=2, seed=1, mind=RoutineMind())
    office = install_mayor(sim, "none")
    lot = max(sim.town.map.free_lots(), key=lambda lot: (lot.row, lot.col))
    assert lot.col > 4 or lot.row > 4, "a lot outside the first district"
    done, text = office.perform(sim, {"action": "Building", "type": "gym", "position": {"x": lot.col, "y": lot.row}})
    assert done, text
    sector = sim.town.map.sectors[office.built[-1]["name"]]
    assert sector.lot == (lot.col, lot.row) and sim.town.map.lots[sector.lot].district == lot.district
    done, text = office.perform(sim, {"action": "Building", "type": "gym", "position": {"x": 13, "y": 2}})
    assert not done and "x goes from 1 to 12" in text
    assert any(entry["district"] == lot.district for entry in office.info(sim)["lots"])
    prompt = system_prompt(sim)
    assert "9 districts (a 4x4 grid of lots each)" in prompt and "column 1-12" in prompt


def test_the_town_keeps_its_four_by_four_mayor_prompt() -> None:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=2, seed=1, mind=RoutineMind())
    prompt = system_prompt(sim)
    assert "a free lot of the 4x4 grid of lots (x = column 1-4 from west to east, y = row 1-4" in prompt
    assert '"position": {"x": <1-4>, "y": <1-4>}' in prompt


def test_a_district_missing_a_lot_is_refused_with_its_name(tmp_path: Path) -> None:
    shutil.copy(ROOT / "maps" / "town.tsx", tmp_path / "town.tsx")
    tree = ET.parse(CITY)
    lots = next(g for g in tree.getroot().iter("objectgroup") if g.get("name") == "lots")
    gone = lots.findall("object")[5]
    district = next(p.get("value") for p in gone.iter("property") if p.get("name") == "district")
    lots.remove(gone)
    broken = tmp_path / "city.tmx"
    tree.write(broken, encoding="UTF-8", xml_declaration=True)
    with pytest.raises(MapError, match=f"district '{district}' must hold 16 lots"):
        TownMap(broken)


def test_the_city_runs_headless_and_its_save_loads_on_the_same_map(tmp_path: Path) -> None:
    save = tmp_path / "city.json"
    common = ["--headless", "--map", str(CITY), "--mind", "routine", "--days", "0.002"]
    assert main.main([*common, "--agents", "40", "--seed", "4", "--save", str(save)]) == 0
    report = tmp_path / "report.json"
    assert main.main([*common, "--load", str(save), "--report", str(report)]) == 0
    villagers = json.loads(report.read_text())["villagers"]
    assert len(villagers) == 40 and len({v["home"] for v in villagers}) > 5
