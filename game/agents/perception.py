"""Perception: once a game minute every awake villager notices up to a few others nearby and remembers them.

A villager sees others within a few tiles in the same place (walls block the
view) and notices an unchanged scene again only after an hour; each new sight
may start a conversation. Attention saturates: the people one knows come first,
only a few strangers an hour are noticed one by one, and a crowd is one sight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
ATTENTION = 3  # new observations per villager per game minute
# Attention that saturates in a crowd (GA's att_bandwidth keeps the nearest few; here a crowd is one sight):
CROWD = 8  # others in view from which strangers stop being noticed one by one
STRANGERS_PER_HOUR = 4  # strangers noticed one by one in a game hour; past it they are part of the scene
RENOTICE = 60  # game minutes before someone doing the same thing is news again
_DAY_MINUTES = 24 * 60


def perceive(sim: Simulation, now: GameTime, memories: Memories, talk: Conversations) -> None:
    """Grid buckets of 8×8 tiles: each villager looks only at the nine around it, so the cost of a
    villager does not grow with the town (only with the crowd around them)."""
    place_at = sim.town.map.place_at
    buckets: dict[tuple[int, int], list[tuple[Villager, str | None]]] = {}
    places: list[str | None] = []
    for v in sim.villagers:
        x, y = v.tile
        where = place_at(x, y)[0]
        places.append(where)
        buckets.setdefault((x >> 3, y >> 3), []).append((v, where))
    minute = now.second_of_day // 60
    around: dict[tuple[int, int], list] = {}
    # Villagers look in the town's order, so a seeded run stays the same run.
    for v, where in zip(sim.villagers, places, strict=True):
        if v.asleep or v.chatting_with_player:
            continue
        cell = (v.tile[0] >> 3, v.tile[1] >> 3)
        near = around.get(cell)
        if near is None:
            bx, by = cell
            near = around[cell] = [b for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                                   if (b := buckets.get((bx + dx, by + dy)))]
        _look(sim, v, where, near, minute, now, memories, talk)


def _look(sim: Simulation, v: Villager, where: str | None, near: list, minute: int, now: GameTime,
          memories: Memories, talk: Conversations) -> None:
    """Who v notices this minute: the people v knows first (a change in what they do is news), then
    strangers, a few an hour. In a crowd the strangers beyond those become one sight of the crowd,
    so a busy square is one memory, not fifty, and a villager's day of memories does not grow with
    the town."""
    m = memories.minds[v.vid]
    # A villager's own perception (GA's vision_r, att_bandwidth); the 8-tile buckets cap the radius.
    settings = v.persona.settings
    vision = min(8, int(settings.get("vision_r", VISION))) if settings else VISION
    attention = int(settings.get("att_bandwidth", ATTENTION)) if settings else ATTENTION
    m.memory.retention = int(settings.get("retention", RETENTION)) if settings else RETENTION
    vx, vy = v.tile
    relations = m.relations
    known: list[Villager] = []
    strangers: list[Villager] = []
    for bucket in near:
        for o, there in bucket:
            if o is v or there != where:
                continue  # walls between buildings and street block the view
            ox, oy = o.tile
            if abs(ox - vx) > vision or abs(oy - vy) > vision:
                continue
            rel = relations.get(o.name)
            (known if rel is not None and (rel.relation or rel.chats) else strangers).append(o)
    if not known and not strangers:
        return
    noticed = 0
    for o in known:
        if noticed >= attention:
            return
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
    if len(known) + len(strangers) >= CROWD:
        _see_crowd(sim, v, m, where, len(known) + len(strangers), now, memories)


def _notice(sim: Simulation, v: Villager, m: Mindset, o: Villager, minute: int, now: GameTime,
            memories: Memories, talk: Conversations) -> bool:
    """v notices o if it is news: someone doing something new, or the same an hour on. A sight of news
    becomes a memory and may start a conversation."""
    action = "sleeping" if o.asleep else ("walking" if o.walking else gerund(o.action))
    last = m.seen.get(o.vid)
    if last is not None and last[0] == action and (minute - last[1]) % _DAY_MINUTES < RENOTICE:
        return False
    m.seen[o.vid] = (action, minute)
    sight = f"{o.name} is {action} at {o.place or 'town'}."
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


def _see_crowd(sim: Simulation, v: Villager, m: Mindset, where: str | None, count: int, now: GameTime,
               memories: Memories) -> None:
    """One sight of the crowd for the place; while the crowd stays about the same it stays one memory."""
    place = place_name(v.place) if v.place else "The street"
    sight = f"{place} is crowded: {crowd_size(count)} people around {'me' if v.place else 'here'}."
    if m.memory.observe(place, sight, now.seconds) is None:
        memories.remember(sim, v, "observation", sight, now.seconds, subject=place)
