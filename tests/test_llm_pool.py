"""The inference pool against scripted servers: balancing, limits, priorities, cooldown, probing, shedding."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager

import pydantic
import pytest

import game.llm as llm
from game.llm import Answer, Endpoint, Ledger, LLMError, LLMSettings, Request
from game.llm.inference import InferencePool
from game.llm.loop import model_loop
from tests.fakeserver import FakeLLMServer, Reply, answer


class Place(pydantic.BaseModel):
    name: str


HOME = Place(name="home")
CAFE = {"name": "cafe"}


def ask(prompt: str, step: str = "converse", agent: str = "Ada") -> Request[Place]:
    return Request(step=step, agent=agent, system="You are Ada.", prompt=prompt, answer=Place,
                   offline=lambda: HOME)


def settings(*endpoints: Endpoint, **options: object) -> LLMSettings:
    return LLMSettings(backend="openai", endpoints=endpoints, timeout_s=5.0, **options)  # type: ignore[arg-type]


def submit(pool: InferencePool, request: Request[Place]) -> Future[Answer[Place]]:
    return model_loop().run(pool.complete_async(request))


def until(condition: Callable[[], bool], what: str, limit_s: float = 10.0) -> None:
    """Wait for a condition the pool reaches on its own (bounded; not a timing assertion)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.01)


@contextmanager
def pool_for(config: LLMSettings, **options: object) -> Iterator[InferencePool]:
    pool = InferencePool(config, **options)  # type: ignore[arg-type]
    try:
        yield pool
    finally:
        pool.close()


class Gate:
    """A responder that holds the requests whose prompt is in `held` until opened."""

    def __init__(self, *held: str) -> None:
        self.held = set(held)
        self.open = threading.Event()

    def __call__(self, body: dict[str, object]) -> Reply:
        if body["messages"][1]["content"] in self.held:  # type: ignore[index]
            self.open.wait(timeout=10)
        return answer(CAFE)


def test_a_dead_endpoint_is_cooled_down_and_its_requests_answered_elsewhere(
        fake_llm: FakeLLMServer, refused_url: str) -> None:
    fake_llm.responder = lambda body: answer(CAFE)
    config = settings(Endpoint(refused_url, "m"), Endpoint(fake_llm.base_url, "m"), cooldown_s=60)
    with pool_for(config, lockstep=True) as pool:
        answers = [pool.complete(ask(f"q{i}")) for i in range(6)]
        dead, alive = pool.status()["endpoints"]
    assert [a.source for a in answers] == ["model"] * 6
    assert len(fake_llm.chat_requests) == 6
    assert (dead["state"], dead["cooldowns"], dead["errors"], dead["requests"]) == ("cooling", 1, 1, 1)
    assert (alive["errors"], alive["requests"], alive["state"]) == (0, 6, "ready")
    assert alive["latency_ms"]["p50"] > 0 and alive["latency_ms"]["p99"] >= alive["latency_ms"]["p50"]
    retried = next(a for a in answers if a.usage.errors)  # the one sent to the dead endpoint first
    assert (retried.usage.requests, retried.usage.errors) == (2, 1)


def test_a_cooled_endpoint_is_probed_before_it_gets_traffic_again() -> None:
    with FakeLLMServer(lambda body: answer(CAFE)) as flaky, FakeLLMServer(lambda body: answer(CAFE)) as steady:
        config = settings(Endpoint(flaky.base_url, "m"), Endpoint(steady.base_url, "m"), cooldown_s=0.2)
        with pool_for(config, lockstep=True) as pool:
            flaky.fail = "500"
            pool.complete(ask("while failing"))  # goes to the flaky one first, fails, is answered by steady
            assert pool.status()["endpoints"][0]["state"] == "cooling"
            until(lambda: "/v1/models" in flaky.paths, "a probe of the failing endpoint")
            flaky.fail = None
            until(lambda: pool.status()["endpoints"][0]["state"] == "ready", "the probe to succeed")
            for i in range(4):
                pool.complete(ask(f"after {i}"))
    chat, probe = "/v1/chat/completions", "/v1/models"
    first_probe = flaky.paths.index(probe)
    assert flaky.paths[:first_probe] == [chat]  # nothing but the failed request before the probe
    assert flaky.paths[first_probe + 1:].count(chat) >= 1  # traffic came back after it
    assert pool.status()["endpoints"][0]["cooldowns"] >= 1


class Waves:
    """A responder that holds each wave of requests (their prompts' first letter) until that wave is let go."""

    def __init__(self) -> None:
        self.go = {"a": threading.Event(), "b": threading.Event()}

    def __call__(self, body: dict[str, object]) -> Reply:
        self.go[str(body["messages"][1]["content"])[0]].wait(timeout=10)  # type: ignore[index]
        return answer(CAFE)


def test_a_request_goes_where_the_fewest_are_outstanding() -> None:
    slow_waves, fast_waves = Waves(), Waves()
    with FakeLLMServer(slow_waves) as slow, FakeLLMServer(fast_waves) as fast:
        config = settings(Endpoint(slow.base_url, "m"), Endpoint(fast.base_url, "m"), concurrency=16)
        with pool_for(config) as pool:
            first = [submit(pool, ask(f"a{i}")) for i in range(6)]
            until(lambda: slow.active + fast.active == 6, "the first wave at the servers")
            assert (slow.active, fast.active) == (3, 3)  # even while both are idle
            fast_waves.go["a"].set()  # the fast server answers its share; the slow one still holds 3
            until(lambda: sum(f.done() for f in first) == 3, "the fast server's answers, back at the pool")
            second = [submit(pool, ask(f"b{i}")) for i in range(6)]
            until(lambda: slow.active + fast.active == 9, "the second wave at the servers")
            # 0 vs 3 outstanding: three go to the fast one; then ties go to the one that has served less
            assert (slow.active, fast.active) == (5, 4)
            for waves in (slow_waves, fast_waves):
                for go in waves.go.values():
                    go.set()
            assert all(f.result(timeout=10).source == "model" for f in first + second)


def test_weights_share_out_the_requests_in_flight() -> None:
    gate = Gate(*(f"q{i}" for i in range(8)))
    with FakeLLMServer(gate) as heavy, FakeLLMServer(gate) as light:
        config = settings(Endpoint(heavy.base_url, "m", weight=3), Endpoint(light.base_url, "m", weight=1),
                          concurrency=8)
        with pool_for(config) as pool:
            futures = [submit(pool, ask(f"q{i}")) for i in range(8)]
            until(lambda: heavy.active + light.active == 8, "all eight requests in flight")
            in_flight = (heavy.active, light.active)
            gate.open.set()
            for future in futures:
                future.result(timeout=10)
    assert in_flight == (6, 2)


def test_endpoint_limits_and_the_ceiling_in_flight_hold() -> None:
    gate = Gate(*(f"q{i}" for i in range(12)))
    with FakeLLMServer(gate) as first, FakeLLMServer(gate) as second:
        config = settings(Endpoint(first.base_url, "m", concurrency=2), Endpoint(second.base_url, "m"),
                          concurrency=8, max_in_flight=5)
        with pool_for(config) as pool:
            futures = [submit(pool, ask(f"q{i}")) for i in range(12)]
            until(lambda: pool.status()["queued"] == 7, "seven requests queued behind the ceiling")
            until(lambda: first.active + second.active == 5, "five requests at the servers")
            in_flight = (first.active, second.active, pool.status()["in_flight"])
            gate.open.set()
            assert all(f.result(timeout=10).source == "model" for f in futures)
    assert in_flight == (2, 3, 5)
    assert first.peak_active == 2 and second.peak_active <= 5


def test_queued_requests_are_served_by_priority() -> None:
    gate = Gate("busy")
    steps = ["importance", "reflect_insights", "plan_day", "react", "converse", "chat"]
    with FakeLLMServer(gate) as server:
        with pool_for(settings(Endpoint(server.base_url, "m"), max_in_flight=1), lockstep=True) as pool:
            busy = submit(pool, ask("busy"))
            until(lambda: server.active == 1, "the first request in flight")
            futures = [submit(pool, ask(step, step=step)) for step in steps]
            until(lambda: pool.status()["queued"] == len(steps), "every request queued")
            gate.open.set()
            for future in [busy, *futures]:
                future.result(timeout=10)
    served = [body["messages"][1]["content"] for body in server.chat_requests[1:]]
    assert served == list(reversed(steps))


def test_in_the_window_a_request_that_waits_too_long_is_decided_offline_and_counted() -> None:
    gate = Gate("busy")
    with FakeLLMServer(gate) as server:
        ledger = Ledger()
        config = settings(Endpoint(server.base_url, "m"), max_in_flight=1, queue_wait_s=0.2, cache=False)
        brain = llm.make_brain(config, ledger)
        with llm.BrainPool(brain) as pool:
            busy = pool.submit(ask("busy"))
            until(lambda: server.active == 1, "the first request in flight")
            late = pool.submit(ask("late", step="importance"))
            assert late.result(timeout=10) == Answer(HOME, "offline")
            gate.open.set()
            assert busy.result(timeout=10).source == "model"
    report = ledger.report(brain.name, 1.0)
    assert (report["budget"], report["offline_decisions"], report["model_decisions"]) == (1, 1, 1)
    assert report["inference"]["shed"] == {"queue_full": 0, "waited_too_long": 1}
    assert len(server.chat_requests) == 1


@pytest.mark.parametrize("lockstep", [False, True])
def test_a_full_queue_pushes_back(lockstep: bool) -> None:
    gate = Gate("busy")
    with FakeLLMServer(gate) as server:
        config = settings(Endpoint(server.base_url, "m"), max_in_flight=1, queue_limit=2, queue_wait_s=0)
        with pool_for(config, lockstep=lockstep) as pool:
            busy = submit(pool, ask("busy"))
            until(lambda: server.active == 1, "the first request in flight")
            queued = [submit(pool, ask(f"q{i}")) for i in range(2)]
            until(lambda: pool.status()["queued"] == 2, "the queue full")
            extra = submit(pool, ask("one too many"))
            if not lockstep:  # the window decides at once rather than let the queue grow
                assert extra.result(timeout=10).source == "offline"
            else:  # lockstep waits for room: the decision never depends on how fast the server is
                assert not extra.done()
            gate.open.set()
            results = [f.result(timeout=10) for f in (busy, *queued, extra)]
    assert [r.source for r in results] == ["model"] * 3 + ["offline" if not lockstep else "model"]


def test_hundreds_of_requests_wait_at_once_without_a_thread_each() -> None:
    many = 300
    gate = Gate(*(f"q{i}" for i in range(many)))
    with FakeLLMServer(gate) as server:
        config = settings(Endpoint(server.base_url, "m", concurrency=1024), max_in_flight=many)
        with pool_for(config) as pool:
            before = {t.ident for t in threading.enumerate()}
            futures = [submit(pool, ask(f"q{i}")) for i in range(many)]
            until(lambda: server.active == many, "every request at the server", limit_s=180)
            ours = [t for t in threading.enumerate() if t.ident not in before and "process_request" not in t.name]
            gate.open.set()
            assert all(f.result(timeout=60).source == "model" for f in futures)
    assert len(ours) < 50, [t.name for t in ours]


def test_an_endpoint_taking_more_than_a_hundred_at_once_keeps_its_connections_alive() -> None:
    at_once = 120  # beyond the SDK's default of 100 connections kept alive
    with FakeLLMServer() as server:
        config = settings(Endpoint(server.base_url, "m", concurrency=at_once), max_in_flight=at_once)
        with pool_for(config) as pool:
            for round_ in range(2):
                gate = Gate(*(f"r{round_} q{i}" for i in range(at_once)))
                server.responder = gate
                futures = [submit(pool, ask(f"r{round_} q{i}")) for i in range(at_once)]
                until(lambda: server.active == at_once, "every request of the round at the server", limit_s=120)
                gate.open.set()
                assert all(f.result(timeout=60).source == "model" for f in futures)
    assert server.connections == at_once  # the second round reused every connection of the first


def test_a_closed_pool_fails_what_it_had_not_sent() -> None:
    gate = Gate("busy")
    with FakeLLMServer(gate) as server:
        with pool_for(settings(Endpoint(server.base_url, "m"), max_in_flight=1)) as pool:
            busy = submit(pool, ask("busy"))
            until(lambda: server.active == 1, "the first request in flight")
            waiting = submit(pool, ask("waiting"))
            pool.close()
            with pytest.raises(LLMError, match="closed"):
                waiting.result(timeout=10)
            gate.open.set()
            assert busy.result(timeout=10).source == "model"  # the one on its way still arrives


def test_the_report_shows_each_endpoint(fake_llm: FakeLLMServer) -> None:
    fake_llm.responder = lambda body: answer(CAFE)
    ledger = Ledger()
    brain = llm.make_brain(settings(Endpoint(fake_llm.base_url, "m", concurrency=3, weight=2)), ledger)
    with llm.BrainPool(brain):
        brain.complete(ask("hello"))
        [endpoint] = ledger.report(brain.name, 1.0)["inference"]["endpoints"]
    assert {k: endpoint[k] for k in ("base_url", "concurrency", "weight", "requests", "errors", "cooldowns")} == {
        "base_url": fake_llm.base_url, "concurrency": 3, "weight": 2.0, "requests": 1, "errors": 0, "cooldowns": 0}
    assert set(endpoint["latency_ms"]) == {"p50", "p95", "p99"}
