"""Replay logs: what changed each step (positions, actions, bubbles, conversations, events, buildings),
delta-encoded and gzipped as plain JSON, and the reader that rebuilds the town's snapshot at any step.

No pickle and nothing executable: a log is lists, numbers and strings, checked on load.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.clock import GameTime
from game.mayor.office import MayorOffice
from game.sim.snapshot import EventView, Snapshot, VillagerView

if TYPE_CHECKING:
    from game.sim.engine import Event, Simulation

FORMAT = "tinytown-replay"
VERSION = 1
KEYFRAME_EVERY = 240  # steps between the reader's stored full states (scrubbing cost vs memory)
# A villager's row: what the window needs to draw them and the inspector to say what they were doing.
FIELDS = ("x", "y", "facing", "action", "use", "place", "bubble", "asleep", "walking", "talking", "thinking")
X, Y, FACING, ACTION, USE, PLACE, BUBBLE, ASLEEP, WALKING, TALKING, THINKING = range(len(FIELDS))


class ReplayError(ValueError):
    """A replay file that cannot be played; the message names the file and what is wrong."""


def _row(sim: Simulation, v: Any) -> list:
    return [v.tile[0], v.tile[1], v.facing, v.action, v.use, v.place, sim.bubble_of(v), v.asleep, v.walking,
            v.conversation is not None, sim.thinking(v)]


class Recorder:
    """A step hook that keeps each step's changes; ``save()`` writes them as one gzipped JSON file."""

    def __init__(self, sim: Simulation, notes: dict | None = None) -> None:
        self.rows = [_row(sim, v) for v in sim.villagers]
        built = [dict(b) for b in self._built(sim)]
        self.header: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "map": str(sim.town.map.path), "town": sim.town.name,
            "seed": sim.seed, "start_step": sim.clock.steps, "start_seconds": sim.clock.seconds,
            "villagers": [{"vid": v.vid, "name": v.name, "sheet": v.sheet} for v in sim.villagers],
            "rows": [list(r) for r in self.rows],
            "built": built,
            "notes": dict(notes or {}),  # plain data the recording run adds (an experiment: each villager's mind)
        }
        self.frames: list[Any] = []
        self._last_event: Event | None = sim.events[-1] if sim.events else None
        self._built_count = len(built)

    def install(self, sim: Simulation) -> Recorder:
        sim.step_hooks.append(self.on_step)
        return self

    @staticmethod
    def _built(sim: Simulation) -> list[dict]:
        mayor = sim.components.get("mayor")
        return list(mayor.built) if isinstance(mayor, MayorOffice) else []

    def on_step(self, sim: Simulation, now: GameTime) -> None:
        frame: dict[str, Any] = {}
        changes: list = []
        for v in sim.villagers:
            row = _row(sim, v)
            if v.vid >= len(self.rows):  # a newcomer (the mayor recruited): a full row
                frame.setdefault("new", []).append({"vid": v.vid, "name": v.name, "sheet": v.sheet, "row": row})
                self.rows.append(row)
                continue
            old = self.rows[v.vid]
            diff = [v.vid]
            for i, value in enumerate(row):
                if value != old[i]:
                    diff += [i, value]
            if len(diff) > 1:
                changes.append(diff)
                self.rows[v.vid] = row
        if changes:
            frame["v"] = changes
        events = self._new_events(sim)
        if events:
            frame["e"] = events
        built = self._built(sim)
        if len(built) > self._built_count:
            frame["b"] = [dict(b) for b in built[self._built_count:]]
            self._built_count = len(built)
        self.frames.append(frame or 0)

    def _new_events(self, sim: Simulation) -> list:
        fresh = []
        for e in reversed(sim.events):
            if e is self._last_event:
                break
            fresh.append([e.seconds, e.kind, e.text, list(e.tile) if e.tile else None])
        if sim.events:
            self._last_event = sim.events[-1]
        return fresh[::-1]

    def data(self) -> dict:
        return {**self.header, "steps": len(self.frames), "frames": self.frames}

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write atomically: gzip of compact JSON."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as f:
            json.dump(self.data(), f, separators=(",", ":"), ensure_ascii=False)
        os.replace(tmp, path)
        return path


def record(sim: Simulation, notes: dict | None = None) -> Recorder:
    return Recorder(sim, notes).install(sim)


class Replay:
    """A loaded log: the snapshot at any step, rebuilt from the nearest stored full state."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        data = _read(self.path)
        self.map_path = str(data["map"])
        self.town = str(data.get("town", ""))
        notes = data.get("notes")
        self.notes: dict = notes if isinstance(notes, dict) else {}
        self.start_seconds = int(data["start_seconds"])
        self.people: list[dict] = [dict(p) for p in data["villagers"]]
        self.frames: list[Any] = data["frames"]
        self.steps = len(self.frames)
        start_rows = [list(r) for r in data["rows"]]
        self.built_at: list[tuple[int, dict]] = [(0, dict(b)) for b in data.get("built", [])]
        self.events: list[tuple[int, list]] = []
        self._keys: list[tuple[list[list], list[list]]] = [(start_rows, start_rows)]
        rows = [list(r) for r in start_rows]
        prev = [list(r) for r in start_rows]
        for i, frame in enumerate(self.frames, 1):
            prev = [list(r) for r in rows]
            self._apply(rows, frame, i)
            if i % KEYFRAME_EVERY == 0:
                self._keys.append(([list(r) for r in rows], prev))
        self.final_rows = rows

    def _apply(self, rows: list[list], frame: Any, index: int | None = None) -> None:
        if not frame:
            return
        for new in frame.get("new", ()):
            if index is not None:
                self.people.append({"vid": new["vid"], "name": new["name"], "sheet": new["sheet"]})
            rows.append(list(new["row"]))
        for diff in frame.get("v", ()):
            row = rows[diff[0]]
            for j in range(1, len(diff), 2):
                row[diff[j]] = diff[j + 1]
        if index is not None:
            for e in frame.get("e", ()):
                self.events.append((index, e))
            for b in frame.get("b", ()):
                self.built_at.append((index, dict(b)))

    def rows_at(self, step: int) -> tuple[list[list], list[list]]:
        """(rows after ``step`` steps, rows one step earlier) for 0 <= step <= steps."""
        step = max(0, min(self.steps, step))
        k = step // KEYFRAME_EVERY
        rows = [list(r) for r in self._keys[k][0]]
        prev = [list(r) for r in self._keys[k][1]]
        for i in range(k * KEYFRAME_EVERY, step):
            prev = [list(r) for r in rows]
            self._apply(rows, self.frames[i])
        return rows, prev

    def built_until(self, step: int) -> list[dict]:
        return [b for at, b in self.built_at if at <= step]

    def snapshot(self, step: int, speed: str = "pause") -> Snapshot:
        rows, prev = self.rows_at(step)
        seconds = self.start_seconds + 10 * step
        now = GameTime(seconds)
        views = []
        for vid, row in enumerate(rows):
            person = self.people[vid]
            before = prev[vid] if vid < len(prev) else row
            walking = bool(row[WALKING])
            views.append(VillagerView(
                vid=vid, name=str(person["name"]), sheet=int(person["sheet"]), tile=(int(row[X]), int(row[Y])),
                prev_tile=(int(before[X]), int(before[Y])), facing=str(row[FACING]),
                walking=walking or (before[X], before[Y]) != (row[X], row[Y]),
                action=f"walking to {row[PLACE]}" if walking else str(row[ACTION]),
                icon="walk" if walking else ("talk" if row[TALKING] else str(row[USE])),
                place=str(row[PLACE]), bubble=row[BUBBLE], thinking=bool(row[THINKING]), asleep=bool(row[ASLEEP])))
        events = tuple(EventView(i, GameTime(e[0]).clock_text(), str(e[1]), str(e[2]), tuple(e[3]) if e[3] else None)
                       for i, e in self.events_until(step)[-50:])
        return Snapshot(step=step, seconds=seconds, clock=str(now), day=now.day, hours=now.hours, speed=speed,
                        villagers=tuple(views), object_states=(), events=events, map_version=len(
                            self.built_until(step)))

    def events_until(self, step: int) -> list[tuple[int, list]]:
        return [(i, e) for i, e in self.events if i <= step]


def _read(path: Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such replay file") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReplayError(f"{path}: not a Tinytown replay (a gzipped JSON log): {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError(f"{path}: not a Tinytown replay (no '{FORMAT}' header)")
    if data.get("version") != VERSION:
        raise ReplayError(f"{path}: replay version {data.get('version')!r} is not {VERSION}; record it again")
    try:
        _check(data)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ReplayError(f"{path}: the replay is damaged ({type(exc).__name__}: {exc})") from None
    return data


def _check(data: dict) -> None:
    """Shapes and indices, so that playing never fails half-way through a damaged file."""
    int(data["start_seconds"])
    people = data["villagers"]
    rows = data["rows"]
    if not isinstance(people, list) or not isinstance(rows, list) or len(people) != len(rows):
        raise ValueError("villagers and rows differ")
    for row in rows:
        if not isinstance(row, list) or len(row) != len(FIELDS):
            raise ValueError("a villager row has the wrong length")
    for b in data.get("built", []):
        _check_built(b)
    count = len(rows)
    if not isinstance(data["frames"], list):
        raise ValueError("frames is not a list")
    for frame in data["frames"]:
        if frame == 0:
            continue
        if not isinstance(frame, dict):
            raise ValueError("a frame is not a table")
        for new in frame.get("new", ()):
            if int(new["vid"]) != count or len(new["row"]) != len(FIELDS):
                raise ValueError("a newcomer is out of order")
            str(new["name"])
            count += 1
        for e in frame.get("e", ()):
            int(e[0])
            str(e[1])
            str(e[2])
            if e[3] is not None and len(e[3]) != 2:
                raise ValueError("an event's tile is not [x, y]")
        for b in frame.get("b", ()):
            _check_built(b)
        for diff in frame.get("v", ()):
            if not 0 <= int(diff[0]) < count or len(diff) % 2 != 1:
                raise ValueError("a change names no villager")
            if any(not isinstance(diff[j], int) or not 0 <= diff[j] < len(FIELDS) for j in range(1, len(diff), 2)):
                raise ValueError("a change names no field")


def _check_built(b: dict) -> None:
    """A building the mayor placed: its prefab file, name and the lot and sector rectangles in tiles."""
    str(b["prefab"])
    str(b["name"])
    if len(b["rect"]) != 4 or len(b["sector"]) != 4 or not all(isinstance(x, int) for x in b["rect"] + b["sector"]):
        raise ValueError("a building's rectangles are not four whole numbers")
