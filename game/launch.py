"""The town the command line describes: map, cast, seed, mind and mayor, new or loaded from a save.

Shared by the entry point and the window (which must not import ``main``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def make_simulation(args: argparse.Namespace, headless: bool = False, town_map=None, cast=None):
    """The town the flags describe: map, cast size, seed, and the mind that drives it.

    ``town_map`` and ``cast`` replace the flags' map and cast (a loaded save brings both).
    """
    from game.sim.engine import Simulation, map_path_or_default
    from game.sim.setup import make_mind
    from game.world.tilemap import TownMap

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
    return sim


def install_mayor_for(args: argparse.Namespace, sim, overrides: dict) -> None:
    """The economy and the mayor's office; an LLM mayor asks the mind's brain, or one made from the flags."""
    from game.mayor import install_mayor

    kind = getattr(args, "mayor", "none") or "none"
    brain = getattr(sim.mind, "brain", None)
    if kind == "llm" and brain is None:
        from game.config import load_settings
        from game.llm import Ledger, make_brain

        brain = make_brain(load_settings(overrides).llm, Ledger())
    install_mayor(sim, kind, brain)


def load_simulation(args: argparse.Namespace, headless: bool = False):
    """The saved town of --load, in a new Simulation with this run's mind (raises SaveError)."""
    from game.save import load_town

    return load_town(args.load, lambda town_map: make_simulation(args, headless, town_map, cast=[]),
                     map_path=Path(args.map) if args.map else None)
