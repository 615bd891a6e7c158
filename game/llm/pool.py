"""The LLM worker pool: decisions run on worker threads so the game clock never waits on a model."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from game.llm.base import Answer, Brain, Request, T


class BrainPool:
    """Runs `brain.complete` for submitted requests on up to `concurrency` threads.

    The simulation polls the futures; lockstep mode calls `.result()` on them.
    """

    def __init__(self, brain: Brain, concurrency: int) -> None:
        if concurrency < 1:
            raise ValueError(f"BrainPool concurrency must be at least 1, got {concurrency}")
        self.brain = brain
        self._executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="tinytown-llm")

    def submit(self, request: Request[T]) -> Future[Answer[T]]:
        return self._executor.submit(self.brain.complete, request)

    def close(self) -> None:
        """Drop requests not started yet and stop taking new ones; running ones finish on their own."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> BrainPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
