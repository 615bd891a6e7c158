"""Save slots in the saves folder: quicksave, six manual slots, three rotating autosaves, and the
runner commands that save and load them while the window runs."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.resources import saves_dir
from game.save.store import EXTENSION, SaveError, SaveFile, bulk, read_meta, write_save
from game.save.town import Builder, capture, load_town

if TYPE_CHECKING:
    from game.clock import GameTime
    from game.sim.engine import Simulation
    from game.sim.runner import Runner

log = logging.getLogger(__name__)

QUICK = "quicksave"
AUTOSAVES = ("autosave-1", "autosave-2", "autosave-3")
MANUAL = tuple(f"slot-{i}" for i in range(1, 7))
AUTOSAVE_EVERY = 3600  # game seconds


def slot_path(name: str, folder: Path | None = None) -> Path:
    return (folder or saves_dir()) / f"{name}{EXTENSION}"


@dataclass(frozen=True)
class Slot:
    """One slot as the save/load screen shows it: empty, a readable save, or a damaged file."""

    name: str
    path: Path
    meta: dict[str, Any] | None = None
    thumbnail: bytes | None = None
    error: str = ""

    @property
    def used(self) -> bool:
        return self.meta is not None

    @property
    def label(self) -> str:
        if self.name == QUICK:
            return "Quicksave"
        if self.name.startswith("autosave-"):
            return f"Autosave {self.name[-1]}"
        return f"Slot {self.name.rsplit('-', 1)[-1]}"


def read_slot(name: str, folder: Path | None = None) -> Slot:
    path = slot_path(name, folder)
    if not path.exists():
        return Slot(name, path)
    try:
        info = read_meta(path)
    except SaveError as exc:
        return Slot(name, path, error=str(exc))
    return Slot(name, path, info.meta, info.thumbnail)


def list_slots(folder: Path | None = None) -> list[Slot]:
    return [read_slot(n, folder) for n in (QUICK, *AUTOSAVES, *MANUAL)]


def latest_save(folder: Path | None = None) -> Slot | None:
    """The most recently written readable save ("Continue" at start)."""
    used = [s for s in list_slots(folder) if s.used]
    return max(used, key=lambda s: float((s.meta or {}).get("saved_at", 0.0)), default=None)


def next_autosave(folder: Path | None = None) -> Path:
    """The autosave slot to write next: an empty one, else the oldest (so the last three are kept)."""
    paths = [slot_path(n, folder) for n in AUTOSAVES]
    empty = [p for p in paths if not p.exists()]
    if empty:
        return empty[0]
    return min(paths, key=lambda p: p.stat().st_mtime_ns)


class Autosaver:
    """A step hook: every game hour it captures the town (on the simulation thread) and writes it to the
    next autosave slot on a writer thread, so the clock does not wait for the disk. When the previous
    autosave is still being written (max speed), that hour is skipped."""

    def __init__(self, folder: Path | None = None, every: int = AUTOSAVE_EVERY) -> None:
        self.folder = folder
        self.every = every
        #: The latest small PNG of the view, set by the window now and then.
        self.thumbnail: bytes | None = None
        self.written: list[Path] = []
        self.last_error = ""
        self._writer: threading.Thread | None = None

    def __call__(self, sim: Simulation, now: GameTime) -> None:
        if now.seconds % self.every != 0:
            return
        if self._writer is not None and self._writer.is_alive():
            return
        with bulk():
            save = capture(sim, self.thumbnail, title="Autosave")
        self._writer = threading.Thread(target=self._write, args=(save,), name="autosave", daemon=True)
        self._writer.start()

    def _write(self, save: SaveFile) -> None:
        try:
            self.written.append(write_save(next_autosave(self.folder), save))
        except SaveError as exc:
            self.last_error = str(exc)
            log.warning("autosave failed: %s", exc)

    def wait(self) -> None:
        if self._writer is not None:
            self._writer.join()


def install(runner: Runner, build: Builder, map_path: Path | None = None,
            autosaver: Autosaver | None = None) -> None:
    """Give the runner its 'save' and 'load' commands and put the autosaver on the town.

    'save' {path, thumbnail?} writes the town; 'load' {path} builds a new town from the file and,
    only if that succeeds, swaps it in. Either replies with the path or a SaveError; the running
    town is untouched on failure.
    """

    def attach(sim: Simulation) -> None:
        if autosaver is not None and autosaver not in sim.step_hooks:
            sim.step_hooks.append(autosaver)

    def save(sim: Simulation, args: dict) -> object:
        try:
            with bulk():
                path = write_save(Path(args["path"]), capture(sim, args.get("thumbnail"), args.get("title", "")))
        except SaveError as exc:
            runner.message = str(exc)
            return exc
        return path  # the window says so from the reply (a message too would toast it twice)

    def load(_sim: Simulation, args: dict) -> object:
        try:
            new = load_town(Path(args["path"]), build, map_path)
        except SaveError as exc:
            runner.message = str(exc)
            return exc
        speed = runner.sim.clock.speed
        attach(new)
        runner.sim = new
        new.clock.speed = speed
        runner.publish()
        return Path(args["path"])

    runner.handlers["save"] = save
    runner.handlers["load"] = load
    attach(runner.sim)


def save_now(sim: Simulation, path: Path, thumbnail: bytes | None = None, title: str = "") -> Path | SaveError:
    """Save on the calling thread (on quit, after the runner stopped); a failure is returned, not raised."""
    try:
        return write_save(path, capture(sim, thumbnail, title))
    except SaveError as exc:
        log.warning("save failed: %s", exc)
        return exc

