"""Each LLM wrapper on its own over a scripted inner brain, then their order as make_brain composes them."""

from __future__ import annotations

import asyncio
import logging
from collections import deque

import pydantic
import pytest

import game.llm as llm
from game.llm import Answer, Endpoint, Ledger, LLMError, LLMSettings, Request, Usage
from game.llm.budget import Budget
from game.llm.wrappers import Cache, Check, Fallback, Meter, Retry
from tests.fakeserver import FakeLLMServer, Reply, answer


class Place(pydantic.BaseModel):
    name: str


HOME = Place(name="home")
CAFE = Place(name="cafe")
MOON = Place(name="moon")
ASKED = Usage(requests=1, prompt_tokens=10, completion_tokens=5)


def on_earth(place: Place) -> None:
    if place.name == "moon":
        raise ValueError("nobody goes to the moon")


def ask(prompt: str = "Where now?", step: str = "plan_day", agent: str = "Ada", hour: int | None = None,
        check: bool = True) -> Request[Place]:
    return Request(step=step, agent=agent, system="You are Ada.", prompt=prompt, answer=Place,
                   offline=lambda: HOME, check=on_earth if check else None, hour=hour)


class Scripted:
    """An inner brain that answers from a script: a Place (a model answer) or an LLMError to raise."""

    name = "scripted"

    def __init__(self, *script: Place | LLMError | Answer[Place]) -> None:
        self.script = deque(script)
        self.asked: list[str] = []

    def complete(self, request: Request[Place]) -> Answer[Place]:
        self.asked.append(request.prompt)
        step = self.script.popleft() if self.script else CAFE
        if isinstance(step, LLMError):
            raise step
        return step if isinstance(step, Answer) else Answer(step, "model", ASKED)

    async def complete_async(self, request: Request[Place]) -> Answer[Place]:
        await asyncio.sleep(0)  # a real model answers later: let other requests start meanwhile
        return self.complete(request)

    def status(self) -> dict[str, object]:
        return {"asked": len(self.asked)}

    def close(self) -> None:
        self.script.clear()


def failure(kind: str = "http", status: int | None = 503) -> LLMError:
    return LLMError(kind, f"scripted {kind}", status=status, usage=Usage(requests=1, errors=1))


# -- Check ------------------------------------------------------------------------------------
def test_check_lets_a_good_answer_through_and_refuses_a_bad_one_with_its_cost() -> None:
    brain = Check(Scripted(CAFE, MOON))
    assert brain.complete(ask()).value == CAFE
    with pytest.raises(LLMError) as caught:
        brain.complete(ask())
    assert caught.value.kind == "check" and "moon" in str(caught.value)
    assert caught.value.usage == ASKED + Usage(errors=1)
    assert not caught.value.transient


def test_check_leaves_the_rules_answers_alone() -> None:
    offline_moon = Answer(MOON, "offline")
    assert Check(Scripted(offline_moon)).complete(ask()) is offline_moon


# -- Retry ------------------------------------------------------------------------------------
def test_retry_asks_again_after_transient_failures_and_adds_up_what_they_cost() -> None:
    waits: list[float] = []
    brain = Retry(Scripted(failure(), failure("timeout", None), CAFE), retries=2, backoff_s=0.5, sleep=waits.append)
    got = brain.complete(ask())
    assert got.value == CAFE and got.source == "model"
    assert got.usage == ASKED + Usage(requests=2, errors=2)
    assert waits == [0.5, 1.0]


def test_retry_gives_up_after_its_retries_with_everything_spent() -> None:
    inner = Scripted(failure(), failure(), failure(), CAFE)
    with pytest.raises(LLMError) as caught:
        Retry(inner, retries=2, backoff_s=0.0, sleep=lambda s: None).complete(ask())
    assert caught.value.usage == Usage(requests=3, errors=3)
    assert len(inner.asked) == 3


def test_retry_does_not_repeat_a_request_the_server_refused() -> None:
    inner = Scripted(failure("http", 400), CAFE)
    with pytest.raises(LLMError):
        Retry(inner, retries=5, backoff_s=0.0, sleep=lambda s: None).complete(ask())
    assert len(inner.asked) == 1


def test_retry_on_the_loop_pauses_without_blocking() -> None:
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    brain = Retry(Scripted(failure(), CAFE), retries=1, backoff_s=0.25, pause=pause)
    assert asyncio.run(brain.complete_async(ask())).value == CAFE
    assert pauses == [0.25]


# -- Fallback ---------------------------------------------------------------------------------
def test_fallback_gives_the_offline_answer_and_logs_the_failure_without_the_key(
        caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-wrapper-SECRET"
    err = LLMError("http", f"HTTP 401: key {secret} refused", status=401, usage=Usage(requests=1, errors=1))
    with caplog.at_level(logging.WARNING, logger="game.llm"):
        got = Fallback(Scripted(err), secrets=(secret,)).complete(ask())
    assert got == Answer(HOME, "fallback", Usage(requests=1, errors=1))
    assert "Ada" in caplog.text and "plan_day" in caplog.text and "HTTP 401" in caplog.text
    assert secret not in caplog.text


def test_fallback_passes_answers_through() -> None:
    assert Fallback(Scripted(CAFE)).complete(ask()) == Answer(CAFE, "model", ASKED)


# -- Cache ------------------------------------------------------------------------------------
def test_cache_serves_a_model_answer_again_as_a_copy_that_cost_nothing() -> None:
    inner = Scripted(CAFE)
    brain = Cache(inner)
    first = brain.complete(ask())
    second = brain.complete(ask(agent="Bob"))
    assert (first.source, second.source) == ("model", "cache")
    assert second.value == first.value and second.value is not first.value
    assert second.usage == Usage()
    assert len(inner.asked) == 1


@pytest.mark.parametrize("source", ["fallback", "offline"])
def test_cache_never_keeps_an_answer_that_did_not_come_from_the_model(source: str) -> None:
    inner = Scripted(Answer(HOME, source))  # type: ignore[arg-type]
    brain = Cache(inner)
    assert brain.complete(ask()).source == source
    assert brain.complete(ask()).source == "model"
    assert len(inner.asked) == 2


def test_cache_asks_again_when_a_kept_answer_no_longer_checks_out() -> None:
    inner = Scripted(CAFE, HOME)
    brain = Cache(inner)
    brain.complete(ask())

    def cafe_closed(place: Place) -> None:
        if place.name == "cafe":
            raise ValueError("the cafe closed")

    closed = Request(step="plan_day", agent="Ada", system="You are Ada.", prompt="Where now?", answer=Place,
                     offline=lambda: HOME, check=cafe_closed)
    assert brain.complete(closed) == Answer(HOME, "model", ASKED)
    assert len(inner.asked) == 2


def test_cache_forgets_the_oldest_answer_beyond_its_size() -> None:
    inner = Scripted()
    brain = Cache(inner, size=2)
    for prompt in ("a", "b", "c", "a"):
        brain.complete(ask(prompt))
    assert inner.asked == ["a", "b", "c", "a"]


def test_the_same_request_asked_twice_at_once_reaches_the_model_once() -> None:
    inner = Scripted()
    brain = Cache(inner)

    async def both() -> list[Answer[Place]]:
        return list(await asyncio.gather(brain.complete_async(ask()), brain.complete_async(ask(agent="Bob"))))

    first, second = asyncio.run(both())
    assert (first.source, second.source) == ("model", "cache")
    assert len(inner.asked) == 1


# -- Meter ------------------------------------------------------------------------------------
def test_meter_counts_each_answer_by_its_source_and_what_it_cost() -> None:
    ledger = Ledger()
    brain = Meter(Scripted(Answer(CAFE, "model", ASKED + Usage(requests=1, errors=1)), Answer(CAFE, "cache"),
                           Answer(HOME, "fallback", Usage(requests=2, errors=2)), Answer(HOME, "offline")), ledger)
    for hour in (8, 8, 9, 30):
        brain.complete(ask(hour=hour))
    report = ledger.report("scripted", agent_days=1.0)
    assert (report["decisions"], report["model_decisions"], report["cache_hits"], report["fallbacks"],
            report["offline_decisions"]) == (4, 1, 1, 1, 1)
    assert (report["calls"], report["errors"], report["prompt_tokens"]) == (4, 3, 10)
    assert report["model_share_by_hour"] == {"06": 0.0, "08": 0.5, "09": 0.0}
    assert report["calls_by_hour"] == {"06": 0, "08": 2, "09": 2}


# -- Budget -----------------------------------------------------------------------------------
def test_the_budget_never_lets_more_than_the_ceiling_through_in_an_hour() -> None:
    ledger = Ledger()
    inner = Scripted()
    brain = Budget(inner, calls_per_hour=10, ledger=ledger)
    sources = [brain.complete(ask(f"chat {i}", step="chat", hour=5)).source for i in range(25)]
    assert sources.count("model") == 10 and sources[10:] == ["offline"] * 15
    assert brain.complete(ask("next hour", step="chat", hour=6)).source == "model"
    assert len(inner.asked) == 11
    assert ledger.report("x", 1.0)["budget"] == 15


def test_lower_priorities_stop_first_so_chat_finds_room() -> None:
    brain = Budget(Scripted(), calls_per_hour=20)
    served = {step: 0 for step in ("importance", "reflect_insights", "plan_day", "react", "converse", "chat")}
    for step in served:  # the least urgent asks first and still cannot crowd out the rest
        for i in range(20):
            served[step] += brain.complete(ask(f"{step} {i}", step=step, hour=1)).source == "model"
    assert served == {"importance": 10, "reflect_insights": 2, "plan_day": 3, "react": 2, "converse": 2, "chat": 1}
    assert sum(served.values()) == 20


def test_requests_without_a_game_hour_are_not_budgeted() -> None:
    brain = Budget(Scripted(), calls_per_hour=1)
    assert [brain.complete(ask(f"{i}")).source for i in range(3)] == ["model"] * 3


# -- make_brain: the order of the wrappers ------------------------------------------------------
class Pauses:
    def __init__(self) -> None:
        self.seen: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seen.append(seconds)


def brain_for(server: FakeLLMServer, ledger: Ledger, **options: object) -> llm.Brain:
    settings = LLMSettings(backend="openai", endpoints=(Endpoint(server.base_url, "fake-model"),),
                           backoff_s=0.1, **options)  # type: ignore[arg-type]
    return llm.make_brain(settings, ledger, lockstep=True, pause=Pauses())


def test_a_cached_answer_is_not_metered_as_a_call(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: answer({"name": "cafe"})
    ledger = Ledger()
    brain = brain_for(fake_llm, ledger)
    assert [brain.complete(ask()).source for _ in range(3)] == ["model", "cache", "cache"]
    report = ledger.report(brain.name, 1.0)
    assert (report["calls"], report["cache_hits"], report["decisions"]) == (1, 2, 3)


def test_a_fallback_is_never_cached(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(Reply(content="no json here"), answer({"name": "cafe"}))
    ledger = Ledger()
    brain = brain_for(fake_llm, ledger, max_retries=0)
    assert brain.complete(ask()) == Answer(HOME, "fallback", Usage(1, 11, 7, errors=1))
    assert brain.complete(ask()).source == "model"
    assert len(fake_llm.chat_requests) == 2


def test_a_check_failure_is_counted_and_falls_back_without_a_retry(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: answer({"name": "moon"})
    ledger = Ledger()
    brain = brain_for(fake_llm, ledger, max_retries=3)
    assert brain.complete(ask()).source == "fallback"
    report = ledger.report(brain.name, 1.0)
    assert (report["calls"], report["errors"], report["fallbacks"]) == (1, 1, 1)


def test_each_retry_spends_budget_and_a_refusal_is_offline_not_a_failure(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(Reply(status=503), Reply(status=503))
    fake_llm.responder = lambda body: answer({"name": "cafe"})
    ledger = Ledger()
    brain = brain_for(fake_llm, ledger, max_retries=3, calls_per_hour=2)
    got = brain.complete(ask("first", step="chat", hour=3))
    assert got.value == HOME and got.source == "offline"  # two failed attempts used the hour's two calls
    assert brain.complete(ask("first", step="chat", hour=4)).source == "model"  # nothing was cached
    report = ledger.report(brain.name, 1.0)
    assert (report["budget"], report["fallbacks"], report["errors"], report["calls"]) == (1, 0, 2, 3)


def test_the_offline_backend_answers_offline_and_a_dead_model_falls_back(refused_url: str) -> None:
    ledger = Ledger()
    offline = llm.make_brain(LLMSettings(), ledger)
    assert offline.complete(ask()) == Answer(HOME, "offline")
    dead = llm.make_brain(LLMSettings(backend="openai", endpoints=(Endpoint(refused_url, "m"),), max_retries=0),
                          ledger, lockstep=True)
    assert dead.complete(ask()).source == "fallback"
    report = ledger.report("both", 1.0)
    assert (report["offline_decisions"], report["fallbacks"], report["model_decisions"]) == (1, 1, 0)


def test_figures_and_closing_pass_through_every_wrapper() -> None:
    inner = Scripted(CAFE, CAFE)
    brain = Meter(Cache(Fallback(Retry(Budget(Check(inner), calls_per_hour=5), 0, 0.0))), Ledger())
    brain.complete(ask(hour=2))
    assert brain.status() == {"asked": 1, "call_budget": {"calls_per_hour": 5, "hour": 2, "used": 1, "peak": 1}}
    brain.close()
    assert not inner.script
