"""Saving and loading a town: every part round-trips, a half-day split changes nothing, keys stay out,
bad saves never touch the running town, autosaves rotate."""

from __future__ import annotations

import copy
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.agents.mind import Relation
from game.config import load_settings
from game.save import SaveError, SaveFile, capture, load_town, read_save, save_town, write_save
from game.save import store as store_module
from game.save.slots import AUTOSAVES, Autosaver, install, latest_save, slot_path
from game.sim import headless
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.sim.runner import Runner
from game.sim.setup import make_mind
from game.vectors import dequantize
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = {"wall_seconds", "agent_steps_per_second"}


class Ledgerbook:
    """A stand-in component (the economy/mayor kind): state in, state out."""

    def __init__(self) -> None:
        self.entries: list[list] = []

    def get_state(self) -> dict:
        return {"entries": [list(e) for e in self.entries]}

    def set_state(self, state: dict) -> None:
        self.entries = [list(e) for e in state["entries"]]

    def report_extras(self, sim: Simulation) -> dict:
        return {}


def generative_town(town_map: TownMap | None = None, agents: int = 4, cast: list | None = None) -> Simulation:
    mind = make_mind("generative", {"backend": "offline"}, lockstep=True)
    sim = Simulation(town_map or TownMap(DEFAULT_MAP), agents=agents if cast is None else 0, seed=3, mind=mind,
                     cast=cast)
    sim.components["ledgerbook"] = Ledgerbook()
    return sim


def empty_generative(town_map: TownMap) -> Simulation:
    return generative_town(town_map, cast=[])


def test_every_part_round_trips(tmp_path: Path) -> None:
    sim = generative_town()
    sim.run_steps(900)  # 2.5 game hours: plans, memories, conversations under way
    sim.components["ledgerbook"].entries.append(["wage", 12])
    sim.mind.minds[1].relations["the player"] = Relation(chats=2, impression="a friendly visitor", affinity=3)
    path = save_town(sim, tmp_path / "town.tinytown")
    loaded = load_town(path, empty_generative)
    assert loaded.get_state() == sim.get_state()
    assert loaded.components["ledgerbook"].entries == [["wage", 12]]
    # The hidden parts the report and the next steps depend on came back too.
    assert {v: m.seen for v, m in loaded.mind.minds.items()} == {v: m.seen for v, m in sim.mind.minds.items()}
    assert loaded.mind.ledger.get_state() == sim.mind.ledger.get_state()
    assert [v.conversation for v in loaded.villagers] == [v.conversation for v in sim.villagers]
    assert loaded.mind.minds[1].relations["the player"].impression == "a friendly visitor"
    # Saving the loaded town gives the same parts again.
    assert read_save(save_town(loaded, tmp_path / "again.tinytown")).parts == read_save(path).parts


def test_memory_vectors_are_blobs_not_text(tmp_path: Path) -> None:
    sim = generative_town(agents=2)
    sim.run_steps(120)
    path = save_town(sim, tmp_path / "town.tinytown")
    con = sqlite3.connect(path)
    sizes = [n for (n,) in con.execute("SELECT length(data) FROM blobs")]
    mind_json = con.execute("SELECT data FROM parts WHERE name = 'mind'").fetchone()[0]
    con.close()
    streams = [m.memory.embedded for m in sim.mind.minds.values()]
    assert all(n * 384 in sizes and n * 4 in sizes for n in streams)  # int8 rows and their scales per villager
    assert mind_json.count('"codes":{"$blob":') == len(streams)  # and the rows are not in the JSON


@pytest.mark.parametrize("schema, dtype", [(2, "<f4"), (3, "<f2")])
def test_a_save_with_float_embeddings_loads_and_retrieves_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   schema: int, dtype: str) -> None:
    sim = generative_town(agents=2)
    sim.run_steps(120)
    now = read_save(save_town(sim, tmp_path / "now.tinytown"))
    old = SaveFile(dict(now.meta), copy.deepcopy(now.parts))
    for mindset in old.parts["mind"]["minds"].values():  # as schema 2 (float32) or 3 (float16) wrote them
        memory = mindset["memory"]
        codes = np.frombuffer(memory.pop("codes"), dtype="<i1").reshape(-1, 384)
        rows = dequantize(codes, np.frombuffer(memory.pop("scales"), dtype="<f4"))
        memory["vectors"] = rows.astype(dtype).tobytes()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", schema)
    path = write_save(tmp_path / f"schema{schema}.tinytown", old)
    monkeypatch.undo()
    upgraded = read_save(path)
    for vid, mindset in upgraded.parts["mind"]["minds"].items():  # the same codes again, the scales within 0.1%
        memory, was = mindset["memory"], now.parts["mind"]["minds"][vid]["memory"]
        assert memory["codes"] == was["codes"] and len(memory["codes"]) > 0
        assert np.allclose(np.frombuffer(memory["scales"], "<f4"), np.frombuffer(was["scales"], "<f4"), rtol=1e-3)
    loaded = load_town(path, empty_generative)
    v = sim.villagers[0]
    query = f"{v.name}'s plans for today"
    assert [n.nid for n in loaded.mind.search(loaded, loaded.villagers[0], query)] == \
        [n.nid for n in sim.mind.search(sim, v, query)]


def run_report(sim: Simulation, days: float) -> dict:
    report = headless.run(sim, days)
    return {k: v for k, v in report.items() if k not in VOLATILE}


def test_half_a_day_saved_and_loaded_runs_on_exactly_like_one_run(tmp_path: Path) -> None:
    town_map = TownMap(DEFAULT_MAP)
    whole = run_report(generative_town(town_map), 0.25)
    first = generative_town(town_map)
    headless.run(first, 0.125)
    path = save_town(first, tmp_path / "half.tinytown")
    resumed = load_town(path, empty_generative)
    second = run_report(resumed, 0.125)
    # Only the count of steps run in this invocation differs; the town's clock and everything else agree.
    assert second.pop("steps") * 2 == whole.pop("steps")
    assert second.pop("game_seconds") * 2 == whole.pop("game_seconds")
    assert second == whole


def test_exactness_through_the_command_line_in_fresh_processes(tmp_path: Path) -> None:
    # The rule mayor builds on a lot in the first half day: the load re-stamps it and the town goes on alike.
    common = [sys.executable, str(ROOT / "main.py"), "--headless", "--lockstep", "--agents", "4", "--mayor", "rules"]

    def run(*extra: str) -> None:
        subprocess.run([*common, *extra], check=True, capture_output=True, cwd=tmp_path, timeout=600)

    run("--days", "1", "--report", "whole.json")
    run("--days", "0.5", "--save", "half.tinytown")
    run("--load", "half.tinytown", "--days", "0.5", "--report", "second.json")
    whole = json.loads((tmp_path / "whole.json").read_text())
    second = json.loads((tmp_path / "second.json").read_text())
    for report in (whole, second):
        for key in VOLATILE:
            report.pop(key)
    assert read_save(tmp_path / "half.tinytown").parts["buildings"]
    assert second.pop("steps") * 2 == whole.pop("steps")
    assert second.pop("game_seconds") * 2 == whole.pop("game_seconds")
    assert second == whole


def test_saves_hold_the_backend_but_never_the_key(tmp_path: Path) -> None:
    secret = "sk-test-do-not-save-0123456789"
    settings = load_settings({"backend": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "town-model",
                              "api_key": secret}, env={}, file={})
    mind = RoutineMind()
    mind.settings = settings  # type: ignore[attr-defined]
    sim = Simulation(TownMap(DEFAULT_MAP), agents=2, mind=mind)
    path = save_town(sim, tmp_path / "keyed.tinytown")
    assert secret.encode() not in path.read_bytes()
    llm = read_save(path).meta["llm"]
    assert llm["backend"] == "openai"
    assert llm["endpoints"] == [{"base_url": "http://127.0.0.1:9/v1", "model": "town-model", "embedding_model": None}]


def test_a_villager_whose_home_is_gone_is_refused_with_the_file_named(tmp_path: Path) -> None:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=2, mind=RoutineMind())
    save = capture(sim)
    save.parts["villagers"][1]["home"] = "Castle Nowhere"
    path = write_save(tmp_path / "moved.tinytown", save)
    with pytest.raises(SaveError) as err:
        load_town(path, lambda m: Simulation(m, agents=0, cast=[], mind=RoutineMind()))
    message = str(err.value)
    assert str(path) in message and "Castle Nowhere" in message and "\n" not in message


def test_a_newer_schema_is_refused_and_an_older_one_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=2, mind=RoutineMind())
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 3)
    future = save_town(sim, tmp_path / "future.tinytown")
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    with pytest.raises(SaveError, match="newer Tinytown"):
        read_save(future)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 1)
    old = save_town(sim, tmp_path / "old.tinytown")
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)

    def rename_town(meta: dict, parts: dict) -> None:
        meta["town"] = meta["town"].upper()

    monkeypatch.setitem(store_module.MIGRATIONS, 1, rename_town)
    upgraded = read_save(old)
    assert upgraded.meta["schema_version"] == 2
    assert upgraded.meta["town"] == sim.town.name.upper()


def test_a_failed_load_leaves_the_running_town_alone(tmp_path: Path) -> None:
    town_map = TownMap(DEFAULT_MAP)
    sim = Simulation(town_map, agents=3, mind=RoutineMind())
    sim.run_steps(50)
    runner = Runner(sim, speed="pause")
    install(runner, lambda m: Simulation(m, agents=0, cast=[], mind=RoutineMind()))
    bad = tmp_path / "bad.tinytown"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 3000)
    before = sim.get_state()
    replies: list[object] = []
    runner.send("load", reply=replies.append, path=str(bad))
    runner.drain()
    assert isinstance(replies[0], SaveError)
    assert runner.sim is sim and sim.get_state() == before
    assert bad.read_bytes() == b"SQLite format 3\x00" + b"\x07" * 3000
    assert str(bad) in runner.message

    good = tmp_path / "good.tinytown"
    runner.send("save", reply=replies.append, path=str(good))
    runner.drain()
    sim.run_steps(30)
    runner.send("load", reply=replies.append, path=str(good))
    runner.drain()
    assert replies[1:] == [good, good]
    assert runner.sim is not sim and runner.sim.clock.steps == 50


def test_autosaves_rotate_through_three_slots_keeping_the_last_three(tmp_path: Path) -> None:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=2, mind=RoutineMind())
    autosaver = Autosaver(tmp_path)
    sim.step_hooks.append(autosaver)
    hours = []
    for _ in range(5):
        sim.run_steps(360)  # one game hour
        autosaver.wait()
        hours.append(str(sim.now))
    kept = sorted(read_save(slot_path(n, tmp_path)).meta["clock"] for n in AUTOSAVES)
    assert kept == sorted(hours[-3:])
    assert len(autosaver.written) == 5
    assert latest_save(tmp_path).meta["clock"] == hours[-1]


def test_the_command_line_refuses_a_bad_save_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "junk.tinytown"
    bad.write_bytes(b"\x00not a save at all" * 40)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--headless", "--load", str(bad), "--days", "0.01"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("tinytown:")]
    assert len(lines) == 1 and str(bad) in lines[0]
    assert "Traceback" not in done.stderr
