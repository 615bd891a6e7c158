"""The generative mind: the one object the town talks to; each job lives in its own module.

Deciding (game/agents/deciding.py), remembering and reflecting (remembering.py),
perceiving (perception.py), conversations (conversations.py), the day and its
promises (day.py), the per-villager state (mindset.py). Each decision is a typed
request to the brain; its offline answer is applied at once as a provisional
decision and a model's answer replaces it when it arrives, so the clock never
waits (unless ``lockstep`` asks it to, for reproducible runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from game.agents import converse, planning, player_chat, reflect
from game.agents.chat import ChatAnswer, Message
from game.agents.conversations import Conversations
from game.agents.day import Days, ExperienceKey
from game.agents.deciding import Decisions
from game.agents.memory import MemoryNode
from game.agents.mindset import Conversation, Mindset, Relation
from game.agents.perception import forget_stale_sightings, perceive
from game.agents.player_chat import ChatSession
from game.agents.remembering import Memories
from game.agents.retrieve import RetrievalWeights
from game.agents.schedule import DailyPlan, Task
from game.agents.villager import Villager
from game.clock import GameTime
from game.codec import decode, encode
from game.config import Settings
from game.llm import make_brain
from game.llm.base import Answer, Brain, Embedder, Request
from game.llm.ledger import Ledger, LedgerState
from game.llm.pool import BrainPool
from game.llm.settings import LLMSettings
from game.protocols import LLMStatus
from game.resources import release_free_memory

if TYPE_CHECKING:
    from game.sim.activation import TimeEngine
    from game.sim.engine import Simulation

__all__ = ["Conversation", "GenerativeMind", "Mindset", "Relation"]


@dataclass
class SavedMind:
    """What a generative mind keeps in a save, written and read by the state codec."""

    minds: dict[int, Mindset]
    conversations: list[Conversation]
    next_cid: int
    experience: list[tuple[ExperienceKey, planning.DecomposeAnswer]]
    experience_hits: int
    finished: list[dict[str, Any]]  # the report's record of each finished conversation
    ledger: LedgerState | None


class GenerativeMind:
    """Cognition for the whole town, driven by one Brain and one Embedder."""

    remembers = True
    #: How villagers remember; experiments give some of them another memory system (game/experiment/minds.py).
    memories_kind: ClassVar[type[Memories]] = Memories

    def __init__(
        self,
        brain: Brain,
        embedder: Embedder,
        lockstep: bool = True,
        pool: BrainPool | None = None,
        weights: RetrievalWeights | None = None,
        reflection_threshold: int = reflect.THRESHOLD,
        memory_index: str = "exact",
    ) -> None:
        self.embedder = embedder
        self.decisions = Decisions(brain, pool, lockstep)
        self.memories = self.memories_kind(embedder, self.decisions, weights or RetrievalWeights(),
                                 reflection_threshold, memory_index)
        self.days = Days(self.decisions, self.memories)
        self.talk = Conversations(self.decisions, self.memories, self.days)
        self.ledger: Ledger | None = None
        self.settings: Settings | None = None
        self.time_engine: TimeEngine | None = None  # who thinks with the model this hour (set with a model)

    # -- the parts' state, named as the save knows it ------------------------------------
    @property
    def brain(self) -> Brain:
        return self.decisions.brain

    @property
    def pool(self) -> BrainPool | None:
        return self.decisions.pool

    @property
    def lockstep(self) -> bool:
        return self.decisions.lockstep

    @property
    def pending(self) -> list:
        return self.decisions.pending

    @property
    def reflection_threshold(self) -> int:
        return self.memories.reflection_threshold

    @property
    def minds(self) -> dict[int, Mindset]:
        return self.memories.minds

    @minds.setter
    def minds(self, value: dict[int, Mindset]) -> None:
        self.memories.minds = value

    @property
    def indexes(self) -> dict:
        return self.memories.indexes

    @indexes.setter
    def indexes(self, value: dict) -> None:
        self.memories.indexes = value

    @property
    def conversations(self) -> dict[int, Conversation]:
        return self.talk.open

    @conversations.setter
    def conversations(self, value: dict[int, Conversation]) -> None:
        self.talk.open = value

    @property
    def finished(self) -> list[dict]:
        return self.talk.finished

    @finished.setter
    def finished(self, value: list[dict]) -> None:
        self.talk.finished = value

    @property
    def next_cid(self) -> int:
        return self.talk.next_cid

    @next_cid.setter
    def next_cid(self, value: int) -> None:
        self.talk.next_cid = value

    @property
    def experience(self) -> dict:
        return self.days.experience

    @experience.setter
    def experience(self, value: dict) -> None:
        self.days.experience = value

    @property
    def experience_hits(self) -> int:
        return self.days.experience_hits

    @experience_hits.setter
    def experience_hits(self, value: int) -> None:
        self.days.experience_hits = value

    # -- what the town asks of a mind ------------------------------------------------------
    def ask(self, request: Request, apply: Callable[[object], None], vid: int | None = None) -> None:
        self.decisions.ask(request, apply, vid)

    def consult(self, request: Request, arrived: Callable[[Answer], None]) -> None:
        self.decisions.consult(request, arrived)

    def collect(self) -> None:
        """Apply the model answers that have arrived (the runner also calls this while paused)."""
        self.decisions.collect()

    def flush(self) -> None:
        self.decisions.flush()

    def mind(self, sim: Simulation, v: Villager) -> Mindset:
        return self.memories.mind(sim, v)

    def remember(self, sim: Simulation, v: Villager, kind: str, text: str, now: int, importance: int | None = None,
                 subject: str = "", evidence: tuple[int, ...] = (), event: dict | None = None,
                 scored: bool = False) -> MemoryNode:
        self.memories.mind(sim, v)  # a newcomer starts with who they are before the news
        return self.memories.remember(sim, v, kind, text, now, importance, subject, evidence, event, scored)

    def mindset(self, v: Villager) -> Mindset | None:
        return self.memories.minds.get(v.vid)

    def retrieve(self, sim: Simulation, v: Villager, query: str, k: int) -> list[MemoryNode]:
        return self.memories.retrieve(sim, v, query, k)

    def search(self, sim: Simulation, v: Villager, query: str, k: int = 10) -> list[MemoryNode]:
        return self.memories.search(sim, v, query, k)

    def plan_day(self, sim: Simulation, v: Villager, now: GameTime) -> DailyPlan:
        return self.days.plan_day(sim, v, now)

    def task_at(self, sim: Simulation, v: Villager, minute: int) -> Task:
        return self.days.task_at(sim, v, minute)

    def replan(self, sim: Simulation, v: Villager, note: str = "") -> None:
        self.days.replan(sim, v, note)

    def start_conversation(self, sim: Simulation, a: Villager, b: Villager) -> Conversation:
        return self.talk.start(sim, a, b)

    def step(self, sim: Simulation, now: GameTime) -> None:
        self.decisions.collect()
        self.decisions.hour = now.seconds // 3600
        if self.time_engine is not None and (now.second_of_day % 60 == 0 or not self.time_engine.personas):
            names = {v.vid: v.name for v in sim.villagers}
            self.time_engine.follow(sim.seed, (v.persona for v in sim.villagers),
                                    [(names[c.a], names[c.b]) for c in self.conversations.values()
                                     if c.a in names and c.b in names],
                                    [v.name for v in sim.villagers if v.chatting_with_player])
        for v in sim.villagers:
            self.memories.mind(sim, v)
        if now.second_of_day % 60 == 0:
            perceive(sim, now, self.memories, self.talk)
            self.days.keep_company(sim)
        if now.second_of_day % 3600 == 0:
            # A sleeping town adds no memories, so forgetting also gets an hourly turn, not only on add.
            for m in self.memories.minds.values():
                m.memory.forget(now.seconds)
                forget_stale_sightings(m, now.second_of_day // 60)
        self.talk.advance(sim, now)
        if now.second_of_day % (4 * 3600) == 0:
            self.memories.score_importance(sim)  # one batched call per villager every four game hours
        if now.second_of_day % 3600 == 0:
            self.memories.reflect_where_due(sim, now.seconds)
        if self.decisions.lockstep:
            self.decisions.flush()
        if now.second_of_day % 3600 == 0:
            # After the hour's own work (forgetting, reflections, importance, the day's plans at midnight): what
            # it freed, and the hour's embedding batches, leave the resident set.
            release_free_memory()

    def whisper(self, sim: Simulation, v: Villager, text: str) -> None:
        """The inner voice: a high-importance thought that can change today's plan."""
        m = self.memories.mind(sim, v)
        minute = sim.clock.now.second_of_day // 60
        inv = converse.parse_invitation(text, list(sim.town.map.sectors), sim.clock.now.day, minute, v.name)
        event = None
        if inv is not None:
            m.hosting.append(inv)
            event = inv.as_dict()
        self.remember(sim, v, "thought", text, sim.clock.seconds, importance=9, subject=v.name, event=event,
                      scored=True)
        sim.log("whisper", f"A thought came to {v.name}: {text}", v.tile)
        self.replan(sim, v, note=text)

    def llm_status(self) -> LLMStatus:
        llm = self.settings.llm if self.settings is not None else None
        endpoint = llm.endpoints[0] if llm is not None and llm.endpoints else None
        backend = llm.backend if llm is not None else ("offline" if self.brain.name == "offline" else "openai")
        online = endpoint if backend != "offline" else None
        return LLMStatus(backend=backend, model=online.model if online else "",
                         endpoint=online.base_url if online else "", waiting=len(self.decisions.pending),
                         fallbacks=self.ledger.total("fallbacks") if self.ledger is not None else 0)

    def use_llm(self, settings: LLMSettings, lockstep: bool = False) -> None:
        """Think with other model settings from now on (the settings screen's Apply); memories stay."""
        if self.ledger is None:
            self.ledger = Ledger()
        offline = settings.backend == "offline"
        engine = self.time_engine if settings.time_engine else None
        if engine is not None:
            engine.overrides = dict(settings.activation)
        brain = make_brain(settings, self.ledger, lockstep=lockstep,
                           thinks=None if engine is None else lambda r: engine.decides(r.agent, r.step, r.hour))
        self.decisions.use(brain, None if offline else BrainPool(brain), offline or lockstep)
        if self.settings is not None:
            self.settings = replace(self.settings, llm=settings)

    def close(self) -> None:
        """Stop asking the model (the window quits): questions not yet sent are dropped."""
        if self.decisions.pool is not None:
            self.decisions.pool.close()

    # -- the player ------------------------------------------------------------------------
    def chat(self, sim: Simulation, v: Villager, session: ChatSession, text: str,
             deliver: Callable[[ChatAnswer], None], awake: bool = False) -> Message:
        return player_chat.answer_player(self, sim, v, session, text, deliver, awake)

    def end_chat(self, sim: Simulation, v: Villager, session: ChatSession) -> None:
        player_chat.end_chat(self, sim, v, session)

    def last_talk(self, sim: Simulation, v: Villager) -> tuple[tuple[str, str], ...]:
        return player_chat.last_talk(self, sim, v)

    def interview(self, sim: Simulation, v: Villager, question: str) -> ChatAnswer:
        """Ask v one question, awake or not; a model's answer is waited for (a command-line probe)."""
        session = ChatSession(v.vid, sim.clock.seconds)
        answers: list[ChatAnswer] = []
        self.chat(sim, v, session, question, answers.append, awake=True)
        while not answers and self.decisions.pending:
            self.decisions.pending[0][0].result()
            self.decisions.collect()
        self.end_chat(sim, v, session)
        return answers[0]

    # -- the snapshot ----------------------------------------------------------------------
    def bubble(self, sim: Simulation, v: Villager) -> str | None:
        return self.talk.bubble(v)

    def thinking(self, v: Villager) -> bool:
        return self.decisions.thinking(v.vid)

    # -- state --------------------------------------------------------------------------------
    #: The shape of this mind's save (an experiment's mind adds its impressions).
    saved: ClassVar[type[SavedMind]] = SavedMind

    def saved_parts(self) -> dict[str, Any]:
        """The live values of the saved fields, by name."""
        return {"minds": self.minds, "conversations": list(self.conversations.values()), "next_cid": self.next_cid,
                "experience": list(self.experience.items()), "experience_hits": self.experience_hits,
                "finished": self.finished, "ledger": self.ledger.saved() if self.ledger else None}

    def load_parts(self, saved: SavedMind) -> None:
        """Put decoded state in place (it was checked whole first, so a bad save changes nothing)."""
        self.minds = dict(saved.minds)
        self.indexes = {}  # the faiss graphs are rebuilt from the loaded streams on first use
        self.conversations = {c.cid: c for c in saved.conversations}
        self.next_cid = saved.next_cid
        self.experience = dict(saved.experience)
        self.experience_hits = saved.experience_hits
        self.finished = list(saved.finished)
        if self.ledger is not None and saved.ledger is not None:
            self.ledger.load(saved.ledger)

    def get_state(self) -> dict:
        return encode(self.saved(**self.saved_parts()))

    def set_state(self, state: dict) -> None:
        self.load_parts(decode(self.saved, state, "mind"))

    def fault(self, sim: Simulation) -> str:
        """Why the loaded state does not fit this town ("" when it does)."""
        vids = set(range(len(sim.villagers)))
        for v in sim.villagers:
            if v.conversation is not None and v.conversation not in self.conversations:
                return f"villager {v.name} is in conversation #{v.conversation}, which does not exist"
        if not set(self.minds) <= vids:
            return "a memory stream belongs to no villager"
        for conv in self.conversations.values():
            if conv.a not in vids or conv.b not in vids:
                return f"conversation #{conv.cid} is between villagers who do not exist"
        return ""

    def report_extras(self, sim: Simulation) -> dict:
        """The report's llm and cognition sections."""
        agent_days = len(sim.villagers) * sim.clock.steps * 10 / 86400
        llm = self.ledger.report(self.brain.name, agent_days) if self.ledger else {}
        memories = sum(len(m.memory) for m in self.minds.values())
        return {
            "llm": llm,
            "cognition": {
                "conversations": len(self.finished),
                "memories": memories,
                "reflections": sum(m.reflections for m in self.minds.values()),
                "experience_reuse": self.experience_hits,
                "invitations": sorted({p.text() for m in self.minds.values() for p in m.promises + m.hosting}),
            },
            "conversations": list(self.finished),  # every conversation of the run, with its lines
        }

    def villager_report(self, v: Villager) -> dict:
        m = self.minds.get(v.vid)
        if m is None:
            return {}
        plan = [i.text() for i in v.plan.items] if v.plan else []
        return {
            "memories": len(m.memory),
            "reflections": m.reflections,
            "plan": plan,
            "promises": [p.text() for p in m.promises],
            "vitals": {k: round(x, 1) for k, x in v.vitals.get_state().items()},
        }
