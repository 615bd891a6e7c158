"""What the generative mind holds per villager (Mindset, Relation) and per open conversation (Conversation)."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.agents.converse import Invitation
from game.agents.memory import MemoryStream


@dataclass
class Conversation:
    cid: int
    a: int
    b: int
    started: int
    place: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    next_speaker: int = 0
    next_step: int = 0
    pending: bool = False
    invitation: Invitation | None = None
    ended: bool = False
    summary: str = ""

    def get_state(self) -> dict:
        return {
            "cid": self.cid, "a": self.a, "b": self.b, "started": self.started, "place": self.place,
            "lines": [list(x) for x in self.lines], "next_speaker": self.next_speaker, "next_step": self.next_step,
            "invitation": self.invitation.as_dict() if self.invitation else None,
        }

    @staticmethod
    def from_state(d: dict) -> Conversation:
        c = Conversation(int(d["cid"]), int(d["a"]), int(d["b"]), int(d["started"]), str(d["place"]))
        c.lines = [(int(w), str(t)) for w, t in d["lines"]]
        c.next_speaker = int(d["next_speaker"])
        c.next_step = int(d["next_step"])
        c.invitation = Invitation.from_dict(d["invitation"]) if d.get("invitation") else None
        return c


@dataclass
class Relation:
    """What one villager knows of another: how they are related, how often they talked, an impression."""

    relation: str = ""
    chats: int = 0
    last_chat: int = -10**9
    impression: str = ""
    affinity: int = 0

    def get_state(self) -> dict:
        return {"relation": self.relation, "chats": self.chats, "last_chat": self.last_chat,
                "impression": self.impression, "affinity": self.affinity}

    @staticmethod
    def from_state(d: dict) -> Relation:
        return Relation(str(d.get("relation", "")), int(d.get("chats", 0)), int(d.get("last_chat", -10**9)),
                        str(d.get("impression", "")), int(d.get("affinity", 0)))


@dataclass
class Mindset:
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

    def get_state(self) -> dict:
        return {
            "memory": self.memory.get_state(),
            "relations": {k: r.get_state() for k, r in self.relations.items()},
            "promises": [p.as_dict() for p in self.promises],
            "hosting": [p.as_dict() for p in self.hosting],
            "told": {k: list(v) for k, v in self.told.items()},
            "reflections": self.reflections,
            "unscored": list(self.unscored),
            "note": self.note,
            "seen": {str(k): [a, int(t)] for k, (a, t) in self.seen.items()},
            "last_talk": self.last_talk,
            "last_reflection": self.last_reflection,
        }

    @staticmethod
    def from_state(d: dict) -> Mindset:
        memory = MemoryStream(dim=int(d["memory"]["dim"]))
        memory.set_state(d["memory"])
        m = Mindset(memory)
        m.relations = {k: Relation.from_state(v) for k, v in d.get("relations", {}).items()}
        m.promises = [Invitation.from_dict(p) for p in d.get("promises", [])]
        m.hosting = [Invitation.from_dict(p) for p in d.get("hosting", [])]
        m.told = {k: list(v) for k, v in d.get("told", {}).items()}
        m.reflections = int(d.get("reflections", 0))
        m.unscored = [int(i) for i in d.get("unscored", [])]
        m.note = str(d.get("note", ""))
        m.seen = {int(k): (str(a), int(t)) for k, (a, t) in d.get("seen", {}).items()}
        m.last_talk = int(d.get("last_talk", -10**9))
        m.last_reflection = int(d.get("last_reflection", -10**9))
        return m
