"""Who a villager is: name, age, traits, work, daily rhythm, goals and whom they know."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from game.codec import Scalar, Stateful
from game.resources import resource

CAST_FILE = resource("game/data/personas.json")
WORKPLACES = ("cafe", "restaurant", "store", "office", "park", "gym", "library", "school")


class CastError(ValueError):
    """A persona file that cannot be used; the message names the file and the villager."""


def parse_hhmm(text: str) -> int:
    """'07:30' -> minutes after midnight."""
    hours, minutes = text.strip().split(":")
    value = int(hours) * 60 + int(minutes)
    if not (0 <= int(hours) <= 24 and 0 <= int(minutes) < 60):
        raise ValueError(text)
    return value % 1440


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


#: Minutes of the day are saved as the cast file writes them: "07:30".
HHMM = {"scalar": Scalar(_hhmm, parse_hhmm, "a time of day as HH:MM")}


@dataclass(frozen=True)
class Persona(Stateful):
    name: str
    age: int
    traits: tuple[str, ...]
    occupation: str
    workplace: str | None
    work: tuple[int, int] | None = field(metadata=HHMM)
    wake: int = field(metadata=HHMM)
    sleep: int = field(metadata=HHMM)
    lifestyle: str
    goals: tuple[str, ...]
    knows: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    household: str = ""
    backstory: str = ""
    #: Imported persona texts shown in the inspector (GA: innate, learned, currently, lifestyle, daily plan...).
    details: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    #: Per-villager cognition settings (recency_decay, weights, importance_trigger_max, vision_r, ...).
    settings: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    def describe(self) -> str:
        """One paragraph, used in prompts and the inspector."""
        work = f"works as {self.occupation}" if self.work else f"is {self.occupation}"
        return (
            f"{self.name} is {self.age}, {', '.join(self.traits)}. {self.first_name} {work}. "
            f"Lifestyle: {self.lifestyle}. Goals: {'; '.join(self.goals)}. {self.backstory}"
        ).strip()

    @staticmethod
    def from_cast(data: dict, where: str = "persona") -> Persona:
        """A villager of the cast file, which may leave out what has a sensible default (a save may not)."""
        try:
            name = str(data["name"]).strip()
            if not name:
                raise ValueError("empty name")
            work = data.get("work")
            workplace = data.get("workplace")
            if workplace is not None and workplace not in WORKPLACES:
                raise ValueError(f"workplace {workplace!r} is not one of {', '.join(WORKPLACES)}")
            return Persona(
                name=name,
                age=int(data.get("age", 30)),
                traits=tuple(str(t) for t in data.get("traits", [])),
                occupation=str(data.get("occupation", "villager")),
                workplace=workplace,
                work=(parse_hhmm(work[0]), parse_hhmm(work[1])) if work else None,
                wake=parse_hhmm(data.get("wake", "07:00")),
                sleep=parse_hhmm(data.get("sleep", "23:00")),
                lifestyle=str(data.get("lifestyle", "")),
                goals=tuple(str(g) for g in data.get("goals", [])),
                knows={str(k): str(v) for k, v in dict(data.get("knows", {})).items()},
                household=str(data.get("household", "")),
                backstory=str(data.get("backstory", "")),
                details={str(k): str(v) for k, v in dict(data.get("details", {})).items()},
                settings={str(k): float(v) for k, v in dict(data.get("settings", {})).items()},
            )
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
            raise CastError(f"{where}: {exc}") from None


def load_cast(path: str | Path = CAST_FILE) -> list[Persona]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CastError(f"{path}: cannot read the cast ({exc})") from None
    people = data.get("villagers") if isinstance(data, dict) else None
    if not isinstance(people, list) or not people:
        raise CastError(f"{path}: expected an object with a non-empty 'villagers' list")
    cast = [Persona.from_cast(p, f"{path}: villager {i + 1}") for i, p in enumerate(people)]
    names = [p.name for p in cast]
    if len(set(names)) != len(names):
        raise CastError(f"{path}: villager names must be unique")
    return cast


_FIRST = (
    "Ava Bram Cleo Dario Edda Finn Gus Hazel Ivo Juno Kit Lars Mina Nico Otto Pia Quin Rhea Saul Tess "
    "Uma Vik Wren Xan Yara Zane Alma Beck Cora Dean Elio Faye Gil Hugo Isla Jack Kaia Leo Maya Ned"
).split()
_LAST = (
    "Abbott Bell Crane Dale Ember Fox Gale Hart Irons Jay Keel Lowe Marsh North Oak Pine Reed "
    "Stone Thorn Vale Wells York"
).split()
_JOBS = (
    ("cafe", "waiter at the cafe"),
    ("store", "shop assistant"),
    ("office", "clerk"),
    ("park", "gardener"),
    ("office", "designer"),
    ("store", "delivery runner"),
)
_TRAITS = ("kind", "shy", "bold", "funny", "careful", "lively", "calm", "nosy", "gentle", "sporty", "bookish")


def extra_persona(index: int, rng: random.Random) -> Persona:
    """A generated newcomer for towns larger than the written cast (benchmarks, big towns)."""
    first = _FIRST[index % len(_FIRST)]
    last = _LAST[(index // len(_FIRST) + index) % len(_LAST)]
    suffix = "" if index < len(_FIRST) * len(_LAST) else f" {index}"
    workplace, job = _JOBS[rng.randrange(len(_JOBS))]
    start = rng.choice((7, 8, 9, 10)) * 60
    wake = start - rng.choice((60, 90, 120))
    return Persona(
        name=f"{first} {last}{suffix}",
        age=rng.randint(19, 70),
        traits=tuple(rng.sample(_TRAITS, 2)),
        occupation=job,
        workplace=workplace,
        work=(start, start + 8 * 60),
        wake=wake,
        sleep=rng.choice((21, 22, 23)) * 60 + rng.choice((0, 30)),
        lifestyle="new in town",
        goals=("make friends in town",),
        knows={},
        household="Newcomers",
        backstory=f"{first} moved here recently.",
    )
