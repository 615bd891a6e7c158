"""Reflection: when enough has happened, ask three salient questions and store insights with evidence."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from game.agents.memory import MemoryNode
from game.agents.persona import Persona
from game.agents.phrasing import at_place, bond, first_person, reported, with_article
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
    last_talk: dict[str, str] = field(default_factory=dict)  # person -> 'at Copper Kettle Cafe on day 2 in the morning'
    places: Counter = field(default_factory=Counter)  # place -> memories made there
    hours: Counter = field(default_factory=Counter)  # place -> minutes spent there today, by the plan
    doing: dict[str, str] = field(default_factory=dict)  # place -> the longest activity there today
    promises: list[str] = field(default_factory=list)  # 'the party at Cafe at 17:00' not yet past
    goals: tuple[str, ...] = ()
    heard: dict[str, list[str]] = field(default_factory=dict)  # person -> what they told me ('goal:..', 'news:..')
    told: dict[str, list[str]] = field(default_factory=dict)  # person -> what I told them
    seen: dict[str, Counter] = field(default_factory=dict)  # person -> (doing, place) -> times I saw it
    met_at: dict[str, Counter] = field(default_factory=dict)  # place -> person -> times I saw or talked with them
    told_by: dict[str, str] = field(default_factory=dict)  # promise -> 'Rosa, at 10:40' (who told me, when)
    held: list[str] = field(default_factory=list)  # insights already held: a new one says something else
    me: str = ""  # the villager's own full name


def offline_insights(persona: Persona, evidence: dict[str, list[MemoryNode]],
                     record: Record | None = None) -> InsightsAnswer:
    """Insights drawn from what the record says happened (never a claim it cannot back): for each question the
    first of several candidates, most specific first, that says something no held insight says already."""
    record = record or Record()
    held = list(record.held)
    insights: list[InsightAnswer] = []

    def take(candidates: list[str], cite: list[MemoryNode]) -> None:
        for text in candidates:
            # A bare head ('X has become one of my regular places.') adds nothing to a held one that goes on.
            if not near_duplicate(text, held) and not any(h.startswith(text.rstrip(".")) for h in held):
                held.append(text)
                insights.append(InsightAnswer(text=text, evidence=[n.nid for n in cite[:5]]))
                return

    for question, nodes in evidence.items():
        if not nodes:
            continue
        if question.startswith("What do I think of "):
            who = question[len("What do I think of ") : -1]
            about = [n for n in nodes if who in n.description or n.subject == who] or nodes[:3]
            take(_about_person(persona, who, record), about)
        elif question.startswith("How do I feel about my time at "):
            place = question[len("How do I feel about my time at ") : -1]
            at = [n for n in nodes if place in n.description] or nodes[:3]
            take(_about_place(persona, place, record), at)
        events = [n for n in nodes if n.event]
        for promise in record.promises:
            ev = next((n for n in events if (n.event or {}).get("place", "") in promise), None)
            if ev is not None:
                told = record.told_by.get(promise, "")
                take([f"I said I would be at {promise}, and I mean to keep my word"
                      + (f"; {told} told me about it." if told else ".")], [ev])
                break
    if record.goals and evidence:
        pool = [n for ns in evidence.values() for n in ns]
        goal = record.goals[sum(len(ns) for ns in evidence.values()) % len(record.goals)]
        near = [n for n in pool if any(w in n.description.lower() for w in _words(goal))]
        said = "goal:" + first_person(goal)
        confided = sorted(who.split()[0] for who, topics in record.told.items() if said in topics)
        candidates = []
        if confided:
            candidates.append(f"I have told {_and(confided)} that I want to {first_person(goal)}; saying it aloud "
                              "makes it feel real.")
        if near:
            candidates.append(f"What I did lately brings me closer to my goal: {goal}.")
        else:
            candidates.append(f"I have done little lately toward my goal: {goal}.")
        take(candidates, near or pool[:1])
    if not insights:
        top = max((n for ns in evidence.values() for n in ns), key=lambda n: n.importance, default=None)
        if top is not None:
            take([f"What stays with me lately: {top.description}"], [top])
    return InsightsAnswer(insights=insights[:MAX_INSIGHTS])


def _about_person(persona: Persona, who: str, record: Record) -> list[str]:
    """What I could conclude about `who`: how well we know each other, then what they told me, what I told them,
    where we met and where I keep seeing them, most specific first."""
    first = who.split()[0]
    n = record.chats.get(who, 0)
    relation = record.relations.get(who, "")
    seen = record.seen.get(who, Counter())
    if n >= 3 and relation:
        head, tail = f"{first} and I talk often; {first} is {relation}", "we are getting closer"
    elif relation and n and bond(relation) == "family":  # one's husband is not someone to 'know better'
        head, tail = f"{first} is {relation}", ""
    elif n >= 2:
        head, tail = f"{first} and I have talked {n} times", "we are getting closer"
    elif n == 1:
        head, tail = f"I have talked with {first} only once", f"I would like to know {first} better"
    elif relation:
        head, tail = f"{who} is {relation}, yet we have not sat down to talk lately", ""
    elif sum(seen.values()) >= 2:
        head, tail = f"I keep seeing {who} around but we have never really talked", ""
    else:
        head, tail = f"I hardly know {who} yet", ""
    details = []
    when = record.last_talk.get(who, "")
    for topic in reversed(record.heard.get(who, [])):
        kind, _, text = topic.partition(":")
        if kind == "goal":
            details.append(f"{first} told me that they want to {_theirs(text)}")
        elif kind == "news" and not re.search(r"\b(told|talked)\b", text):  # news, not a retold talk
            details.append(f"{first} told me that {_to_me(text, who, record.me or persona.name)}")
    for topic in reversed(record.told.get(who, [])):
        if topic.startswith("goal:"):
            details.append(f"I told {first} that I want to {topic[len('goal:'):]}")
    if when:  # where and when we talked makes the thought mine, not one the whole town could have
        last = f"we last talked {when}" if n >= 2 else f"we talked {when}"
        details = [f"{d}; {last}" for d in details] + [last]
    for (doing, place), times in seen.most_common(2):
        if times >= 2:
            details.append(f"I often see {first} {at_place(doing, place)}")
        else:
            details.append(f"I saw {first} {at_place(doing, place)}")
    candidates = [f"{head}; {d}." for d in details]
    candidates.append(f"{head}; {tail}." if tail else f"{head}.")
    return candidates


def _about_place(persona: Persona, place: str, record: Record) -> list[str]:
    """What my time at `place` says: how long I spent there today and on what, and whom I meet there."""
    minutes = record.hours.get(place, 0)
    doing = record.doing.get(place, "")
    regulars = [who.split()[0] for who, _ in record.met_at.get(place, Counter()).most_common(3)]
    heads = []
    if minutes >= 60 and doing:
        hours = round(minutes / 60)
        span = "an hour" if hours <= 1 else f"{hours} hours"
        if place == persona.workplace:
            heads.append(f"Today {span} went to {at_place(doing, place)}; being {with_article(persona.occupation)} "
                         "fills my days")
        else:
            heads.append(f"I gave {span} today to {at_place(doing, place)}")
    if place == persona.workplace:
        heads.append(f"Work at {place} fills much of my days as {with_article(persona.occupation)}")
    elif record.places.get(place, 0) >= 3:
        heads.append(f"{place} has become one of my regular places")
    else:
        heads.append(f"I have been to {place} now and then")
    pairs = [_and(regulars[:2])] if len(regulars) >= 2 else []
    candidates = [f"{head}; I keep running into {who} there." for head in heads for who in pairs + regulars]
    return candidates + [f"{head}." for head in heads]


def _theirs(text: str) -> str:
    return re.sub(r"\bmy\b", "their", text)


def _to_me(text: str, teller: str, me: str) -> str:
    """News `teller` told me, in my words: 'I saw you baking' -> 'they saw me baking'."""
    said = reported(text, teller, me)
    mine = re.escape(me.split()[0])
    said = re.sub(rf"\b{mine}'s\b", "my", said)
    return re.sub(rf"\b{mine}\b", "me", said)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
