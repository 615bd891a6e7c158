"""Commands to the simulation thread, and their replies handed back to the window thread."""

from __future__ import annotations

import queue
from collections.abc import Callable

from game.sim.runner import Runner


class Mailbox:
    """Replies arrive on the simulation thread; the window calls ``deliver()`` once a frame to act on them."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._inbox: queue.SimpleQueue[tuple[Callable[[object], None], object]] = queue.SimpleQueue()

    def later(self, on_reply: Callable[[object], None]) -> Callable[[object], None]:
        """A callback safe to call from any thread: on_reply runs in the window thread."""
        return lambda result: self._inbox.put((on_reply, result))

    def send(self, kind: str, on_reply: Callable[[object], None] | None = None, **args: object) -> None:
        self.runner.send(kind, reply=self.later(on_reply) if on_reply else None, **args)

    def deliver(self) -> int:
        count = 0
        while True:
            try:
                on_reply, result = self._inbox.get_nowait()
            except queue.Empty:
                return count
            on_reply(result)
            count += 1
