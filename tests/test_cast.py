"""Generated casts: seeded households in real beds, jobs at the map's workplaces, varied people.

Beyond the 16 written villagers, ``--agents N`` fills free beds with generated households.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

import main
from game.agents.cast import FLAT_BEDS, REASONS
from game.contracts import HOME_TYPES
from game.mayor import load_catalog
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.sim.setup import grow_town
from game.world.tilemap import TownMap

ROOT = Path(__file__).resolve().parents[1]
CITY_MAP = TownMap(ROOT / "maps" / "city.tmx")
WRITTEN = 16
CATALOG = load_catalog()


def city_town(agents: int, seed: int) -> Simulation:
    """The city with the written cast, grown to ``agents`` villagers (the map is shared, never changed)."""
    sim = Simulation(CITY_MAP, agents=WRITTEN, seed=seed, mind=RoutineMind())
    assert grow_town(sim, agents, CATALOG) is None
    return sim


@pytest.fixture(scope="module")
def city() -> Simulation:
    return city_town(400, seed=5)


def test_the_same_seed_gives_the_same_cast_and_another_seed_another() -> None:
    a, b, c = city_town(120, seed=9), city_town(120, seed=9), city_town(120, seed=10)
    state = [(v.persona.get_state(), v.home, v.bed, v.workplace) for v in a.villagers]
    assert state == [(v.persona.get_state(), v.home, v.bed, v.workplace) for v in b.villagers]
    assert [v.name for v in a.villagers[WRITTEN:]] != [v.name for v in c.villagers[WRITTEN:]]


def test_every_villager_has_a_bed_of_their_own_in_their_home(city: Simulation) -> None:
    assert len(city.villagers) == 400
    beds = [v.bed for v in city.villagers]
    assert None not in beds and len(set(beds)) == len(beds)
    for v in city.villagers:
        bed = city.town.object(v.bed)
        assert bed.use == "sleep" and bed.sector == v.home
        assert city.town.map.sectors[v.home].building_type in HOME_TYPES


def test_households_share_a_home_and_a_flat(city: Simulation) -> None:
    households: dict[str, list] = {}
    for v in city.villagers[WRITTEN:]:
        households.setdefault(v.persona.household, []).append(v)
    sizes = Counter(len(m) for m in households.values())
    assert sizes[1] and sizes[2] and sizes[3], "people alone, couples and families of three or more"
    for members in households.values():
        assert len({v.home for v in members}) == 1
        home = members[0].home
        if city.town.map.sectors[home].building_type == "apartment":
            beds = [o.oid for o in city.town.map.objects_in(home, use="sleep")]
            assert len({beds.index(v.bed) // FLAT_BEDS for v in members}) == 1, "one flat per household"
        for v in members:
            for other in members:
                if other is not v:
                    assert other.name in v.persona.knows, f"{v.name} does not know {other.name}"
    kinds = Counter(rel for v in city.villagers[WRITTEN:] for rel in v.persona.knows.values())
    assert kinds["partner"] and kinds["flatmate"] and kinds["parent"] and kinds["their child"]
    assert any(r.startswith("neighbour at") for r in kinds) and any(r.startswith("colleague at") for r in kinds)


def test_every_villager_works_at_a_real_workplace_or_has_a_reason_not_to(city: Simulation) -> None:
    jobs = {b.kind: {j.title: j.hours for j in b.jobs} for b in CATALOG.types.values()}
    staff: Counter[str] = Counter()
    for v in city.villagers[WRITTEN:]:
        p = v.persona
        if v.workplace is None:
            assert p.workplace is None and p.work is None
            assert any(reason in p.occupation for reason in REASONS), p.occupation
            continue
        sector = city.town.map.sectors[v.workplace]
        assert sector.building_type == p.workplace and p.occupation.endswith(f" at {v.workplace}")
        title = p.occupation.removesuffix(f" at {v.workplace}")
        if title in jobs[p.workplace]:
            assert p.work == jobs[p.workplace][title], "the catalog's shift for that job"
            staff[v.workplace] += 1
        else:
            assert title.startswith(("pupil", "student")), title
        assert p.wake < p.work[0], "up before work"
    for name, count in staff.items():
        assert count <= CATALOG.types[city.town.map.sectors[name].building_type].slots, name
    reasons = Counter(next(r for r in REASONS if r in v.persona.occupation)
                      for v in city.villagers[WRITTEN:] if v.workplace is None)
    assert reasons["retired"] and sum(staff.values()) > 100
    ages = [v.persona.age for v in city.villagers[WRITTEN:]]
    assert min(ages) < 12 and max(ages) > 67


def test_two_generated_villagers_rarely_read_alike(city: Simulation) -> None:
    people = city.villagers[WRITTEN:]
    names = {w.lower() for v in city.villagers for w in v.name.split()}
    texts = [v.persona.describe() for v in people]
    assert len(set(texts)) == len(texts) and len({v.name for v in city.villagers}) == len(city.villagers)
    words = [set(re.findall(r"[a-z'-]+", t.lower())) - names for t in texts]
    overlap = [len(a & b) / len(a | b) for a, b in itertools.combinations(words, 2)]
    assert sum(overlap) / len(overlap) < 0.3, "on average two villagers share under 30% of their words"
    assert sum(o > 0.5 for o in overlap) / len(overlap) < 0.01, "fewer than 1 pair in 100 share over half"
    assert len({v.persona.backstory for v in people}) > 0.95 * len(people)
    assert len({v.persona.goals for v in people}) > 0.95 * len(people)


def test_the_town_caps_the_cast_at_its_beds_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=WRITTEN, seed=1, mind=RoutineMind())
    note = grow_town(sim, 40, CATALOG)
    beds = sum(1 for o in sim.town.map.objects if o.use == "sleep")
    assert len(sim.villagers) == beds == 24
    assert note and "beds for 24 villagers, not 40" in note and "\n" not in note
    assert main.main(["--headless", "--agents", "30", "--days", "0.001", "--mind", "routine"]) == 0
    err = capsys.readouterr().err
    assert err.count("beds for 24 villagers, not 30") == 1
