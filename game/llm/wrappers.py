"""Wrappers around a Brain, each doing one thing: check, retry, fallback, cache, meter, run on the loop.

Each takes the Brain it wraps and is itself a Brain (`complete`, and `complete_async` for the model
loop); `make_brain` composes them in one place. A failure is an LLMError until `Fallback` turns it
into the request's offline answer with source "fallback": counted and logged, never content.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import replace
from typing import Any

import pydantic

from game.llm.base import Answer, Brain, LLMError, Request, T, Usage
from game.llm.ledger import Ledger
from game.llm.loop import ModelLoop

log = logging.getLogger(__name__)

CACHE_SIZE = 4096


class Wrapper:
    """Passes the name, figures and closing through to the Brain it wraps."""

    def __init__(self, inner: Brain) -> None:
        self.inner = inner
        self.name = inner.name

    def status(self) -> dict[str, Any]:
        return self.inner.status()

    def close(self) -> None:
        self.inner.close()


class Check(Wrapper):
    """Holds a model's answer to the request's own check; one that fails is an LLMError ("check")."""

    def complete(self, request: Request[T]) -> Answer[T]:
        return checked(request, self.inner.complete(request))

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        return checked(request, await self.inner.complete_async(request))


def checked(request: Request[T], answer: Answer[T]) -> Answer[T]:
    """`answer` if it passes `request.check` (only model answers are checked: the rest are the rules')."""
    if request.check is None or answer.source != "model":
        return answer
    try:
        request.check(answer.value)
    except ValueError as exc:
        raise LLMError("check", f"{request.answer.__name__} failed its check: {exc}",
                       usage=answer.usage + Usage(errors=1)) from None
    return answer


class Retry(Wrapper):
    """Asks again after a transient failure, waiting `backoff_s`, then twice that, and so on."""

    def __init__(self, inner: Brain, retries: int, backoff_s: float, *,
                 sleep: Callable[[float], None] = time.sleep,
                 pause: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        super().__init__(inner)
        self.retries = retries
        self.backoff_s = backoff_s
        self._sleep = sleep
        self._pause = pause

    def complete(self, request: Request[T]) -> Answer[T]:
        spent, attempt = Usage(), 0
        while True:
            try:
                answer = self.inner.complete(request)
            except LLMError as err:
                spent = self._spent(err, spent, attempt)
                self._sleep(self.backoff_s * 2 ** attempt)
                attempt += 1
                continue
            return replace(answer, usage=spent + answer.usage)

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        spent, attempt = Usage(), 0
        while True:
            try:
                answer = await self.inner.complete_async(request)
            except LLMError as err:
                spent = self._spent(err, spent, attempt)
                await self._pause(self.backoff_s * 2 ** attempt)
                attempt += 1
                continue
            return replace(answer, usage=spent + answer.usage)

    def _spent(self, err: LLMError, spent: Usage, attempt: int) -> Usage:
        """What the attempts cost so far; re-raises `err` (carrying it all) when it is not worth another."""
        spent = spent + err.usage
        if not err.transient or attempt >= self.retries:
            err.usage = spent
            raise err
        return spent


class Activation(Wrapper):
    """Lets a request reach the model only when `thinks(request)` says so (the time engine: is the
    villager active this hour, or watched); otherwise the offline answer, source "offline", counted
    as `resting` in the ledger."""

    def __init__(self, inner: Brain, thinks: Callable[[Request[Any]], bool], ledger: Ledger | None = None) -> None:
        super().__init__(inner)
        self.thinks = thinks
        self.ledger = ledger

    def complete(self, request: Request[T]) -> Answer[T]:
        return self.inner.complete(request) if self.thinks(request) else self._rest(request)

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        return await self.inner.complete_async(request) if self.thinks(request) else self._rest(request)

    def _rest(self, request: Request[T]) -> Answer[T]:
        if self.ledger is not None:
            self.ledger.record(request.agent, request.step, request.hour, resting=1)
        return Answer(request.offline(), "offline", Usage())


class Fallback(Wrapper):
    """Turns an LLMError into the request's offline answer (source "fallback"), logged without secrets."""

    def __init__(self, inner: Brain, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(inner)
        self._secrets = tuple(s for s in secrets if s)

    def complete(self, request: Request[T]) -> Answer[T]:
        try:
            return self.inner.complete(request)
        except LLMError as err:
            return self._fallback(request, err)

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        try:
            return await self.inner.complete_async(request)
        except LLMError as err:
            return self._fallback(request, err)

    def _fallback(self, request: Request[T], err: LLMError) -> Answer[T]:
        text = str(err)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        log.warning("LLM fallback to offline rules for %s at %s: %s", request.agent, request.step, text)
        return Answer(request.offline(), "fallback", err.usage)


class Cache(Wrapper):
    """Keeps model answers by prompt; a hit (source "cache") is re-checked, since the world may have changed.

    Only answers from the model are kept. A request asked while the same one is on its way waits for
    that answer instead of asking again, so whether it is a hit never depends on timing.
    """

    def __init__(self, inner: Brain, size: int = CACHE_SIZE) -> None:
        super().__init__(inner)
        self._size = size
        self._entries: OrderedDict[str, pydantic.BaseModel] = OrderedDict()
        self._asking: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def complete(self, request: Request[T]) -> Answer[T]:
        key = self._key(request)
        while True:
            hit, asking = self._look(key, request)
            if hit is not None:
                return hit
            if asking is None:
                break
            asking.result()
        return self._keep(key, lambda: self.inner.complete(request))

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        key = self._key(request)
        while True:
            hit, asking = self._look(key, request)
            if hit is not None:
                return hit
            if asking is None:
                break
            await asyncio.wrap_future(asking)
        try:
            answer = await self.inner.complete_async(request)
        except BaseException:
            self._done(key, None)
            raise
        self._done(key, answer)
        return answer

    def _keep(self, key: str, ask: Callable[[], Answer[T]]) -> Answer[T]:
        try:
            answer = ask()
        except BaseException:
            self._done(key, None)
            raise
        self._done(key, answer)
        return answer

    def _key(self, request: Request[Any]) -> str:
        answer = f"{request.answer.__module__}.{request.answer.__qualname__}"
        text = json.dumps([self.name, request.system, request.prompt, answer])
        return hashlib.sha256(text.encode()).hexdigest()

    def _look(self, key: str, request: Request[T]) -> tuple[Answer[T] | None, Future[None] | None]:
        """(a checked hit, None) or (None, the same request on its way) or (None, None): ask, it is ours."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is None:
                asking = self._asking.get(key)
                if asking is None:
                    self._asking[key] = Future()
                return None, asking
            self._entries.move_to_end(key)
        value: T = kept.model_copy(deep=True)  # type: ignore[assignment]  # kept under this request's key
        if request.check is not None:
            try:
                request.check(value)
            except ValueError:
                with self._lock:
                    self._entries.pop(key, None)
                return self._look(key, request)
        return Answer(value, "cache", Usage()), None

    def _done(self, key: str, answer: Answer[Any] | None) -> None:
        with self._lock:
            if answer is not None and answer.source == "model":
                self._entries[key] = answer.value.model_copy(deep=True)
                self._entries.move_to_end(key)
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            asking = self._asking.pop(key, None)
        if asking is not None:
            asking.set_result(None)


class Meter(Wrapper):
    """Writes every answer into the ledger: its source, the calls and tokens it cost, its failures."""

    def __init__(self, inner: Brain, ledger: Ledger) -> None:
        super().__init__(inner)
        self.ledger = ledger

    def complete(self, request: Request[T]) -> Answer[T]:
        answer = self.inner.complete(request)
        self.ledger.record_answer(request, answer)
        return answer

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        answer = await self.inner.complete_async(request)
        self.ledger.record_answer(request, answer)
        return answer


class OnLoop(Wrapper):
    """Runs every request on the model loop, so requests from any thread start in the order they were made."""

    def __init__(self, inner: Brain, loop: ModelLoop) -> None:
        super().__init__(inner)
        self.loop = loop

    def complete(self, request: Request[T]) -> Answer[T]:
        return self.loop.wait(self.inner.complete_async(request))

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        return await self.inner.complete_async(request)

    def submit(self, request: Request[T]) -> Future[Answer[T]]:
        """Start answering without waiting: the future is done when the answer is."""
        return self.loop.run(self.inner.complete_async(request))
