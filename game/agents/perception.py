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
    buckets: dict[tuple[int, int], list[Villager]] = {}
    for v in sim.villagers:
        buckets.setdefault((v.tile[0] // 8, v.tile[1] // 8), []).append(v)
    minute = now.second_of_day // 60
    for v in sim.villagers:
        if v.asleep or v.chatting_with_player:
            continue
        m = memories.minds[v.vid]
        bx, by = v.tile[0] // 8, v.tile[1] // 8
        noticed = 0
        # A villager's own perception (GA's vision_r, att_bandwidth); the 8-tile buckets cap the radius.
        vision = min(8, int(v.persona.settings.get("vision_r", VISION)))
        attention = int(v.persona.settings.get("att_bandwidth", ATTENTION))
        m.memory.retention = int(v.persona.settings.get("retention", RETENTION))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for o in buckets.get((bx + dx, by + dy), ()):
                    if o is v or noticed >= attention:
                        continue
                    if abs(o.tile[0] - v.tile[0]) > vision or abs(o.tile[1] - v.tile[1]) > vision:
                        continue
                    if sim.town.map.place_at(*o.tile)[0] != sim.town.map.place_at(*v.tile)[0]:
                        continue  # walls between buildings and street block the view
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
