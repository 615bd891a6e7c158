"""Generative Agents casts become villagers: a Smallville-style persona folder and a history CSV, written here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.save import GAImportError, import_ga, load_town, save_town
from game.save.ga_import import read_ga
from game.sim.engine import Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parent.parent


def write_persona(root: Path, name: str, learned: str, nodes: dict) -> Path:
    folder = root / "personas" / name
    (folder / "bootstrap_memory" / "associative_memory").mkdir(parents=True)
    scratch = {
        "name": name, "first_name": name.split()[0], "last_name": name.split()[1], "age": 34,
        "innate": "friendly, outgoing, hospitable", "learned": learned,
        "currently": f"{name.split()[0]} is planning a Valentine's Day party at the cafe.",
        "lifestyle": f"{name} goes to bed around 11pm, awakes up around 6am.",
        "living_area": f"the Ville:{name}'s apartment:main room",
    }
    (folder / "bootstrap_memory" / "scratch.json").write_text(json.dumps(scratch), encoding="utf-8")
    (folder / "bootstrap_memory" / "associative_memory" / "nodes.json").write_text(json.dumps(nodes),
                                                                                   encoding="utf-8")
    return folder


def node(count: int, kind: str, created: str, description: str, poignancy: int, filling: object = None,
         predicate: str = "is") -> dict:
    return {"node_count": count, "type_count": count, "type": kind, "depth": 0, "created": created,
            "expiration": None, "subject": "Isabella Rodriguez", "predicate": predicate, "object": "x",
            "description": description, "embedding_key": description, "poignancy": poignancy,
            "keywords": ["x"], "filling": filling if filling is not None else []}


@pytest.fixture
def smallville(tmp_path: Path) -> Path:
    nodes = {  # GA writes newest first; the importer orders by node_count
        "node_3": node(3, "thought", "2023-02-13 20:17:10", "Isabella is excited about the party", 9,
                       ["node_1", "node_2"]),
        "node_2": node(2, "chat", "2023-02-13 14:00:00", "conversing about the party decorations", 6),
        "node_1": node(1, "event", "2023-02-13 09:30:00", "Maria Lopez is drinking coffee", 3),
        "node_4": node(4, "thought", "2023-02-14 00:00:00", "This is Isabella's plan for Tuesday", 5,
                       predicate="plan"),
    }
    write_persona(tmp_path, "Isabella Rodriguez",
                  "Isabella Rodriguez is a cafe owner of Hobbs Cafe who loves to make people feel welcome. "
                  "She is friends with Maria Lopez.", nodes)
    write_persona(tmp_path, "Maria Lopez", "Maria Lopez is a student at Oak Hill College who streams games.",
                  {"node_1": node(1, "event", "2023-02-13 10:00:00", "Isabella Rodriguez is serving coffee", 2)})
    return tmp_path


def build(town_map: TownMap, cast: list) -> Simulation:
    mind = make_mind("generative", {"backend": "offline"}, lockstep=True)
    return Simulation(town_map, agents=len(cast), cast=cast, mind=mind)


def test_a_smallville_folder_becomes_villagers_with_their_memories(smallville: Path, tmp_path: Path) -> None:
    sim = import_ga(smallville, build)
    isabella, maria = sim.villagers
    assert (isabella.name, maria.name) == ("Isabella Rodriguez", "Maria Lopez")
    assert isabella.persona.workplace == "cafe" and maria.persona.workplace == "school"
    assert isabella.persona.wake == 6 * 60 and isabella.persona.sleep == 23 * 60
    assert isabella.persona.traits == ("friendly", "outgoing", "hospitable")
    assert isabella.persona.knows == {"Maria Lopez": "neighbour"}
    stream = sim.mind.minds[isabella.vid].memory
    imported = stream.nodes[-4:]
    assert [(n.kind, n.description, n.importance) for n in imported] == [
        ("observation", "Maria Lopez is drinking coffee", 3),
        ("chat", "conversing about the party decorations", 6),
        ("reflection", "Isabella is excited about the party", 9),
        ("plan", "This is Isabella's plan for Tuesday", 5),
    ]
    assert imported[2].evidence == (imported[0].nid, imported[1].nid)
    # Day 1 is 2023-02-13; the town wakes at 06:00 after the last memory (Day 2, 00:00).
    assert imported[0].created == 9 * 3600 + 30 * 60
    assert imported[3].created == 24 * 3600
    assert str(sim.now) == "Day 2, 06:00"
    # The imported town saves, loads and lives on.
    loaded = load_town(save_town(sim, tmp_path / "ga.tinytown"),
                       lambda m: build(m, []))
    assert [n.description for n in loaded.mind.minds[0].memory.nodes] == [n.description for n in stream.nodes]
    loaded.run_steps(60)
    assert loaded.now.day == 2


def test_a_history_csv_in_both_spellings(tmp_path: Path) -> None:
    ga_csv = tmp_path / "agent_history_init_n3.csv"
    ga_csv.write_text('Name,Whisper\nIsabella Rodriguez,"Isabella is planning a party; Isabella likes jazz"\n'
                      "Ada Brook,Ada moved to town last week\n", encoding="utf-8")
    people = read_ga(ga_csv)
    assert [(p.persona.name, [m.text for m in p.memories]) for p in people] == [
        ("Isabella Rodriguez", ["Isabella is planning a party", "Isabella likes jazz"]),
        ("Ada Brook", ["Ada moved to town last week"]),
    ]
    plain = tmp_path / "history.csv"
    plain.write_text("Ada Brook;Ada loves the library;Ada fears dogs\n", encoding="utf-8")
    sim = import_ga(plain, build)
    memories = [n.description for n in sim.mind.minds[0].memory.nodes]
    assert memories[-2:] == ["Ada loves the library", "Ada fears dogs"]
    assert all(n.kind == "thought" for n in sim.mind.minds[0].memory.nodes[-2:])


def test_files_that_are_not_a_cast_say_so(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(GAImportError, match="no Generative Agents persona"):
        read_ga(tmp_path / "empty")
    broken = tmp_path / "broken"
    (broken / "bootstrap_memory").mkdir(parents=True)
    (broken / "bootstrap_memory" / "scratch.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GAImportError, match=r"scratch\.json"):
        read_ga(broken)


def test_the_command_line_imports_and_saves(smallville: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported.tinytown"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--import-ga", str(smallville), "--save", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "imported 2 villagers" in done.stdout and out.is_file()
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "--import-ga", str(tmp_path / "nope")],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert bad.returncode != 0 and "nope" in bad.stderr and "Traceback" not in bad.stderr
