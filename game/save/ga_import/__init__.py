"""Import a Generative Agents (Park et al. 2023) cast: a storage folder (``personas/<Name>/bootstrap_memory``
and ``reverie/meta.json``) and its history CSV (``Name,Whisper``) become a town whose villagers keep their
memories, homes, families, work, hours, relations and calendar date."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from game.agents.converse import Invitation, parse_invitation
from game.agents.mind import GenerativeMind
from game.agents.persona import Persona
from game.agents.villager import Villager
from game.clock import DAY_SECONDS, START_SECONDS
from game.codec import Stateful
from game.save.ga_import.formats import (
    GAImportError,
    GAMemory,
    GAPersona,
    GAStorage,
    read_history,
    read_storage,
)
from game.save.ga_import.lives import read_lives
from game.save.ga_import.settle import match_places, mayor_of, settle
from game.save.ga_import.text import address_parts, first_person, whispered
from game.sim.engine import DEFAULT_MAP, Simulation
from game.world.tilemap import TownMap

__all__ = ["CastBuilder", "GACast", "GAImportError", "GAMemory", "GAPersona", "import_ga", "read_ga"]

#: Builds a town on a map with the given cast (the importer asks for an empty one and settles the cast itself).
CastBuilder = Callable[[TownMap, list[Persona]], Simulation]
WHISPER_IMPORTANCE = 9  # as the game's own whispers: the inner voice that sets a day's course
# A host's words: a hosting verb, then the event ("planning on having a Valentine's Day party"), never a
# guest's ("planning to attend the party").
_HOST = re.compile(r"\b(?:host\w*|throw\w*|organi[sz]\w*|hold\w*|giv\w*|plan\w*(?:\s+(?:on|to))?"
                   r"(?:\s+(?:hav\w*|host\w*|throw\w*|hold\w*|organi[sz]\w*|giv\w*))?|hav\w*)\s+(?:a|an|the|her|his|their|my|our)\s+"
                   r"(?:[\w'-]+\s+){0,3}?(?:party|gathering|concert|dinner|picnic|celebration|get-together|festival|"
                   r"reading|show|meetup|lunch|breakfast|game night)\b", re.IGNORECASE)
_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                   r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", re.IGNORECASE)


@dataclass
class GACast(Stateful):
    """What an import did, kept with the town as a saved component: each GA place name -> the town place that
    answers to it, the town's places renamed after GA places (old name -> GA name; a load renames them again
    before anything else), the buildings put up, whether the personas are bare (a CSV-only import), each
    host's event and the folder it came from. A loaded town gets it back (game/save/town.py ``BROUGHT``)."""

    places: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    built: list[str] = field(default_factory=list)
    bare: bool = False
    hosting: list[Invitation] = field(default_factory=list)
    source: str = ""

    def report_extras(self, sim: Simulation) -> dict:
        """A headless report of an imported town says what the import did (every component reports)."""
        return {"ga_import": self.get_state()}


def read_ga(path: str | Path, history: str | Path | None = None) -> tuple[GAStorage, dict[str, list[str]], bool]:
    """(storage, whispers by name, bare): a storage folder and optional history CSV, or a CSV alone."""
    path = Path(path)
    whispers: dict[str, list[str]] = {}
    if path.is_file():
        if history is not None:
            raise GAImportError(f"{path}: is a file; give the storage folder first and the CSV with --ga-history")
        whispers = read_history(path)
        bare = [GAPersona(name, 30, where=str(path)) for name in whispers]
        return GAStorage(bare, where=str(path)), whispers, True
    storage = read_storage(path)
    if history is not None:
        whispers = read_history(Path(history))
        cast = {p.name for p in storage.personas}
        strangers = [n for n in whispers if n not in cast]
        if strangers:
            raise GAImportError(f"{history}: {', '.join(strangers[:5])} {'is' if len(strangers) == 1 else 'are'} "
                                f"not in the cast at {path} ({len(cast)} personas); every name in the history "
                                "must have a persona folder")
    return storage, whispers, False


def import_ga(path: str | Path, build: CastBuilder, map_path: Path | None = None,
              history: str | Path | None = None) -> Simulation:
    """A new town whose villagers are the GA personas with their lives and memories (raises GAImportError)."""
    storage, whispers, bare = read_ga(path, history)
    lives = read_lives(storage.personas, bare, whispers)
    sim = build(TownMap(map_path or DEFAULT_MAP), [])
    mind = sim.mind
    if not isinstance(mind, GenerativeMind):
        raise GAImportError(f"{path}: importing memories needs the generative mind (--mind generative)")
    record = GACast(bare=bare, source=str(path))
    office = mayor_of(sim)
    before = {b["name"] for b in office.built}
    workers = Counter(lives.work_places.values())
    record.places, record.renamed = match_places(sim, lives.used_places, workers)
    settle(sim, lives, record.places)
    record.built = [b["name"] for b in office.built if b["name"] not in before]
    sim.components["ga"] = record
    start = _set_calendar(sim, storage)
    for v, p in zip(sim.villagers, storage.personas, strict=True):
        mind.mind(sim, v)
        _remember(sim, mind, v, p, start)
    for v, p in zip(sim.villagers, storage.personas, strict=True):
        own = [whispered(text, v.name) for text in whispers.get(p.name, [])]
        texts = [p.profile.get("currently", ""), *own]
        for text in own:
            mind.remember(sim, v, "thought", text, sim.clock.seconds, importance=WHISPER_IMPORTANCE,
                          subject=v.name, scored=True)
        for text in texts:
            inv = _hosted(sim, v.name, text, record.places)
            if inv is not None and all(h.text() != inv.text() for h in mind.minds[v.vid].hosting):
                mind.minds[v.vid].hosting.append(inv)
                record.hosting.append(inv)
                mind.remember(sim, v, "plan", f"I am hosting the {inv.what} at {inv.place} on "
                              f"{_day_words(sim, inv.day)} at {_clock(inv.start)}; I will invite everyone I meet.",
                              sim.clock.seconds, importance=WHISPER_IMPORTANCE, subject=v.name,
                              event=inv.as_dict(), scored=True)
    return sim


def _set_calendar(sim: Simulation, storage: GAStorage) -> date | None:
    """Day 1 is the GA start date; the clock starts at the run's current time (or 06:00 after the last
    memory when the folder has no meta.json). Returns the date of day 1."""
    times = [m.created for p in storage.personas for m in p.memories if m.created is not None]
    first = storage.start.date() if storage.start else (min(times).date() if times else None)
    if first is None:
        return None
    sim.clock.start_date = first
    if storage.now is not None:
        sim.clock.seconds = _seconds(storage.now, first)
    elif times:
        last = _seconds(max(times), first)
        sim.clock.seconds = math.floor((last - START_SECONDS) / DAY_SECONDS + 1) * DAY_SECONDS + START_SECONDS
    return first


def _seconds(when: datetime, first: date) -> int:
    return (when.date() - first).days * DAY_SECONDS + when.hour * 3600 + when.minute * 60 + when.second


def _remember(sim: Simulation, mind: GenerativeMind, v: Villager, p: GAPersona, first: date | None) -> None:
    """The persona's associative memory, oldest first, with evidence links, chat lines and object events."""
    nids: dict[str, int] = {}
    for m in p.memories:
        created = sim.clock.seconds if m.created is None or first is None else _seconds(m.created, first)
        evidence = tuple(nids[e] for e in m.evidence if e in nids)
        importance = max(1, min(10, m.importance)) if m.importance is not None else None
        # An object's address ("the Ville:...:bed") is a thing, never a person to think about.
        subject = "" if address_parts(m.subject) else (m.subject or v.name)
        # Spoken back, a memory is the persona's own words: GA's "Klaus Mueller has ..." becomes "I have ...".
        node = mind.remember(sim, v, m.kind, first_person(m.text, p.name), created, importance=importance,
                             subject=subject, evidence=evidence, scored=importance is not None)
        if m.key:
            nids[m.key] = node.nid
        if m.kind == "chat" and m.lines:
            other = next((s for s, _line in m.lines if s != p.name), m.obj or "someone")
            said = " / ".join(f"{s.split()[0]}: {line}" for s, line in m.lines)
            mind.remember(sim, v, "chat", f"Conversation with {other}: {said}"[:1200], created, importance=3,
                          subject=other, evidence=(node.nid,), scored=True)


def _hosted(sim: Simulation, host: str, text: str, places: dict[str, str]) -> Invitation | None:
    """The event a persona's status or whisper says they host ('Isabella is planning a Valentine's Day party
    at Hobbs Cafe on February 14th from 5pm'), on the town place the GA place became; None otherwise."""
    first = host.split()[0]
    if not re.match(rf"\s*(?:status:\s*)?(?:{re.escape(host)}|{re.escape(first)}|I)\b", text, re.IGNORECASE):
        return None
    if not _HOST.search(text):
        return None
    local = text
    for ga_place, town_place in sorted(places.items(), key=lambda kv: -len(kv[0])):
        local = re.sub(re.escape(ga_place), town_place, local, flags=re.IGNORECASE)
    now = sim.clock.now
    day = now.day
    found = _DATE.search(local)
    if found:
        year = int(found.group(3) or sim.clock.start_date.year)
        try:
            when = datetime.strptime(f"{found.group(1)} {found.group(2)} {year}", "%B %d %Y").date()
        except ValueError:
            return None
        day = sim.clock.day_of(when)
        local = local[: found.start()] + local[found.end():]
        if day < now.day:
            return None
    minute = now.second_of_day // 60 if day == now.day else 0
    inv = parse_invitation(local, list(sim.town.map.sectors), day, minute, host)
    if inv is None:
        return None
    return Invitation(inv.what, inv.place, day if found else inv.day, inv.start, host)


def _day_words(sim: Simulation, day: int) -> str:
    from game.clock import GameTime

    return GameTime((day - 1) * DAY_SECONDS, sim.clock.start_date).date_text()


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"

