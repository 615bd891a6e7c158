"""Builds a town from the command line's choices: its map, cast and seed, the mind that drives it (the routine,
or generative agents on a brain) and the mayor's office."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from game.agents.mind import GenerativeMind
from game.agents.persona import Persona
from game.agents.routine import RoutineMind
from game.config import Settings, load_settings
from game.llm import BrainPool, Ledger, make_brain, make_embedder
from game.mayor import install_mayor
from game.protocols import Mind
from game.sim.activation import TimeEngine
from game.sim.engine import Simulation, map_path_or_default
from game.sim.news import install_news
from game.world.tilemap import TownMap


def make_mind(
    kind: str = "generative",
    overrides: Mapping[str, Any] | None = None,
    lockstep: bool = True,
    settings: Settings | None = None,
) -> Mind:
    if kind == "routine":
        return RoutineMind()
    settings = settings or load_settings(overrides, lockstep=lockstep)
    ledger = Ledger()
    offline = settings.llm.backend == "offline"
    lock = lockstep or settings.lockstep or offline
    # The time engine decides who thinks with the model in each game hour; the mind keeps it up to date.
    engine = TimeEngine(profiles=settings.llm.activation)
    thinks = (lambda r: engine.decides(r.agent, r.step, r.hour)) if settings.llm.time_engine else None
    brain = make_brain(settings.llm, ledger, lockstep=lock, thinks=thinks)
    # Offline decisions are instant; a model gets a pool, also in lockstep, where each step's requests
    # (conversation lines, reactions, importance, reflection) go out in parallel and are applied in order.
    pool = None if offline else BrainPool(brain)
    mind = GenerativeMind(
        brain,
        make_embedder(settings.llm),
        lockstep=lock,
        pool=pool,
        weights=settings.retrieval,
        reflection_threshold=settings.reflection_threshold,
        memory_index=settings.memory_index,
    )
    mind.ledger = ledger
    mind.time_engine = engine
    mind.settings = settings
    return mind


def make_simulation(args: argparse.Namespace, headless: bool = False, town_map: TownMap | None = None,
                    cast: list[Persona] | None = None) -> Simulation:
    """The town the flags describe: map, cast size, seed, and the mind that drives it.

    ``town_map`` and ``cast`` replace the flags' map and cast (a loaded save brings both).
    """
    town_map = town_map or TownMap(map_path_or_default(args.map))
    overrides = {"backend": args.llm, "base_url": args.base_url, "model": args.model,
                 "embedding_model": args.embedding_model}
    if args.embedding_model:
        overrides["embedder"] = "endpoint"
    mind = make_mind(args.mind, overrides, lockstep=args.lockstep or headless)
    if cast is not None:
        sim = Simulation(town_map, agents=len(cast), seed=args.seed, mind=mind, cast=cast)
    else:
        sim = Simulation(town_map, agents=args.agents, seed=args.seed, mind=mind)
    install_mayor_for(args, sim, overrides)
    install_news(sim)
    return sim


def install_mayor_for(args: argparse.Namespace, sim: Simulation, overrides: dict) -> None:
    """The economy and the mayor's office; an LLM mayor asks the mind's brain, or one made from the flags."""
    brain = sim.mind.brain
    if args.mayor == "llm" and brain is None:
        brain = make_brain(load_settings(overrides).llm, Ledger())
    install_mayor(sim, args.mayor, brain)
