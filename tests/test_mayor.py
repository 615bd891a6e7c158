"""Mayor mode: building and recruiting through one validation, the catalog, the rule and LLM mayors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.agents.persona import Persona, load_cast
from game.llm import Endpoint, Ledger, LLMSettings, make_brain
from game.mayor import install_mayor, load_catalog
from game.mayor.actions import free_beds
from game.mayor.office import MayorOffice
from game.save import load_town, save_town
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.sim.headless import run
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer, Reply, answer

MAP = TownMap(DEFAULT_MAP)
# Names and lots read from the generated map, so the tests follow it when it is regenerated.
HOME = MAP.sectors_of("apartment")[0].name
HOUSE = MAP.sectors_of("home")[-1].name
CAFE = MAP.sectors_of("cafe")[0].name
TAKEN = next(s.lot for s in MAP.sectors.values() if s.lot is not None)
FREE = (MAP.free_lots()[0].col, MAP.free_lots()[0].row)


def town(agents: int = 4, kind: str = "none", mind: object | None = None) -> tuple[Simulation, MayorOffice]:
    sim = Simulation(agents=agents, seed=1, mind=mind or RoutineMind())
    return sim, install_mayor(sim, kind)


def fingerprint(sim: Simulation) -> tuple:
    economy = sim.components["economy"]
    return (economy.treasury, len(economy.ledger), sorted(sim.town.map.sectors), len(sim.villagers),
            sim.town.map.version, sim.town.map.blocked.sum(), sorted(v.cash for v in sim.villagers))


def test_catalog_matches_the_prefabs() -> None:
    catalog = load_catalog()
    assert len(catalog.types) >= 8
    for btype in catalog.types.values():
        m = TownMap(DEFAULT_MAP)
        lot = (m.free_lots()[0].col, m.free_lots()[0].row)
        sector = m.stamp_prefab(btype.prefab, lot, "Probe")
        objects = m.objects_in(sector.name)
        assert len([o for o in objects if o.use == "sleep"]) == btype.beds, btype.kind
        for eq in btype.equipment:
            names = {o.name for o in objects if o.use == eq.use}
            assert set(eq.objects) == names, (btype.kind, eq.use)


def test_building_on_a_free_lot_costs_exactly_the_price_and_changes_the_map() -> None:
    sim, office = town()
    economy = sim.components["economy"]
    before, version = economy.treasury, sim.town.map.version
    lot = sim.town.map.free_lots()[0]
    done, text = office.perform(sim, {"action": "Building", "type": "cafe", "position": {"x": lot.col, "y": lot.row}})
    assert done, text
    cost = office.catalog.types["cafe"].cost
    assert economy.treasury == before - cost
    assert economy.ledger[-1].amount == cost and economy.ledger[-1].reason == "construction"
    built = office.built[-1]
    sector = sim.town.map.sectors[built["name"]]
    assert sector.building_type == "cafe" and sector.lot == (lot.col, lot.row)
    assert sim.town.map.version == version + 1
    assert sim.town.objects_of(built["name"]), "the town re-indexed the new objects"
    assert any(e.kind == "build" and built["name"] in e.text for e in sim.events)


def _fill_beds(sim: Simulation, home: str) -> None:
    for i, bed in enumerate(free_beds(sim, home)):
        p = Persona(f"Filler {chr(65 + i)}", 30, (), "villager", None, None, 420, 1380, "", ())
        sim.add_villager(p, home, bed)


INVALID = {
    "occupied lot": {"action": "Building", "type": "cafe", "position": {"x": TAKEN[0], "y": TAKEN[1]}},
    "lot out of range": {"action": "Building", "type": "cafe", "position": {"x": 5, "y": 1}},
    "position not numbers": {"action": "Building", "type": "cafe", "position": {"x": "left", "y": 1}},
    "unknown type": {"action": "Building", "type": "castle", "position": {"x": FREE[0], "y": FREE[1]}},
    "too little money": {"action": "Building", "type": "office", "position": {"x": FREE[0], "y": FREE[1]}},
    "no free bed": {"action": "NPC", "home_building": HOUSE, "name": "Ann Lee", "bio": "b", "goal": "g"},
    "home is not a home": {"action": "NPC", "home_building": CAFE, "name": "Ann Lee",
                           "bio": "b", "goal": "g"},
    "unknown home": {"action": "NPC", "home_building": "Atlantis", "name": "Ann Lee", "bio": "b", "goal": "g"},
    "empty name": {"action": "NPC", "home_building": HOME, "name": "  ", "bio": "b", "goal": "g"},
    "absurd name": {"action": "NPC", "home_building": HOME, "name": "Z" * 200, "bio": "b", "goal": "g"},
    "control characters": {"action": "NPC", "home_building": HOME, "name": "Ann\x00Lee", "bio": "b", "goal": "g"},
    "duplicate name": {"action": "NPC", "home_building": HOME, "name": load_cast()[0].name.lower(), "bio": "b",
                       "goal": "g"},
    "empty goal": {"action": "NPC", "home_building": HOME, "name": "Ann Lee", "bio": "b", "goal": ""},
    "malformed JSON": '{"action": "Building", "type": "cafe", "position": {"x": 2,',
    "no action": {"type": "cafe"},
    "unknown action": {"action": "Demolish"},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_each_invalid_action_is_rejected_with_a_reason_and_nothing_changes(case: str) -> None:
    sim, office = town()
    economy = sim.components["economy"]
    if case == "too little money":
        economy.treasury = office.catalog.types["office"].cost - 1
    if case == "no free bed":
        _fill_beds(sim, HOUSE)
    before = fingerprint(sim)
    done, reason = office.perform(sim, INVALID[case])
    assert not done
    assert reason and "rejected" in office.record[-1]["result"]
    assert fingerprint(sim) == before


def test_a_recruit_needs_the_money() -> None:
    sim, office = town()
    sim.components["economy"].treasury = office.catalog.recruit_cost - 1
    before = fingerprint(sim)
    done, reason = office.perform(sim, {"action": "NPC", "home_building": HOME, "name": "Ann Lee", "bio": "A potter.",
                                        "goal": "teach pottery"})
    assert not done and "costs" in reason
    assert fingerprint(sim) == before


def test_a_new_cafe_near_home_gets_customers_within_a_day() -> None:
    sim, office = town(agents=6)
    # The free lot nearest the first household's home, nearer to it than the town's cafe.
    home = sim.town.sector(sim.villagers[0].home).rect.center
    near = min(sim.town.map.free_lots(), key=lambda lot: _distance(lot.rect.center, home))
    assert _distance(near.rect.center, home) < _distance(sim.town.sector(CAFE).rect.center, home)
    done, text = office.perform(sim, {"action": "Building", "type": "cafe",
                                      "position": {"x": near.col, "y": near.row}})
    assert done, text
    cafe = office.built[-1]["name"]
    customers: set[str] = set()

    def note(s: Simulation, v: object, oid: int) -> None:
        if s.town.object(oid).sector == cafe and v.workplace != cafe:  # type: ignore[attr-defined]
            customers.add(v.name)  # type: ignore[attr-defined]

    sim.use_hooks.append(note)
    run(sim, 1.0)
    assert customers, "nobody visited the new cafe in a day"
    assert sim.components["economy"].income_by_building().get(cafe, 0) > 0


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


def test_a_recruited_villager_gets_a_bed_a_routine_and_memories() -> None:
    mind = make_mind("generative", {"backend": "offline"}, lockstep=True)
    sim, office = town(agents=4, mind=mind)
    sim.run_steps(6 * 60 * 3)  # 09:00
    economy = sim.components["economy"]
    taken = {v.bed for v in sim.villagers}
    done, text = office.perform(sim, {"action": "NPC", "home_building": HOME, "name": "Ann Lee",
                                      "bio": "A potter from the hills.", "goal": "teach a pottery class"})
    assert done, text
    ann = sim.villager_named("Ann Lee")
    assert ann is not None and ann.bed is not None and ann.bed not in taken
    assert sim.town.object(ann.bed).sector == HOME
    edges = {s.tile for s in sim.town.map.spawns if s.kind == "edge"}
    assert ann.tile in edges
    assert ann.cash == office.catalog.newcomer_savings
    assert [t.reason for t in economy.ledger[-2:]] == ["recruiting", "savings"]
    sim.run_steps(6 * 60 * 2)
    assert ann.plan is not None and len(ann.plan.items) > 3
    assert ann.tile not in edges, "the newcomer walked in"
    memories = [n.description for n in mind.minds[ann.vid].memory.nodes]
    assert any("pottery" in m for m in memories)
    neighbour = sim.villagers[0]
    assert any("Ann Lee moved into" in n.description for n in mind.minds[neighbour.vid].memory.nodes)


def test_the_rule_mayor_grows_the_town_in_three_days() -> None:
    sim, office = town(agents=6, kind="rules")
    report = run(sim, 3.0)
    assert report["mayor"]["decisions"] == 48  # 9:00..24:00, three days
    assert len(sim.villagers) > 6
    assert office.built, "the rule mayor built something"
    assert report["economy"]["treasury"] == sim.components["economy"].treasury >= 0
    assert len(report["economy"]["series"]) == 72


def _llm_brain(url: str) -> object:
    settings = LLMSettings(backend="openai", endpoints=(Endpoint(url, "fake-model"),), max_retries=0,
                           timeout_s=5.0, backoff_s=0.0)
    return make_brain(settings, Ledger())


def test_the_llm_mayor_applies_valid_answers_and_hears_about_rejected_ones(fake_llm: FakeLLMServer) -> None:
    fake_llm.script(
        answer({"action": "Building", "type": "cafe", "position": {"x": FREE[0], "y": FREE[1]}}),  # valid
        answer({"action": "Building", "type": "gym", "position": {"x": FREE[0], "y": FREE[1]}}),   # now taken
        Reply(content="I think we should build a park!"),                                # malformed
        answer({"action": "NPC", "home_building": HOME, "name": "Ann Lee", "bio": "A potter.",
                "goal": "teach pottery"}),                                                # valid
        answer({"action": "NPC", "home_building": "Atlantis", "name": "Bo Ek", "bio": "x", "goal": "y"}),
        answer({"action": "Building", "type": "castle", "position": {"x": 4, "y": 4}}),
    )
    fake_llm.responder = lambda body: answer({"action": "None"})
    sim = Simulation(agents=4, seed=1, mind=RoutineMind())
    office = install_mayor(sim, "llm", _llm_brain(fake_llm.base_url))
    report = run(sim, 3.0)
    assert len(fake_llm.chat_requests) == 48
    mayor = report["mayor"]
    assert [b["type"] for b in office.built] == ["cafe"]
    assert sim.villager_named("Ann Lee") is not None
    reasons = [r["result"] for r in mayor["rejected"]]
    assert len(reasons) == 4
    assert "taken" in reasons[0] and "JSON" in reasons[1] and "Atlantis" in reasons[2] and "castle" in reasons[3]
    # The answer after a rejection sees why: its prompt carries the last result.
    second_prompt = fake_llm.chat_requests[2]["messages"][1]["content"]
    assert f"rejected: lot {FREE[0]},{FREE[1]} is taken" in second_prompt
    assert json.dumps(mayor)  # the report is plain data
    assert sim.now.day == 4


def test_a_saved_town_keeps_its_buildings_money_and_mayor(tmp_path: Path) -> None:
    def fresh(town_map: TownMap, cast: list | None = None) -> Simulation:
        sim = Simulation(town_map, agents=6 if cast is None else 0, seed=2, mind=RoutineMind(), cast=cast)
        install_mayor(sim, "rules")
        return sim

    whole = fresh(TownMap(DEFAULT_MAP))
    run(whole, 1.0)
    first = fresh(TownMap(DEFAULT_MAP))
    run(first, 0.5)
    assert first.components["mayor"].built, "something was built before saving"
    path = save_town(first, tmp_path / "mayor.tinytown")
    resumed = load_town(path, lambda m: fresh(m, cast=[]))
    run(resumed, 0.5)
    assert sorted(resumed.town.map.sectors) == sorted(whole.town.map.sectors)
    assert resumed.components["economy"].get_state() == whole.components["economy"].get_state()
    assert resumed.components["mayor"].get_state() == whole.components["mayor"].get_state()
    assert [v.cash for v in resumed.villagers] == [v.cash for v in whole.villagers]


def test_the_llm_mayor_shares_the_generative_minds_model(fake_llm: FakeLLMServer) -> None:
    """With a generative town on the same model, the mayor's answer comes through the mind's pool, source and all."""
    from game.sim.setup import make_mind

    fake_llm.responder = lambda body: (
        answer({"action": "Building", "type": "cafe", "position": {"x": FREE[0], "y": FREE[1]}})
        if "mayor" in json.dumps(body["messages"][0]).lower() else Reply(content="not the mayor's question"))
    mind = make_mind("generative", {"backend": "openai", "base_url": fake_llm.base_url, "model": "fake-model",
                                    "max_retries": 0}, lockstep=True)
    sim = Simulation(agents=2, seed=1, mind=mind)
    office = install_mayor(sim, "llm", mind.brain)
    sim.run_steps(int(4 * 3600 / 10))  # 06:00 to 10:00: the mayor is asked at 9:00
    mind.pool.close()
    assert [b["type"] for b in office.built] == ["cafe"]
