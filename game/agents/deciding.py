"""Deciding: every question a villager's mind asks the brain, answered at once or collected when it arrives.

Offline (or in lockstep) an answer is applied on the spot. With a model, the
question goes to the worker pool and its answer is applied later, in the order
the questions were asked; a provisional question applies its offline answer first,
so the clock never waits.
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
        self.pending: list[tuple[Future, Callable[[object], None]]] = []
        self._fallbacks: dict[Future, Callable[[], object]] = {}  # offline answers for requests a closed pool drops
        self.waiting: dict[int, int] = {}  # vid -> outstanding model requests
        self.hour: int | None = None  # the game hour; requests carry it to the time engine and the call budget

    def ask(self, request: Request, apply: Callable[[object], None], vid: int | None = None,
            provisional: bool = False, whole: bool = False) -> None:
        """Decide now (offline/lockstep) or submit and apply later; provisional applies the offline answer first.
        With ``whole``, apply gets the Answer (its source too) rather than its value."""
        if self.hour is not None and request.hour is None:
            request = replace(request, hour=self.hour)
        if self.pool is None or (self.lockstep and provisional):
            # Plans and task lists are needed at once; in lockstep they are asked for on the spot.
            answer = self.brain.complete(request)
            apply(answer if whole else answer.value)
            return
        if provisional:
            apply(request.offline())
        future = self.pool.submit(request)
        self._fallbacks[future] = request.offline
        if vid is not None:
            self.waiting[vid] = self.waiting.get(vid, 0) + 1

        def done(answer: Answer, vid: int | None = vid) -> None:
            if vid is not None:
                self.waiting[vid] = max(0, self.waiting.get(vid, 1) - 1)
            apply(answer if whole else answer.value)

        self.pending.append((future, done))

    def collect(self) -> None:
        """Apply arrived answers in the order they were asked; answers can ask again (reflection)."""
        if not self.pending:
            return
        current, self.pending = self.pending, []
        kept = []
        for future, apply in current:
            if future.done():
                fallback = self._fallbacks.pop(future)
                apply(Answer(fallback(), "fallback") if future.cancelled() else future.result())
            else:
                kept.append((future, apply))
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
