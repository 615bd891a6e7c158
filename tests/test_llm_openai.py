"""The openai backend as make_brain composes it, against the scripted server: answers, failures, fallbacks, ledger."""

from __future__ import annotations

import json
import logging
import threading

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import game.llm as llm
from game.llm import Endpoint, Ledger, LLMSettings, Request
from game.llm.base import LLMError
from game.llm.openai_backend import chat_content, parse_answer
from tests.fakeserver import FakeLLMServer, Reply, answer

SECRET = "sk-test-SECRET-4242"
SYSTEM = "You are Ada Lovelace, a villager of Tinytown. Answer in JSON."
PLACES = ("Maple Cafe", "Town Park", "Ada's house")


class Destination(pydantic.BaseModel):
    place: str
    reason: str


def known_place(destination: Destination) -> None:
    if destination.place not in PLACES:
        raise ValueError(f"unknown place {destination.place!r}")


OFFLINE = Destination(place="Ada's house", reason="offline rules")


def ask(prompt: str = "It is 8:00. Where do you go?", agent: str = "Ada",
        step: str = "plan_day") -> Request[Destination]:
    return Request(step=step, agent=agent, system=SYSTEM, prompt=prompt, answer=Destination,
                   offline=lambda: OFFLINE, check=known_place, max_tokens=120, temperature=0.5)


def settings_for(*urls: str, **options: object) -> LLMSettings:
    options = {"backoff_s": 0.25, "timeout_s": 5.0, **options}
    endpoints = tuple(Endpoint(url, "fake-model", api_key=SECRET) for url in urls)
    return LLMSettings(backend="openai", endpoints=endpoints, **options)  # type: ignore[arg-type]


class Town:
    """The openai brain of make_brain, its ledger, and the backoff pauses it asked for (never waited)."""

    def __init__(self, *urls: str, **options: object) -> None:
        self.settings = settings_for(*urls, **options)
        self.ledger = Ledger()
        self.sleeps: list[float] = []
        self.brain = llm.make_brain(self.settings, self.ledger, lockstep=True, pause=self.pause)

    async def pause(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def report(self) -> dict[str, object]:
        return self.ledger.report(self.brain.name, agent_days=1.0)


CAFE = {"place": "Maple Cafe", "reason": "coffee before work"}


def test_request_carries_exact_prompts_and_the_answer_schema(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(answer(CAFE))
    Town(fake_llm.base_url).brain.complete(ask())
    [sent] = fake_llm.chat_requests
    assert sent["model"] == "fake-model"
    assert sent["messages"] == [{"role": "system", "content": SYSTEM},
                                {"role": "user", "content": "It is 8:00. Where do you go?"}]
    assert sent["response_format"] == {"type": "json_schema", "json_schema": {
        "name": "Destination", "schema": Destination.model_json_schema(), "strict": False}}
    assert (sent["max_tokens"], sent["temperature"]) == (120, 0.5)
    assert fake_llm.authorizations == [f"Bearer {SECRET}"]


def test_a_valid_answer_is_parsed_and_its_tokens_counted(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(answer(CAFE, prompt_tokens=120, completion_tokens=15))
    town = Town(fake_llm.base_url)
    assert town.brain.complete(ask()).value == Destination(**CAFE)
    report = town.report()
    assert (report["calls"], report["prompt_tokens"], report["completion_tokens"]) == (1, 120, 15)
    assert (report["errors"], report["fallbacks"]) == (0, 0)
    assert report["by_agent"]["Ada"]["calls"] == 1
    assert report["by_step"]["plan_day"]["prompt_tokens"] == 120


def test_a_fenced_answer_is_parsed(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(Reply(content=f"```json\n{json.dumps(CAFE)}\n```"))
    assert Town(fake_llm.base_url).brain.complete(ask()).value == Destination(**CAFE)


@given(place=st.text(), reason=st.text(), fenced=st.booleans(), chatter=st.booleans())
def test_any_answer_survives_fences_and_chatter(place: str, reason: str, fenced: bool, chatter: bool) -> None:
    text = Destination(place=place, reason=reason).model_dump_json(indent=2 if fenced else None)
    if fenced:
        text = f"```json\n{text}\n```"
    if chatter:
        text = f"Sure! Here is my answer:\n{text}\nHope that helps."
    assert parse_answer(text, Destination) == Destination(place=place, reason=reason)


@pytest.mark.parametrize(("content", "kind"), [
    ("I think I'll walk to the cafe.", "invalid_json"),
    ('{"place": "Maple Cafe", "reason": ', "invalid_json"),
    ('{"place": "Maple Cafe"}', "schema"),
    ('{"place": "The Moon", "reason": "why not"}', "check"),
])
def test_a_bad_answer_ends_in_the_offline_answer_without_retrying(
        fake_llm: FakeLLMServer, caplog: pytest.LogCaptureFixture, content: str, kind: str) -> None:
    fake_llm.script(Reply(content=content))
    town = Town(fake_llm.base_url)
    with caplog.at_level(logging.WARNING, logger="game.llm"):
        fallback = town.brain.complete(ask())
    assert (fallback.value, fallback.source, fallback.from_model) == (OFFLINE, "fallback", False)
    report = town.report()
    assert (report["calls"], report["errors"], report["fallbacks"]) == (1, 1, 1)
    assert report["prompt_tokens"] == 11  # the bad reply was still generated
    [line] = [r.getMessage() for r in caplog.records if r.name == "game.llm.wrappers"]
    assert f"{kind}:" in line and "Ada" in line
    assert content not in line


def test_a_reply_slower_than_the_timeout_falls_back(fake_llm: FakeLLMServer, caplog: pytest.LogCaptureFixture) -> None:
    fake_llm.script(Reply(content=json.dumps(CAFE), delay_s=30))
    town = Town(fake_llm.base_url, timeout_s=0.3, max_retries=0)
    with caplog.at_level(logging.WARNING, logger="game.llm"):
        assert town.brain.complete(ask()).value == OFFLINE
    assert (town.report()["errors"], town.report()["fallbacks"]) == (1, 1)
    assert "timeout:" in caplog.text


def test_rate_limit_is_retried_with_backoff_then_succeeds(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(Reply(status=429, error="Rate limit reached"), answer(CAFE))
    town = Town(fake_llm.base_url)
    assert town.brain.complete(ask()).value == Destination(**CAFE)
    report = town.report()
    assert (report["calls"], report["errors"], report["fallbacks"]) == (2, 1, 0)
    assert town.sleeps == [0.25]


def test_server_errors_forever_give_up_after_the_retries(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: Reply(status=500, error="model crashed")
    town = Town(fake_llm.base_url, max_retries=2)
    assert town.brain.complete(ask()).value == OFFLINE
    report = town.report()
    assert (report["calls"], report["errors"], report["fallbacks"]) == (3, 3, 1)
    assert town.sleeps == [0.25, 0.5]
    assert len(fake_llm.chat_requests) == 3


def test_a_dropped_connection_is_retried(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(Reply(drop=True), answer(CAFE))
    town = Town(fake_llm.base_url)
    assert town.brain.complete(ask()).value == Destination(**CAFE)
    assert (town.report()["errors"], town.report()["fallbacks"]) == (1, 0)


def test_a_client_error_is_not_retried(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: Reply(status=400, error="model 'fake-model' does not exist")
    town = Town(fake_llm.base_url)
    assert town.brain.complete(ask()).value == OFFLINE
    assert (town.report()["calls"], town.report()["fallbacks"]) == (1, 1)
    assert town.sleeps == []


def test_connection_refused_falls_back(refused_url: str, caplog: pytest.LogCaptureFixture) -> None:
    town = Town(refused_url, max_retries=1)
    with caplog.at_level(logging.WARNING, logger="game.llm"):
        assert town.brain.complete(ask()).value == OFFLINE
    assert (town.report()["errors"], town.report()["fallbacks"]) == (2, 1)
    assert "connection refused" in caplog.text


def test_a_rejected_json_schema_falls_back_to_json_object_and_is_remembered() -> None:
    with FakeLLMServer(reject_json_schema=True) as server:
        server.responder = lambda body: answer(CAFE)
        town = Town(server.base_url)
        assert town.brain.complete(ask("first")).value == Destination(**CAFE)
        assert town.brain.complete(ask("second")).value == Destination(**CAFE)
        formats = [r["response_format"]["type"] for r in server.chat_requests]
        system = server.chat_requests[1]["messages"][0]["content"]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert system.startswith(SYSTEM) and json.dumps(Destination.model_json_schema()) in system
    assert (town.report()["calls"], town.report()["errors"], town.report()["fallbacks"]) == (3, 0, 0)


def test_schema_mode_does_not_fall_back_to_json_object() -> None:
    with FakeLLMServer(reject_json_schema=True) as server:
        town = Town(server.base_url, json_mode="schema")
        assert town.brain.complete(ask()).value == OFFLINE
        assert [r["response_format"]["type"] for r in server.chat_requests] == ["json_schema"]


def test_json_object_mode_describes_the_schema_from_the_start(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(answer(CAFE))
    assert Town(fake_llm.base_url, json_mode="json_object").brain.complete(ask()).value == Destination(**CAFE)
    assert fake_llm.chat_requests[0]["response_format"] == {"type": "json_object"}


def test_one_request_at_a_time_visits_the_endpoints_in_turn() -> None:
    with FakeLLMServer() as first, FakeLLMServer() as second:
        first.responder = second.responder = lambda body: answer(CAFE)
        town = Town(first.base_url, second.base_url)
        for hour in range(6):
            town.brain.complete(ask(f"It is {hour}:00."))
        asked_first = [r["messages"][1]["content"] for r in first.chat_requests]
        asked_second = [r["messages"][1]["content"] for r in second.chat_requests]
    assert asked_first == ["It is 0:00.", "It is 2:00.", "It is 4:00."]
    assert asked_second == ["It is 1:00.", "It is 3:00.", "It is 5:00."]


def test_a_cache_hit_avoids_a_second_http_call(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: answer(CAFE)
    town = Town(fake_llm.base_url)
    first = town.brain.complete(ask())
    second = town.brain.complete(ask(agent="Bob"))
    assert (first.source, second.source) == ("model", "cache")
    assert first.value == second.value == Destination(**CAFE)
    assert first.value is not second.value
    assert len(fake_llm.chat_requests) == 1
    report = town.report()
    assert (report["calls"], report["cache_hits"]) == (1, 1)
    assert report["by_agent"]["Bob"]["cache_hits"] == 1


def test_without_cache_every_decision_asks_the_model(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: answer(CAFE)
    town = Town(fake_llm.base_url, cache=False)
    town.brain.complete(ask())
    town.brain.complete(ask())
    assert len(fake_llm.chat_requests) == 2


def test_a_cached_answer_that_no_longer_checks_out_is_asked_again(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(answer(CAFE), answer({"place": "Town Park", "reason": "the cafe closed"}))
    town = Town(fake_llm.base_url)
    town.brain.complete(ask())

    def cafe_demolished(destination: Destination) -> None:
        if destination.place == "Maple Cafe":
            raise ValueError("unknown place 'Maple Cafe'")

    again = Request(step="plan_day", agent="Ada", system=SYSTEM, prompt="It is 8:00. Where do you go?",
                    answer=Destination, offline=lambda: OFFLINE, check=cafe_demolished, max_tokens=120)
    assert town.brain.complete(again).value.place == "Town Park"
    assert len(fake_llm.chat_requests) == 2


def test_the_key_never_reaches_the_logs(fake_llm: FakeLLMServer, refused_url: str,
                                        caplog: pytest.LogCaptureFixture) -> None:
    fake_llm.script(answer(CAFE), Reply(status=401, error=f"Incorrect API key provided: {SECRET}"),
                    Reply(content="nonsense"))
    town = Town(fake_llm.base_url, refused_url, max_retries=0)
    with caplog.at_level(logging.DEBUG):
        for hour in range(4):
            town.brain.complete(ask(f"It is {hour}:00."))
    assert town.report()["fallbacks"] == 3
    assert "LLM fallback" in caplog.text
    assert SECRET not in caplog.text
    assert SECRET not in repr(town.settings) + json.dumps(town.settings.public_dict())


def test_the_offline_backend_makes_no_model_calls() -> None:
    ledger = Ledger()
    brain = llm.make_brain(LLMSettings(), ledger)
    decided = brain.complete(ask())
    assert (decided.value, decided.source) == (OFFLINE, "offline")
    report = ledger.report(brain.name, agent_days=2.0)
    assert report["backend"] == "offline"
    assert (report["calls"], report["calls_per_agent_day"], report["offline_decisions"]) == (0, 0.0, 1)


def test_make_brain_for_openai_answers_from_the_server(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(answer(CAFE))
    ledger = Ledger()
    brain = llm.make_brain(settings_for(fake_llm.base_url), ledger)
    assert brain.complete(ask()).value == Destination(**CAFE)
    report = ledger.report(brain.name, agent_days=0.5)
    assert (report["backend"], report["calls_per_agent_day"]) == ("openai:fake-model", 2.0)


def test_the_pool_answers_many_villagers_concurrently(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: answer(CAFE, delay_s=0.05)
    ledger = Ledger()
    settings = settings_for(fake_llm.base_url)
    with llm.BrainPool(llm.make_brain(settings, ledger)) as pool:
        futures = [pool.submit(ask(f"{name}, where now?", agent=name)) for name in ("Ada", "Bob", "Cy", "Di")]
        answers = [future.result(timeout=10).value for future in futures]
    assert answers == [Destination(**CAFE)] * 4
    assert sorted(ledger.report("openai", 1.0)["by_agent"]) == ["Ada", "Bob", "Cy", "Di"]


def test_submitting_to_the_pool_never_waits_for_the_model(fake_llm: FakeLLMServer) -> None:
    model_may_answer = threading.Event()

    def slow_model(body: dict[str, object]) -> Reply:
        model_may_answer.wait(timeout=10)
        return answer(CAFE)

    fake_llm.responder = slow_model
    settings = settings_for(fake_llm.base_url)
    with llm.BrainPool(llm.make_brain(settings, Ledger())) as pool:
        future = pool.submit(ask())
        assert not future.done()
        model_may_answer.set()
        assert future.result(timeout=10).value == Destination(**CAFE)


def test_connection_probe_says_who_answered(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(Reply(content="OK"))
    ok, message = llm.test_connection(settings_for(fake_llm.base_url))
    assert ok
    assert message == f"Connected to {fake_llm.base_url}, model fake-model answered"
    assert fake_llm.chat_requests[0]["max_tokens"] == 1


def test_connection_probe_explains_failures(fake_llm: FakeLLMServer, refused_url: str) -> None:
    fake_llm.script(Reply(status=404, error="model not found"))
    ok, message = llm.test_connection(settings_for(fake_llm.base_url, refused_url))
    assert not ok
    first, second = message.splitlines()
    assert "HTTP 404" in first and "/v1" in first and "fake-model" in first
    assert second == f"Could not connect to {refused_url}: connection refused"


def test_connection_probe_offline_needs_nothing() -> None:
    assert llm.test_connection(LLMSettings())[0]


def test_llm_error_knows_what_is_worth_retrying() -> None:
    assert LLMError("http", "x", status=429).transient
    assert LLMError("http", "x", status=503).transient
    assert LLMError("timeout", "x").transient
    assert not LLMError("http", "x", status=400).transient
    assert not LLMError("check", "x").transient


@pytest.mark.parametrize("reply", [
    {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 0}},
    {"usage": {"prompt_tokens": 9, "completion_tokens": 0}},
    {"choices": [{"message": {"content": ["not", "text"]}}], "usage": {"prompt_tokens": 9, "completion_tokens": 0}},
    "<html>502 Bad Gateway</html>",
])
def test_a_reply_that_is_not_a_chat_completion_is_a_protocol_error_that_still_costs_a_call(reply: object) -> None:
    endpoint = Endpoint("http://127.0.0.1:9/v1", "fake-model")
    with pytest.raises(LLMError) as caught:
        chat_content(reply, endpoint)
    assert caught.value.kind == "protocol" and not caught.value.transient
    assert "127.0.0.1:9" in str(caught.value)
    assert caught.value.usage.requests == 1
    assert caught.value.usage.prompt_tokens == (9 if isinstance(reply, dict) and "usage" in reply else 0)


def test_a_chat_completion_gives_its_first_choice_and_the_tokens_reported() -> None:
    endpoint = Endpoint("http://127.0.0.1:9/v1", "fake-model")
    reply = {"choices": [{"message": {"role": "assistant", "content": '{"place": "Town Park"}'}},
                         {"message": {"role": "assistant", "content": "second"}}],
             "usage": {"prompt_tokens": 30, "completion_tokens": 4}}
    assert chat_content(reply, endpoint) == ('{"place": "Town Park"}', llm.Usage(1, 30, 4))
    # A server that reports no usage (some do not) still counts the call; a null content is an empty answer.
    assert chat_content({"choices": [{"message": {"content": None}}]}, endpoint) == ("", llm.Usage(1))
