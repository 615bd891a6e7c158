"""Builds the mind that drives a town from settings: the routine, or generative agents on a brain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.agents.mind import GenerativeMind
from game.config import Settings, load_settings
from game.llm import BrainPool, Ledger, make_brain, make_embedder
from game.sim.engine import RoutineMind


def make_mind(
    kind: str = "generative",
    overrides: Mapping[str, Any] | None = None,
    lockstep: bool = True,
    settings: Settings | None = None,
) -> RoutineMind | GenerativeMind:
    if kind == "routine":
        return RoutineMind()
    settings = settings or load_settings(overrides, lockstep=lockstep)
    ledger = Ledger()
    offline = settings.llm.backend == "offline"
    lock = lockstep or settings.lockstep or offline
    brain = make_brain(settings.llm, ledger, lockstep=lock)
    # Offline decisions are instant; a model gets a pool, also in lockstep, where each step's requests
    # (conversation lines, reactions, importance, reflection) go out in parallel and are applied in order.
    pool = None if offline else BrainPool(brain)
    mind = GenerativeMind(
        brain,
        make_embedder(settings.llm),
        offline_backend=offline,
        lockstep=lock,
        pool=pool,
        weights=settings.retrieval,
        reflection_threshold=settings.reflection_threshold,
        memory_index=settings.memory_index,
    )
    mind.ledger = ledger
    mind.settings = settings
    return mind
