"""Importance (poignancy) of new memories: offline rules at once, a model's scores in hourly batches."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from game.agents.prompting import DEFAULT_TOWN, JSON_ONLY
from game.llm.base import Request

_EXCITING = re.compile(
    r"\b(party|wedding|festival|concert|celebrat\w*|mayor|fire|fight|love|birthday|invit\w*|new \w+ opened|"
    r"built|moved|argu\w*|secret|promot\w*|quit|hired|election|campaign)\b",
    re.IGNORECASE,
)
_DULL = re.compile(r"\b(sleep\w*|is idle|walking|wash\w*|brush\w*)\b", re.IGNORECASE)
_BASE = {"observation": 2, "chat": 4, "plan": 3, "reflection": 6, "thought": 8, "event": 6}


def offline_importance(kind: str, text: str, known_people: set[str] | None = None) -> int:
    """A 1-10 score from the kind of memory and what it mentions."""
    score = _BASE.get(kind, 3)
    if _EXCITING.search(text):
        score += 4
    if _DULL.search(text) and kind == "observation":
        score -= 1
    if known_people and any(name in text for name in known_people):
        score += 1
    return max(1, min(10, score))


class ImportanceAnswer(BaseModel):
    scores: list[int] = Field(description="one integer from 1 (mundane) to 10 (life-changing) per memory, in order")


def system(town: str = DEFAULT_TOWN) -> str:
    """The rater's system line, naming the map's town."""
    return (f"You rate how poignant memories are for a villager of {town}, a small town. "
            "1 is mundane (brushing teeth, walking), 10 is life-changing (a break-up, a wedding). " + JSON_ONLY)


def importance_request(
    agent: str, persona_text: str, texts: list[str], offline: list[int], town: str = DEFAULT_TOWN
) -> Request[ImportanceAnswer]:
    listing = "\n".join(f"{i + 1}. {t}" for i, t in enumerate(texts))
    prompt = (
        f"{persona_text}\n\nRate each of these new memories of {agent} from 1 to 10.\n{listing}\n\n"
        f'Answer as {{"scores": [...]}} with exactly {len(texts)} integers.'
    )

    def check(answer: ImportanceAnswer) -> None:
        if len(answer.scores) != len(texts):
            raise ValueError(f"expected {len(texts)} scores, got {len(answer.scores)}")
        if any(not 1 <= s <= 10 for s in answer.scores):
            raise ValueError("scores must be 1-10")

    return Request(
        step="importance",
        agent=agent,
        system=system(town),
        prompt=prompt,
        answer=ImportanceAnswer,
        offline=lambda: ImportanceAnswer(scores=list(offline)),
        check=check,
        max_tokens=120,
        temperature=0.0,
    )
