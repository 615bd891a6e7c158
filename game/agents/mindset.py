"""What the generative mind holds per villager (Mindset, Relation) and per open conversation (Conversation)."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.agents.converse import Invitation
from game.agents.memory import MemoryStream
from game.codec import TRANSIENT, Stateful


@dataclass
class Conversation(Stateful):
    """Two villagers talking: the lines so far, whose turn it is and when, and what came of it."""

    cid: int
    a: int
    b: int
    started: int
    place: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    next_speaker: int = 0
    next_step: int = 0
    # A line being asked of the model; a loaded town asks for it again.
    pending: bool = field(default=False, metadata=TRANSIENT)
    invitation: Invitation | None = None
    ended: bool = False
    summary: str = ""
    # What each line meant to the offline brain (act, topic); ('', '') for a model's line.
    acts: list[tuple[str, str]] = field(default_factory=list)
    budget: int = 6  # lines the talk may run, from the topics and the time both have


@dataclass
class Relation(Stateful):
    """What one villager knows of another: how they are related, how often they talked, an impression."""

    relation: str = ""
    chats: int = 0
    last_chat: int = -10**9
    impression: str = ""
    affinity: int = 0
    # What passed between the two in earlier talks, as topics ('goal:<text>', 'news:<text>', 'event:<text>').
    told: list[str] = field(default_factory=list)  # what I told them
    heard: list[str] = field(default_factory=list)  # what they told me
    asked: list[str] = field(default_factory=list)  # what I asked them ('goal', 'followup:<topic>')
    last_summary: str = ""

    @property
    def acquainted(self) -> bool:
        """Kin, a friend, a colleague, or anyone one has talked with: not a stranger."""
        return bool(self.relation or self.chats)


@dataclass
class Mindset(Stateful):
    """Per-villager cognitive state that the body (Villager) does not hold."""

    memory: MemoryStream
    relations: dict[str, Relation] = field(default_factory=dict)
    seen: dict[int, tuple[str, int]] = field(default_factory=dict)
    promises: list[Invitation] = field(default_factory=list)
    told: dict[str, list[str]] = field(default_factory=dict)  # invitation text -> names already told
    hosting: list[Invitation] = field(default_factory=list)
    reflections: int = 0
    unscored: list[int] = field(default_factory=list)
    note: str = ""
    last_talk: int = -10**9
    last_reflection: int = -10**9
    declined: list[Invitation] = field(default_factory=list)  # heard and turned down: still known news
    # Strangers noticed one by one in the game hour `stranger_hour` (perception's budget; a load starts it anew).
    stranger_hour: int = field(default=-1, metadata=TRANSIENT)
    strangers_noticed: int = field(default=0, metadata=TRANSIENT)

    def acquaintances(self) -> set[str]:
        """The names of everyone this villager is acquainted with."""
        return {name for name, rel in self.relations.items() if rel.acquainted}
