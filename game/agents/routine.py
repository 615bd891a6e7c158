"""The routine: seeded rules that turn persona, vitals and places into a day and its tasks, and RoutineMind,
the mind that lives by them alone (no memory, no talk; a baseline for research).

The model-driven planner answers in the same shape (plan items); these rules are also
what a generative villager does with no model configured, and the fallback when a model fails.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.agents.chat import ChatAnswer, Message
from game.agents.memory import MemoryNode
from game.agents.mindset import Mindset
from game.agents.persona import Persona
from game.agents.schedule import DAY_MINUTES, DailyPlan, PlanItem, Task, normalise
from game.llm.base import Answer, Brain, Request
from game.world.hours import closes, is_open

if TYPE_CHECKING:
    from game.agents.player_chat import ChatSession
    from game.agents.villager import Villager
    from game.clock import GameTime
    from game.config import Settings
    from game.llm.ledger import Ledger
    from game.llm.settings import LLMSettings
    from game.sim.engine import Simulation


@dataclass(frozen=True)
class Places:
    """The sectors one villager's day can use, by role."""

    home: str
    work: str | None = None
    cafe: str | None = None
    store: str | None = None
    park: str | None = None
    other: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def by_type(self, building_type: str) -> str | None:
        return {"cafe": self.cafe, "store": self.store, "park": self.park}.get(building_type) or self.other.get(
            building_type
        )

    def kind_of(self, place: str) -> str | None:
        """The building type of one of these places (home for the home; None for one it does not know)."""
        if place == self.home:
            return "home"
        for kind in ("cafe", "store", "park"):
            if getattr(self, kind) == place:
                return kind
        return next((kind for kind, name in self.other.items() if name == place), None)

    def open_for(self, place: str, start: int, minutes: int = 30) -> bool:
        """Whether a visitor can spend the first ``minutes`` from ``start`` there (opening hours)."""
        kind = self.kind_of(place)
        return is_open(kind, start) and (closes(kind, start) or DAY_MINUTES) >= start + minutes


Option = tuple[str, str, str]  # (activity, use, place)


@dataclass(frozen=True)
class Today:
    """What makes today unlike yesterday for the offline planner: yesterday's plan (free time goes to
    something else), the weekend (a lie-in), and how memories lean on places (a reflection that one
    gave hours to a place, a wish to know someone better)."""

    yesterday: tuple[PlanItem, ...] = ()
    weekend: bool = False
    lean: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    def was(self, minute: int) -> PlanItem | None:
        return next((i for i in self.yesterday if i.start <= minute < i.end), None)


def _leisure(persona: Persona, places: Places, rng: random.Random, evening: bool, start: int = 0,
             today: Today | None = None, avoid: Option | None = None) -> Option:
    """(activity, use, place) for free time, leaning on traits, what the town has and has open at ``start``,
    and on today: what was done at this hour yesterday is less likely again."""
    traits = " ".join((*persona.traits, persona.lifestyle)).lower()
    options: list[tuple[float, Option]] = []
    if places.park:
        weight = 3.0 if any(w in traits for w in ("outdoor", "run", "sport", "green", "walk", "restless")) else 1.5
        options.append((weight, (f"take a walk in {places.park}", "relax", places.park)))
    if places.cafe:
        weight = 2.5 if any(w in traits for w in ("talk", "chat", "warm", "friendly", "coffee", "cafe")) else 1.5
        options.append((weight, (f"meet people at {places.cafe}", "coffee", places.cafe)))
    if places.other.get("library"):
        lib = places.other["library"]
        weight = 3.0 if any(w in traits for w in ("read", "book", "thought")) else 1.0
        options.append((weight, (f"read at {lib}", "read", lib)))
    if places.other.get("gym"):
        gym = places.other["gym"]
        weight = 3.0 if any(w in traits for w in ("gym", "sport", "disciplined", "run")) else 0.8
        options.append((weight, (f"work out at {gym}", "exercise", gym)))
    home: list[tuple[float, Option]] = [(3.0, ("read a book at home", "read", places.home)),
                                        (1.0, ("write letters at home", "read", places.home))]
    if any(w in traits for w in ("music", "guitar", "sing", "song", "piano")):
        home.append((2.0, ("play music at home", "play", places.home)))
    if any(w in traits for w in ("garden", "flower", "plant")):
        home.append((2.0, ("work in the garden at home", "relax", places.home)))
    if evening:
        home.append((2.0, ("watch a film at home", "relax", places.home)))
    # Home as a whole weighs what it always did against going out; the choices share that weight.
    home_weight = 2.5 if evening else 1.0
    share = sum(w for w, _ in home)
    options += [(home_weight * w / share, o) for w, o in home]
    options = [(w, o) for w, o in options if places.open_for(o[2], start)]
    if today is not None:
        done = {i.activity for m in (start, start + 30, start + 60) if (i := today.was(m)) is not None}
        options = [(w * today.lean.get(o[2], 1.0) * (0.1 if o[0] in done else 1.0), o) for w, o in options]
    if avoid is not None and len(options) > 1:
        # Not the same thing twice running; something else where one already is saves a walk.
        options = [(w * (2.0 if o[2] == avoid[2] else 1.0), o) for w, o in options if o != avoid]
    total = sum(w for w, _ in options)
    pick = rng.random() * total
    for weight, option in options:
        pick -= weight
        if pick <= 0:
            return option
    return options[-1][1]


LEISURE_MAX = 120  # minutes: a longer stretch of free time is split into different things to do


def _free_time(persona: Persona, places: Places, rng: random.Random, start: int, end: int,
               evening: bool, today: Today | None = None) -> list[PlanItem]:
    """Free time from start to end in blocks of at most LEISURE_MAX minutes, each its own pick; a block at
    a place ends when the place closes."""
    items: list[PlanItem] = []
    longer = any(w in persona.lifestyle.lower() for w in ("all day", "reads late", "long walks"))
    most = LEISURE_MAX * 2 if longer else LEISURE_MAX
    t = start
    last = None
    while end - t >= 30:
        span = end - t if end - t <= most else min(most, max(60, (end - t) // 2))
        act = _leisure(persona, places, rng, evening, t, today, avoid=last)  # not the same thing twice running
        shut = closes(places.kind_of(act[2]), t)
        if shut is not None and shut < t + span:
            span = shut - t
        items.append(PlanItem(t, t + span, *act))
        last = act
        t += span
    return items


LIE_IN = 45  # minutes: a weekend morning without an early shift starts later


def day_plan(persona: Persona, places: Places, rng: random.Random, hunger: float = 30.0,
             today: Today | None = None) -> list[PlanItem]:
    """A whole day, 00:00-24:00, for one villager; ``today`` makes it unlike yesterday."""
    home = places.home
    wake, bed = persona.wake, persona.sleep
    if today is not None and today.weekend and (not persona.work or persona.work[0] - wake >= 120):
        wake += LIE_IN
    items: list[PlanItem] = []
    sleep = ("sleep", "sleep", home)
    if bed < wake:  # goes to bed after midnight
        items.append(PlanItem(0, bed, "wind down at home", "relax", home))
        items.append(PlanItem(bed, wake, *sleep))
        night_start = DAY_MINUTES
    else:
        items.append(PlanItem(0, wake, *sleep))
        night_start = bed
    t = wake
    items.append(PlanItem(t, t + 15, "wash and get dressed", "wash", home))
    t += 15
    yesterday = today.was(t) if today is not None else None
    breakfast_out = (places.cafe is not None and not (persona.work and places.work)
                     and places.open_for(places.cafe, t, 45)
                     and rng.random() < (0.1 if yesterday is not None and yesterday.place == places.cafe else 0.35))
    if breakfast_out and places.cafe:  # instead of the mid-morning coffee there: no extra walk
        items.append(PlanItem(t, t + 45, f"have breakfast at {places.cafe}", "eat", places.cafe))
        t += 45
    else:
        items.append(PlanItem(t, t + 30, "make breakfast", "cook", home))
        t += 30
    lunch_place = places.cafe or home
    if persona.work and places.work:
        ws, we = persona.work
        if we <= ws:
            we = DAY_MINUTES
        if ws - t >= 75:
            items.extend(_free_time(persona, places, rng, t, ws - 15, evening=False, today=today))
        work_label = f"work as {persona.occupation} at {places.work}"
        if ws < 12 * 60 < we - 60:
            # Staff of the cafe eat too: a break at their own workplace.
            lunch = 12 * 60 + rng.choice((0, 15, 30))
            label = f"have lunch at {lunch_place}" if places.work != lunch_place else \
                f"take a lunch break at {lunch_place}"
            items.append(PlanItem(ws, lunch, work_label, "work", places.work))
            items.append(PlanItem(lunch, lunch + 45, label, "eat", lunch_place))
            items.append(PlanItem(lunch + 45, we, work_label, "work", places.work))
        else:
            items.append(PlanItem(ws, we, work_label, "work", places.work))
            if we <= 13 * 60 or ws >= 14 * 60:
                meal = 12 * 60 + 30 if we <= 13 * 60 else max(t + 60, ws - 75)
                items.append(PlanItem(meal, meal + 45, f"have lunch at {lunch_place}", "eat", lunch_place))
        items = _with_focus(items, persona, places.work, work_label, rng, today)
        t = we
    else:
        items.extend(_free_time(persona, places, rng, t, t + 90, evening=False, today=today))
        t += 90
        if places.cafe and not breakfast_out:
            items.append(PlanItem(t, t + 60, f"have coffee and read the news at {places.cafe}", "coffee",
                                  places.cafe))
            t += 60
        lunch = max(t, 12 * 60 + rng.choice((0, 0, 30)))
        items.append(PlanItem(lunch, lunch + 60, f"have lunch at {lunch_place}", "eat", lunch_place))
        t = lunch + 60
        items.extend(_free_time(persona, places, rng, t, t + 120, evening=False, today=today))
        t += 120
    bought = today is not None and any(i.use == "shop" for i in today.yesterday)
    if (places.store and (hunger > 50 or rng.random() < (0.35 if bought else 0.7)) and t + 45 < night_start
            and places.open_for(places.store, t, 40)):
        items.append(PlanItem(t, t + 40, f"buy groceries at {places.store}", "shop", places.store))
        t += 40
    dinner = max(t, 18 * 60 + rng.choice((0, 15, 30, 45)))
    if dinner + 60 < night_start:
        if t < dinner - 30:
            items.extend(_free_time(persona, places, rng, t, dinner, evening=True, today=today))
        cook_first = rng.random() < 0.75 or not places.open_for(lunch_place, dinner, 60)
        items.append(PlanItem(dinner, dinner + 60, "cook and eat dinner at home" if cook_first
                              else f"have dinner at {lunch_place}", "cook" if cook_first else "eat",
                              home if cook_first else lunch_place))
        t = dinner + 60
    if t < night_start:
        items.extend(_free_time(persona, places, rng, t, night_start, evening=True, today=today))
    if night_start < DAY_MINUTES:
        items.append(PlanItem(night_start, DAY_MINUTES, *sleep))
    return normalise(items, filler=PlanItem(0, 0, "relax at home", "relax", home))


_WORK_STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "cafe": (("brew coffee for customers", "coffee"), ("serve the tables", "eat"), ("take orders at the counter",
             "work"), ("wipe the tables", "eat"), ("prepare pastries in the kitchen", "cook")),
    "restaurant": (("cook the day's dishes", "cook"), ("serve the tables", "eat"), ("take orders", "work")),
    "store": (("stock the shelves", "shop"), ("help a customer find things", "shop"), ("run the till", "work"),
              ("count the stock", "shop")),
    "office": (("answer emails", "work"), ("write a report", "work"), ("take a coffee break", "coffee"),
               ("sit in a meeting", "work"), ("go through the files", "work")),
    "park": (("water the flower beds", "relax"), ("trim the hedges", "relax"), ("walk the paths", "relax"),
             ("tidy around the fountain", "relax")),
    "gym": (("coach a client", "exercise"), ("work out", "exercise")),
    "library": (("sort returned books", "read"), ("help a reader", "work")),
    "school": (("teach a lesson", "study"), ("grade homework", "work")),
}
# What the job itself is, when it is not the workplace's staff work (a novelist writes at a cafe table).
_OCCUPATION_STEPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("novelist|writer|author", (("write a chapter", "work"), ("reread yesterday's pages", "read"),
                                ("think through the plot over a coffee", "coffee"))),
    ("musician", (("tune the guitar", "play"), ("play a set", "play"), ("practise a new song", "play"))),
    ("journalist", (("write up an interview", "work"), ("check the facts of a story", "work"),
                    ("call a source", "work"))),
    ("trainer|coach", (("coach a client", "exercise"), ("lead a warm-up", "exercise"),
                       ("plan the next session", "work"))),
    (r"\bcook\b|chef", (("cook the day's dishes", "cook"), ("chop vegetables", "cook"),
                      ("taste the soup", "cook"))),
    ("barista", (("brew coffee for customers", "coffee"), ("take orders at the counter", "work"),
                 ("wipe the tables", "eat"))),
    ("developer|programmer", (("write code", "work"), ("review a colleague's code", "work"),
                              ("fix a bug", "work"))),
    ("accountant", (("go through the accounts", "work"), ("balance the books", "work"),
                    ("answer a client's email", "work"))),
)
# Steps done once at the start of an activity (one orders a coffee once, then drinks it).
_FIRST_ONLY = {"order a coffee", "order food", "browse the shelves"}
_OTHER_STEPS: dict[str, tuple[str, ...]] = {
    "sleep": ("sleep",),
    "cook": ("get ingredients from the fridge", "cook at the stove", "eat at the table"),
    "eat": ("order food", "eat", "chat over the meal"),
    "coffee": ("order a coffee", "sip coffee and look around", "people-watch"),
    "shop": ("browse the shelves", "pick up groceries", "pay at the till"),
    "relax": ("stroll around", "sit and enjoy the view", "look at the flowers"),
    "read": ("read a few chapters", "make tea and read on"),
    "wash": ("wash up",),
    "exercise": ("warm up", "work out", "stretch"),
    "study": ("study",),
    "play": ("play some music",),
}
_COOK_USES = ("cook", "cook", "eat")
_RELAX_AT_HOME = (("sit on the sofa", "relax"), ("make a cup of tea", "relax"), ("look out of the window", "relax"))


def decompose(item: PlanItem, building_type: str | None, rng: random.Random) -> list[Task]:
    """Break a plan item into 5-15 minute tasks that exactly fill it."""
    length = item.end - item.start
    if item.use == "sleep" or length <= 15:
        return [Task(item.start, item.end, item.activity, item.use, item.place)]
    if item.activity.startswith("go to the "):  # an event someone was invited to
        steps: tuple[tuple[str, str], ...] = (
            ("mingle with the guests", item.use),
            ("have a drink and chat", "eat" if building_type in ("cafe", "restaurant") else item.use),
            ("laugh with friends", item.use))
    elif item.use == "work" and (focus := _focus_step(item)) is not None:
        steps = (focus,)
    elif item.use == "work" and (job := _job_steps(item.activity)) is not None:
        steps = job
    elif item.use == "work" and building_type in _WORK_STEPS:
        steps = _WORK_STEPS[building_type]
    elif item.use == "relax" and building_type in ("home", "apartment"):
        # At home one does what the plan says ("watch a film"), not a park's "stroll around".
        core = item.activity.removesuffix(" at home")
        steps = _RELAX_AT_HOME if core == "relax" else ((core, "relax"),)
    else:
        names = _OTHER_STEPS.get(item.use, (item.activity,))
        uses = _COOK_USES if item.use == "cook" else (item.use,) * len(names)
        steps = tuple(zip(names, uses, strict=False))
    tasks: list[Task] = []
    t = item.start
    first = [s for s in steps if s[0] in _FIRST_ONLY]
    rest = [s for s in steps if s[0] not in _FIRST_ONLY] or list(steps)
    i = rng.randrange(len(rest))
    while t < item.end:
        # Tasks of 10-30 minutes: a villager stays at one thing (and one object) a while.
        span = min(rng.choice((10, 15, 20, 20, 30)), item.end - t)
        if item.end - (t + span) < 10:
            span = item.end - t
        if item.use == "cook":
            desc, use = steps[min(len(tasks), len(steps) - 1)]
        elif first and not tasks:
            desc, use = first[0]
        else:
            desc, use = rest[i % len(rest)]
            i += 1 if rng.random() < 0.5 else 2
        if tasks and (tasks[-1].description, tasks[-1].use) == (desc, use):
            prev = tasks.pop()
            tasks.append(Task(prev.start, t + span, desc, use, item.place))
        else:
            tasks.append(Task(t, t + span, desc, use, item.place))
        t += span
    return tasks


FOCUS_MINUTES = (60, 90, 120)  # the stretch of a shift given to the day's main task


def _with_focus(items: list[PlanItem], persona: Persona, work: str, label: str, rng: random.Random,
                today: Today | None) -> list[PlanItem]:
    """The shift with a stretch given to one main task of the job today ('stock the shelves'), another task
    than yesterday's and at another hour: the shift's hours stay the same."""
    steps = _job_steps(label) or _WORK_STEPS.get(persona.workplace or "", ())
    done = {i.activity for i in today.yesterday} if today is not None else set()
    tasks = sorted({f"{desc} at {work}" for desc, _use in steps if not desc.startswith("take a")} - done)
    longest = max((i.end - i.start for i in items if i.use == "work" and i.activity == label), default=0)
    lengths = [m for m in FOCUS_MINUTES if m + 30 <= longest]
    if not tasks or not lengths:
        return items
    length = rng.choice(lengths)
    shifts = [i for i in items if i.use == "work" and i.activity == label and i.end - i.start >= length + 30]
    shift = shifts[rng.randrange(len(shifts))]
    start = shift.start + 30 * rng.randrange((shift.end - shift.start - length) // 30 + 1)
    focus = PlanItem(start, start + length, tasks[rng.randrange(len(tasks))], "work", work)
    cut = [PlanItem(a, b, label, "work", work) for a, b in ((shift.start, start), (start + length, shift.end))
           if b > a]
    return [i for i in items if i is not shift] + cut + [focus]


def _focus_step(item: PlanItem) -> tuple[str, str] | None:
    """The one step a shift's focus stretch is about ('stock the shelves at <store>'), if it is one."""
    head = item.activity.removesuffix(f" at {item.place}")
    for steps in (*(job for _words, job in _OCCUPATION_STEPS), *_WORK_STEPS.values()):
        for step in steps:
            if step[0] == head:
                return step
    return None


def _job_steps(activity: str) -> tuple[tuple[str, str], ...] | None:
    """The steps of the job named in 'work as <occupation> at <place>', if it has its own."""
    job = activity.split(" at ")[0]
    for words, steps in _OCCUPATION_STEPS:
        if re.search(words, job, re.IGNORECASE):
            return steps
    return None


class RoutineMind:
    """Decides days and tasks by the routine alone: villagers keep no memory and do not talk."""

    remembers = False

    def __init__(self) -> None:
        self.settings: Settings | None = None  # the run's settings, set by whoever builds the town

    @property
    def brain(self) -> Brain | None:
        return None

    @property
    def ledger(self) -> Ledger | None:
        return None

    def plan_day(self, sim: Simulation, v: Villager, now: GameTime) -> DailyPlan:
        items = day_plan(v.persona, sim.places_for(v), sim.rng, v.vitals.hunger)
        return DailyPlan(now.day, v.persona.wake, items)

    def task_at(self, sim: Simulation, v: Villager, minute: int) -> Task:
        plan = v.plan
        assert plan is not None
        block = plan.block_at(minute)
        tasks = plan.tasks.get(block.start)
        if tasks is None:
            sector = sim.town.sector(block.place)
            tasks = decompose(block, sector.building_type if sector else None, sim.rng)
            plan.tasks[block.start] = tasks
        for task in tasks:
            if task.start <= minute < task.end:
                return task
        return tasks[-1]

    def step(self, sim: Simulation, now: GameTime) -> None:
        """The routine has no per-step cognition (perception, conversation)."""

    def collect(self) -> None:
        """No model, so no answers on their way."""

    def ask(self, request: Request, apply: Callable[[object], None], vid: int | None = None) -> None:
        apply(request.offline())  # no model: the rules answer

    def consult(self, request: Request, arrived: Callable[[Answer], None]) -> None:
        arrived(Answer(request.offline(), "offline"))

    def remember(self, sim: Simulation, v: Villager, kind: str, text: str, now: int, importance: int | None = None,
                 subject: str = "", evidence: tuple[int, ...] = (), event: dict | None = None,
                 scored: bool = False) -> MemoryNode | None:
        return None

    def mindset(self, v: Villager) -> Mindset | None:
        return None

    def search(self, sim: Simulation, v: Villager, query: str, k: int = 10) -> list[MemoryNode]:
        return []

    def whisper(self, sim: Simulation, v: Villager, text: str) -> None:
        """Nobody hears it: the routine has no inner voice."""

    def chat(self, sim: Simulation, v: Villager, session: ChatSession, text: str,
             deliver: Callable[[ChatAnswer], None], awake: bool = False) -> Message:
        deliver(ChatAnswer(reply=f"({v.persona.first_name} nods politely but says nothing.)"))
        return Message(text, "This town runs the bare routine: villagers have no memory to talk from "
                             "(start without --mind routine).")

    def end_chat(self, sim: Simulation, v: Villager, session: ChatSession) -> None:
        """Nothing to remember it with."""

    def last_talk(self, sim: Simulation, v: Villager) -> tuple[tuple[str, str], ...]:
        return ()

    def interview(self, sim: Simulation, v: Villager, question: str) -> ChatAnswer:
        return ChatAnswer(reply=f"({v.persona.first_name} shrugs: the routine keeps no memories to answer from.)")

    def llm_status(self) -> None:
        return None  # the bare routine uses no model

    def use_llm(self, settings: LLMSettings, lockstep: bool = False) -> None:
        """The routine asks no model."""

    def close(self) -> None:
        """No model pool to close."""

    def bubble(self, sim: Simulation, v: Villager) -> str | None:
        return None

    def thinking(self, v: Villager) -> bool:
        return False

    def fault(self, sim: Simulation) -> str:
        return ""

    def report_extras(self, sim: Simulation) -> dict:
        return {}

    def villager_report(self, v: Villager) -> dict:
        return {}

    def get_state(self) -> dict:
        return {}

    def set_state(self, state: dict) -> None:
        """The routine keeps no state of its own: plans live on the villagers."""
