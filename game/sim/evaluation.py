"""The evaluation battery (``--evaluate``): interview questions in five categories, in the spirit of the Generative
Agents paper, each answer checked against the villager's own state by declarative string matches."""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import mean

from game.agents.phrasing import bare, keywords, place_name
from game.agents.schedule import hhmm
from game.sim.engine import Simulation
from game.sim.interview import InterviewError, interview

CATEGORIES = ("self-knowledge", "memory", "plans", "reactions", "reflections")
SAMPLE = 16  # villagers asked; a larger town is sampled evenly


@dataclass(frozen=True)
class Question:
    """One question and what its answer must contain: all of ``need`` and at least one of ``any_of``."""

    villager: str
    category: str
    text: str
    need: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()

    def passed(self, answer: str) -> bool:
        low = answer.lower()
        return all(n.lower() in low for n in self.need) and (
            not self.any_of or any(a.lower() in low for a in self.any_of))

    def expected(self) -> dict:
        return {"all": list(self.need), "any": list(self.any_of)}


def questions_for(sim: Simulation, name: str) -> list[Question]:
    """The battery for one villager, built from what is true of them right now."""
    v = sim.villager_named(name)
    assert v is not None
    p = v.persona
    m = sim.mind.mindset(v)
    if m is None:
        raise InterviewError("the evaluation needs generative minds: run without --mind routine")
    today = sim.clock.seconds // 86400
    qs = [
        Question(name, "self-knowledge", "What is your name?", need=(p.first_name,)),
        Question(name, "self-knowledge", "How old are you?", need=(str(p.age),)),
        Question(name, "self-knowledge", "What do you do for a living?", need=(_job_word(p.occupation),)),
        Question(name, "self-knowledge", "Where do you live?", need=(place_name(v.home),)),
    ]
    for day, word in ((today, "today"), (today - 1, "yesterday")):
        talks = [n for n in m.memory.nodes if n.description.startswith("Talked with ")
                 and n.created // 86400 == day and n.subject]
        if talks:
            qs.append(Question(name, "memory", f"Who did you talk to {word}?",
                               any_of=tuple(dict.fromkeys(t.subject.split()[0] for t in talks))))
            last = talks[-1]
            gist = last.description.split(":", 1)[1]
            places = set().union(*(keywords(s) for s in sim.town.map.sectors))
            words = sorted(keywords(gist) - keywords(last.subject) - keywords(p.name) - places
                           - {"told", "said", "want", "hello", "line", "asked", "talked"}, key=len, reverse=True)[:3]
            if words:
                qs.append(Question(name, "memory", f"What did you and {last.subject} talk about?",
                                   any_of=tuple(words)))
            break
    known = next(iter(p.knows.items()), None)
    if known is not None:
        qs.append(Question(name, "memory", f"Do you know {known[0]}?", need=(bare(known[1]).split()[-1],)))
    if v.plan is not None:
        for minute in (10 * 60, 15 * 60 + 30, 20 * 60):
            item = next((i for i in v.plan.items if i.start <= minute < i.end), None)
            if item is None:
                continue
            want = "asleep" if item.use == "sleep" else (place_name(item.place) or v.home)
            qs.append(Question(name, "plans", f"Where will you be at {hhmm(minute)}?", need=(want,)))
    eat_at = v.workplace if v.workplace and sim.town.map.sectors.get(v.workplace) is not None and \
        sim.town.map.sectors[v.workplace].building_type in ("cafe", "restaurant") else v.home
    qs.append(Question(name, "reactions", "What would you do if you were very hungry right now?",
                       need=("eat",), any_of=(eat_at, "home", "kitchen")))
    feeling = v.vitals.describe()
    qs.append(Question(name, "reactions", "How do you feel right now?",
                       any_of=tuple(w.strip() for w in feeling.split(",")) + (("well", "good") if feeling == "fine"
                                                                                 else ())))
    if p.work and v.workplace:
        qs.append(Question(name, "reactions", "Would you skip work tomorrow to help a friend move house?",
                           any_of=("shift", "work", v.workplace)))
    else:
        qs.append(Question(name, "reactions", "Would you skip work tomorrow to help a friend move house?",
                           any_of=("yes", "time", "of course", "sure")))
    insights = [n.description for n in m.memory.nodes if n.kind == "reflection"]
    if insights:
        key = sorted(keywords(insights[-1]) - keywords(p.name), key=len, reverse=True)[:3]
        if key:
            qs.append(Question(name, "reflections", "What have you been thinking about lately?", any_of=tuple(key)))
    return qs


def _job_word(occupation: str) -> str:
    """The word of an occupation an answer must contain: 'owner of the town cafe' -> 'owner'."""
    words = re.findall(r"[A-Za-z-]+", occupation)
    return next((w for w in words if w.lower() not in ("a", "an", "the")), occupation)


def evaluate(sim: Simulation, sample: int = SAMPLE) -> dict:
    """Ask the battery, score it: ``{categories: {name: score}, overall, questions: [...]}`` with scores 0 to 1."""
    if not sim.mind.remembers:
        raise InterviewError("the evaluation needs generative minds: run without --mind routine")
    people = sim.villagers
    if len(people) > sample:
        stride = len(people) / sample
        people = [people[int(i * stride)] for i in range(sample)]
    results: list[dict] = []
    for v in people:
        for q in questions_for(sim, v.name):
            answer = interview(sim, v.name, q.text).reply
            results.append({"villager": v.name, "category": q.category, "question": q.text, "answer": answer,
                            "expected": q.expected(), "passed": q.passed(answer)})
    scores = {c: round(mean(r["passed"] for r in results if r["category"] == c), 3)
              for c in CATEGORIES if any(r["category"] == c for r in results)}
    overall = round(mean(scores.values()), 3) if scores else 0.0
    return {"categories": scores, "overall": overall, "questions": results}


def print_scores(evaluation: dict) -> None:
    for name, score in evaluation["categories"].items():
        print(f"  {name:15s} {score:.2f}")
    print(f"  {'overall':15s} {evaluation['overall']:.2f} ({len(evaluation['questions'])} questions)")
