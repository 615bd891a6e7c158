"""The interview (``--interview NAME QUESTION``): ask one villager one question from the command line."""

from __future__ import annotations

from game.agents.chat import ChatAnswer, clean_message
from game.agents.player_chat import ChatSession, answer_player, end_chat
from game.sim.engine import Simulation


class InterviewError(ValueError):
    """An interview that cannot happen (unknown villager, no generative minds); the message says what to do."""


def interview(sim: Simulation, name: str, question: str) -> ChatAnswer:
    """Ask one villager one question, as the paper's interviews do: awake or not, answered in lockstep."""
    mind = sim.mind
    if not hasattr(mind, "minds"):
        raise InterviewError("interviews need generative minds: run without --mind routine")
    v = sim.villager_named(name)
    if v is None:
        names = ", ".join(x.name for x in sim.villagers[:12])
        raise InterviewError(f"no villager called {name!r} in this town; try one of: {names}")
    if not clean_message(question).text:
        raise InterviewError("the question is empty: give it in quotes after the name")
    if v.plan is None:
        sim.step()  # a fresh town: let everyone plan their day first
    session = ChatSession(v.vid, sim.clock.seconds)
    answers: list[ChatAnswer] = []
    answer_player(mind, sim, v, session, question, answers.append, awake=True)  # type: ignore[arg-type]
    while not answers and getattr(mind, "pending", None):
        mind.pending[0][0].result()  # a model is thinking: wait for it, this is a command-line probe
        mind.collect()  # type: ignore[attr-defined]
    end_chat(mind, sim, v, session)  # type: ignore[arg-type]
    return answers[0]
