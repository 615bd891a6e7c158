"""Generative Agents casts become villagers with their lives: storage folders laid out as the reference
repository lays them out, and history CSVs, written here with a handful of personas of our own."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from game.agents import reflect
from game.agents.perception import perceive
from game.agents.retrieve import DEFAULT_WEIGHTS, weights_for
from game.clock import DEFAULT_START_DATE, Clock
from game.save import GAImportError, import_ga, load_town, save_town
from game.sim import headless
from game.sim.engine import Simulation
from game.sim.interview import interview
from game.sim.news import install_news
from game.sim.player import mind_view
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parent.parent
WORLD = "the Ville"


def node(count: int, kind: str, created: str, subject: str, description: str, poignancy: int,
         filling: object = None, predicate: str = "is", obj: str = "x") -> dict:
    return {"node_count": count, "type_count": count, "type": kind, "depth": 0, "created": created,
            "expiration": None, "subject": subject, "predicate": predicate, "object": obj,
            "description": description, "embedding_key": description, "poignancy": poignancy,
            "keywords": [], "filling": filling if filling is not None else []}


def write_persona(root: Path, name: str, learned: str, currently: str, lifestyle: str, plan_req: str, living: str,
                  places: list[str], nodes: dict | None = None, age: int = 30, **settings: object) -> None:
    boot = root / "personas" / name / "bootstrap_memory"
    (boot / "associative_memory").mkdir(parents=True)
    scratch = {"vision_r": 8, "att_bandwidth": 8, "retention": 8, "curr_time": None, "curr_tile": None,
               "daily_plan_req": plan_req, "name": name, "first_name": name.split()[0], "last_name": name.split()[-1],
               "age": age, "innate": "kind, curious, patient", "learned": learned, "currently": currently,
               "lifestyle": lifestyle, "living_area": f"{WORLD}:{living}:main room", "concept_forget": 100,
               "recency_w": 1, "relevance_w": 1, "importance_w": 1, "recency_decay": 0.995,
               "importance_trigger_max": 150, "importance_trigger_curr": 150, "importance_ele_n": 0,
               "daily_req": [], "f_daily_schedule": [], "chatting_with": None, "chat": None,
               "chatting_with_buffer": {}, "act_path_set": False, "planned_path": []}
    scratch.update(settings)
    (boot / "scratch.json").write_text(json.dumps(scratch, indent=2), encoding="utf-8")
    spatial = {WORLD: {living: {"main room": ["bed", "desk"], "bathroom": ["shower"]},
                       **{p: {"main room": ["counter"]} for p in places}}}
    (boot / "spatial_memory.json").write_text(json.dumps(spatial), encoding="utf-8")
    (boot / "associative_memory" / "nodes.json").write_text(json.dumps(nodes or {}), encoding="utf-8")
    (boot / "associative_memory" / "kw_strength.json").write_text(
        json.dumps({"kw_strength_event": {}, "kw_strength_thought": {}}), encoding="utf-8")
    (boot / "associative_memory" / "embeddings.json").write_text("{}", encoding="utf-8")


def write_meta(root: Path, names: list[str], start: str = "February 13, 2023",
               now: str = "February 13, 2023, 00:00:00") -> None:
    (root / "reverie").mkdir(exist_ok=True)
    meta = {"fork_sim_code": "test_n7", "start_date": start, "curr_time": now, "sec_per_step": 10,
            "maze_name": "the_ville", "persona_names": names, "step": 0}
    (root / "reverie" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def write_history(path: Path, rows: list[tuple[str, str]], header: tuple[str, str] = ("Name", "Whisper")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path


KLAUS_NODES = {  # GA writes newest first; the importer orders by node_count
    # The reference code's placeholder after an empty reflection: its filling is a bare id, not a list.
    "node_4": node(4, "thought", "2023-02-12 20:00:00", "Klaus Mueller", "this is blank", 5, "node_1"),
    "node_3": node(3, "thought", "2023-02-12 20:00:00", "Klaus Mueller", "Klaus Mueller has a crush on Maria Lopez",
                   7, ["node_1"], predicate="have", obj="crush"),
    "node_2": node(2, "event", "2023-02-12 13:10:00", f"{WORLD}:Oak Hill College:library:library table",
                   "library table is idle", 1),
    "node_1": node(1, "chat", "2023-02-12 13:00:00", "Klaus Mueller", "conversing about the physics exam", 4,
                   [["Klaus Mueller", "How did the exam go?"], ["Maria Lopez", "Better than I feared!"]],
                   predicate="chat with", obj="Maria Lopez"),
}
CAST = ["Isabella Rodriguez", "Maria Lopez", "Klaus Mueller", "Tom Moreno", "Jane Moreno", "Ryan Park",
        "Arthur Burton"]


@pytest.fixture
def ville(tmp_path: Path) -> Path:
    root = tmp_path / "base_the_ville_n7"
    write_persona(root, "Isabella Rodriguez",
                  "Isabella Rodriguez is the owner of Hobbs Cafe who loves to make people feel welcome. "
                  "She is friends with Maria Lopez.",
                  "Status: Isabella Rodriguez is planning on having a Valentine's Day party at Hobbs Cafe on "
                  "February 14th, 2023 at 5pm.",
                  "Isabella Rodriguez goes to bed around 11pm, awakes up around 6am.",
                  "Isabella Rodriguez opens Hobbs Cafe at 8am everyday, and works at the counter until 8pm, at "
                  "which point she closes the cafe.",
                  "Isabella Rodriguez's apartment", ["Hobbs Cafe", "The Rose and Crown Pub", "Johnson Park"], age=34,
                  recency_w=2, recency_decay=0.99, importance_trigger_max=40, vision_r=3, att_bandwidth=2,
                  retention=2)
    write_persona(root, "Maria Lopez", "Maria Lopez is a student at Oak Hill College studying physics. She has a "
                  "crush on Klaus Mueller.", "Status: Maria Lopez is working on her physics degree.",
                  "Maria Lopez goes to bed around 2am, awakes up around 9am.",
                  "Maria Lopez studies at Oak Hill College from 10am to 3pm.", "Dorm for Oak Hill College",
                  ["Oak Hill College", "Hobbs Cafe"], age=21)
    write_persona(root, "Klaus Mueller", "Klaus Mueller is a student at Oak Hill College studying sociology.",
                  "Status: Klaus Mueller is excited to attend the party.",
                  "Klaus Mueller goes to bed around midnight, awakes up around 7am.",
                  "Klaus goes to the library at Oak Hill College early every morning.", "Dorm for Oak Hill College",
                  ["Oak Hill College"], KLAUS_NODES, age=20)
    write_persona(root, "Tom Moreno", "Tom Moreno is a shopkeeper at The Willows Market and Pharmacy. He is married "
                  "to Jane Moreno.", "Tom Moreno is fixing the shop's fridge.",
                  "Tom Moreno goes to bed around 10pm, awakes up around 6am.",
                  "Tom works at The Willows Market and Pharmacy from 9am to 5pm.", "Moreno family's house",
                  ["The Willows Market and Pharmacy"], age=45)
    write_persona(root, "Jane Moreno", "Jane Moreno is a housewife who loves gardening.",
                  "Jane Moreno is planning to attend the Valentine's Day party at Hobbs Cafe on February 14th at 5pm.",
                  "Jane Moreno goes to bed around 10pm, awakes up around 6am.",
                  "Jane tends the garden at home.", "Moreno family's house", ["Johnson Park"], age=43)
    write_persona(root, "Ryan Park", "Ryan Park is a software engineer who writes apps for the town's shops.",
                  "Ryan Park is building an app.", "Ryan Park goes to bed around 1am, awakes up around 8am.",
                  "Ryan works from 10am to 6pm.", "Ryan Park's apartment", [], age=27)
    write_persona(root, "Arthur Burton", "Arthur Burton is the owner of The Rose and Crown Pub.",
                  "Arthur Burton is planning a new cocktail menu.",
                  "Arthur Burton goes to bed around midnight, wakes up around 9am.",
                  "Arthur Burton opens The Rose and Crown Pub at 5pm and closes it at 10pm.",
                  "Arthur Burton's apartment", ["The Rose and Crown Pub"], age=42)
    write_meta(root, CAST)
    write_history(root / "agent_history_init_n7.csv", [
        ("Isabella Rodriguez", "Isabella Rodriguez is planning on having a Valentine's Day party at Hobbs Cafe on "
                               "February 14th, 2023 from 5pm to 7pm; Isabella loves jazz"),
        ("Klaus Mueller", "Klaus thinks Maria is wonderful"),
    ])
    return root


def build(town_map: TownMap, cast: list) -> Simulation:
    mind = make_mind("generative", {"backend": "offline"}, lockstep=True)
    return Simulation(town_map, agents=len(cast), cast=cast, mind=mind)


@pytest.fixture
def town(ville: Path) -> Simulation:
    return import_ga(ville, build, history=ville / "agent_history_init_n7.csv")


def by_name(sim: Simulation) -> dict:
    return {v.name: v for v in sim.villagers}


def test_the_cast_arrives_in_order_on_its_start_date(town: Simulation) -> None:
    assert [v.name for v in town.villagers] == CAST
    assert town.clock.start_date == date(2023, 2, 13)
    assert str(town.now) == "Day 1, 00:00" and town.now.date_text() == "Monday, February 13, 2023"
    assert town.snapshot().date == "Mon 13 Feb 2023"
    # Klaus's memories of the day before the start keep their dates: February 12 is day 0.
    klaus = town.mind.minds[2].memory.nodes
    exam = next(n for n in klaus if n.description == "conversing about the physics exam")
    assert exam.created == -24 * 3600 + 13 * 3600


def test_families_and_students_live_together_with_a_bed_each(town: Simulation) -> None:
    v = by_name(town)
    assert v["Tom Moreno"].home == v["Jane Moreno"].home
    assert town.town.sector(v["Tom Moreno"].home).building_type == "home"
    assert v["Maria Lopez"].home == v["Klaus Mueller"].home
    assert town.town.sector(v["Maria Lopez"].home).building_type == "apartment"
    beds = [x.bed for x in town.villagers]
    assert None not in beds and len(set(beds)) == len(beds)
    assert all(town.town.object(b).sector == x.home for x, b in zip(town.villagers, beds, strict=True))


def test_more_people_than_beds_get_a_new_building(tmp_path: Path) -> None:
    names = [f"Flat Tenant{chr(65 + i)}" for i in range(14)]
    for name in names:
        write_persona(tmp_path, name, f"{name} is a clerk at the town office.", "", "", "", f"{name}'s apartment", [])
    sim = import_ga(tmp_path, build)
    beds = [v.bed for v in sim.villagers]
    assert len(sim.villagers) == 14 and None not in beds and len(set(beds)) == 14
    built = sim.components["ga"].built
    assert len(built) == 1 and sim.town.sector(built[0]).building_type == "apartment"
    assert sim.components["economy"].treasury == 1500  # the importer's grant paid for it


def test_work_places_and_hours_come_from_the_plan_and_lifestyle(town: Simulation) -> None:
    v = by_name(town)
    isabella, arthur, ryan, jane, maria = (v[n] for n in ("Isabella Rodriguez", "Arthur Burton", "Ryan Park",
                                                           "Jane Moreno", "Maria Lopez"))
    places = town.components["ga"].places
    assert isabella.workplace == places["Hobbs Cafe"] and town.town.sector(isabella.workplace).building_type == "cafe"
    assert isabella.persona.work == (8 * 60, 20 * 60) and isabella.persona.occupation == "owner of Hobbs Cafe"
    assert (isabella.persona.wake, isabella.persona.sleep) == (6 * 60, 23 * 60)
    assert arthur.workplace == "The Rose and Crown Pub" and arthur.persona.work == (17 * 60, 22 * 60)
    assert arthur.persona.sleep == 0  # "goes to bed around midnight"
    assert ryan.persona.workplace == "office" and town.town.sector(ryan.workplace).building_type == "office"
    assert ryan.persona.work == (10 * 60, 18 * 60)
    assert jane.workplace is None and jane.persona.work is None
    assert maria.workplace == "Oak Hill College" and maria.persona.work == (10 * 60, 15 * 60)


def test_places_take_their_ga_names_or_are_built_under_them(town: Simulation, tmp_path: Path) -> None:
    record = town.components["ga"]
    # The town's cafe, store and park are called what the cast calls them; their rooms and objects follow.
    assert record.renamed == {"Copper Kettle Cafe": "Hobbs Cafe", "Pennywhistle General Store":
                              "The Willows Market and Pharmacy", "Foxglove Green": "Johnson Park"}
    assert all(ga == town_place for ga, town_place in record.places.items())
    assert "Copper Kettle Cafe" not in town.town.map.sectors and town.town.sector("Hobbs Cafe").building_type == "cafe"
    counter = town.town.objects_of("Hobbs Cafe")
    assert counter and all(o.sector == "Hobbs Cafe" and o.address.startswith("Hobbs Cafe:") for o in counter)
    cafe = town.town.sector("Hobbs Cafe")
    assert town.town.map.place_at(cafe.rect.x + 1, cafe.rect.y + 1)[0] == "Hobbs Cafe"
    assert town.villagers[0].workplace == "Hobbs Cafe"
    assert sorted(record.built) == ["Oak Hill College", "The Rose and Crown Pub"]
    assert town.town.sector("The Rose and Crown Pub").building_type == "restaurant"
    assert town.town.sector("Oak Hill College").building_type == "school"
    assert town.town.sector("Oak Hill College").lot is not None
    mayor = town.components["mayor"]
    assert [r["by"] for r in mayor.record if r["ok"]] == ["import", "import"]
    assert town.components["economy"].treasury == 1500
    loaded = load_town(save_town(town, tmp_path / "ville.tinytown"), lambda m: build(m, []))
    assert loaded.town.sector("The Rose and Crown Pub").building_type == "restaurant"
    assert loaded.clock.start_date == date(2023, 2, 13)
    assert loaded.villagers[0].persona.details["daily_plan_req"].startswith("Isabella Rodriguez opens Hobbs Cafe")
    assert loaded.villagers[0].persona.settings["importance_trigger_max"] == 40


def test_ga_place_names_survive_a_save_and_a_fresh_load(town: Simulation, tmp_path: Path) -> None:
    import main
    from game.launch import load_simulation

    record = town.components["ga"]
    path = save_town(town, tmp_path / "ville.tinytown")
    # A fresh load builds the town as --load does: its builder knows nothing of the import.
    loaded = load_simulation(main.build_parser().parse_args(["--headless", "--load", str(path)]), headless=True)
    again = loaded.components["ga"]
    assert again.places == record.places and again.renamed["Copper Kettle Cafe"] == "Hobbs Cafe"
    assert loaded.town.sector("Hobbs Cafe").building_type == "cafe"
    assert "Copper Kettle Cafe" not in loaded.town.map.sectors
    assert loaded.villagers[0].workplace == "Hobbs Cafe" and loaded.town.objects_of("Hobbs Cafe")
    assert again.built == record.built and again.hosting == record.hosting and again.source == record.source
    report = headless.build_report(loaded, steps=0, wall=0.0)
    assert report["ga_import"]["places"]["The Rose and Crown Pub"] == "The Rose and Crown Pub"
    # Saved again after the load, the names are still there; a damaged record is named, not loaded.
    twice = load_town(save_town(loaded, tmp_path / "again.tinytown"), lambda m: build(m, []))
    assert twice.components["ga"].places == record.places
    from game.save.store import SaveError, read_save, write_save

    save = read_save(path)
    save.parts["components"]["ga"]["places"] = ["Hobbs Cafe"]
    write_save(tmp_path / "broken.tinytown", save)
    with pytest.raises(SaveError, match=r"broken\.tinytown: components\.ga\.places: expected an object"):
        load_town(tmp_path / "broken.tinytown", lambda m: build(m, []))
    save = read_save(path)
    save.parts["components"]["ga"]["renamed"] = {"Nowhere Hall": "Hobbs Cafe"}
    write_save(tmp_path / "unknown.tinytown", save)
    with pytest.raises(SaveError, match=r"unknown\.tinytown: .*Nowhere Hall"):
        load_town(tmp_path / "unknown.tinytown", lambda m: build(m, []))
    # A save from before places were renamed (schema 2) loads with none renamed.
    save = read_save(path)
    del save.parts["components"]["ga"]["renamed"]
    save.meta["schema_version"] = 2
    from game.save.store import MIGRATIONS

    MIGRATIONS[2](save.meta, save.parts)
    assert save.parts["components"]["ga"]["renamed"] == {}


def test_relations_from_persona_text_memories_and_homes(town: Simulation) -> None:
    v = by_name(town)
    knows = {n: x.persona.knows for n, x in v.items()}
    assert knows["Tom Moreno"]["Jane Moreno"] == knows["Jane Moreno"]["Tom Moreno"] == "spouse"
    assert knows["Klaus Mueller"]["Maria Lopez"] == "crush"  # from his memory, not his description
    assert knows["Maria Lopez"]["Klaus Mueller"] == "crush"
    assert knows["Isabella Rodriguez"]["Maria Lopez"] == "friend"
    assert "Ryan Park" not in knows["Isabella Rodriguez"]
    relations = town.mind.minds[v["Klaus Mueller"].vid].relations
    assert relations["Maria Lopez"].relation == "crush"
    answer = interview(town, "Klaus Mueller", "Do you know Maria Lopez?")
    assert "crush" in answer.reply


def test_whispers_to_the_persona_are_remembered_in_their_own_words_and_relate_them(ville: Path, tmp_path: Path) -> None:
    # The reference cast's history CSV speaks to each persona ("You and ... are friends"), in one quoted cell.
    history = write_history(tmp_path / "second_person.csv", [
        ("Klaus Mueller", "This matters a lot -- you have a crush on Maria Lopez; You and Ryan Park are good friends; "
                          "you've known Arthur Burton since he lent you a bike"),
        ("Isabella Rodriguez", "You are throwing a Valentine's Day party at *Hobbs Cafe on February 14th from 5pm*; "
                               "Tom Moreno is your cousin"),
        ("Arthur Burton", "You do not like Ryan Park; You know Jane Moreno as a customer at your pub; You are "
                          "hosting a game night at The Rose and Crown Pub on February 13th at 8pm"),
    ])
    sim = import_ga(ville, build, history=history)
    v = by_name(sim)
    klaus = [n.description for n in sim.mind.minds[v["Klaus Mueller"].vid].memory.nodes]
    assert "This matters a lot -- I have a crush on Maria Lopez" in klaus
    assert "Ryan Park and I are good friends" in klaus
    assert "I've known Arthur Burton since he lent me a bike" in klaus
    isabella = [n.description for n in sim.mind.minds[v["Isabella Rodriguez"].vid].memory.nodes]
    assert "I am throwing a Valentine's Day party at Hobbs Cafe on February 14th from 5pm" in isabella
    knows = {n: x.persona.knows for n, x in v.items()}
    assert knows["Klaus Mueller"]["Maria Lopez"] == "crush"
    assert knows["Klaus Mueller"]["Ryan Park"] == knows["Ryan Park"]["Klaus Mueller"] == "friend"
    assert knows["Isabella Rodriguez"]["Tom Moreno"] == knows["Tom Moreno"]["Isabella Rodriguez"] == "family"
    assert knows["Arthur Burton"]["Ryan Park"] == "rival" and "Arthur Burton" not in knows["Ryan Park"]
    assert knows["Arthur Burton"]["Jane Moreno"] == "customer"
    # A host whose only word of the event is a whisper to them hosts it all the same.
    (game_night,) = sim.mind.minds[v["Arthur Burton"].vid].hosting
    assert (game_night.what, game_night.place, game_night.day, game_night.start) == (
        "game night", "The Rose and Crown Pub", 1, 20 * 60)


def test_families_jobs_and_hours_as_the_reference_cast_writes_them(tmp_path: Path) -> None:
    root = tmp_path / "harbour"
    write_persona(root, "Odile Brandt", "Odile Brandt is a grocer at The Lantern Market and Apothecary who knows "
                  "every customer by name.", "Odile Brandt is living with her husband, Piet Brandt, and daughter, "
                  "Lotte Brandt, and is restocking the spice shelves for the spring.",
                  "Odile Brandt goes to bed around 10pm, awakes up around 5am.",
                  "Odile Brandt opens the Lantern Market and Apothecary at 7am and serves behind the counter.",
                  "Brandt family's house", ["The Lanterns Market and Apothecary"])
    write_persona(root, "Piet Brandt", "Piet Brandt is a ferry pilot.", "Piet Brandt is living with his wife, "
                  "Odile Brandt.", "", "", "Brandt family's house", [])
    write_persona(root, "Lotte Brandt", "Lotte Brandt is a student at Fenwick College studying marine biology and "
                  "oceanography and a part time lifeguard at the lido on summer weekends.", "", "", "",
                  "Brandt family's house", ["Fenwick College"])
    write_persona(root, "Wim Osei", "Wim Osei is a retired sailmaker.", "Wim Osei knows the Brandt family well -- "
                  "the husband Piet Brandt, wife, Odile Brandt, and the daughter Lotte Brandt.", "", "",
                  "Wim Osei's house", ["Quayside Supply Store"])
    sim = import_ga(root, build)
    v = by_name(sim)
    knows = {n: x.persona.knows for n, x in v.items()}
    assert (knows["Odile Brandt"]["Piet Brandt"], knows["Piet Brandt"]["Odile Brandt"]) == ("husband", "wife")
    assert knows["Odile Brandt"]["Lotte Brandt"] == "family"
    # Wim lists a family he knows: no one of it is his husband, wife or daughter.
    assert {knows["Wim Osei"][n] for n in ("Piet Brandt", "Odile Brandt", "Lotte Brandt")} == {"neighbour"}
    odile, piet, lotte = v["Odile Brandt"], v["Piet Brandt"], v["Lotte Brandt"]
    assert odile.persona.goals == ("restock the spice shelves for the spring",)  # living with one's family is no goal
    assert piet.persona.goals == ()
    # Opening at 7am with no closing time is a working day from 7; 'the Lantern Market' is the place the
    # spatial memory spells 'The Lanterns Market and Apothecary', not a second one.
    assert odile.persona.work == (7 * 60, 15 * 60)
    record = sim.components["ga"]
    assert "Lantern Market" not in record.places
    # The town has one store: it takes the name of the one Odile works at; the other GA store is that place.
    assert record.renamed == {"Pennywhistle General Store": "The Lanterns Market and Apothecary"}
    assert record.places["Quayside Supply Store"] == "The Lanterns Market and Apothecary"
    assert odile.workplace == record.places["The Lanterns Market and Apothecary"]
    job = lotte.persona.occupation
    assert job.startswith("student at Fenwick College studying marine biology") and len(job) <= 90
    assert job.split()[-1] in lotte.persona.details["learned"].split()  # cut between words, never inside one
    assert ".." not in odile.persona.describe()


def test_chats_keep_their_lines_and_addresses_are_not_people(town: Simulation) -> None:
    klaus = town.villagers[2]
    nodes = town.mind.minds[klaus.vid].memory.nodes
    texts = [n.description for n in nodes]
    assert "this is blank" not in texts
    assert "Conversation with Maria Lopez: Klaus: How did the exam go? / Maria: Better than I feared!" in texts
    table = next(n for n in nodes if n.description == "library table is idle")
    assert table.subject == ""
    questions = reflect.offline_questions(klaus.persona, list(reversed(nodes)))
    assert not any("Ville" in q or "table" in q for q in questions.questions)
    crush = next(n for n in nodes if n.description == "I have a crush on Maria Lopez")  # his own words
    chat = next(n for n in nodes if n.description == "conversing about the physics exam")
    assert crush.kind == "reflection" and crush.evidence == (chat.nid,)


def test_status_texts_become_goals_in_the_infinitive(town: Simulation) -> None:
    v = by_name(town)
    assert v["Maria Lopez"].persona.goals == ("work on my physics degree",)
    assert v["Klaus Mueller"].persona.goals == ()  # "is excited to attend" is a feeling, not something to do
    assert all("Status" not in g for x in town.villagers for g in x.persona.goals)
    assert "Currently: Klaus Mueller is excited to attend the party." in v["Klaus Mueller"].persona.backstory


def test_the_host_plans_her_party_on_the_calendar_day(town: Simulation) -> None:
    isabella = town.villagers[0]
    m = town.mind.minds[isabella.vid]
    (party,) = m.hosting
    cafe = town.components["ga"].places["Hobbs Cafe"]
    assert (party.what, party.place, party.day, party.start, party.host) == (
        "valentine's day party", cafe, 2, 17 * 60, "Isabella Rodriguez")
    texts = [n.description for n in m.memory.nodes]
    assert "I love jazz" in texts
    assert any(t.startswith(f"I am hosting the valentine's day party at {cafe} on Tuesday, February 14, 2023")
               for t in texts)
    klaus = [n.description for n in town.mind.minds[2].memory.nodes]
    assert "I think Maria is wonderful" in klaus and not town.mind.minds[2].hosting
    assert not town.mind.minds[4].hosting  # Jane plans to attend the party: a guest, not a host
    answer = interview(town, "Isabella Rodriguez", "Who is coming to your party?")
    assert "by that name" not in answer.reply and "I saw Isabella" not in answer.reply


def test_per_persona_settings_drive_retrieval_reflection_and_perception(town: Simulation) -> None:
    isabella, maria = town.villagers[0], town.villagers[1]
    assert isabella.persona.settings["vision_r"] == 3
    weights = weights_for(isabella.persona.settings)
    assert (weights.recency, weights.relevance, weights.decay) == (2 * DEFAULT_WEIGHTS.recency,
                                                                  DEFAULT_WEIGHTS.relevance, 0.99)
    # Isabella sees 3 tiles; Maria (vision_r 8) sees her from 5 tiles away, she does not see Maria.
    cafe = town.town.sector(town.components["ga"].places["Hobbs Cafe"])
    x, y = cafe.rect.x + 1, cafe.rect.y + cafe.rect.h // 2
    spots = [(x + dx, y) for dx in range(cafe.rect.w - 2) if town.town.grid.walkable(x + dx, y)]
    isabella.tile, maria.tile = spots[0], next(t for t in spots if t[0] - spots[0][0] == 5)
    for v in town.villagers[2:]:
        v.tile = town.town.map.spawns[0].tile
    perceive(town, town.clock.now, town.mind.memories, town.mind.talk)
    seen = {v.name: [n.description for n in town.mind.minds[v.vid].memory.nodes if n.kind == "observation"
                     and n.created == town.clock.seconds] for v in (isabella, maria)}
    assert any(t.startswith("Isabella Rodriguez is") for t in seen["Maria Lopez"])
    assert not any(t.startswith("Maria Lopez is") for t in seen["Isabella Rodriguez"])
    assert town.mind.minds[isabella.vid].memory.retention == 2  # GA's retention: repeats among the last 2
    profile = dict(mind_view(town, isabella).profile)
    assert profile["Living area"] == f"{WORLD}:Isabella Rodriguez's apartment:main room"
    assert profile["Daily plan"].startswith("Isabella Rodriguez opens Hobbs Cafe at 8am")
    assert "reflects after importance 40" in profile["Settings"]


def test_reflection_waits_for_the_personas_own_trigger(town: Simulation) -> None:
    isabella, maria = town.villagers[0], town.villagers[1]
    town.clock.seconds = 12 * 3600 - 10  # noon is an hour mark: reflection is checked
    for v in (isabella, maria):
        town.mind.minds[v.vid].memory.importance_since_reflection = 60
        v.use = "idle"
    town.mind.step(town, town.clock.tick())
    assert town.mind.minds[isabella.vid].last_reflection == town.clock.seconds  # trigger 40 reached
    assert town.mind.minds[maria.vid].last_reflection < 0  # GA's default 150 not yet


def test_the_calendar_of_a_normal_town() -> None:
    clock = Clock()
    assert clock.now.date == DEFAULT_START_DATE
    clock.seconds += 3 * 24 * 3600
    assert clock.now.date == date(2026, 6, 4) and clock.day_of(date(2026, 6, 4)) == clock.now.day == 4
    state = Clock(start_date=date(2023, 2, 13))
    state.seconds = 36 * 3600
    restored = Clock()
    restored.set_state(state.get_state())
    assert restored.now.date_text() == "Tuesday, February 14, 2023" and str(restored.now) == "Day 2, 12:00"
    sim = Simulation(agents=2)
    sim.clock.seconds = 23 * 3600 + 55 * 60
    report = headless.run(sim, 0.01)  # past midnight: day 2
    assert (report["clock"], report["date"]) == ("Day 2, 00:09", "2026-06-02")


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    import main

    code = main.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_files_that_are_not_a_cast_or_history_are_refused(ville: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    scratch = ville / "personas" / "Maria Lopez" / "bootstrap_memory" / "scratch.json"
    readme = tmp_path / "README.md"
    readme.write_text("# Generative Agents\n\nThis repository accompanies our paper, with, commas.\n")
    other_csv = write_history(tmp_path / "other.csv", [("Isabella Rodriguez", "x")], header=("name", "memory"))
    for bad in (scratch, readme, other_csv):
        for args in (["--import-ga", str(ville), "--ga-history", str(bad)], ["--import-ga", str(bad)]):
            code, _out, err = run_main(args, capsys)
            assert code == 2 and err.count("\n") == 1 and str(bad) in err and "Name,Whisper" in err, (args, err)
    stranger = write_history(tmp_path / "stranger.csv", [("Ada Brook", "Ada moved to town")])
    code, _out, err = run_main(["--import-ga", str(ville), "--ga-history", str(stranger)], capsys)
    assert code == 2 and "Ada Brook is not in the cast" in err
    twice = write_history(tmp_path / "twice.csv", [("Maria Lopez", "a"), ("Klaus Mueller", "b"), ("Maria Lopez", "c")])
    code, _out, err = run_main(["--import-ga", str(ville), "--ga-history", str(twice)], capsys)
    assert code == 2 and "Maria Lopez appears twice (lines 2 and 4)" in err
    code, _out, err = run_main(["--import-ga", str(tmp_path / "nope")], capsys)
    assert code == 2 and "nope" in err
    code, _out, err = run_main(["--ga-history", str(stranger)], capsys)
    assert code == 2 and "--import-ga" in err


def test_broken_storage_is_named(ville: Path, tmp_path: Path) -> None:
    clone = ville / "personas" / "Maria Lopez (copy)"
    (clone / "bootstrap_memory").mkdir(parents=True)
    (clone / "bootstrap_memory" / "scratch.json").write_text(
        (ville / "personas" / "Maria Lopez" / "bootstrap_memory" / "scratch.json").read_text(), encoding="utf-8")
    with pytest.raises(GAImportError, match="two personas are both named Maria Lopez"):
        import_ga(ville, build)
    other = tmp_path / "other"
    write_persona(other, "Ada Brook", "Ada Brook is a baker.", "", "", "", "Ada Brook's house", [], vision_r="far")
    with pytest.raises(GAImportError, match=r"scratch\.json: vision_r is 'far'"):
        import_ga(other, build)
    late = tmp_path / "late"
    write_persona(late, "Ada Brook", "Ada Brook is a baker.", "", "", "", "Ada Brook's house", [])
    write_meta(late, ["Ada Brook"], start="13/02/2023")
    with pytest.raises(GAImportError, match=r"meta\.json: start_date"):
        import_ga(late, build)
    write_meta(late, ["Ada Brook", "Bo Brook"])
    with pytest.raises(GAImportError, match="Bo Brook"):
        import_ga(late, build)


def test_a_history_alone_makes_bare_personas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = write_history(tmp_path / "agent_history_init_n2.csv", [
        ("Abigail Chen", "Abigail is an animator; Abigail likes tea"), ("Ada Brook", "Ada moved to town last week")])
    sim = import_ga(history, build)
    assert [v.name for v in sim.villagers] == ["Abigail Chen", "Ada Brook"]
    assert sim.components["ga"].bare and all(v.workplace is None for v in sim.villagers)
    assert [n.description for n in sim.mind.minds[0].memory.nodes][-2:] == ["I am an animator", "I like tea"]
    code, out, err = run_main(["--import-ga", str(history), "--save", str(tmp_path / "bare.tinytown")], capsys)
    assert code == 0 and "bare personas" in out, err


def test_the_command_line_imports_a_folder_with_its_history(ville: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported.tinytown"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--import-ga", str(ville), "--ga-history",
                           str(ville / "agent_history_init_n7.csv"), "--save", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "imported 7 villagers" in done.stdout and "Monday, February 13, 2023 00:00" in done.stdout
    assert "The Rose and Crown Pub -> The Rose and Crown Pub (built)" in done.stdout and out.is_file()


@pytest.mark.slow
def test_the_party_happens_on_february_14(town: Simulation) -> None:
    cafe = town.components["ga"].places["Hobbs Cafe"]
    news = install_news(town)
    town.run_steps((24 + 19) * 360)  # February 13, 00:00 to February 14, 19:00
    (party,) = [c for c in news.cascades(town) if c["kind"] == "invitation"]  # one party, on February 14
    assert (party["origin"], party["place"]) == ("Isabella Rodriguez", cafe)
    assert party["start"] == 24 * 3600 + 17 * 3600  # February 14, 17:00
    told = [(t["from"], t["to"]) for t in party["told"]]
    assert told and told[0][0] == "Isabella Rodriguez"
    heard = {listener for _teller, listener in told}
    guests = set(party["attended"]) - {"Isabella Rodriguez"}
    assert "Isabella Rodriguez" in party["attended"] and guests and guests <= heard


def test_a_headless_report_of_an_imported_town_names_its_source(town: Simulation, ville: Path) -> None:
    # The import's record is a town component: the report asks every component for its sections.
    report = headless.build_report(town, steps=0, wall=0.0)
    assert report["ga_import"]["source"] == str(ville)
    assert report["ga_import"]["bare"] is False


def test_a_scenario_with_an_imported_cast_knows_its_names(ville: Path, tmp_path: Path) -> None:
    from game.experiment.scenario import load_scenario

    path = tmp_path / "ga.toml"
    path.write_text(f'name = "ga"\ndays = 0.1\ncast = "ga:{ville.as_posix()}"\n\n[[event]]\nat = "day 1 07:00"\n'
                    'whisper = "Klaus Mueller"\ntext = "Isabella is hosting a party."\n', encoding="utf-8")
    scenario = load_scenario(path)
    assert set(scenario.names) == set(CAST)
    assert scenario.events[0].villager == "Klaus Mueller"


def test_retention_is_how_many_sightings_a_repeat_is_compared_with() -> None:
    from game.agents.memory import MemoryStream

    for retention, repeat_is_news in ((1, True), (2, False)):
        stream = MemoryStream(dim=3, retention=retention)
        stream.add("observation", "Maria Lopez is reading at the library.", 0, 2, subject="Maria Lopez")
        stream.add("observation", "Maria Lopez is eating at the cafe.", 60, 2, subject="Maria Lopez")
        again = stream.observe("Maria Lopez", "Maria Lopez is reading at the library.", 120)
        assert (again is None) == repeat_is_news
