"""The ledger of cognition: model calls, tokens, failures and where each decision came from.

Counted per agent, per cognitive step and per hour of the day; thread-safe.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from game.codec import encode
from game.llm.base import Answer, Request


@dataclass
class Tally:
    """Counts for one agent or one cognitive step.

    `calls` are HTTP requests sent (failed ones included); `decisions` are answers given,
    whatever their source. Of the offline decisions, `budget` counts those the call budget made
    and `resting` those of villagers the time engine left to the rules that hour.
    """

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: int = 0
    decisions: int = 0
    model_decisions: int = 0
    fallbacks: int = 0
    cache_hits: int = 0
    offline_decisions: int = 0
    budget: int = 0
    resting: int = 0


@dataclass
class LedgerState:
    """What a ledger keeps in a save: its tallies by step, by agent and by hour of the day."""

    by_step: dict[str, Tally]
    by_agent: dict[str, Tally]
    by_hour: dict[int, Tally]


_SOURCE_COUNT = {"model": "model_decisions", "cache": "cache_hits", "offline": "offline_decisions",
                 "fallback": "fallbacks"}


class Ledger:
    """Tallies by agent, step and hour of day, and the figures of whatever serves the requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_step: defaultdict[str, Tally] = defaultdict(Tally)
        self._by_agent: defaultdict[str, Tally] = defaultdict(Tally)
        self._by_hour: defaultdict[int, Tally] = defaultdict(Tally)
        self._figures: dict[str, Callable[[], Any]] = {}

    def record(self, agent: str, step: str, hour: int | None = None, **counts: int) -> None:
        """Add counts (names of Tally fields) for one agent at one step (and game hour, if known)."""
        with self._lock:
            tallies = [self._by_step[step], self._by_agent[agent]]
            if hour is not None:
                tallies.append(self._by_hour[hour % 24])
            for tally in tallies:
                for name, value in counts.items():
                    setattr(tally, name, getattr(tally, name) + value)

    def record_answer(self, request: Request[Any], answer: Answer[Any]) -> None:
        """Count one decision by its source, and what it cost."""
        usage = answer.usage
        self.record(request.agent, request.step, request.hour, decisions=1, calls=usage.requests,
                    prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
                    errors=usage.errors, **{_SOURCE_COUNT[answer.source]: 1})

    def attach(self, name: str, figures: Callable[[], Any]) -> None:
        """Show `figures()` under `name` in the report (the inference pool's per-endpoint figures)."""
        with self._lock:
            self._figures[name] = figures

    def total(self, counter: str) -> int:
        """One counter (a Tally field, e.g. "fallbacks") summed over every step so far."""
        with self._lock:
            return sum(getattr(t, counter) for t in self._by_step.values())

    def saved(self) -> LedgerState:
        with self._lock:
            return LedgerState(dict(self._by_step), dict(self._by_agent), dict(self._by_hour))

    def load(self, saved: LedgerState) -> None:
        with self._lock:
            self._by_step = defaultdict(Tally, saved.by_step)
            self._by_agent = defaultdict(Tally, saved.by_agent)
            self._by_hour = defaultdict(Tally, saved.by_hour)

    def get_state(self) -> dict[str, Any]:
        return encode(self.saved())

    def report(self, backend_name: str, agent_days: float) -> dict[str, Any]:
        """Plain-data totals; `calls_per_agent_day` divides model calls by villager-days lived."""
        with self._lock:
            by_step = {step: asdict(t) for step, t in sorted(self._by_step.items())}
            by_agent = {agent: asdict(t) for agent, t in sorted(self._by_agent.items())}
            by_hour = dict(sorted(self._by_hour.items()))
            figures = dict(self._figures)
        totals = {f.name: sum(t[f.name] for t in by_step.values()) for f in fields(Tally)}
        report: dict[str, Any] = {
            "backend": backend_name,
            **totals,
            "calls_per_agent_day": totals["calls"] / agent_days if agent_days > 0 else 0.0,
            "model_share_by_hour": {
                f"{hour:02d}": round(t.model_decisions / t.decisions, 4) if t.decisions else 0.0
                for hour, t in by_hour.items()},
            "calls_by_hour": {f"{hour:02d}": t.calls for hour, t in by_hour.items()},
            "by_step": by_step,
            "by_agent": by_agent,
        }
        for name, source in sorted(figures.items()):
            report[name] = source()
        return report

