"""The guard every Brain runs behind: cache, retries with backoff, checks, offline fallback, ledger.

A failure is counted and logged, then the request's offline answer is used:
it never becomes a villager's words.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

import pydantic

from game.llm.base import Answer, Brain, LLMError, Request, T, Usage
from game.llm.offline import OfflineBrain
from game.llm.settings import LLMSettings

log = logging.getLogger(__name__)

CACHE_SIZE = 4096


@dataclass
class Tally:
    """Counts for one agent or one cognitive step."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: int = 0
    fallbacks: int = 0
    cache_hits: int = 0
    offline_decisions: int = 0


class Ledger:
    """Thread-safe tallies of model calls, tokens and failures, per agent and per step."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_step: defaultdict[str, Tally] = defaultdict(Tally)
        self._by_agent: defaultdict[str, Tally] = defaultdict(Tally)

    def record(self, agent: str, step: str, **counts: int) -> None:
        """Add counts (names of Tally fields) for one agent at one step."""
        with self._lock:
            for tally in (self._by_step[step], self._by_agent[agent]):
                for name, value in counts.items():
                    setattr(tally, name, getattr(tally, name) + value)

    def get_state(self) -> dict[str, Any]:
        with self._lock:
            return {"by_step": {k: asdict(t) for k, t in self._by_step.items()},
                    "by_agent": {k: asdict(t) for k, t in self._by_agent.items()}}

    def set_state(self, state: dict[str, Any]) -> None:
        names = {f.name for f in fields(Tally)}
        by_step = {str(k): Tally(**{n: int(c) for n, c in t.items() if n in names})
                   for k, t in state["by_step"].items()}
        by_agent = {str(k): Tally(**{n: int(c) for n, c in t.items() if n in names})
                    for k, t in state["by_agent"].items()}
        with self._lock:
            self._by_step = defaultdict(Tally, by_step)
            self._by_agent = defaultdict(Tally, by_agent)

    def report(self, backend_name: str, agent_days: float) -> dict[str, Any]:
        """Plain-data totals; `calls_per_agent_day` divides model calls by villager-days lived."""
        with self._lock:
            by_step = {step: asdict(t) for step, t in sorted(self._by_step.items())}
            by_agent = {agent: asdict(t) for agent, t in sorted(self._by_agent.items())}
        totals = {f.name: sum(t[f.name] for t in by_step.values()) for f in fields(Tally)}
        return {
            "backend": backend_name,
            "calls": totals["calls"],
            "calls_per_agent_day": totals["calls"] / agent_days if agent_days > 0 else 0.0,
            "prompt_tokens": totals["prompt_tokens"],
            "completion_tokens": totals["completion_tokens"],
            "errors": totals["errors"],
            "fallbacks": totals["fallbacks"],
            "cache_hits": totals["cache_hits"],
            "offline_decisions": totals["offline_decisions"],
            "by_step": by_step,
            "by_agent": by_agent,
        }


class GuardedBrain:
    """A Brain that never fails: wraps another Brain with cache, retries, checks and fallback.

    Around the offline backend it only counts offline decisions.
    """

    def __init__(self, inner: Brain, settings: LLMSettings, ledger: Ledger, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.name = inner.name
        self._inner = inner
        self._ledger = ledger
        self._sleep = sleep
        self._offline = isinstance(inner, OfflineBrain)
        self._retries = settings.max_retries
        self._backoff_s = settings.backoff_s
        self._cache: OrderedDict[str, pydantic.BaseModel] | None = (
            OrderedDict() if settings.cache and not self._offline else None)
        self._cache_lock = threading.Lock()
        self._secrets = tuple(e.api_key for e in settings.endpoints if e.api_key)

    def complete(self, request: Request[T]) -> Answer[T]:
        if self._offline:
            answer = self._inner.complete(request)
            self._ledger.record(request.agent, request.step, offline_decisions=1)
            return answer
        key = self._cache_key(request) if self._cache is not None else ""
        cached = self._from_cache(key, request)
        if cached is not None:
            self._ledger.record(request.agent, request.step, cache_hits=1)
            return Answer(cached, "cache")
        try:
            answer = self._ask(request)
        except LLMError as err:
            self._ledger.record(request.agent, request.step, fallbacks=1)
            log.warning("LLM fallback to offline rules for %s at %s: %s", request.agent, request.step,
                        self._redacted(str(err)))
            return Answer(request.offline(), "fallback", err.usage)
        self._to_cache(key, answer.value)
        return answer

    def _ask(self, request: Request[T]) -> Answer[T]:
        attempt = 0
        while True:
            try:
                answer = self._inner.complete(request)
                self._check(request, answer.value, answer.usage)
            except LLMError as err:
                self._count(request, err.usage, errors=1)
                if not err.transient or attempt >= self._retries:
                    raise
                self._sleep(self._backoff_s * 2 ** attempt)
                attempt += 1
                continue
            self._count(request, answer.usage)
            return answer

    @staticmethod
    def _check(request: Request[T], answer: T, usage: Usage) -> None:
        if request.check is None:
            return
        try:
            request.check(answer)
        except ValueError as exc:
            raise LLMError("check", f"{request.answer.__name__} failed its check: {exc}", usage=usage) from None

    def _count(self, request: Request[T], usage: Usage, **extra: int) -> None:
        self._ledger.record(request.agent, request.step, calls=usage.requests,
                            prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
                            **extra)

    def _cache_key(self, request: Request[T]) -> str:
        answer = f"{request.answer.__module__}.{request.answer.__qualname__}"
        text = json.dumps([self.name, request.system, request.prompt, answer])
        return hashlib.sha256(text.encode()).hexdigest()

    def _from_cache(self, key: str, request: Request[T]) -> T | None:
        if self._cache is None:
            return None
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is None:
                return None
            self._cache.move_to_end(key)
        answer = hit.model_copy(deep=True)
        try:
            self._check(request, answer, Usage())  # the world may have changed since
        except LLMError:
            with self._cache_lock:
                self._cache.pop(key, None)
            return None
        return answer  # type: ignore[return-value]

    def _to_cache(self, key: str, answer: pydantic.BaseModel) -> None:
        if self._cache is None:
            return
        with self._cache_lock:
            self._cache[key] = answer.model_copy(deep=True)
            self._cache.move_to_end(key)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def _redacted(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text
