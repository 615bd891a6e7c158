"""Talking: whether to start a conversation, each line of it, and invitations that travel in it.

Every line comes from the speaker's retrieved memories about the listener and
the topic; the offline brain builds lines from the same memories with templates.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from game.agents.persona import Persona, parse_hhmm
from game.agents.phrasing import (
    at_place,
    bond,
    first_person,
    gerund,
    mentions,
    part_of_day,
    pet_name,
    place_name,
    reported,
    strip_prefix,
    to_listener,
    with_article,
    worth_saying,
)
from game.agents.prompting import DEFAULT_TOWN, JSON_ONLY, bullets, describe_relation, speaker_system
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
    offline_talk: bool, town: str = DEFAULT_TOWN, chats: int = 0,
) -> Request[ReactAnswer]:
    prompt = (
        f"{me.describe()}\n\n{me.first_name} is {my_action} and sees {other} ({describe_relation(relation, chats)}), "
        f"who is {their_action}.\nWhat {me.first_name} remembers about {other}:\n"
        + bullets(memories)
        + f"\n\nShould {me.first_name} start a conversation with {other} now? Answer talk true or false."
    )
    return Request(
        step="react",
        agent=me.name,
        system=f"You decide how {me.name}, a villager of {town}, reacts to what they see. {JSON_ONLY}",
        prompt=prompt,
        answer=ReactAnswer,
        offline=lambda: ReactAnswer(talk=offline_talk, reason="rules"),
        max_tokens=80,
        temperature=0.3,
    )


def line_request(c: LineContext, town_places: list[str], clock: str, offline: LineAnswer,
                 town: str = DEFAULT_TOWN) -> Request[LineAnswer]:
    """The model's line: the same relationship, per-pair history, previous line and topics the offline brain uses."""
    me = c.me
    history = "\n".join(f"{who}: {text}" for who, text in c.lines) or "(nobody has spoken yet)"
    before = [f"- {me.first_name} told {c.other.first_name} before: {t.split(':', 1)[1]}" for t in c.told[-4:]]
    before += [f"- {c.other.first_name} told {me.first_name} before: {t.split(':', 1)[1]}" for t in c.heard[-4:]]
    if c.last_summary:
        before.append(f"- Last time: {c.last_summary}")
    if c.mutual:
        before.append(f"- They have not met before; both know {c.mutual}.")
    if c.heard_invitation is not None:  # the answer the offline brain gives, so the words match what happens
        why = {"work": "works then, so will not go to", "sleep": "is asleep by then, so will not go to",
               "another promise": "promised to be elsewhere, so will not go to",
               "already": "has already said yes to"}.get(c.decline_reason, "does not feel like going to")
        before.append(f"- {me.first_name} {'will go to' if c.accepts else why} the {c.heard_invitation.what}.")
    agenda = [_topic_text(act, topic) for act, topic in _agenda(c)[:3]]
    prompt = (
        f"{me.describe()}\n\nIt is {clock}. {me.first_name} is talking with {c.other.name} "
        f"({describe_relation(c.relation, c.chats)}) at {c.place}.\n"
        f"They have talked {c.chats} times before.\n"
        + ("\n".join(before) + "\n" if before else "")
        + f"What {me.first_name} remembers about {c.other.first_name} and the topic:\n"
        + bullets(c.memories)
        + ("\nTopics " + me.first_name + " could bring up:\n" + bullets(agenda) if agenda else "")
        + (f"\n{me.first_name} is in a hurry: {c.busy}." if c.busy else "")
        + f"\n\nThe conversation so far:\n{history}\n\n"
        + f"Write {me.first_name}'s next line, in character, short and natural"
        + (f"; first answer what {c.lines[-1][0]} just said" if c.lines else "")
        + f"; speak to {c.other.first_name} as 'you' and do not repeat what was already said. Set end true to "
        "say goodbye "
        f"(this talk has room for about {c.budget} lines). If they invite the other person to an event, fill "
        "invitation (place from: " + ", ".join(town_places) + "). When end is true, add a one-sentence summary "
        "of what was said."
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
        system=speaker_system(me.name, town),
        prompt=prompt,
        answer=LineAnswer,
        offline=lambda: offline,
        check=check,
        max_tokens=200,
    )


def _topic_text(act: str, topic: str) -> str:
    kind, _, text = topic.partition(":")
    if kind == "followup":
        return "ask how this went: " + text.split(":", 1)[-1]
    if kind == "goal" and act == "goal":
        return "their own goal: " + text
    if topic == "goal":
        return "ask about the other's goals"
    if topic == "day":
        return "ask about the other's day"
    return f"{kind}: {text}" if text else kind


@dataclass
class LineContext:
    """What the speaker knows when saying the next line: who they talk to and what passed between them before,
    the lines so far with what each meant (act, topic), retrieved memories, and the time they have."""

    me: Persona
    other: Persona
    relation: str
    lines: list[tuple[str, str]]  # (speaker's first name, text)
    acts: list[tuple[str, str]]  # (act, topic) of each line, '' for a model's line
    memories: list[str]
    place: str = ""
    my_action: str = ""
    their_action: str = ""
    minute: int = 12 * 60
    feeling: str = "fine"
    chats: int = 0
    told: list[str] = field(default_factory=list)  # topics I told them in earlier talks
    heard: list[str] = field(default_factory=list)  # topics they told me
    asked: list[str] = field(default_factory=list)  # what I asked them about
    last_summary: str = ""
    share: Invitation | None = None
    heard_invitation: Invitation | None = None
    accepts: bool = True
    budget: int = 6  # lines this talk may run, from the topic and the time both have
    busy: str = ""  # why I cannot stay ('my shift at Hobbs Cafe starts at 14:00'), '' if free
    next_up: str = ""  # my next plan activity
    day: int = 0
    said_before: frozenset[str] = frozenset()  # lines I said in earlier talks (to anyone): not said again
    decline_reason: str = ""  # why I cannot take up the invitation ('work', 'sleep', 'another promise'), if any
    mutual: str = ""  # someone we both know, for an introduction between strangers
    heading: str = ""  # where I am walking to, if I am on a walk

    @property
    def bond(self) -> str:
        return bond(self.relation, self.chats)


@dataclass
class Said:
    """An offline line and what it means: act (greet, ask, answer, news, goal, react, invite, accept, bye) and
    topic ('how', 'goal', 'goal:<text>', 'news:<text>', 'followup:<topic>', 'day', 'invite:<text>')."""

    answer: LineAnswer
    act: str
    topic: str = ""


def _time_greeting(minute: int) -> str:
    if minute < 11 * 60:
        return "Morning"
    if minute < 17 * 60:
        return "Hi"
    return "Evening"


def _greet(c: LineContext, rng: random.Random) -> Said:
    name = c.other.first_name
    hello = _time_greeting(c.minute)
    call = pet_name(c.relation, name)
    where = place_name(c.place)
    kind = c.bond
    if kind == "stranger":
        doing = gerund(c.their_action) if c.their_action not in ("", "walking", "sleeping") else ""
        me = f"I'm {c.me.first_name}, {with_article(c.me.occupation)}."
        intro = [f"{hello}! I don't think we've met. {me}", f"Hello there! {me}",
                 f"{hello}! We haven't met properly, have we? {me}", f"{hello}, I'm {c.me.first_name}. "
                 f"I've seen you around {where or 'town'} but never said hello."]
        if c.mutual:
            friend = c.mutual.split()[0]
            intro = [f"{hello}! You must know {friend} too. {me}",
                     f"{hello}! We both know {friend}, I believe. {me}"]
        line = rng.choice(intro)
        if doing and rng.random() < 0.5:
            line += f" Busy {at_place(doing, c.place)}?"
        elif c.their_action == "walking" and rng.random() < 0.5:
            line += rng.choice((" On your way somewhere?", " Off somewhere nice?"))
            return Said(LineAnswer(line=line, end=False), "greet", "going")
        return Said(LineAnswer(line=line, end=False), "greet", "doing" if line.endswith("?") else "")
    openers = {
        "family": (f"{hello}, {call}!", f"There you are, {call}!", f"Oh, {call}!", f"Hello, {call}!",
                   f"Hey, {call}!", f"{call[:1].upper() + call[1:]}! Just the person."),
        "friend": (f"{name}!", f"Hey {name}!", f"{hello}, {name}!", f"Look who it is, {name}!"),
        "colleague": (f"{hello}, {name}.", f"Ah, {name}!", f"{hello}, {name}!", f"Hi there, {name}."),
    }.get(kind, (f"{hello}, {name}!", f"Oh, hello {name}!", f"Hello again, {name}."))
    questions = ("How are you?", "How's your day been?", "How are things?", "How have you been?",
                 f"Fancy meeting you at {where}. How are you?" if where else "All well?", "Keeping well?",
                 "How's everything?", "Good day so far?")
    return Said(LineAnswer(line=f"{rng.choice(openers)} {rng.choice(questions)}", end=False), "greet", "how")


def _mood(c: LineContext, rng: random.Random) -> str:
    doing = gerund(c.my_action) if c.my_action and c.my_action not in ("walking", "sleeping") else ""
    words = [w.strip() for w in c.feeling.split(",") if w.strip() and w.strip() != "fine"]
    bad = [w for w in words if w != "rested"]
    if not words:
        base = rng.choice(("Doing well, thanks.", "Not bad at all.", "Can't complain.", "Good, thanks."))
    elif not bad:
        base = rng.choice(("Feeling fresh today, thanks.", "Rested and ready, thanks."))
    else:
        lead = "Rested, but a bit " if "rested" in words else "A bit "
        base = lead + " and ".join(bad) + rng.choice((", to be honest.", ", if I'm honest.", " today."))
        if "lonely" in bad:
            base += " So it's good to see you."
    return f"{base} I've been {doing}." if doing and rng.random() < 0.6 else base


def _greet_back(c: LineContext, rng: random.Random) -> Said:
    name = c.other.first_name
    call = pet_name(c.relation, name)
    if " I'm " in c.lines[0][1] and not c.chats:
        nice = rng.choice(("Nice to meet you", "Pleased to meet you", "Good to meet you"))
        hello = f"{nice}, {name}! I'm {c.me.first_name}, {with_article(c.me.occupation)}."
    elif c.bond == "family":
        hello = f"Hi {call}!"
    else:
        hello = rng.choice((f"Hi {name}!", f"Hello, {name}.", f"Oh, hi {name}!"))
    if c.busy:
        return Said(LineAnswer(line=f"{hello} Sorry, I can't stop: {c.busy}. Talk later!", end=True,
                               summary=""), "busy", c.busy)
    # How I am only when they asked (an introduction need not ask): an unasked 'Rested and ready' reads scripted.
    act, topic = c.acts[0] if c.acts else ("", "")
    if topic == "going":  # 'On your way somewhere?': where my walk goes
        where = place_name(c.heading)
        if where and where == place_name(c.place):  # a room further on in the same place
            line = f"Not far, just the other end of {where}."
        else:
            line = rng.choice((f"Yes, to {where}.", f"Just heading to {where}.")) if where else \
                "Just stretching my legs."
        return Said(LineAnswer(line=f"{hello} {line}", end=False), "answer", "")
    if topic == "doing":  # 'Busy sitting at Foxglove Green?': yes or no, not how I feel
        doing = gerund(c.my_action) if c.my_action and c.my_action not in ("walking", "sleeping") else ""
        line = f"{rng.choice(('Yes, just ', 'Just ', 'Yes, '))}{doing}." if doing else \
            "Not really, just passing through."
        return Said(LineAnswer(line=f"{hello} {line}", end=False), "answer", "")
    if not (topic == "how" if act else c.lines[0][1].rstrip().endswith("?")):
        return Said(LineAnswer(line=hello, end=False), "answer", "")
    return Said(LineAnswer(line=f"{hello} {_mood(c, rng)}", end=False), "answer", "how")


def _agenda(c: LineContext) -> list[tuple[str, str]]:
    """What I could bring up next, most pressing first: an invitation, a follow-up on what they told me
    before, news from memory, my goal (told once per person), their goal, their day."""
    covered = {t for _, t in c.acts}
    told = set(c.told)
    items: list[tuple[str, str]] = []
    if c.share is not None and c.heard_invitation is None:
        items.append(("invite", "invite:" + c.share.text()))
    followed_up = any(t.startswith("followup:") for t in covered)  # one follow-up a talk, then my own news
    for topic in c.heard if not followed_up else ():
        key = "followup:" + topic
        if topic not in covered and key not in c.asked and key not in covered and topic.startswith(("goal:", "event:")):
            items.append(("ask", key))
            break
    fresh = [n for m in c.memories if (n := _news(m, c.me.name, c.other.name)) is not None
             and "news:" + n not in told and "news:" + n not in covered]
    sighting = any(t.startswith("news:I saw") for t in covered)
    items += [("news", "news:" + n) for n in fresh if not n.startswith("I saw")][:1]
    for goal in c.me.goals:
        key = "goal:" + first_person(goal)
        if key not in told and key not in covered:
            items.append(("goal", key))
            break
    if not sighting:
        items += [("news", "news:" + n) for n in fresh if n.startswith("I saw")][:1]
    # Told me before (I follow up instead) or just now: no need to ask what they are working towards.
    knows_theirs = any(t.startswith("goal:") for t in c.heard) or any(
        t.startswith("goal:") for (who, _), (_, t) in zip(c.lines, c.acts, strict=False) if who == c.other.first_name)
    if "goal" not in c.asked and "goal" not in covered and not knows_theirs:
        items.append(("ask", "goal"))
    if "day" not in covered and c.their_action and c.their_action not in ("walking", "sleeping"):
        items.append(("ask", "day"))
    return items


_OBSERVED = re.compile(r"^(?P<who>[A-Z][\w'-]+(?: [A-Z][\w'-]+)*) is (?P<what>.+?) at (?P<where>.+?)\.?$")
_PASSING = re.compile(r"^[A-Z][\w'-]+(?: [A-Z][\w'-]+)* is walking to ")  # a walker seen: idle, never news


def _news(memory: str, speaker: str, listener: str) -> str | None:
    """A memory worth telling the listener, as the speaker would say it; None for bookkeeping and idle sights."""
    text = strip_prefix(memory.rstrip(".…").strip())
    if not text or not worth_saying(text) or " is my " in text or text.startswith("Talked with ") or \
            _RECOUNT.search(text) or _PASSING.match(text):
        return None
    seen = _OBSERVED.match(text)
    if seen:
        who, what = seen.group("who"), seen.group("what")
        if what in ("sleeping", "walking") or mentions(who, speaker):
            return None
        if mentions(who, listener):
            return f"I saw you {at_place(what, seen.group('where'))} earlier"
        return f"I saw {who.split()[0]} {at_place(what, seen.group('where'))} earlier"
    if mentions(text, listener) or text.startswith(_NEWSWORTHY):
        said = to_listener(text, speaker, listener)
        return said if len(said) < 140 else None
    return None


#: Thoughts that recount our own talks and sightings ('I have told Ben that...', 'we talked at...', 'I keep running
#: into you there'): said back to the people in them they are bookkeeping, not news.
_RECOUNT = re.compile(r"\b(told|talked|talk often|running into .+ there|keep seeing|regular places|hardly know)\b")

#: Thoughts of one's own worth telling: intentions and feelings, not where one spends the days.
_NEWSWORTHY = ("You ", "I want", "I am looking forward", "I'm looking forward", "I am excited", "I'm excited",
               "I will", "I'm going to", "I am going to", "I plan", "I've decided", "I have decided", "I am planning",
               "I'm planning", "I hope")


def _react_news(c: LineContext, news: str, rng: random.Random) -> str:
    if news.startswith("I saw you"):
        return rng.choice(("Ha, yes, that was me!", "You saw that? Yes, busy as ever.", "Guilty! It had to be done."))
    seen = re.match(r"I saw (\w+) (.+?) earlier", news)
    if seen:
        who = seen.group(1)
        return rng.choice((f"{who}? Sounds just like them.", f"Did you? I haven't seen {who} all day.",
                           f"Good for {who}.", f"Ha, {who} never stops."))
    if "you" in news.lower().split():
        return rng.choice(("That's kind of you to say.", "I feel the same way.", "Oh! I'm glad you said so."))
    return rng.choice(("Really? I had no idea.", "That's something to think about.", "Oh? Tell me more sometime.",
                       "Huh, I wouldn't have guessed."))


def _bring_up(c: LineContext, act: str, topic: str, rng: random.Random, lead: str = "") -> Said:
    name = c.other.first_name
    call = pet_name(c.relation, name)  # 'Mum', 'sweetheart': what I call them
    if act == "invite" and c.share is not None:
        inv = c.share
        when = hhmm(inv.start) + (" tomorrow" if inv.day > c.day else "")
        if inv.host == c.me.name:
            line = rng.choice((f"I'm having a {inv.what} at {inv.place} at {when}. Would you come?",
                               f"{name}, I'm throwing a {inv.what} at {inv.place} at {when}. Will you come?",
                               f"Are you free at {when}? I'm having a {inv.what} at {inv.place}.",
                               f"Come to my {inv.what} at {inv.place} at {when}, {name}! Everyone's welcome.",
                               f"I'd love you to come to my {inv.what}, {name}: {inv.place}, {when}."))
        else:
            host = inv.host.split()[0]
            line = rng.choice((f"{host} is having a {inv.what} at {inv.place} at {when}. Would you come?",
                               f"Have you heard? {host} is having a {inv.what} at {inv.place} at {when}.",
                               f"I'm going to {host}'s {inv.what} at {inv.place} at {when}. Come along, {name}?",
                               f"{name}, {host} is hosting a {inv.what} at {inv.place} at {when}. "
                               "Will you come?"))
        return Said(LineAnswer(line=lead + line, end=False, invitation=InvitationAnswer(
            what=inv.what, place=inv.place, time=hhmm(inv.start))), "invite", topic)
    if act == "news":
        news = topic[len("news:"):]
        opener = rng.choice(("Guess what: ", "You know what? ", "By the way: ", "")) if not lead else ""
        return Said(LineAnswer(line=f"{lead}{opener}{news}.", end=False), "news", topic)
    if act == "goal":
        goal = topic[len("goal:"):]
        line = rng.choice((f"I've been trying to {goal}.", f"These days I mostly think about how to {goal}.",
                           f"I'm determined to {goal} this year.", f"I've set my mind on it: I want to {goal}.",
                           f"Can I tell you something, {call}? I'd love to {goal}.",
                           f"Between us, {call}: I want to {goal}.", f"What I really want is to {goal}."))
        return Said(LineAnswer(line=lead + line, end=False), "goal", topic)
    if topic.startswith("followup:"):
        subject = topic[len("followup:"):]
        if subject.startswith("goal:"):
            goal = subject[len("goal:"):]
            line = rng.choice((f"Last time you said you wanted to {_yours(goal)}. How is that going?",
                               f"How are you getting on with your plan to {_yours(goal)}?"))
        else:
            what = subject[len("event:"):].split(" at ")[0]
            line = rng.choice((f"Did you enjoy the {what}?", f"So, did you make it to the {what}?"))
        return Said(LineAnswer(line=lead + line, end=False), "ask", topic)
    if topic == "goal":
        line = rng.choice(("What about you, what are you working towards?", f"And you, {name}? Any big plans?",
                           "What keeps you busy these days?"))
        return Said(LineAnswer(line=lead + line, end=False), "ask", topic)
    doing = gerund(c.their_action)
    line = rng.choice((f"How's the {doing} going?", f"Busy {at_place(doing, c.place)}?",
                       f"Is the {doing} keeping you busy?"))
    return Said(LineAnswer(line=lead + line, end=False), "ask", "day")


def _yours(text: str) -> str:
    return re.sub(r"\bmy\b", "your", text)


def _answer(c: LineContext, topic: str, rng: random.Random) -> Said:
    """The previous line asked something: answer that question."""
    if topic == "how":
        return Said(LineAnswer(line=_mood(c, rng), end=False), "answer", "how")
    if topic == "goal":
        goal = next((first_person(g) for g in c.me.goals if "goal:" + first_person(g) not in c.told), None)
        if goal is None:
            goal = first_person(c.me.goals[0]) if c.me.goals else "get through the week"
            return Said(LineAnswer(line=f"Same as ever: I still want to {goal}.", end=False), "answer", "goal:" + goal)
        line = rng.choice((f"I'm hoping to {goal}.", f"Well, I'd like to {goal}.", f"Mostly trying to {goal}."))
        return Said(LineAnswer(line=line, end=False), "answer", "goal:" + goal)
    if topic.startswith("followup:goal:"):
        goal = topic[len("followup:goal:"):]
        line = rng.choice(("Slowly!", "Getting there.", "Oh, thanks for asking!", "Not bad, actually.")) + \
            rng.choice((f" I still mean to {goal}.", f" To {goal} takes time.",
                        f" I'm a step closer to being able to {goal}.", f" I haven't given up on wanting to {goal}."))
        return Said(LineAnswer(line=line, end=False), "answer", topic)
    if topic.startswith("followup:event:"):
        return Said(LineAnswer(line=rng.choice(("It was lovely, thanks for asking.", "Good fun, you should have come!",
                                                "Quieter than I thought, but nice.")), end=False), "answer", topic)
    if topic.startswith("invite:"):
        inv = c.heard_invitation
        name = c.other.first_name
        if inv is not None and c.accepts:
            at = hhmm(inv.start)
            line = rng.choice((f"A {inv.what}? I'd love to. I'll be at {inv.place} at {at}.",
                               f"Count me in, {name}! {at} at {inv.place}.",
                               f"Oh, how lovely. I'll come to the {inv.what} at {at}.",
                               f"Yes, I'll be there at {at}. Thank you, {name}!",
                               f"I wouldn't miss it. {inv.place} at {at}, then."))
            return Said(LineAnswer(line=line, end=False), "accept", topic)
        return Said(LineAnswer(line=_decline(c, inv, rng), end=False), "decline", topic)
    if topic == "day":
        doing = gerund(c.my_action) if c.my_action else "getting things done"
        line = rng.choice((f"Busy enough! Just {doing}.", f"Oh, you know, {doing}. It keeps me going.",
                           f"Pretty good. {doing[:1].upper() + doing[1:]} today."))
        return Said(LineAnswer(line=line, end=False), "answer", "day")
    news = next((n for m in c.memories if (n := _news(m, c.me.name, c.other.name))), None)
    return Said(LineAnswer(line=f"Hmm, good question. {news}." if news else "Hmm, I'm not sure, to be honest.",
                           end=False), "answer", "")


def _decline(c: LineContext, inv: Invitation | None, rng: random.Random) -> str:
    """No, with the reason that stands in the way when there is one (a shift, sleep, another promise)."""
    name = c.other.first_name
    what = f"the {inv.what}" if inv is not None else "it"
    reasons = {
        "work": (f"I'm working then{' at ' + place_name(c.me.workplace) if c.me.workplace else ''}.",
                 "my shift runs right through it.", f"I'll still be at work, {name}."),
        "sleep": ("that's past my bedtime, I'm afraid.", "I'll be fast asleep by then.",
                  "I'm up too early the next day."),
        "already": ("I'm already going, as it happens!", "I'd already said yes to it.",
                    f"I heard already, {name}, and I'm going."),
        "another promise": ("I've already promised to be somewhere else then.", "I'm booked at that hour.",
                            f"I said yes to something else, {name}."),
    }.get(c.decline_reason, ("I'd rather have a quiet one today.", "I'm not much of a party person.",
                             f"I don't think it's for me, {name}.", "I'm worn out, to be honest."))
    return rng.choice((f"Thanks for asking, but {rng.choice(reasons)}", f"I can't make {what}: {rng.choice(reasons)}",
                       f"Sorry, {name}, {rng.choice(reasons)}"))


def _react(c: LineContext, act: str, topic: str, rng: random.Random) -> str:
    if act == "news":
        return _react_news(c, topic[len("news:"):], rng)
    if act in ("goal", "answer") and topic.startswith("goal:"):
        goal = _yours(topic[len("goal:"):])
        return rng.choice((f"To {goal}? That's worth doing.", f"You'll manage to {goal}, I'm sure.",
                           "Good for you!", "I'd like to hear how it goes with that."))
    if act == "accept":
        return rng.choice(("Wonderful, see you there!", "Great, I'm glad!", f"Lovely, {c.other.first_name}!",
                           "Oh good, that makes my day."))
    if act == "decline":
        return rng.choice(("That's a shame. Another time.", "No worries.", f"Next time, then, {c.other.first_name}.",
                           "Ah well, I understand."))
    if act == "answer" and topic.startswith("followup:"):
        return rng.choice(("Glad to hear it.", "Keep at it!", "Good to know."))
    return rng.choice(("I see.", "Right.", "Ah, yes."))


def _goodbye(c: LineContext, rng: random.Random, back: bool) -> Said:
    name = c.other.first_name
    call = pet_name(c.relation, name) if c.bond == "family" else name
    nxt = gerund(c.next_up) if c.next_up else ""
    part = part_of_day(c.minute)
    touches = [f"Enjoy the rest of your {part}, {call}.", f"Have a good {part}, {call}.",
               f"It was good to see you, {call}."]
    touches.append(f"Look after yourself, {call}.")
    theirs = [t for (who, _), (act, t) in zip(c.lines, c.acts, strict=False) if who == name and t]
    goal = next((t[len("goal:"):] for t in theirs if t.startswith("goal:")), None)
    if goal:
        touches.append(f"Good luck with your plan to {_yours(goal)}!")
    if any(act == "accept" for act, _ in c.acts) and c.share is not None:
        touches.append(f"See you at the {c.share.what}!")
    if nxt:
        touches.append(f"Next I'm {at_place(nxt, '')}.")
    said_last = c.lines[-1][1] if c.lines else ""
    touch = rng.choice([t for t in touches if t.split(",")[0] not in said_last] or touches)  # no echo
    if back:
        opener = rng.choice((f"Bye, {call}!", f"See you, {call}.", f"Take care, {call}!", f"Talk soon, {call}.",
                             "Bye for now!", "Right, see you around.", f"Until next time, {call}.",
                             f"Off you go, {call}!"))
    else:
        opener = rng.choice((f"I should get going, {call}.", f"Well, I'll let you get on, {call}.",
                             f"Good talking to you, {call}.", f"Nice chatting, {call}."))
    if call in opener:  # the name once in a goodbye, not in both of its sentences
        touch = touch.replace(f", {call}", "")
    line = f"{opener} {touch}"
    return Said(LineAnswer(line=line, end=back), "bye_back" if back else "bye")


SAY_AGAIN_TRIES = 8


def next_line(c: LineContext, rng: random.Random) -> Said:
    """The next line by rules: greet by relationship, answer the line before, bring up a topic from memory,
    and say goodbye when the topics or the time run out. A line this speaker has said before (in this talk or
    an earlier one) is worded again, so nobody repeats themselves word for word."""
    mine = {text for who, text in c.lines if who == c.me.first_name}
    said = _compose(c, rng)
    for _ in range(SAY_AGAIN_TRIES):
        if said.answer.line not in c.said_before and said.answer.line not in mine:
            break
        said = _compose(c, rng)
    return said


def _compose(c: LineContext, rng: random.Random) -> Said:
    n = len(c.lines)
    if n == 0:
        said = _greet(c, rng)
    elif n == 1:
        said = _greet_back(c, rng)
    else:
        prev_act, prev_topic = c.acts[-1] if c.acts else ("", "")
        if not prev_act:  # a model's line: a question gets an answer, anything else a nod and a topic
            prev_act = "ask" if c.lines[-1][1].rstrip().endswith("?") else "say"
        if prev_act in ("bye", "busy"):
            said = _goodbye(c, rng, back=True)
        elif prev_act in ("ask", "invite", "greet"):
            said = _answer(c, prev_topic if prev_act != "invite" else prev_topic or "invite:", rng)
            if prev_act == "invite" and c.heard_invitation is None:
                said = Said(LineAnswer(line="That sounds nice.", end=False), "answer", prev_topic)
        else:
            lead = _react(c, prev_act, prev_topic, rng) + " " if prev_act != "answer" or \
                prev_topic.startswith(("goal:", "followup:")) else ""
            agenda = _agenda(c)
            if not agenda or n >= c.budget - 2:
                said = _goodbye(c, rng, back=n >= c.budget - 1)  # the last line of the budget ends the talk
                said.answer.line = lead + said.answer.line
            else:
                act, topic = agenda[0]
                said = _bring_up(c, act, topic, rng, lead)
    if n >= MAX_LINES - 1 and not said.answer.end:
        said = _goodbye(c, rng, back=True)
    if said.answer.end:
        said.answer.summary = summarise(c.me, c.other, [*c.lines, (c.me.first_name, said.answer.line)],
                                        [*c.acts, (said.act, said.topic)], c.place)
    return said


def summarise(a: Persona, b: Persona, lines: list[tuple[str, str]], acts: list[tuple[str, str]], place: str) -> str:
    """What was actually said: the topics and any news, in one sentence."""
    names = {a.first_name: b.first_name, b.first_name: a.first_name}
    parts: list[str] = []
    for (who, _text), (act, topic) in zip(lines, acts, strict=False):
        other = names.get(who, "the other")
        if act == "invite":
            parts.append(f"{who} invited {other} to {topic[len('invite:'):].split(' on day')[0]}")
        elif act in ("accept", "decline"):
            parts.append(f"{who} {'accepted' if act == 'accept' else 'declined'}")
        elif topic.startswith("goal:") and act in ("goal", "answer"):
            parts.append(f"{who} said they want to {_theirs(topic[len('goal:'):])}")
        elif act == "news":
            parts.append(f"{who} told {other} that {reported(topic[len('news:'):], who, other)}")
        elif act == "ask" and topic.startswith("followup:"):
            kind, _, what = topic[len("followup:"):].partition(":")
            if kind == "goal":
                parts.append(f"{who} asked how {other}'s plan to {_theirs(what)} was going")
            else:
                parts.append(f"{who} asked {other} how the {what.split(' at ')[0]} had been")
        elif act == "busy":
            parts.append(f"{who} was in a hurry ({_theirs(topic)})")
    where = place_name(place)
    if not parts:
        return f"{a.first_name} and {b.first_name} said hello" + (f" at {where}" if where else "") + \
            f" and talked about how they were ({len(lines)} lines)."
    text = "; ".join(parts[:4])
    return f"At {where}, {text}." if where else text[:1].upper() + text[1:] + "."


def _theirs(text: str) -> str:
    return re.sub(r"\bmy\b", "their", text)
