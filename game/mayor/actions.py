"""Mayor actions (Build, Recruit, Nothing): one parser, one validation and one way to apply them.

The player's clicks, the rule mayor and the LLM mayor all go through ``parse_action``
and ``perform``; a rejected action raises ``Rejected`` with a reason and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from game.agents.persona import Persona
from game.contracts import HOME_TYPES
from game.mayor.catalog import BuildingType, Catalog
from game.world.economy import OUTSIDE, TREASURY, Economy
from game.world.tilemap import MapError, Rect

if TYPE_CHECKING:
    from game.agents.villager import Villager
    from game.sim.engine import Simulation

MAX_NAME = 40
MAX_TEXT = 300
HOMES = HOME_TYPES


class Rejected(ValueError):
    """An action that cannot be done; str() is the reason shown to the player or fed back to the LLM."""


@dataclass(frozen=True)
class Build:
    building_type: str
    lot: tuple[int, int]
    name: str = ""

    def describe(self) -> str:
        return f"build a {self.building_type} on lot {self.lot[0]},{self.lot[1]}" + (
            f" named {self.name}" if self.name else "")


@dataclass(frozen=True)
class Recruit:
    home: str
    name: str
    bio: str
    goal: str

    def describe(self) -> str:
        return f"recruit {self.name} to live at {self.home}"


@dataclass(frozen=True)
class Nothing:
    def describe(self) -> str:
        return "do nothing"


Action = Build | Recruit | Nothing


@dataclass(frozen=True)
class Outcome:
    """What an applied action did, in words, and the building it placed (for the renderer)."""

    text: str
    built: dict | None = None


# -- parsing ------------------------------------------------------------------------------
def parse_action(data: object) -> Action:
    """The JSON shape {"action": "Building"|"NPC"|"None", ...} (a dict or its text) -> an action."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError:
            raise Rejected("the answer is not valid JSON; answer with one JSON object") from None
    if not isinstance(data, dict):
        raise Rejected("the answer must be a JSON object with an 'action' field")
    kind = str(data.get("action", "")).strip().lower()
    if kind in ("none", "nothing", ""):
        if kind == "" and "action" not in data:
            raise Rejected("the answer has no 'action' field; use Building, NPC or None")
        return Nothing()
    if kind in ("building", "build"):
        position = data.get("position")
        if not isinstance(position, dict):
            raise Rejected('a Building needs "position": {"x": <lot column>, "y": <lot row>}')
        x, y = position.get("x"), position.get("y")
        if not (_whole(x) and _whole(y)):
            raise Rejected(f"position x and y must be whole numbers (a lot's column and row), got x={x!r}, y={y!r}")
        name = data.get("name") or ""
        return Build(str(data.get("type", "")).strip().lower(), (int(x), int(y)), str(name))
    if kind in ("npc", "recruit"):
        return Recruit(str(data.get("home_building") or "").strip(), str(data.get("name") or ""),
                       str(data.get("bio") or ""), str(data.get("goal") or ""))
    raise Rejected(f"unknown action {data.get('action')!r}; use Building, NPC or None")


def _whole(value: object) -> TypeGuard[int | float]:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer()


def check_text(text: str, what: str, limit: int) -> None:
    if not text.strip():
        raise Rejected(f"the {what} is empty")
    if len(text) > limit:
        raise Rejected(f"the {what} is too long ({len(text)} characters; at most {limit})")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise Rejected(f"the {what} contains control characters")


def check_name(text: str, what: str) -> None:
    check_text(text, what, MAX_NAME)
    if text != text.strip():
        raise Rejected(f"the {what} starts or ends with spaces")
    if not any(c.isalpha() for c in text):
        raise Rejected(f"the {what} {text!r} has no letters")


# -- the town's view ------------------------------------------------------------------------
def free_beds(sim: Simulation, home: str) -> list[int]:
    """Beds in a home that no villager calls their own."""
    taken = {v.bed for v in sim.villagers if v.bed is not None}
    return [o.oid for o in sim.town.map.objects_in(home, use="sleep") if o.oid not in taken]


def open_jobs(sim: Simulation, catalog: Catalog) -> list[tuple[str, int]]:
    """(workplace, open slots) for buildings that still hire, emptiest first (newcomers spread out)."""
    out = []
    for sector in sim.town.map.sectors.values():
        btype = catalog.get(sector.building_type)
        if btype is None or not btype.jobs:
            continue
        workers = sum(1 for v in sim.villagers if v.workplace == sector.name)
        if btype.slots > workers:
            out.append((sector.name, btype.slots - workers, workers))
    return [(name, free) for name, free, _ in sorted(out, key=lambda j: (j[2], -j[1], j[0]))]


def building_name(sim: Simulation, btype: BuildingType) -> str:
    for name in btype.names:
        if name not in sim.town.map.sectors:
            return name
    n = 1 + len(sim.town.map.sectors_of(btype.kind))
    while f"{btype.label} {n}" in sim.town.map.sectors:
        n += 1
    return f"{btype.label} {n}"


# -- validation -----------------------------------------------------------------------------
def validate(sim: Simulation, catalog: Catalog, economy: Economy, action: Action) -> None:
    """Raise Rejected with a reason if the action cannot be done now."""
    if isinstance(action, Build):
        btype = catalog.get(action.building_type)
        if btype is None:
            raise Rejected(f"unknown building type {action.building_type!r}; "
                           f"choose one of {', '.join(sorted(catalog.types))}")
        col, row = action.lot
        if action.lot not in sim.town.map.lots:
            cols, rows = sim.town.map.grid_size
            raise Rejected(f"lot {col},{row} is outside the grid of lots (x goes from 1 to {cols}, y from 1 to {rows})")
        holder = next((s.name for s in sim.town.map.sectors.values() if s.lot == action.lot), None)
        if holder is not None:
            raise Rejected(f"lot {col},{row} is taken by {holder}")
        if action.name:
            check_name(action.name, "building name")
            if action.name in sim.town.map.sectors:
                raise Rejected(f"there is already a building named {action.name}")
        if not btype.prefab.exists():
            raise Rejected(f"the {btype.kind} prefab {btype.prefab} is missing; run maps/make_town.py")
        if economy.treasury < btype.cost:
            raise Rejected(f"a {btype.kind} costs {btype.cost} and the treasury has {economy.treasury}")
    elif isinstance(action, Recruit):
        check_name(action.name, "name")
        key = action.name.lower()
        if any(v.name.lower() == key for v in sim.villagers):
            raise Rejected(f"{action.name} already lives in town; choose another name")
        check_text(action.bio, "bio", MAX_TEXT)
        check_text(action.goal, "goal", MAX_TEXT)
        home = sim.town.sector(action.home)
        if home is None:
            raise Rejected(f"there is no building named {action.home!r}")
        if home.building_type not in HOMES:
            raise Rejected(f"{action.home} is a {home.building_type}, not a home or apartment")
        if not free_beds(sim, action.home):
            raise Rejected(f"{action.home} has no free bed")
        if economy.treasury < catalog.recruit_cost:
            raise Rejected(f"recruiting costs {catalog.recruit_cost} and the treasury has {economy.treasury}")


# -- applying -------------------------------------------------------------------------------
def apply(sim: Simulation, catalog: Catalog, economy: Economy, action: Action) -> Outcome:
    """Do a validated action."""
    if isinstance(action, Build):
        return _build(sim, catalog, economy, action)
    if isinstance(action, Recruit):
        return _recruit(sim, catalog, economy, action)
    return Outcome("did nothing")


def _build(sim: Simulation, catalog: Catalog, economy: Economy, action: Build) -> Outcome:
    btype = catalog.types[action.building_type]
    name = action.name or building_name(sim, btype)
    try:
        sector = sim.town.map.stamp_prefab(btype.prefab, action.lot, name)
    except MapError as exc:
        raise Rejected(f"cannot place the {btype.kind}: {exc}") from None
    sim.town.map_changed()
    economy.transfer(sim, TREASURY, OUTSIDE, btype.cost, "construction", name)
    _reroute(sim, sector.rect)
    col, row = action.lot
    text = f"{name} ({btype.label.lower()}) opened on lot {col},{row}"
    sim.log("build", text, sector.rect.center)
    notice = f"A new {btype.label.lower()}, {name}, opened in town on lot {col},{row}: {btype.about}"
    _tell_everyone(sim, notice, name)
    lot = sim.town.map.lots[action.lot].rect
    built = {"type": btype.kind, "name": name, "lot": [col, row], "prefab": str(btype.prefab),
             "rect": [lot.x, lot.y, lot.w, lot.h], "sector": [sector.rect.x, sector.rect.y, sector.rect.w,
                                                             sector.rect.h]}
    return Outcome(text, built)


def _reroute(sim: Simulation, rect: Rect) -> None:
    """Villagers standing on or walking through the new building find their way again."""
    for v in sim.villagers:
        if not sim.town.grid.walkable(*v.tile):
            v.tile = v.prev_tile = _nearest_walkable(sim, v.tile)
        ahead = v.path[v.path_index:]
        if v.walking and any(rect.contains(*t) for t in ahead) and v.task is not None:
            sim.start_task(v, v.task)


def _nearest_walkable(sim: Simulation, tile: tuple[int, int]) -> tuple[int, int]:
    x, y = tile
    for r in range(1, max(sim.town.map.width, sim.town.map.height)):
        for dx in range(-r, r + 1):
            for dy in (-r, r) if abs(dx) != r else range(-r, r + 1):
                if sim.town.grid.walkable(x + dx, y + dy):
                    return (x + dx, y + dy)
    return tile


def _tell_everyone(sim: Simulation, text: str, subject: str) -> None:
    for v in sim.villagers:
        sim.mind.remember(sim, v, "event", text, sim.clock.seconds, subject=subject)


def _recruit(sim: Simulation, catalog: Catalog, economy: Economy, action: Recruit) -> Outcome:
    bed = free_beds(sim, action.home)[0]
    jobs = open_jobs(sim, catalog)
    workplace = jobs[0][0] if jobs else None
    job = None
    if workplace is not None:
        wtype = catalog.types[sim.town.map.sectors[workplace].building_type]
        job = wtype.jobs[0]
    start = job.hours[0] if job else 9 * 60
    persona = Persona(
        name=action.name,
        age=30,
        traits=("new in town",),
        occupation=f"{job.title} at {workplace}" if job else "newcomer looking for work",
        workplace=sim.town.map.sectors[workplace].building_type if workplace else None,
        work=job.hours if job else None,
        wake=max(0, start - 90),
        sleep=22 * 60 + 30,
        lifestyle="new in town, finding their feet",
        goals=(action.goal,),
        household="Newcomers",
        backstory=action.bio,
    )
    economy.transfer(sim, TREASURY, OUTSIDE, catalog.recruit_cost, "recruiting", action.home)
    v = sim.add_villager(persona, action.home, bed, tile=_edge_near(sim, action.home))
    v.workplace = workplace
    v.cash = 0
    economy.transfer(sim, OUTSIDE, v, catalog.newcomer_savings, "savings", action.home)
    text = f"{v.name} moved to town to live at {action.home}" + (f" and work at {workplace}" if workplace else "")
    sim.log("recruit", text, v.tile)
    _welcome(sim, v, action)
    return Outcome(text)


def _edge_near(sim: Simulation, home: str) -> tuple[int, int]:
    edges = [s.tile for s in sim.town.map.spawns if s.kind == "edge"]
    hx, hy = sim.town.map.sectors[home].rect.center
    return min(edges, key=lambda t: (abs(t[0] - hx) + abs(t[1] - hy), t))


def _welcome(sim: Simulation, v: Villager, action: Recruit) -> None:
    now = sim.clock.seconds
    remember = sim.mind.remember
    remember(sim, v, "event", f"I just moved to {sim.town.name}. {action.bio}", now, importance=7, subject=v.name)
    remember(sim, v, "thought", f"My goal here: {action.goal}", now, importance=6, subject=v.name)
    for other in sim.villagers:
        if other is not v:
            remember(sim, other, "event", f"{v.name} moved into {action.home}. {action.bio}", now, subject=v.name)
