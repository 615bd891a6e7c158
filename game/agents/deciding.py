"""Deciding: every question a villager's mind asks the brain, answered at once or collected when it arrives.

Offline an answer is applied on the spot. With a model, the question goes to the
worker pool and its answer is applied later, in the order the questions were asked;
a decision needed at once acts on its offline answer first, so the clock never waits,
and only the answer that stands has lasting effects.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import replace

from game.llm.base import Answer, Brain, Request
from game.llm.pool import BrainPool


class Decisions:
    """The questions on their way to the model and who is waiting for one (the "thinking…" bubble)."""

    def __init__(self, brain: Brain, pool: BrainPool | None, lockstep: bool) -> None:
        self.brain = brain
        self.pool = pool
        # lockstep: every step ends with all its answers applied (in the order they were asked), so a
        # seed gives the same run; with a pool the step's requests still go to the model in parallel.
        self.lockstep = lockstep or pool is None
        self.pending: list[tuple[Future, Callable[[Answer], None]]] = []
        self._fallbacks: dict[Future, Callable[[], object]] = {}  # offline answers for requests a closed pool drops
        self.waiting: dict[int, int] = {}  # vid -> outstanding model requests
        self.hour: int | None = None  # the game hour; requests carry it to the time engine and the call budget

    def ask(self, request: Request, apply: Callable[[object], None], vid: int | None = None) -> None:
        """apply(answer) now (offline) or when the model's answer arrives."""
        request = self._stamped(request)
        if self.pool is None:
            apply(self.brain.complete(request).value)
            return
        self._submit(request, lambda answer: apply(answer.value), vid)

    def consult(self, request: Request, arrived: Callable[[Answer], None]) -> None:
        """arrived(answer) with the whole Answer (value and source), now (offline) or when it arrives."""
        request = self._stamped(request)
        if self.pool is None:
            arrived(self.brain.complete(request))
            return
        self._submit(request, arrived, None)

    def decide(self, request: Request, act: Callable[[object], None], settle: Callable[[Answer], None],
               vid: int | None = None) -> None:
        """A decision needed at once (a plan, a task list).

        ``act(value)`` runs now, with the brain's answer (offline, lockstep) or with the offline
        answer standing in while the model thinks, and again when the model's answer replaces it.
        ``settle(answer)`` runs once, with the answer that stands: lasting effects (a memory,
        experience) belong there, so a stand-in leaves nothing behind.
        """
        request = self._stamped(request)
        if self.pool is None or self.lockstep:
            answer = self.brain.complete(request)
            act(answer.value)
            settle(answer)
            return
        act(request.offline())

        def arrived(answer: Answer) -> None:
            act(answer.value)
            settle(answer)

        self._submit(request, arrived, vid)

    def _stamped(self, request: Request) -> Request:
        """The request with the game hour it was asked in, for the time engine and the call budget."""
        if self.hour is not None and request.hour is None:
            return replace(request, hour=self.hour)
        return request

    def _submit(self, request: Request, arrived: Callable[[Answer], None], vid: int | None) -> None:
        assert self.pool is not None
        future = self.pool.submit(request)
        self._fallbacks[future] = request.offline
        if vid is not None:
            self.waiting[vid] = self.waiting.get(vid, 0) + 1

        def done(answer: Answer, vid: int | None = vid) -> None:
            if vid is not None:
                self.waiting[vid] = max(0, self.waiting.get(vid, 1) - 1)
            arrived(answer)

        self.pending.append((future, done))

    def collect(self) -> None:
        """Apply arrived answers in the order they were asked; answers can ask again (reflection)."""
        if not self.pending:
            return
        current, self.pending = self.pending, []
        kept = []
        for future, done in current:
            if future.done():
                fallback = self._fallbacks.pop(future)
                done(Answer(fallback(), "fallback") if future.cancelled() else future.result())
            else:
                kept.append((future, done))
        self.pending = kept + self.pending

    def flush(self) -> None:
        """Wait for every outstanding answer (and those they lead to) and apply them: lockstep."""
        while self.pending:
            wait([future for future, _apply in self.pending])
            self.collect()

    def use(self, brain: Brain, pool: BrainPool | None, lockstep: bool) -> None:
        """Ask another brain from now on. The old pool closes: answers already coming are still applied,
        questions it had not started get their offline answer."""
        old = self.pool
        self.brain = brain
        self.pool = pool
        self.lockstep = lockstep or pool is None
        if old is not None and old is not pool:
            old.close()

    def thinking(self, vid: int) -> bool:
        return self.waiting.get(vid, 0) > 0
