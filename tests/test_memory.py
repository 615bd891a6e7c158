"""Memory stream and retrieval: the paper's formula, ranked as written."""

import random
from types import SimpleNamespace

import numpy as np
import pytest

from game.agents.memory import RETENTION, MemoryNode, MemoryNodes, MemoryStream
from game.agents.retrieve import RetrievalWeights, retrieve, retrieve_loop, scores


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def _stream(entries, dim=3):
    stream = MemoryStream(dim=dim)
    for text, created, importance, _vec in entries:
        stream.add("observation", text, created, importance)
    stream.embed_pending(lambda texts: np.stack([_unit(e[3]) for e in entries if e[0] in texts]))
    return stream


def test_relevance_wins_when_only_relevance_weighs():
    stream = _stream([
        ("coffee", 0, 1, [1, 0, 0]),
        ("taxes", 0, 10, [0, 1, 0]),
        ("cafe", 0, 5, [0.9, 0.1, 0]),
    ])
    found = retrieve(stream, _unit([1, 0, 0]), 3600, k=3, weights=RetrievalWeights(0, 1, 0))
    assert [n.description for n in found] == ["coffee", "cafe", "taxes"]


def test_scores_follow_the_formula_with_min_max_normalisation():
    now = 10 * 3600
    stream = _stream([
        ("old important", 0, 9, [0, 1, 0]),
        ("new dull", now, 1, [1, 0, 0]),
        ("middle", 5 * 3600, 5, [0.6, 0.8, 0]),
    ])
    w = RetrievalWeights(recency=0.5, relevance=3.0, importance=2.0)
    q = _unit([1, 0, 0])
    got = scores(stream, q, now, w)
    rec = np.array([0.995 ** 10, 1.0, 0.995 ** 5])
    rel = np.array([0.0, 1.0, 95 * 0.8 / 127])  # embeddings are kept as int8 codes: 0.6 is 95 steps of 0.8/127
    imp = np.array([9, 1, 5], dtype=float)

    def mm(x):
        return (x - x.min()) / (x.max() - x.min())

    want = 0.5 * mm(rec) + 3.0 * mm(rel) + 2.0 * mm(imp)
    assert np.allclose(got, want, atol=1e-5)
    best = retrieve(stream, q, now, k=1, weights=w)[0]
    assert best.description == "new dull"


def test_retrieval_touches_access_time_and_matches_the_reference_loop():
    rng = np.random.default_rng(3)
    entries = [(f"m{i}", int(rng.integers(0, 50000)), int(rng.integers(1, 11)), rng.normal(size=8))
               for i in range(200)]
    stream = _stream(entries, dim=8)
    q = _unit(rng.normal(size=8))
    loop = [n.nid for n in retrieve_loop(stream, q, 60000, 10)]
    fast = retrieve(stream, q, 60000, 10)
    assert [n.nid for n in fast] == loop
    assert all(n.last_access == 60000 for n in fast)


def test_state_round_trip_keeps_text_and_vectors():
    stream = _stream([("a", 0, 3, [1, 0, 0]), ("b", 10, 7, [0, 0, 1])])
    stream.add("chat", "pending", 20, 4)
    copy = MemoryStream(dim=3)
    copy.set_state(stream.get_state())
    assert [n.description for n in copy.nodes] == ["a", "b", "pending"]
    assert np.array_equal(copy.vectors, stream.vectors)
    assert copy.pending_embed == [2]


def _topical_stream(n: int, dim: int, rng: np.random.Generator, forget_after: int | None = None) -> MemoryStream:
    """Memories about a few hundred topics (embeddings cluster by topic, as real ones do), over three days."""
    stream = MemoryStream(dim=dim, forget_after=None)  # it forgets once all are embedded
    for i in range(n):
        stream.add("observation", f"m{i}", i * 3 * 86400 // n, int(rng.integers(1, 11)))
    topics = rng.normal(size=(300, dim)).astype(np.float32)
    vecs = topics[rng.integers(0, 300, n)] + 0.6 * rng.normal(size=(n, dim)).astype(np.float32) / np.sqrt(dim)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    stream.set_vectors([node.nid for node in stream.nodes], vecs)
    stream.forget_after = forget_after
    return stream


def _recall(stream: MemoryStream, index, rng: np.random.Generator, now: int) -> float:
    from game.agents.memory_index import retrieve_indexed

    hits = 0
    for j in range(30):
        q = stream.vectors[j * 37] + 0.3 * rng.normal(size=stream.dim).astype(np.float32) / np.sqrt(stream.dim)
        q /= np.linalg.norm(q)
        exact = {node.nid for node in retrieve(stream, q, now, 10, touch=False)}
        approx = {node.nid for node in retrieve_indexed(stream, index, q, now, 10, RetrievalWeights(), touch=False)}
        hits += len(exact & approx)
    return hits / 300


def test_the_faiss_index_finds_what_exact_retrieval_finds(monkeypatch):
    from game.agents import memory_index
    from game.agents.memory_index import RelevanceIndex

    monkeypatch.setattr(memory_index, "INDEXED_FROM", 2000)  # index a short stream, to keep the test quick
    rng = np.random.default_rng(11)
    stream = _topical_stream(6000, 32, rng)
    index = RelevanceIndex(32)
    recall = _recall(stream, index, rng, 3 * 86400)
    assert index.index is not None and index.count == 6000
    assert recall >= 0.95, f"recall@10 {recall:.2f}"


def test_the_faiss_index_follows_a_stream_that_forgets_and_grows(monkeypatch):
    from game.agents import memory_index
    from game.agents.memory_index import RelevanceIndex

    monkeypatch.setattr(memory_index, "INDEXED_FROM", 2000)
    rng = np.random.default_rng(12)
    stream = _topical_stream(6000, 32, rng, forget_after=86400)
    index = RelevanceIndex(32)
    index.sync(stream)
    now = 4 * 86400
    gone = stream.forget(now)
    assert gone > 0 and len(stream) == 6000 - gone
    fresh = stream.add("thought", "fresh", now, 9)
    stream.set_vectors([fresh.nid], stream.vectors[:1])
    recall = _recall(stream, index, rng, now)
    assert index.count == len(stream) and index.trained_at == 6000  # followed without learning cells again
    assert recall >= 0.95, f"recall@10 {recall:.2f}"
    found = memory_index.retrieve_indexed(stream, index, stream.vectors[0], now, 10, RetrievalWeights())
    assert fresh in found and all(stream.nodes.has(n.nid) for n in found)


def test_a_mind_with_the_faiss_index_retrieves_and_touches_memories():
    from game.agents.mind import GenerativeMind
    from game.llm import OfflineBrain

    class Unit:
        dim = 3

        def embed(self, texts):
            return np.stack([_unit([len(t) % 5 + 1, 1, 0]) for t in texts])

    mind = GenerativeMind(OfflineBrain(), Unit(), memory_index="faiss")
    stream = _stream([("coffee", 0, 5, [1, 0, 0]), ("taxes", 0, 5, [0, 1, 0])])

    class V:
        vid = 0
        persona = SimpleNamespace(settings={})  # no imported retrieval settings: the town's weights

    found = mind.memories.ranked(V(), stream, _unit([1, 0, 0]), 7200, 1, touch=True)
    assert [n.description for n in found] == ["coffee"] and found[0].last_access == 7200


def test_an_unchanged_sight_stays_one_memory_until_it_changes():
    stream = MemoryStream(dim=3)
    first = stream.add("observation", "Ada is reading at Library.", 0, 2, subject="Ada Park")
    assert stream.observe("Ada Park", "Ada is reading at Library.", 3600) is first
    assert len(stream) == 1 and first.last_access == 3600 and first.created == 0
    assert stream.importance_since_reflection == 2  # seeing it again is not news
    assert stream.observe("Ada Park", "Ada is walking at town.", 7200) is None
    walking = stream.add("observation", "Ada is walking at town.", 7200, 1, subject="Ada Park")
    assert stream.observe("Ada Park", "Ada is walking at town.", 9000) is walking
    assert stream.observe("Bo Lind", "Ada is walking at town.", 9000) is None  # someone else's sight
    # Back to reading: still among Ada's last RETENTION sights, so the same memory again.
    assert stream.observe("Ada Park", "Ada is reading at Library.", 9600) is first and first.last_access == 9600
    for i in range(RETENTION):
        stream.add("observation", f"Ada is cooking dish {i} at Cafe.", 10000 + i, 2, subject="Ada Park")
    assert stream.observe("Ada Park", "Ada is reading at Library.", 20000) is None  # long ago: news again


def test_sights_stay_one_memory_after_a_save_and_load():
    stream = MemoryStream(dim=3)
    stream.add("observation", "Bo is cooking at Cafe.", 0, 2, subject="Bo Lind")
    copy = MemoryStream(dim=3)
    copy.set_state(stream.get_state())
    assert copy.observe("Bo Lind", "Bo is cooking at Cafe.", 600) is copy.nodes[0]


def _long_life(days: int = 3) -> MemoryStream:
    """A villager's stream over a few days: sightings every minute, talks, plans, reflections citing sightings."""
    rng = np.random.default_rng(5)

    def embed(texts):
        v = rng.normal(size=(len(texts), 4)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    stream = MemoryStream(dim=4)
    people = ["Ada Park", "Bo Lind", "Cy Moss", "Di Ray"]
    for minute in range(0, days * 24 * 60, 7):
        now = minute * 60
        who = people[minute % 4]
        stream.add("observation", f"{who} is walking at town.", now, int(rng.integers(1, 6)), subject=who)
        if minute % 300 == 0:
            stream.add("chat", f"Talked with {who} about the fair.", now, 5, subject=who)
            stream.add("plan", f"Plan for minute {minute}", now, 3)
        if minute % 420 == 0 and len(stream) > 10:
            cited = [n.nid for n in stream.nodes[-10:] if n.kind == "observation"][:3]
            stream.add("reflection", f"Insight {minute}", now, 7, evidence=cited)
        if minute % 60 == 0:
            stream.embed_pending(embed)
    stream.embed_pending(embed)
    return stream


def test_forgetting_drops_dull_old_sightings_and_keeps_talk_plans_reflections_and_their_evidence():
    stream = _long_life()
    made = stream.nodes[-1].nid + 1
    assert stream.forgotten > 0 and len(stream) == made - stream.forgotten
    kinds = [n.kind for n in stream.nodes]
    chats = sum(1 for minute in range(0, 3 * 24 * 60, 7) if minute % 300 == 0)
    assert kinds.count("chat") == chats and kinds.count("plan") == chats
    assert kinds.count("reflection") == sum(1 for minute in range(0, 3 * 24 * 60, 7) if minute % 420 == 0) - 1
    for node in stream.nodes:
        if node.kind == "reflection":
            assert node.evidence and all(stream.nodes[e].nid == e for e in node.evidence)
    now = stream.nodes[-1].created
    for node in stream.nodes:
        if node.kind == "observation" and now - node.last_access >= 24 * 3600 + 6 * 3600:
            assert node.importance > 3 or any(node.nid in m.evidence for m in stream.nodes)
    # The matrices follow the nodes: row i is the i-th live memory.
    assert stream.vectors.shape[0] == len(stream) and stream.access_times.tolist() == [
        n.last_access for n in stream.nodes]
    assert stream.importances.tolist() == [n.importance for n in stream.nodes]


def test_a_forgetful_stream_keeps_its_ids_through_a_save_and_load():
    stream = _long_life(2)
    assert stream.forgotten > 0
    stream.add("thought", "pending", stream.nodes[-1].created + 60, 4)
    copy = MemoryStream(dim=4)
    copy.set_state(stream.get_state())
    assert [n.nid for n in copy.nodes] == [n.nid for n in stream.nodes]
    assert np.array_equal(copy.vectors, stream.vectors)
    last = stream.nodes[-1].nid
    assert copy.pending_embed == [last] and copy.nodes[last].description == "pending"
    copy.embed_pending(lambda texts: np.ones((len(texts), 4), dtype=np.float32) / 2)
    copy.rescore(last, 9)
    assert copy.nodes[last].importance == 9 and copy.importances[-1] == 9


def test_retrieval_over_a_forgetful_stream_matches_the_reference_loop():
    stream = _long_life()
    assert stream.forgotten > 0
    rng = np.random.default_rng(8)
    for _ in range(5):
        q = _unit(rng.normal(size=4))
        now = stream.nodes[-1].created
        loop = [n.nid for n in retrieve_loop(stream, q, now, 10)]
        fast = retrieve(stream, q, now, 10)
        assert [n.nid for n in fast] == loop
        assert all(stream.nodes[n.nid].last_access == now for n in fast)


def test_the_papers_retrieval_tests_pass_on_a_stream_that_has_forgotten():
    stream = _long_life()
    now = stream.nodes[-1].created + 60
    coffee = stream.add("observation", "coffee", now, 1)
    taxes = stream.add("observation", "taxes", now, 10)
    stream.set_vectors([coffee.nid, taxes.nid], np.stack([_unit([1, 0, 0, 0]), _unit([0, 1, 0, 0])]))
    found = retrieve(stream, _unit([1, 0, 0, 0]), now, k=1, weights=RetrievalWeights(0, 1, 0))
    assert found[0] is coffee
    found = retrieve(stream, _unit([1, 0, 0, 0]), now, k=1, weights=RetrievalWeights(0, 0, 1))
    assert found[0].importance == 10


@pytest.mark.slow
def test_a_town_forgets_dull_sightings_and_keeps_what_reflections_cite():
    from game.sim import headless
    from game.sim.engine import Simulation
    from game.sim.setup import make_mind

    sim = Simulation(agents=8, seed=2, mind=make_mind("generative", {"backend": "offline"}))
    headless.run(sim, 2.0)
    now = sim.clock.seconds
    streams = [m.memory for m in sim.mind.minds.values()]
    assert sum(s.forgotten for s in streams) > 0
    for stream in streams:
        latest: dict[str, list[int]] = {}  # each villager's last sightings stay, to know a repeat
        for n in stream.nodes:
            if n.kind == "observation":
                latest.setdefault(n.subject, []).append(n.nid)
        kept = {nid for nids in latest.values() for nid in nids[-RETENTION:]}
        for node in stream.nodes:
            assert all(stream.nodes.has(e) for e in node.evidence), node.description
            if node.kind == "observation" and node.importance <= 3 and now - node.last_access > 36 * 3600:
                assert node.nid in kept or any(node.nid in n.evidence for n in stream.nodes)
        sights = [n.description for n in stream.nodes if n.kind == "observation"]
        # Retention: the same sight is not stored twice within any five of its subject's sightings
        # (looked at over the last game day, of which nothing can have been forgotten yet).
        by_subject: dict[str, list[str]] = {}
        for n in stream.nodes:
            if n.kind == "observation" and now - n.created < 24 * 3600:
                by_subject.setdefault(n.subject, []).append(n.description)
        for texts in by_subject.values():
            assert all(texts[i] not in texts[max(0, i - 5):i] for i in range(len(texts)))
        assert sights


class _CountingEmbedder:
    """A deterministic 3-d embedder that records every text it is asked for."""

    dim = 3

    def __init__(self) -> None:
        self.asked: list[str] = []

    def embed(self, texts):
        self.asked.extend(texts)
        return np.stack([_unit([1.0 if "coffee" in t else 0.1, 1.0 if "taxes" in t else 0.1, 0.2]) for t in texts])


def _lazy_mind():
    from game.agents.mind import GenerativeMind
    from game.agents.mindset import Mindset
    from game.llm import OfflineBrain

    embedder = _CountingEmbedder()
    mind = GenerativeMind(OfflineBrain(), embedder)
    v = SimpleNamespace(vid=0, name="Ada Park", persona=SimpleNamespace(settings={}, knows={}))
    mind.memories.minds[0] = Mindset(MemoryStream(dim=3))
    sim = SimpleNamespace(clock=SimpleNamespace(seconds=3600))
    return mind, embedder, v, sim


def test_a_memory_added_is_embedded_only_when_a_retrieval_needs_it_and_then_found():
    mind, embedder, v, sim = _lazy_mind()
    stream = mind.memories.minds[0].memory
    for text in ("Bo is drinking coffee at Cafe.", "Cy is walking at town.", "Di is filing taxes at Office."):
        stream.add("observation", text, 3000, 2)
    assert embedder.asked == [] and stream.vectors.shape[0] == 0 and len(stream.pending_embed) == 3
    found = mind.memories.retrieve(sim, v, "coffee", 1)
    assert [n.description for n in found] == ["Bo is drinking coffee at Cafe."]
    # One batch: the three memories and the query; nothing is left to embed.
    assert embedder.asked == ["Bo is drinking coffee at Cafe.", "Cy is walking at town.",
                              "Di is filing taxes at Office.", "coffee"]
    assert stream.pending_embed == [] and stream.vectors.shape[0] == 3


def test_a_sighting_forgotten_before_any_retrieval_is_never_embedded():
    mind, embedder, v, sim = _lazy_mind()
    stream = mind.memories.minds[0].memory
    stream.retention = 1  # only the latest sighting of Bo stands
    stream.add("observation", "Bo is walking at town.", 0, 1, subject="Bo Lind")
    stream.add("observation", "Bo is drinking coffee at Cafe.", 60, 1, subject="Bo Lind")
    stream.add("chat", "Talked with Bo about taxes.", 120, 5, subject="Bo Lind")
    assert stream.forget(2 * 86400) == 1
    assert [n.description for n in stream.nodes] == ["Bo is drinking coffee at Cafe.", "Talked with Bo about taxes."]
    sim.clock.seconds = 2 * 86400
    assert [n.description for n in mind.memories.retrieve(sim, v, "taxes", 1)] == ["Talked with Bo about taxes."]
    assert "Bo is walking at town." not in embedder.asked and stream.vectors.shape[0] == 2


def test_a_save_of_unembedded_memories_reloads_and_retrieves():
    mind, _embedder, v, sim = _lazy_mind()
    stream = mind.memories.minds[0].memory
    stream.add("thought", "I like taxes.", 0, 5)
    mind.memories.retrieve(sim, v, "taxes", 1)  # the first is embedded
    stream.add("observation", "Bo is drinking coffee at Cafe.", 3000, 2)
    stream.add("observation", "Cy is walking at town.", 3100, 2)
    copy = MemoryStream.from_state(stream.get_state())
    assert copy.vectors.shape[0] == 1 and copy.pending_embed == [1, 2]
    mind.memories.minds[0].memory = copy
    assert [n.description for n in mind.memories.retrieve(sim, v, "coffee", 1)] == ["Bo is drinking coffee at Cafe."]
    assert copy.vectors.shape[0] == 3 and copy.pending_embed == []


def test_a_strangers_last_sighting_is_forgotten_and_a_friends_stays_to_know_a_repeat():
    stream = MemoryStream(dim=3)
    stream.add("thought", "Bo Lind is my friend.", 0, 5, subject="Bo Lind")
    stream.add("observation", "Bo Lind is reading at Library.", 60, 2, subject="Bo Lind")
    for i in range(40):  # a crowd of strangers, each seen once
        stream.add("observation", f"Stranger {i} is walking at town.", 60 + i, 1, subject=f"Stranger {i}")
    assert stream.forget(2 * 86400) == 40
    assert [n.description for n in stream.nodes] == ["Bo Lind is my friend.", "Bo Lind is reading at Library."]
    assert stream.observe("Bo Lind", "Bo Lind is reading at Library.", 2 * 86400) is not None  # a repeat
    assert stream.observe("Stranger 3", "Stranger 3 is walking at town.", 2 * 86400) is None  # news again
    assert set(stream._standing_sightings()) == {"Bo Lind"}  # nothing kept of the forgotten strangers


def test_a_memory_is_found_by_its_id_after_any_forgetting():
    """Ids skip what was forgotten; every live id finds its own memory and every gone one raises."""
    rng = random.Random(4)
    for _ in range(30):
        made = [MemoryNode(i, "observation", f"sight {i}", i, i, 1) for i in range(rng.randint(1, 60))]
        nodes = MemoryNodes(made)
        for _ in range(rng.randint(0, 3)):
            rows = np.flatnonzero(np.asarray([rng.random() < 0.6 for _ in nodes], dtype=bool))
            nodes.keep(rows)
        live = {n.nid: row for row, n in enumerate(nodes)}
        for nid in range(-1, len(made) + 2):
            assert nodes.has(nid) == (nid in live)
            if nid in live:
                assert nodes.row(nid) == live[nid] and nodes[nid].description == f"sight {nid}"
            else:
                with pytest.raises(IndexError):
                    nodes.row(nid)
