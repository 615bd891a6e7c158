"""The mind's handle on the model: requests answered on the model loop, polled through futures.

The game clock never waits on a model: `submit` returns at once; lockstep waits on the futures.
"""

from __future__ import annotations

from concurrent.futures import Future
from types import TracebackType

from game.llm.base import Answer, Brain, Request, T
from game.llm.loop import ModelLoop, model_loop


class BrainPool:
    """Answers submitted requests with `brain.complete_async` on the model loop, any number at once.

    How many reach a server at a time is the inference pool's business (per-endpoint limits, the
    ceiling of requests in flight); here a request costs a future, not a thread.
    """

    def __init__(self, brain: Brain, loop: ModelLoop | None = None) -> None:
        self.brain = brain
        self._loop = loop or model_loop()

    def submit(self, request: Request[T]) -> Future[Answer[T]]:
        return self._loop.run(self.brain.complete_async(request))

    def close(self) -> None:
        """Stop asking: answers on their way still arrive, requests not sent yet get their fallback."""
        self.brain.close()

    def __enter__(self) -> BrainPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
