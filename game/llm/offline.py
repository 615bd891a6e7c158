"""The offline backend: no model, every decision comes from the request's own rules."""

from __future__ import annotations

from typing import Any

from game.llm.base import Answer, Request, T


class OfflineBrain:
    """Answers with `request.offline()`, source "offline"; the per-step rules live with cognition."""

    name = "offline"

    def complete(self, request: Request[T]) -> Answer[T]:
        return Answer(request.offline(), "offline")

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        return self.complete(request)

    def status(self) -> dict[str, Any]:
        return {}

    def close(self) -> None:
        """Nothing to close: no connections."""
