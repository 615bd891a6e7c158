"""The save file: one SQLite database per save, versioned, checksummed and written atomically.

Tables: ``meta`` (key -> JSON: schema version, game date, real date, backend...),
``parts`` (name -> JSON text of one top-level part of the town's state), ``blobs``
(every ``bytes`` value in the state, such as memory embeddings, kept out of the
JSON) and ``thumbnail`` (a PNG). Parts and blobs carry a CRC32, so a flipped byte
is found instead of loaded. Plain data only: JSON and bytes, never pickle or eval.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game.vectors import quantize

SCHEMA_VERSION = 4


def _mayor_kind_is_not_saved(meta: dict[str, Any], parts: dict[str, Any]) -> None:
    """Schema 2: the mayor's kind belongs to the run that loads the save (its --mayor), not to the save."""
    components = parts.get("components")
    mayor = components.get("mayor") if isinstance(components, dict) else None
    if isinstance(mayor, dict):
        mayor.pop("kind", None)
    clock = parts.get("clock")
    if isinstance(clock, dict):
        clock.setdefault("start_date", "2026-06-01")  # DEFAULT_START_DATE: saves before the calendar
    for villager in parts.get("villagers") or []:
        persona = villager.get("persona") if isinstance(villager, dict) else None
        if isinstance(persona, dict):  # imported personas' extra fields and cognition settings came later
            persona.setdefault("details", {})
            persona.setdefault("settings", {})
    mind = parts.get("mind")
    ledger = mind.get("ledger") if isinstance(mind, dict) else None
    for tallies in (ledger.get("by_step", {}), ledger.get("by_agent", {})) if isinstance(ledger, dict) else ():
        for tally in tallies.values():  # the time engine's and the budget's counters came later
            for counter in ("decisions", "model_decisions", "budget", "resting"):
                tally.setdefault(counter, 0)
    if isinstance(ledger, dict):
        ledger.setdefault("by_hour", {})
    for conversation in (mind.get("conversations") or []) if isinstance(mind, dict) else ():
        if isinstance(conversation, dict):  # an open conversation's end and summary were not saved before
            conversation.setdefault("ended", False)
            conversation.setdefault("summary", "")
            conversation.setdefault("acts", [])  # what each line meant came with the talk rework
            conversation.setdefault("budget", 6)
    for finished in (mind.get("finished") or []) if isinstance(mind, dict) else ():
        if isinstance(finished, dict) and isinstance(finished.get("lines"), int):
            finished["lines"] = []  # only the count was kept; the transcript is in both villagers' memories
            finished.setdefault("start", "")
            finished.setdefault("place", "")
    for mindset in (mind.get("minds") or {}).values() if isinstance(mind, dict) else ():
        if isinstance(mindset, dict):
            mindset.setdefault("declined", [])  # invitations heard and turned down came later
        for relation in (mindset.get("relations") or {}).values() if isinstance(mindset, dict) else ():
            if isinstance(relation, dict):  # what each told the other came with the talk rework
                for key in ("told", "heard", "asked"):
                    relation.setdefault(key, [])
                relation.setdefault("last_summary", "")


def _to_schema_3(meta: dict[str, Any], parts: dict[str, Any]) -> None:
    """Schema 3: memory embeddings are float16; an imported town records the town places it renamed."""
    components = parts.get("components")
    ga = components.get("ga") if isinstance(components, dict) else None
    if isinstance(ga, dict):
        ga.setdefault("renamed", {})  # imported towns renamed no place before
    _embeddings_are_float16(parts)


def _embeddings_are_float16(parts: dict[str, Any]) -> None:
    """Memory embeddings are saved as float16 rows (half the bytes); older saves hold float32."""
    mind = parts.get("mind")
    for mindset in (mind.get("minds") or {}).values() if isinstance(mind, dict) else ():
        memory = mindset.get("memory") if isinstance(mindset, dict) else None
        vectors = memory.get("vectors") if isinstance(memory, dict) else None
        if isinstance(memory, dict) and isinstance(vectors, bytes):
            if len(vectors) % 4:
                raise ValueError(f"memory embeddings of {len(vectors)} bytes are not float32 values")
            memory["vectors"] = np.frombuffer(vectors, dtype="<f4").astype("<f2").tobytes()


def _to_schema_4(meta: dict[str, Any], parts: dict[str, Any]) -> None:
    """Schema 4: memory embeddings are int8 codes with a float32 scale per row (game/vectors.py); a memory
    may be embedded by another text than its description (its key)."""
    mind = parts.get("mind")
    for mindset in (mind.get("minds") or {}).values() if isinstance(mind, dict) else ():
        memory = mindset.get("memory") if isinstance(mindset, dict) else None
        for node in (memory.get("nodes") or []) if isinstance(memory, dict) else ():
            if isinstance(node, dict):
                node.setdefault("key", "")
        vectors = memory.pop("vectors", None) if isinstance(memory, dict) else None
        if not isinstance(memory, dict) or not isinstance(vectors, bytes):
            continue
        dim = memory.get("dim", 384)
        if not isinstance(dim, int) or dim <= 0 or len(vectors) % (2 * dim):
            raise ValueError(f"memory embeddings of {len(vectors)} bytes are not float16 rows of {dim!r}")
        codes, scales = quantize(np.frombuffer(vectors, dtype="<f2").astype(np.float32).reshape(-1, dim))
        memory["codes"] = codes.astype("<i1").tobytes()
        memory["scales"] = scales.astype("<f4").tobytes()


#: Upgrades a document (meta, parts) from schema v to v + 1; keyed by v. Add one with each schema change.
MIGRATIONS: dict[int, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    1: _mayor_kind_is_not_saved, 2: _to_schema_3, 3: _to_schema_4}
EXTENSION = ".tinytown"
BLOB_KEY = "$blob"
SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE parts (name TEXT PRIMARY KEY, data TEXT NOT NULL, crc INTEGER NOT NULL)",
    "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL, crc INTEGER NOT NULL)",
    "CREATE TABLE thumbnail (id INTEGER PRIMARY KEY CHECK (id = 0), png BLOB NOT NULL)",
)


class SaveError(Exception):
    """A save that cannot be written or read; the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class SaveFile:
    """What a save holds: its meta data, its parts (plain data), and an optional PNG thumbnail."""

    meta: dict[str, Any]
    parts: dict[str, Any]
    thumbnail: bytes | None = None


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cycle collector while a save builds or reads tens of thousands of small objects:
    its passes over the whole live town would otherwise cost a third of the time, and nothing
    made here is cyclic garbage."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _crc(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def write_save(path: str | os.PathLike[str], save: SaveFile) -> Path:
    """Write atomically: a temporary file in the same folder, fsync, then rename over the old save.

    A crash at any moment leaves either the old save or the new one, never half of one.
    """
    path = Path(path)
    if path.is_dir():
        raise SaveError(f"{path}: is a folder, not a save file; choose a file name")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{path}: cannot create the folder ({exc.strerror or exc})") from None
    for stale in folder.iterdir():  # temp files left by a save that was killed
        if stale.name.startswith(f".{path.name}.") and stale.name.endswith(".tmp"):
            try:
                stale.unlink()
            except OSError:
                pass
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    blobs: list[bytes] = []

    def lift(value: object) -> dict[str, int]:
        """JSON's hook for what it cannot write: bytes go to the blobs table, a reference stays."""
        if not isinstance(value, bytes):
            raise TypeError(f"{type(value).__name__} is not plain data")
        blobs.append(value)
        return {BLOB_KEY: len(blobs) - 1}

    rows = []
    try:
        for name, value in save.parts.items():
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=lift)
            rows.append((name, text, _crc(text.encode("utf-8"))))
    except (TypeError, ValueError) as exc:
        raise SaveError(f"{path}: the town's state is not plain data ({exc}); this is a bug, please report it") \
            from None
    meta = {**save.meta, "schema_version": SCHEMA_VERSION}
    try:
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            # The temp file is private until the rename, so SQLite's own journal is not needed; we fsync.
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.execute("PRAGMA page_size = 65536")  # fewer, larger pages: big embedding blobs write faster
            con.execute("BEGIN")
            for statement in SCHEMA:
                con.execute(statement)
            con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])
            con.executemany("INSERT INTO parts VALUES (?, ?, ?)", rows)
            con.executemany("INSERT INTO blobs VALUES (?, ?, ?)", [(i, b, _crc(b)) for i, b in enumerate(blobs)])
            if save.thumbnail:
                con.execute("INSERT INTO thumbnail VALUES (0, ?)", (save.thumbnail,))
            con.execute("COMMIT")
        finally:
            con.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_folder(folder)
    except (OSError, sqlite3.Error) as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise SaveError(f"{path}: cannot write the save ({exc}); check the disk and the folder's permissions") \
            from None
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise SaveError(f"{path}: no such save file")
    if path.is_dir():
        raise SaveError(f"{path}: is a folder, not a save file")
    if path.stat().st_size == 0:
        raise SaveError(f"{path}: the file is empty, not a Tinytown save")
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise SaveError(f"{path}: not a Tinytown save (not an SQLite file)")
    # Read-only, so that reading a save can never change it (no journal, no repair).
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


@contextmanager
def _reading(path: Path) -> Iterator[tuple[sqlite3.Connection, dict[str, Any]]]:
    """An open read-only save and its checked meta data; any failure inside becomes one SaveError."""
    try:
        con = _open(path)
        try:
            yield con, _read_meta(con, path)
        finally:
            con.close()
    except SaveError:
        raise
    except Exception as exc:  # a damaged file can fail in many ways; every one is the file's fault
        raise SaveError(f"{path}: damaged save ({type(exc).__name__}: {_one_line(exc)})") from None


def _read_meta(con: sqlite3.Connection, path: Path) -> dict[str, Any]:
    try:
        rows = con.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.Error as exc:
        raise SaveError(f"{path}: not a Tinytown save or damaged ({exc})") from None
    meta = {str(k): json.loads(v) for k, v in rows}
    version = meta.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(f"{path}: not a Tinytown save (no schema version)")
    if version > SCHEMA_VERSION:
        raise SaveError(f"{path}: made by a newer Tinytown (save schema {version}, this game reads up to "
                        f"{SCHEMA_VERSION}); update Tinytown to load it")
    return meta


def read_meta(path: str | os.PathLike[str]) -> SaveFile:
    """Only the meta data and thumbnail (for the save/load screen): quick, no parts."""
    path = Path(path)
    with _reading(path) as (con, meta):
        row = con.execute("SELECT png FROM thumbnail WHERE id = 0").fetchone()
    return SaveFile(meta, {}, bytes(row[0]) if row and isinstance(row[0], bytes) else None)


def read_save(path: str | os.PathLike[str]) -> SaveFile:
    """Every part, checked against its checksum, with blobs put back and migrations applied."""
    path = Path(path)
    with _reading(path) as (con, meta):
        blobs = {}
        for i, data, crc in con.execute("SELECT id, data, crc FROM blobs"):
            if not isinstance(data, bytes) or _crc(data) != crc:
                raise SaveError(f"{path}: damaged save (data block {i} fails its checksum)")
            blobs[int(i)] = data
        parts = {}
        for name, text, crc in con.execute("SELECT name, data, crc FROM parts"):
            if not isinstance(text, str) or _crc(text.encode("utf-8")) != crc:
                raise SaveError(f"{path}: damaged save (part {name!r} fails its checksum)")
            parts[str(name)] = json.loads(text, object_hook=lambda d: _blob(d, blobs, path))
        row = con.execute("SELECT png FROM thumbnail WHERE id = 0").fetchone()
    version = meta["schema_version"]
    while version < SCHEMA_VERSION:
        upgrade = MIGRATIONS.get(version)
        if upgrade is None:
            raise SaveError(f"{path}: save schema {version} is too old for this Tinytown (no migration)")
        try:
            upgrade(meta, parts)
        except Exception as exc:
            raise SaveError(f"{path}: cannot upgrade save schema {version} ({_one_line(exc)})") from None
        version += 1
        meta["schema_version"] = version
    return SaveFile(meta, parts, bytes(row[0]) if row and isinstance(row[0], bytes) else None)


def _blob(value: dict, blobs: dict[int, bytes], path: Path) -> Any:
    """JSON's hook for every object read: a blob reference becomes its bytes again."""
    if BLOB_KEY not in value or len(value) != 1:
        return value
    ref = value[BLOB_KEY]
    if not isinstance(ref, int) or ref not in blobs:
        raise SaveError(f"{path}: damaged save (missing data block {ref!r})")
    return blobs[ref]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__
