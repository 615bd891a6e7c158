"""The building catalog (game/data/buildings.json): what the mayor can build, its cost, equipment, beds and jobs.

A bad catalog raises ``CatalogError`` naming the file and the entry to fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from game.agents.persona import parse_hhmm
from game.contracts import BUILDING_TYPES, USES
from game.resources import resource
from game.world.economy import Prices

CATALOG_FILE = resource("game/data/buildings.json")


class CatalogError(ValueError):
    """A building catalog that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Equipment:
    use: str
    objects: tuple[str, ...]
    fee: int
    minutes: int
    does: str


@dataclass(frozen=True)
class Job:
    title: str
    wage: int
    slots: int
    hours: tuple[int, int]


@dataclass(frozen=True)
class BuildingType:
    kind: str
    label: str
    prefab: Path
    cost: int
    about: str
    names: tuple[str, ...]
    beds: int
    equipment: tuple[Equipment, ...]
    jobs: tuple[Job, ...]
    color: str = "brown"

    @property
    def wage(self) -> int:
        """Coins per game hour worked here (the best-paid job; one wage per building keeps the ledger simple)."""
        return max((j.wage for j in self.jobs), default=0)

    @property
    def slots(self) -> int:
        return sum(j.slots for j in self.jobs)

    def fee(self, use: str) -> int:
        return next((e.fee for e in self.equipment if e.use == use), 0)

    def summary(self) -> str:
        """One line for menus and prompts: what it does, beds, jobs, fees."""
        parts = [self.about.rstrip(".")]
        if self.beds:
            parts.append(f"{self.beds} beds")
        if self.jobs:
            parts.append("jobs: " + ", ".join(f"{j.slots} {j.title} at {j.wage}/h" for j in self.jobs))
        fees = [f"{e.use} {e.fee}" for e in self.equipment if e.fee]
        if fees:
            parts.append("fees: " + ", ".join(fees))
        return "; ".join(parts)


@dataclass(frozen=True)
class Catalog:
    types: dict[str, BuildingType]
    treasury: int
    recruit_cost: int
    newcomer_savings: int
    path: Path

    def get(self, kind: str) -> BuildingType | None:
        return self.types.get(kind)

    def prices(self) -> Prices:
        """The economy's view: fee per (building type, use) and wage per building type."""
        return Prices(
            fees={k: {e.use: e.fee for e in t.equipment if e.fee} for k, t in self.types.items()},
            wages={k: t.wage for k, t in self.types.items() if t.wage},
        )


def _int(entry: dict, key: str, where: str, low: int = 0) -> int:
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise CatalogError(f"{where}: '{key}' must be a whole number of at least {low}, got {value!r}")
    return value


def _building(entry: dict, where: str) -> BuildingType:
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}: each building must be an object")
    kind = entry.get("type")
    if kind not in BUILDING_TYPES:
        raise CatalogError(f"{where}: type {kind!r} is not one of {', '.join(sorted(BUILDING_TYPES))}")
    where = f"{where} ({kind})"
    prefab = resource(str(entry.get("prefab", f"maps/prefabs/{kind}.tmx")))
    equipment = []
    for e in entry.get("equipment", []):
        if e.get("use") not in USES:
            raise CatalogError(f"{where}: equipment use {e.get('use')!r} is not one of {', '.join(sorted(USES))}")
        equipment.append(Equipment(e["use"], tuple(str(o) for o in e.get("objects", [])),
                                   _int(e, "fee", where), _int(e, "minutes", where, 1), str(e.get("does", ""))))
    jobs = []
    for j in entry.get("jobs", []):
        try:
            hours = (parse_hhmm(j["hours"][0]), parse_hhmm(j["hours"][1]))
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            raise CatalogError(f"{where}: job {j.get('title')!r} needs hours like [\"09:00\", \"17:00\"]") from None
        jobs.append(Job(str(j.get("title", "worker")), _int(j, "wage", where), _int(j, "slots", where, 1), hours))
    names = tuple(str(n) for n in entry.get("names", []))
    return BuildingType(
        kind=kind,
        label=str(entry.get("label", kind.title())),
        prefab=prefab,
        cost=_int(entry, "cost", where, 1),
        about=str(entry.get("about", "")),
        names=names,
        beds=_int(entry, "beds", where),
        equipment=tuple(equipment),
        jobs=tuple(jobs),
        color=str(entry.get("color", "brown")),
    )


def load_catalog(path: str | Path = CATALOG_FILE) -> Catalog:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{path}: cannot read the building catalog ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("buildings"), list):
        raise CatalogError(f"{path}: expected an object with a 'buildings' list")
    types: dict[str, BuildingType] = {}
    for i, entry in enumerate(data["buildings"]):
        b = _building(entry, f"{path}: building {i + 1}")
        if b.kind in types:
            raise CatalogError(f"{path}: building type {b.kind!r} is listed twice")
        types[b.kind] = b
    town = data.get("town", {})
    where = f"{path}: town"
    return Catalog(types, _int(town, "treasury", where), _int(town, "recruit_cost", where),
                   _int(town, "newcomer_savings", where), path)
