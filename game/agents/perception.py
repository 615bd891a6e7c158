"""Perception: once a game minute every awake villager notices up to a few others nearby and remembers them.

A villager sees others within a few tiles in the same place (walls block the
view) and notices an unchanged scene again only after an hour; each new sight
may start a conversation. Attention saturates: the people one knows come first,
only a few strangers an hour are noticed one by one, and a crowd is one sight.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

from game.agents.conversations import Conversations
from game.agents.memory import RETENTION
from game.agents.mindset import Mindset
from game.agents.phrasing import gerund, place_name
from game.agents.remembering import Memories
from game.agents.villager import Villager
from game.clock import GameTime

if TYPE_CHECKING:
    from game.sim.engine import Simulation

VISION = 4  # tiles
MAX_VISION = 8  # tiles: a persona's own vision_r is capped here
CELL = 4  # tiles a side of perception's buckets
ATTENTION = 3  # new observations per villager per game minute
# Attention that saturates in a crowd (GA's att_bandwidth keeps the nearest few; here a crowd is one sight):
CROWD = 8  # others in view from which strangers stop being noticed one by one
CROWD_SEEN = 30  # others in view that are looked at one by one; past this a crowd is only counted as "dozens"
STRANGERS_PER_HOUR = 4  # strangers noticed one by one in a game hour; past it they are part of the scene
RENOTICE = 60  # game minutes before someone doing the same thing is news again
_DAY_MINUTES = 24 * 60


def forget_stale_sightings(m: Mindset, minute: int) -> int:
    """Drop what a villager last saw of someone once it is RENOTICE minutes old: it no longer keeps the
    same sight from being news, so the map holds only the last hour's people, not everyone ever seen
    (and yesterday's sight at this hour no longer passes for a fresh one). How many went."""
    stale = [vid for vid, (_, seen_at) in m.seen.items() if (minute - seen_at) % _DAY_MINUTES >= RENOTICE]
    for vid in stale:
        del m.seen[vid]
    return len(stale)


def perceive(sim: Simulation, now: GameTime, memories: Memories, talk: Conversations) -> None:
    """Grid buckets of CELL×CELL tiles, one per place within a cell: each villager looks only at the
    people in their own place in the cells within sight, so the cost of a villager does not grow with
    the town (only with the crowd around them, and not past a crowd of CROWD_SEEN)."""
    place_at = sim.town.map.place_at
    buckets: dict[tuple[int, int, str | None], list[tuple[Villager, int, int]]] = {}
    places: list[str | None] = []
    for v in sim.villagers:
        x, y = v.tile
        where = place_at(x, y)[0]
        places.append(where)
        buckets.setdefault((x // CELL, y // CELL, where), []).append((v, x, y))
    town = Sight(places, {v.persona.name: i for i, v in enumerate(sim.villagers)})
    minute = now.second_of_day // 60
    around: dict[tuple[int, int, str | None, int], list] = {}
    # Villagers look in the town's order, so a seeded run stays the same run.
    for v, where in zip(sim.villagers, places, strict=True):
        if v.asleep or v.chatting_with_player:
            continue
        settings = v.persona.settings
        vision = min(MAX_VISION, int(settings.get("vision_r", VISION))) if settings else VISION
        reach = -(-vision // CELL)  # cells each way that hold every tile within sight
        key = (v.tile[0] // CELL, v.tile[1] // CELL, where, reach)
        near = around.get(key)
        if near is None:
            bx, by, _, _ = key
            # Walls between buildings and street block the view: only the same place is in sight.
            near = around[key] = [b for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)
                                  if (b := buckets.get((bx + dx, by + dy, where)))]
        _look(sim, v, where, vision, near, town, minute, now, memories, talk)


class Sight(NamedTuple):
    """The town this minute, for looking people up: each villager's place (by position in the town's
    list) and the position of each name."""

    places: list[str | None]
    position: dict[str, int]


def _look(sim: Simulation, v: Villager, where: str | None, vision: int, near: list, town: Sight, minute: int,
          now: GameTime, memories: Memories, talk: Conversations) -> None:
    """Who v notices this minute: the people v knows first (a change in what they do is news), then
    strangers, a few an hour. In a crowd the strangers beyond those become one sight of the crowd,
    so a busy square is one memory, not fifty, and a villager's day of memories does not grow with
    the town."""
    m = memories.minds[v.vid]
    # A villager's own perception (GA's vision_r, att_bandwidth).
    settings = v.persona.settings
    attention = int(settings.get("att_bandwidth", ATTENTION)) if settings else ATTENTION
    m.memory.retention = int(settings.get("retention", RETENTION)) if settings else RETENTION
    vx, vy = v.tile
    relations = m.relations
    # The people v knows, looked up by name: a villager knows a few dozen at most, a crowd can be hundreds.
    known: list[Villager] = []
    villagers = sim.villagers
    for name, rel in relations.items():
        if not rel.acquainted:
            continue
        i = town.position.get(name)
        if i is None or town.places[i] != where:
            continue
        o = villagers[i]
        ox, oy = o.tile
        if o is not v and abs(ox - vx) <= vision and abs(oy - vy) <= vision:
            known.append(o)
    # Strangers among the first CROWD_SEEN people in sight: past that, a crowd is a crowd.
    strangers: list[Villager] = []
    in_sight = 0
    for bucket in near:
        for o, ox, oy in bucket:
            if o is v or abs(ox - vx) > vision or abs(oy - vy) > vision:
                continue
            in_sight += 1
            them = relations.get(o.persona.name)
            if them is None or not them.acquainted:
                strangers.append(o)
            if in_sight >= CROWD_SEEN:
                break
        if in_sight >= CROWD_SEEN:
            break
    if not in_sight:
        return
    noticed = 0
    for o in known:
        if noticed >= attention:
            break
        if _notice(sim, v, m, o, minute, now, memories, talk):
            noticed += 1
    hour = now.seconds // 3600
    if m.stranger_hour != hour:
        m.stranger_hour, m.strangers_noticed = hour, 0
    for o in strangers:
        if noticed >= attention or m.strangers_noticed >= STRANGERS_PER_HOUR:
            break
        if _notice(sim, v, m, o, minute, now, memories, talk):
            noticed += 1
            m.strangers_noticed += 1
    if in_sight >= CROWD:
        _see_crowd(sim, v, m, in_sight, now, memories)


def _notice(sim: Simulation, v: Villager, m: Mindset, o: Villager, minute: int, now: GameTime,
            memories: Memories, talk: Conversations) -> bool:
    """v notices o if it is news: someone doing something new, or the same an hour on. A sight of news
    becomes a memory and may start a conversation."""
    action = "sleeping" if o.asleep else ("walking" if o.walking else gerund(o.action))
    last = m.seen.get(o.vid)
    if last is not None and last[0] == action and (minute - last[1]) % _DAY_MINUTES < RENOTICE:
        return False
    m.seen[o.vid] = (action, minute)
    # Everyone who sees the same sight keeps the same string (as they share its embedding).
    # A walker is seen on the way somewhere (their place is where they are going, not where they are seen).
    sight = sys.intern(f"{o.name} is walking to {o.place}." if action == "walking" and o.place
                       else f"{o.name} is {action} at {o.place or 'town'}.")
    if m.memory.observe(o.name, sight, now.seconds) is None:
        memories.remember(sim, v, "observation", sight, now.seconds, subject=o.name)
    talk.maybe_talk(sim, v, o, now)
    return True


def crowd_size(count: int) -> str:
    """A headcount as one would remember it, coarse enough that a crowd coming and going stays one of
    three sights of a place: 'about a dozen', 'twenty or so', 'dozens of'."""
    if count >= 30:
        return "dozens of"
    return "twenty or so" if count >= 15 else "about a dozen"


def _see_crowd(sim: Simulation, v: Villager, m: Mindset, count: int, now: GameTime, memories: Memories) -> None:
    """One sight of the crowd for the place; while the crowd stays about the same it stays one memory."""
    place = place_name(v.place) if v.place else "The street"
    sight = sys.intern(f"{place} is crowded: {crowd_size(count)} people around {'me' if v.place else 'here'}.")
    if m.memory.observe(place, sight, now.seconds) is None:
        memories.remember(sim, v, "observation", sight, now.seconds, subject=place)
