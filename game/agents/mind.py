"""The generative mind: perceive, remember, retrieve, plan, react, converse and reflect for every villager.

Each decision is a typed request to the brain. Its offline answer is applied at
once as a provisional decision; a model's answer replaces it when it arrives,
so the clock never waits (unless ``lockstep`` asks it to, for reproducible runs).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from game.agents import converse, importance, planning, reflect
from game.agents.converse import Invitation, LineAnswer, gerund
from game.agents.memory import MemoryNode, MemoryStream
from game.agents.memory_index import RelevanceIndex, retrieve_indexed
from game.agents.plan import DailyPlan, PlanItem, Task, hhmm
from game.agents.retrieve import RetrievalWeights, retrieve
from game.agents.villager import Villager
from game.clock import GameTime
from game.llm.base import Brain, Embedder, Request
from game.llm.guard import Ledger
from game.llm.pool import BrainPool
from game.llm.settings import SettingsError

if TYPE_CHECKING:
    from game.sim.engine import Simulation

VISION = 4  # tiles
ATTENTION = 3  # new observations per villager per game minute
PAIR_COOLDOWN = 3 * 3600  # game seconds between two conversations of the same pair
PASS_ON = 3  # a guest tells at most this many others about an invitation (the host tells everyone)
TALK_REST = 3600
REFLECTION_REST = 4 * 3600  # at most one reflection every four game hours (the paper's agents reflect 2-3 times a day)
PROMPT_MEMORY_CHARS = 160  # after a conversation a villager chats again only to pass on news within this time
LINE_STEPS = 3  # a line stays in its bubble at least this many steps
RETRIEVE_CHAT = 6
RETRIEVE_REACT = 5
RETRIEVE_PLAN = 10


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


class GenerativeMind:
    """Cognition for the whole town, driven by one Brain and one Embedder."""

    def __init__(
        self,
        brain: Brain,
        embedder: Embedder,
        offline_backend: bool = True,
        lockstep: bool = True,
        pool: BrainPool | None = None,
        weights: RetrievalWeights | None = None,
        reflection_threshold: int = reflect.THRESHOLD,
        memory_index: str = "exact",
    ) -> None:
        self.brain = brain
        self.embedder = embedder
        self.offline_backend = offline_backend
        # lockstep: every step ends with all its answers applied (in the order they were asked), so a
        # seed gives the same run; with a pool the step's requests still go to the model in parallel.
        self.lockstep = lockstep or pool is None
        self.pool = pool
        self.weights = weights or RetrievalWeights()
        self.reflection_threshold = reflection_threshold
        self.memory_index = memory_index
        self.indexes: dict[int, RelevanceIndex] = {}  # rebuilt from the streams, never saved
        if memory_index == "faiss":
            try:
                import faiss  # noqa: F401
            except ImportError:
                raise SettingsError("memory_index 'faiss' needs the faiss-cpu package (run from source with "
                                    "requirements.txt installed; the packaged game has exact retrieval only): "
                                    "set memory_index to 'exact'") from None
        self.minds: dict[int, Mindset] = {}
        self.conversations: dict[int, Conversation] = {}
        self.finished: list[dict] = []
        self.next_cid = 0
        self.experience: dict[tuple[str, str, int, str], planning.DecomposeAnswer] = {}
        self.experience_hits = 0
        self.pending: list[tuple[Future, Callable[[object], None]]] = []
        self.waiting: dict[int, int] = {}  # vid -> outstanding model requests (the "thinking…" bubble)
        self.ledger: Ledger | None = None
        self.settings: object | None = None

    # -- asking the brain --------------------------------------------------------
    def ask(self, request: Request, apply: Callable[[object], None], vid: int | None = None,
            provisional: bool = False) -> None:
        """Decide now (offline/lockstep) or submit and apply later; provisional applies the offline answer first."""
        if self.pool is None or (self.lockstep and provisional):
            # Plans and task lists are needed at once; in lockstep they are asked for on the spot.
            apply(self.brain.complete(request).value)
            return
        if provisional:
            apply(request.offline())
        future = self.pool.submit(request)  # type: ignore[union-attr]
        if vid is not None:
            self.waiting[vid] = self.waiting.get(vid, 0) + 1

        def done(result: object, vid: int | None = vid) -> None:
            if vid is not None:
                self.waiting[vid] = max(0, self.waiting.get(vid, 1) - 1)
            apply(result)

        self.pending.append((future, done))

    def collect(self) -> None:
        """Apply the model answers that have arrived (the runner also calls this while paused)."""
        self._collect()

    def _collect(self) -> None:
        """Apply arrived answers in the order they were asked; answers can ask again (reflection)."""
        if not self.pending:
            return
        current, self.pending = self.pending, []
        kept = []
        for future, apply in current:
            if future.done():
                apply(future.result().value)
            else:
                kept.append((future, apply))
        self.pending = kept + self.pending

    def flush(self) -> None:
        """Wait for every outstanding answer (and those they lead to) and apply them: lockstep."""
        while self.pending:
            wait([future for future, _apply in self.pending])
            self._collect()

    # -- setup ---------------------------------------------------------------------
    def mind(self, sim: Simulation, v: Villager) -> Mindset:
        m = self.minds.get(v.vid)
        if m is None:
            m = Mindset(MemoryStream(dim=self.embedder.dim))
            for name, relation in v.persona.knows.items():
                m.relations[name] = Relation(relation=relation, affinity=2)
            self.minds[v.vid] = m
            now = sim.clock.seconds
            self.remember(sim, v, "thought", f"Who I am: {v.persona.describe()}", now, importance=5, subject=v.name,
                          scored=True)
            for name, relation in v.persona.knows.items():
                self.remember(sim, v, "thought", f"{name} is my {_bare(relation)}.", now, importance=5, subject=name,
                              scored=True)
            self.remember(sim, v, "thought", f"I live at {v.home}." + (f" I work at {v.workplace}."
                          if v.workplace else ""), now, importance=4, subject=v.home, scored=True)
        return m

    def remember(self, sim: Simulation, v: Villager, kind: str, text: str, now: int, importance: int | None = None,
                 subject: str = "", evidence: tuple[int, ...] = (), event: dict | None = None,
                 scored: bool = False) -> MemoryNode:
        m = self.minds[v.vid]
        known = set(m.relations)
        score = importance if importance is not None else self.offline_importance(kind, text, known)
        node = m.memory.add(kind, text, now, score, evidence, subject, event, scored or self.offline_backend)
        if not node.scored:
            m.unscored.append(node.nid)
        return node

    @staticmethod
    def offline_importance(kind: str, text: str, known: set[str]) -> int:
        return importance.offline_importance(kind, text, known)

    # -- plans -------------------------------------------------------------------------
    def plan_day(self, sim: Simulation, v: Villager, now: GameTime) -> DailyPlan:
        m = self.mind(sim, v)
        self._embed_all(sim)
        memories = [_brief(n.description) for n in self._retrieve(sim, v, f"{v.name}'s plans for today", RETRIEVE_PLAN)]
        places = sim.places_for(v)
        all_places = {name: s.building_type for name, s in sim.town.map.sectors.items()}
        request = planning.plan_day_request(
            v.persona, places, all_places, memories, v.vitals.describe(), now.day, sim.rng, v.vitals.hunger, m.note,
            minute=now.second_of_day // 60,
        )
        plan = DailyPlan(now.day, v.persona.wake, [])
        day = now.day

        def apply(answer: object) -> None:
            assert isinstance(answer, planning.DayPlanAnswer)
            items = planning.answer_to_items(answer, set(all_places), v.home)
            items = self._keep_promises(m, items, day)
            if plan.items:
                minute = sim.clock.now.second_of_day // 60 if sim.clock.now.day == day else 0
                plan.replace_from(minute, items)
            else:
                plan.items = items
            self._plan_memory(sim, v, plan)

        self.ask(request, apply, vid=v.vid, provisional=True)
        return plan

    def _plan_memory(self, sim: Simulation, v: Villager, plan: DailyPlan) -> None:
        summary = "; ".join(f"{hhmm(i.start)} {i.activity}" for i in plan.items if i.use != "sleep")
        self.remember(sim, v, "plan", f"Plan for day {plan.day}: {summary}", sim.clock.seconds, subject=v.name)

    @staticmethod
    def _keep_promises(m: Mindset, items: list[PlanItem], day: int) -> list[PlanItem]:
        """An accepted invitation (or one's own event) stays in the plan: a promise is a promise."""
        extra = [
            PlanItem(p.start, p.end, f"go to the {p.what} at {p.place}", "relax", p.place)
            for p in m.promises + m.hosting
            if p.day == day
        ]
        if not extra:
            return items
        cut: list[PlanItem] = []
        for item in items:
            pieces = [(item.start, item.end)]
            for e in extra:
                nxt = []
                for s, t in pieces:
                    if t <= e.start or s >= e.end:
                        nxt.append((s, t))
                        continue
                    if s < e.start:
                        nxt.append((s, e.start))
                    if t > e.end:
                        nxt.append((e.end, t))
                pieces = nxt
            cut.extend(PlanItem(s, t, item.activity, item.use, item.place) for s, t in pieces)
        return sorted(cut + extra, key=lambda i: i.start)

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
            from game.agents.routine import decompose

            tasks = (planning.answer_to_tasks(cached, item) if cached is not None
                     else decompose(item, btype, sim.rng))
            plan.tasks[index] = tasks
            return tasks
        objects = [o.name for o in sim.town.objects_of(item.place)]
        request = planning.decompose_request(v.persona, item, btype, objects, sim.rng)
        holder: list[list[Task]] = []

        def apply(answer: object) -> None:
            assert isinstance(answer, planning.DecomposeAnswer)
            tasks = planning.answer_to_tasks(answer, item)
            self.experience[key] = answer
            if plan.block_at(item.start) == item:
                plan.tasks[index] = tasks
            holder.append(tasks)

        self.ask(request, apply, vid=v.vid, provisional=True)
        return plan.tasks.get(index) or holder[-1]

    def replan(self, sim: Simulation, v: Villager, note: str = "") -> None:
        """Plan the rest of today again (after a whisper, an invitation, a new building)."""
        m = self.mind(sim, v)
        if note:
            m.note = note
        now = sim.clock.now
        old = v.plan
        new = self.plan_day(sim, v, now)
        if old is not None and new.items:
            minute = now.second_of_day // 60
            old.replace_from(minute, [i for i in new.items if i.end > minute])
            v.plan = old
        else:
            v.plan = new
        v.task = None

    # -- the per-step part -----------------------------------------------------------
    def step(self, sim: Simulation, now: GameTime) -> None:
        self._collect()
        for v in sim.villagers:
            self.mind(sim, v)
        if now.second_of_day % 60 == 0:
            self._perceive_all(sim, now)
            self._embed_all(sim)
        self._advance_conversations(sim, now)
        if now.second_of_day % (4 * 3600) == 0:
            self._score_importance(sim)  # one batched call per villager every four game hours
        if now.second_of_day % 3600 == 0:
            for v in sim.villagers:
                m = self.minds[v.vid]
                if (m.memory.importance_since_reflection >= self.reflection_threshold and not v.asleep
                        and now.seconds - m.last_reflection >= REFLECTION_REST):
                    self._reflect(sim, v)
        if self.lockstep:
            self.flush()

    def _embed_all(self, sim: Simulation) -> None:
        todo: list[tuple[MemoryStream, list[int]]] = []
        texts: list[str] = []
        for m in self.minds.values():
            if m.memory.pending_embed:
                ids = list(m.memory.pending_embed)
                todo.append((m.memory, ids))
                texts.extend(m.memory.nodes[i].description for i in ids)
        if not texts:
            return
        vectors = self.embedder.embed(texts)
        row = 0
        for stream, ids in todo:
            stream.set_vectors(ids, vectors[row : row + len(ids)])
            row += len(ids)

    def _retrieve(self, sim: Simulation, v: Villager, query: str, k: int) -> list[MemoryNode]:
        m = self.minds[v.vid]
        if m.memory.pending_embed:
            self._embed_all(sim)
        q = self.embedder.embed([query])[0]
        return self._ranked(v, m.memory, q, sim.clock.seconds, k, touch=True)

    def _ranked(self, v: Villager, stream: MemoryStream, q: np.ndarray, now: int, k: int,
                touch: bool) -> list[MemoryNode]:
        if self.memory_index == "faiss":
            index = self.indexes.get(v.vid)
            if index is None:
                index = self.indexes[v.vid] = RelevanceIndex(stream.dim)
            return retrieve_indexed(stream, index, q, now, k, self.weights, touch=touch)
        return retrieve(stream, q, now, k, self.weights, touch=touch)

    def search(self, sim: Simulation, v: Villager, query: str, k: int = 10) -> list[MemoryNode]:
        """The inspector's memory search: the same retrieval, without touching access times."""
        m = self.mind(sim, v)
        if m.memory.pending_embed:
            self._embed_all(sim)
        q = self.embedder.embed([query])[0]
        return self._ranked(v, m.memory, q, sim.clock.seconds, k, touch=False)

    # -- perception and reaction ---------------------------------------------------------
    def _perceive_all(self, sim: Simulation, now: GameTime) -> None:
        buckets: dict[tuple[int, int], list[Villager]] = {}
        for v in sim.villagers:
            buckets.setdefault((v.tile[0] // 8, v.tile[1] // 8), []).append(v)
        minute = now.second_of_day // 60
        for v in sim.villagers:
            if v.asleep or v.chatting_with_player:
                continue
            m = self.minds[v.vid]
            bx, by = v.tile[0] // 8, v.tile[1] // 8
            noticed = 0
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for o in buckets.get((bx + dx, by + dy), ()):
                        if o is v or noticed >= ATTENTION:
                            continue
                        if abs(o.tile[0] - v.tile[0]) > VISION or abs(o.tile[1] - v.tile[1]) > VISION:
                            continue
                        if sim.town.map.place_at(*o.tile)[0] != sim.town.map.place_at(*v.tile)[0]:
                            continue  # walls between buildings and street block the view
                        action = "sleeping" if o.asleep else ("walking" if o.walking else gerund(o.action))
                        last = m.seen.get(o.vid)
                        if last is not None and last[0] == action and minute - last[1] < 60:
                            continue
                        m.seen[o.vid] = (action, minute)
                        noticed += 1
                        sight = f"{o.name} is {action} at {o.place or 'town'}."
                        if m.memory.observe(o.name, sight, now.seconds) is None:
                            self.remember(sim, v, "observation", sight, now.seconds, subject=o.name)
                        self._maybe_talk(sim, v, o, now)

    def _maybe_talk(self, sim: Simulation, v: Villager, o: Villager, now: GameTime) -> None:
        if v.conversation is not None or o.conversation is not None or o.asleep or v.asleep:
            return
        if o.chatting_with_player or v.use == "sleep" or o.use == "sleep":
            return
        m = self.minds[v.vid]
        rel = m.relations.setdefault(o.name, Relation())
        if now.seconds - rel.last_chat < PAIR_COOLDOWN:
            return
        share = self._invitation_to_share(m, o.name, now.day)
        if share is None and (now.seconds - m.last_talk < TALK_REST
                              or now.seconds - self.minds[o.vid].last_talk < TALK_REST):
            return
        p = 0.015 + v.vitals.social / 1000 + (0.03 if rel.relation else 0.0) + min(rel.chats, 3) * 0.005
        if share is not None:
            p += 0.6
        if v.use == "work" and not v.walking:
            p *= 0.4
        if sim.rng.random() >= p:
            return
        if self.offline_backend:
            self.start_conversation(sim, v, o)
            return
        memories = [_brief(n.description) for n in self._retrieve(sim, v, f"{o.name}", RETRIEVE_REACT)]
        request = converse.react_request(v.persona, o.name, rel.relation, memories, v.action, o.action, True)

        def apply(answer: object) -> None:
            assert isinstance(answer, converse.ReactAnswer)
            if answer.talk and v.conversation is None and o.conversation is None and not o.asleep:
                self.start_conversation(sim, v, o)

        self.ask(request, apply, vid=v.vid)

    @staticmethod
    def _invitation_to_share(m: Mindset, other: str, day: int) -> Invitation | None:
        for inv in m.hosting + m.promises:
            told = m.told.get(inv.text(), [])
            if inv in m.promises and len(told) >= PASS_ON:
                continue
            if inv.day >= day and other not in told and other != inv.host:
                return inv
        return None

    # -- conversations -------------------------------------------------------------------
    def start_conversation(self, sim: Simulation, a: Villager, b: Villager) -> Conversation:
        conv = Conversation(self.next_cid, a.vid, b.vid, sim.clock.seconds, a.place, next_step=sim.clock.steps)
        self.next_cid += 1
        self.conversations[conv.cid] = conv
        a.conversation = b.conversation = conv.cid
        for x, y in ((a, b), (b, a)):
            x.facing = _face(x.tile, y.tile, x.facing)
        sim.log("conversation", f"{a.name} and {b.name} start talking at {a.place}.", a.tile)
        return conv

    def _advance_conversations(self, sim: Simulation, now: GameTime) -> None:
        for conv in list(self.conversations.values()):
            if conv.ended:
                continue
            if conv.pending or sim.clock.steps < conv.next_step:
                continue
            speaker = sim.villagers[conv.a if conv.next_speaker == 0 else conv.b]
            listener = sim.villagers[conv.b if conv.next_speaker == 0 else conv.a]
            self._next_line(sim, conv, speaker, listener, now)

    def _next_line(self, sim: Simulation, conv: Conversation, me: Villager, other: Villager, now: GameTime) -> None:
        m = self.minds[me.vid]
        rel = m.relations.setdefault(other.name, Relation())
        topic = conv.lines[-1][1] if conv.lines else ""
        memories = [_brief(n.description) for n in self._retrieve(sim, me, f"{other.name}. {topic}", RETRIEVE_CHAT)]
        share = self._invitation_to_share(m, other.name, now.day)
        heard = conv.invitation if conv.invitation and conv.invitation.host != me.name and \
            conv.lines and conv.lines[-1][0] == other.vid else None
        named = [(sim.villagers[w].persona.first_name, t) for w, t in conv.lines]
        offline = converse.offline_line(
            me.persona, other.persona, rel.relation, named, memories, other.action, share, heard,
            now.second_of_day // 60, me.vitals.describe(), random.Random(sim.rng.random()),
        )
        if len(conv.lines) >= converse.MAX_LINES - 1 and not offline.end:
            offline = LineAnswer(line=f"I should get going. Bye, {other.persona.first_name}!", end=True,
                                 summary=f"{me.persona.first_name} and {other.persona.first_name} chatted.")
        request = converse.line_request(
            me.persona, other.name, rel.relation, memories, named, conv.place, str(now),
            sorted(sim.town.map.sectors), offline,
        )
        conv.pending = True

        def apply(answer: object) -> None:
            assert isinstance(answer, LineAnswer)
            conv.pending = False
            if conv.ended:
                return
            conv.lines.append((me.vid, answer.line.strip()[:300]))
            conv.next_speaker = 1 - conv.next_speaker
            conv.next_step = sim.clock.steps + LINE_STEPS
            if answer.invitation is not None:
                try:
                    start = planning._minutes(answer.invitation.time)
                except ValueError:
                    start = None
                if start is not None and answer.invitation.place in sim.town.map.sectors:
                    day = sim.clock.now.day + (1 if start < sim.clock.now.second_of_day // 60 - 30 else 0)
                    known = next((p for p in m.hosting + m.promises
                                  if (p.place, p.start, p.day) == (answer.invitation.place, start, day)), None)
                    conv.invitation = known or Invitation(answer.invitation.what, answer.invitation.place, day,
                                                          start, me.name)
                    m.told.setdefault(conv.invitation.text(), []).append(other.name)
            if answer.end or len(conv.lines) >= converse.MAX_LINES:
                conv.summary = answer.summary.strip() or (
                    f"{me.persona.first_name} and {other.persona.first_name} talked.")
                self._end_conversation(sim, conv)

        self.ask(request, apply, vid=me.vid)

    def _end_conversation(self, sim: Simulation, conv: Conversation) -> None:
        conv.ended = True
        a, b = sim.villagers[conv.a], sim.villagers[conv.b]
        now = sim.clock.seconds
        transcript = " / ".join(f"{sim.villagers[w].persona.first_name}: {t}" for w, t in conv.lines)
        for me, other in ((a, b), (b, a)):
            m = self.minds[me.vid]
            rel = m.relations.setdefault(other.name, Relation())
            rel.chats += 1
            rel.last_chat = now
            m.last_talk = now
            rel.affinity += 1
            event = None
            if conv.invitation is not None and me.name != conv.invitation.host:
                inv = conv.invitation
                if all(p.text() != inv.text() for p in m.promises):
                    m.promises.append(inv)
                    event = inv.as_dict()
            said = f"Talked with {other.name}: {conv.summary}"
            if event is not None:
                inv = conv.invitation
                said += f" {inv.host} invited me to the {inv.what} at {inv.place} at {hhmm(inv.start)}."
            node = self.remember(sim, me, "chat", said, now,
                                 subject=other.name, event=event,
                                 importance=8 if event else None)
            self.remember(sim, me, "chat", f"Conversation with {other.name}: {transcript}"[:600], now,
                          subject=other.name, evidence=(node.nid,), importance=3)
            me.conversation = None
            if event is not None and me.plan is not None:
                self._insert_promise(sim, me)
        sim.log("conversation", f"{a.name} and {b.name}: {conv.summary}", a.tile)
        self.finished.append({"a": a.name, "b": b.name, "lines": len(conv.lines), "summary": conv.summary,
                              "invitation": conv.invitation.as_dict() if conv.invitation else None})
        del self.conversations[conv.cid]

    def _insert_promise(self, sim: Simulation, v: Villager) -> None:
        m = self.minds[v.vid]
        plan = v.plan
        if plan is None:
            return
        minute = sim.clock.now.second_of_day // 60
        kept = self._keep_promises(m, list(plan.items), plan.day)
        plan.replace_from(minute, [i for i in kept if i.end > minute])
        sim.log("plan", f"{v.name} changed plans: {', '.join(p.text() for p in m.promises if p.day == plan.day)}",
                v.tile)

    # -- importance and reflection ---------------------------------------------------------
    def _score_importance(self, sim: Simulation) -> None:
        if self.offline_backend:
            return
        for v in sim.villagers:
            m = self.minds[v.vid]
            if not m.unscored:
                continue
            ids, m.unscored = m.unscored[-40:], []  # the newest 40; older ones keep their rule score
            nodes = [m.memory.nodes[i] for i in ids]
            request = importance.importance_request(
                v.name, v.persona.describe(), [n.description for n in nodes], [n.importance for n in nodes]
            )

            def apply(answer: object, nodes: list[MemoryNode] = nodes, m: Mindset = m) -> None:
                assert isinstance(answer, importance.ImportanceAnswer)
                for node, score in zip(nodes, answer.scores, strict=False):
                    before = node.importance
                    m.memory.rescore(node.nid, int(score))
                    m.memory.importance_since_reflection += node.importance - before

            self.ask(request, apply)

    def _reflect(self, sim: Simulation, v: Villager) -> None:
        m = self.minds[v.vid]
        m.memory.importance_since_reflection = 0
        m.last_reflection = sim.clock.seconds
        recent = [n for n in m.memory.recent(100) if n.kind != "plan"][:100]
        request = reflect.questions_request(v.persona, recent)

        def apply_questions(answer: object) -> None:
            assert isinstance(answer, reflect.QuestionsAnswer)
            evidence = {q: self._retrieve(sim, v, q, reflect.TOP_K) for q in answer.questions[:3]}
            ask = reflect.insights_request(v.persona, evidence)

            def apply_insights(result: object) -> None:
                assert isinstance(result, reflect.InsightsAnswer)
                now = sim.clock.seconds
                for ins in result.insights[: reflect.MAX_INSIGHTS]:
                    self.remember(sim, v, "reflection", ins.text.strip()[:300], now, importance=7,
                                  evidence=tuple(ins.evidence), subject=v.name, scored=True)
                    m.reflections += 1
                if result.insights:
                    sim.log("reflection", f"{v.name} reflects: {result.insights[0].text}", v.tile)

            self.ask(ask, apply_insights, vid=v.vid)

        self.ask(request, apply_questions, vid=v.vid)

    # -- whispers and bubbles ----------------------------------------------------------------
    def whisper(self, sim: Simulation, v: Villager, text: str) -> None:
        """The inner voice: a high-importance thought that can change today's plan."""
        self.mind(sim, v)
        minute = sim.clock.now.second_of_day // 60
        inv = converse.parse_invitation(text, list(sim.town.map.sectors), sim.clock.now.day, minute, v.name)
        m = self.minds[v.vid]
        event = None
        if inv is not None:
            m.hosting.append(inv)
            event = inv.as_dict()
        self.remember(sim, v, "thought", text, sim.clock.seconds, importance=9, subject=v.name, event=event,
                      scored=True)
        sim.log("whisper", f"A thought came to {v.name}: {text}", v.tile)
        self.replan(sim, v, note=text)

    def bubble(self, sim: Simulation, v: Villager) -> str | None:
        if v.conversation is None:
            return None
        conv = self.conversations.get(v.conversation)
        if conv is None or not conv.lines:
            return None
        who, text = conv.lines[-1]
        return text if who == v.vid else None

    def thinking(self, v: Villager) -> bool:
        return self.waiting.get(v.vid, 0) > 0

    # -- state --------------------------------------------------------------------------------
    def get_state(self) -> dict:
        return {
            "minds": {str(k): m.get_state() for k, m in self.minds.items()},
            "conversations": [c.get_state() for c in self.conversations.values()],
            "next_cid": self.next_cid,
            "experience": [[list(k), a.model_dump()] for k, a in self.experience.items()],
            "experience_hits": self.experience_hits,
            "finished": list(self.finished),
            "ledger": self.ledger.get_state() if self.ledger else None,
        }

    def set_state(self, state: dict) -> None:
        self.minds = {int(k): Mindset.from_state(v) for k, v in state["minds"].items()}
        self.indexes = {}  # the faiss graphs are rebuilt from the loaded streams on first use
        self.conversations = {}
        for c in state.get("conversations", []):
            conv = Conversation.from_state(c)
            self.conversations[conv.cid] = conv
        self.next_cid = int(state.get("next_cid", 0))
        self.experience = {
            (str(k[0]), str(k[1]), int(k[2]), str(k[3])): planning.DecomposeAnswer.model_validate(a)
            for k, a in state.get("experience", [])
        }
        self.experience_hits = int(state.get("experience_hits", 0))
        self.finished = [dict(f) for f in state.get("finished", [])]
        if self.ledger is not None and state.get("ledger") is not None:
            self.ledger.set_state(state["ledger"])

    def report_extras(self, sim: Simulation) -> dict:
        """The report's llm and cognition sections."""
        agent_days = len(sim.villagers) * sim.clock.steps * 10 / 86400
        llm = self.ledger.report(getattr(self.brain, "name", "offline"), agent_days) if self.ledger else {}
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
            "conversations": self.finished[-30:],
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


def _bare(relation: str) -> str:
    """'her cook' -> 'cook': the cast file describes relations from outside, memories speak as 'my'."""
    for word in ("his ", "her ", "their ", "my "):
        if relation.startswith(word):
            return relation[len(word):]
    return relation


def _brief(text: str) -> str:
    """A memory as it goes into a prompt: long transcripts are cut (tokens cost money)."""
    return text if len(text) <= PROMPT_MEMORY_CHARS else text[: PROMPT_MEMORY_CHARS - 1] + "…"


def _face(src: tuple[int, int], dst: tuple[int, int], default: str) -> str:
    dx, dy = dst[0] - src[0], dst[1] - src[1]
    if dx == dy == 0:
        return default
    if abs(dx) >= abs(dy):
        return "right" if dx > 0 else "left"
    return "down" if dy > 0 else "up"
