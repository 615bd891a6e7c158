"""Reading Generative Agents storage as plain values: a persona's scratch, associative memory and spatial
memory, the run's ``reverie/meta.json`` and the history CSV (``Name,Whisper``). Every refusal names the file."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

NODE_TIME = "%Y-%m-%d %H:%M:%S"
META_DATE = "%B %d, %Y"
META_TIME = "%B %d, %Y, %H:%M:%S"
MAX_TEXT = 600
#: The reference code's stand-in thought after a reflection found nothing (its filling is a bare node id): no memory.
GA_PLACEHOLDER = "this is blank"
PROFILE_FIELDS = ("innate", "learned", "currently", "lifestyle", "daily_plan_req", "living_area")
#: scratch.json field -> (lowest, highest, whole number): the retrieval, reflection and perception settings.
SETTINGS = {
    "recency_decay": (1e-6, 1.0, False),
    "recency_w": (0.0, 100.0, False),
    "relevance_w": (0.0, 100.0, False),
    "importance_w": (0.0, 100.0, False),
    "importance_trigger_max": (1.0, 100000.0, True),
    "vision_r": (1.0, 64.0, True),
    "att_bandwidth": (1.0, 64.0, True),
    "retention": (1.0, 10000.0, True),
}
_NAME = re.compile(r"^[^\W\d_][\w .'\-]{0,78}$")


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
    obj: str = ""
    lines: tuple[tuple[str, str], ...] = ()  # a chat's conversation, speaker and line


@dataclass
class GAPersona:
    """One persona as the files describe it; ``profile`` holds the PROFILE_FIELDS texts."""

    name: str
    age: int
    profile: dict[str, str] = field(default_factory=dict)
    settings: dict[str, float] = field(default_factory=dict)
    memories: list[GAMemory] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)  # places of spatial_memory.json, as the files list them
    where: str = ""


@dataclass
class GAStorage:
    personas: list[GAPersona]
    start: datetime | None = None
    now: datetime | None = None
    where: str = ""


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise GAImportError(f"{path}: cannot read it as JSON ({' '.join(str(exc).split())[:160]})") from None


def clean(value: object, limit: int = MAX_TEXT) -> str:
    return " ".join(str(value).split())[:limit] if value is not None else ""


def read_storage(path: Path) -> GAStorage:
    """A storage folder (personas/ and reverie/meta.json), a personas/ folder, or one persona folder."""
    if not path.is_dir():
        raise GAImportError(f"{path}: no such folder; give a Generative Agents storage folder "
                            "(with personas/ and reverie/meta.json) or a history CSV")
    if (path / "bootstrap_memory").is_dir():
        return GAStorage([read_persona(path)], where=str(path))
    root = path / "personas" if (path / "personas").is_dir() else path
    folders = sorted(p for p in root.iterdir() if (p / "bootstrap_memory").is_dir())
    if not folders:
        raise GAImportError(f"{path}: no Generative Agents persona here; expected personas/<Name>/bootstrap_memory/"
                            "scratch.json, or a history CSV with the header 'Name,Whisper'")
    start = now = None
    meta_file = path / "reverie" / "meta.json"
    order: list[str] = []
    if meta_file.is_file():
        start, now, order = read_meta(meta_file)
    personas = [read_persona(p) for p in folders]
    seen: dict[str, str] = {}
    for p in personas:
        if p.name in seen:
            raise GAImportError(f"{path}: two personas are both named {p.name} ({seen[p.name]} and {p.where}); "
                                "names must be unique")
        seen[p.name] = p.where
    if order:
        missing = [n for n in order if n not in seen]
        if missing:
            raise GAImportError(f"{meta_file}: persona_names lists {', '.join(missing)}, but {root} has no "
                                "persona folder with that name")
        rank = {n: i for i, n in enumerate(order)}
        personas.sort(key=lambda p: rank.get(p.name, len(rank)))
    return GAStorage(personas, start, now, str(path))


def read_meta(path: Path) -> tuple[datetime, datetime, list[str]]:
    """(start date, current time, persona names) of reverie/meta.json."""
    meta = read_json(path)
    if not isinstance(meta, dict):
        raise GAImportError(f"{path}: expected a JSON object with start_date and curr_time")
    try:
        start = datetime.strptime(str(meta["start_date"]).strip(), META_DATE)
        now = datetime.strptime(str(meta.get("curr_time") or f"{meta['start_date']}, 00:00:00").strip(), META_TIME)
    except KeyError:
        raise GAImportError(f"{path}: start_date is missing (e.g. \"February 13, 2023\")") from None
    except ValueError as exc:
        raise GAImportError(f"{path}: start_date or curr_time is not a date like \"February 13, 2023, 00:00:00\" "
                            f"({exc})") from None
    if now < start:
        raise GAImportError(f"{path}: curr_time {meta['curr_time']} is before start_date {meta['start_date']}")
    names = meta.get("persona_names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise GAImportError(f"{path}: persona_names must be a list of names")
    return start, now, [clean(n, 80) for n in names]


def read_persona(folder: Path) -> GAPersona:
    boot = folder / "bootstrap_memory"
    scratch_file = boot / "scratch.json"
    scratch = read_json(scratch_file)
    if not isinstance(scratch, dict):
        raise GAImportError(f"{scratch_file}: expected a JSON object describing the persona")
    name = clean(scratch.get("name") or folder.name, 80)
    if not _NAME.match(name):
        raise GAImportError(f"{scratch_file}: the persona's name {name!r} is not a name")
    try:
        age = max(1, min(120, int(scratch.get("age", 30))))
    except (TypeError, ValueError):
        raise GAImportError(f"{scratch_file}: age {scratch.get('age')!r} is not a number") from None
    settings: dict[str, float] = {}
    for key, (low, high, whole) in SETTINGS.items():
        if scratch.get(key) is None:
            continue
        value = scratch[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high or (
                whole and value != int(value)):
            kind = "a whole number" if whole else "a number"
            raise GAImportError(f"{scratch_file}: {key} is {value!r}; expected {kind} from {low:g} to {high:g}")
        settings[key] = int(value) if whole else float(value)
    profile = {key: clean(scratch.get(key), 1200 if key == "daily_plan_req" else MAX_TEXT) for key in PROFILE_FIELDS}
    nodes_file = boot / "associative_memory" / "nodes.json"
    spatial_file = boot / "spatial_memory.json"
    return GAPersona(name, age, profile, settings, read_nodes(nodes_file) if nodes_file.is_file() else [],
                     read_spatial(spatial_file) if spatial_file.is_file() else [], str(folder))


def read_spatial(path: Path) -> list[str]:
    """The sectors (buildings) of spatial_memory.json: {world: {sector: {arena: [objects]}}}."""
    data = read_json(path)
    if not isinstance(data, dict) or not all(isinstance(w, dict) for w in data.values()):
        raise GAImportError(f"{path}: expected {{world: {{sector: {{arena: [objects]}}}}}}")
    return [clean(sector, 80) for world in data.values() for sector in world]


def read_nodes(path: Path) -> list[GAMemory]:
    """The associative memory, oldest first: events become observations, chats chats (with their lines),
    thoughts thoughts, plans or (with evidence) reflections."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise GAImportError(f"{path}: expected a JSON object of nodes ('node_1': {{...}})")
    nodes = []
    for key, node in data.items():
        if not isinstance(node, dict):
            raise GAImportError(f"{path}: {key} is not an object")
        text = clean(node.get("description"))
        if not text or text.lower() == GA_PLACEHOLDER:
            continue
        try:
            order = int(node.get("node_count", 0))
            created = datetime.strptime(str(node["created"]), NODE_TIME) if node.get("created") else None
            importance = int(node["poignancy"]) if node.get("poignancy") is not None else None
        except (TypeError, ValueError) as exc:
            raise GAImportError(f"{path}: {key} has a bad node_count, created or poignancy ({exc})") from None
        filling = node.get("filling")
        kind = {"event": "observation", "chat": "chat"}.get(str(node.get("type")), "thought")
        evidence: tuple[str, ...] = ()
        lines: tuple[tuple[str, str], ...] = ()
        if kind == "chat" and isinstance(filling, list):
            lines = tuple((clean(f[0], 80), clean(f[1], 300)) for f in filling
                          if isinstance(f, list | tuple) and len(f) == 2 and f[0] and f[1])
        elif isinstance(filling, list):
            evidence = tuple(f for f in filling if isinstance(f, str))
        if kind == "thought":
            kind = "plan" if node.get("predicate") == "plan" else ("reflection" if evidence else "thought")
        nodes.append((order, GAMemory(kind, text, created, importance, str(key), evidence,
                                      clean(node.get("subject"), 120), clean(node.get("object"), 120), lines)))
    return [m for _order, m in sorted(nodes, key=lambda n: n[0])]


def read_history(path: Path) -> dict[str, list[str]]:
    """GA's history CSV: the header ``Name,Whisper``, then one row per persona whose whisper cell holds
    memories separated by ';'. Anything else (JSON, prose, another CSV) is refused."""
    if path.is_dir():
        raise GAImportError(f"{path}: is a folder; the history is a CSV file with the header 'Name,Whisper'")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GAImportError(f"{path}: cannot read the history file ({exc})") from None
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if header != ["name", "whisper"]:
        raise GAImportError(f"{path}: not a Generative Agents history CSV; its first line must be the header "
                            "'Name,Whisper'")
    people: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != 2:
            raise GAImportError(f"{path} line {number}: expected two cells, a name and a quoted whisper "
                                f"(memories separated by ';'), found {len(row)}")
        name = clean(row[0], 120)
        if not _NAME.match(name):
            raise GAImportError(f"{path} line {number}: {name[:40]!r} is not a persona's name")
        if name in first_line:
            raise GAImportError(f"{path} line {number}: {name} appears twice (lines {first_line[name]} and {number})")
        memories = [clean(m) for m in row[1].split(";") if m.strip()]
        if not memories:
            raise GAImportError(f"{path} line {number}: {name} has an empty whisper")
        first_line[name] = number
        people[name] = memories
    if not people:
        raise GAImportError(f"{path}: the history CSV names nobody (only its header)")
    return people
