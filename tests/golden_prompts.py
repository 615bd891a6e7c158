"""The prompt of every cognitive step for a fixed villager at a fixed time, as pinned in tests/golden/prompts.

Regenerate after an intended prompt change: ``python tests/golden_prompts.py`` (then review the diff).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from game.agents import converse, importance, planning, reflect  # noqa: E402
from game.agents.chat import ChatAnswer, ChatContext, chat_request  # noqa: E402
from game.agents.converse import Invitation, LineAnswer, LineContext  # noqa: E402
from game.agents.memory import MemoryNode  # noqa: E402
from game.agents.mindset import Relation  # noqa: E402
from game.agents.persona import load_cast  # noqa: E402
from game.agents.routine import Places, Today  # noqa: E402
from game.agents.schedule import PlanItem  # noqa: E402
from game.llm.base import Request  # noqa: E402

FOLDER = ROOT / "tests" / "golden" / "prompts"
TOWN = "Maple Bay"  # not the default: the prompts must carry the map's name where the step knows it
CLOCK = "Day 2, 10:30"
PLACES = {"Bramblewood Cottage": "home", "Copper Kettle Cafe": "cafe", "Foxglove Green": "park",
          "Pennywhistle General Store": "store"}
CAST = {p.first_name: p for p in load_cast()}
ROSA, LINA = CAST["Rosa"], CAST["Lina"]
PLAN = [PlanItem(0, 360, "sleep", "sleep", "Bramblewood Cottage"),
        PlanItem(360, 420, "make breakfast", "cook", "Bramblewood Cottage"),
        PlanItem(420, 900, "work as owner of the town cafe", "work", "Copper Kettle Cafe"),
        PlanItem(900, 1020, "take a walk", "relax", "Foxglove Green"),
        PlanItem(1020, 1260, "host the party", "play", "Copper Kettle Cafe"),
        PlanItem(1260, 1440, "sleep", "sleep", "Bramblewood Cottage")]
PARTY = Invitation("party", "Copper Kettle Cafe", 2, 17 * 60, "Rosa Delgado")
MEMORIES = ["Lina Delgado is my daughter.", "Lina Delgado is wiping the tables at Copper Kettle Cafe.",
            "You want to run for mayor.", "Talked with Ada Okafor: At Copper Kettle Cafe, Ada said they want to "
            "learn latte art."]


def _node(nid: int, kind: str, text: str, minute: int) -> MemoryNode:
    return MemoryNode(nid, kind, text, 86400 + minute * 60, 86400 + minute * 60, 5)


def _line_context() -> LineContext:
    return LineContext(
        ROSA, LINA, "daughter", [("Rosa", "Morning, sweetheart! How are you doing?"),
                                 ("Lina", "Hi Mum! Good, thanks. I've been wiping the tables.")],
        [("greet", "how"), ("answer", "how")], MEMORIES, place="Copper Kettle Cafe, counter",
        my_action="taking orders", their_action="wiping the tables", minute=630, chats=3,
        told=["goal:make the cafe the heart of the town"], heard=["goal:save money for art school"],
        asked=["goal"], last_summary="At Copper Kettle Cafe, Lina said they want to save money for art school.",
        share=PARTY, budget=6, next_up="take a walk", day=2)


def _chat_context(text: str, asleep: bool = False) -> ChatContext:
    return ChatContext(
        persona=LINA, text=text, clock="Day 2, 23:30" if asleep else CLOCK, minute=1410 if asleep else 630,
        action="sleeping" if asleep else "wiping the tables", place="Copper Kettle Cafe, counter",
        feeling="rested", home="Bramblewood Cottage", workplace="Copper Kettle Cafe", plan=PLAN,
        memories=["The player said to me: \"Hello!\"", "Talked with Rosa Delgado: At Copper Kettle Cafe, Rosa told "
                  "Lina that Rosa wants to run for mayor."],
        player=Relation(relation="a visitor to town", chats=1, impression="a friendly visitor", affinity=2),
        met_before=True, people={"Rosa Delgado": ("mother", ["Rosa Delgado is my mother."])},
        history=[("Player", "Hello!"), ("Lina", "Hello, nice to see you again.")], places=PLACES, seed=0.5,
        town=TOWN, events=["the party at Copper Kettle Cafe at 17:00 (Rosa Delgado is hosting)"],
        talked_today=["Rosa Delgado: At Copper Kettle Cafe, Rosa told Lina that Rosa wants to run for mayor."],
        reflections=["I keep running into Ada Okafor; I would like to know Ada better."])


def _mayor() -> Request:
    from game.mayor import install_mayor
    from game.mayor.llm_mayor import MayorAnswer, mayor_prompt, system_prompt
    from game.sim.engine import DEFAULT_MAP, Simulation
    from game.world.tilemap import TownMap

    sim = Simulation(TownMap(DEFAULT_MAP), agents=4, seed=1)
    office = install_mayor(sim, "none")
    return Request(step="mayor", agent="mayor", system=system_prompt(sim), prompt=mayor_prompt(sim, office),
                   answer=MayorAnswer, offline=lambda: None)


def _reflection_nodes() -> list[MemoryNode]:
    return [_node(1, "chat", "Talked with Lina Delgado: At Copper Kettle Cafe, Lina said they want to save money "
                  "for art school.", 600),
            _node(2, "thought", "You want to run for mayor.", 610),
            _node(3, "observation", "Ada Okafor is brewing coffee at Copper Kettle Cafe.", 620)]


STEPS: dict[str, Callable[[], Request]] = {
    "plan_day": lambda: planning.plan_day_request(
        ROSA, Places("Bramblewood Cottage", "Copper Kettle Cafe", "Copper Kettle Cafe", "Pennywhistle General Store",
                     "Foxglove Green"), PLACES, MEMORIES, "rested", 2, random.Random(1), 20.0,
        note="You want to run for mayor.", minute=300, cash=40, today=Today(tuple(PLAN)), weekday="Tuesday",
        insights=["I gave 2 hours today to taking a walk at Foxglove Green."], town=TOWN),
    "replan": lambda: planning.replan_request(
        ROSA, Places("Bramblewood Cottage", "Copper Kettle Cafe", "Copper Kettle Cafe", "Pennywhistle General Store",
                     "Foxglove Green"), PLACES, MEMORIES, "rested", 2, 15 * 60, PLAN, "money is short (9 coins left)",
        random.Random(1), cash=9, weekday="Tuesday", town=TOWN),
    "decompose": lambda: planning.decompose_request(ROSA, PLAN[2], "cafe", ["counter", "oven", "table", "table"],
                                                    random.Random(1), town=TOWN),
    "react": lambda: converse.react_request(ROSA, "Lina Delgado", "daughter", MEMORIES, "taking orders",
                                            "wiping the tables", True, TOWN, 3),
    "converse": lambda: converse.line_request(_line_context(), sorted(PLACES), CLOCK,
                                              LineAnswer(line="offline", end=False), TOWN),
    "reflect_questions": lambda: reflect.questions_request(ROSA, _reflection_nodes(), TOWN),
    "reflect_insights": lambda: reflect.insights_request(
        ROSA, {"What do I think of Lina Delgado?": _reflection_nodes()[:1],
               "What do I want to do next?": _reflection_nodes()[1:]}, town=TOWN),
    "importance": lambda: importance.importance_request(ROSA.name, ROSA.describe(), MEMORIES, [5, 4, 8, 4], TOWN),
    "chat": lambda: chat_request(_chat_context("What are you doing later?"), lambda: ChatAnswer(reply="offline")),
    "interview": lambda: chat_request(_chat_context("Who is running for mayor?", asleep=True),
                                      lambda: ChatAnswer(reply="offline")),
    "mayor": _mayor,
}


def render(request: Request) -> str:
    """The exact text the model gets: the system line, then the prompt."""
    return f"# step: {request.step}\n# system\n{request.system}\n# prompt\n{request.prompt}\n"


def write() -> list[Path]:
    FOLDER.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in STEPS.items():
        path = FOLDER / f"{name}.txt"
        path.write_text(render(build()), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(f"wrote {path.relative_to(ROOT)}")
