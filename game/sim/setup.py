"""Builds a town from the command line's choices: its map, cast and seed (generated households beyond the
written cast), the mind that drives it (the routine, or generative agents on a brain) and the mayor's office."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.agents.cast import FLAT_BEDS, Dwelling, Workplace, generate_cast
from game.agents.mind import GenerativeMind
from game.agents.persona import Persona, load_cast
from game.agents.routine import RoutineMind
from game.config import Settings, load_settings
from game.contracts import HOME_TYPES
from game.llm import BrainPool, Ledger, make_brain, make_embedder
from game.mayor import install_mayor, load_catalog
from game.protocols import Mind
from game.sim.activation import TimeEngine
from game.sim.engine import Simulation, map_path_or_default
from game.sim.headless import ActivityMinutes
from game.sim.news import install_news
from game.world.tilemap import TownMap

if TYPE_CHECKING:
    from game.mayor.catalog import Catalog


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
        # Beyond the written cast, generated households move into the free beds.
        written = len(load_cast())
        agents = args.agents if args.agents is None else min(args.agents, written)
        sim = Simulation(town_map, agents=agents, seed=args.seed, mind=mind)
        if args.agents is not None and args.agents > written:
            note = grow_town(sim, args.agents, load_catalog())
            if note:
                print(f"tinytown: {note}", file=sys.stderr)
    install_mayor_for(args, sim, overrides)
    install_news(sim)
    ActivityMinutes().install(sim)
    return sim


def install_mayor_for(args: argparse.Namespace, sim: Simulation, overrides: dict) -> None:
    """The economy and the mayor's office; an LLM mayor asks the mind's brain, or one made from the flags."""
    brain = sim.mind.brain
    if args.mayor == "llm" and brain is None:
        brain = make_brain(load_settings(overrides).llm, Ledger())
    install_mayor(sim, args.mayor, brain)


def grow_town(sim: Simulation, agents: int, catalog: Catalog) -> str | None:
    """Fill the town up to ``agents`` villagers with generated households in its free beds.

    Jobs come from the catalog's posts at the map's workplaces (minus those already held).
    Returns one line for the player when the homes have fewer beds than asked for.
    """
    town_map = sim.town.map
    held = {v.bed for v in sim.villagers if v.bed is not None}
    dwellings = []
    for home in sorted(town_map.sectors_of(*HOME_TYPES), key=lambda s: s.name):
        beds = [o.oid for o in town_map.objects_in(home.name, use="sleep")]
        size = FLAT_BEDS if home.building_type == "apartment" else len(beds)
        cx, cy = home.rect.center
        for start in range(0, len(beds), max(1, size)):
            free = tuple(b for b in beds[start:start + size] if b not in held)
            if free:
                dwellings.append(Dwelling(home.name, home.building_type, free, cx, cy))
    workers = Counter(v.workplace for v in sim.villagers if v.workplace)
    workplaces = []
    for sector in sorted(town_map.sectors.values(), key=lambda s: s.name):
        btype = catalog.types.get(sector.building_type)
        if btype is None or not btype.jobs:
            continue
        taken = workers[sector.name]
        posts: list[tuple[str, int, int, int]] = []
        for job in btype.jobs:
            open_posts = max(0, job.slots - taken)
            taken -= job.slots - open_posts
            posts.append((job.title, open_posts, job.hours[0], job.hours[1]))
        workplaces.append(Workplace(sector.name, sector.building_type, *sector.rect.center, tuple(posts)))
    newcomers = generate_cast(agents - len(sim.villagers), dwellings, workplaces, town=sim.town.name,
                              seed=sim.seed, taken=[v.name for v in sim.villagers])
    for n in newcomers:
        v = sim.add_villager(n.persona, n.home, n.bed)
        v.workplace = n.workplace
    if len(sim.villagers) < agents:
        return (f"{town_map.path.name} has beds for {len(sim.villagers)} villagers, not {agents}: running "
                f"{len(sim.villagers)} (more beds: --map maps/city.tmx, or a city from maps/make_town.py --population)")
    return None
