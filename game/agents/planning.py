"""Planning steps: the whole day in one call, and one plan item broken into minute tasks.

The answers are checked against the town (places must exist, uses must be
known); the offline routine answers the same shape.
"""

from __future__ import annotations

import random
import re
from typing import Literal

from pydantic import BaseModel, Field

from game.agents.converse import parse_invitation
from game.agents.persona import Persona, parse_hhmm
from game.agents.prompting import DEFAULT_TOWN, bullets, role_system, uses_list
from game.agents.routine import Places, day_plan, decompose
from game.agents.schedule import DAY_MINUTES, PlanItem, Task, hhmm, normalise
from game.llm.base import Request

Use = Literal["sleep", "eat", "cook", "coffee", "work", "shop", "relax", "read", "exercise", "study", "play", "wash"]


class PlanItemAnswer(BaseModel):
    start: str = Field(description="HH:MM, 24-hour clock")
    end: str = Field(description="HH:MM, 24-hour clock; 24:00 for midnight")
    activity: str = Field(description="what the villager does, in a few words")
    place: str = Field(description="one of the listed place names, exactly")
    use: Use


class DayPlanAnswer(BaseModel):
    wake_up: str = Field(description="HH:MM")
    items: list[PlanItemAnswer] = Field(min_length=3, max_length=20)


class TaskAnswer(BaseModel):
    minutes: int = Field(ge=1, le=120)
    description: str
    use: Use


class DecomposeAnswer(BaseModel):
    tasks: list[TaskAnswer] = Field(min_length=1, max_length=16)


def _system(persona: Persona, town: str) -> str:
    return role_system("planning mind", persona.name, town, rest="Plan realistically for this person and this town.")


def _minutes(text: str) -> int:
    text = text.strip()
    if text in ("24:00", "24:0"):
        return DAY_MINUTES
    return parse_hhmm(text)


def answer_to_items(answer: DayPlanAnswer, places: set[str], home: str) -> list[PlanItem]:
    items = []
    for it in answer.items:
        start, end = _minutes(it.start), _minutes(it.end)
        if end <= start:
            end = DAY_MINUTES
        place = it.place if it.place in places else home
        items.append(PlanItem(start, end, it.activity.strip()[:80] or it.use, it.use, place))
    return normalise(items, filler=PlanItem(0, 0, "relax at home", "relax", home))


def items_to_answer(items: list[PlanItem], wake: int) -> DayPlanAnswer:
    return DayPlanAnswer(
        wake_up=hhmm(wake),
        items=[
            PlanItemAnswer(start=hhmm(i.start), end=hhmm(i.end), activity=i.activity, place=i.place,
                           use=i.use)  # type: ignore[arg-type]  # a str from USES, which Use spells out; pydantic checks
            for i in items
        ],
    )


def plan_day_request(
    persona: Persona,
    places: Places,
    all_places: dict[str, str],
    memories: list[str],
    vitals_text: str,
    day: int,
    rng: random.Random,
    hunger: float,
    note: str = "",
    minute: int = 0,
    need: str | None = None,
    cash: int | None = None,
    town: str = DEFAULT_TOWN,
) -> Request[DayPlanAnswer]:
    """One call plans the whole day (wake-up, 5-16 items with places); the offline plan acts on the note."""
    place_lines = bullets(f"{name} ({kind})" for name, kind in sorted(all_places.items()))
    memory_lines = bullets(memories)
    work = (
        f"Works as {persona.occupation} at {places.work} from {hhmm(persona.work[0])} to {hhmm(persona.work[1])}."
        if persona.work and places.work
        else "Has no job to go to."
    )
    prompt = (
        f"{persona.describe()}\nLives at {places.home}. {work}\n"
        f"Usually wakes at {hhmm(persona.wake)} and goes to bed at {hhmm(persona.sleep)}.\n"
        f"Feeling: {vitals_text}." + (f" Most pressing need: {need}." if need else "")
        + f"\n\nPlaces in town:\n{place_lines}\n\n"
        f"What {persona.first_name} remembers that matters today:\n{memory_lines}\n"
        + (f"\nOn {persona.first_name}'s mind right now: {note}\n" if note else "")
        + f"\nPlan day {day} for {persona.first_name} from 00:00 to 24:00: sleep, meals, work, errands, "
        "free time, promises made to others. Each item has start, end, activity, place (exactly one of the "
        f"names above) and use ({uses_list()})."
    )
    names = set(all_places)

    def check(answer: DayPlanAnswer) -> None:
        for it in answer.items:
            if it.place not in names:
                raise ValueError(f"unknown place {it.place!r}")
            _minutes(it.start)
            _minutes(it.end)
        _minutes(answer.wake_up)

    seed = rng.random()

    def offline() -> DayPlanAnswer:
        rnd = random.Random(seed)
        items = day_plan(persona, places, rnd, hunger)
        earliest = max(minute + 10, persona.wake + 45)
        if persona.goals and rnd.random() < 0.8:  # most days something toward one of the goals
            goal = persona.goals[(day + rnd.randrange(len(persona.goals))) % len(persona.goals)]
            step = note_intention(f"I want to {goal}", places, items, earliest + rnd.choice((0, 60, 180, 300)))
            if step is not None:
                items = with_item(items, PlanItem(step.start, step.end, f"work toward my goal: {goal}"[:80],
                                                  step.use, step.place))
        if need is not None:
            remedy = NEED_REMEDY[need](places)
            items = with_item(items, PlanItem(earliest, earliest + 45, *remedy)) if not any(
                i.use in ("work", "sleep") and i.start < earliest + 45 and earliest < i.end for i in items) else items
        if cash is not None and cash < LOW_CASH:
            items = thrifty(items, places)
        intention = note_intention(note, places, items, max(minute + 10, persona.wake + 45)) if note else None
        if intention is not None and not parse_invitation(note, list(all_places), day, minute, persona.name):
            items = with_item(items, intention)
        return items_to_answer(items, persona.wake)

    return Request(
        step="plan_day",
        agent=persona.name,
        system=_system(persona, town),
        prompt=prompt,
        answer=DayPlanAnswer,
        offline=offline,
        check=check,
        max_tokens=900,
    )


LOW_CASH = 15  # coins: below this a villager plans a day without paid fees


def thrifty(items: list[PlanItem], places: Places) -> list[PlanItem]:
    """The day of someone short of money: meals cooked at home, free places instead of the cafe's coffee."""
    out = []
    for i in items:
        if i.use == "eat" and i.place != places.home and i.place != places.work:
            i = PlanItem(i.start, i.end, "cook a cheap meal at home", "cook", places.home)
        elif i.use == "coffee" and i.place != places.work:
            free = places.park or places.home
            i = PlanItem(i.start, i.end, f"take a walk in {free}" if free == places.park else "read at home",
                         "relax" if free == places.park else "read", free)
        out.append(i)
    return normalise(out)


#: What a pressing need (Vitals.most_pressing) puts first in a free moment of the day.
NEED_REMEDY = {
    "hunger": lambda places: ("get something to eat", "eat", places.cafe or places.home)
    if places.cafe else ("cook something to eat", "cook", places.home),
    "energy": lambda places: ("take a nap at home", "sleep", places.home),
    "social": lambda places: (f"find someone to talk to at {places.cafe or places.park or places.home}", "coffee",
                              places.cafe or places.park or places.home),
}

_GOAL = re.compile(r"\b(?:want|wish|would like|need|plan|have|ought|should|must|are going|decided?|hope)\s+"
                   r"(?:to\s+)?(.+)", re.IGNORECASE)
_ON_MIND: tuple[tuple[str, str, str], ...] = (
    # (words in the note, use, kind of place); the first match decides
    (r"mayor|election|campaign|vote|council|petition", "coffee", "cafe"),
    (r"\bread|book|novel|poem|write|study|learn|library", "read", "library"),
    (r"exercise|fit\b|gym|marathon|sport|train|jog|run\b|running(?! for)", "exercise", "gym"),
    (r"cook|bake|recipe|dinner|meal", "cook", "home"),
    (r"shop|buy|groceries|gift|present", "shop", "store"),
    (r"walk|park|garden|flower|nature|outside|fresh air|picnic", "relax", "park"),
    (r"rest|sleep|tired|nap", "relax", "home"),
    (r"friend|talk|meet|apolog|visit|love|date|lonely|people|neighbo|tell|coffee|cafe", "coffee", "cafe"),
)


def note_intention(note: str, places: Places, items: list[PlanItem], earliest: int) -> PlanItem | None:
    """What a whispered thought makes the villager do today, offline: an hour for it in their free time."""
    found = _GOAL.search(note)
    goal = (found.group(1) if found else note).strip().rstrip(".!?")
    goal = re.sub(r"\byour\b", "my", re.sub(r"\byourself\b", "myself", goal, flags=re.IGNORECASE),
                  flags=re.IGNORECASE)
    if not goal:
        return None
    use, kind = "relax", "park"
    for words, u, k in _ON_MIND:
        if re.search(words, note, re.IGNORECASE):
            use, kind = u, k
            break
    place = places.home if kind == "home" else places.by_type(kind) or places.cafe or places.park or places.home
    if kind == "cafe" and re.search(r"mayor|election|campaign|vote|council", note, re.IGNORECASE):
        activity = f"tell people at {place} that I want to {goal}"
    elif found:
        activity = f"{goal} at {place}" if kind != "home" else f"{goal} at home"
    else:
        activity = f"think over at {place}: {goal}"
    start = -(-earliest // 5) * 5
    busy = sorted((i for i in items if i.use in ("work", "sleep")), key=lambda i: i.start)
    for item in busy:  # free time only: the hour must not overlap work or sleep
        if item.start < start + 60 and start < item.end:
            start = item.end
    end = min(DAY_MINUTES, start + 60)
    if end - start < 30:
        return None
    return PlanItem(start, end, activity[:80], use, place)


def with_item(items: list[PlanItem], extra: PlanItem) -> list[PlanItem]:
    """The plan with extra cut into it (the items it overlaps keep the parts before and after)."""
    out: list[PlanItem] = []
    for item in items:
        if item.end <= extra.start or item.start >= extra.end:
            out.append(item)
            continue
        if item.start < extra.start:
            out.append(PlanItem(item.start, extra.start, item.activity, item.use, item.place))
        if item.end > extra.end:
            out.append(PlanItem(extra.end, item.end, item.activity, item.use, item.place))
    return normalise([*out, extra])


def decompose_request(
    persona: Persona, item: PlanItem, building_type: str | None, objects: list[str], rng: random.Random,
    town: str = DEFAULT_TOWN,
) -> Request[DecomposeAnswer]:
    """Break one plan item into 5-15 minute tasks (5 to 15 of them at most)."""
    length = item.end - item.start
    prompt = (
        f"{persona.describe()}\n\nFrom {hhmm(item.start)} to {hhmm(item.end)} ({length} minutes) "
        f"{persona.first_name} plans to: {item.activity} at {item.place}"
        + (f" (a {building_type})" if building_type else "")
        + f".\nThings there: {', '.join(sorted(set(objects))) or 'nothing special'}.\n"
        f"Break it into tasks of 5 to 15 minutes whose minutes add up to {length}. "
        f"Each task has minutes, description and use ({uses_list()})."
    )
    seed = rng.random()

    def offline() -> DecomposeAnswer:
        tasks = decompose(item, building_type, random.Random(seed))
        return tasks_to_answer(tasks)

    def check(answer: DecomposeAnswer) -> None:
        total = sum(t.minutes for t in answer.tasks)
        if abs(total - length) > max(10, length // 4):
            raise ValueError(f"tasks add up to {total} minutes, the item lasts {length}")

    return Request(
        step="decompose",
        agent=persona.name,
        system=_system(persona, town),
        prompt=prompt,
        answer=DecomposeAnswer,
        offline=offline,
        check=check,
        max_tokens=500,
    )


def tasks_to_answer(tasks: list[Task]) -> DecomposeAnswer:
    return DecomposeAnswer(
        tasks=[TaskAnswer(minutes=t.end - t.start, description=t.description,
                          use=t.use)  # type: ignore[arg-type]  # a str from USES, which Use spells out; pydantic checks
               for t in tasks]
    )


def answer_to_tasks(answer: DecomposeAnswer, item: PlanItem) -> list[Task]:
    """Scale the answer's minutes so the tasks exactly fill the item."""
    length = item.end - item.start
    total = sum(t.minutes for t in answer.tasks) or 1
    tasks = []
    t = item.start
    for i, ans in enumerate(answer.tasks):
        span = round(ans.minutes * length / total)
        end = item.end if i == len(answer.tasks) - 1 else min(item.end, t + max(1, span))
        if end <= t:
            continue
        tasks.append(Task(t, end, ans.description.strip()[:80] or item.activity, ans.use, item.place))
        t = end
    if not tasks or tasks[-1].end != item.end:
        tasks.append(Task(t, item.end, item.activity, item.use, item.place))
    return tasks
