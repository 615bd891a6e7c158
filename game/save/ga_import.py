"""Import casts from Generative Agents (Park et al. 2023): Smallville persona folders
(``bootstrap_memory/scratch.json`` + ``associative_memory/nodes.json``) or a history CSV
(``Name;memory;memory...``, or the repo's ``Name,Whisper`` file with ';'-separated memories)
become villagers with those memories."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from game.agents.persona import Persona, load_cast
from game.clock import DAY_SECONDS, START_SECONDS
from game.sim.engine import DEFAULT_MAP, Simulation
from game.world.tilemap import TownMap

#: Builds a town on a map with the given cast.
CastBuilder = Callable[[TownMap, list[Persona]], Simulation]
GA_TIME = "%Y-%m-%d %H:%M:%S"
MAX_TEXT = 600
# Words in a GA persona's description -> the Tinytown workplace type they suggest, first match wins.
JOB_WORDS = (
    (("cafe", "coffee", "barista"), "cafe"),
    (("bar ", "pub", "restaurant", "chef", "cook"), "restaurant"),
    (("store", "shop", "pharmacy", "grocery", "market"), "store"),
    (("student", "college", "school", "teacher", "professor"), "school"),
    (("library", "librarian"), "library"),
    (("gym", "trainer", "coach"), "gym"),
    (("garden", "park"), "park"),
)
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m"


class GAImportError(ValueError):
    """A file that is not a usable Generative Agents cast; the message names it and says what is wrong."""


@dataclass(frozen=True)
class GAMemory:
    kind: str
    text: str
    created: datetime | None
    importance: int | None
    key: str = ""
    evidence: tuple[str, ...] = ()
    subject: str = ""


@dataclass
class GAPersona:
    persona: Persona
    memories: list[GAMemory] = field(default_factory=list)


def read_ga(path: str | Path) -> list[GAPersona]:
    """Personas from a persona folder, a folder of them (a GA simulation or its personas/), or a history CSV."""
    path = Path(path)
    if path.is_file():
        return read_history_csv(path)
    if not path.is_dir():
        raise GAImportError(f"{path}: no such file or folder")
    if (path / "bootstrap_memory").is_dir():
        return [read_persona_folder(path)]
    root = path / "personas" if (path / "personas").is_dir() else path
    folders = sorted(p for p in root.iterdir() if (p / "bootstrap_memory").is_dir())
    if not folders:
        raise GAImportError(f"{path}: no Generative Agents persona here; expected bootstrap_memory/scratch.json, "
                            "a folder of persona folders, or a history CSV")
    return [read_persona_folder(p) for p in folders]


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise GAImportError(f"{path}: cannot read it as JSON ({' '.join(str(exc).split())[:160]})") from None


def read_persona_folder(folder: Path) -> GAPersona:
    scratch_file = folder / "bootstrap_memory" / "scratch.json"
    scratch = _json(scratch_file)
    if not isinstance(scratch, dict):
        raise GAImportError(f"{scratch_file}: expected a JSON object describing the persona")
    persona = persona_from_scratch(scratch, folder.name, scratch_file)
    nodes_file = folder / "bootstrap_memory" / "associative_memory" / "nodes.json"
    memories = read_nodes(nodes_file) if nodes_file.is_file() else []
    return GAPersona(persona, memories)


def _text(value: object, limit: int = MAX_TEXT) -> str:
    return " ".join(str(value).split())[:limit] if value is not None else ""


def _minutes(match: re.Match[str]) -> int:
    hour, minute, half = int(match.group(1)) % 12, int(match.group(2) or 0), match.group(3).lower()
    return (hour + (12 if half == "p" else 0)) * 60 + min(minute, 59)


def persona_from_scratch(scratch: dict, fallback_name: str, where: Path) -> Persona:
    name = _text(scratch.get("name") or fallback_name, 80)
    if not name:
        raise GAImportError(f"{where}: the persona has no name")
    try:
        age = max(1, min(120, int(scratch.get("age", 30))))
    except (TypeError, ValueError):
        raise GAImportError(f"{where}: age {scratch.get('age')!r} is not a number") from None
    learned = _text(scratch.get("learned"))
    lifestyle = _text(scratch.get("lifestyle"), 300)
    lower = f" {learned.lower()} "
    workplace = next((kind for words, kind in JOB_WORDS if any(w in lower for w in words)), "office")
    job = re.search(r"\bis an? ([^.,;]{3,40}?)(?: at | of | who | and |[.,;])", learned)
    wake = re.search(r"wak\w*(?: up)? (?:around |at )?" + _CLOCK, lifestyle, re.IGNORECASE)
    sleep = re.search(r"(?:bed|sleep)\w* (?:around |at )?" + _CLOCK, lifestyle, re.IGNORECASE)
    currently = _text(scratch.get("currently"), 300)
    return Persona(
        name=name,
        age=age,
        traits=tuple(t.strip() for t in _text(scratch.get("innate"), 200).split(",") if t.strip()),
        occupation=job.group(1) if job else f"worker at the {workplace}",
        workplace=workplace,
        work=(9 * 60, 17 * 60),
        wake=_minutes(wake) if wake else 7 * 60,
        sleep=_minutes(sleep) if sleep else 23 * 60,
        lifestyle=lifestyle,
        goals=(currently,) if currently else (),
        household=name,
        backstory=learned,
    )


def read_nodes(path: Path) -> list[GAMemory]:
    """The associative memory, oldest first: events become observations, chats chats, thoughts thoughts,
    plans or (with evidence) reflections."""
    data = _json(path)
    if not isinstance(data, dict):
        raise GAImportError(f"{path}: expected a JSON object of nodes ('node_1': {{...}})")
    nodes = []
    for key, node in data.items():
        if not isinstance(node, dict):
            raise GAImportError(f"{path}: {key} is not an object")
        text = _text(node.get("description"))
        if not text:
            continue
        try:
            order = int(node.get("node_count", 0))
            created = datetime.strptime(str(node["created"]), GA_TIME) if node.get("created") else None
            importance = int(node["poignancy"]) if node.get("poignancy") is not None else None
        except (TypeError, ValueError) as exc:
            raise GAImportError(f"{path}: {key} has a bad node_count, created or poignancy ({exc})") from None
        filling = node.get("filling")
        evidence = tuple(f for f in filling if isinstance(f, str)) if isinstance(filling, list) else ()
        kind = {"event": "observation", "chat": "chat"}.get(str(node.get("type")), "thought")
        if kind == "thought":
            kind = "plan" if node.get("predicate") == "plan" else ("reflection" if evidence else "thought")
        nodes.append((order, GAMemory(kind, text, created, importance, str(key), evidence,
                                      _text(node.get("subject"), 80))))
    return [m for _order, m in sorted(nodes, key=lambda n: n[0])]


def read_history_csv(path: Path) -> list[GAPersona]:
    """``Name;memory;memory...`` lines, or GA's ``Name,Whisper`` CSV (memories separated by ';')."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GAImportError(f"{path}: cannot read the history file ({exc})") from None
    people: dict[str, list[str]] = {}
    for row in csv.reader(io.StringIO(text)):
        cells = [c for c in row if c.strip()]
        if not cells:
            continue
        if len(cells) == 1:  # Name;memory;memory on one line
            cells = cells[0].split(";")
            name, memories = cells[0], cells[1:]
        else:
            name, memories = cells[0], ";".join(cells[1:]).split(";")
        name = _text(name, 80)
        if name.lower() == "name" and not people:
            continue  # the header
        memories = [_text(m) for m in memories if m.strip()]
        if name and memories:
            people.setdefault(name, []).extend(memories)
    if not people:
        raise GAImportError(f"{path}: no 'Name;memory;...' lines found; each line names a villager, then memories")
    cast = {p.name: p for p in load_cast()}
    return [GAPersona(cast.get(name) or _newcomer(name), [GAMemory("thought", m, None, None) for m in memories])
            for name, memories in people.items()]


def _newcomer(name: str) -> Persona:
    return Persona(name=name, age=30, traits=(), occupation="villager", workplace=None, work=None, wake=7 * 60,
                   sleep=23 * 60, lifestyle="", goals=(), household=name, backstory="")


def import_ga(path: str | Path, build: CastBuilder, map_path: Path | None = None) -> Simulation:
    """A new town whose villagers are the GA personas, each remembering their GA memories."""
    people = read_ga(path)
    names = [p.persona.name for p in people]
    if len(set(names)) != len(names):
        raise GAImportError(f"{path}: two personas share a name; names must be unique")
    cast = []
    for p in people:  # villagers know the others their description mentions
        text = f"{p.persona.backstory} {' '.join(p.persona.goals)}"
        knows = {n: "neighbour" for n in names if n != p.persona.name and n in text}
        cast.append(replace(p.persona, knows=knows))
    sim = build(TownMap(map_path or DEFAULT_MAP), cast)
    mind = sim.mind
    if not mind.remembers:
        raise GAImportError(f"{path}: importing memories needs the generative mind (--mind generative)")
    times = [m.created for p in people for m in p.memories if m.created is not None]
    first = min(times).date() if times else None
    if times:  # the town wakes at 06:00 after the last imported memory
        last = max(times)
        last_seconds = (last.date() - first).days * DAY_SECONDS + last.hour * 3600 + last.minute * 60 + last.second
        sim.clock.seconds = math.floor((last_seconds - START_SECONDS) / DAY_SECONDS + 1) * DAY_SECONDS \
            + START_SECONDS
    for v, p in zip(sim.villagers, people, strict=True):
        nids: dict[str, int] = {}
        for m in p.memories:
            created = sim.clock.seconds if m.created is None or first is None else (
                (m.created.date() - first).days * DAY_SECONDS + m.created.hour * 3600 + m.created.minute * 60
                + m.created.second)
            evidence = tuple(nids[e] for e in m.evidence if e in nids)
            importance = max(1, min(10, m.importance)) if m.importance is not None else None
            node = mind.remember(sim, v, m.kind, m.text, created, importance=importance,
                                 subject=m.subject or v.name, evidence=evidence, scored=importance is not None)
            if m.key:
                nids[m.key] = node.nid
    return sim
