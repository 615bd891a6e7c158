"""The town map and the bare routine: loads without pygame, everything reachable, runs reproducibly."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.sim import headless
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.world.routes import Grid, reachable
from game.world.tilemap import OVERHEAD_LAYERS, MapError, TownMap

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def town() -> TownMap:
    return TownMap(DEFAULT_MAP)


def test_the_map_loads_and_the_town_runs_without_pygame():
    # sys.modules[name] = None makes every import of pygame fail, as on a machine without it.
    code = (
        "import sys; sys.modules['pygame'] = None; "
        "from game.world.tilemap import TownMap; from game.sim.engine import DEFAULT_MAP, Simulation, RoutineMind; "
        "m = TownMap(DEFAULT_MAP); s = Simulation(m, agents=3, mind=RoutineMind()); s.run_steps(20); "
        "print(m.width, m.height, len(m.sectors), len(m.objects))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    w, h, sectors, objects = map(int, out.stdout.split())
    assert w >= 100 and h >= 70
    assert sectors >= 8 and objects > 50


def test_every_place_lot_and_spawn_is_reachable_from_every_spawn(town):
    grid = Grid(town.blocked)
    edge = [s for s in town.spawns if s.kind == "edge"]
    assert edge
    for spawn in town.spawns:
        seen = reachable(grid, spawn.tile)
        for obj in town.objects:
            assert any(seen[y, x] for x, y in obj.use_tiles), f"{obj.address} unreachable from {spawn.name}"
        for other in town.spawns:
            assert seen[other.tile[1], other.tile[0]]
        for lot in town.lots.values():
            border = [(x, y) for x, y in lot.rect.tiles() if town.walkable(x, y)]
            assert any(seen[y, x] for x, y in border), f"{lot.name} unreachable"


def test_collision_matches_the_tile_properties_of_the_map(town):
    tmx = town.tmx
    expected = np.zeros((town.height, town.width), dtype=bool)
    for layer in tmx.layers:
        if not hasattr(layer, "data") or layer.name in OVERHEAD_LAYERS:
            continue
        for y, row in enumerate(layer.data):
            for x, gid in enumerate(row):
                props = tmx.get_tile_properties_by_gid(gid) if gid else None
                if props and str(props.get("collide", "")).lower() in ("true", "1"):
                    expected[y, x] = True
    assert np.array_equal(town.blocked, expected)
    assert 0.05 < expected.mean() < 0.6  # walls, water and trees exist, but the town is walkable


def test_a_map_missing_a_layer_gets_a_message_naming_the_map_and_the_layer(tmp_path):
    text = DEFAULT_MAP.read_text(encoding="utf-8")
    broken = tmp_path / "broken.tmx"
    broken.write_text(text.replace('name="lots"', 'name="plots"'), encoding="utf-8")
    (tmp_path / "town.tsx").write_text((DEFAULT_MAP.parent / "town.tsx").read_text(encoding="utf-8"))
    tsx = (DEFAULT_MAP.parent / "town.tsx").read_text(encoding="utf-8")
    (tmp_path / "town.tsx").write_text(tsx.replace("../assets/", str(ROOT / "assets") + "/"), encoding="utf-8")
    with pytest.raises(MapError, match=r"broken\.tmx.*lots"):
        TownMap(broken)
    garbage = tmp_path / "garbage.tmx"
    garbage.write_text("<map", encoding="utf-8")
    with pytest.raises(MapError, match=r"garbage\.tmx"):
        TownMap(garbage)
    with pytest.raises(MapError, match="not found"):
        TownMap(tmp_path / "nope.tmx")


def test_main_reports_a_broken_map_in_one_line(tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text("not xml", encoding="utf-8")
    out = subprocess.run([sys.executable, "main.py", "--headless", "--map", str(bad), "--days", "0.01"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "bad.tmx" in out.stderr and "Traceback" not in out.stderr


def _routine_report(seed: int, town: TownMap, days: float = 0.3) -> dict:
    sim = Simulation(town, agents=16, seed=seed, mind=RoutineMind())
    report = headless.run(sim, days)
    report.pop("wall_seconds")
    report.pop("agent_steps_per_second")
    return report


def test_same_seed_gives_an_identical_report_and_another_seed_other_routines(town):
    a = _routine_report(5, town)
    b = _routine_report(5, town)
    c = _routine_report(6, town)
    assert a == b
    assert [v["time_use"] for v in a["villagers"]] != [v["time_use"] for v in c["villagers"]]


def test_villagers_walk_between_places_and_never_stand_in_a_wall(town):
    sim = Simulation(town, agents=16, seed=2, mind=RoutineMind())
    start = [v.tile for v in sim.villagers]
    places = {v.vid: set() for v in sim.villagers}
    for _ in range(4 * 360):  # four game hours
        sim.step()
        for v in sim.villagers:
            assert town.walkable(*v.tile), f"{v.name} is inside a wall at {v.tile}"
            places[v.vid].add(town.place_at(*v.tile)[0])
    moved = sum(1 for v, s in zip(sim.villagers, start, strict=False) if v.tile != s)
    assert moved >= 12
    assert sum(1 for p in places.values() if len(p) >= 3) >= 8  # home, street, work/cafe...


def test_a_villager_at_an_object_uses_it_and_the_object_shows_it(town):
    sim = Simulation(town, agents=16, seed=1, mind=RoutineMind())
    sim.run_steps(6)  # 06:01: most villagers are in bed
    sleepers = [v for v in sim.villagers if v.use == "sleep" and v.using is not None]
    assert sleepers
    v = sleepers[0]
    bed = sim.town.object(v.using)
    assert bed.use == "sleep" and v.tile in bed.use_tiles
    assert sim.town.object_state(bed.oid) == "occupied"
    assert (bed.oid, "occupied") in sim.snapshot().object_states


def test_headless_cli_writes_the_report_fields(tmp_path):
    report_path = tmp_path / "r.json"
    out = subprocess.run(
        [sys.executable, "main.py", "--headless", "--days", "0.02", "--agents", "5", "--seed", "3",
         "--mind", "routine", "--report", str(report_path)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    assert "agent-steps/s" in out.stdout
    report = json.loads(report_path.read_text())
    for key in ("seed", "agents", "steps", "game_seconds", "wall_seconds", "agent_steps_per_second", "villagers"):
        assert key in report
    assert report["agents"] == 5 and report["seed"] == 3 and report["steps"] == 173
    assert report["game_seconds"] == 1730
    assert {"name", "tile", "place", "action"} <= set(report["villagers"][0])


def test_wrong_flags_get_argparse_errors():
    out = subprocess.run([sys.executable, "main.py", "--headless", "--days", "soon"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 2 and "--days" in out.stderr and "expected a number" in out.stderr
    out = subprocess.run([sys.executable, "main.py", "--agents", "0"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "at least 1" in out.stderr
