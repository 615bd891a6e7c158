"""Talking: whether to start a conversation, each line of it, and invitations that travel in it.

Every line comes from the speaker's retrieved memories about the listener and
the topic; the offline brain builds lines from the same memories with templates.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from game.agents.persona import Persona, parse_hhmm
from game.agents.phrasing import first_person, gerund, worth_saying
from game.agents.schedule import hhmm
from game.llm.base import Request

MAX_LINES = 8


class ReactAnswer(BaseModel):
    talk: bool = Field(description="true to start a conversation now")
    reason: str = ""


class InvitationAnswer(BaseModel):
    what: str = Field(description="the occasion, e.g. 'birthday party'")
    place: str = Field(description="one of the town's place names")
    time: str = Field(description="HH:MM start time, today")


class LineAnswer(BaseModel):
    line: str = Field(description="what the speaker says next, one or two sentences")
    end: bool = Field(description="true if the conversation ends after this line")
    summary: str = Field(default="", description="when end is true: one sentence summing up the conversation")
    invitation: InvitationAnswer | None = None


@dataclass(frozen=True)
class Invitation:
    what: str
    place: str
    day: int
    start: int  # minutes after midnight
    host: str

    @property
    def end(self) -> int:
        return min(1440, self.start + 120)

    def text(self) -> str:
        return f"{self.what} at {self.place} at {hhmm(self.start)} on day {self.day}"

    def as_dict(self) -> dict:
        return {"what": self.what, "place": self.place, "day": self.day, "start": self.start, "host": self.host}

    @staticmethod
    def from_dict(d: dict) -> Invitation:
        return Invitation(str(d["what"]), str(d["place"]), int(d["day"]), int(d["start"]), str(d.get("host", "")))


_OCCASION = re.compile(
    r"\b((?:[\w']+\s){0,2}(?:party|gathering|concert|meeting|dinner|picnic|celebration|game night|"
    r"get-together|festival|reading|show|meetup|lunch|breakfast))\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE)


def parse_invitation(text: str, places: list[str], day: int, minute: int, host: str) -> Invitation | None:
    """Find 'a party at Maple Cafe at 5pm tomorrow' in free text; None when it names no place or time."""
    place = next((p for p in sorted(places, key=len, reverse=True) if p.lower() in text.lower()), None)
    occasion = _OCCASION.search(text)
    if place is None or occasion is None:
        return None
    start = None
    for m in _TIME.finditer(text):
        hour = int(m.group(1))
        mins = int(m.group(2) or 0)
        suffix = (m.group(3) or "").lower().replace(".", "")
        if not m.group(2) and not suffix:
            continue
        if suffix == "pm" and hour < 12:
            hour += 12
        if suffix == "am" and hour == 12:
            hour = 0
        if 0 <= hour < 24 and 0 <= mins < 60:
            start = hour * 60 + mins
            break
    if start is None:
        return None
    when_day = day + 1 if "tomorrow" in text.lower() or start < minute - 30 else day
    what = occasion.group(1).strip().lower()
    what = re.sub(r"^((hosting|having|throwing|holding|giving|organi[sz]ing|a|an|the|my|our|his|her)\s+)+", "", what)
    return Invitation(what, place, when_day, start, host)


def react_request(
    me: Persona, other: str, relation: str, memories: list[str], my_action: str, their_action: str,
    offline_talk: bool,
) -> Request[ReactAnswer]:
    prompt = (
        f"{me.describe()}\n\n{me.first_name} is {my_action} and sees {other} ({relation or 'someone from town'}), "
        f"who is {their_action}.\nWhat {me.first_name} remembers about {other}:\n"
        + ("\n".join(f"- {m}" for m in memories) or "- nothing yet")
        + f"\n\nShould {me.first_name} start a conversation with {other} now? Answer talk true or false."
    )
    return Request(
        step="react",
        agent=me.name,
        system=f"You decide how {me.name}, a villager of Tinytown, reacts to what they see. Answer only with JSON.",
        prompt=prompt,
        answer=ReactAnswer,
        offline=lambda: ReactAnswer(talk=offline_talk, reason="rules"),
        max_tokens=80,
        temperature=0.3,
    )


def line_request(
    me: Persona,
    other: str,
    relation: str,
    memories: list[str],
    lines: list[tuple[str, str]],
    place: str,
    clock: str,
    town_places: list[str],
    offline: LineAnswer,
) -> Request[LineAnswer]:
    history = "\n".join(f"{who}: {text}" for who, text in lines) or "(nobody has spoken yet)"
    prompt = (
        f"{me.describe()}\n\nIt is {clock}. {me.first_name} is talking with {other} "
        f"({relation or 'someone from town'}) at {place}.\n"
        f"What {me.first_name} remembers about {other} and the topic:\n"
        + ("\n".join(f"- {m}" for m in memories) or "- nothing yet")
        + f"\n\nThe conversation so far:\n{history}\n\n"
        f"Write {me.first_name}'s next line, in character, short and natural. Set end true to say goodbye. "
        "If they invite the other person to an event, fill invitation (place from: "
        + ", ".join(town_places)
        + "). When end is true, add a one-sentence summary."
    )
    places = set(town_places)

    def check(answer: LineAnswer) -> None:
        if not answer.line.strip():
            raise ValueError("empty line")
        if answer.invitation is not None:
            if answer.invitation.place not in places:
                raise ValueError(f"unknown place {answer.invitation.place!r}")
            parse_hhmm(answer.invitation.time)

    return Request(
        step="converse",
        agent=me.name,
        system=f"You speak as {me.name}, a villager of Tinytown. Stay in character. Answer only with JSON.",
        prompt=prompt,
        answer=LineAnswer,
        offline=lambda: offline,
        check=check,
        max_tokens=200,
    )


def _time_greeting(minute: int) -> str:
    if minute < 11 * 60:
        return "Morning"
    if minute < 17 * 60:
        return "Hi"
    return "Evening"


def offline_line(
    me: Persona,
    other: Persona,
    relation: str,
    lines: list[tuple[str, str]],
    memories: list[str],
    their_action: str,
    to_share: Invitation | None,
    heard: Invitation | None,
    minute: int,
    vitals_text: str,
    rng: random.Random,
) -> LineAnswer:
    """The next line by rules: greet, answer, share news or an invitation from memory, say goodbye."""
    n = len(lines)
    name = other.first_name
    if n == 0:
        doing = gerund(their_action) if their_action else ""
        opener = rng.choice(
            (
                f"{_time_greeting(minute)}, {name}! How are you?",
                f"{_time_greeting(minute)}, {name}. Busy {doing}?" if doing else f"Hey {name}!",
                f"Oh, hello {name}! Good to see you.",
                f"{name}! Just the person I hoped to run into.",
            )
        )
        return LineAnswer(line=opener, end=False)
    if n == 1:
        mood = {
            "fine": rng.choice(("Doing well, thanks.", "Not bad at all.", "Can't complain.")),
            "rested": rng.choice(("Feeling fresh today, thanks.", "Wide awake, for once!")),
        }.get(vitals_text, f"A bit {vitals_text}, to be honest.")
        memory = _memory_mention(memories, other.name, me.name, rng)
        return LineAnswer(line=f"{mood} {memory}".strip(), end=False)
    if n == 2:
        if to_share is not None:
            return LineAnswer(
                line=f"By the way, there's a {to_share.what} at {to_share.place} at {hhmm(to_share.start)}"
                + (" tomorrow" if to_share.day > 0 and to_share.start < minute - 30 else "")
                + ". Would you come?",
                end=False,
                invitation=InvitationAnswer(what=to_share.what, place=to_share.place, time=hhmm(to_share.start)),
            )
        goal = first_person(rng.choice(me.goals)) if me.goals else "get through the week"
        return LineAnswer(
            line=rng.choice(
                (
                    f"I've been trying to {goal}. What about you?",
                    f"These days I mostly think about how to {goal}. And you?",
                    f"I'm determined to {goal} this year. What keeps you busy?",
                )
            ),
            end=False,
        )
    if n == 3:
        if heard is not None:
            return LineAnswer(
                line=f"A {heard.what}? I'd love to. I'll be at {heard.place} at {hhmm(heard.start)}.", end=False
            )
        goal = first_person(rng.choice(me.goals)) if me.goals else "take it easy"
        return LineAnswer(
            line=rng.choice(
                (
                    f"Good for you! I'm hoping to {goal} myself.",
                    f"That sounds worth it. Me, I want to {goal}.",
                    f"Nice. I keep telling myself I'll {goal} soon.",
                )
            ),
            end=False,
        )
    summary = _summary(me, other, lines, to_share or heard)
    return LineAnswer(
        line=rng.choice(("Well, I should get going. See you around!", f"Take care, {name}!", "Talk soon!",
                         f"Good talking to you, {name}.")),
        end=True,
        summary=summary,
    )


_OBSERVED = re.compile(r"^(?P<who>[A-Z][\w'-]+(?: [A-Z][\w'-]+)*) is (?P<what>.+?) at (?P<where>.+?)\.?$")


def _memory_mention(memories: list[str], listener: str, speaker: str, rng: random.Random) -> str:
    """Bring up something remembered about someone else: retrieval results feed the small talk."""
    for memory in memories if rng.random() < 0.8 else rng.sample(memories, len(memories)):
        text = memory.rstrip(".…")
        if not worth_saying(text):
            continue
        seen = _OBSERVED.match(text)
        if seen:
            who = seen.group("who")
            if who in (listener, speaker) or seen.group("what") in ("sleeping", "walking"):
                continue
            first = who.split()[0]
            place = seen.group("where").split(",")[0]
            return f"I saw {first} {seen.group('what')} at {place} earlier."
        if text.startswith("Talked with "):
            who = text[len("Talked with "):].split(":")[0]
            if who != listener:
                return f"I was just chatting with {who.split()[0]}."
            continue
        if " is my " in text or text.startswith(listener):
            continue
        if text.startswith("I ") or text.startswith(("I'm", "I've")):
            return f"{text}, you know."
        return f"I keep thinking: {text[0].lower() + text[1:] if not text[:1].isupper() else text}."
    return ""


def _summary(me: Persona, other: Persona, lines: list[tuple[str, str]], invitation: Invitation | None) -> str:
    if invitation is not None:
        return f"{me.first_name} and {other.first_name} talked about the {invitation.what} at {invitation.place} " \
            f"at {hhmm(invitation.start)}."
    return f"{me.first_name} and {other.first_name} caught up and talked about their plans."
