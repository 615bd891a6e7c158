"""The interview (``--interview NAME QUESTION``): ask one villager one question from the command line."""

from __future__ import annotations

from game.agents.chat import ChatAnswer, clean_message
from game.sim.engine import Simulation


class InterviewError(ValueError):
    """An interview that cannot happen (unknown villager, no generative minds); the message says what to do."""


def interview(sim: Simulation, name: str, question: str) -> ChatAnswer:
    """Ask one villager one question, as the paper's interviews do: awake or not, answered in lockstep."""
    if not sim.mind.remembers:
        raise InterviewError("interviews need generative minds: run without --mind routine")
    v = sim.villager_named(name)
    if v is None:
        names = ", ".join(x.name for x in sim.villagers[:12])
        raise InterviewError(f"no villager called {name!r} in this town; try one of: {names}")
    if not clean_message(question).text:
        raise InterviewError("the question is empty: give it in quotes after the name")
    if v.plan is None:
        sim.step()  # a fresh town: let everyone plan their day first
    return sim.mind.interview(sim, v, question)
