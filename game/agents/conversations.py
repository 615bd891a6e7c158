"""Conversations between villagers: whether two start talking, each line in turn, and what both remember after.

The words of each line come from the converse step (game/agents/converse.py);
this module runs the town's open conversations around it.
"""

from __future__ import annotations

import random
import re
import zlib
from typing import TYPE_CHECKING

from game.agents import converse, invitations, planning
from game.agents.converse import Invitation, LineAnswer
from game.agents.day import Days
from game.agents.deciding import Decisions
from game.agents.mindset import Conversation, Mindset, Relation
from game.agents.phrasing import TRANSCRIPTS, place_name
from game.agents.remembering import Memories, brief
from game.agents.schedule import hhmm
from game.agents.villager import Villager
from game.clock import GameTime

if TYPE_CHECKING:
    from game.sim.engine import Simulation

PAIR_COOLDOWN = 3 * 3600  # game seconds between two conversations of the same pair
TALK_REST = 3600  # after a conversation a villager chats again within this time only to pass on news
INTRO_REST = 20 * 60  # ... or to introduce themselves to someone they do not know yet
CURIOSITY = 0.07  # the chance, each time one notices a stranger staying in the same place, of saying hello
LINE_STEPS = 3  # a line stays in its bubble at least this many steps
RETRIEVE_CHAT = 6
RECENT = 6 * 3600  # game seconds in which a salient memory counts as recent news
PAIR_TOPICS = 12  # topics kept per pair and direction (told, heard, asked)
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
        # Lines each villager said in finished talks: an index of `finished`, rebuilt when that is replaced.
        self._spoken: dict[str, set[str]] = {}
        self._spoken_from: list[dict] = self.finished  # the list indexed, and how many of its entries
        self._spoken_upto = 0

    # -- starting -----------------------------------------------------------------------
    def maybe_talk(self, sim: Simulation, v: Villager, o: Villager, now: GameTime) -> None:
        """v has just noticed o: maybe they start a conversation."""
        if v.conversation is not None or o.conversation is not None or o.asleep or v.asleep:
            return
        if o.chatting_with_player or v.use == "sleep" or o.use == "sleep":
            return
        minds = self.memories.minds
        m = minds[v.vid]
        # A stranger noticed in passing gets no entry of their own until the two talk.
        rel = m.relations.get(o.name) or Relation()
        if now.seconds - rel.last_chat < PAIR_COOLDOWN:
            return
        share = invitation_to_share(m, o.name, now.day, now.second_of_day // 60)
        stranger = not rel.acquainted
        rest = INTRO_REST if stranger else TALK_REST  # saying hello to someone new takes a minute
        if share is None and (now.seconds - m.last_talk < rest or now.seconds - minds[o.vid].last_talk < rest):
            return
        p = 0.015 + v.vitals.social / 1000 + (0.03 if rel.relation else 0.0) + min(rel.chats, 3) * 0.005
        colleagues = bool(v.workplace) and v.workplace == o.workplace
        if stranger and not v.walking and not o.walking:
            p += curiosity(v)  # someone new in the same room: people introduce themselves
            if colleagues:
                p += 0.05
            if mutual_acquaintance(m, minds[o.vid], v.name, o.name):
                p += 0.03
        if share is not None:
            p += 0.6
        if v.use == "work" and not v.walking and not (stranger and colleagues):
            p *= 0.4
        if sim.rng.random() >= p:
            return
        memories = self.memories.briefs(sim, v, f"{o.name}", RETRIEVE_REACT)
        request = converse.react_request(v.persona, o.name, rel.relation, memories, v.action, o.action, True,
                                         sim.town.name, rel.chats)

        def apply(answer: object) -> None:
            assert isinstance(answer, converse.ReactAnswer)
            if answer.talk and v.conversation is None and o.conversation is None and not o.asleep:
                self.start(sim, v, o)

        self.decisions.ask(request, apply, vid=v.vid)

    def start(self, sim: Simulation, a: Villager, b: Villager) -> Conversation:
        # Where the two meet: someone passing through the cafe on the way to the shop meets in the cafe.
        conv = Conversation(self.next_cid, a.vid, b.vid, sim.clock.seconds, sim.whereabouts(a),
                            next_step=sim.clock.steps)
        minute = sim.clock.now.second_of_day // 60
        # Someone due somewhere soon keeps it to a hello; otherwise the topics decide, up to MAX_LINES.
        known = self.memories.minds[a.vid].relations.get(b.name)
        if busy(b, minute):
            conv.budget = 2
        elif known is None or not known.acquainted:
            conv.budget = sim.rng.choice((3, 3, 4, 5, 6))  # a first meeting: often just names and a word
        else:
            conv.budget = sim.rng.choice((3, 4, 5, 6, 6, 7, 8))
        self.next_cid += 1
        self.open[conv.cid] = conv
        a.conversation = b.conversation = conv.cid
        for x, y in ((a, b), (b, a)):
            x.facing = face(x.tile, y.tile, x.facing)
        sim.log("conversation", f"{a.name} and {b.name} start talking at {conv.place}.", a.tile)
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
        previous = conv.lines[-1][1] if conv.lines else ""
        memories = self.memories.briefs(sim, me, f"{other.name}. {place_name(conv.place)}. {previous}",
                                        RETRIEVE_CHAT)
        memories += [brief(t) for t in recent_events(m, now.seconds) if brief(t) not in memories]
        share = invitation_to_share(m, other.name, now.day, now.second_of_day // 60)
        heard = conv.invitation if conv.invitation and conv.invitation.host != me.name and \
            conv.lines and conv.lines[-1][0] == other.vid else None
        named = [(sim.villagers[w].persona.first_name, t) for w, t in conv.lines]
        minute = now.second_of_day // 60
        ctx = converse.LineContext(
            me.persona, other.persona, rel.relation, named, list(conv.acts), memories, place=conv.place,
            # On a walk, 'walking' (a walker's action is already the task at the end of the walk).
            my_action="walking" if me.walking else me.action, their_action="walking" if other.walking else other.action,
            minute=minute, feeling=me.vitals.describe(), heading=me.place if me.walking else "",
            chats=rel.chats, told=list(rel.told), heard=due_followups(rel.heard, now.day, minute),
            asked=list(rel.asked), last_summary=rel.last_summary, share=share, heard_invitation=heard,
            accepts=_accepts(sim, me, m, heard, rel) if heard is not None else True, budget=conv.budget,
            busy=busy(me, minute) if len(conv.lines) == 1 else "",
            next_up=next_activity(me, minute), day=now.day, said_before=frozenset(self.said_by(me.name)),
            decline_reason=_why_not(me, m, heard) if heard is not None else "",
            mutual=mutual_acquaintance(m, self.memories.minds[other.vid], me.name, other.name)
            if not rel.chats and not rel.relation else "",
        )
        said = converse.next_line(ctx, random.Random(sim.rng.random()))
        offline = said.answer
        request = converse.line_request(ctx, sorted(sim.town.map.sectors), str(now), offline, sim.town.name)
        conv.pending = True

        def apply(answer: object) -> None:
            assert isinstance(answer, LineAnswer)
            conv.pending = False
            if conv.ended:
                return
            line = answer.line.strip()[:300]
            conv.lines.append((me.vid, line))
            act = (said.act, said.topic) if line == offline.line.strip()[:300] else ("", "")
            conv.acts.append(act)
            self._note(rel, self.memories.minds[other.vid].relations.setdefault(me.name, Relation()), *act)
            conv.next_speaker = 1 - conv.next_speaker
            conv.next_step = sim.clock.steps + LINE_STEPS
            if answer.invitation is not None:
                try:
                    start = planning._minutes(answer.invitation.time)
                except ValueError:
                    start = None
                known = invitations.resolve(m, me.name, answer.invitation.place, start, answer.invitation.what,
                                            now.day, now.second_of_day // 60, conv.invitation) \
                    if start is not None and answer.invitation.place in sim.town.map.sectors else None
                if known is not None:
                    conv.invitation = known
                    m.told.setdefault(conv.invitation.text(), []).append(other.name)
                    for hook in sim.tell_hooks:  # the news log follows how far an invitation travels
                        hook(sim, conv.invitation, me.name, other.name)
            if answer.end or len(conv.lines) >= converse.MAX_LINES:
                conv.summary = answer.summary.strip() or converse.summarise(
                    me.persona, other.persona, [(sim.villagers[w].persona.first_name, t) for w, t in conv.lines],
                    conv.acts, conv.place)
                self._end(sim, conv)

        self.decisions.ask(request, apply, vid=me.vid)

    def said_by(self, name: str) -> set[str]:
        """Every line `name` said in the town's finished conversations."""
        if self._spoken_from is not self.finished or self._spoken_upto > len(self.finished):  # a loaded town
            self._spoken, self._spoken_from, self._spoken_upto = {}, self.finished, 0
        for talk in self.finished[self._spoken_upto:]:
            for line in talk["lines"]:
                self._spoken.setdefault(line["speaker"], set()).add(line["text"])
        self._spoken_upto = len(self.finished)
        return self._spoken.get(name, set())

    @staticmethod
    def _note(mine: Relation, theirs: Relation, act: str, topic: str) -> None:
        """Keep what was told and asked, per pair, so a goal is told once and the next talk can follow up."""
        if not topic or act in ("greet", "bye", "bye_back", "busy"):
            return
        if act == "ask":
            if topic not in mine.asked:
                mine.asked = [*mine.asked, topic][-PAIR_TOPICS:]
            return
        if act == "accept" and topic.startswith("invite:"):
            event = "event:" + topic[len("invite:"):]
            if event not in theirs.heard:  # the inviter may ask the guest later how it was
                theirs.heard = [*theirs.heard, event][-PAIR_TOPICS:]
            return
        if topic.startswith(("goal:", "news:")):
            if topic not in mine.told:
                mine.told = [*mine.told, topic][-PAIR_TOPICS:]
            if topic not in theirs.heard:
                theirs.heard = [*theirs.heard, topic][-PAIR_TOPICS:]

    # -- ending -------------------------------------------------------------------------
    def _end(self, sim: Simulation, conv: Conversation) -> None:
        conv.ended = True
        a, b = sim.villagers[conv.a], sim.villagers[conv.b]
        now = sim.clock.seconds
        transcript = " / ".join(f"{sim.villagers[w].persona.first_name}: {t}" for w, t in conv.lines)
        both = f"Conversation between {a.name} and {b.name}: {transcript}"[:600]
        # What both embed for the talk: its summary in shared words (the embedder's cache embeds it once for
        # the pair). The transcript is embedded by it too, as the paper's chat memory is one node keyed by
        # its summary with the transcript as its filling.
        shared = f"{a.name} and {b.name} talked: {conv.summary}"
        for me, other in ((a, b), (b, a)):
            m = self.memories.minds[me.vid]
            rel = m.relations.setdefault(other.name, Relation())
            rel.chats += 1
            rel.last_chat = now
            m.last_talk = now
            rel.affinity += 1
            me.vitals.talked(len(conv.lines))
            rel.last_summary = conv.summary
            event = None
            if conv.invitation is not None and me.name != conv.invitation.host:
                inv = conv.invitation
                if _accepts(sim, me, m, inv, rel):
                    m.promises.append(inv)
                    if inv in m.declined:  # asked again, they changed their mind
                        m.declined.remove(inv)
                    event = inv.as_dict()
                    self._host_hears(sim, other, me, inv, True)
                elif inv not in m.declined and inv not in m.promises:  # hearing it again is no refusal
                    m.declined.append(inv)
                    self._host_hears(sim, other, me, inv, False)
            said = f"Talked with {other.name}: {conv.summary}"
            if event is not None:  # inv is the invitation just promised
                said += f" {inv.host} invited me to the {inv.what} at {inv.place} at {hhmm(inv.start)}."
            node = self.memories.remember(sim, me, "chat", said, now, subject=other.name, event=event,
                                          importance=8 if event else None, key="" if event else shared)
            self.memories.remember(sim, me, "chat", both, now, subject=other.name, evidence=(node.nid,), importance=3,
                                   key=shared)
            me.conversation = None
            if event is not None and me.plan is not None:
                self.days.insert_promise(sim, me)
        sim.log("conversation", f"{a.name} and {b.name}: {conv.summary}", a.tile)
        self.finished.append({
            "a": a.name, "b": b.name, "start": str(GameTime(conv.started, sim.clock.start_date)), "place": conv.place,
            "lines": [{"speaker": sim.villagers[w].name, "text": t} for w, t in conv.lines],
            "summary": conv.summary, "invitation": conv.invitation.as_dict() if conv.invitation else None})
        del self.open[conv.cid]

    def _host_hears(self, sim: Simulation, host: Villager, guest: Villager, inv: Invitation, yes: bool) -> None:
        """The host, told the answer face to face, remembers who is coming to their event (and who is not)."""
        if host.name != inv.host:
            return
        said = invitations.GUEST_YES if yes else invitations.GUEST_NO
        self.memories.remember(sim, host, "chat", said.format(guest=guest.name, what=inv.what, place=inv.place,
                                                              time=hhmm(inv.start)),
                               sim.clock.seconds, subject=guest.name, importance=5)

    def bubble(self, v: Villager) -> str | None:
        """The line v said last, while their conversation goes on."""
        if v.conversation is None:
            return None
        conv = self.open.get(v.conversation)
        if conv is None or not conv.lines:
            return None
        who, text = conv.lines[-1]
        return text if who == v.vid else None


def _accepts(sim: Simulation, me: Villager, m: Mindset, inv: Invitation, rel: Relation) -> bool:
    """Whether me takes up the invitation: the same answer when the line is spoken and when the talk ends
    (seeded by the town, the guest and the event, not by how many lines came between)."""
    seed = zlib.crc32(f"{sim.seed}:{me.name}:{inv.what}:{inv.place}:{inv.day}:{inv.start}".encode())
    return invitations.accepts(me, m, inv, rel, random.Random(seed))


def _why_not(me: Villager, m: Mindset, inv: Invitation) -> str:
    """What keeps me from the event, said when declining ('' when it is only my mood)."""
    if any(p.text() == inv.text() for p in m.promises):
        return "already"
    return invitations.conflict(me, m, inv)


def curiosity(v: Villager) -> float:
    """How readily v says hello to a stranger: outgoing people more, shy ones less."""
    traits = {t.lower() for t in v.persona.traits}
    return max(0.02, CURIOSITY + 0.03 * len(traits & invitations.SOCIAL) - 0.03 * len(traits & invitations.SHY))


def mutual_acquaintance(mine: Mindset, theirs: Mindset, me: str, other: str) -> str:
    """Someone both of us know (kin, a friend or someone we have talked with), '' if nobody: strangers with a
    friend in common introduce themselves through them."""
    common = sorted(mine.acquaintances() & theirs.acquaintances() - {me, other})
    return common[0] if common else ""


def invitation_to_share(m: Mindset, other: str, day: int, minute: int = 0) -> Invitation | None:
    return invitations.to_share(m, other, day, minute)


def face(src: tuple[int, int], dst: tuple[int, int], default: str) -> str:
    dx, dy = dst[0] - src[0], dst[1] - src[1]
    if dx == dy == 0:
        return default
    if abs(dx) >= abs(dy):
        return "right" if dx > 0 else "left"
    return "down" if dy > 0 else "up"


def busy(v: Villager, minute: int) -> str:
    """Why v cannot stay to talk: their shift or next plan item starts within 20 minutes; '' if free."""
    if v.plan is None:
        return ""
    item = next((i for i in v.plan.items if 0 < i.start - minute <= 20 and i.use == "work"), None)
    if item is None or v.plan.item_at(minute).use == "work":  # already at work: a shift's next stretch
        return ""
    return f"my shift at {place_name(item.place)} starts at {hhmm(item.start)}"


def next_activity(v: Villager, minute: int) -> str:
    """What v does after the current plan item (said when leaving a talk)."""
    if v.plan is None:
        return ""
    item = next((i for i in v.plan.items if i.start > minute and i.use != "sleep"), None)
    return item.activity if item is not None else ""


def recent_events(m: Mindset, now: int) -> list[str]:
    """What happened to me lately that is worth telling (thoughts, news, insights of the last RECENT seconds)."""
    found: list[str] = []
    for node in reversed(m.memory.nodes):
        if now - node.created > RECENT or len(found) >= 3:
            break
        if node.kind in ("thought", "reflection", "chat") and node.importance >= 6 and \
                not node.description.startswith(("Plan for", *TRANSCRIPTS, "Who I am")):
            found.append(node.description)
    return found


def due_followups(heard: list[str], day: int, minute: int) -> list[str]:
    """What they told me that is worth asking about now: goals always, events only once they are over."""
    due = []
    for topic in heard:
        if topic.startswith("event:"):
            found = re.search(r" at (\d\d):(\d\d) on day (\d+)$", topic)
            if found is None:
                continue
            end = int(found.group(1)) * 60 + int(found.group(2)) + 120
            if (int(found.group(3)), end) >= (day, minute):
                continue
        due.append(topic)
    return due
