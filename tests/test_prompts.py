"""Every cognitive step's prompt is pinned (tests/golden/prompts), carries what the offline brain uses, and a
scripted model runs a conversation and an interview without one fallback."""

from __future__ import annotations

import json
import re

import pytest

from game.agents.prompting import JSON_ONLY, uses_list
from game.contracts import USES
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.interview import interview
from game.sim.player import PlayerCommands
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer, Reply
from tests.golden_prompts import FOLDER, STEPS, TOWN, render
from tests.town_model import responder as town_responder

COGNITIVE_STEPS = {"plan_day", "replan", "decompose", "react", "converse", "reflect_questions", "reflect_insights",
                   "importance", "chat", "interview", "mayor"}


def test_every_cognitive_step_has_a_golden_prompt() -> None:
    assert set(STEPS) == COGNITIVE_STEPS
    assert {p.stem for p in FOLDER.glob("*.txt")} == COGNITIVE_STEPS


@pytest.mark.parametrize("step", sorted(COGNITIVE_STEPS))
def test_the_prompt_is_exactly_the_golden_one(step: str) -> None:
    got = render(STEPS[step]())
    want = (FOLDER / f"{step}.txt").read_text(encoding="utf-8")
    assert got == want, (f"the {step} prompt changed; if that is intended, regenerate the golden prompts with "
                         "`python tests/golden_prompts.py` and review the diff")


def test_shared_pieces_come_from_their_single_definition() -> None:
    assert uses_list() == ", ".join(USES)
    for step in ("plan_day", "decompose"):
        assert f"({uses_list()})" in STEPS[step]().prompt
    for step in COGNITIVE_STEPS - {"mayor"}:
        assert STEPS[step]().system.endswith(JSON_ONLY)
    for step in ("react", "converse", "chat", "interview"):  # the steps that know the map name it
        request = STEPS[step]()
        assert TOWN in request.system and "Tinytown" not in request.system + request.prompt


def test_the_line_prompt_carries_what_the_offline_brain_uses() -> None:
    prompt = STEPS["converse"]().prompt
    assert "(daughter; family)" in prompt  # the relationship
    assert "They have talked 3 times before." in prompt
    assert "Lina told Rosa before: save money for art school" in prompt  # per-pair history
    assert "Rosa told Lina before: make the cafe the heart of the town" in prompt
    assert "Last time: At Copper Kettle Cafe" in prompt
    assert "Lina: Hi Mum! Good, thanks." in prompt and "first answer what Lina just said" in prompt
    assert "- invite: party at Copper Kettle Cafe at 17:00" in prompt  # the topics
    assert "- ask how this went: save money for art school" in prompt
    assert "room for about 6 lines" in prompt


def test_the_interview_prompt_carries_events_talks_and_insights() -> None:
    prompt = STEPS["interview"]().prompt
    assert "the party at Copper Kettle Cafe at 17:00 (Rosa Delgado is hosting)" in prompt
    assert "Rosa told Lina that Rosa wants to run for mayor" in prompt
    assert "I keep running into Ada Okafor" in prompt
    assert 'The player says: "Who is running for mayor?"' in prompt


def _schema(body: dict) -> str:
    return body.get("response_format", {}).get("json_schema", {}).get("name", "")


def scripted(body: dict) -> Reply:
    """The town model's answers, plus a chat reply that answers from the retrieved talk."""
    if _schema(body) == "ChatAnswer":
        prompt = body["messages"][-1]["content"]
        found = re.search(r"(\w+) told \w+ that \1 wants to run for mayor", prompt)
        reply = f"{found.group(1)} is, I heard it from {found.group(1)} today." if found else "I don't know."
        return Reply(content=json.dumps({"reply": reply, "impression": "curious", "warmth": 0}))
    prompt = body["messages"][-1]["content"]
    if _schema(body) == "LineAnswer" and "- news: I want to run for mayor" in prompt:  # a topic the prompt offers
        return Reply(content=json.dumps({"line": "Guess what: I want to run for mayor!", "end": True,
                                         "summary": "Rosa told Lina that Rosa wants to run for mayor."}))
    return town_responder(body)


def test_a_scripted_model_talks_and_is_interviewed_without_a_fallback() -> None:
    with FakeLLMServer(responder=scripted, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted"},
                         lockstep=True)
        sim = Simulation(TownMap(DEFAULT_MAP), agents=4, seed=2, mind=mind)
        sim.run_steps(2400)
        rosa, lina = sim.villagers[0], sim.villagers[2]
        PlayerCommands().whisper(sim, {"vid": rosa.vid, "text": "You want to run for mayor."})
        rosa.conversation = lina.conversation = None
        conv = mind.start_conversation(sim, rosa, lina)
        for _ in range(300):
            if conv.cid not in mind.conversations:
                break
            sim.step()
        assert conv.cid not in mind.conversations and conv.lines
        talked = [r["messages"][-1]["content"] for r in server.chat_requests if _schema(r) == "LineAnswer"]
        rosa_to_lina = [t for t in talked if "Rosa is talking with Lina Delgado" in t]
        assert rosa_to_lina and "Topics Rosa could bring up" in rosa_to_lina[0]
        lina_memory = [n.description for n in mind.minds[lina.vid].memory.nodes if n.subject == rosa.name]
        assert any(d.startswith("Talked with Rosa Delgado") for d in lina_memory)
        answer = interview(sim, lina.name, "Who is running for mayor?")
        report = mind.ledger.report("scripted", 1.0)
    assert report["calls"] > 0
    for step in ("converse", "chat"):
        assert report["by_step"][step]["calls"] > 0 and report["by_step"][step]["fallbacks"] == 0, step
    assert report["fallbacks"] == 0
    assert answer.reply == "Rosa is, I heard it from Rosa today."  # the model's answer, from the retrieved talk
