"""Attention that saturates in a crowd: the people one knows come first, only a few strangers an hour are
noticed one by one, and a crowd is one memory, so a villager's day of memories does not grow with the town."""

from __future__ import annotations

import random

import pytest

from game.agents import perception
from game.agents.mindset import Relation
from game.agents.perception import STRANGERS_PER_HOUR, perceive
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

ACTIONS = ("reading the paper", "sipping tea", "writing a letter", "chatting with the barista", "eating a scone")


@pytest.fixture()
def crowded_cafe() -> Simulation:
    """Twenty villagers standing in one room of the town, everyone within sight of everyone."""
    sim = Simulation(TownMap(DEFAULT_MAP), agents=20, seed=4, mind=make_mind("generative", {"backend": "offline"}))
    sim.run_steps(1)  # every villager has a mind
    sector = max((s for s in sim.town.map.sectors.values() if s.building_type == "cafe"),
                 key=lambda s: s.rect.w * s.rect.h)
    rng = random.Random(1)
    spots = [t for t in (sim.town.any_tile_in(sector.name, rng) for _ in range(200)) if t is not None]
    mid = (sector.rect.x + sector.rect.w // 2, sector.rect.y + sector.rect.h // 2)
    centre = min(spots, key=lambda t: abs(t[0] - mid[0]) + abs(t[1] - mid[1]))
    near = [t for t in spots if abs(t[0] - centre[0]) <= 2 and abs(t[1] - centre[1]) <= 2]
    for i, v in enumerate(sim.villagers):
        v.tile, v.path, v.path_index = near[i % len(near)], (), 0
        v.use, v.place, v.action = "relax", sector.name, ACTIONS[i % len(ACTIONS)]
        v.conversation = None
    for v in sim.villagers:  # nobody knows anybody: every face in the room is a stranger's
        sim.mind.minds[v.vid].relations.clear()
    sim.clock.seconds = (sim.clock.seconds // 3600 + 1) * 3600 - 60  # the watching starts on the hour
    return sim


def _minutes(sim: Simulation, minutes: int, busy: bool = True) -> None:
    """Let the room be watched for some game minutes; with `busy` everyone does something new each minute."""
    for _ in range(minutes):
        sim.clock.seconds = (sim.clock.seconds // 60 + 1) * 60
        if busy:
            for i, v in enumerate(sim.villagers):
                v.action = f"{ACTIONS[i % len(ACTIONS)]} ({sim.clock.seconds // 60 % 1440} min)"
        for v in sim.villagers:
            v.conversation = None  # nobody is taken away by a conversation: only attention is under test
        perceive(sim, sim.clock.now, sim.mind.memories, sim.mind.talk)


def _sightings(sim: Simulation, vid: int, since: int) -> list[str]:
    return [n.description for n in sim.mind.minds[vid].memory.nodes
            if n.kind == "observation" and n.created >= since]


def test_a_crowd_of_strangers_is_a_few_faces_and_one_sight_of_the_crowd_an_hour(crowded_cafe: Simulation) -> None:
    sim = crowded_cafe
    start = sim.clock.seconds
    _minutes(sim, 60)
    seen = _sightings(sim, 0, start)
    faces = [t for t in seen if " is crowded" not in t]
    crowds = [t for t in seen if " is crowded" in t]
    # Without saturation, 19 strangers doing something new every minute were 3 sightings a minute: 180.
    assert 1 <= len(faces) <= STRANGERS_PER_HOUR
    assert crowds == [f"{sim.villagers[0].place} is crowded: twenty or so people around me."]


def test_the_people_one_knows_are_noticed_first_and_every_change_of_theirs(crowded_cafe: Simulation) -> None:
    sim = crowded_cafe
    me, friend = sim.villagers[0], sim.villagers[17]
    sim.mind.minds[me.vid].relations[friend.name] = Relation(relation="friend")
    start = sim.clock.seconds
    _minutes(sim, 1)
    assert _sightings(sim, me.vid, start)[0].startswith(f"{friend.name} is ")
    _minutes(sim, 30)  # the strangers' hour is spent long before this; the friend's news is not
    about_friend = [t for t in _sightings(sim, me.vid, start) if t.startswith(friend.name)]
    assert len(about_friend) >= 25


def test_the_crowd_stays_one_memory_while_it_comes_and_goes(crowded_cafe: Simulation) -> None:
    sim = crowded_cafe
    me = sim.villagers[0]

    def crowds() -> list[str]:
        return [n.description for n in sim.mind.minds[me.vid].memory.nodes if " is crowded" in n.description]

    _minutes(sim, 40, busy=False)
    assert crowds() == [f"{me.place} is crowded: twenty or so people around me."]
    assert next(n for n in sim.mind.minds[me.vid].memory.nodes if " is crowded" in n.description).last_access \
        == sim.clock.seconds  # seen again each minute: it stays recent
    for v in sim.villagers[9:]:  # most of the room leaves
        v.tile, v.place = sim.town.map.spawns[0].tile, ""
    _minutes(sim, 5, busy=False)
    assert crowds()[1:] == [f"{me.place} is crowded: about a dozen people around me."]
    for v in sim.villagers[9:]:  # and comes back: the same two sights, no third
        v.tile, v.place = me.tile, me.place
    _minutes(sim, 5, busy=False)
    assert len(crowds()) == 2
    assert perception.crowd_size(8) == "about a dozen" and perception.crowd_size(60) == "dozens of"


def test_memories_a_game_hour_do_not_grow_with_the_crowd(crowded_cafe: Simulation) -> None:
    sim = crowded_cafe
    watchers = sim.villagers[:3]
    for v in sim.villagers[3:]:  # a small group first: three in the room
        v.tile, v.place = sim.town.map.spawns[0].tile, ""
    start = sim.clock.seconds
    _minutes(sim, 60)
    small = sum(len(_sightings(sim, v.vid, start)) for v in watchers)
    room = sim.villagers[0].tile
    for v in sim.villagers[3:]:  # then the whole crowd of twenty
        v.tile, v.place = room, sim.villagers[0].place
    start = sim.clock.seconds
    _minutes(sim, 60)
    crowd = sum(len(_sightings(sim, v.vid, start)) for v in watchers)
    assert small > 0 and crowd <= small + 2 * len(watchers)


def test_what_one_saw_is_kept_an_hour_and_not_mistaken_for_today_a_day_later() -> None:
    from game.agents.memory import MemoryStream
    from game.agents.mindset import Mindset

    m = Mindset(MemoryStream())
    m.seen = {1: ("reading", 600), 2: ("cooking", 650), 3: ("walking", 1430)}  # 10:00, 10:50, 23:50
    assert perception.forget_stale_sightings(m, 660) == 2  # 11:00: 10:00 and last night's 23:50 are stale
    assert m.seen == {2: ("cooking", 650)}
    assert perception.forget_stale_sightings(m, 5) == 1 and m.seen == {}  # 00:05: yesterday's 10:50 is stale
    m.seen = {4: ("reading", 600)}
    assert perception.forget_stale_sightings(m, 605) == 0 and 4 in m.seen  # five minutes on it still counts


def test_a_town_forgets_sightings_an_hour_old() -> None:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=8, seed=2, mind=make_mind("generative", {"backend": "offline"}))
    sim.run_steps(9 * 360 - 60)  # ten minutes before an hour strikes, the town awake and about
    minds = list(sim.mind.memories.minds.values())
    minute = sim.clock.now.second_of_day // 60
    for m in minds:
        m.seen[9999] = ("reading", minute)  # someone nobody sees again
    sim.run_steps(40 * 6)
    assert all(9999 in m.seen for m in minds)  # 40 minutes on, still a fresh sight (the hour's pass kept it)
    sim.run_steps(90 * 6)
    assert all(9999 not in m.seen for m in minds)  # the next hour's pass let it go
    assert any(m.seen for m in minds)  # the people still around stay


def test_one_sight_seen_by_many_is_one_string_in_memory(crowded_cafe: Simulation) -> None:
    _minutes(crowded_cafe, 3)
    by_text: dict[str, list[str]] = {}
    for m in crowded_cafe.mind.memories.minds.values():
        for n in m.memory.nodes:
            if n.kind == "observation":
                by_text.setdefault(n.description, []).append(n.description)
    shared = [same for same in by_text.values() if len(same) > 1]
    assert shared  # a room where everyone watches everyone: the same sights in many streams
    assert all(all(text is same[0] for text in same) for same in shared)


def test_a_walker_is_seen_on_the_way_somewhere_and_that_is_not_news_to_tell() -> None:
    """A walker's place is where they are going: 'Tomas is walking at Pennywhistle General Store' was said of him
    crossing the cafe. Now the sight says where he is headed, is never told as news, and is retold as such."""
    from game.agents.chat_rules import _recall
    from game.agents.converse import _news

    sim = Simulation(TownMap(DEFAULT_MAP), agents=2, seed=1, mind=make_mind(overrides={"backend": "offline"}))
    sim.run_steps(1)
    v, o = sim.villagers
    cafe = next(x.use_tiles[0] for x in sim.town.map.objects if x.sector == "Copper Kettle Cafe")
    store = next(x.use_tiles[0] for x in sim.town.map.objects if x.sector == "Pennywhistle General Store")
    o.tile, o.place, o.action = cafe, "Pennywhistle General Store", "count the stock"
    o.walk(sim.town.routes.route(cafe, store))
    v.tile, v.place = cafe, "Copper Kettle Cafe, dining room"
    m = sim.mind.memories.mind(sim, v)
    assert perception._notice(sim, v, m, o, 600, sim.clock.now, sim.mind.memories, sim.mind.talk)
    sight = m.memory.nodes[-1].description
    assert sight == f"{o.name} is walking to Pennywhistle General Store."
    assert _news(sight, v.name, "Someone Else") is None and _news(sight, v.name, o.name) is None
    assert _recall(sight, v.persona.first_name) == (
        f"Earlier I saw {o.persona.first_name} on the way to Pennywhistle General Store.")
