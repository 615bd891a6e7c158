"""The LLM mayor: its prompt, its pydantic answer, and how an unusable answer becomes a rejected action.

It asks the town's Brain (step "mayor"); the offline answer is the rule mayor's decision.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pydantic

from game.llm import Answer, Brain, Request
from game.mayor.actions import HOMES, Rejected, free_beds, open_jobs
from game.mayor.rules import RuleMayor

if TYPE_CHECKING:
    from game.mayor.office import Deliver, MayorOffice
    from game.sim.engine import Simulation

MAX_VILLAGERS_SHOWN = 30

SYSTEM = "\n".join((
    "You are the mayor of {town}, a small town in a life simulation where villagers live their own days.",
    "Once every game hour from 9:00 to 24:00 you may take ONE action:",
    "- build one building on a free lot of {grid} "
    "(x = column 1-{cols} from west to east, y = row 1-{rows} from north to south);",
    "- recruit one new villager, who needs a home (a house or apartment building) with a free bed;",
    "- or do nothing.",
    "Money: the treasury receives fees (rent at homes, coffee, meals, groceries, gym sessions) and pays wages "
    "to working villagers every hour. Building and recruiting cost the treasury; that money leaves town. "
    "If the treasury runs dry, wages go unpaid. A good mayor grows the town (more villagers, useful services "
    "close to homes) without going broke.",
    "Answer with exactly one JSON object and nothing else, in one of these shapes:",
    '{{"action": "Building", "type": "<building type>", "position": {{"x": <1-{cols}>, "y": <1-{rows}>}}}}',
    '{{"action": "NPC", "home_building": "<name of a home or apartment building with a free bed>", '
    '"name": "<first and last name>", "bio": "<one sentence about them>", "goal": "<what they want to do in town>"}}',
    '{{"action": "None"}}',
))


class Position(pydantic.BaseModel):
    x: int
    y: int


class MayorAnswer(pydantic.BaseModel):
    """The mayor's JSON answer; fields beyond `action` depend on it and are checked by the town's validation."""

    action: str
    type: str | None = None
    position: Position | None = None
    home_building: str | None = None
    name: str | None = None
    bio: str | None = None
    goal: str | None = None


def system_prompt(sim: Simulation) -> str:
    """The mayor's rules for this map: a town's 4x4 grid of lots, or a city's 4x4 grid per district."""
    cols, rows = sim.town.map.grid_size
    districts = [d for d in sim.town.map.districts if d]
    grid = (f"the {len(districts)} districts (a 4x4 grid of lots each) of the city's {cols}x{rows} grid of lots"
            if districts else f"the {cols}x{rows} grid of lots")
    return SYSTEM.format(town=sim.town.name, grid=grid, cols=cols, rows=rows)


def mayor_prompt(sim: Simulation, office: MayorOffice) -> str:
    """What the mayor sees: time, money, catalog, lots, buildings, villagers and its last action."""
    economy, catalog = office.economy, office.catalog
    lines = [f"It is {sim.now}. Treasury: {economy.treasury} coins. "
             f"Fees minus wages over the last day: {economy.last_day_income():+d} coins. "
             f"Population: {len(sim.villagers)}.", "", "Buildings you can build (type: cost; what it does):"]
    for b in catalog.types.values():
        lines.append(f"- {b.kind}: {b.cost} coins; {b.summary()}")
    lines.append(f"Recruiting a villager costs {catalog.recruit_cost} coins.")
    lines += ["", "Lots (x,y): what stands there"]
    by_lot = {s.lot: s for s in sim.town.map.sectors.values() if s.lot is not None}
    income = economy.income_by_building()
    for (col, row) in sorted(sim.town.map.lots, key=lambda k: (k[1], k[0])):
        s = by_lot.get((col, row))
        district = sim.town.map.lots[(col, row)].district
        at = f"{col},{row} in {district}" if district else f"{col},{row}"
        lines.append(f"- {at}: free" if s is None else f"- {at}: {s.name} ({s.building_type})")
    lines += ["", "Buildings:"]
    jobs = dict(open_jobs(sim, catalog))
    for s in sorted(sim.town.map.sectors.values(), key=lambda s: s.name):
        where = f"lot {s.lot[0]},{s.lot[1]}" if s.lot else "off the grid"
        parts = [f"{s.name} ({s.building_type}, {where})", f"fees earned {income.get(s.name, 0)}"]
        if s.building_type in HOMES:
            parts.append(f"free beds {len(free_beds(sim, s.name))}")
        workers = sum(1 for v in sim.villagers if v.workplace == s.name)
        if workers or s.name in jobs:
            parts.append(f"workers {workers}, open jobs {jobs.get(s.name, 0)}")
        lines.append("- " + "; ".join(parts))
    lines += ["", "Villagers (name: bio; goal; cash):"]
    for v in sim.villagers[:MAX_VILLAGERS_SHOWN]:
        bio = v.persona.backstory or v.persona.occupation
        goal = v.persona.goals[0] if v.persona.goals else "none"
        lines.append(f"- {v.name}: {bio}; goal: {goal}; cash {v.cash}")
    if len(sim.villagers) > MAX_VILLAGERS_SHOWN:
        lines.append(f"- ... and {len(sim.villagers) - MAX_VILLAGERS_SHOWN} more")
    last = office.last
    lines.append("")
    if last is None:
        lines.append("Your last action: none yet.")
    else:
        shown = json.dumps(last["action"]) if isinstance(last["action"], dict) else last["action"]
        lines.append(f"Your last action ({last['clock']}): {shown} -> {last['result']}")
    lines.append("What do you do this hour? Answer with one JSON object.")
    return "\n".join(lines)


class LLMMayor:
    """Asks the Brain once per decision; a failed answer (source "fallback") is a rejected action, not the
    rules' choice. Offline, or when the call budget decides offline, the rules' choice is the answer.

    With a generative mind on the same brain the question goes through ``mind.ask``, so in the
    window the town keeps walking while the model thinks; the answer is applied when it arrives.
    """

    def __init__(self, brain: Brain) -> None:
        self.brain = brain
        self.rules = RuleMayor()
        self.waiting = False

    def decide(self, sim: Simulation, office: MayorOffice, deliver: Deliver) -> None:
        if self.waiting:
            return  # the last hour's answer is still on its way

        def answered(answer: Answer[MayorAnswer]) -> None:
            self.waiting = False
            if answer.source == "fallback":
                deliver(Rejected("your answer was not one valid JSON object in the mayor's format "
                                 "(or no answer came); nothing was done"))
            else:
                deliver(answer.value.model_dump(exclude_none=True))

        request = Request(step="mayor", agent="mayor", system=system_prompt(sim),
                          prompt=mayor_prompt(sim, office), answer=MayorAnswer,
                          offline=lambda: MayorAnswer.model_validate(self.rules.choose(sim, office)),
                          max_tokens=300, temperature=0.4)
        self.waiting = True
        if sim.mind.brain is self.brain:
            sim.mind.consult(request, answered)
        else:
            answered(self.brain.complete(request))
