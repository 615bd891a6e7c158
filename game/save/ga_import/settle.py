"""Settling an imported cast in the town: GA places matched to town places or built on free lots with the
mayor's validated Build action, households moved into homes with a bed each, workplaces assigned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.agents.persona import Persona
from game.mayor.actions import free_beds
from game.save.ga_import.formats import GAImportError
from game.save.ga_import.lives import Household, Lives

if TYPE_CHECKING:
    from game.mayor.office import MayorOffice
    from game.sim.engine import Simulation

#: The importer pays for what it builds with a grant, so the town's own treasury is untouched.
GRANT = "founding grant (Generative Agents import)"


def mayor_of(sim: Simulation) -> MayorOffice:
    from game.mayor import install_mayor
    from game.mayor.office import office_of

    return office_of(sim) or install_mayor(sim, "none")


def build(sim: Simulation, kind: str, name: str) -> str:
    """Put a building of this type on the first free lot through the mayor's Build action; its name."""
    from game.world.economy import OUTSIDE, TREASURY

    office = mayor_of(sim)
    lots = sim.town.map.free_lots()
    if not lots:
        raise GAImportError(f"the town has no free lot left for {name} (a {kind}); use a map with more lots")
    btype = office.catalog.get(kind)
    if btype is None:
        raise GAImportError(f"the building catalog has no {kind} for {name}")
    name = name if name and len(name) <= 40 and name not in sim.town.map.sectors else ""
    office.economy.transfer(sim, OUTSIDE, TREASURY, btype.cost, GRANT, name or kind)
    lot = lots[0]
    done, result = office.perform(sim, {"action": "Building", "type": kind,
                                        "position": {"x": lot.col, "y": lot.row}, "name": name}, by="import")
    if not done:
        raise GAImportError(f"cannot build {name or kind}: {result}")
    return office.built[-1]["name"]


def match_places(sim: Simulation, used: dict[str, str], workers: dict[str, int]) -> tuple[dict[str, str],
                                                                                     dict[str, str]]:
    """(GA place -> town place, town name -> GA name). A town place of the same kind takes the GA place's
    name (the place most people work at first), so memories, talk and the map say "Hobbs Cafe" alike; a
    second GA place of a kind the town has one of is the same place; a kind the town lacks is built and
    named after the GA place."""
    out: dict[str, str] = {}
    renamed: dict[str, str] = {}
    for ga_place, kind in sorted(used.items(), key=lambda kv: (kv[1], -workers.get(kv[0], 0), kv[0])):
        same_name = sim.town.sector(ga_place)
        if same_name is not None and same_name.building_type == kind:
            out[ga_place] = ga_place
            continue
        have = sorted(sim.town.map.sectors_of(kind), key=lambda s: s.name)
        if not have:
            out[ga_place] = build(sim, kind, ga_place)
            continue
        free = [s for s in have if s.name not in out.values()]
        if free and len(ga_place) <= 40:
            renamed[free[0].name] = ga_place
            sim.town.map.rename_sector(free[0].name, ga_place)
            out[ga_place] = ga_place
        else:
            out[ga_place] = (free or have)[0].name
    sim.town.map_changed()
    return out, renamed


def _beds(sim: Simulation, home: str, taken: set[int]) -> list[int]:
    return [b for b in free_beds(sim, home) if b not in taken]


def _home_for(sim: Simulation, house: Household, taken: set[int], homes_given: set[str]) -> str:
    """A family gets a house of its own while one is empty or a lot is free; others share what has room."""
    size = len(house.members)
    homes = sorted(sim.town.map.sectors_of("home", "apartment"), key=lambda s: (s.building_type != house.kind,
                                                                                  s.name))
    if house.kind == "home":
        empty = [s for s in homes if s.building_type == "home" and s.name not in homes_given
                 and len(_beds(sim, s.name, taken)) >= size]
        if empty:
            return empty[0].name
        if sim.town.map.free_lots():
            return build(sim, "home", house.place)
    fits = [s for s in homes if len(_beds(sim, s.name, taken)) >= size]
    if house.kind == "apartment":  # flats are not moved into a family's house while a lot is free
        flats = [s for s in fits if s.building_type == "apartment"]
        fits = flats or ([] if sim.town.map.free_lots() else fits)
    if fits:
        return fits[0].name
    if sim.town.map.free_lots():
        shared = house.place if size > 1 else ""
        return build(sim, house.kind, shared)
    beds = sum(len(_beds(sim, s.name, taken)) for s in homes)
    raise GAImportError(f"{house.place}: {size} people need beds together, the town has {beds} free beds spread "
                        "over its homes and no free lot to build on")


def settle(sim: Simulation, lives: Lives, places: dict[str, str]) -> None:
    """Villagers in their homes (one bed each), working at the town places their GA places became."""
    by_name: dict[str, Persona] = {p.name: p for p in lives.personas}
    order = {p.name: i for i, p in enumerate(lives.personas)}
    taken: set[int] = set()
    given: set[str] = set()
    placed: dict[str, tuple[str, int]] = {}
    for house in lives.households:
        home = _home_for(sim, house, taken, given)
        given.add(home)
        beds = _beds(sim, home, taken)
        for name in house.members:
            placed[name] = (home, beds.pop(0))
            taken.add(placed[name][1])
    for name in sorted(placed, key=order.__getitem__):
        home, bed = placed[name]
        v = sim.add_villager(by_name[name], home, bed)
        ga_work = lives.work_places.get(name)
        if ga_work and ga_work in places:
            v.workplace = places[ga_work]
