"""The Mind protocol: both minds answer every call the town makes, nobody probes a mind for attributes,
and switching the model is the mind's own job (the old pool is closed, no question is lost)."""

from __future__ import annotations

import ast
import inspect
import threading
from pathlib import Path

import pytest

from game.agents.importance import importance_request
from game.agents.mind import GenerativeMind
from game.config import load_settings
from game.protocols import Component, Mind
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer, Reply
from tests.town_model import responder

ROOT = Path(__file__).resolve().parent.parent


def _calls(protocol: type) -> dict[str, inspect.Signature]:
    names = [n for n in dir(protocol) if not n.startswith("_") and callable(getattr(protocol, n))]
    return {n: inspect.signature(getattr(protocol, n)) for n in names}


@pytest.mark.parametrize("kind", ["routine", "generative"])
def test_both_minds_take_every_call_of_the_protocol_with_its_parameters(kind: str) -> None:
    mind = make_mind(kind, {"backend": "offline"})
    wanted = _calls(Mind)
    assert {"plan_day", "task_at", "step", "chat", "interview", "whisper", "get_state", "use_llm"} <= set(wanted)
    for name, signature in wanted.items():
        method = getattr(type(mind), name, None)
        assert callable(method), f"{kind} mind has no {name}()"
        taken = list(inspect.signature(method).parameters)  # a mind may take more, optional, parameters
        assert taken[: len(signature.parameters)] == list(signature.parameters), (
            f"{kind} mind's {name} takes other parameters than Mind.{name}")
    assert mind.remembers is (kind == "generative")
    assert (mind.brain is None) is (kind == "routine")
    assert (mind.settings is None) is (kind == "routine")


def test_the_economy_and_the_mayors_office_are_components() -> None:
    from game.mayor.office import MayorOffice
    from game.world.economy import Economy

    for part in (Economy, MayorOffice):
        for name in _calls(Component):
            assert callable(getattr(part, name, None)), f"{part.__name__} has no {name}()"


def _probes(path: Path) -> list[str]:
    """getattr/hasattr calls whose first argument is a town's mind (``sim.mind``, ``runner.sim.mind``...)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr"):
            target = node.args[0] if node.args else None
            if isinstance(target, ast.Attribute) and target.attr == "mind":
                found.append(f"{path}:{node.lineno}")
    return found


def test_no_code_outside_the_window_probes_the_mind_for_attributes(tmp_path: Path) -> None:
    sources = [ROOT / "main.py", *(p for p in (ROOT / "game").rglob("*.py") if "ui" not in p.parts)]
    assert [hit for p in sources for hit in _probes(p)] == []
    probe = tmp_path / "probe.py"
    probe.write_text("def f(sim, runner):\n"
                     "    return getattr(sim.mind, 'minds', None) or hasattr(runner.sim.mind, 'ask')\n",
                     encoding="utf-8")
    assert _probes(probe) == [f"{probe}:2", f"{probe}:2"]


def test_switching_to_offline_closes_the_model_pool_and_every_question_still_gets_an_answer() -> None:
    release = threading.Event()

    def slow(body: dict):
        release.wait(10)  # the model answers only when the test lets it
        return responder(body)

    with FakeLLMServer(responder=slow, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "slow",
                                        "timeout_s": 20, "concurrency": 1}, lockstep=False)
        assert isinstance(mind, GenerativeMind)
        sim = Simulation(TownMap(DEFAULT_MAP), agents=3, seed=1, mind=mind)
        sim.run_steps(60)
        old = mind.pool
        assert old is not None and len(mind.pending) > 1  # one worker: most questions wait in its queue
        mind.use_llm(load_settings({"backend": "offline"}).llm)
        assert mind.pool is None and mind.lockstep and mind.brain.name == "offline"
        # The old model is shut: a question put to it now gets its fallback at once, though the server still hangs.
        late = old.submit(importance_request("Ada", "a baker", ["baked bread"], [3])).result(timeout=5)
        assert late.source == "fallback" and late.value.scores == [3]
        release.set()
        sim.step()  # offline means lockstep: the step waits for the one answer on the wire, the rest fall back
        assert mind.pending == []
        assert not any(sim.thinking(v) for v in sim.villagers)
        assert all(v.plan and v.plan.items for v in sim.villagers)


def _plan_memories(mind: GenerativeMind, vid: int) -> list[str]:
    return [n.description for n in mind.minds[vid].memory.nodes if n.kind == "plan"]


def test_a_plan_the_model_replaces_is_remembered_once_and_the_stand_in_not_at_all() -> None:
    release = threading.Event()

    def slow(body: dict):
        release.wait(10)
        return responder(body)

    with FakeLLMServer(responder=slow, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "slow",
                                        "timeout_s": 20}, lockstep=False)
        assert isinstance(mind, GenerativeMind)
        sim = Simulation(TownMap(DEFAULT_MAP), agents=3, seed=1, mind=mind)
        sim.run_steps(6)
        assert all(v.plan and v.plan.items for v in sim.villagers)  # the offline stand-in is acted on...
        assert all(_plan_memories(mind, v.vid) == [] for v in sim.villagers)  # ...and leaves no memory
        release.set()
        mind.flush()
        for v in sim.villagers:
            plans = _plan_memories(mind, v.vid)
            assert len(plans) == 1 and plans[0].startswith("Plan for day 1:"), plans
        mind.close()


def _breakdowns_learned(backend: dict, responder_for_server=None) -> dict:
    """A short morning in lockstep; the experience (task breakdowns to reuse) it leaves in the mind's state."""
    if responder_for_server is None:
        mind = make_mind("generative", backend, lockstep=True)
        sim = Simulation(TownMap(DEFAULT_MAP), agents=3, seed=4, mind=mind)
        sim.run_steps(900)
        return {"asked": mind.ledger.report("x", 1)["by_step"].get("decompose", {}), "state": mind.get_state()}
    with FakeLLMServer(responder=responder_for_server, embedding_dim=16) as server:
        mind = make_mind("generative", {**backend, "base_url": server.base_url, "model": "m", "max_retries": 0},
                         lockstep=True)
        sim = Simulation(TownMap(DEFAULT_MAP), agents=3, seed=4, mind=mind)
        sim.run_steps(900)
        mind.close()
        return {"asked": mind.ledger.report("x", 1)["by_step"].get("decompose", {}), "state": mind.get_state()}


def test_only_a_models_task_breakdowns_become_experience() -> None:
    offline = _breakdowns_learned({"backend": "offline"})
    assert offline["asked"]["offline_decisions"] > 0 and offline["state"]["experience"] == []

    def no_breakdowns(body: dict):
        if "DecomposeAnswer" in str(body.get("response_format")):
            return Reply(content="this is not a task list")
        return responder(body)

    failing = _breakdowns_learned({"backend": "openai"}, no_breakdowns)
    assert failing["asked"]["fallbacks"] > 0 and failing["state"]["experience"] == []

    answered = _breakdowns_learned({"backend": "openai"}, responder)
    assert answered["asked"]["calls"] > 0 and answered["state"]["experience"]
    assert len(answered["state"]["experience"]) <= answered["asked"]["calls"]


def test_a_decision_needed_at_once_carries_its_hour_to_the_budget_like_any_question() -> None:
    from game.agents.deciding import Decisions
    from game.llm.base import Answer
    from game.llm.offline import OfflineBrain

    heard: list[int | None] = []

    class Listening(OfflineBrain):
        def complete(self, request):  # type: ignore[no-untyped-def]
            heard.append(request.hour)
            return Answer(request.offline(), "offline")

    decisions = Decisions(Listening(), None, lockstep=True)
    decisions.hour = 7
    settled: list[Answer] = []
    decisions.decide(importance_request("Ada", "a baker", ["baked bread"], [3]), lambda _v: None, settled.append)
    decisions.ask(importance_request("Ada", "a baker", ["sold bread"], [2]), lambda _v: None)
    assert heard == [7, 7] and settled[0].source == "offline"
