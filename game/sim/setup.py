"""Sets a town up: the mind that drives it (the routine, or generative agents on a brain) and its cast."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.agents.cast import FLAT_BEDS, Dwelling, Workplace, generate_cast
from game.agents.mind import GenerativeMind
from game.config import Settings, load_settings
from game.contracts import HOME_TYPES
from game.llm import BrainPool, Ledger, make_brain, make_embedder
from game.sim.engine import RoutineMind, Simulation

if TYPE_CHECKING:
    from game.mayor.catalog import Catalog


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
    brain = make_brain(settings.llm, ledger)
    offline = settings.llm.backend == "offline"
    lock = lockstep or settings.lockstep or offline
    # Offline decisions are instant; a model gets a pool, also in lockstep, where each step's requests
    # (conversation lines, reactions, importance, reflection) go out in parallel and are applied in order.
    pool = None if offline else BrainPool(brain, settings.llm.concurrency)
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
        taken, posts = workers[sector.name], []
        for job in btype.jobs:
            free = max(0, job.slots - taken)
            taken -= job.slots - free
            posts.append((job.title, free, job.hours[0], job.hours[1]))
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
