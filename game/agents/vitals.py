"""Energy, hunger and social need: they drift over the day; objects, talks and the company of people one
knows restore them."""

from __future__ import annotations

from dataclasses import dataclass

from game.codec import Stateful

# Change per game minute while doing nothing in particular (0 = empty, 100 = full need/energy).
_DRAIN = {"energy": -0.06, "hunger": 0.07, "social": 0.04}
# What an activity does per game minute, on top of the drift.
_RESTORE: dict[str, dict[str, float]] = {
    "sleep": {"energy": 0.25, "hunger": -0.05},
    "eat": {"hunger": -2.0, "social": -0.02},
    "cook": {"hunger": -0.3},
    "coffee": {"energy": 0.25, "hunger": -0.4, "social": -0.03},
    "relax": {"energy": 0.05, "social": -0.01},
    "read": {"energy": 0.03},
    "play": {"social": -0.03},
    "exercise": {"energy": -0.15, "hunger": 0.05},
    "talk": {"social": -1.2},
    "work": {"energy": -0.02},
}


TALK_EASE = 5.0  # social need eased per line of a finished conversation
#: Social need eased per game minute in the company of people one knows (one, two, three or more): a little
#: more than the drift, so an evening among friends eases it slowly and a talk still counts for much more.
COMPANY_EASE = (0.0, 0.055, 0.07, 0.08)
COMPANY_FLOOR = 40.0  # company alone eases loneliness, no lower than this (the wish to talk stays); a talk goes lower


@dataclass
class Vitals(Stateful):
    """Needs on a 0-100 scale: energy high is good; hunger and social high mean a need."""

    energy: float = 80.0
    hunger: float = 20.0
    social: float = 30.0

    def advance(self, minutes: float, activity: str) -> None:
        extra = _RESTORE.get(activity, {})
        for key, drain in _DRAIN.items():
            if activity == "sleep" and key != "energy":
                drain *= 0.3
            value = getattr(self, key) + (drain + extra.get(key, 0.0)) * minutes
            setattr(self, key, min(100.0, max(0.0, value)))

    def talked(self, lines: int) -> None:
        """A finished conversation eases the social need, more for a longer one (a bubble lasts seconds)."""
        self.social = max(0.0, self.social - TALK_EASE * max(1, lines))

    def keep_company(self, minutes: float, known: int) -> None:
        """Time spent near ``known`` people one knows (same room, awake) eases the social need slowly."""
        if known <= 0 or self.social <= COMPANY_FLOOR:
            return
        ease = COMPANY_EASE[min(known, len(COMPANY_EASE) - 1)] * minutes
        self.social = max(COMPANY_FLOOR, self.social - ease)

    def most_pressing(self) -> str | None:
        """The need that should change plans now, if any."""
        if self.hunger >= 75:
            return "hunger"
        if self.energy <= 15:
            return "energy"
        if self.social >= 85:
            return "social"
        return None

    def describe(self) -> str:
        words = []
        if self.energy < 30:
            words.append("tired")
        elif self.energy > 75:
            words.append("rested")
        if self.hunger > 60:
            words.append("hungry")
        if self.social > 70:
            words.append("lonely")
        return ", ".join(words) or "fine"
