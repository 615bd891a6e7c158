"""The simulation: one step advances the clock ten game seconds and every villager with it."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.agents.converse import Invitation
from game.agents.persona import Persona, extra_persona, load_cast
from game.agents.routine import Places, RoutineMind
from game.agents.schedule import Task
from game.agents.villager import Villager
from game.clock import Clock, GameTime
from game.codec import decode, encode
from game.protocols import Component, Mind
from game.resources import resource
from game.sim.snapshot import EventView, Snapshot, VillagerView
from game.world.economy import Economy
from game.world.tilemap import TownMap
from game.world.town import Town

DEFAULT_MAP = resource("maps/town.tmx")
SHEETS = 16


@dataclass(frozen=True)
class Event:
    """One line of the town log; saved as a row [step, seconds, kind, text, tile]."""

    __state_row__ = True
    step: int
    seconds: int
    kind: str
    text: str
    tile: tuple[int, int] | None = None


@dataclass(frozen=True)
class SavedTown:
    """Everything that changes while the town lives, as the state codec writes and reads it (see game/save).

    ``object`` marks a part whose owner checks it as it loads it: the mind and the components.
    """

    seed: int
    rng: tuple[int, tuple[int, ...], float | None]
    clock: Clock
    villagers: list[Villager]
    users: dict[int, list[int]]
    routes: dict[str, Any]  # the route cache's own state (game/world/routes.py)
    time_use: dict[int, dict[str, int]]
    events: list[Event]
    mind: object
    components: dict[str, object]


class Simulation:
    """Owns the town, the villagers, the clock and the one seeded random generator."""

    def __init__(
        self,
        town_map: TownMap | None = None,
        agents: int | None = None,
        seed: int = 1,
        mind: Mind | None = None,
        cast: list[Persona] | None = None,
    ) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.town = Town(town_map or TownMap(DEFAULT_MAP))
        self.clock = Clock()
        self.mind: Mind = mind or RoutineMind()
        self.villagers: list[Villager] = []
        self.events: deque[Event] = deque(maxlen=300)
        self.time_use: dict[int, dict[str, int]] = {}
        self._views: dict[int, tuple[tuple, VillagerView]] = {}  # the last published picture of each villager
        self._nearest_cache: dict[tuple[str, str, int], str | None] = {}
        #: Called after every step with (sim, now): the economy, the mayor, autosave hook in here.
        self.step_hooks: list[Callable[[Simulation, GameTime], None]] = []
        #: Called with (sim, villager, object id) when a villager starts using an object.
        self.use_hooks: list[Callable[[Simulation, Villager, int], None]] = []
        #: Called with (sim, invitation, teller, listener) when an invitation is passed on in a conversation.
        self.tell_hooks: list[Callable[[Simulation, Invitation, str, str], None]] = []
        #: Named parts added by later systems (economy, mayor): saved with get_state()/set_state()
        #: and, if they have report_extras(sim), reported by headless runs.
        self.components: dict[str, Component] = {}
        people = list(cast if cast is not None else load_cast())
        count = len(people) if agents is None else agents
        extras_rng = random.Random(seed * 7919 + 11)
        while len(people) < count:
            people.append(extra_persona(len(people), extras_rng))
        self._populate(people[:count])

    # -- setup -------------------------------------------------------------
    def _populate(self, people: list[Persona]) -> None:
        homes = sorted(self.town.map.sectors_of("home", "apartment"), key=lambda s: (s.building_type, s.name))
        if not homes:
            raise ValueError(f"{self.town.map.path}: the map has no home or apartment to live in")
        beds_free = {h.name: [o.oid for o in self.town.map.objects_in(h.name, use="sleep")] for h in homes}
        households: dict[str, list[Persona]] = {}
        for p in people:
            households.setdefault(p.household or p.name, []).append(p)
        houses = [h for h in homes if h.building_type == "home"]
        flats = [h for h in homes if h.building_type == "apartment"]
        for hh_name, members in households.items():
            prefer = flats if hh_name in ("Apartments", "Newcomers") else houses
            order = prefer + [h for h in homes if h not in prefer]
            home = next((h for h in order if len(beds_free[h.name]) >= len(members)), None)
            if home is None:
                home = max(homes, key=lambda h: len(beds_free[h.name]))
            for p in members:
                self.add_villager(p, home.name, beds_free[home.name].pop(0) if beds_free[home.name] else None)

    def add_villager(
        self, persona: Persona, home: str, bed: int | None, tile: tuple[int, int] | None = None
    ) -> Villager:
        vid = len(self.villagers)
        if tile is None:
            if bed is not None:
                tile = self.town.object(bed).use_tiles[0]
            else:
                tile = self.town.any_tile_in(home, self.rng) or self.town.map.spawns[0].tile
        work = self._workplace_for(persona, home)
        v = Villager(vid, persona, vid % SHEETS, tile, home, work, bed)
        v.prev_tile = tile
        v.place = self.town.map.describe_tile(*tile)
        self.villagers.append(v)
        self.time_use[vid] = {}
        return v

    def _nearest(self, building_type: str, near: str) -> str | None:
        """The nearest building of a type to a place; remembered until the map changes (every villager of a
        city asks for their cafe, store and park each morning)."""
        key = (building_type, near, self.town.map.version)
        if key not in self._nearest_cache:
            if self._nearest_cache and next(iter(self._nearest_cache))[2] != key[2]:
                self._nearest_cache.clear()
            self._nearest_cache[key] = self._find_nearest(building_type, near)
        return self._nearest_cache[key]

    def _find_nearest(self, building_type: str, near: str) -> str | None:
        options = self.town.map.sectors_of(building_type)
        if not options:
            return None
        home = self.town.sector(near)
        if home is None:
            return options[0].name
        hx, hy = home.rect.center
        return min(options, key=lambda s: (abs(s.rect.center[0] - hx) + abs(s.rect.center[1] - hy), s.name)).name

    def _workplace_for(self, persona: Persona, home: str) -> str | None:
        if not persona.workplace:
            return None
        return self._nearest(persona.workplace, home) or self._nearest("office", home)

    def places_for(self, v: Villager) -> Places:
        other = {}
        for btype in ("restaurant", "gym", "library", "school"):
            found = self._nearest(btype, v.home)
            if found:
                other[btype] = found
        return Places(
            home=v.home,
            work=v.workplace,
            cafe=self._nearest("cafe", v.home),
            store=self._nearest("store", v.home),
            park=self._nearest("park", v.home),
            other=other,
        )

    # -- the step ------------------------------------------------------------
    @property
    def now(self) -> GameTime:
        return self.clock.now

    def log(self, kind: str, text: str, tile: tuple[int, int] | None = None) -> None:
        self.events.append(Event(self.clock.steps, self.clock.seconds, kind, text, tile))

    def step(self) -> None:
        now = self.clock.tick()
        minute = now.second_of_day // 60
        new_minute = now.second_of_day % 60 == 0
        for v in self.villagers:
            if v.plan is None or v.plan.day != now.day:
                v.plan = self.mind.plan_day(self, v, now)
            if v.conversation is None and not v.chatting_with_player:
                task = self.mind.task_at(self, v, minute)
                if task != v.task:
                    self.start_task(v, task)
                if v.step_along():
                    if not v.walking:
                        self._arrive(v)
                else:
                    v.prev_tile = v.tile
            else:
                v.prev_tile = v.tile
            if new_minute:
                # Time is counted by plan category: a barista brewing coffee is working.
                category = v.plan.item_at(minute).use if v.plan and v.plan.items else v.use
                activity = "walk" if v.walking else ("talk" if v.conversation is not None else category)
                v.vitals.advance(1.0, activity)
                uses = self.time_use[v.vid]
                uses[activity] = uses.get(activity, 0) + 1
        self.mind.step(self, now)
        for hook in self.step_hooks:
            hook(self, now)

    def start_task(self, v: Villager, task: Task) -> None:
        held = v.using
        if v.using is not None:
            self.town.release(v.using, v.vid)
            v.using = None
        v.task = task
        place = task.place if self.town.sector(task.place) else v.home
        # One's own bed; else the object in hand while the kind of use stays (no walk to the next sofa).
        prefer = v.bed if task.use == "sleep" and place == v.home else held
        obj = self.town.pick_object(place, task.use, self.rng, prefer=prefer, name=task.object_name)
        if obj is not None:
            tiles = obj.use_tiles
            if task.use == "sleep":
                # Lie with the head on the pillow: the top row of the bed.
                top = min(t[1] for t in tiles)
                tiles = tuple(t for t in tiles if t[1] == top)
            target = tiles[(v.vid + len(self.town.users.get(obj.oid, ()))) % len(tiles)]
            v.target_object = obj.oid
        else:
            target = self.town.any_tile_in(place, self.rng) or v.tile
            v.target_object = None
        v.action = task.description
        v.use = task.use
        route = self.town.routes.route(v.tile, target) if target != v.tile else (v.tile,)
        if route is None:
            # Unreachable (a wall was built on it): stay and do the task where we are.
            route = (v.tile,)
            v.target_object = None
        v.walk(route)
        if not v.walking:
            self._arrive(v)
        else:
            v.place = place

    def whereabouts(self, v: Villager) -> str:
        """Where v is now: the place of their task, or on a walk the place of the tile they are passing (a
        walker's ``place`` is where they are going)."""
        return self.town.map.describe_tile(*v.tile) if v.walking else v.place

    def _arrive(self, v: Villager) -> None:
        if v.target_object is not None:
            self.town.occupy(v.target_object, v.vid)
            v.using = v.target_object
            for hook in self.use_hooks:
                hook(self, v, v.target_object)
        v.place = self.town.map.describe_tile(*v.tile)

    def run_steps(self, steps: int) -> None:
        for _ in range(steps):
            self.step()

    # -- state ---------------------------------------------------------------
    def get_state(self) -> dict:
        """Everything that changes while the town lives, as plain data (see game/save)."""
        return encode(SavedTown(
            seed=self.seed, rng=self.rng.getstate(), clock=self.clock, villagers=self.villagers,
            users={k: sorted(v) for k, v in self.town.users.items()}, routes=self.town.routes.get_state(),
            time_use=self.time_use, events=list(self.events), mind=self.mind.get_state(),
            components={name: c.get_state() for name, c in self.components.items()}))

    def set_state(self, state: dict) -> None:
        self.load(decode(SavedTown, state))

    def load(self, saved: SavedTown) -> None:
        """Put a decoded town in place; the mind and components check their own parts as they load them."""
        self.seed = saved.seed
        self.rng.setstate(saved.rng)
        self.clock.set_state(encode(saved.clock))  # the live clock stays the one everything holds
        self.villagers = list(saved.villagers)
        self.town.users = {k: set(v) for k, v in saved.users.items()}
        self.town.routes.set_state(saved.routes)
        self.time_use = {k: dict(v) for k, v in saved.time_use.items()}
        self.events.clear()
        self.events.extend(saved.events)
        if saved.mind:  # a routine town saves no mind state
            self.mind.set_state(saved.mind)  # the mind checks its own part
        for name, data in saved.components.items():
            if name in self.components:
                self.components[name].set_state(data)

    # -- views -------------------------------------------------------------
    def snapshot(self, speed: str | None = None, message: str = "") -> Snapshot:
        now = self.clock.now
        views = tuple(self._view(v) for v in self.villagers)
        economy = self.components.get("economy")
        events = tuple(
            EventView(e.step, GameTime(e.seconds).clock_text(), e.kind, e.text, e.tile) for e in list(self.events)[-50:]
        )
        return Snapshot(
            step=self.clock.steps,
            seconds=self.clock.seconds,
            clock=str(now),
            date=now.date.strftime("%a %d %b %Y"),
            day=now.day,
            hours=now.hours,
            speed=speed or self.clock.speed,
            villagers=views,
            object_states=tuple(sorted(self.town.object_states().items())),
            events=events,
            map_version=self.town.map.version,
            treasury=economy.treasury if isinstance(economy, Economy) else 0,
            message=message,
        )

    def _view(self, v: Villager) -> VillagerView:
        """The villager's picture, reused while nothing in it changed: a still crowd costs a tuple each."""
        walking = v.walking
        key = (v.vid, v.name, v.sheet, v.tile, v.prev_tile or v.tile, v.facing,
               walking or (v.prev_tile is not None and v.prev_tile != v.tile),
               f"walking to {v.place}" if walking else v.action,
               "walk" if walking else ("talk" if v.conversation is not None else v.use),
               v.place, self.bubble_of(v), self.thinking(v), v.asleep)
        cached = self._views.get(v.vid)
        if cached is not None and cached[0] == key:
            return cached[1]
        view = VillagerView(*key)
        self._views[v.vid] = (key, view)
        return view

    def bubble_of(self, v: Villager) -> str | None:
        return self.mind.bubble(self, v)

    def thinking(self, v: Villager) -> bool:
        return self.mind.thinking(v)

    def villager_named(self, name: str) -> Villager | None:
        key = name.strip().lower()
        for v in self.villagers:
            if v.name.lower() == key or v.persona.first_name.lower() == key:
                return v
        return None

    def villager_report(self, v: Villager) -> dict:
        return {
            "name": v.name,
            "tile": list(v.tile),
            "place": v.place,
            "action": v.action,
            "home": v.home,
            "workplace": v.workplace,
            "time_use": dict(sorted(self.time_use[v.vid].items())),
            **self.mind.villager_report(v),
        }


def map_path_or_default(path: str | None) -> Path:
    return Path(path) if path else DEFAULT_MAP
