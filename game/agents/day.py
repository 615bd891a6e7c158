"""The day: each villager's plan for it, the tasks a plan block breaks into, promises kept, and replanning.

Task breakdowns a model gave are remembered as experience: the same activity at the
same kind of place for the same time breaks down the same way, without asking again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.agents import planning
from game.agents.deciding import Decisions
from game.agents.mindset import Mindset
from game.agents.remembering import Memories
from game.agents.routine import decompose
from game.agents.schedule import DailyPlan, PlanItem, Task, hhmm
from game.agents.villager import Villager
from game.clock import GameTime
from game.llm.base import Answer

if TYPE_CHECKING:
    from game.sim.engine import Simulation

RETRIEVE_PLAN = 10

#: (use, building type, minutes, activity) -> the breakdown a model gave for it
ExperienceKey = tuple[str, str, int, str]


class Days:
    """Plans, task lists and their upkeep for every villager."""

    def __init__(self, decisions: Decisions, memories: Memories) -> None:
        self.decisions = decisions
        self.memories = memories
        self.experience: dict[ExperienceKey, planning.DecomposeAnswer] = {}
        self.experience_hits = 0

    def plan_day(self, sim: Simulation, v: Villager, now: GameTime, replanning: bool = False) -> DailyPlan:
        m = self.memories.mind(sim, v)
        if not replanning:
            m.note = ""  # a thought belongs to the day it came: a one-off party is not planned again tomorrow
        memories = self.memories.briefs(sim, v, f"{v.name}'s plans for today", RETRIEVE_PLAN)
        places = sim.places_for(v)
        all_places = {name: s.building_type for name, s in sim.town.map.sectors.items()}
        request = planning.plan_day_request(
            v.persona, places, all_places, memories, v.vitals.describe(), now.day, sim.rng, v.vitals.hunger, m.note,
            minute=now.second_of_day // 60, need=v.vitals.most_pressing(), cash=v.cash,
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
        summary = "; ".join(f"{hhmm(i.start)} {i.activity}" for i in plan.items if i.use != "sleep")
        self.memories.remember(sim, v, "plan", f"Plan for day {plan.day}: {summary}", sim.clock.seconds,
                               subject=v.name)

    def task_at(self, sim: Simulation, v: Villager, minute: int) -> Task:
        plan = v.plan
        assert plan is not None
        if not plan.items:  # waiting for the first plan (async): stay put
            return Task(minute, minute + 1, v.action or "thinking about the day", v.use or "relax", v.home)
        block = plan.block_at(minute)
        tasks = plan.tasks.get(block.start)
        if tasks is None or tasks[-1].end != block.end:
            tasks = self._decompose(sim, v, plan, block)
        for task in tasks:
            if task.start <= minute < task.end:
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
        request = planning.decompose_request(v.persona, item, btype, objects, sim.rng)

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


def keep_promises(m: Mindset, items: list[PlanItem], day: int) -> list[PlanItem]:
    """An accepted invitation (or one's own event) stays in the plan: a promise is a promise."""
    extra = [PlanItem(p.start, p.end, f"go to the {p.what} at {p.place}", "relax", p.place)
             for p in m.promises + m.hosting if p.day == day]
    if not items:  # the plan itself is still on its way: the promises are all there is so far
        return sorted(extra, key=lambda i: i.start)
    for item in extra:
        items = planning.with_item(items, item)
    return items
