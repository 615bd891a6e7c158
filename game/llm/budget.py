"""The call budget: at most `calls_per_hour` requests reach the model in a game hour, by priority.

Lower priorities stop asking earlier in the hour, so the player's chat and the dialogue always find
room. A request the budget cannot serve is decided offline (source "offline") and counted as
`budget` in the ledger, never dropped. The decision depends only on the requests' game hours and
the order they come in, never on wall time, so a lockstep run is reproducible.
"""

from __future__ import annotations

import threading
from typing import Any

from game.llm.base import Answer, Brain, Request, T, Usage
from game.llm.ledger import Ledger
from game.llm.priority import priority
from game.llm.wrappers import Wrapper

#: The share of the hour's ceiling each priority may use (chat, dialogue, reactions, plans,
#: reflections, importance): an importance batch is refused once half the hour's calls are spent.
SHARE = (1.0, 0.95, 0.85, 0.75, 0.6, 0.5)


class Budget(Wrapper):
    """Admits requests that carry a game hour while the hour's share for their priority lasts.

    Requests without an hour (the window's settings test, anything asked outside the town's
    time) are not counted. The counts are not saved: a loaded town starts its hour afresh.
    """

    def __init__(self, inner: Brain, calls_per_hour: int, ledger: Ledger | None = None) -> None:
        super().__init__(inner)
        self.calls_per_hour = calls_per_hour
        self.ledger = ledger
        self.hour = 0
        self.used = 0
        self.peak = 0  # the most requests admitted in any one hour
        self._lock = threading.Lock()

    def admit(self, request: Request[Any]) -> bool:
        """Count the request against its hour if its priority's share has room."""
        if self.calls_per_hour <= 0 or request.hour is None:
            return True
        with self._lock:
            if request.hour > self.hour:  # a late answer's retry from a past hour counts in the current one
                self.hour, self.used = request.hour, 0
            if self.used >= self.calls_per_hour * SHARE[priority(request.step)]:
                return False
            self.used += 1
            self.peak = max(self.peak, self.used)
            return True

    def complete(self, request: Request[T]) -> Answer[T]:
        return self.inner.complete(request) if self.admit(request) else self._refused(request)

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        return await self.inner.complete_async(request) if self.admit(request) else self._refused(request)

    def _refused(self, request: Request[T]) -> Answer[T]:
        if self.ledger is not None:
            self.ledger.record(request.agent, request.step, request.hour, budget=1)
        return Answer(request.offline(), "offline", Usage())

    def figures(self) -> dict[str, int]:
        """The ceiling, the current game hour, the calls admitted in it, and the most in any hour."""
        with self._lock:
            return {"calls_per_hour": self.calls_per_hour, "hour": self.hour, "used": self.used, "peak": self.peak}

    def status(self) -> dict[str, Any]:
        return {**super().status(), "call_budget": self.figures()}
