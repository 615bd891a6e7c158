"""Reflection: when enough has happened, ask three salient questions and store insights with evidence."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from game.agents.memory import MemoryNode
from game.agents.persona import Persona
from game.agents.prompting import role_system
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


def _system(persona: Persona) -> str:
    return role_system("reflective mind", persona.name)


def offline_questions(persona: Persona, recent: list[MemoryNode]) -> QuestionsAnswer:
    people = Counter(n.subject for n in recent if n.subject and n.subject != persona.name and " " in n.subject)
    questions = [f"What do I think of {who}?" for who, _ in people.most_common(2)]
    places = Counter(n.description.rsplit(" at ", 1)[-1].rstrip(".") for n in recent if " at " in n.description)
    if places:
        questions.append(f"How do I feel about my time at {places.most_common(1)[0][0]}?")
    if not questions:
        questions.append("What matters most to me these days?")
    return QuestionsAnswer(questions=questions[:3])


def questions_request(persona: Persona, recent: list[MemoryNode]) -> Request[QuestionsAnswer]:
    listing = "\n".join(f"- {n.description}" for n in recent)
    prompt = (
        f"{persona.describe()}\n\nRecent memories of {persona.first_name}:\n{listing}\n\n"
        "Given only these, what are the 3 most salient high-level questions we can answer about "
        f"{persona.first_name}'s life? Answer as {{\"questions\": [...]}}."
    )
    return Request(
        step="reflect_questions",
        agent=persona.name,
        system=_system(persona),
        prompt=prompt,
        answer=QuestionsAnswer,
        offline=lambda: offline_questions(persona, recent),
        max_tokens=200,
    )


def offline_insights(persona: Persona, evidence: dict[str, list[MemoryNode]]) -> InsightsAnswer:
    insights: list[InsightAnswer] = []
    for question, nodes in evidence.items():
        if not nodes:
            continue
        chats = [n for n in nodes if n.kind == "chat"]
        events = [n for n in nodes if n.event]
        if question.startswith("What do I think of "):
            who = question[len("What do I think of ") : -1]
            about = [n for n in nodes if who in n.description] or nodes[:3]
            if len(chats) >= 2:
                text = f"{who} and I talk often; we are getting closer."
            else:
                text = f"I keep running into {who}; I would like to know {who.split()[0]} better."
            insights.append(InsightAnswer(text=text, evidence=[n.nid for n in about[:5]]))
        elif question.startswith("How do I feel about my time at "):
            place = question[len("How do I feel about my time at ") : -1]
            at = [n for n in nodes if place in n.description] or nodes[:3]
            insights.append(
                InsightAnswer(text=f"I spend a lot of my days at {place}; it is part of who I am.",
                              evidence=[n.nid for n in at[:5]])
            )
        if events:
            ev = events[0].event or {}
            insights.append(
                InsightAnswer(
                    text=f"I am looking forward to the {ev.get('what', 'event')} at {ev.get('place', 'town')}.",
                    evidence=[n.nid for n in events[:3]],
                )
            )
    if not insights:
        top = max((n for ns in evidence.values() for n in ns), key=lambda n: n.importance, default=None)
        if top is not None:
            insights.append(InsightAnswer(text=f"What stays with me lately: {top.description}", evidence=[top.nid]))
    seen = set()
    unique = []
    for ins in insights:
        if ins.text not in seen:
            seen.add(ins.text)
            unique.append(ins)
    return InsightsAnswer(insights=unique[:MAX_INSIGHTS])


def insights_request(persona: Persona, evidence: dict[str, list[MemoryNode]]) -> Request[InsightsAnswer]:
    blocks = []
    for question, nodes in evidence.items():
        listing = "\n".join(f"  [{n.nid}] {n.description}" for n in nodes)
        blocks.append(f"Question: {question}\n{listing}")
    prompt = (
        f"{persona.describe()}\n\n" + "\n\n".join(blocks) + "\n\nWhat high-level insights (at most 5) can "
        f"{persona.first_name} infer from these memories? Cite the ids of the memories each insight rests on."
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
        system=_system(persona),
        prompt=prompt,
        answer=InsightsAnswer,
        offline=lambda: offline_insights(persona, evidence),
        check=check,
        max_tokens=600,
    )
