"""Remembering: each villager's memory stream filled, embedded, retrieved, scored for importance and reflected on."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from game.agents import importance, reflect
from game.agents.deciding import Decisions
from game.agents.memory import MemoryNode, MemoryStream
from game.agents.memory_index import RelevanceIndex, retrieve_indexed
from game.agents.mindset import Mindset, Relation
from game.agents.phrasing import part_of_day
from game.agents.retrieve import RetrievalWeights, retrieve, weights_for
from game.agents.schedule import hhmm
from game.agents.villager import Villager
from game.llm.base import Embedder
from game.llm.settings import SettingsError

if TYPE_CHECKING:
    from game.sim.engine import Simulation

PROMPT_MEMORY_CHARS = 160  # a memory longer than this is cut before it goes into a prompt
REFLECTION_REST = 2 * 3600  # summed importance decides; this only keeps one busy hour from several rounds


class Memories:
    """Every villager's Mindset, the embedder that files their memories and the retrieval that finds them."""

    def __init__(self, embedder: Embedder, decisions: Decisions, weights: RetrievalWeights,
                 reflection_threshold: int, memory_index: str) -> None:
        self.embedder = embedder
        self.decisions = decisions
        self.weights = weights
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
        self.false_claims = 0  # insights dropped because the record contradicts them (not saved)
        self.duplicates = 0  # insights dropped because one already held says the same

    def mind(self, sim: Simulation, v: Villager) -> Mindset:
        """The villager's Mindset; the first time, it starts with who they are, whom they know and where they live."""
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
                self.remember(sim, v, "thought", f"{name} is my {bare(relation)}.", now, importance=5, subject=name,
                              scored=True)
            self.remember(sim, v, "thought", f"I live at {v.home}." + (f" I work at {v.workplace}."
                          if v.workplace else ""), now, importance=4, subject=v.home, scored=True)
        return m

    def remember(self, sim: Simulation, v: Villager, kind: str, text: str, now: int, importance: int | None = None,
                 subject: str = "", evidence: tuple[int, ...] = (), event: dict | None = None,
                 scored: bool = False, key: str = "") -> MemoryNode:
        m = self.minds[v.vid]
        score = importance if importance is not None else self.offline_importance(kind, text, m.acquaintances())
        node = m.memory.add(kind, text, now, score, evidence, subject, event, scored, key)
        if not node.scored:
            m.unscored.append(node.nid)
        return node

    @staticmethod
    def offline_importance(kind: str, text: str, known: set[str]) -> int:
        return importance.offline_importance(kind, text, known)

    # -- retrieval -------------------------------------------------------------------
    def retrieve(self, sim: Simulation, v: Villager, query: str, k: int) -> list[MemoryNode]:
        m = self.minds[v.vid]
        return self.ranked(v, m.memory, self._query(m, query), sim.clock.seconds, k, touch=True)

    def _query(self, m: Mindset, query: str) -> np.ndarray:
        """The query's vector. Memories are embedded lazily: the villager's memories not yet embedded go
        in the same batch, so a sighting forgotten before any retrieval needs it is never embedded, and
        the embedder's cache gives a text seen by many villagers one embedding."""
        ids = list(m.memory.pending_embed)
        vectors = self.embedder.embed([m.memory.nodes[i].embedding_text for i in ids] + [query])
        if ids:
            m.memory.set_vectors(ids, vectors[:-1])
        return vectors[-1]

    def briefs(self, sim: Simulation, v: Villager, query: str, k: int) -> list[str]:
        """The retrieved memories as they go into a prompt."""
        return [brief(n.description) for n in self.retrieve(sim, v, query, k)]

    def ranked(self, v: Villager, stream: MemoryStream, q: np.ndarray, now: int, k: int,
               touch: bool) -> list[MemoryNode]:
        if self.memory_index == "faiss":
            index = self.indexes.get(v.vid)
            if index is None:
                index = self.indexes[v.vid] = RelevanceIndex(stream.dim)
            return retrieve_indexed(stream, index, q, now, k, weights_for(v.persona.settings, self.weights),
                                    touch=touch)
        return retrieve(stream, q, now, k, weights_for(v.persona.settings, self.weights), touch=touch)

    def search(self, sim: Simulation, v: Villager, query: str, k: int = 10) -> list[MemoryNode]:
        """The inspector's memory search: the same retrieval, without touching access times."""
        m = self.mind(sim, v)
        return self.ranked(v, m.memory, self._query(m, query), sim.clock.seconds, k, touch=False)

    # -- importance and reflection ---------------------------------------------------------
    def score_importance(self, sim: Simulation) -> None:
        """New memories are scored in one batch per villager (the offline brain keeps the rules' scores)."""
        for v in sim.villagers:
            m = self.minds[v.vid]
            if not m.unscored:
                continue
            ids, m.unscored = m.unscored[-40:], []  # the newest 40; older ones keep their rule score
            nodes = [m.memory.nodes[i] for i in ids]
            request = importance.importance_request(
                v.name, v.persona.describe(), [n.description for n in nodes], [n.importance for n in nodes],
                town=sim.town.name,
            )

            def apply(answer: object, nodes: list[MemoryNode] = nodes, m: Mindset = m) -> None:
                assert isinstance(answer, importance.ImportanceAnswer)
                for node, score in zip(nodes, answer.scores, strict=False):
                    before = node.importance
                    m.memory.rescore(node.nid, int(score))
                    m.memory.importance_since_reflection += node.importance - before

            self.decisions.ask(request, apply)

    def reflect_where_due(self, sim: Simulation, now: int) -> None:
        """Villagers whose recent memories weigh enough (and who are awake and rested from the last) reflect."""
        for v in sim.villagers:
            m = self.minds[v.vid]
            threshold = v.persona.settings.get("importance_trigger_max", self.reflection_threshold)
            if (m.memory.importance_since_reflection >= threshold and not v.asleep
                    and now - m.last_reflection >= REFLECTION_REST):
                self.reflect(sim, v)

    def record(self, sim: Simulation, v: Villager) -> reflect.Record:
        """What v's relations, memories and promises say happened: what insights are checked against."""
        m = self.minds[v.vid]
        record = reflect.Record(goals=v.persona.goals, me=v.name,
                                held=[n.description for n in m.memory.nodes if n.kind == "reflection"])
        for name, rel in m.relations.items():
            record.chats[name] = rel.chats
            if rel.relation:
                record.relations[name] = "my " + bare(rel.relation)
            record.heard[name] = list(rel.heard)
            record.told[name] = list(rel.told)
        places = sorted(sim.town.map.sectors, key=len, reverse=True)  # the longest name that fits
        known = set(places)
        told_me: dict[tuple[str, int], str] = {}  # (place, start) of an event -> who told me, when
        for node in m.memory.nodes:
            if node.kind == "chat" and node.subject and node.description.startswith("Talked with "):
                summary = node.description.split(": ", 1)[-1]
                where = next((p for p in places if p in summary), "")
                record.last_talk[node.subject] = (f"at {where} " if where else "") + _part_of_day(node.created)
                if where:
                    record.met_at.setdefault(where, Counter())[node.subject] += 1
                if node.event:
                    key = (str(node.event.get("place", "")), int(node.event.get("start", -1)))
                    told_me[key] = f"{node.subject.split()[0]}, at {hhmm(node.created % 86400 // 60)},"
            elif " at " in node.description:
                place = reflect.place_of(node.description)
                if place in known:
                    record.places[place] += 1
                    seen = _SIGHTING.match(node.description) if node.kind == "observation" else None
                    if seen and seen.group(1) != v.name and seen.group(2) not in ("walking", "sleeping"):
                        record.seen.setdefault(seen.group(1), Counter())[(seen.group(2), place)] += 1
                        record.met_at.setdefault(place, Counter())[seen.group(1)] += 1
        minute = sim.clock.now.second_of_day // 60
        doing: dict[str, Counter] = {}
        for item in v.plan.items if v.plan is not None and v.plan.day == sim.clock.now.day else ():
            spent = min(item.end, minute) - item.start
            if spent > 0 and item.use != "sleep":
                record.hours[item.place] += spent
                doing.setdefault(item.place, Counter())[item.activity] += spent
        record.doing = {place: c.most_common(1)[0][0] for place, c in doing.items()}
        for p in m.promises + m.hosting:
            if (p.day, p.start) >= (sim.clock.now.day, minute):
                promise = f"the {p.what} at {p.place} at {hhmm(p.start)}"
                record.promises.append(promise)
                if (p.place, p.start) in told_me:
                    record.told_by[promise] = told_me[(p.place, p.start)]
        return record

    def reflect(self, sim: Simulation, v: Villager) -> None:
        m = self.minds[v.vid]
        m.memory.importance_since_reflection = 0
        m.last_reflection = sim.clock.seconds
        recent = [n for n in m.memory.recent(100) if n.kind != "plan"][:100]
        request = reflect.questions_request(v.persona, recent, sim.town.name)

        def apply_questions(answer: object) -> None:
            assert isinstance(answer, reflect.QuestionsAnswer)
            evidence = {q: self.retrieve(sim, v, q, reflect.TOP_K) for q in answer.questions[:3]}
            record = self.record(sim, v)
            ask = reflect.insights_request(v.persona, evidence, record, sim.town.name)

            def apply_insights(result: object) -> None:
                assert isinstance(result, reflect.InsightsAnswer)
                now = sim.clock.seconds
                record = self.record(sim, v)  # the record as it stands when the answer comes
                names = {o.persona.first_name: o.name for o in sim.villagers}
                held = [n.description for n in m.memory.nodes if n.kind == "reflection"]
                kept = []
                for ins in result.insights[: reflect.MAX_INSIGHTS]:
                    text = ins.text.strip()[:300]
                    if reflect.false_claim(text, record, names):
                        self.false_claims += 1  # a claim the record contradicts is never believed
                        continue
                    if reflect.near_duplicate(text, held):
                        self.duplicates += 1
                        continue
                    held.append(text)
                    kept.append(text)
                    self.remember(sim, v, "reflection", text, now, importance=7,
                                  evidence=tuple(ins.evidence), subject=v.name, scored=True)
                    m.reflections += 1
                if kept:
                    sim.log("reflection", f"{v.name} reflects: {kept[0]}", v.tile)

            self.decisions.ask(ask, apply_insights, vid=v.vid)

        self.decisions.ask(request, apply_questions, vid=v.vid)


_SIGHTING = re.compile(r"^(.+?) is (.+) at .+\.$")


def _part_of_day(seconds: int) -> str:
    """'on day 2 in the evening': when a talk was, as a villager's record keeps it."""
    return f"on day {seconds // 86400 + 1} in the {part_of_day(seconds % 86400 // 60)}"


def bare(relation: str) -> str:
    """'her cook' -> 'cook': the cast file describes relations from outside, memories speak as 'my'."""
    for word in ("his ", "her ", "their ", "my "):
        if relation.startswith(word):
            return relation[len(word):]
    return relation


def brief(text: str) -> str:
    """A memory as it goes into a prompt: long transcripts are cut (tokens cost money)."""
    return text if len(text) <= PROMPT_MEMORY_CHARS else text[: PROMPT_MEMORY_CHARS - 1] + "…"
