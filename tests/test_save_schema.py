"""A save is checked by the codec's schema as it loads: a missing field, a wrong type or an unknown field is
refused with one line naming the file and the field's path, and the running town stays as it was; a save
written before the schema changed (by the game as it was) still loads."""

from __future__ import annotations

import copy
import gzip
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from game.mayor import install_mayor
from game.save import SaveError, SaveFile, capture, load_town, read_save, write_save
from game.save.slots import install
from game.save.store import SCHEMA_VERSION
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.sim.runner import Runner
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parent.parent
# Written by the game before the codec (commit 98ce7df, save schema 1):
#   main.py --headless --lockstep --agents 2 --mayor rules --days 0.28 --save main-schema1.tinytown
# Day 1, 12:43: five villagers (three recruited by the rule mayor), a gym built on lot (2, 3).
SCHEMA1_SAVE = ROOT / "tests" / "data" / "main-schema1.tinytown.gz"
# Written by the second landing (commit 8cad13b, save schema 2, float32 embeddings):
#   main.py --headless --lockstep --agents 3 --mayor rules --days 0.3 --save main-schema2.tinytown
#   main.py --import-ga CAST --ga-history CSV --save ga-schema2.tinytown  (the cast bench_smallville writes)
SCHEMA2_SAVE = ROOT / "tests" / "data" / "main-schema2.tinytown.gz"
GA_SCHEMA2_SAVE = ROOT / "tests" / "data" / "ga-schema2.tinytown.gz"


@cache
def town_map() -> TownMap:
    return TownMap(DEFAULT_MAP)


def mayor_town(town_map: TownMap, agents: int = 0, kind: str = "rules") -> Simulation:
    sim = Simulation(town_map, agents=agents, cast=[] if agents == 0 else None, seed=1,
                     mind=make_mind("generative", {"backend": "offline"}, lockstep=True))
    install_mayor(sim, kind)
    return sim


@cache
def small_town_save() -> SaveFile:
    sim = mayor_town(town_map(), agents=3)
    sim.run_steps(400)
    return capture(sim)


def damaged(tmp_path: Path, change: Callable[[dict], None]) -> Path:
    """A save of the small mayor town with one change made to its parts."""
    save = small_town_save()
    parts = copy.deepcopy(save.parts)
    change(parts)
    return write_save(tmp_path / "damaged.tinytown", SaveFile(save.meta, parts))


def refusal(path: Path) -> str:
    with pytest.raises(SaveError) as err:
        load_town(path, mayor_town)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def set_energy(parts: dict) -> None:
    parts["villagers"][2]["vitals"]["energy"] = "rested"


def test_a_wrong_type_is_refused_with_the_field_path(tmp_path: Path) -> None:
    message = refusal(damaged(tmp_path, set_energy))
    assert "villagers[2].vitals.energy: expected a number" in message


def test_a_missing_field_is_refused_with_the_field_path(tmp_path: Path) -> None:
    def drop_age(parts: dict) -> None:
        del parts["villagers"][0]["persona"]["age"]

    assert "villagers[0].persona.age: missing" in refusal(damaged(tmp_path, drop_age))


def test_an_unknown_field_is_refused_with_the_field_path(tmp_path: Path) -> None:
    def add_mood(parts: dict) -> None:
        parts["components"]["economy"]["mood"] = "cheerful"

    assert "components.economy.mood: unknown field" in refusal(damaged(tmp_path, add_mood))


@pytest.mark.parametrize(("change", "where"), [
    (lambda p: p["villagers"][1]["plan"]["tasks"].update({"noon": []}), "villagers[1].plan.tasks.noon: expected a "
                                                                         "whole number as the key"),
    (lambda p: p["villagers"][1]["persona"].update(wake="7 o'clock"), "villagers[1].persona.wake: expected a time"),
    (lambda p: p["villagers"][0].update(path=[[3, 4], [3]]), "villagers[0].path[1]: expected a list of 2 values"),
    (lambda p: p["clock"].update(speed="warp"), "clock.speed: expected one of"),
    (lambda p: p["villagers"][0].update(cash=True), "villagers[0].cash: expected a whole number"),
    (lambda p: p["components"]["economy"]["ledger"].append(["outside", "treasury", "5", "gift", "", 0]),
     "components.economy.ledger[0].amount: expected a whole number"),
    (lambda p: p["components"]["mayor"]["record"].append(["by", "me"]), "components.mayor.record[0]: expected an "
                                                                        "object"),
    (lambda p: p["buildings"].append({"type": "gym", "lot": "B3", "name": "Gym"}), "buildings[0].lot"),
    (lambda p: p.update(weather="rain"), "weather: unknown field"),
])
def test_every_declared_part_names_its_bad_field(tmp_path: Path, change: Callable[[dict], None], where: str) -> None:
    def with_empty_books(parts: dict) -> None:
        parts["components"]["economy"]["ledger"] = []
        parts["components"]["mayor"]["record"] = []
        change(parts)

    assert where in refusal(damaged(tmp_path, with_empty_books))


def test_bad_memory_data_in_the_mind_is_refused_in_one_line(tmp_path: Path) -> None:
    def corrupt(parts: dict) -> None:
        parts["mind"]["minds"]["1"]["memory"]["nodes"][3]["importance"] = "very"

    assert "nodes[3].importance: expected a whole number" in refusal(damaged(tmp_path, corrupt))


def test_a_refused_load_leaves_the_running_town_alone(tmp_path: Path) -> None:
    path = damaged(tmp_path, set_energy)
    sim = mayor_town(town_map(), agents=3)
    sim.run_steps(30)
    runner = Runner(sim, speed="pause")
    install(runner, mayor_town)
    before = sim.get_state()
    replies: list[object] = []
    runner.send("load", reply=replies.append, path=str(path))
    runner.drain()
    assert isinstance(replies[0], SaveError) and "villagers[2].vitals.energy" in str(replies[0])
    assert runner.sim is sim and sim.get_state() == before


def test_the_command_line_names_the_field_in_one_line(tmp_path: Path) -> None:
    path = damaged(tmp_path, set_energy)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--headless", "--mayor", "rules", "--load", str(path),
                           "--days", "0.01"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("tinytown:")]
    assert len(lines) == 1 and str(path) in lines[0] and "villagers[2].vitals.energy: expected a number" in lines[0]


def saved_routes(packed: bytes) -> dict:
    """A save's routes: {(start, goal): tiles, or None for no route}."""
    data, out, i = list(memoryview(packed).cast("i")), {}, 0
    while i < len(data):
        sx, sy, gx, gy, n = data[i: i + 5]
        i += 5
        xs, ys = data[i: i + 2 * n: 2], data[i + 1: i + 2 * n: 2]
        out[(sx, sy), (gx, gy)] = None if n < 0 else tuple(zip(xs, ys, strict=True))
        i += 2 * max(n, 0)
    return out


def test_a_save_written_by_the_game_before_the_codec_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "old.tinytown"
    path.write_bytes(gzip.decompress(SCHEMA1_SAVE.read_bytes()))
    old = read_save(path)
    assert old.meta["schema_version"] == SCHEMA_VERSION  # read_save upgraded it from 1
    sim = load_town(path, mayor_town)
    parts = {k: v for k, v in old.parts.items() if k != "buildings"}
    assert "kind" not in parts["components"]["mayor"]  # schema 2: the loading run's mayor decides
    routes = parts.pop("routes")
    assert {k: v for k, v in sim.get_state().items() if k != "routes"} == parts
    # That save kept each route twice (there and back); every one comes back, tile for tile, kept once.
    saved = saved_routes(routes["routes"])
    assert len(sim.town.routes) < len(saved)
    assert saved and all(sim.town.routes.route(s, g) == tiles for (s, g), tiles in saved.items())
    assert saved_routes(sim.get_state()["routes"]["routes"]).keys() <= saved.keys()
    assert [b["name"] for b in sim.components["mayor"].built] == ["Iron Works Gym"]  # type: ignore[attr-defined]
    assert "Iron Works Gym" in sim.town.map.sectors
    assert len(sim.villagers) == 5
    sim.run_steps(360)  # and it lives on
    assert sim.now.hour == 13


def test_the_mayor_kind_comes_from_the_run_that_loads(tmp_path: Path) -> None:
    sim = mayor_town(town_map(), agents=2, kind="rules")
    sim.run_steps(10)
    path = write_save(tmp_path / "rules.tinytown", capture(sim))
    loaded = load_town(path, lambda m: mayor_town(m, kind="none"))
    assert loaded.components["mayor"].kind == "none"  # type: ignore[attr-defined]
    assert loaded.components["mayor"].decider is None  # type: ignore[attr-defined]


def test_a_routine_town_without_components_still_loads(tmp_path: Path) -> None:
    sim = Simulation(town_map(), agents=2, mind=RoutineMind())
    sim.run_steps(50)
    path = write_save(tmp_path / "plain.tinytown", capture(sim))
    loaded = load_town(path, lambda m: Simulation(m, agents=0, cast=[], mind=RoutineMind()))
    assert loaded.get_state() == sim.get_state()


@pytest.mark.parametrize(("change", "path"), [
    (lambda p: p["mind"].update(next_cid="7"), "mind.next_cid: expected a whole number"),
    (lambda p: p["mind"]["ledger"].update(by_step={"plan_day": {"calls": 1}}),
     "mind.ledger.by_step.plan_day.prompt_tokens: missing"),
    (lambda p: p["routes"].update(hits=1.5), "routes.hits: expected a whole number"),
    (lambda p: p["events"][0].pop(), "events[0]: expected a list of 5 values"),
    (lambda p: p["mind"].pop("finished"), "mind.finished: missing"),
])
def test_the_mind_routes_ledger_and_log_are_checked_by_the_same_schema(
        tmp_path: Path, change: Callable[[dict], None], path: str) -> None:
    message = refusal(damaged(tmp_path, change))
    assert path in message, message


def test_a_save_of_the_second_landing_loads_and_lives_on(tmp_path: Path) -> None:
    path = tmp_path / "landing2.tinytown"
    path.write_bytes(gzip.decompress(SCHEMA2_SAVE.read_bytes()))
    sim = load_town(path, lambda m: mayor_town(m))
    memories = [m for mind in sim.mind.minds.values() for m in mind.memory.nodes]  # type: ignore[attr-defined]
    assert len(sim.villagers) >= 3 and memories
    before = sim.now.seconds
    sim.run_steps(120)
    assert sim.now.seconds > before
    again = write_save(tmp_path / "again.tinytown", capture(sim))
    assert read_save(again).meta["schema_version"] == SCHEMA_VERSION


def test_an_imported_town_of_the_second_landing_loads_with_no_place_renamed(tmp_path: Path) -> None:
    from game.save.ga_import import GACast

    path = tmp_path / "ga2.tinytown"
    path.write_bytes(gzip.decompress(GA_SCHEMA2_SAVE.read_bytes()))
    old = read_save(path)
    assert old.meta["schema_version"] == SCHEMA_VERSION and old.parts["components"]["ga"]["renamed"] == {}

    def build(town: TownMap) -> Simulation:
        sim = Simulation(town, agents=0, cast=[], seed=1, mind=make_mind("generative", {"backend": "offline"},
                                                                         lockstep=True))
        return sim

    sim = load_town(path, build)
    record = sim.components["ga"]
    assert isinstance(record, GACast) and record.places and record.renamed == {}
    assert len(sim.villagers) == 25
    sim.run_steps(60)
