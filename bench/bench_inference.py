"""The inference pool against scripted OpenAI-compatible servers on 127.0.0.1 (run in another process,
200 ms per answer, 8 at a time each): throughput with 1, 2 and 4 servers as a share of the ideal and
of a baseline measured in the same run (the pool's own endpoint client per server, exactly 8 of the
same requests always in flight on each: a perfect static split, no queue, no wrappers), with the CPU
milliseconds per request of the client and the servers and a profile of the client by component; one
of 3 servers failing mid-run (HTTP 500s, then stalls; or a stall without warning) and how soon the
rate is back. With --towns: calls per villager-day of generative towns with the time engine (16,
1,000 and 256 villagers).
"""

from __future__ import annotations

import asyncio
import cProfile
import multiprocessing as mp
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pydantic
from bench_scale import city_for
from common import ROOT, write

from game.agents.mind import GenerativeMind
from game.llm import Answer, BrainPool, Endpoint, Ledger, LLMSettings, Request, make_brain
from game.llm.inference import EndpointServer
from game.llm.loop import model_loop
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
    """The server process: `count` scripted servers; obeys ("fail", index, mode) and ("cpu",) (the
    process's CPU seconds so far) until ("stop",)."""
    servers = [FakeLLMServer(lambda body: answer({"place": "cafe"}), latency_s=LATENCY_S, max_concurrent=CAP).start()
               for _ in range(count)]
    commands.send([s.base_url for s in servers])
    while True:
        command = commands.recv()
        if command[0] == "stop":
            break
        if command[0] == "cpu":
            commands.send(time.process_time())
            continue
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

    def cpu_s(self) -> float:
        """CPU seconds the server process has used (all its threads)."""
        self._pipe.send(("cpu",))
        return float(self._pipe.recv())

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


def bare_clients(urls: list[str], seconds: float) -> tuple[float, float]:
    """Requests per second of one endpoint client per server (the pool's own, sending the same requests)
    with CAP requests always on each: no queue, no balancing, no wrappers; and the CPU ms of this
    process per request."""
    settings = LLMSettings(backend="openai", endpoints=tuple(Endpoint(u, "bench") for u in urls),
                           timeout_s=TIMEOUT_S)

    async def run() -> tuple[int, int, float]:
        clients = [EndpointServer(i, e, settings) for i, e in enumerate(settings.endpoints)]
        done = completed = 0
        stop = 0.0

        async def worker(client: EndpointServer, k: int) -> None:
            nonlocal done, completed
            i = 0
            while time.perf_counter() < stop:
                await client.ask(_request(k * 100_000 + i))
                i += 1
                completed += 1
                if time.perf_counter() <= stop:
                    done += 1

        stop = time.perf_counter() + 1.0  # warm up the connections
        await asyncio.gather(*(worker(c, k) for c in clients for k in range(CAP)))
        done = completed = 0
        cpu = time.process_time()
        stop = time.perf_counter() + seconds
        await asyncio.gather(*(worker(c, k) for c in clients for k in range(CAP)))
        cpu = time.process_time() - cpu
        for client in clients:
            await client.client.close()
        return done, completed, cpu

    done, completed, cpu = asyncio.run(run())
    return done / seconds, 1000 * cpu / completed


def throughput(servers: int, seconds: float) -> dict[str, Any]:
    fleet = Servers(servers)
    try:
        baseline, baseline_cpu_ms = bare_clients(fleet.urls, seconds)
        brain, _ledger = _brain(fleet.urls)
        with BrainPool(brain) as pool:
            for i in range(servers * CAP):  # warm up: open the connections
                pool.submit(_request(-1 - i)).result(timeout=30)
            cpu, server_cpu = time.process_time(), fleet.cpu_s()
            start = time.perf_counter()
            loop = ClosedLoop(pool, outstanding=servers * CAP * 3, stop_at=start + seconds)
            loop.done.wait(timeout=seconds + 60)
            cpu, server_cpu = time.process_time() - cpu, fleet.cpu_s() - server_cpu
        answered = [t for t in loop.times if t <= start + seconds]
    finally:
        fleet.stop()
    ideal = servers * CAP / LATENCY_S
    rate = len(answered) / seconds
    return {"servers": servers, "requests_per_s": round(rate, 1), "ideal_per_s": ideal,
            "share_of_ideal": round(rate / ideal, 3), "baseline_per_s": round(baseline, 1),
            "share_of_baseline": round(rate / baseline, 3), "lost": loop.lost, "sources": loop.sources,
            "client_cpu_ms_per_request": round(1000 * cpu / len(loop.times), 2),
            "baseline_client_cpu_ms_per_request": round(baseline_cpu_ms, 2),
            "server_cpu_ms_per_request": round(1000 * server_cpu / len(loop.times), 2)}


def failover(seconds: float, failures: tuple[tuple[float, str], ...], two_baseline: float) -> dict[str, Any]:
    """3 servers; server 0 starts failing as `failures` say ((seconds into the run, "500" or "stall"), the
    last lasting to the end). Recovery is judged against 90% of two servers' ideal."""
    fleet = Servers(3)
    try:
        brain, ledger = _brain(fleet.urls)
        with BrainPool(brain) as pool:
            for i in range(3 * CAP):
                pool.submit(_request(-1 - i)).result(timeout=30)
            start = time.perf_counter()
            loop = ClosedLoop(pool, outstanding=3 * CAP * 3, stop_at=start + seconds)
            for at, mode in failures:
                _at(start + at, lambda mode=mode: fleet.fail(0, mode))  # type: ignore[misc]  # bound per failure
            loop.done.wait(timeout=seconds + 60)
            status = ledger.report(brain.name, 1.0)["inference"]
        fleet.fail(0, None)
    finally:
        fleet.stop()
    window = 0.5
    series = [_rate(loop.times, start + k * window, window) for k in range(int(seconds / window))]
    # Every server answers its 8 requests together every 200 ms, so a half-second window holds 2 or 3 such
    # waves (64 or 96 a second from two servers): recovery is judged on the rate of the last 2 seconds
    # (9 or 10 waves), every quarter second; a dip shows in it for 2 seconds, so recovery is not flattered.
    span = 2.0
    ends = [span + k * 0.25 for k in range(int((seconds - span) / 0.25) + 1)]
    rolling = [(t, _rate(loop.times, start + t - span, span)) for t in ends]
    two_ideal = 2 * CAP / LATENCY_S
    level = 0.9 * two_ideal
    end = start + seconds
    first, last = failures[0][0], failures[-1][0]
    after = _rate(loop.times, start + last + TIMEOUT_S, seconds - last - TIMEOUT_S)
    return {
        "seconds": seconds, "server_0_fails": [{"at_s": at, "mode": mode} for at, mode in failures],
        "window_s": window,
        "requests_per_s_by_window": [round(r, 1) for r in series],
        "requests_per_s_in_last_2s_every_quarter_s_from_2s": [round(r, 1) for _, r in rolling],
        "sent": loop.sent, "answered": len(loop.times), "lost": loop.lost, "sources": loop.sources,
        "two_servers_ideal_per_s": two_ideal,
        "two_servers_baseline_per_s": round(two_baseline, 1),
        "lowest_2s_rate_after_first_failure_per_s": round(min(r for t, r in rolling if t > first), 1),
        "after_last_failure_per_s": round(after, 1),
        "after_last_failure_share_of_two_server_ideal": round(after / two_ideal, 3),
        "recovered_to_90pct_of_two_server_ideal_s": {
            f"after_{mode}_at_{at:g}s": _recovery(rolling, loop.times, start, end, at, level) for at, mode in failures},
        "share_of_2s_windows_after_first_failure_at_90pct": round(_mean([r >= level for t, r in rolling
                                                                         if t > first]), 2),
        "failing_endpoint": {k: status["endpoints"][0][k] for k in ("errors", "cooldowns", "state")},
    }


#: Where the client's CPU goes, by the file a function lives in (first match wins).
COMPONENTS = (("our pool and wrappers", ("game/llm/",)), ("openai SDK", ("/openai/",)),
              ("httpx, httpcore, h11, anyio", ("/httpx", "/httpcore", "/h11/", "/anyio/")),
              ("pydantic", ("/pydantic/", "pydantic_core")), ("json", ("/json/", "_json")),
              ("asyncio and sockets", ("/asyncio/", "selectors", "socket", "ssl")))


def profile(seconds: float) -> dict[str, Any]:
    """The pool against 2 servers under cProfile on the model loop's thread (where all of the pool's work
    runs): the share of the client's CPU time that each component takes."""
    fleet = Servers(2)
    profiler = cProfile.Profile(time.thread_time)  # CPU time of the loop thread, not its waits in select
    try:
        brain, _ledger = _brain(fleet.urls)
        with BrainPool(brain) as pool:
            for i in range(2 * CAP):
                pool.submit(_request(-1 - i)).result(timeout=30)
            model_loop().loop.call_soon_threadsafe(profiler.enable)
            loop = ClosedLoop(pool, outstanding=2 * CAP * 3, stop_at=time.perf_counter() + seconds)
            loop.done.wait(timeout=seconds + 60)
            stopped = threading.Event()
            model_loop().loop.call_soon_threadsafe(lambda: (profiler.disable(), stopped.set()))
            stopped.wait(timeout=10)
    finally:
        fleet.stop()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]  # the raw table pstats keeps
    shares: dict[str, float] = {}
    for key, (_calls, _primitive, own, _cumulative, _callers) in stats.items():
        part = _component(key, stats, set())
        shares[part] = shares.get(part, 0.0) + own
    total = sum(shares.values())
    return {"requests": len(loop.times), "profiled_cpu_ms_per_request": round(1000 * total / len(loop.times), 2),
            "share_of_client_cpu": {k: round(v / total, 3) for k, v in sorted(shares.items(), key=lambda kv: -kv[1])}}


def _component(key: tuple[str, int, str], stats: dict[Any, Any], seen: set[Any]) -> str:
    """The component a function's file belongs to; a built-in or standard-library function (isinstance,
    typing) counts for the component of the caller that spent most time in it."""
    part = next((name for name, marks in COMPONENTS if any(m in key[0] for m in marks)), None)
    if part is not None:
        return part
    callers = stats[key][4]
    seen.add(key)
    ranked = sorted((edge[2], caller) for caller, edge in callers.items() if caller not in seen)
    return _component(ranked[-1][1], stats, seen) if ranked else "other"


def _at(when: float, action: Callable[[], None]) -> None:
    threading.Timer(max(0.0, when - time.perf_counter()), action).start()


def _mean(xs: list[bool]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def _rate(times: list[float], since: float, span: float) -> float:
    return sum(since <= t < since + span for t in times) / span


def _recovery(rolling: list[tuple[float, float]], times: list[float], start: float, end: float, since: float,
              level: float) -> float | None:
    """Seconds after `since` until the rate of the last 2 seconds is back at `level` and the rate from then
    to the end of the run keeps it on average (a single window may dip with the machine's load)."""
    for t, rate in rolling:
        if t >= since and rate >= level and _rate(times, start + t, end - start - t) >= level:
            return round(t - since, 2)
    return None


def town_cost(villagers: int, days: float, *, town_map: Path = DEFAULT_MAP, watched: int = 0,
              **llm: Any) -> dict[str, Any]:
    """A generative town on the scripted model (tests/town_model.py) with the time engine and the budget's
    defaults; embeddings from the same server (cheaper here than MiniLM, and the same for every run).
    `watched` villagers are selected by the player from the start (they always think with the model).

    A run shorter than a day is extrapolated to one: the measured hours as they are, every hour not
    measured at the budget's ceiling (an upper bound: the ceiling is what an hour can cost)."""
    with FakeLLMServer(responder=responder, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted",
                                        "embedder": "endpoint", "embedding_model": "scripted-embed", **llm},
                         lockstep=True)
        sim = Simulation(TownMap(town_map), agents=villagers, seed=2, mind=mind)
        assert isinstance(mind, GenerativeMind) and mind.time_engine is not None
        chosen = [v.persona.name for v in sim.villagers[:watched]]
        mind.time_engine.watch(chosen)
        start, cpu = time.perf_counter(), time.process_time()
        report = headless.run(sim, days)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert mind.pool is not None
        mind.pool.close()
    cost = report["llm"]
    ceiling = cost["call_budget"]["calls_per_hour"]
    hours = round(days * 24, 2)
    measured = {
        "villagers": len(sim.villagers), "map": town_map.name, "watched": chosen, "game_days": days,
        "game_hours": hours, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
        "calls": cost["calls"], "calls_per_villager_day": round(cost["calls_per_agent_day"], 2),
        "decisions": cost["decisions"], "model_decisions": cost["model_decisions"],
        "resting": cost["resting"], "budget": cost["budget"], "fallbacks": cost["fallbacks"],
        "calls_per_hour_ceiling": ceiling,
        "most_calls_in_an_hour": cost["call_budget"]["peak"],
        "ceiling_exceeded": bool(ceiling) and cost["call_budget"]["peak"] > ceiling,
        "calls_by_hour": cost["calls_by_hour"],
        "model_share_by_hour": cost["model_share_by_hour"],
    }
    if days < 1.0 and ceiling:
        measured["day_estimate_calls_per_villager_day_at_most"] = round(
            (cost["calls"] + ceiling * (24 - hours)) / len(sim.villagers), 2)
    return measured


def towns(quick: bool) -> None:
    """16 villagers a whole day, with and without the time engine (two of them watched); 256 and 1,000 on
    the city (1,000 in a generated city with a bed each) for the first hours of a day, up to the morning's
    plans and commute, the costliest hours."""
    folder = Path(tempfile.mkdtemp(prefix=".bench-city-", dir=ROOT))
    results: dict[str, Any] = {"targets": {"calls_per_villager_day_at_16": 50, "calls_per_villager_day_at_1000": 10}}
    try:
        results["without_time_engine"] = town_cost(16, 1.0, watched=2, time_engine=False, calls_per_hour=0)
        results["with_time_engine"] = [town_cost(16, 1.0, watched=2)]
        write("inference_towns", results)
        for villagers, days in ((1000, 0.1 if quick else 0.35), (256, 0.1 if quick else 0.5)):
            results["with_time_engine"].append(town_cost(villagers, days, town_map=city_for(villagers, folder)))
            write("inference_towns", results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    quick = "--quick" in sys.argv
    if "--towns" in sys.argv:  # the calls a town costs, on its own: it takes longer than the pool's figures
        towns(quick)
        return
    seconds = 4.0 if quick else 8.0
    runs = [throughput(n, seconds) for n in (1, 2, 4)]
    one = runs[0]["requests_per_s"]
    for run in runs:
        run["speedup_over_one_server"] = round(run["requests_per_s"] / one, 2)
    write("inference", {
        "latency_s": LATENCY_S, "concurrency_per_server": CAP, "timeout_s": TIMEOUT_S,
        "throughput": runs,
        "failover": failover(16.0 if not quick else 10.0, ((2.0, "500"), (4.0, "stall")), runs[1]["baseline_per_s"]),
        "stall_without_warning": failover(12.0 if not quick else 8.0, ((2.0, "stall"),), runs[1]["baseline_per_s"]),
        "client_profile_two_servers": profile(seconds),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "targets": {"share_of_ideal": 0.9, "recovered_share_of_two_server_ideal": 0.9},
    })


if __name__ == "__main__":
    main()
