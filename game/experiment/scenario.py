"""Scenario files (TOML): what an experiment runs, read with tomllib and validated key by key.

Every mistake becomes one ``ScenarioError`` line naming the file, the key and the
problem. Nothing in a scenario is ever run as code: probes are declarative checks.
"""

from __future__ import annotations

import math
import os
import random
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from game.clock import DAY_SECONDS, START_SECONDS

PLAN_SYSTEMS = ("plain", "qa")
MEMORY_SYSTEMS = ("stream", "impressions")
MAYORS = ("none", "rules", "llm")
EXPECT_KINDS = ("contains_any", "contains_all", "regex", "not_contains", "number_between")
MAX_REGEX = 200  # characters: a probe's pattern is a short check, not a program
_TIME = re.compile(r"^\s*(?:day\s+(\d{1,3})\s+)?(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)
_DURATION = re.compile(r"^\s*(?:(\d{1,3})\s*h)?\s*(?:(\d{1,4})\s*m(?:in)?)?\s*$", re.IGNORECASE)


class ScenarioError(ValueError):
    """A scenario that cannot run: one line naming the file, the key and what is wrong."""


@dataclass(frozen=True)
class Mind:
    """How one villager thinks: plan system, memory system, reflection, and which model answers."""

    plan_system: str = "plain"
    memory_system: str = "stream"
    reflection: bool = True
    model: str = ""
    endpoint: str = ""

    def as_dict(self) -> dict:
        return {"plan_system": self.plan_system, "memory_system": self.memory_system,
                "reflection": self.reflection, "model": self.model, "endpoint": self.endpoint}


@dataclass(frozen=True)
class Event:
    """Something the experimenter does at a time: whisper, announce, build or recruit."""

    at: int  # game seconds since day 1, 00:00
    kind: str
    villager: str = ""
    text: str = ""
    action: dict = field(default_factory=dict, hash=False)  # the mayor action's JSON shape (build, recruit)


@dataclass(frozen=True)
class Probe:
    """A question asked of one villager (or everyone) at given times, with a declarative check."""

    name: str
    villager: str  # a name, or "*" for everyone
    question: str
    times: tuple[int, ...]  # for the built-in cast's run, which starts on day 1 at 06:00
    expect: dict = field(hash=False)
    every: int = 0  # seconds between askings (0: at the given times)


@dataclass(frozen=True)
class Scenario:
    path: Path
    name: str
    description: str
    days: float
    seeds: tuple[int, ...]
    agents: int | None
    cast: str  # "" = the built-in cast; "ga:PATH" = a Generative Agents import
    history: str  # with a GA cast: its history CSV (whispers that start the run), or ""
    map: str
    mayor: str
    sample_every: int  # game seconds between samples of the diffusion and density curves
    replay: bool
    defaults: Mind
    villagers: dict[str, Mind]
    events: tuple[Event, ...]
    probes: tuple[Probe, ...]
    names: tuple[str, ...] = ()  # the cast's names for seed 1, for messages

    @property
    def start(self) -> int:
        return START_SECONDS

    @property
    def end(self) -> int:
        return START_SECONDS + round(self.days * DAY_SECONDS)

    def mind_of(self, name: str) -> Mind:
        return self.villagers.get(name, self.defaults)


# -- small parsers ---------------------------------------------------------------------------------
def parse_time(text: object) -> int:
    """'day 2 08:30' or '08:30' (day 1) -> game seconds since day 1, 00:00; ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError("must be text like 'day 1 08:00'")
    m = _TIME.match(text)
    if m is None:
        raise ValueError(f"{text!r} is not a time; write 'day N HH:MM', e.g. 'day 1 08:00'")
    day, hour, minute = int(m.group(1) or 1), int(m.group(2)), int(m.group(3))
    if day < 1 or hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time; days count from 1, hours 00-23, minutes 00-59")
    return (day - 1) * DAY_SECONDS + hour * 3600 + minute * 60


def parse_duration(text: object) -> int:
    """'4h', '30m', '1h30m' -> seconds (at least one game minute)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("must be text like '4h', '30m' or '1h30m'")
    m = _DURATION.match(text)
    if m is None or (m.group(1) is None and m.group(2) is None):
        raise ValueError(f"{text!r} is not a duration; write e.g. '4h', '30m' or '1h30m'")
    seconds = int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60
    if seconds < 60:
        raise ValueError(f"{text!r} is shorter than one game minute")
    return seconds


def clock_text(seconds: int) -> str:
    day, rest = divmod(seconds, DAY_SECONDS)
    return f"day {day + 1} {rest // 3600:02d}:{rest % 3600 // 60:02d}"


def parse_seeds(text: str) -> tuple[int, ...]:
    """'1-5' or '1,3,7' or '4' -> seeds; ValueError with the reason."""
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        a, sep, b = part.partition("-")
        try:
            if sep:
                lo, hi = int(a), int(b)
                if hi < lo or hi - lo > 9999:
                    raise ValueError
                seeds.extend(range(lo, hi + 1))
            else:
                seeds.append(int(part))
        except ValueError:
            raise ValueError(f"{text!r} is not a list of seeds; write e.g. 1-5 or 1,3,7") from None
    return tuple(dict.fromkeys(seeds))


def is_url(text: str) -> bool:
    parsed = urlparse(text)
    return parsed.scheme in ("http", "https") and bool(parsed.hostname) and " " not in text


# -- reading -----------------------------------------------------------------------------------------
class _Reader:
    """Checks one table's keys and types, naming the file and the key in every message."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> ScenarioError:
        return ScenarioError(f"{self.path}: {key}: {problem}")

    def table(self, data: object, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table")
        unknown = [k for k in data if k not in allowed]
        if unknown:
            key = f"{where}{unknown[0]}" if not where or where.endswith(".") else f"{where}.{unknown[0]}"
            raise self.fail(key, f"unknown key; known keys are {', '.join(allowed)}")
        return data

    def text(self, data: dict, key: str, where: str, default: str | None = None, empty: bool = True) -> str:
        if key not in data:
            if default is None:
                raise self.fail(f"{where}{key}", "is required")
            return default
        value = data[key]
        if not isinstance(value, str):
            raise self.fail(f"{where}{key}", f"must be text, got {_kind(value)}")
        if not empty and not value.strip():
            raise self.fail(f"{where}{key}", "must not be empty")
        return value

    def choice(self, data: dict, key: str, where: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(data, key, where, default)
        if value not in options:
            raise self.fail(f"{where}{key}", f"{value!r} is unknown; use one of {', '.join(options)}")
        return value

    def boolean(self, data: dict, key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}{key}", f"must be true or false, got {_kind(value)}")
        return value

    def mind(self, data: dict, where: str, base: Mind) -> Mind:
        mind = Mind(
            plan_system=self.choice(data, "plan_system", where, PLAN_SYSTEMS, base.plan_system),
            memory_system=self.choice(data, "memory_system", where, MEMORY_SYSTEMS, base.memory_system),
            reflection=self.boolean(data, "reflection", where, base.reflection),
            model=self.text(data, "model", where, base.model).strip(),
            endpoint=self.text(data, "endpoint", where, base.endpoint).strip(),
        )
        if mind.endpoint and not is_url(mind.endpoint):
            raise self.fail(f"{where}endpoint", f"{mind.endpoint!r} is not a URL; give an http(s) base URL "
                                                "such as http://127.0.0.1:11434/v1")
        return mind

    def when(self, data: dict, key: str, where: str, parse: Any) -> int:
        try:
            return parse(data[key])
        except ValueError as exc:
            raise self.fail(f"{where}{key}", str(exc)) from None


MIND_KEYS = ("plan_system", "memory_system", "reflection", "model", "endpoint")
TOP_KEYS = ("name", "description", "days", "seeds", "agents", "cast", "history", "map", "mayor", "sample_every",
            "replay", "defaults", "villager", "event", "probe")


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file; ScenarioError (one line) on any problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a text file (a scenario is UTF-8 TOML)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None
    return parse_scenario(data, path)


def parse_scenario(data: dict, path: Path) -> Scenario:
    r = _Reader(path)
    r.table(data, "", TOP_KEYS)
    name = r.text(data, "name", "", empty=False).strip()
    description = r.text(data, "description", "", "")
    days = data.get("days", 1.0)
    if not isinstance(days, (int, float)) or isinstance(days, bool) or not math.isfinite(days) or not 0 < days <= 60:
        raise r.fail("days", f"must be a number of game days above 0 and at most 60, got {days!r}")
    seeds = data.get("seeds", [1])
    if not isinstance(seeds, list) or not seeds or not all(isinstance(s, int) and not isinstance(s, bool)
                                                          for s in seeds):
        raise r.fail("seeds", f"must be a list of whole numbers, e.g. [1, 2, 3], got {seeds!r}")
    agents = data.get("agents")
    if agents is not None and "cast" in data:
        raise r.fail("agents", "an imported cast comes whole; leave agents out or drop cast")
    if agents is not None and (not isinstance(agents, int) or isinstance(agents, bool) or not 1 <= agents <= 2000):
        raise r.fail("agents", f"must be a whole number from 1 to 2000, got {agents!r}")
    cast = r.text(data, "cast", "", "").strip()
    if cast and not cast.startswith("ga:"):
        raise r.fail("cast", f"{cast!r} is not a cast; write cast = \"ga:PATH\" for a Generative Agents import")
    if cast and not _relative(path, cast[3:]).exists():
        raise r.fail("cast", f"{cast[3:]!r} does not exist")
    history = r.text(data, "history", "", "").strip()
    if history and not cast:
        raise r.fail("history", "a history CSV goes with an imported cast: add cast = \"ga:FOLDER\"")
    if history and not _relative(path, history).is_file():
        raise r.fail("history", f"{history!r} is not a file")
    town_map = r.text(data, "map", "", "").strip()
    if town_map and not _relative(path, town_map).is_file():
        raise r.fail("map", f"{town_map!r} is not a file")
    mayor = r.choice(data, "mayor", "", MAYORS, "none")
    try:
        sample_every = parse_duration(data.get("sample_every", "30m"))
    except ValueError as exc:
        raise r.fail("sample_every", str(exc)) from None
    replay = r.boolean(data, "replay", "", True)
    defaults = r.mind(r.table(data.get("defaults", {}), "defaults", MIND_KEYS), "defaults.", Mind())

    names = cast_names(path, cast, agents, tuple(seeds), history)
    known = {n.lower(): n for n in names}

    def villager(value: object, key: str, star: bool = False) -> str:
        if not isinstance(value, str) or not value.strip():
            raise r.fail(key, "must be a villager's name")
        if star and value.strip() == "*":
            return "*"
        found = known.get(value.strip().lower())
        if found is None:
            hint = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
            raise r.fail(key, f"no villager called {value!r} in this cast; the cast has {hint}")
        return found

    villagers: dict[str, Mind] = {}
    entries = data.get("villager", [])
    if not isinstance(entries, list):
        raise r.fail("villager", "must be an array of tables: write [[villager]]")
    for i, entry in enumerate(entries, 1):
        where = f"villager[{i}]."
        r.table(entry, where, ("name", *MIND_KEYS))
        who = villager(entry.get("name"), f"{where}name")
        if who in villagers:
            raise r.fail(f"{where}name", f"{who} is configured twice")
        villagers[who] = r.mind(entry, where, defaults)

    # An imported cast's clock starts where its storage left off: times are checked against the run
    # when it starts (the schedule reports any it never reached), not here.
    first_time = 0 if cast else START_SECONDS
    end = round((days + 1) * DAY_SECONDS) if cast else START_SECONDS + round(days * DAY_SECONDS)
    events = []
    entries = data.get("event", [])
    if not isinstance(entries, list):
        raise r.fail("event", "must be an array of tables: write [[event]]")
    for i, entry in enumerate(entries, 1):
        where = f"event[{i}]."
        r.table(entry, where, ("at", "whisper", "text", "announce", "build", "recruit"))
        if "at" not in entry:
            raise r.fail(f"{where}at", "is required (e.g. at = \"day 1 08:00\")")
        at = r.when(entry, "at", where, parse_time)
        if not first_time <= at <= end:
            raise r.fail(f"{where}at", f"{clock_text(at)} is outside the run ({clock_text(first_time)} to "
                                       f"{clock_text(end)})")
        kinds = [k for k in ("whisper", "announce", "build", "recruit") if k in entry]
        if len(kinds) != 1:
            raise r.fail(where.rstrip("."), "needs exactly one of whisper, announce, build, recruit")
        kind = kinds[0]
        if "text" in entry and kind != "whisper":
            raise r.fail(f"{where}text", "only a whisper has a text (announce = \"...\" is the notice itself)")
        if kind == "whisper":
            events.append(Event(at, kind, villager(entry["whisper"], f"{where}whisper"),
                                r.text(entry, "text", where, empty=False).strip()))
        elif kind == "announce":
            events.append(Event(at, kind, text=r.text(entry, "announce", where, empty=False).strip()))
        elif kind == "build":
            b = r.table(entry["build"], f"{where}build", ("type", "lot", "name"))
            lot = b.get("lot")
            if not (isinstance(lot, list) and len(lot) == 2 and all(isinstance(x, int) and not isinstance(x, bool)
                                                                    and 1 <= x <= 4 for x in lot)):
                raise r.fail(f"{where}build.lot", f"must be [x, y] with x and y from 1 to 4, got {lot!r}")
            kind_name = r.text(b, "type", f"{where}build.", empty=False).strip()
            types = building_types()
            if kind_name not in types:
                raise r.fail(f"{where}build.type", f"{kind_name!r} is not a building type; use one of "
                                                   f"{', '.join(types)}")
            action = {"action": "Building", "type": kind_name, "position": {"x": lot[0], "y": lot[1]},
                      "name": r.text(b, "name", f"{where}build.", "")}
            events.append(Event(at, kind, action=action))
        else:
            rec = r.table(entry["recruit"], f"{where}recruit", ("name", "home", "bio", "goal"))
            newcomer = r.text(rec, "name", f"{where}recruit.", empty=False).strip()
            if newcomer.lower() in known:
                raise r.fail(f"{where}recruit.name", f"{newcomer} already lives in town")
            action = {"action": "NPC", "name": newcomer,
                      "bio": r.text(rec, "bio", f"{where}recruit.", empty=False).strip(),
                      "goal": r.text(rec, "goal", f"{where}recruit.", empty=False).strip(),
                      "home_building": r.text(rec, "home", f"{where}recruit.", empty=False).strip()}
            events.append(Event(at, kind, villager=newcomer, action=action))

    probes = []
    entries = data.get("probe", [])
    if not isinstance(entries, list):
        raise r.fail("probe", "must be an array of tables: write [[probe]]")
    for i, entry in enumerate(entries, 1):
        where = f"probe[{i}]."
        r.table(entry, where, ("name", "villager", "question", "every", "at", "expect"))
        who = villager(entry.get("villager"), f"{where}villager", star=True)
        question = r.text(entry, "question", where, empty=False).strip()
        if ("every" in entry) == ("at" in entry):
            raise r.fail(where.rstrip("."), "needs exactly one of every = \"4h\" or at = \"day 1 12:00\"")
        if "every" in entry:
            step = r.when(entry, "every", where, parse_duration)
            first = (first_time // step + 1) * step
            times = tuple(range(first, end + 1, step))
        else:
            at = entry["at"]
            stamps = at if isinstance(at, list) else [at]
            times = tuple(sorted({r.when({"at": s}, "at", where, parse_time) for s in stamps}))
            for t in times:
                if not first_time <= t <= end:
                    raise r.fail(f"{where}at", f"{clock_text(t)} is outside the run ({clock_text(first_time)} "
                                               f"to {clock_text(end)})")
        if not times:
            raise r.fail(f"{where}every", "never falls inside the run; use a shorter interval")
        expect = parse_expect(r, entry.get("expect"), f"{where}expect")
        probes.append(Probe(r.text(entry, "name", where, f"probe {i}"), who, question, times, expect,
                            step if "every" in entry else 0))

    return Scenario(path, name, description, float(days), tuple(dict.fromkeys(seeds)), agents, cast, history,
                    town_map, mayor, sample_every, replay, defaults, villagers,
                    tuple(sorted(events, key=lambda e: e.at)), tuple(probes), tuple(names))


def parse_expect(r: _Reader, data: object, where: str) -> dict:
    """The probe's check: one or more of EXPECT_KINDS, all of which must hold."""
    if data is None:
        raise r.fail(where, "is required, e.g. expect = { contains_any = [\"party\"] }")
    r.table(data, where, EXPECT_KINDS)
    assert isinstance(data, dict)
    if not data:
        raise r.fail(where, f"needs at least one of {', '.join(EXPECT_KINDS)}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("contains_any", "contains_all", "not_contains"):
            words = [value] if isinstance(value, str) else value
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
                raise r.fail(f"{where}.{key}", "must be a list of non-empty texts")
            out[key] = [w.strip() for w in words]
        elif key == "regex":
            if not isinstance(value, str) or not value:
                raise r.fail(f"{where}.regex", "must be a non-empty pattern")
            if len(value) > MAX_REGEX:
                raise r.fail(f"{where}.regex", f"is longer than {MAX_REGEX} characters")
            try:
                re.compile(value)
            except re.error as exc:
                raise r.fail(f"{where}.regex", f"is not a valid pattern ({exc})") from None
            out[key] = value
        else:
            ok = (isinstance(value, list) and len(value) == 2 and all(
                isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in value)
                and value[0] <= value[1])
            if not ok:
                raise r.fail(f"{where}.number_between", f"must be [low, high] with low <= high, got {value!r}")
            out[key] = [float(value[0]), float(value[1])]
    return out


def building_types() -> tuple[str, ...]:
    from game.mayor.catalog import CatalogError, load_catalog

    try:
        return tuple(sorted(load_catalog().types))
    except CatalogError as exc:
        raise ScenarioError(str(exc)) from None


def _relative(scenario: Path, target: str) -> Path:
    """Paths in a scenario are relative to the scenario file, or to the working folder if found there."""
    here = Path(target)
    if here.is_absolute() or here.exists():
        return here
    return scenario.parent / target


def resolve(scenario: Scenario, target: str) -> Path:
    return _relative(scenario.path, target)


def cast_names(path: Path, cast: str, agents: int | None, seeds: tuple[int, ...],
               history: str = "") -> tuple[str, ...]:
    """Every name a villager can have in this scenario's runs (extras are drawn per seed)."""
    from game.agents.persona import CastError, extra_persona, load_cast

    if cast.startswith("ga:"):
        from game.save.ga_import import GAImportError, read_ga

        try:
            storage, _whispers, _bare = read_ga(_relative(path, cast[3:]),
                                                _relative(path, history) if history else None)
        except GAImportError as exc:
            raise ScenarioError(f"{path}: cast: {exc}") from None
        return tuple(p.name for p in storage.personas)  # an imported cast comes whole
    try:
        people = load_cast()
    except CastError as exc:
        raise ScenarioError(f"{path}: cast: {exc}") from None
    count = len(people) if agents is None else agents
    names = [p.name for p in people[:count]]
    for seed in seeds:
        rng = random.Random(seed * 7919 + 11)  # as the Simulation draws its extras
        names.extend(extra_persona(i, rng).name for i in range(len(people), count))
    return tuple(dict.fromkeys(names))


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)
