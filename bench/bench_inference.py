"""The inference pool against scripted OpenAI-compatible servers on 127.0.0.1 (run in another process,
200 ms per answer, 8 at a time each): throughput with 1, 2 and 4 servers as a share of the ideal and
of a baseline measured in the same run (the pool's own endpoint client per server, exactly 8 of the
same requests always in flight on each: a perfect static split, no queue, no wrappers); one of 3 servers failing mid-run
(HTTP 500s, then stalls). With --towns: calls per villager-day of generative towns with the time engine.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

import pydantic
from common import write

from game.llm import Answer, BrainPool, Endpoint, Ledger, LLMSettings, Request, make_brain
from game.llm.inference import EndpointServer
from game.sim import headless
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer, answer
from tests.town_model import responder

LATENCY_S = 0.2
CAP = 8
TIMEOUT_S = 1.5  # how long a stalled server holds a request before the pool gives up on it


class Choice(pydantic.BaseModel):
    place: str


def _serve(count: int, commands: Connection) -> None:
    """The server process: `count` scripted servers; obeys ("fail", index, mode) until ("stop",)."""
    servers = [FakeLLMServer(lambda body: answer({"place": "cafe"}), latency_s=LATENCY_S, max_concurrent=CAP).start()
               for _ in range(count)]
    commands.send([s.base_url for s in servers])
    while True:
        command = commands.recv()
        if command[0] == "stop":
            break
        servers[command[1]].fail = command[2]
        commands.send("ok")
    for server in servers:
        server.stop()


class Servers:
    """Scripted servers in a process of their own, so they do not share the client's interpreter lock."""

    def __init__(self, count: int) -> None:
        self._pipe, theirs = mp.Pipe()
        self._process = mp.get_context("spawn").Process(target=_serve, args=(count, theirs), daemon=True)
        self._process.start()
        self.urls: list[str] = self._pipe.recv()

    def fail(self, index: int, mode: str | None) -> None:
        self._pipe.send(("fail", index, mode))
        self._pipe.recv()

    def stop(self) -> None:
        self._pipe.send(("stop",))
        self._process.join(timeout=60)


def _brain(urls: list[str]) -> tuple[Any, Ledger]:
    settings = LLMSettings(backend="openai", endpoints=tuple(Endpoint(u, "bench", concurrency=CAP) for u in urls),
                           timeout_s=TIMEOUT_S, cache=False, max_retries=2, backoff_s=0.1, cooldown_s=1.0,
                           calls_per_hour=0, queue_wait_s=0)
    ledger = Ledger()
    return make_brain(settings, ledger), ledger


def _request(i: int) -> Request[Choice]:
    return Request(step="converse", agent=f"villager {i % 97}", system="You are a villager.",
                   prompt=f"Question {i}: where now?", answer=Choice, offline=lambda: Choice(place="home"))


class ClosedLoop:
    """Keeps `outstanding` requests in flight: each answer sends the next one; counts answers by time."""

    def __init__(self, pool: BrainPool, outstanding: int, stop_at: float) -> None:
        self.pool, self.stop_at = pool, stop_at
        self.sent = 0
        self.times: list[float] = []
        self.sources: dict[str, int] = {}
        self.lost = 0
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._open = 0
        for _ in range(outstanding):
            self._send()

    def _send(self) -> None:
        with self._lock:
            i = self.sent
            self.sent += 1
            self._open += 1
        self.pool.submit(_request(i)).add_done_callback(self._answered)

    def _answered(self, future: Future[Answer[Choice]]) -> None:
        now = time.perf_counter()
        with self._lock:
            self._open -= 1
            if future.cancelled() or future.exception() is not None:
                self.lost += 1
            else:
                self.times.append(now)
                source = future.result().source
                self.sources[source] = self.sources.get(source, 0) + 1
            finished = self._open == 0 and now >= self.stop_at
        if now < self.stop_at:
            self._send()
        elif finished:
            self.done.set()


def bare_clients(urls: list[str], seconds: float) -> float:
    """Requests per second of one endpoint client per server (the pool's own, sending the same requests)
    with CAP requests always on each: no queue, no balancing, no wrappers."""
    settings = LLMSettings(backend="openai", endpoints=tuple(Endpoint(u, "bench") for u in urls),
                           timeout_s=TIMEOUT_S)

    async def run() -> int:
        clients = [EndpointServer(i, e, settings) for i, e in enumerate(settings.endpoints)]
        done = 0
        stop = 0.0

        async def worker(client: EndpointServer, k: int) -> None:
            nonlocal done
            i = 0
            while time.perf_counter() < stop:
                await client.ask(_request(k * 100_000 + i))
                i += 1
                if time.perf_counter() <= stop:
                    done += 1

        stop = time.perf_counter() + 1.0  # warm up the connections
        await asyncio.gather(*(worker(c, k) for c in clients for k in range(CAP)))
        done = 0
        stop = time.perf_counter() + seconds
        await asyncio.gather(*(worker(c, k) for c in clients for k in range(CAP)))
        for client in clients:
            await client.client.close()
        return done

    return asyncio.run(run()) / seconds


def throughput(servers: int, seconds: float) -> dict[str, Any]:
    fleet = Servers(servers)
    try:
        baseline = bare_clients(fleet.urls, seconds)
        brain, _ledger = _brain(fleet.urls)
        with BrainPool(brain) as pool:
            for i in range(servers * CAP):  # warm up: open the connections
                pool.submit(_request(-1 - i)).result(timeout=30)
            start = time.perf_counter()
            loop = ClosedLoop(pool, outstanding=servers * CAP * 3, stop_at=start + seconds)
            loop.done.wait(timeout=seconds + 60)
        answered = [t for t in loop.times if t <= start + seconds]
    finally:
        fleet.stop()
    ideal = servers * CAP / LATENCY_S
    rate = len(answered) / seconds
    return {"servers": servers, "requests_per_s": round(rate, 1), "ideal_per_s": ideal,
            "share_of_ideal": round(rate / ideal, 3), "baseline_per_s": round(baseline, 1),
            "share_of_baseline": round(rate / baseline, 3), "lost": loop.lost, "sources": loop.sources}


def failover(seconds: float, fail_at: float, stall_at: float, two_baseline: float) -> dict[str, Any]:
    """3 servers; server 0 answers HTTP 500 from `fail_at`, then stalls from `stall_at` to the end.

    Recovery is measured against 90% of what two servers serve on this machine now (`two_baseline`,
    the bare clients' figure), and against the ideal."""
    fleet = Servers(3)
    try:
        brain, ledger = _brain(fleet.urls)
        with BrainPool(brain) as pool:
            for i in range(3 * CAP):
                pool.submit(_request(-1 - i)).result(timeout=30)
            start = time.perf_counter()
            loop = ClosedLoop(pool, outstanding=3 * CAP * 3, stop_at=start + seconds)
            _at(start + fail_at, lambda: fleet.fail(0, "500"))
            _at(start + stall_at, lambda: fleet.fail(0, "stall"))
            loop.done.wait(timeout=seconds + 60)
            status = ledger.report(brain.name, 1.0)["inference"]
        fleet.fail(0, None)
    finally:
        fleet.stop()
    window = 0.5
    series = []
    for k in range(int(seconds / window)):
        lo = start + k * window
        series.append(sum(lo <= t < lo + window for t in loop.times) / window)
    two_ideal = 2 * CAP / LATENCY_S
    after = _mean(series[int((stall_at + 2 * TIMEOUT_S) / window):])
    return {
        "seconds": seconds, "fail_500_at_s": fail_at, "stall_at_s": stall_at, "window_s": window,
        "requests_per_s_by_window": [round(r, 1) for r in series],
        "sent": loop.sent, "answered": len(loop.times), "lost": loop.lost, "sources": loop.sources,
        "two_servers_ideal_per_s": two_ideal,
        "two_servers_baseline_per_s": round(two_baseline, 1),
        "after_stall_per_s": round(after, 1),
        "after_stall_share_of_two_server_ideal": round(after / two_ideal, 3),
        "after_stall_share_of_two_server_baseline": round(after / two_baseline, 3),
        "recovered_to_90pct_of_two_server_baseline_s_after_stall": _recovery(series, window, stall_at,
                                                                              0.9 * two_baseline),
        "recovered_to_90pct_of_two_server_ideal_s_after_stall": _recovery(series, window, stall_at, 0.9 * two_ideal),
        "failing_endpoint": {k: status["endpoints"][0][k] for k in ("errors", "cooldowns", "state")},
    }


def _at(when: float, action: Callable[[], None]) -> None:
    threading.Timer(max(0.0, when - time.perf_counter()), action).start()


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def _recovery(series: list[float], window: float, since: float, level: float) -> float | None:
    """Seconds after `since` from which every window keeps at least `level`."""
    first = int(since / window)
    for k in range(first, len(series)):
        if all(r >= level for r in series[k:]):
            return round(k * window - since, 1)
    return None


def town_cost(villagers: int, days: float, **llm: Any) -> dict[str, Any]:
    """A generative town on the scripted model (tests/town_model.py) with the time engine and the budget's
    defaults; embeddings from the same server (cheaper here than MiniLM, and the same for every run)."""
    with FakeLLMServer(responder=responder, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted",
                                        "embedder": "endpoint", "embedding_model": "scripted-embed", **llm},
                         lockstep=True)
        sim = Simulation(TownMap(DEFAULT_MAP), agents=villagers, seed=2, mind=mind)
        start = time.perf_counter()
        report = headless.run(sim, days)
        wall = time.perf_counter() - start
        assert mind.pool is not None
        mind.pool.close()
    cost = report["llm"]
    return {
        "villagers": len(sim.villagers), "game_days": days, "wall_s": round(wall, 1),
        "calls": cost["calls"], "calls_per_villager_day": round(cost["calls_per_agent_day"], 2),
        "decisions": cost["decisions"], "model_decisions": cost["model_decisions"],
        "resting": cost["resting"], "budget": cost["budget"], "fallbacks": cost["fallbacks"],
        "calls_per_hour_ceiling": cost["call_budget"]["calls_per_hour"],
        "most_calls_in_an_hour": cost["call_budget"]["peak"],
        "model_share_by_hour": cost["model_share_by_hour"],
    }


def main() -> None:
    quick = "--quick" in sys.argv
    if "--towns" in sys.argv:  # the calls a town costs, on its own: it takes longer than the pool's figures
        full = town_cost(16, 1.0, time_engine=False, calls_per_hour=0)
        towns = [town_cost(16, 1.0), town_cost(256, 0.25 if not quick else 0.1)]
        write("inference_towns", {"without_time_engine": full, "with_time_engine": towns,
                                  "targets": {"calls_per_villager_day_at_16": 50,
                                              "calls_per_villager_day_at_1000": 10}})
        return
    seconds = 4.0 if quick else 8.0
    runs = [throughput(n, seconds) for n in (1, 2, 4)]
    one = runs[0]["requests_per_s"]
    for run in runs:
        run["speedup_over_one_server"] = round(run["requests_per_s"] / one, 2)
    write("inference", {
        "latency_s": LATENCY_S, "concurrency_per_server": CAP, "timeout_s": TIMEOUT_S,
        "throughput": runs,
        "failover": failover(seconds=16.0 if not quick else 10.0, fail_at=2.0, stall_at=4.0,
                             two_baseline=runs[1]["baseline_per_s"]),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "targets": {"share_of_ideal": 0.9, "recovered_share_of_two_server_ideal": 0.9},
    })


if __name__ == "__main__":
    main()
