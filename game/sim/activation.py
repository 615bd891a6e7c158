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

    #: Steps that are the player's own conversation: always the model.
    PLAYER_STEPS = frozenset({"chat"})

    def __init__(self, seed: int = 0, profiles: Mapping[str, Profile] | None = None) -> None:
        self.seed = seed
        self.overrides = dict(profiles or {})
        self.selected: frozenset[str] = frozenset()  # whom the player selects or follows
        self.chatting: frozenset[str] = frozenset()  # whom the player talks to
        self.watched: frozenset[str] = frozenset()  # those, and whoever is in a conversation with them
        self.personas: dict[str, Persona] = {}
        self._talking: list[tuple[str, str]] = []
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
        """The villagers the player selects or follows now (the window's inspector says so)."""
        self.selected = frozenset(names)
        self._update_watched()

    def follow(self, seed: int, personas: Iterable[Persona], talking: Iterable[tuple[str, str]] = (),
               chatting: Iterable[str] = ()) -> None:
        """The town's seed, who lives there, who talks with whom, and whom the player talks to
        (the mind calls this as time passes)."""
        self.seed = seed
        self.personas = {p.name: p for p in personas}
        self._talking = list(talking)
        self.chatting = frozenset(chatting)
        self._update_watched()

    def _update_watched(self) -> None:
        attended = self.selected | self.chatting
        partners = {b for a, b in self._talking if a in attended} | {a for a, b in self._talking if b in attended}
        self.watched = attended | partners

    def thinks_with_model(self, persona: Persona, hour: int) -> bool:
        """Cognitive level of detail first, then the hour's activation."""
        return persona.name in self.watched or self.active(persona, hour)

    def decides(self, agent: str, step: str, hour: int | None) -> bool:
        """Does this request of `agent` go to the model? The player's chat, requests outside the town's
        time and agents that are not villagers (the mayor) always do."""
        persona = self.personas.get(agent)
        if step in self.PLAYER_STEPS or hour is None or persona is None:
            return True
        return self.thinks_with_model(persona, hour)
