"""Which requests the model serves first, from the cognitive step that asks: the player's chat leads."""

from __future__ import annotations

#: Lower goes first. Steps not listed (the mayor, anything new) rank with the day plans.
PRIORITY: dict[str, int] = {
    "chat": 0,
    "converse": 1,
    "react": 2,
    "plan_day": 3,
    "decompose": 3,
    "mayor": 3,
    "reflect_questions": 4,
    "reflect_insights": 4,
    "importance": 5,
}
LEVELS = 6
DEFAULT = 3


def priority(step: str) -> int:
    return PRIORITY.get(step, DEFAULT)
