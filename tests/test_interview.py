"""Interviews answer the question asked, from what the villager holds; the evaluation battery scores them."""

from __future__ import annotations

import json

from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.evaluation import CATEGORIES, Question, evaluate, questions_for
from game.sim.interview import interview
from game.sim.player import PlayerCommands
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

MORNING = 2400  # steps: Day 1 around 12:40


def make_town(agents: int = 4, steps: int = MORNING) -> Simulation:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=agents, seed=1, mind=make_mind(overrides={"backend": "offline"}))
    sim.run_steps(steps)
    return sim


def talk_until_done(sim: Simulation, a: int, b: int) -> None:
    for v in (sim.villagers[a], sim.villagers[b]):
        v.conversation = None
    conv = sim.mind.start_conversation(sim, sim.villagers[a], sim.villagers[b])
    conv.budget = 8
    for _ in range(200):
        if conv.cid not in sim.mind.conversations:
            return
        sim.step()
    raise AssertionError("the conversation did not end")


def test_who_is_running_for_mayor_names_the_person_who_said_so() -> None:
    sim = make_town()
    rosa, lina = sim.villagers[0], sim.villagers[2]
    assert "Rosa" not in interview(sim, lina.name, "Who is running for mayor?").reply
    PlayerCommands().whisper(sim, {"vid": rosa.vid, "text": "You want to run for mayor."})
    talk_until_done(sim, rosa.vid, lina.vid)
    said = [line["text"] for line in sim.mind.finished[-1]["lines"] if line["speaker"] == rosa.name]
    assert any("I want to run for mayor" in t for t in said), said  # the thought is said as her own
    answer = interview(sim, lina.name, "Who is running for mayor?").reply
    assert "Rosa" in answer and "mayor" in answer and "don't know anyone" not in answer


def test_are_you_going_to_any_parties_answers_about_the_party_they_know_of() -> None:
    sim = make_town()
    cafe = next(n for n, s in sim.town.map.sectors.items() if s.building_type == "cafe")
    guest = sim.villagers[3]
    assert "haven't heard" in interview(sim, guest.name, "Are you going to any parties?").reply
    PlayerCommands().whisper(sim, {"vid": 1, "text": f"You are hosting a party at {cafe} at 6pm"})
    assert cafe in interview(sim, sim.villagers[1].name, "Are you going to any parties?").reply
    talk_until_done(sim, 1, guest.vid)
    answer = interview(sim, guest.name, "Are you going to any parties?").reply
    assert "party" in answer and cafe in answer and "18:00" in answer


def test_who_is_coming_is_answered_by_the_host_from_the_answers_heard_face_to_face() -> None:
    """The old defect: Isabella asked "Who is coming to your party?" answered about going to it."""
    sim = make_town()
    cafe = next(n for n, s in sim.town.map.sectors.items() if s.building_type == "cafe")
    host = sim.villagers[1]
    PlayerCommands().whisper(sim, {"vid": 1, "text": f"You are hosting a party at {cafe} at 6pm"})
    assert "said they'll come" not in interview(sim, host.name, "Who is coming to your party?").reply
    answered = []
    for guest in (2, 3):
        talk_until_done(sim, 1, guest)
        promised = any(p.host == host.name for p in sim.mind.minds[guest].promises)
        answered.append((sim.villagers[guest].persona.first_name, promised))
    reply = interview(sim, host.name, "Who is coming to your party?").reply
    for first, promised in answered:
        assert first in reply, reply
        said_yes = reply.split(" said they'll come")[0] if " said they'll come" in reply else ""
        assert (first in said_yes) == promised, (reply, answered)


def test_plans_age_and_todays_talks_are_answered_from_the_villagers_state() -> None:
    sim = make_town()
    rosa = sim.villagers[0]
    assert str(rosa.persona.age) in interview(sim, "Rosa", "How old are you?").reply
    item = next(i for i in rosa.plan.items if i.start <= 20 * 60 < i.end)
    answer = interview(sim, "Rosa", "Where will you be at 20:00?").reply
    assert ("asleep" if item.use == "sleep" else item.place.split(",")[0]) in answer
    assert answer.count(item.place.split(",")[0]) <= 1  # the place once, not "at X at X"
    talk_until_done(sim, 0, 1)
    assert sim.villagers[1].persona.first_name in interview(sim, "Rosa", "Who did you talk to today?").reply


def test_a_check_fails_a_wrong_answer_and_passes_a_right_one() -> None:
    q = Question("Rosa Delgado", "plans", "Where will you be at 10:00?", need=("Copper Kettle Cafe",))
    assert q.passed("At 10:00 I'll be at Copper Kettle Cafe.")
    assert not q.passed("At 10:00? I haven't planned that far.")
    r = Question("Rosa Delgado", "reactions", "Would you skip work?", any_of=("shift", "work"))
    assert r.passed("I wouldn't skip my shift") and not r.passed("Sure, why not!")


def test_the_battery_asks_five_kinds_of_questions_and_scores_them() -> None:
    sim = make_town(agents=4, steps=6000)  # Day 2 morning: yesterday's talks and reflections to ask about
    kinds = {q.category for q in questions_for(sim, sim.villagers[0].name)}
    assert {"self-knowledge", "memory", "plans", "reactions"} <= kinds
    result = evaluate(sim, sample=3)
    assert set(result["categories"]) <= set(CATEGORIES) and len(result["categories"]) >= 4
    assert 0.0 <= min(result["categories"].values()) and result["overall"] >= 0.85
    asked = {q["villager"] for q in result["questions"]}
    assert len(asked) == 3
    assert all({"villager", "category", "question", "answer", "expected", "passed"} <= set(q)
               for q in result["questions"])


def test_evaluate_from_the_command_line_prints_scores_and_fills_the_report(tmp_path, capsys) -> None:
    import main

    out = tmp_path / "r.json"
    assert main.main(["--headless", "--agents", "3", "--days", "0.5", "--evaluate", "--report", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "self-knowledge" in printed and "overall" in printed
    evaluation = json.loads(out.read_text())["evaluation"]
    assert 0.0 <= evaluation["overall"] <= 1.0 and evaluation["questions"]
