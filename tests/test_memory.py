"""Memory stream and retrieval: the paper's formula, ranked as written."""

from types import SimpleNamespace

import numpy as np

from game.agents.memory import MemoryStream
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
    rel = np.array([0.0, 1.0, 0.6])
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


def test_the_faiss_index_finds_what_exact_retrieval_finds():
    from game.agents.memory_index import RelevanceIndex, retrieve_indexed

    rng = np.random.default_rng(11)
    n, dim = 5000, 32
    stream = MemoryStream(dim=dim)
    for i in range(n):
        stream.add("observation", f"m{i}", int(rng.integers(0, 3 * 86400)), int(rng.integers(1, 11)))
    vecs = rng.normal(size=(n, dim)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    stream.set_vectors(list(range(n)), vecs)
    index = RelevanceIndex(dim)
    hits = total = 0
    for j in range(30):
        q = vecs[j * 7] + 0.3 * rng.normal(size=dim).astype(np.float32)
        q /= np.linalg.norm(q)
        exact = {node.nid for node in retrieve(stream, q, 3 * 86400, 10, touch=False)}
        approx = {node.nid for node in retrieve_indexed(stream, index, q, 3 * 86400, 10, RetrievalWeights(),
                                                        touch=False)}
        hits += len(exact & approx)
        total += 10
    assert index.count == n
    assert hits / total >= 0.95, f"recall@10 {hits / total:.2f}"


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
