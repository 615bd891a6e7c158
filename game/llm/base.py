"""The tiny interface between cognition and any model: Request, Brain, Embedder, LLMError.

Cognition code depends on these names only; backends and wrappers implement them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

import numpy as np
import pydantic

T = TypeVar("T", bound=pydantic.BaseModel)

@dataclass(frozen=True)
class Request(Generic[T]):
    """One decision asked of a model, with its typed answer and its offline answer."""

    step: str
    agent: str
    system: str
    prompt: str
    answer: type[T]
    offline: Callable[[], T]
    check: Callable[[T], None] | None = None
    max_tokens: int = 400
    temperature: float = 0.7
    #: The game hour (hours since the town began) in which it is asked; the call budget counts by it.
    hour: int | None = None


@dataclass(frozen=True)
class Usage:
    """What answering cost: HTTP requests sent, tokens the server reported, attempts that failed."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.requests + other.requests,
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.errors + other.errors,
        )


class LLMError(Exception):
    """A backend failure, with `status` the HTTP status if any. `kind` is one of
    timeout, connection, http, protocol (a malformed reply), invalid_json, schema, check.

    `usage` carries what the failed attempts still cost (a reply that was not valid
    JSON was still generated and billed); past the model layer it counts the failures too.
    """

    def __init__(self, kind: str, message: str, *, status: int | None = None,
                 usage: Usage | None = None) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.status = status
        self.usage = usage if usage is not None else Usage(requests=1)

    @property
    def transient(self) -> bool:
        """Worth retrying: timeouts, dropped connections, rate limits, server errors."""
        if self.kind in ("timeout", "connection"):
            return True
        return self.kind == "http" and self.status is not None and (
            self.status == 429 or self.status >= 500)


Source = Literal["model", "cache", "offline", "fallback"]


@dataclass(frozen=True)
class Answer(Generic[T]):
    """A validated answer and where it came from.

    `source`: "model" (a model answered now), "cache" (a model's earlier answer to the same
    prompt), "offline" (the offline brain decided, by choice), "fallback" (the model failed and
    the request's offline answer stands in). `usage` is what producing it cost.
    """

    value: T
    source: Source
    usage: Usage = Usage()

    @property
    def from_model(self) -> bool:
        """True when a model produced this answer (now or, cached, earlier)."""
        return self.source in ("model", "cache")


class Brain(Protocol):
    """Answers a Request with a validated instance of its answer model and its source.

    `complete` blocks the calling thread; `complete_async` is the same on the model loop.
    `status()` is plain data for the report and the HUD (endpoints, call budget); `close()`
    stops asking (answers already on their way still arrive).
    """

    name: str

    def complete(self, request: Request[T]) -> Answer[T]: ...

    async def complete_async(self, request: Request[T]) -> Answer[T]: ...

    def status(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class Embedder(Protocol):
    """Turns texts into float32 rows of length `dim`, each L2-normalised."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...
