"""The simulation thread: steps the engine at the chosen speed, takes commands, publishes snapshots."""

from __future__ import annotations

import gc
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from game.clock import SPEEDS
from game.mayor import install_mayor
from game.mayor.office import office_of
from game.sim.engine import Simulation
from game.sim.player import ModelWatch, PlayerCommands
from game.sim.snapshot import Snapshot

log = logging.getLogger(__name__)


@dataclass
class Command:
    """A request from the window: the only way the UI changes the world."""

    kind: str
    args: dict = field(default_factory=dict)
    reply: Callable[[object], None] | None = None


class Runner:
    """Owns the simulation on its own thread; the window only reads ``latest``."""

    def __init__(self, sim: Simulation, speed: str = "1x") -> None:
        self.sim = sim
        self.sim.clock.speed = speed
        self.commands: queue.Queue[Command] = queue.Queue()
        self.watch = ModelWatch()
        self._latest = replace(sim.snapshot(), model=self.watch.status(sim))
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.player = PlayerCommands()
        self.handlers: dict[str, Callable[[Simulation, dict], object]] = dict(self.player.handlers())
        self._resume = "1x"  # the speed toggle_pause returns to
        # A town made without the flags (tools, tests) still gets the player's office, before the thread starts.
        office = office_of(sim) or install_mayor(sim)
        self.handlers.update(office.handlers())
        self.message = ""
        self.error: BaseException | None = None
        self._settled: Simulation | None = None  # the town whose objects were frozen out of full collections
        self._settled_hour = -1  # and the game hour when that was last done

    @property
    def latest(self) -> Snapshot:
        with self._lock:
            return self._latest

    def publish(self) -> None:
        snap = replace(self.sim.snapshot(message=self.message), model=self.watch.status(self.sim))
        with self._lock:
            self._latest = snap

    def send(self, kind: str, reply: Callable[[object], None] | None = None, **args: object) -> None:
        self.commands.put(Command(kind, dict(args), reply))

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="simulation", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            gc.unfreeze()

    def _settle(self) -> None:
        """Freeze the town's objects out of the garbage collector's full passes.

        A full pass walks every object while holding the interpreter lock: 230 ms for 256 villagers on
        the city, a frozen window every few game minutes. The town's objects live as long as the town,
        so when it starts running (and after a load, when the old town's are collected) everything is
        frozen, and every game hour what the hour made and kept. A full pass then walks less than an
        hour's objects (9 ms). A frozen object that later dies in a cycle waits for the next load (none
        did in two game hours of 256 villagers).
        """
        if self.sim is not self._settled:
            gc.unfreeze()
            gc.collect()
        else:
            gc.collect(1)  # the young generations only: what the hour made and no longer needs
        gc.freeze()
        self._settled, self._settled_hour = self.sim, self.sim.clock.seconds // 3600

    def _handle(self, cmd: Command) -> None:
        result: object = None
        if cmd.kind == "speed":
            self.sim.clock.speed = str(cmd.args["speed"])
        elif cmd.kind == "toggle_pause":
            clock = self.sim.clock
            if clock.paused:
                clock.speed = self._resume
            else:
                self._resume = clock.speed
                clock.speed = "pause"
        elif cmd.kind in self.handlers:
            result = self.handlers[cmd.kind](self.sim, cmd.args)
        else:
            result = f"unknown command {cmd.kind!r}"
        if cmd.reply is not None:
            cmd.reply(result)

    def drain(self) -> None:
        """Apply every queued command now (also used by tests without the thread)."""
        while True:
            try:
                cmd = self.commands.get_nowait()
            except queue.Empty:
                return
            try:
                self._handle(cmd)
            except Exception as exc:  # a bad command must not kill the town
                log.exception("command %s failed", cmd.kind)
                self.message = f"{cmd.kind} failed: {exc}"
                if cmd.reply is not None:
                    cmd.reply(exc)

    def _loop(self) -> None:
        owed = 0.0
        last = time.perf_counter()
        last_publish = 0.0
        while not self._stop.is_set():
            self.drain()
            if self.sim is not self._settled or self.sim.clock.seconds // 3600 != self._settled_hour:
                self._settle()
            now = time.perf_counter()
            rate = SPEEDS[self.sim.clock.speed]
            owed += (now - last) * (rate if rate != float("inf") else 1e9)
            last = now
            stepped = 0
            try:
                while owed >= 1.0 and stepped < 200:
                    self.sim.step()
                    owed -= 1.0
                    stepped += 1
                    if time.perf_counter() - now > 0.05:
                        break
            except Exception as exc:
                log.exception("simulation step failed")
                self.error = exc
                self.message = f"The simulation stopped: {exc}"
                self.sim.clock.speed = "pause"
            if rate == 0.0 or rate == float("inf"):
                owed = 0.0 if rate == 0.0 else owed
            owed = min(owed, 200.0)
            if stepped or now - last_publish > 0.1:
                self.publish()
                last_publish = now
            if not stepped:
                # Model answers still land while paused: the player may be chatting.
                self.sim.mind.collect()
                self._stop.wait(0.005)
