"""The living town: map, walkable grid and routes, and who is using which object."""

from __future__ import annotations

import random

from game.world.routes import Grid, RouteCache, Tile
from game.world.tilemap import GameObject, Sector, TownMap

# What an object shows while someone uses it ("bed: occupied").
OBJECT_STATE = {
    "sleep": "occupied",
    "eat": "in use",
    "cook": "cooking",
    "coffee": "brewing coffee",
    "work": "in use",
    "shop": "being browsed",
    "relax": "occupied",
    "read": "being read",
    "exercise": "in use",
    "study": "in use",
    "play": "being played",
    "wash": "in use",
}
# When a place has no object of the wanted use, these stand in (a cafe worker "works" at the counter).
FALLBACK_USES = {
    "work": ("work", "coffee", "shop", "cook", "read", "study", "exercise", "relax", "eat"),
    "eat": ("eat", "coffee", "cook", "relax"),
    "coffee": ("coffee", "eat", "relax"),
    "cook": ("cook", "eat"),
    "relax": ("relax", "read", "eat"),
    "read": ("read", "relax", "work"),
    "shop": ("shop", "work"),
    "wash": ("wash", "relax"),
    "play": ("play", "relax", "work"),
    "exercise": ("exercise", "relax"),
    "study": ("study", "read", "work"),
    "sleep": ("sleep", "relax"),
}


class Town:
    """Map plus the state that changes while villagers live in it."""

    def __init__(self, town_map: TownMap) -> None:
        self.map = town_map
        self.grid = Grid(town_map.blocked)
        self.routes = RouteCache(self.grid)
        self.users: dict[int, set[int]] = {}
        self._by_sector: dict[str, list[GameObject]] = {}
        self._index()

    def _index(self) -> None:
        self._by_sector = {}
        for obj in self.map.objects:
            self._by_sector.setdefault(obj.sector, []).append(obj)

    def map_changed(self) -> None:
        """Call after a building is placed: new grid, routes forgotten, objects re-indexed."""
        self.grid = Grid(self.map.blocked)
        self.routes.reset(self.grid)
        self._index()

    @property
    def name(self) -> str:
        return self.map.name

    def sector(self, name: str) -> Sector | None:
        return self.map.sectors.get(name)

    def objects_of(self, sector: str) -> list[GameObject]:
        return self._by_sector.get(sector, [])

    def object(self, oid: int) -> GameObject:
        return self.map.objects[oid]

    def free(self, obj: GameObject) -> bool:
        return len(self.users.get(obj.oid, ())) < obj.capacity

    def pick_object(
        self, sector: str, use: str, rng: random.Random, prefer: int | None = None, name: str | None = None
    ) -> GameObject | None:
        """An object in sector for this use with room left; the preferred one (own bed) first."""
        objs = self.objects_of(sector)
        if not objs:
            return None
        if prefer is not None and 0 <= prefer < len(self.map.objects):
            mine = self.map.objects[prefer]
            if mine.sector == sector and mine.use == use:
                return mine
        for wanted in FALLBACK_USES.get(use, (use,)):
            found = [o for o in objs if o.use == wanted and (name is None or o.name == name)]
            if not found and name is not None:
                found = [o for o in objs if o.use == wanted]
            free = [o for o in found if self.free(o)]
            if free:
                return free[rng.randrange(len(free))]
            if found and wanted == use:
                return found[rng.randrange(len(found))]
        return None

    def any_tile_in(self, sector: str, rng: random.Random) -> Tile | None:
        sec = self.map.sectors.get(sector)
        if sec is None:
            return None
        rect = sec.rect
        for _ in range(40):
            x = rect.x + rng.randrange(rect.w)
            y = rect.y + rng.randrange(rect.h)
            if self.grid.in_main_area(x, y):  # never a nook walled in by furniture: nobody could walk there
                return (x, y)
        return None

    def occupy(self, oid: int, vid: int) -> None:
        self.users.setdefault(oid, set()).add(vid)

    def release(self, oid: int, vid: int) -> None:
        users = self.users.get(oid)
        if users is not None:
            users.discard(vid)
            if not users:
                del self.users[oid]

    def object_state(self, oid: int) -> str:
        obj = self.map.objects[oid]
        if self.users.get(oid):
            return OBJECT_STATE.get(obj.use, "in use")
        return "idle"

    def object_states(self) -> dict[int, str]:
        return {oid: self.object_state(oid) for oid in self.users}
