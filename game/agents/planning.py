"""Planning steps: the whole day in one call, and one plan item broken into minute tasks.

The answers are checked against the town (places must exist, uses must be
known); the offline routine answers the same shape.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from game.agents.converse import parse_invitation
from game.agents.persona import Persona, parse_hhmm
from game.agents.prompting import DEFAULT_TOWN, bullets, role_system, uses_list
from game.agents.routine import Places, Today, day_plan, decompose
from game.agents.schedule import DAY_MINUTES, PlanItem, Task, hhmm, normalise
from game.llm.base import Request
from game.world.hours import hours_text, is_open

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


def _day_request(step: str, persona: Persona, town: str, prompt: str, offline: Callable[[], DayPlanAnswer],
                 all_places: dict[str, str]) -> Request[DayPlanAnswer]:
    """A whole-day plan's request (the day's plan, or the rest of it again): checked against the town's places."""
    return Request(step=step, agent=persona.name, system=_system(persona, town), prompt=prompt,
                   answer=DayPlanAnswer, offline=offline, check=_plan_check(set(all_places)), max_tokens=900)


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
    today: Today | None = None,
    weekday: str = "",
    insights: list[str] | None = None,
) -> Request[DayPlanAnswer]:
    """One call plans the whole day (wake-up, 5-16 items with places); the offline plan acts on the note,
    goals, needs, cash, yesterday's plan and insights, the weekday and opening hours, all of which the prompt
    carries too."""
    insights = insights or []
    prompt = (
        _situation(persona, places, all_places, vitals_text, need, cash, day, weekday)
        + f"What {persona.first_name} remembers that matters today:\n{bullets(memories)}\n"
        + (f"\nWhat {persona.first_name} concluded yesterday:\n{bullets(insights)}\n" if insights else "")
        + (f"\nYesterday's plan: {summary(list(today.yesterday))}. Free time need not repeat it.\n"
           if today is not None and today.yesterday else "")
        + (f"\nOn {persona.first_name}'s mind right now: {note}\n" if note else "")
        + f"\nPlan day {day} for {persona.first_name} from 00:00 to 24:00: sleep, meals, work, errands, "
        "free time, promises made to others. Each item has start, end, activity, place (exactly one of the "
        f"names above, open at that time) and use ({uses_list()})."
    )
    seed = rng.random()

    def offline() -> DayPlanAnswer:
        rnd = random.Random(seed)
        lean = leanings([*insights, *memories], places)
        base = today or Today()
        items = day_plan(persona, places, rnd, hunger, Today(base.yesterday, base.weekend, {**lean, **base.lean}))
        earliest = max(minute + 10, persona.wake + 45)
        if persona.goals and rnd.random() < 0.8:  # most days something toward one of the goals
            goal = persona.goals[(day + rnd.randrange(len(persona.goals))) % len(persona.goals)]
            step = note_intention(f"I want to {goal}", places, items, earliest + rnd.choice((0, 60, 180, 300)))
            if step is not None:
                items = with_item(items, PlanItem(step.start, step.end, f"work toward my goal: {goal}"[:80],
                                                  step.use, step.place))
        if rnd.random() < 0.5:  # an errand on some days, in free time
            errand = pick_errand(places, items, earliest, rnd, base.yesterday)
            if errand is not None:
                items = with_item(items, errand)
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

    return _day_request("plan_day", persona, town, prompt, offline, all_places)


def _situation(persona: Persona, places: Places, all_places: dict[str, str], vitals_text: str, need: str | None,
               cash: int | None, day: int, weekday: str) -> str:
    """Who plans, where they live and work, how they feel, their money, the day of the week and the places
    with their opening hours: the facts every planning prompt starts from."""
    place_lines = bullets(f"{name} ({kind}, {hours_text(kind)})" for name, kind in sorted(all_places.items()))
    work = (
        f"Works as {persona.occupation} at {places.work} from {hhmm(persona.work[0])} to {hhmm(persona.work[1])}."
        if persona.work and places.work
        else "Has no job to go to."
    )
    money = ""
    if cash is not None:
        money = f" Cash: {cash} coins" + (" - short of money: no paid fees today (meals and coffee out, the gym); "
                                          "cook at home." if cash < LOW_CASH else ".")
    return (
        f"{persona.describe()}\nLives at {places.home}. {work}\n"
        f"Usually wakes at {hhmm(persona.wake)} and goes to bed at {hhmm(persona.sleep)}.\n"
        f"Feeling: {vitals_text}." + (f" Most pressing need: {need}." if need else "") + money
        + (f"\nDay {day} is a {weekday}." if weekday else "")
        + f"\n\nPlaces in town (kind, opening hours):\n{place_lines}\n\n"
    )


def _plan_check(names: set[str]) -> Callable[[DayPlanAnswer], None]:
    def check(answer: DayPlanAnswer) -> None:
        for it in answer.items:
            if it.place not in names:
                raise ValueError(f"unknown place {it.place!r}")
            _minutes(it.start)
            _minutes(it.end)
        _minutes(answer.wake_up)

    return check


def summary(items: list[PlanItem]) -> str:
    """'07:00 wash and get dressed; 07:15 make breakfast; ...' (sleep left out)."""
    return "; ".join(f"{hhmm(i.start)} {i.activity}" for i in items if i.use != "sleep")


_TIME_GIVEN = re.compile(r"(?:I gave .+? today to .+?|went to .+?) at (.+?)(?:;|\.|$)")
_WANT_COMPANY = re.compile(r"would like to know|never really talked|hardly know|not sat down to talk", re.I)
_REGULAR = re.compile(r"(.+?) has become one of my regular places")


def leanings(texts: list[str], places: Places) -> dict[str, float]:
    """How yesterday's insights lean today's free time: a place one gave hours to gets a rest, a wish to know
    someone better sends one where people are, a regular place stays regular."""
    lean: dict[str, float] = {}
    for text in texts:
        found = _TIME_GIVEN.search(text)
        if found and found.group(1) != places.work:
            lean[found.group(1)] = 0.4
        found = _REGULAR.search(text)
        if found:
            lean[found.group(1)] = max(lean.get(found.group(1), 1.0), 1.5)
        if _WANT_COMPANY.search(text) and places.cafe:
            lean[places.cafe] = max(lean.get(places.cafe, 1.0), 2.0)
    return lean


def pick_errand(places: Places, items: list[PlanItem], earliest: int, rng: random.Random,
                yesterday: tuple[PlanItem, ...] = ()) -> PlanItem | None:
    """An errand of 30-45 minutes in free time, not one done yesterday, costing no extra walk: at the start of
    a free block at the errand's place, or instead of a whole short free block elsewhere."""
    options = [("do the laundry", "wash", places.home), ("tidy the house", "relax", places.home),
               ("fix a few things around the house", "relax", places.home),
               ("write to an old friend", "read", places.home)]
    if places.store:
        options += [(f"pick up a parcel at {places.store}", "shop", places.store),
                    (f"post letters at {places.store}", "shop", places.store)]
    if places.other.get("library"):
        options.append((f"return books to {places.other['library']}", "read", places.other["library"]))
    done = {i.activity for i in yesterday}
    options = [o for o in options if o[0] not in done]
    if not options:
        return None
    activity, use, place = options[rng.randrange(len(options))]
    length = rng.choice((30, 45))
    free = [i for i in items if i.use in ("relax", "read", "coffee", "play", "exercise") and i.start >= earliest
            and not i.activity.startswith(("go to the ", "work toward"))
            and ((i.place == place and i.end - i.start >= length + 30) or length <= i.end - i.start <= 60)
            and places.open_for(place, i.start, length)]
    if not free:
        return None
    block = free[rng.randrange(len(free))]
    end = block.start + length if block.place == place else block.end
    return PlanItem(block.start, end, activity, use, place)


def replan_request(
    persona: Persona,
    places: Places,
    all_places: dict[str, str],
    memories: list[str],
    vitals_text: str,
    day: int,
    minute: int,
    current: list[PlanItem],
    why: str,
    rng: random.Random,
    cash: int | None = None,
    weekday: str = "",
    closed: set[str] | None = None,
    town: str = DEFAULT_TOWN,
) -> Request[DayPlanAnswer]:
    """The rest of today again, after something that matters: a place that is closed (or gone) when the plan
    goes there, or money running low. The offline answer keeps the plan and changes what must change."""
    closed = closed or set()
    ahead = [i for i in current if i.end > minute]
    prompt = (
        _situation(persona, places, all_places, vitals_text, None, cash, day, weekday)
        + f"What {persona.first_name} remembers that matters now:\n{bullets(memories)}\n"
        + f"\nThe plan for the rest of day {day}, from {hhmm(minute)}:\n"
        + bullets(f"{i.text()} at {i.place} ({i.use})" for i in ahead)
        + f"\n\nWhat changed: {why}.\n"
        + f"\nReplan day {day} from {hhmm(minute)} to 24:00 for {persona.first_name}: keep what still works "
        "(work shifts, promises, sleep), change what this makes impossible. Each item has start, end, activity, "
        f"place (exactly one of the names above, open at that time) and use ({uses_list()})."
    )
    seed = rng.random()

    def offline() -> DayPlanAnswer:
        items = list(current)
        if closed:
            items = reroute(items, places, all_places, minute, closed, random.Random(seed))
        if cash is not None and cash < LOW_CASH:
            items = [i for i in items if i.end <= minute] + thrifty([i for i in items if i.end > minute], places)
        return items_to_answer(normalise(items), persona.wake)

    return _day_request("replan", persona, town, prompt, offline, all_places)


def reroute(items: list[PlanItem], places: Places, all_places: dict[str, str], minute: int, closed: set[str],
            rng: random.Random) -> list[PlanItem]:
    """The plan with every visit to a closed or vanished place from ``minute`` on moved: to an open place of
    the same kind if the town has one, else to something else to do (a meal at home, free time elsewhere)."""
    def kept(place: str | None) -> str | None:
        return place if place not in closed else None

    open_places = Places(places.home, places.work, cafe=kept(places.cafe), store=kept(places.store),
                         park=kept(places.park), other={k: n for k, n in places.other.items() if n not in closed})
    out: list[PlanItem] = []
    for item in items:
        if item.end <= minute or item.place not in closed or item.activity.startswith("go to the "):
            out.append(item)  # done already, open, or a promise (the host decides about the place)
            continue
        start = max(item.start, minute)
        kind = all_places.get(item.place)
        same = sorted(n for n, k in all_places.items() if k == kind and n not in closed and n != item.place
                      and is_open(k, start))
        if same:
            out.append(PlanItem(start, item.end, item.activity.replace(item.place, same[0]), item.use, same[0]))
        elif item.use in ("eat", "coffee", "cook"):
            out.append(PlanItem(start, item.end, "cook a meal at home" if item.use != "coffee" else
                                "make coffee at home", "cook" if item.use != "coffee" else "relax", places.home))
        else:
            activity, use, place = _leisure_elsewhere(open_places, start, rng)
            out.append(PlanItem(start, item.end, activity, use, place))
        if item.start < minute:
            out.insert(len(out) - 1, PlanItem(item.start, minute, item.activity, item.use, item.place))
    return normalise(out)


def _leisure_elsewhere(places: Places, start: int, rng: random.Random) -> tuple[str, str, str]:
    """Free time at one of the places still open (``places`` holds only those), or at home."""
    options = [(f"take a walk in {places.park}", "relax", places.park)] if places.park else []
    if places.cafe and places.open_for(places.cafe, start):
        options.append((f"meet people at {places.cafe}", "coffee", places.cafe))
    lib = places.other.get("library")
    if lib and places.open_for(lib, start):
        options.append((f"read at {lib}", "read", lib))
    options.append(("read a book at home", "read", places.home))
    return options[rng.randrange(len(options))]


def what_changed(old: list[PlanItem], new: list[PlanItem], minute: int) -> str:
    """The first change from ``minute`` on, in words: 'instead of X at 19:00, Y'."""
    for item in new:
        if item.end <= minute:
            continue
        at = max(item.start, minute)
        before = next((i for i in old if i.start <= at < i.end), None)
        if before is not None and (before.activity, before.place) != (item.activity, item.place):
            return f"at {hhmm(at)} I will {item.activity} instead of {before.activity}"
    return "the plan stays as it was"


LOW_CASH = 15  # coins: below this a villager plans a day without paid fees


def thrifty(items: list[PlanItem], places: Places) -> list[PlanItem]:
    """The day of someone short of money: meals cooked at home, free places instead of the cafe's coffee and
    the gym's fee (promises and one's own workplace stay)."""
    out = []
    for i in items:
        if i.activity.startswith("go to the "):
            pass  # a promise is kept, money or not
        elif i.use == "eat" and i.place != places.home and i.place != places.work:
            i = PlanItem(i.start, i.end, "cook a cheap meal at home", "cook", places.home)
        elif i.use == "coffee" and i.place != places.work:
            free = places.park or places.home
            i = PlanItem(i.start, i.end, f"take a walk in {free}" if free == places.park else "read at home",
                         "relax" if free == places.park else "read", free)
        elif i.use == "exercise" and i.place != places.work and places.kind_of(i.place) == "gym":
            free = places.park or places.home
            i = PlanItem(i.start, i.end, f"go for a run in {free}" if free == places.park else
                         "do some exercises at home", "relax", free)
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
