"""Per-villager minds for experiments (AgentSims' comparison): plan system, memory system, reflection
switch, and the model and endpoint that answer each villager.

- plan system "plain": one call plans the day. "qa": the villager first asks itself questions and
  answers them from memory (two extra calls), keeps the answers as a thought, then plans.
- memory system "stream": the paper's memory stream and scored retrieval. "impressions": per-person
  and per-building impressions (the latest memories about each), an episodic list of recent events,
  and experience (the last day's plan); retrieval picks from those instead of scoring the stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from game.agents.memory import MemoryNode
from game.agents.mind import GenerativeMind, SavedMind
from game.agents.persona import Persona
from game.agents.prompting import role_system
from game.agents.remembering import Memories
from game.clock import GameTime
from game.config import Settings
from game.experiment.scenario import Mind, Scenario, ScenarioError
from game.llm import BrainPool, Ledger, make_brain, make_embedder
from game.llm.base import Answer, Brain, Request, T
from game.llm.settings import Endpoint, LLMSettings, SettingsError

if TYPE_CHECKING:
    from game.agents.schedule import DailyPlan
    from game.agents.villager import Villager
    from game.sim.engine import Simulation

QA_QUESTIONS = 3
IMPRESSION_DEPTH = 4  # memories kept per person or building
EPISODES = 30  # the episodic list: the latest memories of any kind
_PLACE = re.compile(r" at ([A-Z][\w' ]+?)(?:,|\.|$)")


class QAQuestions(BaseModel):
    questions: list[str] = Field(min_length=1, max_length=QA_QUESTIONS,
                                 description="questions to ask yourself before planning the day")


class QAAnswers(BaseModel):
    answers: list[str] = Field(min_length=1, max_length=QA_QUESTIONS,
                               description="one short answer per question, from your memories")


def _system(persona: Persona, town: str) -> str:
    return role_system("planning mind", persona.name, town)


def qa_questions_request(persona: Persona, day: int, memories: list[str], town: str) -> Request[QAQuestions]:
    listing = "\n".join(f"- {m}" for m in memories) or "- (nothing yet)"
    prompt = (f"{persona.describe()}\n\nWhat {persona.first_name} remembers lately:\n{listing}\n\n"
              f"Before planning day {day}, write up to {QA_QUESTIONS} questions {persona.first_name} should ask "
              "themself first (promises, needs, people, goals). Answer as {\"questions\": [...]}.")

    def offline() -> QAQuestions:
        return QAQuestions(questions=["What did I promise to do today?", "What do I need most today?",
                                      f"What would bring me closer to my goal: {persona.goals[0]}?"
                                      if persona.goals else "Whom would I like to see today?"])

    return Request(step="plan_qa_questions", agent=persona.name, system=_system(persona, town), prompt=prompt,
                   answer=QAQuestions, offline=offline, max_tokens=200)


def qa_answers_request(persona: Persona, evidence: dict[str, list[str]], town: str) -> Request[QAAnswers]:
    blocks = "\n\n".join(f"Question: {q}\nMemories:\n" + ("\n".join(f"- {m}" for m in ms) or "- (none)")
                         for q, ms in evidence.items())
    prompt = (f"{persona.describe()}\n\n{blocks}\n\nAnswer each question in one short sentence as "
              f"{persona.first_name}, from these memories only. Answer as {{\"answers\": [...]}}.")

    def offline() -> QAAnswers:
        answers = []
        for q, ms in evidence.items():
            useful = [m for m in ms if not m.startswith(("Who I am", "Plan for"))]
            answers.append(f"{q} {useful[0] if useful else 'Nothing in particular comes to mind.'}")
        return QAAnswers(answers=answers or ["Nothing in particular."])

    return Request(step="plan_qa_answers", agent=persona.name, system=_system(persona, town), prompt=prompt,
                   answer=QAAnswers, offline=offline, max_tokens=300)


class RoutedBrain:
    """Sends each villager's requests to the brain of their model and endpoint; the rest to the run's."""

    def __init__(self, default: Brain, routes: dict[str, Brain]) -> None:
        self.default = default
        self.routes = routes
        names = dict.fromkeys([default.name] + [b.name for b in routes.values()])
        self.name = "+".join(names)

    def _brain(self, request: Request[T]) -> Brain:
        return self.routes.get(request.agent, self.default)

    def complete(self, request: Request[T]) -> Answer[T]:
        return self._brain(request).complete(request)

    async def complete_async(self, request: Request[T]) -> Answer[T]:
        return await self._brain(request).complete_async(request)

    def status(self) -> dict[str, Any]:
        return self.default.status()

    def close(self) -> None:
        """Stop asking, on every endpoint this run uses."""
        for brain in {id(b): b for b in (self.default, *self.routes.values())}.values():
            brain.close()


def villager_llm(base: LLMSettings, mind: Mind, who: str, scenario: Scenario) -> LLMSettings:
    """The LLM settings of a villager who names a model or an endpoint."""
    where = f"{scenario.path}: villager {who}"
    if mind.endpoint:
        model = mind.model or (base.endpoints[0].model if base.endpoints else "")
        if not model:
            raise ScenarioError(f"{where}: endpoint {mind.endpoint} needs a model; set model = \"...\"")
        endpoints: tuple[Endpoint, ...] = (Endpoint(mind.endpoint, model),)
    else:
        if not base.endpoints:
            raise ScenarioError(f"{where}: model {mind.model!r} needs an endpoint; set endpoint = \"http://...\" "
                                "or run with --llm openai --base-url URL")
        endpoints = tuple(replace(e, model=mind.model) for e in base.endpoints)
    try:
        return replace(base, backend="openai", endpoints=endpoints,
                       embedder="minilm" if base.embedder == "minilm" else base.embedder)
    except SettingsError as exc:
        raise ScenarioError(f"{where}: {exc}") from None


def build_mind(scenario: Scenario, settings: Settings, names: list[str]) -> ExperimentMind:
    """The generative mind of one run: the run's brain, with each villager's own model where one is named."""
    ledger = Ledger()
    default = make_brain(settings.llm, ledger, lockstep=True)
    shared: dict[tuple[str, str], Brain] = {}
    routes: dict[str, Brain] = {}
    for name in names:
        own = scenario.mind_of(name)
        if not (own.model or own.endpoint):
            continue
        key = (own.model, own.endpoint)
        if key not in shared:
            shared[key] = make_brain(villager_llm(settings.llm, own, name, scenario), ledger, lockstep=True)
        routes[name] = shared[key]
    brain: Brain = RoutedBrain(default, routes) if routes else default
    offline = settings.llm.backend == "offline"
    # A run on a model keeps the pool (a step's requests go out in parallel); an offline run with a few
    # villagers on a model asks theirs on the spot, as lockstep does.
    pool = None if offline else BrainPool(brain)
    mind = ExperimentMind(scenario, brain, make_embedder(settings.llm), lockstep=True,
                          pool=pool, weights=settings.retrieval, reflection_threshold=settings.reflection_threshold,
                          memory_index=settings.memory_index)
    mind.ledger = ledger
    mind.settings = settings
    return mind


class ExperimentMemories(Memories):
    """Remembering with each villager's memory system and reflection switch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Memories' arguments
        super().__init__(*args, **kwargs)
        self.scenario: Scenario | None = None  # set by ExperimentMind; until then everyone has the defaults
        self.impressions: dict[int, dict[str, list[int]]] = {}  # vid -> person or building -> latest memory ids

    def config(self, v: Villager) -> Mind:
        return self.scenario.mind_of(v.name) if self.scenario is not None else Mind()

    def remember(self, sim: Simulation, v: Villager, kind: str, text: str, now: int, importance: int | None = None,
                 subject: str = "", evidence: tuple[int, ...] = (), event: dict | None = None,
                 scored: bool = False, key: str = "") -> MemoryNode:
        node = super().remember(sim, v, kind, text, now, importance, subject, evidence, event, scored, key)
        if self.config(v).memory_system == "impressions":
            book = self.impressions.setdefault(v.vid, {})
            keys = {subject} if subject else set()
            found = _PLACE.search(text)
            if found and found.group(1).strip() in sim.town.map.sectors:
                keys.add(found.group(1).strip())
            for key in keys:
                ids = book.setdefault(key, [])
                ids.append(node.nid)
                del ids[:-IMPRESSION_DEPTH]
        return node

    def retrieve(self, sim: Simulation, v: Villager, query: str, k: int) -> list[MemoryNode]:
        if self.config(v).memory_system != "impressions":
            return super().retrieve(sim, v, query, k)
        return self.recall(sim, v, query, k)

    def recall(self, sim: Simulation, v: Villager, query: str, k: int) -> list[MemoryNode]:
        """Impressions of whoever and wherever the query names, then experience, then recent episodes."""
        nodes = self.minds[v.vid].memory.nodes
        book = self.impressions.get(v.vid, {})
        low = query.lower()
        picked: list[int] = []
        for key, ids in book.items():
            first = key.split()[0].lower()
            if key.lower() in low or (key != v.name and len(first) > 2 and re.search(rf"\b{re.escape(first)}\b", low)):
                picked.extend(reversed(ids))
        if "plan" in low or "day" in low:
            picked.extend([n.nid for n in reversed(nodes) if n.kind == "plan"][:1])  # experience: the last plan
        picked.extend(n.nid for n in reversed(nodes[-EPISODES:]))
        out = list(dict.fromkeys(picked))[:k]
        self.minds[v.vid].memory.touch(out, sim.clock.seconds)
        return [nodes[i] for i in out]

    def reflect(self, sim: Simulation, v: Villager) -> None:
        if self.config(v).reflection:
            super().reflect(sim, v)
            return
        m = self.minds[v.vid]
        m.memory.importance_since_reflection = 0  # the trigger is spent, nothing is asked
        m.last_reflection = sim.clock.seconds


@dataclass
class SavedExperimentMind(SavedMind):
    """An experiment mind's save: the generative mind's, plus the impressions memory system's books."""

    impressions: dict[int, dict[str, list[int]]]


class ExperimentMind(GenerativeMind):
    """The generative mind, with each villager's plan system, memory system and reflection switch."""

    memories_kind = ExperimentMemories

    def __init__(self, scenario: Scenario, *args: Any, **kwargs: Any) -> None:  # GenerativeMind's arguments
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        systems = self.memories
        assert isinstance(systems, ExperimentMemories)
        self.systems = systems  # the same object, typed as the experiment's
        self.systems.scenario = scenario

    def config(self, v: Villager) -> Mind:
        return self.scenario.mind_of(v.name)

    # -- plan systems ---------------------------------------------------------------------------
    def plan_day(self, sim: Simulation, v: Villager, now: GameTime) -> DailyPlan:
        if self.config(v).plan_system == "qa":
            self._ask_myself(sim, v, now)
        return super().plan_day(sim, v, now)

    def _ask_myself(self, sim: Simulation, v: Villager, now: GameTime) -> None:
        """AgentSims' QA framework: questions, then answers from memory, kept as a thought for the plan."""
        self.mind(sim, v)
        recent = [n.description for n in self.retrieve(sim, v, f"{v.name}'s day ahead", 8)]
        questions = self.brain.complete(qa_questions_request(v.persona, now.day, recent, sim.town.name)).value.questions
        evidence = {q.strip()[:200]: [n.description[:160] for n in self.retrieve(sim, v, q, 4)]
                    for q in questions[:QA_QUESTIONS] if q.strip()}
        if not evidence:
            return
        answers = self.brain.complete(qa_answers_request(v.persona, evidence, sim.town.name)).value.answers
        said = " ".join(f"{q} {a.strip()[:200]}" for q, a in zip(evidence, answers, strict=False))
        self.remember(sim, v, "thought", f"Before planning day {now.day} I asked myself: {said}"[:600],
                      sim.clock.seconds, importance=6, subject=v.name, scored=True)

    # -- what the report shows and the save keeps --------------------------------------------------------
    def villager_report(self, v: Villager) -> dict:
        return {**super().villager_report(v), "mind": self.config(v).as_dict()}

    saved = SavedExperimentMind

    def saved_parts(self) -> dict[str, Any]:
        return {**super().saved_parts(), "impressions": self.systems.impressions}

    def load_parts(self, saved: SavedMind) -> None:
        super().load_parts(saved)
        assert isinstance(saved, SavedExperimentMind)
        self.systems.impressions.clear()
        self.systems.impressions.update(saved.impressions)
