"""Saving a whole town, and loading one into a new Simulation that is checked before it replaces anything."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import __version__
from game.codec import CodecError, check, declared, decode
from game.mayor.office import MayorOffice
from game.protocols import Component
from game.resources import resource
from game.save.ga_import import GACast
from game.save.store import SaveError, SaveFile, bulk, read_save, write_save
from game.sim.engine import DEFAULT_MAP, SavedTown, Simulation
from game.world.tilemap import TownMap

#: Builds an empty town (no villagers yet) on a map, with the mind and components this run uses.
Builder = Callable[[TownMap], Simulation]
REQUIRED_PARTS = ("seed", "rng", "clock", "villagers", "users", "time_use")
#: Components a save brings that no builder makes: an import's record (its GA place names) belongs to the town.
BROUGHT: dict[str, Callable[[], Component]] = {"ga": GACast}


@dataclass(frozen=True)
class Building:
    """A prefab stamped on a lot since the map was loaded (the mayor's map_changes())."""

    type: str
    lot: tuple[int, int]
    name: str


@dataclass(frozen=True)
class TownParts(SavedTown):
    """The shape of a town save's parts, checked by the codec before anything is loaded: the town's
    state and the buildings placed since the map was loaded (stamped before the state loads)."""

    buildings: list[Building]


def map_changes(sim: Simulation) -> list[dict[str, Any]]:
    """Buildings the mayor's office placed on lots since the map was loaded, oldest first:
    ``[{"type": prefab type, "lot": [col, row], "name": sector name}, ...]``.
    """
    office = sim.components.get("mayor")
    return [dict(c) for c in office.map_changes()] if isinstance(office, MayorOffice) else []


def capture(sim: Simulation, thumbnail: bytes | None = None, title: str = "") -> SaveFile:
    """The town as plain data: every part's get_state(), the map changes and the public LLM settings."""
    settings = sim.mind.settings
    llm = settings.llm if settings is not None else None
    meta = {
        "game_version": __version__,
        "title": title or sim.town.name,
        "saved_at": time.time(),
        "clock": str(sim.now),
        "day": sim.now.day,
        "game_seconds": sim.clock.seconds,
        "villagers": len(sim.villagers),
        "town": sim.town.name,
        "map": sim.town.map.path.name,
        "mind": type(sim.mind).__name__,
        # Public settings only: public_dict() never holds an API key.
        "llm": llm.public_dict() if llm is not None else {"backend": "none"},
    }
    parts = dict(sim.get_state())
    parts["buildings"] = map_changes(sim)
    return SaveFile(meta, parts, thumbnail)


def save_town(sim: Simulation, path: str | os.PathLike[str], thumbnail: bytes | None = None,
              title: str = "") -> Path:
    with bulk():
        return write_save(path, capture(sim, thumbnail, title))


def load_town(path: str | os.PathLike[str], build: Builder, map_path: Path | None = None) -> Simulation:
    """A new Simulation holding the saved town; the caller swaps it in only if this returns.

    Raises SaveError (one line naming the file) for anything wrong with the save.
    """
    path = Path(path)
    with bulk():
        return restore(read_save(path), path, build, map_path)


def restore(save: SaveFile, path: Path, build: Builder, map_path: Path | None = None) -> Simulation:
    parts = save.parts
    missing = [p for p in REQUIRED_PARTS if p not in parts]
    if missing:
        raise SaveError(f"{path}: not a Tinytown town save (missing {', '.join(missing)})")
    map_file = Path(map_path) if map_path else DEFAULT_MAP
    saved_map = save.meta.get("map")
    if saved_map != map_file.name:
        raise SaveError(f"{path}: was saved on map {saved_map!r}, not {map_file.name!r}; pass --map with that map")
    town_map = TownMap(map_file)  # a broken map is the map's fault (MapError), not the save's
    try:
        shape: TownParts = decode(TownParts, parts)
        for building in shape.buildings:
            prefab = map_file.parent / "prefabs" / f"{building.type}.tmx"
            if not prefab.is_file():
                prefab = resource(f"maps/prefabs/{building.type}.tmx")
            town_map.stamp_prefab(prefab, building.lot, building.name)
        ga = shape.components.get("ga")
        renamed = decode(dict[str, str], ga.get("renamed", {}), "components", "ga", "renamed") \
            if isinstance(ga, dict) else {}
        for old, new in renamed.items():  # an imported cast's names for the town's places
            town_map.rename_sector(old, new)
        sim = build(town_map)
        for name, make in BROUGHT.items():
            if name in shape.components and name not in sim.components:
                sim.components[name] = make()
        fits(sim, shape)
        sim.load(shape)
        check_references(sim, path)
    except SaveError:
        raise
    except CodecError as exc:
        where = f"{exc.where}: " if exc.path else ""
        raise SaveError(f"{path}: {where}{exc.problem}; the save is damaged or not from this Tinytown") from None
    except Exception as exc:  # saved data drives every line above; any failure means a bad save
        text = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise SaveError(f"{path}: cannot load this save ({type(exc).__name__}: {text})") from None
    return sim


def fits(sim: Simulation, shape: TownParts) -> None:
    """The saved mind and components fit the ones this town was built with (CodecError names the path)."""
    if shape.mind is not None and declared(type(sim.mind)):
        check(sim.mind, shape.mind, "mind")
    for name, data in shape.components.items():
        component = sim.components.get(name)
        if component is not None and declared(type(component)):
            check(component, data, "components", name)


def check_references(sim: Simulation, path: Path) -> None:
    """Every reference in the loaded town points at something that exists on this map and in this town."""
    town_map = sim.town.map
    objects = len(town_map.objects)
    vids = set(range(len(sim.villagers)))

    def on_map(tile: tuple[int, int]) -> bool:
        return 0 <= tile[0] < town_map.width and 0 <= tile[1] < town_map.height

    def bad(text: str) -> SaveError:
        return SaveError(f"{path}: {text}; the save does not fit this map or is damaged")

    for i, v in enumerate(sim.villagers):
        if v.vid != i:
            raise bad(f"villager {v.name} has number {v.vid}, expected {i}")
        home = town_map.sectors.get(v.home)
        if home is None or home.building_type not in ("home", "apartment"):
            raise bad(f"villager {v.name} lives at {v.home!r}, which is no home on this map")
        if v.workplace is not None and v.workplace not in town_map.sectors:
            raise bad(f"villager {v.name} works at {v.workplace!r}, which is not on this map")
        for what, oid in (("bed", v.bed), ("object in use", v.using), ("target object", v.target_object)):
            if oid is not None and not 0 <= oid < objects:
                raise bad(f"villager {v.name}'s {what} #{oid} does not exist")
        if not on_map(v.tile) or not all(on_map(t) for t in v.path):
            raise bad(f"villager {v.name} stands or walks off the map")
        if v.path and not 0 <= v.path_index < len(v.path):
            raise bad(f"villager {v.name} is at step {v.path_index} of a {len(v.path)}-step path")
    for oid, users in sim.town.users.items():
        if not 0 <= oid < objects or not users <= vids:
            raise bad(f"object #{oid} is used by someone who does not exist")
    if set(sim.time_use) != vids:
        raise bad("the time-use tally does not match the villagers")
    fault = sim.mind.fault(sim)
    if fault:
        raise bad(fault)
