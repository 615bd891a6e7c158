"""The day: each villager's plan for it, the tasks a plan block breaks into, promises kept, and replanning
(after a whisper or an invitation, a place closed or gone, money running low).

Task breakdowns a model gave are remembered as experience: the same activity at the
same kind of place for the same time breaks down the same way, without asking again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.agents import planning
from game.agents.deciding import Decisions
from game.agents.mindset import Mindset
from game.agents.phrasing import gerund
from game.agents.remembering import Memories
from game.agents.routine import Today, decompose
from game.agents.schedule import DailyPlan, PlanItem, Task, hhmm
from game.agents.villager import Villager
from game.clock import DAY_SECONDS, GameTime
from game.llm.base import Answer
from game.world.economy import Economy
from game.world.hours import hours_text, is_open

if TYPE_CHECKING:
    from game.sim.engine import Simulation

RETRIEVE_PLAN = 10
INSIGHTS = 4  # yesterday's reflections that go into the next day's plan
#: Uses whose fee a villager short of money gives up (groceries stay: one cooks from them).
PAID_USES = ("eat", "coffee", "exercise")
COMPANY_LOOK = 16  # others in the same room a villager checks for someone they know, each game minute

#: (use, building type, minutes, activity) -> the breakdown a model gave for it
ExperienceKey = tuple[str, str, int, str]


class Days:
    """Plans, task lists and their upkeep for every villager."""

    def __init__(self, decisions: Decisions, memories: Memories) -> None:
        self.decisions = decisions
        self.memories = memories
        self.experience: dict[ExperienceKey, planning.DecomposeAnswer] = {}
        self.experience_hits = 0
        # (vid, day, what) of replans already made today ('money', or the place found closed): each upsets a
        # day once, so a model that keeps the place in its answer is not asked again every hour (not saved:
        # after a load one may be made once more).
        self._upsets: set[tuple[int, int, str]] = set()
        # vid -> (plan, its items, the task list, the task) last returned by task_at: while none of them has been
        # replaced and the task still covers the minute, it is the answer again (a cache, not state).
        self._current: dict[int, tuple[DailyPlan, list[PlanItem], int, list[Task], Task]] = {}

    def plan_day(self, sim: Simulation, v: Villager, now: GameTime, replanning: bool = False) -> DailyPlan:
        m = self.memories.mind(sim, v)
        if not replanning:
            m.note = ""  # a thought belongs to the day it came: a one-off party is not planned again tomorrow
        memories = self.memories.briefs(sim, v, f"{v.name}'s plans for today", RETRIEVE_PLAN)
        places = sim.places_for(v)
        all_places = {name: s.building_type for name, s in sim.town.map.sectors.items()}
        yesterday = tuple(v.plan.items) if v.plan is not None and v.plan.day == now.day - 1 else ()
        request = planning.plan_day_request(
            v.persona, places, all_places, memories, v.vitals.describe(), now.day, sim.rng, v.vitals.hunger, m.note,
            minute=now.second_of_day // 60, need=v.vitals.most_pressing(), cash=v.cash, town=sim.town.name,
            today=Today(yesterday, now.date.weekday() >= 5), weekday=now.date.strftime("%A"),
            insights=yesterdays_insights(m, now),
        )
        plan = DailyPlan(now.day, v.persona.wake, [])
        day = now.day

        def act(answer: object) -> None:
            assert isinstance(answer, planning.DayPlanAnswer)
            items = planning.answer_to_items(answer, set(all_places), v.home)
            items = keep_promises(m, items, day)
            if plan.items:
                minute = sim.clock.now.second_of_day // 60 if sim.clock.now.day == day else 0
                plan.replace_from(minute, items)
            else:
                plan.items = items

        def settle(_answer: Answer) -> None:
            self._plan_memory(sim, v, plan)  # one memory of the plan that stands

        self.decisions.decide(request, act, settle, vid=v.vid)
        return plan

    def _plan_memory(self, sim: Simulation, v: Villager, plan: DailyPlan) -> None:
        self.memories.remember(sim, v, "plan", f"Plan for day {plan.day}: {plan.outline()}", sim.clock.seconds,
                               subject=v.name)

    def task_at(self, sim: Simulation, v: Villager, minute: int) -> Task:
        plan = v.plan
        assert plan is not None
        if not plan.items:  # waiting for the first plan (async): stay put
            return Task(minute, minute + 1, v.action or "thinking about the day", v.use or "relax", v.home)
        last = self._current.get(v.vid)
        if last is not None:
            was_plan, items, key, was_tasks, task = last
            if was_plan is plan and items is plan.items and task.start <= minute < task.end \
                    and plan.tasks.get(key) is was_tasks:
                return task
        block = plan.block_at(minute)
        tasks = plan.tasks.get(block.start)
        if tasks is None or tasks[-1].end != block.end:
            if self._upset(sim, v, plan, block, minute):  # as a block begins: can it still be done?
                block = plan.block_at(minute)
            tasks = self._decompose(sim, v, plan, block)
        for task in tasks:
            if task.start <= minute < task.end:
                self._current[v.vid] = (plan, plan.items, block.start, tasks, task)
                return task
        return tasks[-1]

    def _decompose(self, sim: Simulation, v: Villager, plan: DailyPlan, item: PlanItem) -> list[Task]:
        index = item.start
        sector = sim.town.sector(item.place)
        btype = sector.building_type if sector else None
        key = (item.use, btype or "", item.end - item.start, item.activity)
        cached = self.experience.get(key)
        if cached is not None or item.use == "sleep" or item.end - item.start <= 15:
            # Experience reuse: the same activity at the same kind of place decomposes the same way.
            if cached is not None:
                self.experience_hits += 1
            tasks = (planning.answer_to_tasks(cached, item) if cached is not None
                     else decompose(item, btype, sim.rng))
            plan.tasks[index] = tasks
            return tasks
        objects = [o.name for o in sim.town.objects_of(item.place)]
        request = planning.decompose_request(v.persona, item, btype, objects, sim.rng, town=sim.town.name)

        def act(answer: object) -> None:
            assert isinstance(answer, planning.DecomposeAnswer)
            if plan.block_at(item.start) == item:  # a later answer may find the plan changed
                plan.tasks[index] = planning.answer_to_tasks(answer, item)

        def settle(answer: Answer) -> None:
            if answer.from_model:  # experience is what a model taught, never the rules' stand-in
                self.experience[key] = answer.value

        self.decisions.decide(request, act, settle, vid=v.vid)
        return plan.tasks[index]  # act has run: with the answer, or the offline one while the model thinks

    def replan(self, sim: Simulation, v: Villager, note: str = "") -> None:
        """Plan the rest of today again (after a whisper, an invitation, a new building)."""
        m = self.memories.mind(sim, v)
        if note:
            m.note = note
        now = sim.clock.now
        old = v.plan
        new = self.plan_day(sim, v, now, replanning=True)
        if old is not None and new.items:
            minute = now.second_of_day // 60
            old.replace_from(minute, [i for i in new.items if i.end > minute])
            v.plan = old
        else:
            v.plan = new
        v.task = None

    def _upset(self, sim: Simulation, v: Villager, plan: DailyPlan, block: PlanItem, minute: int) -> bool:
        """Replan the rest of today if the block's place is closed or gone, or money ran low with paid
        visits still ahead; True if it did."""
        if plan.day != sim.clock.now.day or block.use == "sleep":
            return False
        closed = self.closed_ahead(sim, v, plan, minute)
        if block.place in closed and (v.vid, plan.day, block.place) not in self._upsets:
            self._upsets.add((v.vid, plan.day, block.place))
            sector = sim.town.sector(block.place)
            why = (f"{block.place} is closed at {hhmm(minute)} (open {hours_text(sector.building_type)})"
                   if sector is not None else f"{block.place} is no longer there")
        elif (v.cash < planning.LOW_CASH and (v.vid, plan.day, "money") not in self._upsets
              and self.paid_ahead(sim, v, plan, minute)):
            self._upsets.add((v.vid, plan.day, "money"))
            why = f"money is short ({v.cash} coins left)"
        else:
            return False
        self._upsets = {u for u in self._upsets if u[1] >= plan.day}  # earlier days' are done with
        self.replan_for(sim, v, why, closed)
        return True

    @staticmethod
    def closed_ahead(sim: Simulation, v: Villager, plan: DailyPlan, minute: int) -> set[str]:
        """Places the rest of the plan visits when they are closed (or that are gone from the map); one's
        own shift and a promised event do not count."""
        closed = set()
        for item in plan.items:
            if item.end <= minute or item.use == "sleep" or item.activity.startswith("go to the "):
                continue
            if item.use == "work" and item.place == v.workplace:
                continue
            sector = sim.town.sector(item.place)
            if sector is None or not is_open(sector.building_type, max(item.start, minute)):
                closed.add(item.place)
        return closed

    @staticmethod
    def paid_ahead(sim: Simulation, v: Villager, plan: DailyPlan, minute: int) -> bool:
        """Whether the rest of the plan has a visit with a fee (a meal out, a coffee, the gym)."""
        economy = sim.components.get("economy")
        if not isinstance(economy, Economy):
            return False  # a town without money charges nothing
        for item in plan.items:
            if item.end <= minute or item.use not in PAID_USES or item.place == v.workplace:
                continue
            sector = sim.town.sector(item.place)
            if sector is not None and economy.prices.fee(sector.building_type, item.use) > 0:
                return True
        return False

    def replan_for(self, sim: Simulation, v: Villager, why: str, closed: set[str]) -> None:
        """Something significant happened: the rest of today is planned again, and the villager remembers
        why in one line."""
        plan = v.plan
        assert plan is not None
        m = self.memories.mind(sim, v)
        now = sim.clock.now
        minute = now.second_of_day // 60
        old = list(plan.items)
        all_places = {name: s.building_type for name, s in sim.town.map.sectors.items()}
        request = planning.replan_request(
            v.persona, sim.places_for(v), all_places, self.memories.briefs(sim, v, why, RETRIEVE_PLAN // 2),
            v.vitals.describe(), now.day, minute, old, why, sim.rng, cash=v.cash,
            weekday=now.date.strftime("%A"), closed=closed, town=sim.town.name)
        day = plan.day

        def act(answer: object) -> None:
            assert isinstance(answer, planning.DayPlanAnswer)
            if plan.day != day:
                return
            items = keep_promises(m, planning.answer_to_items(answer, set(all_places), v.home), day)
            plan.replace_from(minute, [i for i in items if i.end > minute])

        def settle(_answer: Answer) -> None:
            change = planning.what_changed(old, plan.items, minute)
            if change.startswith("at "):  # 'at 19:00 I will X instead of Y': the second verb as a gerund
                head, _, instead = change.partition(" instead of ")
                change = f"{head} instead of {gerund(instead)}"
            text = f"I changed my plans: {why}, so {change}."
            self.memories.remember(sim, v, "plan", text, sim.clock.seconds, importance=5, subject=v.name)
            sim.log("plan", f"{v.name} changed plans: {why}.", v.tile)

        self.decisions.decide(request, act, settle, vid=v.vid)
        v.task = None

    def keep_company(self, sim: Simulation) -> None:
        """Once a game minute: every awake villager who is not walking eases their social need by the people
        they know in the same room (or the same outdoor place)."""
        place_at = sim.town.map.place_at
        rooms: dict[tuple[str, str | None], list[Villager]] = {}
        for v in sim.villagers:
            if v.asleep or v.walking:
                continue
            sector, arena = place_at(*v.tile)
            if sector is not None:
                rooms.setdefault((sector, arena), []).append(v)
        for people in rooms.values():
            if len(people) < 2:
                continue
            for n, v in enumerate(people):
                relations = self.memories.mind(sim, v).relations
                known = 0
                # In a crowd one notices those nearest in the town's order: a bounded look, not everyone.
                for j in range(1, min(len(people), COMPANY_LOOK + 1)):
                    rel = relations.get(people[(n + j) % len(people)].name)
                    if rel is not None and rel.acquainted:
                        known += 1
                        if known >= 3:
                            break
                v.vitals.keep_company(1.0, known)

    def insert_promise(self, sim: Simulation, v: Villager) -> None:
        """A promise made in conversation goes into the rest of today's plan."""
        m = self.memories.minds[v.vid]
        plan = v.plan
        if plan is None:
            return
        minute = sim.clock.now.second_of_day // 60
        kept = keep_promises(m, list(plan.items), plan.day)
        plan.replace_from(minute, [i for i in kept if i.end > minute])
        sim.log("plan", f"{v.name} changed plans: {', '.join(p.text() for p in m.promises if p.day == plan.day)}",
                v.tile)


def yesterdays_insights(m: Mindset, now: GameTime) -> list[str]:
    """The reflections of the day before (and of today so far), newest last: they shape the next plan."""
    since = max(0, (now.day - 2) * DAY_SECONDS)
    found = [n.description for n in reversed(m.memory.nodes) if n.kind == "reflection" and n.created >= since]
    return found[:INSIGHTS][::-1]


def keep_promises(m: Mindset, items: list[PlanItem], day: int) -> list[PlanItem]:
    """An accepted invitation (or one's own event) stays in the plan: a promise is a promise."""
    extra = [PlanItem(p.start, p.end, f"go to the {p.what} at {p.place}", "relax", p.place)
             for p in m.promises + m.hosting if p.day == day]
    if not items:  # the plan itself is still on its way: the promises are all there is so far
        return sorted(extra, key=lambda i: i.start)
    for item in extra:
        items = planning.with_item(items, item)
    return items
