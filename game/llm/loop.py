"""The one event-loop thread on which every model request of the process waits: no thread per request.

Callers on other threads hand it coroutines and get `concurrent.futures.Future`s back to poll or wait on.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

R = TypeVar("R")

_lock = threading.Lock()
_shared: ModelLoop | None = None


class ModelLoop:
    """An asyncio loop running forever on a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="tinytown-model-loop", daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, R]) -> Future[R]:
        """Schedule `coroutine` on the loop; calls from one thread start in the order they were made."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def wait(self, coroutine: Coroutine[Any, Any, R]) -> R:
        """Run `coroutine` on the loop and block this thread (never the loop's own) until it is done."""
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError("ModelLoop.wait called on the model loop itself: await the coroutine instead")
        return self.run(coroutine).result()

    def on_loop(self) -> bool:
        return threading.current_thread() is self._thread


def model_loop() -> ModelLoop:
    """The process's model loop, started on first use (asyncio clients stay bound to one loop)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = ModelLoop()
        return _shared
