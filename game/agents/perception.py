"""Perception: once a game minute every awake villager notices up to a few others nearby and remembers them.

A villager sees others within a few tiles in the same place (walls block the
view) and notices an unchanged scene again only after an hour; each new sight
may start a conversation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.agents.conversations import Conversations
from game.agents.memory import RETENTION
from game.agents.phrasing import gerund
from game.agents.remembering import Memories
from game.agents.villager import Villager
from game.clock import GameTime

if TYPE_CHECKING:
    from game.sim.engine import Simulation

VISION = 4  # tiles
ATTENTION = 3  # new observations per villager per game minute


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
    m = memories.minds[v.vid]
    # A villager's own perception (GA's vision_r, att_bandwidth); the 8-tile buckets cap the radius.
    settings = v.persona.settings
    vision = min(8, int(settings.get("vision_r", VISION))) if settings else VISION
    attention = int(settings.get("att_bandwidth", ATTENTION)) if settings else ATTENTION
    m.memory.retention = int(settings.get("retention", RETENTION)) if settings else RETENTION
    vx, vy = v.tile
    noticed = 0
    for bucket in near:
        for o, there in bucket:
            if noticed >= attention:
                return
            if o is v or there != where:
                continue  # walls between buildings and street block the view
            ox, oy = o.tile
            if abs(ox - vx) > vision or abs(oy - vy) > vision:
                continue
            action = "sleeping" if o.asleep else ("walking" if o.walking else gerund(o.action))
            last = m.seen.get(o.vid)
            if last is not None and last[0] == action and minute - last[1] < 60:
                continue
            m.seen[o.vid] = (action, minute)
            noticed += 1
            sight = f"{o.name} is {action} at {o.place or 'town'}."
            if m.memory.observe(o.name, sight, now.seconds) is None:
                memories.remember(sim, v, "observation", sight, now.seconds, subject=o.name)
            talk.maybe_talk(sim, v, o, now)
