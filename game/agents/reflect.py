"""Reflection: when enough has happened, ask three salient questions and store insights with evidence."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from game.agents.memory import MemoryNode
from game.agents.persona import Persona
from game.agents.prompting import DEFAULT_TOWN, role_system
from game.llm.base import Request

THRESHOLD = 150
TOP_K = 30
MAX_INSIGHTS = 5


class QuestionsAnswer(BaseModel):
    questions: list[str] = Field(min_length=1, max_length=3)


class InsightAnswer(BaseModel):
    text: str
    evidence: list[int] = Field(description="ids of the memories this insight rests on")


class InsightsAnswer(BaseModel):
    insights: list[InsightAnswer] = Field(max_length=MAX_INSIGHTS)


def _system(persona: Persona, town: str) -> str:
    return role_system("reflective mind", persona.name, town)


def offline_questions(persona: Persona, recent: list[MemoryNode]) -> QuestionsAnswer:
    people = Counter(n.subject for n in recent if n.subject and n.subject != persona.name and " " in n.subject)
    questions = [f"What do I think of {who}?" for who, _ in people.most_common(2)]
    places = Counter(place_of(n.description) for n in recent if " at " in n.description)
    if places:
        questions.append(f"How do I feel about my time at {places.most_common(1)[0][0]}?")
    if not questions:
        questions.append("What matters most to me these days?")
    return QuestionsAnswer(questions=questions[:3])


def questions_request(persona: Persona, recent: list[MemoryNode], town: str = DEFAULT_TOWN) -> Request[QuestionsAnswer]:
    listing = "\n".join(f"- {n.description}" for n in recent)
    prompt = (
        f"{persona.describe()}\n\nRecent memories of {persona.first_name}:\n{listing}\n\n"
        "Given only these, what are the 3 most salient high-level questions we can answer about "
        f"{persona.first_name}'s life? Answer as {{\"questions\": [...]}}."
    )
    return Request(
        step="reflect_questions",
        agent=persona.name,
        system=_system(persona, town),
        prompt=prompt,
        answer=QuestionsAnswer,
        offline=lambda: offline_questions(persona, recent),
        max_tokens=200,
    )


def place_of(text: str) -> str:
    """'... at Copper Kettle Cafe, dining room.' -> 'Copper Kettle Cafe': the place a memory happened at."""
    return text.rsplit(" at ", 1)[-1].rstrip(".").split(",")[0].strip()


@dataclass
class Record:
    """What a villager's own record says, for insights to rest on and to be checked against."""

    chats: dict[str, int] = field(default_factory=dict)  # person -> finished conversations
    relations: dict[str, str] = field(default_factory=dict)  # person -> 'my sister'
    last_talk: dict[str, str] = field(default_factory=dict)  # person -> what the last talk was about
    places: Counter = field(default_factory=Counter)  # place -> memories made there
    hours: Counter = field(default_factory=Counter)  # place -> minutes spent there today, by the plan
    doing: dict[str, str] = field(default_factory=dict)  # place -> the longest activity there today
    promises: list[str] = field(default_factory=list)  # 'the party at Cafe at 17:00' not yet past
    goals: tuple[str, ...] = ()


def offline_insights(persona: Persona, evidence: dict[str, list[MemoryNode]],
                     record: Record | None = None) -> InsightsAnswer:
    """Insights in several forms, each drawn from what the record says happened (never a claim it cannot back)."""
    record = record or Record()
    insights: list[InsightAnswer] = []
    for question, nodes in evidence.items():
        if not nodes:
            continue
        if question.startswith("What do I think of "):
            who = question[len("What do I think of ") : -1]
            about = [n for n in nodes if who in n.description or n.subject == who] or nodes[:3]
            insights.append(InsightAnswer(text=_about_person(persona, who, record, about),
                                          evidence=[n.nid for n in about[:5]]))
        elif question.startswith("How do I feel about my time at "):
            place = question[len("How do I feel about my time at ") : -1]
            at = [n for n in nodes if place in n.description] or nodes[:3]
            insights.append(InsightAnswer(text=_about_place(persona, place, record),
                                          evidence=[n.nid for n in at[:5]]))
        events = [n for n in nodes if n.event]
        for promise in record.promises:
            ev = next((n for n in events if (n.event or {}).get("place", "") in promise), None)
            if ev is not None:
                insights.append(InsightAnswer(text=f"I said I would be at {promise}, and I mean to keep my word.",
                                              evidence=[ev.nid]))
                break
    if record.goals and evidence:
        pool = [n for ns in evidence.values() for n in ns]
        goal = record.goals[sum(len(ns) for ns in evidence.values()) % len(record.goals)]
        near = [n for n in pool if any(w in n.description.lower() for w in _words(goal))]
        if near:
            insights.append(InsightAnswer(text=f"What I did lately brings me closer to my goal: {goal}.",
                                          evidence=[n.nid for n in near[:3]]))
        elif pool:
            insights.append(InsightAnswer(text=f"I have done little lately toward my goal: {goal}.",
                                          evidence=[pool[0].nid]))
    if not insights:
        top = max((n for ns in evidence.values() for n in ns), key=lambda n: n.importance, default=None)
        if top is not None:
            insights.append(InsightAnswer(text=f"What stays with me lately: {top.description}", evidence=[top.nid]))
    seen = set()
    unique = []
    for ins in insights:
        if normalise(ins.text) not in seen:
            seen.add(normalise(ins.text))
            unique.append(ins)
    return InsightsAnswer(insights=unique[:MAX_INSIGHTS])


def _about_person(persona: Persona, who: str, record: Record, about: list[MemoryNode]) -> str:
    first = who.split()[0]
    n = record.chats.get(who, 0)
    relation = record.relations.get(who, "")
    topic = record.last_talk.get(who, "")
    if n >= 3 and relation:
        return f"{first} and I talk often; {first} is {relation} and we are getting closer."
    if n >= 2:
        if topic:
            return f"{first} and I have talked {n} times; last time it was about {topic}."
        return f"{who} and I talk often; we are getting closer."
    if n == 1:
        if topic:
            return f"I have talked with {first} only once, about {topic}; I would like to know {first} better."
        return f"I have talked with {first} only once; I would like to know {first} better."
    seen = [n for n in about if n.kind == "observation"]
    if relation:
        return f"{who} is {relation}, yet we have not sat down to talk lately."
    if len(seen) >= 2:
        return f"I keep seeing {who} around but we have never really talked."
    return f"I hardly know {who} yet."


def _about_place(persona: Persona, place: str, record: Record) -> str:
    minutes = record.hours.get(place, 0)
    doing = record.doing.get(place, "")
    if minutes >= 60 and doing:
        hours = round(minutes / 60)
        span = "an hour" if hours <= 1 else f"{hours} hours"
        if place == persona.workplace:
            return f"Today {span} went to {doing} at {place}; being a {persona.occupation} fills my days."
        return f"I gave {span} today to {doing} at {place}."
    if place == persona.workplace:
        return f"Work at {place} fills much of my days as a {persona.occupation}."
    if record.places.get(place, 0) >= 3:
        return f"{place} has become one of my regular places; I keep ending up there."
    return f"I have been to {place} now and then."


def _words(goal: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]{5,}", goal.lower()) if w not in {"about", "become", "their", "which"}]


_TALK_OFTEN = re.compile(r"(?:^|\b)([A-Z][\w'-]+(?: [A-Z][\w'-]+)*) and I (?:talk often|have talked (\d+) times)")
_ONLY_ONCE = re.compile(r"I have talked with ([A-Z][\w'-]+) only once")
_MORE_THAN_ANYWHERE = re.compile(r"(?:I spend (?:more of my time|a lot of my days)|went to .+?) at (.+?)(?: than|;|\.)")
_PROMISED = re.compile(r"I said I would be at (.+?), and")


def false_claim(text: str, record: Record, names: dict[str, str]) -> str:
    """Why `text` contradicts the record ('' when no claim in it fails); names maps first names to full names.

    Checked: how often the villager talked with someone, where they spend their time, what they promised.
    """
    m = _TALK_OFTEN.search(text)
    if m:
        who = names.get(m.group(1), m.group(1))
        have = record.chats.get(who, 0)
        said = int(m.group(2)) if m.group(2) else 2
        if have < said:
            return f"talked with {who} {have} times, not {said}"
    m = _ONLY_ONCE.search(text)
    if m:
        who = names.get(m.group(1), m.group(1))
        if record.chats.get(who, 0) != 1:
            return f"talked with {who} {record.chats.get(who, 0)} times, not once"
    m = _MORE_THAN_ANYWHERE.search(text)
    if m and record.hours:
        place = m.group(1)
        if record.hours.get(place, 0) < max(record.hours.values()) // 2:
            return f"little time at {place}"
    m = _PROMISED.search(text)
    if m and m.group(1) not in record.promises:
        return f"no promise of {m.group(1)}"
    return ""


def normalise(text: str) -> str:
    """An insight's words without case, punctuation or numbers: two texts equal here say the same thing."""
    return " ".join(re.sub(r"\d+", "#", re.sub(r"[^\w\s]", " ", text.lower())).split())


def near_duplicate(text: str, held: list[str]) -> bool:
    """Whether `text` says what one of the `held` insights says (same words, or 80% of them shared)."""
    words = set(normalise(text).split())
    for other in held:
        theirs = set(normalise(other).split())
        if words == theirs or (words and theirs and len(words & theirs) / len(words | theirs) >= 0.8):
            return True
    return False


def insights_request(persona: Persona, evidence: dict[str, list[MemoryNode]],
                     record: Record | None = None, town: str = DEFAULT_TOWN) -> Request[InsightsAnswer]:
    blocks = []
    for question, nodes in evidence.items():
        listing = "\n".join(f"  [{n.nid}] {n.description}" for n in nodes)
        blocks.append(f"Question: {question}\n{listing}")
    facts = ""
    if record is not None and record.chats:
        talks = ", ".join(f"{who} {n}" for who, n in sorted(record.chats.items()) if n)
        facts = f"\n\nConversations {persona.first_name} has had, by person: {talks or 'none yet'}."
    prompt = (
        f"{persona.describe()}\n\n" + "\n\n".join(blocks) + facts + "\n\nWhat high-level insights (at most 5) can "
        f"{persona.first_name} infer from these memories? Cite the ids of the memories each insight rests on; "
        "claim nothing the memories and counts do not show."
    )
    valid = {n.nid for nodes in evidence.values() for n in nodes}

    def check(answer: InsightsAnswer) -> None:
        for ins in answer.insights:
            if not ins.text.strip():
                raise ValueError("empty insight")
            if not ins.evidence or any(e not in valid for e in ins.evidence):
                raise ValueError("insight cites memories that were not given")

    return Request(
        step="reflect_insights",
        agent=persona.name,
        system=_system(persona, town),
        prompt=prompt,
        answer=InsightsAnswer,
        offline=lambda: offline_insights(persona, evidence, record),
        check=check,
        max_tokens=600,
    )
