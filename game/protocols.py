"""The two shapes the simulation talks to: a Mind (how villagers decide) and a Component (a part of the town
whose state is plain data). Callers use these methods and never probe for attributes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from game.agents.chat import ChatAnswer, Message
    from game.agents.memory import MemoryNode
    from game.agents.mindset import Mindset
    from game.agents.player_chat import ChatSession
    from game.agents.schedule import DailyPlan, Task
    from game.agents.villager import Villager
    from game.clock import GameTime
    from game.config import Settings
    from game.llm.base import Answer, Brain, Request
    from game.llm.ledger import Ledger
    from game.llm.settings import LLMSettings
    from game.sim.engine import Simulation


@dataclass(frozen=True)
class LLMStatus:
    """The model a mind thinks with, as the player sees it: backend, model, endpoint, requests on their
    way, and how many answers have fallen back to the offline rules so far."""

    backend: str
    model: str
    endpoint: str
    waiting: int
    fallbacks: int


class Component(Protocol):
    """A part of the town that is saved and reported: its state goes out and comes back as plain data."""

    def get_state(self) -> Any: ...

    def set_state(self, state: Any) -> None: ...

    def report_extras(self, sim: Simulation) -> dict:
        """Sections this part adds to a headless report."""
        ...


class Mind(Component, Protocol):
    """How every villager of a town decides: the bare routine or generative agents.

    The engine plans days, picks tasks and steps it; the snapshot asks for bubbles and who
    is thinking; the player's commands chat, whisper and search through it; the mayor tells
    villagers news through ``remember``; saves and reports take its state and extras.
    """

    #: True when villagers have memories: chat, whispers, memory search and interviews need them.
    remembers: bool

    @property
    def settings(self) -> Settings | None:
        """The settings the mind was built from (a save records their public part), if any."""
        ...

    @property
    def ledger(self) -> Ledger | None:
        """What the model was asked and answered so far (calls, tokens, fallbacks), if a model is asked."""
        ...

    @property
    def brain(self) -> Brain | None:
        """The model the villagers think with (the LLM mayor shares it), or None."""
        ...

    def plan_day(self, sim: Simulation, v: Villager, now: GameTime) -> DailyPlan: ...

    def task_at(self, sim: Simulation, v: Villager, minute: int) -> Task: ...

    def step(self, sim: Simulation, now: GameTime) -> None:
        """Per-step cognition after every villager moved (perception, conversations, reflection)."""
        ...

    def collect(self) -> None:
        """Apply the model answers that have arrived (also while the clock is paused)."""
        ...

    def ask(self, request: Request, apply: Callable[[object], None], vid: int | None = None) -> None:
        """Put a question to the brain; ``apply`` gets the answer now or when it arrives."""
        ...

    def consult(self, request: Request, arrived: Callable[[Answer], None]) -> None:
        """Like ``ask``, but ``arrived`` gets the whole Answer: its value and where it came from."""
        ...

    def remember(self, sim: Simulation, v: Villager, kind: str, text: str, now: int, importance: int | None = None,
                 subject: str = "", evidence: tuple[int, ...] = (), event: dict | None = None,
                 scored: bool = False) -> MemoryNode | None:
        """Give v a memory (None: this mind keeps none)."""
        ...

    def mindset(self, v: Villager) -> Mindset | None:
        """What v's mind holds (memories, relations, what is on their mind), or None."""
        ...

    def search(self, sim: Simulation, v: Villager, query: str, k: int = 10) -> list[MemoryNode]:
        """v's memories most relevant to query, without touching their access times."""
        ...

    def whisper(self, sim: Simulation, v: Villager, text: str) -> None:
        """The inner voice: a thought that can change v's plan."""
        ...

    def chat(self, sim: Simulation, v: Villager, session: ChatSession, text: str,
             deliver: Callable[[ChatAnswer], None], awake: bool = False) -> Message:
        """The player says text to v; the reply reaches ``deliver``. Returns the cleaned message."""
        ...

    def end_chat(self, sim: Simulation, v: Villager, session: ChatSession) -> None:
        """The player left: v remembers the exchange."""
        ...

    def last_talk(self, sim: Simulation, v: Villager) -> tuple[tuple[str, str], ...]:
        """The newest conversation v remembers with the player, as (speaker, line); "Player" is the player."""
        ...

    def interview(self, sim: Simulation, v: Villager, question: str) -> ChatAnswer:
        """One question answered at once, awake or not (a researcher's probe)."""
        ...

    def llm_status(self) -> LLMStatus | None:
        """What the HUD shows of the model now (None: this mind uses none)."""
        ...

    def use_llm(self, settings: LLMSettings, lockstep: bool = False) -> None:
        """Think with these model settings from now on; the old model's pool is closed."""
        ...

    def close(self) -> None:
        """Stop asking the model (the window quits): questions not yet sent are dropped."""
        ...

    def bubble(self, sim: Simulation, v: Villager) -> str | None:
        """The line v is saying, for the speech bubble."""
        ...

    def thinking(self, v: Villager) -> bool:
        """True while v waits for the model (the "thinking…" bubble)."""
        ...

    def fault(self, sim: Simulation) -> str:
        """Why the loaded state does not fit this town ("" when it does)."""
        ...

    def report_extras(self, sim: Simulation) -> dict:
        """Sections this mind adds to a headless report."""
        ...

    def villager_report(self, v: Villager) -> dict:
        """Fields this mind adds to a villager's entry in a headless report."""
        ...
