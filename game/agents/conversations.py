"""Conversations between villagers: whether two start talking, each line in turn, and what both remember after.

The words of each line come from the converse step (game/agents/converse.py);
this module runs the town's open conversations around it.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from game.agents import converse, planning
from game.agents.converse import Invitation, LineAnswer
from game.agents.day import Days
from game.agents.deciding import Decisions
from game.agents.mindset import Conversation, Mindset, Relation
from game.agents.remembering import Memories
from game.agents.schedule import hhmm
from game.agents.villager import Villager
from game.clock import GameTime

if TYPE_CHECKING:
    from game.sim.engine import Simulation

PAIR_COOLDOWN = 3 * 3600  # game seconds between two conversations of the same pair
PASS_ON = 3  # a guest tells at most this many others about an invitation (the host tells everyone)
TALK_REST = 3600  # after a conversation a villager chats again within this time only to pass on news
LINE_STEPS = 3  # a line stays in its bubble at least this many steps
RETRIEVE_CHAT = 6
RETRIEVE_REACT = 5


class Conversations:
    """The town's open conversations and the record of finished ones."""

    def __init__(self, decisions: Decisions, memories: Memories, days: Days) -> None:
        self.decisions = decisions
        self.memories = memories
        self.days = days
        self.open: dict[int, Conversation] = {}
        self.finished: list[dict] = []
        self.next_cid = 0

    # -- starting -----------------------------------------------------------------------
    def maybe_talk(self, sim: Simulation, v: Villager, o: Villager, now: GameTime) -> None:
        """v has just noticed o: maybe they start a conversation."""
        if v.conversation is not None or o.conversation is not None or o.asleep or v.asleep:
            return
        if o.chatting_with_player or v.use == "sleep" or o.use == "sleep":
            return
        minds = self.memories.minds
        m = minds[v.vid]
        rel = m.relations.setdefault(o.name, Relation())
        if now.seconds - rel.last_chat < PAIR_COOLDOWN:
            return
        share = invitation_to_share(m, o.name, now.day)
        if share is None and (now.seconds - m.last_talk < TALK_REST
                              or now.seconds - minds[o.vid].last_talk < TALK_REST):
            return
        p = 0.015 + v.vitals.social / 1000 + (0.03 if rel.relation else 0.0) + min(rel.chats, 3) * 0.005
        if share is not None:
            p += 0.6
        if v.use == "work" and not v.walking:
            p *= 0.4
        if sim.rng.random() >= p:
            return
        memories = self.memories.briefs(sim, v, f"{o.name}", RETRIEVE_REACT)
        request = converse.react_request(v.persona, o.name, rel.relation, memories, v.action, o.action, True)

        def apply(answer: object) -> None:
            assert isinstance(answer, converse.ReactAnswer)
            if answer.talk and v.conversation is None and o.conversation is None and not o.asleep:
                self.start(sim, v, o)

        self.decisions.ask(request, apply, vid=v.vid)

    def start(self, sim: Simulation, a: Villager, b: Villager) -> Conversation:
        conv = Conversation(self.next_cid, a.vid, b.vid, sim.clock.seconds, a.place, next_step=sim.clock.steps)
        self.next_cid += 1
        self.open[conv.cid] = conv
        a.conversation = b.conversation = conv.cid
        for x, y in ((a, b), (b, a)):
            x.facing = face(x.tile, y.tile, x.facing)
        sim.log("conversation", f"{a.name} and {b.name} start talking at {a.place}.", a.tile)
        return conv

    # -- talking ------------------------------------------------------------------------
    def advance(self, sim: Simulation, now: GameTime) -> None:
        """Whoever's turn it is says the next line, once the last one has been up long enough."""
        for conv in list(self.open.values()):
            if conv.ended:
                continue
            if conv.pending or sim.clock.steps < conv.next_step:
                continue
            speaker = sim.villagers[conv.a if conv.next_speaker == 0 else conv.b]
            listener = sim.villagers[conv.b if conv.next_speaker == 0 else conv.a]
            self._next_line(sim, conv, speaker, listener, now)

    def _next_line(self, sim: Simulation, conv: Conversation, me: Villager, other: Villager, now: GameTime) -> None:
        m = self.memories.minds[me.vid]
        rel = m.relations.setdefault(other.name, Relation())
        topic = conv.lines[-1][1] if conv.lines else ""
        memories = self.memories.briefs(sim, me, f"{other.name}. {topic}", RETRIEVE_CHAT)
        share = invitation_to_share(m, other.name, now.day)
        heard = conv.invitation if conv.invitation and conv.invitation.host != me.name and \
            conv.lines and conv.lines[-1][0] == other.vid else None
        named = [(sim.villagers[w].persona.first_name, t) for w, t in conv.lines]
        offline = converse.offline_line(
            me.persona, other.persona, rel.relation, named, memories, other.action, share, heard,
            now.second_of_day // 60, me.vitals.describe(), random.Random(sim.rng.random()),
        )
        if len(conv.lines) >= converse.MAX_LINES - 1 and not offline.end:
            offline = LineAnswer(line=f"I should get going. Bye, {other.persona.first_name}!", end=True,
                                 summary=f"{me.persona.first_name} and {other.persona.first_name} chatted.")
        request = converse.line_request(
            me.persona, other.name, rel.relation, memories, named, conv.place, str(now),
            sorted(sim.town.map.sectors), offline,
        )
        conv.pending = True

        def apply(answer: object) -> None:
            assert isinstance(answer, LineAnswer)
            conv.pending = False
            if conv.ended:
                return
            conv.lines.append((me.vid, answer.line.strip()[:300]))
            conv.next_speaker = 1 - conv.next_speaker
            conv.next_step = sim.clock.steps + LINE_STEPS
            if answer.invitation is not None:
                try:
                    start = planning._minutes(answer.invitation.time)
                except ValueError:
                    start = None
                if start is not None and answer.invitation.place in sim.town.map.sectors:
                    day = sim.clock.now.day + (1 if start < sim.clock.now.second_of_day // 60 - 30 else 0)
                    # An event the speaker knows of at that place and hour is the one meant, even days ahead
                    # (an imported host plans for a calendar date).
                    same = [p for p in m.hosting + m.promises if (p.place, p.start) == (answer.invitation.place, start)
                            and p.day >= sim.clock.now.day]
                    known = next((p for p in same if p.day == day), same[0] if same else None)
                    conv.invitation = known or Invitation(answer.invitation.what, answer.invitation.place, day,
                                                          start, me.name)
                    m.told.setdefault(conv.invitation.text(), []).append(other.name)
                    for hook in sim.tell_hooks:  # the news log follows how far an invitation travels
                        hook(sim, conv.invitation, me.name, other.name)
            if answer.end or len(conv.lines) >= converse.MAX_LINES:
                conv.summary = answer.summary.strip() or (
                    f"{me.persona.first_name} and {other.persona.first_name} talked.")
                self._end(sim, conv)

        self.decisions.ask(request, apply, vid=me.vid)

    # -- ending -------------------------------------------------------------------------
    def _end(self, sim: Simulation, conv: Conversation) -> None:
        conv.ended = True
        a, b = sim.villagers[conv.a], sim.villagers[conv.b]
        now = sim.clock.seconds
        transcript = " / ".join(f"{sim.villagers[w].persona.first_name}: {t}" for w, t in conv.lines)
        for me, other in ((a, b), (b, a)):
            m = self.memories.minds[me.vid]
            rel = m.relations.setdefault(other.name, Relation())
            rel.chats += 1
            rel.last_chat = now
            m.last_talk = now
            rel.affinity += 1
            event = None
            if conv.invitation is not None and me.name != conv.invitation.host:
                inv = conv.invitation
                if all(p.text() != inv.text() for p in m.promises):
                    m.promises.append(inv)
                    event = inv.as_dict()
            said = f"Talked with {other.name}: {conv.summary}"
            if event is not None:  # inv is the invitation just promised
                said += f" {inv.host} invited me to the {inv.what} at {inv.place} at {hhmm(inv.start)}."
            node = self.memories.remember(sim, me, "chat", said, now, subject=other.name, event=event,
                                          importance=8 if event else None)
            self.memories.remember(sim, me, "chat", f"Conversation with {other.name}: {transcript}"[:600], now,
                                   subject=other.name, evidence=(node.nid,), importance=3)
            me.conversation = None
            if event is not None and me.plan is not None:
                self.days.insert_promise(sim, me)
        sim.log("conversation", f"{a.name} and {b.name}: {conv.summary}", a.tile)
        self.finished.append({"a": a.name, "b": b.name, "lines": len(conv.lines), "summary": conv.summary,
                              "invitation": conv.invitation.as_dict() if conv.invitation else None})
        del self.open[conv.cid]

    def bubble(self, v: Villager) -> str | None:
        """The line v said last, while their conversation goes on."""
        if v.conversation is None:
            return None
        conv = self.open.get(v.conversation)
        if conv is None or not conv.lines:
            return None
        who, text = conv.lines[-1]
        return text if who == v.vid else None


def invitation_to_share(m: Mindset, other: str, day: int) -> Invitation | None:
    for inv in m.hosting + m.promises:
        told = m.told.get(inv.text(), [])
        if inv in m.promises and len(told) >= PASS_ON:
            continue
        if inv.day >= day and other not in told and other != inv.host:
            return inv
    return None


def face(src: tuple[int, int], dst: tuple[int, int], default: str) -> str:
    dx, dy = dst[0] - src[0], dst[1] - src[1]
    if dx == dy == 0:
        return default
    if abs(dx) >= abs(dy):
        return "right" if dx > 0 else "left"
    return "down" if dy > 0 else "up"
