"""The time engine: which villagers think with the model in a game hour.

Each villager has 24 hourly activation probabilities, from their persona's daily rhythm unless the
settings give their own; in each game hour a villager is active when a draw falls below that
hour's value (as in OASIS). Cognitive level of detail: villagers the player watches (selects,
follows, talks to, or who talk with them) always think with the model. The rest, when not
active, keep to routines, reused experience and the offline rules. Profiles given in the settings
(`llm.activation`) are validated there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from game.agents.persona import Persona

HOURS = 24
#: Default activation by what a villager does in the hour.
ASLEEP = 0.02
WAKING = 0.9  # the first waking hour: the day's plan
WORKING = 0.12
FREE = 0.3
WINDING_DOWN = 0.2  # the last awake hour
#: Free hours count for more in a villager whose lifestyle or traits say they seek company.
SOCIAL_WORDS = ("chat", "talk", "social", "friend", "people", "interview", "gossip", "everyone", "warm")
SOCIAL_FACTOR = 1.5

Profile = tuple[float, ...]


def default_profile(persona: Persona) -> Profile:
    """Activation by the persona's rhythm: awake, at work, waking up, winding down, or asleep."""
    words = " ".join((persona.lifestyle, *persona.traits)).lower()
    social = SOCIAL_FACTOR if any(word in words for word in SOCIAL_WORDS) else 1.0
    probabilities = []
    for hour in range(HOURS):
        minute = hour * 60 + 30  # the middle of the hour
        if not _between(minute, persona.wake, persona.sleep):
            value = ASLEEP
        elif _between(persona.wake, hour * 60, hour * 60 + 60) or _between(minute, persona.wake, persona.wake + 60):
            value = WAKING
        elif persona.work is not None and _between(minute, *persona.work):
            value = WORKING
        elif _between(minute, persona.sleep - 60, persona.sleep):
            value = WINDING_DOWN * social
        else:
            value = FREE * social
        probabilities.append(min(1.0, value))
    return tuple(probabilities)


def _between(minute: int, start: int, end: int) -> bool:
    """Is `minute` of the day in [start, end), a span that may cross midnight?"""
    minute, start, end = minute % 1440, start % 1440, end % 1440
    return start <= minute < end if start <= end else minute >= start or minute < end


class TimeEngine:
    """Decides per villager and game hour whether a decision goes to the model.

    The draw for (villager, hour) comes from a stream derived from the town's seed, the hour and
    the villager's name: the same town and seed give the same activations whatever the order of
    asking, and the simulation's own random generator is left untouched.
    """

    def __init__(self, seed: int, profiles: Mapping[str, Profile] | None = None) -> None:
        self.seed = seed
        self.overrides = dict(profiles or {})
        self.watched: frozenset[str] = frozenset()
        self._defaults: dict[str, Profile] = {}

    def profile(self, persona: Persona) -> Profile:
        given = self.overrides.get(persona.name)
        if given is not None:
            return given
        made = self._defaults.get(persona.name)
        if made is None:
            made = self._defaults[persona.name] = default_profile(persona)
        return made

    def draw(self, name: str, hour: int) -> float:
        """The villager's uniform draw in [0, 1) for game hour `hour` (hours since the town began)."""
        digest = hashlib.blake2b(f"{self.seed}:{hour}:{name}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2 ** 64

    def active(self, persona: Persona, hour: int) -> bool:
        return self.draw(persona.name, hour) < self.profile(persona)[hour % HOURS]

    def watch(self, names: Iterable[str]) -> None:
        """The villagers the player attends to now (selected, followed, talked to, talking with them)."""
        self.watched = frozenset(names)

    def thinks_with_model(self, persona: Persona, hour: int) -> bool:
        """Cognitive level of detail first, then the hour's activation."""
        return persona.name in self.watched or self.active(persona, hour)
