"""A whole town on the openai path with the time engine and the call budget, against the scripted model:
the ceiling holds every game hour, resting villagers decide by rule, and lockstep runs repeat exactly."""

from __future__ import annotations

from typing import Any

import pytest

from game.agents.mind import GenerativeMind
from game.mayor import install_mayor
from game.sim import headless
from game.sim.engine import Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer, Reply, answer
from tests.town_model import responder

CEILING = 5


def run_town(town: TownMap, days: float, **llm: Any) -> dict[str, Any]:
    with FakeLLMServer(responder=responder, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted",
                                        **llm}, lockstep=True)
        assert isinstance(mind, GenerativeMind) and mind.pool is not None
        sim = Simulation(town, agents=6, seed=21, mind=mind)
        report = headless.run(sim, days)
        mind.pool.close()
    for timing in ("wall_seconds", "agent_steps_per_second"):
        report.pop(timing)
    report["llm"].pop("inference")  # the servers' ports and latencies: wall-clock figures
    return report


@pytest.fixture(scope="module")
def town() -> TownMap:
    from game.sim.engine import DEFAULT_MAP
    return TownMap(DEFAULT_MAP)


def test_the_ceiling_holds_every_hour_and_lockstep_repeats_exactly(town: TownMap) -> None:
    first = run_town(town, 0.3, calls_per_hour=CEILING)
    again = run_town(town, 0.3, calls_per_hour=CEILING)
    llm = first["llm"]
    assert llm["budget"] > 0, "the ceiling should have turned some requests to the rules"
    assert llm["resting"] > 0, "the time engine should have left some villagers to the rules"
    assert llm["call_budget"]["peak"] <= CEILING
    assert max(llm["calls_by_hour"].values()) <= CEILING
    assert llm["errors"] == llm["fallbacks"] == 0
    assert first == again


def test_without_the_time_engine_every_decision_asks_the_model(town: TownMap) -> None:
    full = run_town(town, 0.1, time_engine=False, calls_per_hour=0)["llm"]
    timed = run_town(town, 0.1, calls_per_hour=0)["llm"]
    assert full["resting"] == 0 and timed["resting"] > 0
    assert timed["calls"] < full["calls"]
    assert full["model_decisions"] == full["decisions"] > timed["model_decisions"]


def test_the_llm_mayor_hears_the_source_of_its_answer_through_the_mind(town: TownMap) -> None:
    mayor_says = iter([Reply(content="I think we should build a park!"), answer({"action": "None"})])

    def model(body: dict[str, Any]) -> Reply:
        if body["response_format"]["json_schema"]["name"] == "MayorAnswer":
            return next(mayor_says, answer({"action": "None"}))
        return responder(body)

    with FakeLLMServer(responder=model, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted",
                                        "max_retries": 0}, lockstep=True)
        assert isinstance(mind, GenerativeMind) and mind.pool is not None
        sim = Simulation(town, agents=3, seed=4, mind=mind)
        install_mayor(sim, "llm", mind.brain)  # the same brain: the mayor asks through the mind
        report = headless.run(sim, 0.17)  # from 6:00 past 10:00: the mayor decides at 9:00 and 10:00
        mind.pool.close()
    mayor = report["mayor"]
    assert mayor["decisions"] == 2
    [rejected] = mayor["rejected"]
    assert "JSON" in rejected["result"]
    assert report["llm"]["by_step"]["mayor"]["fallbacks"] == 1


def test_every_prompt_names_the_maps_town_not_a_default() -> None:
    from game.sim.engine import DEFAULT_MAP
    town = TownMap(DEFAULT_MAP)
    town.name = "Maple Bay"
    with FakeLLMServer(responder=responder, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted",
                                        "time_engine": False, "calls_per_hour": 0}, lockstep=True)
        assert isinstance(mind, GenerativeMind) and mind.pool is not None
        sim = Simulation(town, agents=4, seed=3, mind=mind)
        headless.run(sim, 0.45)
        mind.pool.close()
        systems = {body["response_format"]["json_schema"]["name"]: body["messages"][0]["content"]
                   for body in server.chat_requests}
    steps = {"DayPlanAnswer", "DecomposeAnswer", "ImportanceAnswer", "QuestionsAnswer", "InsightsAnswer",
             "LineAnswer", "ReactAnswer"}
    assert steps <= set(systems), sorted(systems)
    for answer_type, system in systems.items():
        assert "Maple Bay" in system and "Tinytown" not in system, (answer_type, system)
