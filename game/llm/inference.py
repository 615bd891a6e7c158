"""The inference pool: model requests spread over OpenAI-compatible endpoints, all waiting on one event loop.

Each endpoint has a concurrency limit and a weight; a request goes to the endpoint with the fewest
outstanding requests per unit of weight. Requests wait in a queue by priority under a ceiling of
requests in flight. An endpoint that errors or times out cools down and is probed before it gets
traffic again; the request it failed is tried on another endpoint. In the window a request that
waits too long, or finds the queue full, is decided offline (counted, never dropped); in lockstep
nothing depends on wall time: the queue only orders the requests.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
import numpy as np
import openai

from game.llm.base import Answer, LLMError, Request, T, Usage
from game.llm.loop import ModelLoop, model_loop
from game.llm.openai_backend import (
    as_llm_error,
    chat_content,
    json_object_system,
    json_schema_format,
    parse_answer,
    schema_rejected,
)
from game.llm.priority import LEVELS, priority
from game.llm.settings import Endpoint, LLMSettings, SettingsError

log = logging.getLogger(__name__)

#: Latencies kept per endpoint for the percentiles.
LATENCY_WINDOW = 4096
#: The longest an endpoint cools down after failures in a row (the first wait is `cooldown_s`).
MAX_COOLDOWN_S = 60.0


@dataclass(eq=False)
class _Job:
    request: Request[Any]
    priority: int
    done: asyncio.Future[Answer[Any]]
    deadline: float | None
    tried: set[int] = field(default_factory=set)
    spent: Usage = field(default_factory=Usage)
    last_error: LLMError | None = None


class EndpointServer:
    """One endpoint: its client, how busy it is, whether it is cooling down, and its figures."""

    def __init__(self, index: int, endpoint: Endpoint, settings: LLMSettings) -> None:
        self.index = index
        self.endpoint = endpoint
        self.limit = endpoint.concurrency or settings.concurrency
        self.weight = endpoint.weight
        # The SDK's connection pool keeps at most 100 connections alive: an endpoint taking more at once
        # would open and close connections on every answer. Room for all it takes, and a probe.
        room = httpx2.Limits(max_connections=max(self.limit + 1, 100), max_keepalive_connections=self.limit + 1)
        self.client = openai.AsyncOpenAI(base_url=endpoint.base_url, api_key=endpoint.client_key,
                                         timeout=settings.timeout_s, max_retries=0,
                                         http_client=openai.DefaultAsyncHttpxClient(limits=room))
        self.json_mode = settings.json_mode
        self.object_only = settings.json_mode == "json_object"
        self.outstanding = 0
        self.state = "ready"  # ready | cooling | probing
        self.failures_in_a_row = 0
        self.requests = 0
        self.errors = 0
        self.cooldowns = 0
        self.latencies: deque[float] = deque(maxlen=LATENCY_WINDOW)

    def free(self) -> bool:
        return self.state == "ready" and self.outstanding < self.limit

    def load(self) -> float:
        """Outstanding requests per unit of weight, counting the one about to be sent."""
        return (self.outstanding + 1) / self.weight

    async def ask(self, request: Request[T]) -> tuple[T, Usage]:
        """One answer from this endpoint; LLMError (with what it cost) on failure."""
        usage = Usage()
        if not self.object_only:
            try:
                content, usage = await self._chat(request, request.system, json_schema_format(request.answer))
                return self._parsed(content, request, usage)
            except LLMError as err:
                if self.json_mode != "auto" or not schema_rejected(err):
                    raise
                usage = err.usage
                self.object_only = True
                log.info("%s does not accept json_schema output; asking it for json_object instead",
                         self.endpoint.base_url)
        try:
            content, used = await self._chat(request, json_object_system(request.system, request.answer),
                                             {"type": "json_object"})
        except LLMError as err:
            err.usage = usage + err.usage
            raise
        return self._parsed(content, request, usage + used)

    async def probe(self) -> bool:
        """Does the server answer at all (its model list, which costs no tokens)?"""
        try:
            await self.client.models.list()
        except openai.OpenAIError:
            return False
        return True

    async def _chat(self, request: Request[T], system: str, response_format: dict[str, Any]) -> tuple[str, Usage]:
        body = {"model": self.endpoint.model,
                "messages": [{"role": "system", "content": system}, {"role": "user", "content": request.prompt}],
                "max_tokens": request.max_tokens, "temperature": request.temperature,
                "response_format": response_format}
        try:
            # The SDK's custom-request form (same client, headers, timeout and errors): chat.completions.create
            # walks every key of the body through its typed transform and builds a typed reply, two thirds
            # of the client's CPU per request here; the reply's few fields are read from its JSON as it is.
            data = await self.client.post("/chat/completions", body=body, cast_to=object)
        except openai.OpenAIError as exc:
            raise as_llm_error(exc, self.endpoint) from None
        except ValueError:
            raise LLMError("protocol", f"{self.endpoint.base_url}: reply is not JSON", usage=Usage(1)) from None
        return chat_content(data, self.endpoint)

    @staticmethod
    def _parsed(content: str, request: Request[T], usage: Usage) -> tuple[T, Usage]:
        try:
            return parse_answer(content, request.answer), usage
        except LLMError as err:
            err.usage = usage
            raise

    def figures(self) -> dict[str, Any]:
        latencies = np.array(self.latencies, dtype=np.float64)
        p50, p95, p99 = (np.percentile(latencies, (50, 95, 99)) * 1000 if len(latencies) else (0.0, 0.0, 0.0))
        return {
            "base_url": self.endpoint.base_url,
            "model": self.endpoint.model,
            "weight": self.weight,
            "concurrency": self.limit,
            "state": self.state,
            "outstanding": self.outstanding,
            "requests": self.requests,
            "errors": self.errors,
            "cooldowns": self.cooldowns,
            "latency_ms": {"p50": round(float(p50), 1), "p95": round(float(p95), 1), "p99": round(float(p99), 1)},
        }


class InferencePool:
    """A Brain over every endpoint of the settings; answers have source "model" or, when the
    window's queue cannot serve them in time, "offline" (counted through `on_shed`)."""

    def __init__(self, settings: LLMSettings, *, lockstep: bool = False,
                 on_shed: Callable[[Request[Any]], None] | None = None, loop: ModelLoop | None = None) -> None:
        if not settings.endpoints:
            raise SettingsError("The openai backend needs an endpoint: set TINYTOWN_BASE_URLS or OPENAI_BASE_URL")
        self.name = "openai:" + ",".join(dict.fromkeys(e.model for e in settings.endpoints))
        self.lockstep = lockstep
        self._loop = loop or model_loop()
        self._servers = [EndpointServer(i, e, settings) for i, e in enumerate(settings.endpoints)]
        self._max_in_flight = settings.max_in_flight
        self._queue_limit = settings.queue_limit
        self._queue_wait_s = settings.queue_wait_s
        self._cooldown_s = settings.cooldown_s
        self._on_shed = on_shed
        self._queues: list[deque[_Job]] = [deque() for _ in range(LEVELS)]
        self._queued = 0
        self._in_flight = 0
        self._room: asyncio.Event | None = None
        self._shed = {"queue_full": 0, "waited_too_long": 0}
        self._figures_lock = threading.Lock()
        self._closed = False

    # -- the Brain interface ---------------------------------------------------------------
    def complete(self, request: Request[T]) -> Answer[T]:
        return self._loop.wait(self.complete_async(request))

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        """Queue the request by priority and wait for an endpoint's answer; LLMError if none could give one."""
        loop = asyncio.get_running_loop()
        if self._closed:
            raise _closed_error(Usage())
        if self._queued >= self._queue_limit:
            if not self.lockstep:
                return self._shed_now(request, "queue_full")
            while self._queued >= self._queue_limit:  # lockstep: back-pressure waits, it never decides
                if self._room is None:
                    self._room = asyncio.Event()
                self._room.clear()
                await self._room.wait()
        deadline = None if self.lockstep or self._queue_wait_s <= 0 else loop.time() + self._queue_wait_s
        job = _Job(request, priority(request.step), loop.create_future(), deadline)
        self._enqueue(job, front=False)
        if deadline is not None:
            loop.call_at(deadline, self._expire, job)
        self._pump()
        return await job.done

    # -- queue and dispatch -------------------------------------------------------------------
    def _enqueue(self, job: _Job, *, front: bool) -> None:
        queue = self._queues[job.priority]
        queue.appendleft(job) if front else queue.append(job)
        self._queued += 1

    def _dequeue(self, job: _Job) -> None:
        self._queues[job.priority].remove(job)
        self._queued -= 1
        if self._room is not None:
            self._room.set()

    def _pump(self) -> None:
        """Start every queued job that an endpoint can take now, highest priority first.

        While an endpoint is down, jobs that no ready endpoint may take fail at once (the retry
        and fallback wrappers decide what follows) rather than wait for a server that may never return.
        """
        some_down = any(s.state != "ready" for s in self._servers)
        for queue in self._queues:
            for job in list(queue):
                if some_down and self._hopeless(job):
                    self._dequeue(job)
                    self._fail(job)
                    continue
                if self._in_flight >= self._max_in_flight or not any(s.free() for s in self._servers):
                    if some_down:
                        continue  # keep looking for hopeless jobs
                    return
                server = self._pick(job)
                if server is None:
                    continue
                self._dequeue(job)
                self._in_flight += 1
                server.outstanding += 1
                asyncio.get_running_loop().create_task(self._run(job, server))

    def _pick(self, job: _Job) -> EndpointServer | None:
        """The free endpoint with the fewest outstanding requests per weight; ties go to the one that
        has served least per weight, so a trickle of requests still visits every endpoint."""
        free = [s for s in self._servers if s.index not in job.tried and s.free()]
        return min(free, key=lambda s: (s.load(), s.requests / s.weight, s.index)) if free else None

    def _hopeless(self, job: _Job) -> bool:
        """No endpoint it has not tried is ready (all cooling down or probing): fail it rather than wait."""
        return all(s.index in job.tried or s.state != "ready" for s in self._servers)

    def _expire(self, job: _Job) -> None:
        if job.done.done() or job not in self._queues[job.priority]:
            return
        self._dequeue(job)
        job.done.set_result(self._shed_now(job.request, "waited_too_long", job.spent))

    def _shed_now(self, request: Request[T], why: str, spent: Usage | None = None) -> Answer[T]:
        with self._figures_lock:
            self._shed[why] += 1
        if self._on_shed is not None:
            self._on_shed(request)
        return Answer(request.offline(), "offline", spent or Usage())

    def _fail(self, job: _Job) -> None:
        err = job.last_error or LLMError("connection", "every endpoint is cooling down after failures",
                                         usage=Usage())
        err.usage = job.spent
        job.done.set_exception(err)

    async def _run(self, job: _Job, server: EndpointServer) -> None:
        started = time.monotonic()
        try:
            value, usage = await server.ask(job.request)
        except LLMError as err:
            self._failed(job, server, err)
        except Exception as exc:  # a bug must reach the caller, never hang its future
            job.done.set_exception(exc)
        else:
            with self._figures_lock:
                server.requests += usage.requests
                server.latencies.append(time.monotonic() - started)
            server.failures_in_a_row = 0
            job.done.set_result(Answer(value, "model", job.spent + usage))
        finally:
            self._in_flight -= 1
            server.outstanding -= 1
            if not self._closed:
                self._pump()
            elif self._in_flight == 0:
                await self._close_clients()

    def _failed(self, job: _Job, server: EndpointServer, err: LLMError) -> None:
        with self._figures_lock:
            server.requests += err.usage.requests
            server.errors += 1
        job.spent = job.spent + err.usage + Usage(errors=1)
        job.last_error = err
        if self._closed:
            job.done.set_exception(_closed_error(job.spent))
            return
        if not err.transient:  # the request's own fault (or the answer's): another endpoint would not help
            err.usage = job.spent
            job.done.set_exception(err)
            return
        self._cool(server)
        job.tried.add(server.index)
        if self._hopeless(job):
            self._fail(job)
            return
        self._enqueue(job, front=True)

    # -- cooldown and probing ---------------------------------------------------------------
    def _cool(self, server: EndpointServer) -> None:
        """Rest a failing endpoint, unless it is the last one ready: with nowhere else to send the
        traffic, the retry wrapper's backoff paces it instead."""
        if server.state != "ready" or not any(s.state == "ready" for s in self._servers if s is not server):
            return
        server.failures_in_a_row += 1
        wait = min(MAX_COOLDOWN_S, self._cooldown_s * 2 ** (server.failures_in_a_row - 1))
        with self._figures_lock:
            server.state = "cooling"
            server.cooldowns += 1
        log.warning("LLM endpoint %s is cooling down for %.1f s after a failure", server.endpoint.base_url, wait)
        asyncio.get_running_loop().call_later(wait, self._start_probe, server)

    def _start_probe(self, server: EndpointServer) -> None:
        if self._closed:
            return
        server.state = "probing"
        asyncio.get_running_loop().create_task(self._probe(server))

    async def _probe(self, server: EndpointServer) -> None:
        answered = await server.probe()
        if self._closed:
            return
        if answered:
            server.state = "ready"
            log.info("LLM endpoint %s answers again", server.endpoint.base_url)
            self._pump()
            return
        server.state = "ready"  # so that _cool counts this failure and doubles the wait
        self._cool(server)
        self._pump()

    # -- figures and shutdown ------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """Plain data for the report and the HUD: per-endpoint figures, queue and shed counts."""
        with self._figures_lock:
            return {
                "endpoints": [s.figures() for s in self._servers],
                "queued": self._queued,
                "in_flight": self._in_flight,
                "max_in_flight": self._max_in_flight,
                "shed": dict(self._shed),
            }

    def close(self) -> None:
        """Stop taking requests: queued ones fail (and fall back), those in flight finish, then connections close."""
        if self._closed:
            return
        self._closed = True

        def shut() -> None:
            for queue in self._queues:
                while queue:
                    job = queue.popleft()
                    if not job.done.done():
                        job.done.set_exception(_closed_error(job.spent))
            self._queued = 0
            if self._in_flight == 0:
                self._loop.loop.create_task(self._close_clients())

        self._loop.loop.call_soon_threadsafe(shut)

    async def _close_clients(self) -> None:
        for server in self._servers:
            await server.client.close()


def _closed_error(spent: Usage) -> LLMError:
    """Not transient: a closed pool is not asked again, the request falls back at once."""
    return LLMError("closed", "the model pool was closed", usage=spent)
