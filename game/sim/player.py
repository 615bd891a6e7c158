"""The player's commands (chat, whisper, inspect, memory search), run in the simulation thread.

The window sends these through the runner; what comes back is plain frozen data,
so the window never reads a live villager or mind while the town moves them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from game.agents import chat, player_chat
from game.agents.memory import MemoryNode, MemoryNodes
from game.agents.mind import GenerativeMind
from game.agents.schedule import hhmm
from game.agents.villager import Villager
from game.clock import GameTime
from game.llm import LLMSettings
from game.sim.engine import Simulation
from game.sim.snapshot import ModelStatus

HOUR = 3600  # game seconds


@dataclass(frozen=True)
class PlanLine:
    start: str
    end: str
    activity: str
    place: str
    state: str  # done, current, next or later


@dataclass(frozen=True)
class MemoryLine:
    nid: int
    kind: str
    time: str
    text: str
    importance: int
    evidence: tuple[str, ...] = ()
    day: int = 1  # the game day of ``time``


@dataclass(frozen=True)
class RelationLine:
    name: str
    relation: str
    chats: int
    affinity: int
    impression: str


@dataclass(frozen=True)
class MindView:
    """Everything the inspector shows about one villager, copied in the simulation thread."""

    vid: int
    name: str
    sheet: int
    about: str
    action: str
    icon: str
    place: str
    clock: str
    plan: tuple[PlanLine, ...]
    vitals: tuple[tuple[str, float], ...]
    cash: int
    recent: tuple[MemoryLine, ...]
    important: tuple[MemoryLine, ...]
    reflections: tuple[MemoryLine, ...]
    relations: tuple[RelationLine, ...]
    memories: int
    on_mind: str
    thinking: bool
    profile: tuple[tuple[str, str], ...] = ()  # imported persona fields and cognition settings, label and value


def _line(node: MemoryNode, nodes: MemoryNodes | None = None) -> MemoryLine:
    evidence: tuple[str, ...] = ()
    if nodes is not None:
        evidence = tuple(nodes[i].description for i in node.evidence if nodes.has(i))[:4]
    when = GameTime(node.created)
    return MemoryLine(node.nid, node.kind, when.clock_text(), node.description, node.importance, evidence, when.day)


def mind_view(sim: Simulation, v: Villager) -> MindView:
    """The inspector's picture of a villager (read in the simulation thread)."""
    mind = sim.mind
    minute = sim.clock.now.second_of_day // 60
    plan: list[PlanLine] = []
    if v.plan is not None:
        current = v.plan.index_at(minute) if v.plan.day == sim.clock.now.day else -1
        for i, item in enumerate(v.plan.items):
            state = "done" if i < current else "current" if i == current else "next" if i == current + 1 else "later"
            plan.append(PlanLine(hhmm(item.start), hhmm(item.end), item.activity, item.place, state))
    recent: tuple[MemoryLine, ...] = ()
    important: tuple[MemoryLine, ...] = ()
    reflections: tuple[MemoryLine, ...] = ()
    relations: tuple[RelationLine, ...] = ()
    count = 0
    note = ""
    m = mind.mindset(v)
    if m is not None:
        nodes = m.memory.nodes
        count = len(nodes)
        recent = tuple(_line(n) for n in reversed(nodes[-8:]))
        important = tuple(_line(n) for n in sorted(nodes, key=lambda n: (-n.importance, -n.created))[:6])
        reflections = tuple(_line(n, nodes) for n in reversed([n for n in nodes if n.kind == "reflection"][-5:]))
        rels = sorted(m.relations.items(), key=lambda kv: (kv[0] != chat.PLAYER, -kv[1].affinity, kv[0]))
        relations = tuple(RelationLine(name, r.relation, r.chats, r.affinity, r.impression) for name, r in rels)
        note = m.note
    return MindView(
        vid=v.vid, name=v.name, sheet=v.sheet, about=v.persona.describe(),
        action=f"walking to {v.place}" if v.walking else v.action,
        icon="walk" if v.walking else ("talk" if v.conversation is not None or v.chatting_with_player else v.use),
        place=v.place, clock=str(sim.clock.now), plan=tuple(plan),
        vitals=tuple((k, round(x, 1)) for k, x in v.vitals.get_state().items()), cash=v.cash,
        recent=recent, important=important, reflections=reflections, relations=relations, memories=count,
        on_mind=note, thinking=sim.thinking(v), profile=profile_lines(v),
    )


PROFILE_LABELS = {"age": "Age", "innate": "Innate", "learned": "Learned", "currently": "Currently",
                  "lifestyle": "Lifestyle", "daily_plan_req": "Daily plan", "living_area": "Living area"}
SETTING_LABELS = {"recency_decay": "recency decay", "recency_w": "recency weight", "relevance_w": "relevance weight",
                  "importance_w": "importance weight", "importance_trigger_max": "reflects after importance",
                  "vision_r": "vision (tiles)", "att_bandwidth": "attention", "retention": "retention"}


def profile_lines(v: Villager) -> tuple[tuple[str, str], ...]:
    """An imported persona's own fields, then its retrieval, reflection and perception settings."""
    p = v.persona
    if not p.details and not p.settings:
        return ()
    lines = [("Age", str(p.age))] + [(label, p.details[k]) for k, label in PROFILE_LABELS.items() if p.details.get(k)]
    if p.settings:
        lines.append(("Settings", ", ".join(f"{SETTING_LABELS.get(k, k)} {x:g}" for k, x in p.settings.items())))
    return tuple(lines)


class PlayerCommands:
    """Handlers for the runner; open chat sessions live here (they are not part of a save)."""

    def __init__(self) -> None:
        self.sessions: dict[int, player_chat.ChatSession] = {}

    def handlers(self) -> dict[str, Callable[[Simulation, dict], object]]:
        return {
            "chat_open": self.open,
            "chat_say": self.say,
            "chat_close": self.close,
            "whisper": self.whisper,
            "inspect": self.inspect,
            "watch": self.watch,
            "search": self.search,
            "configure_llm": self.configure_llm,
        }

    @staticmethod
    def _villager(sim: Simulation, args: dict) -> Villager | None:
        vid = args.get("vid")
        if not isinstance(vid, int) or not 0 <= vid < len(sim.villagers):
            return None
        return sim.villagers[vid]

    def open(self, sim: Simulation, args: dict) -> tuple[tuple[str, str], ...]:
        """Hold the villager in place while the panel is open. Returns the last conversation the villager
        remembers having with the player, as (speaker, line) pairs, "Player" for the player (empty if none, or
        for minds without memory): the panel shows it, so a loaded town's talks are still there to read."""
        v = self._villager(sim, args)
        if v is None:
            return ()
        for vid in [k for k in self.sessions if k != v.vid]:
            self.close(sim, {"vid": vid})
        if v.vid not in self.sessions:
            self.sessions[v.vid] = player_chat.ChatSession(v.vid, sim.clock.seconds)
        v.chatting_with_player = True
        return sim.mind.last_talk(sim, v)

    def say(self, sim: Simulation, args: dict) -> chat.Message:
        """Take the player's line; the reply reaches ``args['answer']`` (now offline, later with a model)."""
        v = self._villager(sim, args)
        deliver: Callable[[chat.ChatAnswer], None] = args.get("answer") or (lambda _a: None)
        if v is None:
            return chat.Message("", "Nobody is there to talk to.")
        session = self.sessions.get(v.vid)
        if session is None or session.closed:
            self.open(sim, args)
            session = self.sessions[v.vid]

        def guarded(answer: chat.ChatAnswer, session: player_chat.ChatSession = session) -> None:
            if not session.closed:
                deliver(answer)

        return sim.mind.chat(sim, v, session, str(args.get("text", "")), guarded)

    def close(self, sim: Simulation, args: dict) -> None:
        v = self._villager(sim, args)
        if v is None:
            return
        v.chatting_with_player = False
        session = self.sessions.pop(v.vid, None)
        if session is not None:
            sim.mind.end_chat(sim, v, session)

    def whisper(self, sim: Simulation, args: dict) -> chat.Message:
        v = self._villager(sim, args)
        message = chat.clean_message(str(args.get("text", "")))
        if v is None or not message.text:
            return message
        if not sim.mind.remembers:
            return chat.Message("", "Whispers need generative minds (start without --mind routine).")
        sim.mind.whisper(sim, v, message.text)
        return message

    def inspect(self, sim: Simulation, args: dict) -> MindView | None:
        """The inspector's view of the selected villager; selected, they think with the model."""
        v = self._villager(sim, args)
        if v is not None:
            self.watch(sim, {"vids": [v.vid]})
        return mind_view(sim, v) if v is not None else None

    def watch(self, sim: Simulation, args: dict) -> None:
        """The villagers the player selects or follows (``vids``, none to let go): the time engine lets
        them think with the model whatever the hour."""
        vids = args.get("vids") or ()
        chosen = [sim.villagers[i].name for i in vids if isinstance(i, int) and 0 <= i < len(sim.villagers)]
        if isinstance(sim.mind, GenerativeMind) and sim.mind.time_engine is not None:
            sim.mind.time_engine.watch(chosen)

    def search(self, sim: Simulation, args: dict) -> tuple[MemoryLine, ...]:
        v = self._villager(sim, args)
        query = chat.clean_message(str(args.get("query", ""))).text
        if v is None or not query:
            return ()
        return tuple(_line(n) for n in sim.mind.search(sim, v, query, 10))

    def configure_llm(self, sim: Simulation, args: dict) -> str:
        """Think with other LLM settings from now on (the settings screen's Apply); memories stay."""
        settings = args.get("llm")
        if not isinstance(settings, LLMSettings):
            return "No model settings given."
        if not sim.mind.remembers:
            return "This town runs the bare routine (--mind routine): there is no model to set."
        sim.mind.use_llm(settings, lockstep=bool(args.get("lockstep", False)))
        offline = settings.backend == "offline"
        if offline:
            return "Villagers now think with the offline rules."
        return f"Villagers now think with {settings.endpoints[0].model} at {settings.endpoints[0].base_url}."


class ModelWatch:
    """Reads the mind's model settings, waiting requests and offline fallbacks for the HUD (simulation thread).

    Fallbacks are counted from the mind's running total, remembered per publish, so the HUD can say how many
    answers fell back in the last game hour."""

    def __init__(self) -> None:
        self.samples: deque[tuple[int, int]] = deque()  # (game seconds, fallbacks so far) when it changed
        self.baseline: int | None = None  # fallbacks so far an hour ago

    def status(self, sim: Simulation) -> ModelStatus | None:
        llm = sim.mind.llm_status()
        if llm is None:
            return None
        total = llm.fallbacks
        now = sim.clock.seconds
        if self.baseline is None or total < self.baseline or (self.samples and self.samples[0][0] > now):
            self.baseline, self.samples = total, deque()  # the first look, or a loaded town with its own ledger
        while self.samples and self.samples[0][0] < now - HOUR:
            self.baseline = self.samples.popleft()[1]
        if total != (self.samples[-1][1] if self.samples else self.baseline):
            self.samples.append((now, total))
        recent = total - self.baseline
        failing = ""
        if llm.backend != "offline" and recent:
            failing = (f"{llm.endpoint or 'the endpoint'} is failing: {recent} answers fell back to the offline "
                       "rules this hour")
        return ModelStatus(backend=llm.backend, model=llm.model, endpoint=llm.endpoint, thinking=llm.waiting,
                           fallbacks_hour=recent, failing=failing)
