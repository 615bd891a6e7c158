"""A generated city: K x K districts, each a 4 x 4 grid of lots, stamped from the town's prefabs.

Every district gets a park, a water garden (a pond plan in ``plans/city/``), homes enough for
its share of the population, workplaces (every workplace type appears in the city) and one
lot for sale for the mayor. Lots carry the global ``col`` and ``row`` of the city's grid and
the ``district`` they belong to, so the game's lot grid works per district. Streets leave
the map in the middle of every district's side; woods fill the margin.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from game.contracts import HOME_TYPES, LOT_H, LOT_W, ROOF_COLOURS
from game.world.prefab import MapError, MapObject, TileMap, stamp
from maps.generator.lots import for_sale
from maps.generator.prefab import PLANS_DIR, compile_prefab, load_plan
from maps.generator.streets import STREET, Cells, StreetGrid
from maps.generator.terrain import hash01, value_noise, wild_grass

DISTRICT_LOTS = 4
MARGIN = 6
CITY_NAME = "Lanternfield"
SEED = 2417
DISTRICTS = 3
POPULATION = 600
BEDS = {"home": 4, "apartment": 12}
WORKPLACES = ("cafe", "restaurant", "store", "office", "gym", "library", "school")

_DISTRICT_NAMES = ("Ashgate", "Millbrook", "Heronmere", "Cobblewick", "Larkhill", "Tannersford",
                   "Saltbury", "Fernside", "Rookfield", "Elderholm", "Quarrydown", "Willowend",
                   "Kingsreach", "Oakhollow", "Marshgate", "Birchwick")
_WORDS = {
    "tree": ("Birch", "Rowan", "Alder", "Hazel", "Linden", "Maple", "Elder", "Holly", "Juniper",
             "Sycamore", "Walnut", "Quince", "Medlar", "Hornbeam", "Larch", "Aspen"),
    "bird": ("Wren", "Starling", "Heron", "Kestrel", "Finch", "Lapwing", "Plover", "Siskin",
             "Curlew", "Swift", "Magpie", "Linnet", "Dunnock", "Nuthatch", "Redstart", "Bittern"),
    "flower": ("Foxglove", "Bluebell", "Campion", "Yarrow", "Clover", "Tansy", "Sorrel", "Vetch",
               "Marigold", "Primrose", "Cowslip", "Teasel", "Burdock", "Chicory", "Meadowsweet"),
    "adj": ("Copper", "Brass", "Lantern", "Velvet", "Amber", "Saffron", "Cinder", "Silver",
            "Juniper", "Tin", "Honey", "Paper", "Slate", "Rusty", "Indigo", "Pewter"),
    "thing": ("Kettle", "Spoon", "Teacup", "Windmill", "Compass", "Anchor", "Lantern", "Bellows",
              "Thimble", "Weathervane", "Teapot", "Satchel", "Ladle", "Bobbin", "Millwheel"),
    "animal": ("Fox", "Badger", "Otter", "Hare", "Stag", "Heron", "Owl", "Boar", "Pike", "Wolf",
               "Mole", "Stoat", "Goose", "Ram"),
    "surname": ("Ashby", "Brannock", "Collier", "Dunmore", "Everard", "Fairweather", "Goodfellow",
                "Halloran", "Inchbald", "Jessop", "Kettering", "Loveday", "Merriman", "Nettleship",
                "Oddie", "Pardoe", "Quennell", "Rainbird", "Seddon", "Tolley", "Underhill",
                "Varley", "Winstanley", "Yeoman"),
}
_PATTERNS = {
    "home": ("{tree} Cottage", "{flower} House", "{bird}'s Rest", "{tree} Nook", "{flower} Lodge"),
    "apartment": ("{bird} Court", "{tree} Row Apartments", "{surname} Mansions", "{flower} Terrace",
                  "{district} Flats"),
    "cafe": ("The {adj} {thing} Cafe", "{thing} & {thing} Coffee House", "{adj} {bird} Cafe"),
    "restaurant": ("The {adj} {animal}", "{surname}'s Dining Rooms", "{animal} & {thing} Bistro"),
    "store": ("{surname}'s General Store", "{district} Grocer", "The {adj} {thing} Store"),
    "office": ("{surname} & {surname} Office", "{adj} {thing} Works", "{district} Ledger House"),
    "gym": ("{district} Fitness Hall", "Iron {animal} Gym", "{adj} {animal} Gym"),
    "library": ("{district} Library", "{surname} Reading Rooms", "{tree} Street Library"),
    "school": ("{district} School", "{tree} Primary School", "{surname} Academy"),
    "park": ("{district} Green", "{flower} Park", "{tree} Gardens"),
    "water": ("{district} Water Garden", "{bird} Pond Garden", "{flower} Mere"),
}


@dataclass(frozen=True)
class District:
    """One district: its name, its place in the city's grid of districts, and what stands on each lot."""

    name: str
    col: int
    row: int
    lots: tuple[str, ...]  # 16 kinds, row by row: a building type, "water" or "free"


MAX_DISTRICTS = 16  # a side: 256 districts, about 2,000 by 1,400 tiles, room for 30,000 villagers


def programme(districts: int, population: int, rng: random.Random) -> list[District]:
    """What each district holds: homes for its share of the population, then workplaces.

    Apartments house twelve, homes four; every district keeps a park, a water garden and
    a lot for sale; the rest are workplaces, dealt out so that every type is in the city.
    """
    if not 1 <= districts <= MAX_DISTRICTS:
        raise MapError(f"a city has 1 to {MAX_DISTRICTS} districts a side, not {districts}")
    share = math.ceil(population / districts**2)
    flats, rest = divmod(share, BEDS["apartment"])
    homes = math.ceil(rest / BEDS["home"])
    if homes >= 3:
        flats, homes = flats + 1, 0
    jobs_lots = DISTRICT_LOTS**2 - flats - homes - 3
    if jobs_lots < 2 or jobs_lots * districts**2 < len(WORKPLACES):
        raise MapError(f"{population} villagers do not fit {districts}x{districts} districts "
                       "with room for workplaces: use more districts")
    names = _district_names(districts, rng)
    out = []
    dealt = 0
    for i in range(districts**2):
        work = [WORKPLACES[(dealt + k) % len(WORKPLACES)] for k in range(jobs_lots)]
        dealt += jobs_lots
        kinds = ["apartment"] * flats + ["home"] * homes + work + ["park", "water", "free"]
        rng.shuffle(kinds)
        out.append(District(names[i], i % districts + 1, i // districts + 1, tuple(kinds)))
    return out


def _district_names(count: int, rng: random.Random) -> list[str]:
    names = list(_DISTRICT_NAMES)
    rng.shuffle(names)
    while len(names) < count**2:
        names.append(f"{names[len(names) % len(_DISTRICT_NAMES)]} {len(names) // len(_DISTRICT_NAMES) + 1}")
    return names[: count**2]


class Namer:
    """Unique building names from word patterns (the district's name among the words)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def name(self, kind: str, district: str) -> str:
        for _ in range(60):
            text = self.rng.choice(_PATTERNS[kind]).replace("{district}", district)
            for key, pool in _WORDS.items():
                while "{" + key + "}" in text:
                    text = text.replace("{" + key + "}", self.rng.choice(pool), 1)
            if text not in self.taken:
                self.taken.add(text)
                return text
        text = f"{district} {kind.title()} {len(self.taken) + 1}"
        self.taken.add(text)
        return text


def build_city(prefabs: dict[str, TileMap], districts: int = DISTRICTS,
               population: int = POPULATION, seed: int = SEED) -> TileMap:
    """The city map: streets, woods, and every district's lots stamped or left for sale."""
    rng = random.Random(seed)
    plan = programme(districts, population, rng)
    lots_a_side = districts * DISTRICT_LOTS
    grid = StreetGrid(MARGIN, MARGIN, lots_a_side, lots_a_side)
    width, height = grid.x1 + MARGIN, grid.y1 + MARGIN
    city = TileMap.blank(width, height, {
        "name": CITY_NAME, "lot_width": LOT_W, "lot_height": LOT_H, "street_width": STREET,
        "districts": districts, "population": population,
        "layout": f"{districts}x{districts} districts of {DISTRICT_LOTS}x{DISTRICT_LOTS} lots of "
                  f"{LOT_W}x{LOT_H} tiles between {STREET}-tile streets; grid top-left at "
                  f"({MARGIN},{MARGIN}); see maps/generator/city.py"})
    exits = [DISTRICT_LOTS * d + DISTRICT_LOTS // 2 for d in range(districts)]
    vertical, horizontal = grid.cells()
    for k in exits:
        vertical.update((grid.street_xs[k] + i, y) for i in range(STREET)
                        for y in [*range(0, MARGIN), *range(grid.y1, height)])
        horizontal.update((x, grid.street_ys[k] + j) for j in range(STREET)
                          for x in [*range(0, MARGIN), *range(grid.x1, width)])
    streets = vertical | horizontal
    for y in range(height):
        for x in range(width):
            tile = grid.tile(x, y, vertical, horizontal) if (x, y) in streets else wild_grass(seed, x, y)
            city.set("ground", x, y, tile)
    _woods(city, grid, streets, seed)
    grid.lamps(city)
    water_garden = compile_prefab(load_plan(PLANS_DIR / "city" / "water_garden.json"))
    namer = Namer(rng)
    for district in plan:
        for i, kind in enumerate(district.lots):
            col = (district.col - 1) * DISTRICT_LOTS + i % DISTRICT_LOTS + 1
            row = (district.row - 1) * DISTRICT_LOTS + i // DISTRICT_LOTS + 1
            lx, ly = grid.lot_origin(col, row)
            lot = MapObject(f"lot {col},{row}", lx, ly, LOT_W, LOT_H,
                            {"col": col, "row": row, "district": district.name})
            city.groups["lots"].append(lot)
            if kind == "free":
                for_sale(city, lot, seed)
                continue
            prefab = water_garden if kind == "water" else prefabs[kind]
            roof = rng.choice(ROOF_COLOURS) if kind in HOME_TYPES else None
            stamp(prefab, city, lot, namer.name(kind, district.name), mirror=rng.random() < 0.5, roof=roof)
    for k in exits:
        x = grid.street_xs[k] + 1.5
        y = grid.street_ys[k] + 1.5
        for name, sx, sy in ((f"north road {k}", x, 0.5), (f"south road {k}", x, height - 0.5),
                             (f"west road {k}", 0.5, y), (f"east road {k}", width - 0.5, y)):
            city.groups["spawns"].append(MapObject(name, sx, sy, props={"kind": "edge"}, point=True))
    middle = lots_a_side // 2
    city.groups["spawns"].append(MapObject("city crossroads", grid.street_xs[middle] + STREET - 0.5,
                                           grid.street_ys[middle] + STREET - 0.5,
                                           props={"kind": "plaza"}, point=True))
    return city


def _woods(city: TileMap, grid: StreetGrid, streets: Cells, seed: int) -> None:
    """Trees, pines and bushes in the margin round the grid, off the roads and their verges."""
    # Trunks never stand side by side, not even corner to corner, so they wall in no pocket.
    verge = {(x + dx, y + dy) for x, y in streets for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
    trunks: set[tuple[int, int]] = set()
    for y in range(1, city.height):
        for x in range(city.width):
            inside = grid.x0 <= x < grid.x1 and grid.y0 - 1 <= y < grid.y1
            if inside or (x, y) in verge or (x, y - 1) in verge:
                continue
            if hash01(seed + 5, x, y) > 0.25 + 0.3 * value_noise(seed + 9, x, y, 6.0):
                continue
            if any((x + dx, y + dy) in trunks for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                continue
            pick = hash01(seed + 7, x, y)
            if pick < 0.45:
                trunk, crown = ("tree_trunk", "tree_top")
            elif pick < 0.8:
                trunk, crown = ("pine_trunk", "pine_top")
            else:
                trunk, crown = ("bush", None)
            city.set("furniture", x, y, trunk)
            if crown:
                city.set("above", x, y - 1, crown)
            trunks.add((x, y))
