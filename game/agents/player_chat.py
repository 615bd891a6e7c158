"""The exchange with the player, run in the simulation thread: their words remembered, the reply asked for and
delivered, the impression updated, and the whole chat remembered when the panel closes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.agents.chat import (
    PLAYER,
    PLAYER_SAID,
    RETRIEVE,
    TALK_WITH_PLAYER,
    ChatAnswer,
    ChatContext,
    Message,
    chat_request,
    clean_message,
    talk_with_player,
)
from game.agents.chat_rules import offline_chat, sleepy_answer
from game.agents.converse import Invitation
from game.agents.invitations import GUEST_NO, GUEST_YES
from game.agents.mindset import Mindset, Relation
from game.agents.phrasing import keywords
from game.agents.schedule import hhmm

if TYPE_CHECKING:
    from game.agents.mind import GenerativeMind
    from game.agents.villager import Villager
    from game.sim.engine import Simulation


@dataclass
class ChatSession:
    """One open chat panel: the lines so far and whether the player is still there."""

    vid: int
    opened: int  # game seconds
    lines: list[tuple[str, str]] = field(default_factory=list)
    closed: bool = False


def player_relation(mind: GenerativeMind, sim: Simulation, v: Villager) -> Relation:

    m = mind.mind(sim, v)
    return m.relations.setdefault(PLAYER, Relation(relation="a visitor to town"))


def context(mind: GenerativeMind, sim: Simulation, v: Villager, text: str,
            history: list[tuple[str, str]]) -> ChatContext:
    """Retrieve what the villager remembers about the player, the topic and anyone named."""
    m = mind.mind(sim, v)
    rel = player_relation(mind, sim, v)
    # Retrieve on the question itself, and add memories that share its words (a name, 'mayor', 'party').
    memories = [n.description for n in mind.retrieve(sim, v, text, RETRIEVE)]
    words = keywords(text)
    if words:
        hits = [n.description for n in reversed(m.memory.nodes) if n.kind != "observation"
                and words & keywords(n.description)][:4]
        memories = list(dict.fromkeys(hits + memories))
    people: dict[str, tuple[str, list[str]]] = {}
    low = text.lower()
    names = [o.name for o in sim.villagers if o is not v] + [n for n in m.relations if n != PLAYER]
    for name in dict.fromkeys(names):  # villagers in town, and people they know from their story
        first = name.split()[0].lower()
        if name.lower() in low or re.search(rf"\b{re.escape(first)}\b", low):
            known = m.relations.get(name)
            about = [n for n in m.memory.nodes if n.subject == name]
            about.sort(key=lambda n: (n.created, n.importance), reverse=True)
            people[name] = (known.relation if known else "", [n.description for n in about[:4]])
            if len(people) >= 2:
                break
    met = rel.chats > 0 or any(n.subject == PLAYER for n in m.memory.nodes[:-1])
    now = sim.clock.now
    return ChatContext(
        persona=v.persona, text=text, clock=str(now), minute=now.second_of_day // 60,
        action="walking to " + v.place if v.walking else v.action, place=v.place, feeling=v.vitals.describe(),
        home=v.home, workplace=v.workplace, plan=list(v.plan.items) if v.plan else [], memories=memories,
        player=rel, met_before=met, people=people, history=list(history), seed=sim.rng.random(),
        places={name: sector.building_type for name, sector in sim.town.map.sectors.items()},
        town=sim.town.name, events=[_event(p, v.name) for p in m.hosting + m.promises if p.day >= now.day],
        declined=[_event(p, v.name) for p in m.declined if p.day >= now.day],
        talked_today=_talks(m, now.seconds // 86400), talked_yesterday=_talks(m, now.seconds // 86400 - 1),
        reflections=[n.description for n in m.memory.nodes if n.kind == "reflection"][-3:][::-1],
        circle=sorted(((name, r.relation, r.affinity) for name, r in m.relations.items()
                       if name != PLAYER and (r.relation or r.chats)), key=lambda c: -c[2]),
        **_guests(m, v.name, now.day),
    )


def _guests(m: Mindset, me: str, day: int) -> dict[str, list[str]]:
    """For the events v hosts from today on: who was invited, and who said yes or no to the host's face."""
    hosted = [inv for inv in m.hosting if inv.host == me and inv.day >= day]
    asked = list(dict.fromkeys(name for inv in hosted for name in m.told.get(inv.text(), [])))
    answers: dict[str, bool] = {}
    for inv in hosted:
        tail = {"place": inv.place, "what": inv.what, "time": hhmm(inv.start)}
        for n in m.memory.nodes:  # the newest answer counts: a guest may change their mind
            if n.subject and n.description == GUEST_YES.format(guest=n.subject, **tail):
                answers[n.subject] = True
            elif n.subject and n.description == GUEST_NO.format(guest=n.subject, **tail):
                answers[n.subject] = False
    return {"asked": list(dict.fromkeys(asked + list(answers))),
            "coming": [g for g, yes in answers.items() if yes],
            "not_coming": [g for g, yes in answers.items() if not yes]}


def _talks(m: Mindset, day: int) -> list[str]:
    """'Name: summary' of the conversations of a day (counted from 0)."""
    return [n.description[len("Talked with "):] for n in m.memory.nodes
            if n.description.startswith("Talked with ") and n.created // 86400 == day]


def _event(inv: Invitation, me: str) -> str:
    host = " (I'm hosting it)" if inv.host == me else (f" ({inv.host} is hosting)" if inv.host else "")
    return f"the {inv.what} at {inv.place} at {hhmm(inv.start)}{host}"


def answer_player(mind: GenerativeMind, sim: Simulation, v: Villager, session: ChatSession, raw: str,
                  deliver: Callable[[ChatAnswer], None], awake: bool = False) -> Message:
    """Remember the player's words, ask the brain for the reply, deliver it when it comes.

    ``awake`` answers even a sleeping villager (the interview: researchers probe agents at any hour).
    """
    message = clean_message(raw)
    if not message.text:
        return message
    now = sim.clock.seconds
    mind.mind(sim, v)
    mind.remember(sim, v, "chat", f'{PLAYER_SAID}"{message.text}"', now, subject=PLAYER)
    session.lines.append(("Player", message.text))
    if v.asleep and not awake:
        answer = sleepy_answer()
        mind.remember(sim, v, "chat", "The player woke me in the night; I mumbled and went back to sleep.", now,
                      importance=2, subject=PLAYER)
        session.lines.append((v.persona.first_name, answer.reply))
        deliver(answer)
        return message
    ctx = context(mind, sim, v, message.text, session.lines[:-1])
    request = chat_request(ctx, lambda: offline_chat(ctx))

    def apply(result: object) -> None:
        assert isinstance(result, ChatAnswer)
        reply = " ".join(result.reply.split())[:400]
        answer = ChatAnswer(reply=reply, impression=result.impression.strip()[:80], warmth=result.warmth)
        rel = player_relation(mind, sim, v)
        rel.affinity = max(-10, min(10, rel.affinity + answer.warmth))
        if answer.impression:
            rel.impression = answer.impression
        rel.last_chat = sim.clock.seconds
        mind.remember(sim, v, "chat", f'I told the player: "{reply}"', sim.clock.seconds, subject=PLAYER)
        session.lines.append((v.persona.first_name, reply))
        deliver(answer)

    mind.ask(request, apply, vid=v.vid)
    return message


def last_talk(mind: GenerativeMind, sim: Simulation, v: Villager) -> tuple[tuple[str, str], ...]:
    """The newest conversation v remembers with the player, as (speaker, line): "Player" or v's first name."""
    m = mind.mind(sim, v)
    for node in reversed(m.memory.nodes):
        lines = talk_with_player(node.description) if node.subject == PLAYER else []
        if lines:
            return tuple(lines)
    return ()


def end_chat(mind: GenerativeMind, sim: Simulation, v: Villager, session: ChatSession) -> None:
    """The panel closed: remember the exchange as one conversation and count it."""
    session.closed = True
    said = [line for who, line in session.lines if who == "Player"]
    if not said:
        return
    rel = player_relation(mind, sim, v)
    rel.chats += 1
    rel.last_chat = sim.clock.seconds
    transcript = " / ".join(f"{who}: {line}" for who, line in session.lines)
    mind.remember(sim, v, "chat", f"{TALK_WITH_PLAYER}{transcript}"[:600], sim.clock.seconds,
                  importance=4, subject=PLAYER)
