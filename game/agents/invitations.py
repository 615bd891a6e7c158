"""News of events and invitations: what is still worth telling, what an invitation said means, who accepts it.

The conversations (game/agents/conversations.py) call these rules; the news log (game/sim/news.py)
records who told whom and when.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from game.agents.converse import Invitation
from game.agents.mindset import Mindset, Relation

if TYPE_CHECKING:
    from game.agents.villager import Villager

SHY = {"shy", "quiet", "reserved", "introverted", "private", "solitary", "bookish", "reclusive"}
SOCIAL = {"friendly", "outgoing", "sociable", "cheerful", "warm", "talkative", "curious", "generous", "lively"}


#: What a host remembers of a guest's answer, told face to face; the chat reads the guest list back from these.
GUEST_YES = "{guest} said yes to my {what} at {place} at {time}."
GUEST_NO = "{guest} can't come to my {what} at {place} at {time}."

def still_ahead(inv: Invitation, day: int, minute: int) -> bool:
    """An event is news only until it starts: one that began or ended is never passed on or planned again."""
    return (inv.day, inv.start) > (day, minute)


HOST_TELLS = 6  # a host invites this many people in person
GUEST_TELLS = 1  # a guest passes the news on to one person they know


def to_share(m: Mindset, other: str, day: int, minute: int) -> Invitation | None:
    """The event m would tell `other` about now, if any: news travels along ties, not to everyone at once."""
    rel = m.relations.get(other)
    for inv in m.hosting + m.promises:
        told = m.told.get(inv.text(), [])
        if other in told or other == inv.host or not still_ahead(inv, day, minute):
            continue
        if inv in m.hosting and len(told) < HOST_TELLS:
            return inv
        if inv in m.promises and len(told) < GUEST_TELLS and rel is not None and rel.acquainted:
            return inv
    return None


def resolve(speaker: Mindset, speaker_name: str, place: str, start: int, what: str, day: int, minute: int,
            current: Invitation | None) -> Invitation | None:
    """The event a line speaks of, resolved once against the day it was said.

    A guest repeating news names an event they hold (hosting or promised), whatever the clock says now,
    and an event that has begun is not news. A new one is the speaker's own: they host it (today if its
    hour is still ahead, else tomorrow), so no party is planned without its host.
    """
    held = [p for p in speaker.hosting + speaker.promises if (p.place, p.start) == (place, start)]
    if current is not None and (current.place, current.start) == (place, start):
        held.insert(0, current)
    ahead = [p for p in held if still_ahead(p, day, minute)]
    if ahead:
        return ahead[0]
    if held:
        return None  # the event it speaks of has begun or passed: nothing new is made of it
    event = Invitation(what, place, day if start > minute else day + 1, start, speaker_name)
    speaker.hosting.append(event)
    return event


def conflict(v: Villager, m: Mindset, inv: Invitation) -> str:
    """What stands in the way of going ('' when nothing): a work shift, sleep, another promise."""
    p = v.persona
    if p.work is not None and p.workplace and inv.place != p.workplace:
        a, b = p.work
        if a < inv.end and inv.start < b:
            return "work"
    if p.sleep > p.wake and inv.end > p.sleep:
        return "sleep"
    for other in m.promises + m.hosting:
        if other.day == inv.day and other.text() != inv.text() and other.start < inv.end and inv.start < other.end:
            return "another promise"
    return ""


def accepts(v: Villager, m: Mindset, inv: Invitation, teller: Relation, rng: random.Random) -> bool:
    """Whether v says yes: a conflict is a no; otherwise the tie to the teller and v's temper decide."""
    if any(p.text() == inv.text() for p in m.promises):
        return False  # already promised: nothing new to accept
    if conflict(v, m, inv):
        return False
    traits = {t.lower() for t in v.persona.traits}
    p = 0.35 + 0.08 * min(teller.affinity, 4) + (0.15 if teller.relation else 0.0)
    p += 0.15 * len(traits & SOCIAL) - 0.2 * len(traits & SHY)
    if v.vitals.energy < 30:
        p -= 0.2  # too tired to go out
    return rng.random() < max(0.05, min(0.9, p))
