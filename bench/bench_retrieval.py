"""Retrieval: top-10 over 10,000 and 100,000 memories, exact (the paper's formula, vectorised) against
the reference implementation's pure-Python loop, and the optional faiss index (memory_index = "faiss"):
query time, build time and recall@10 against exact retrieval in the same run.

Embeddings are real: 4,000 distinct memory sentences from bench/memory_texts.py embedded once with the
offline MiniLM embedder; longer streams repeat them, each copy mixed with another real sentence
(v_i + 0.3 v_j + noise of norm 0.1, renormalised), as a long life repeats itself with variations.
Importance is the game's offline rule on the sentence; memories are made over 40 game days, and a
random tenth were recalled in the last day. Queries are 40 MiniLM-embedded questions of the kinds the
mind asks. Random unit vectors are measured too, as the worst case for an index.

The stream keeps embeddings as int8 codes with a scale per row (game/vectors.py, as saves hold them);
``int8_recall_at_10`` is the overlap of its top-10 with the top-10 scored on the float32 embeddings, and
``relevance_stream_ms`` / ``relevance_float32_ms`` time the relevance column alone, as the stream computes
it (from the int8 codes; a stream past LONG_STREAM memories keeps its rows decoded too) and from float32.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as main.py sets it for the game: queries are single

import numpy as np
from common import median, timed, write
from memory_texts import memory_texts, query_texts

from game.agents.importance import offline_importance
from game.agents.memory import MemoryStream
from game.agents.memory_index import RelevanceIndex, retrieve_indexed
from game.agents.retrieve import DEFAULT_WEIGHTS, minmax, recency_and_importance, retrieve, retrieve_loop
from game.llm.embedders import MiniLMEmbedder

BASE = 4000
DAYS = 40
NOW = DAYS * 86400


def real_vectors(n: int, base: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """n rows: the real ones first, then mixed copies; and which real sentence each row comes from."""
    src = np.concatenate([np.arange(len(base)), rng.integers(0, len(base), max(0, n - len(base)))])[:n]
    vecs = base[src].copy()
    extra = slice(len(base), n)
    if n > len(base):
        noise = rng.normal(size=(n - len(base), base.shape[1])).astype(np.float32)
        noise *= 0.1 / np.linalg.norm(noise, axis=1, keepdims=True)
        vecs[extra] += 0.3 * base[rng.integers(0, len(base), n - len(base))] + noise
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs, src


def stream_of(vecs: np.ndarray, importance: np.ndarray, rng: np.random.Generator) -> MemoryStream:
    n = len(vecs)
    stream = MemoryStream(dim=vecs.shape[1], forget_after=None)
    created = np.sort(rng.integers(0, NOW, n))
    for i in range(n):
        stream.add("observation", f"memory {i}", int(created[i]), int(importance[i]))
    stream.set_vectors(list(range(n)), vecs)
    recalled = rng.choice(n, n // 10, replace=False)
    stream.touch([int(i) for i in recalled], NOW - 86400)
    stream.touch([int(i) for i in recalled[: n // 100]], NOW - 3600)
    return stream


def int8_recall(stream: MemoryStream, vecs: np.ndarray, queries: np.ndarray) -> float:
    """How much of the top-10 over the stream's int8 rows is the top-10 over the float32 rows."""
    other = recency_and_importance(stream, NOW, DEFAULT_WEIGHTS)
    hits = 0
    for q in queries:
        full = other + DEFAULT_WEIGHTS.relevance * minmax(vecs @ q)
        want = {stream.nodes.at(int(i)).nid for i in np.argsort(-full, kind="stable")[:10]}
        hits += len(want & {m.nid for m in retrieve(stream, q, NOW, 10, touch=False)})
    return hits / (10 * len(queries))


def measure(kind: str, stream: MemoryStream, vecs: np.ndarray, queries: np.ndarray, loop: bool) -> dict:
    n = len(stream)
    q = queries[0]
    q32 = q.astype(np.float32)
    exact = timed(lambda: retrieve(stream, q, NOW, 10, touch=False), repeat=30)
    row: dict = {"vectors": kind, "memories": n, "exact_top10_ms": round(median(exact) * 1000, 3),
                 "int8_recall_at_10": round(int8_recall(stream, vecs, queries), 3),
                 # The relevance column alone, as the stream computes it (int8 rows decoded in blocks; past
                 # LONG_STREAM its rows kept decoded) and from float32 rows.
                 "relevance_stream_ms": round(median(timed(lambda: stream.relevance(q), repeat=30)) * 1000, 3),
                 "relevance_float32_ms": round(median(timed(lambda: vecs @ q32, repeat=30)) * 1000, 3)}
    if loop:
        start = time.perf_counter()
        retrieve_loop(stream, q, NOW, 10)
        took = time.perf_counter() - start
        row.update(python_loop_ms=round(took * 1000, 1), exact_speedup_over_loop=round(took / median(exact), 1))
    start = time.perf_counter()
    index = RelevanceIndex(stream.dim)
    index.sync(stream)
    # Streams shorter than INDEXED_FROM are scored exactly, index or not.
    row["index_build_s"] = round(time.perf_counter() - start, 2) if index.index is not None else None
    hits = 0
    for qq in queries:
        want = {m.nid for m in retrieve(stream, qq, NOW, 10, touch=False)}
        got = {m.nid for m in retrieve_indexed(stream, index, qq, NOW, 10, DEFAULT_WEIGHTS, touch=False)}
        hits += len(want & got)
    times = []
    for qq in queries:
        times += timed(lambda qq=qq: retrieve_indexed(stream, index, qq, NOW, 10, DEFAULT_WEIGHTS, touch=False),
                       repeat=3)
    row.update(faiss_top10_ms=round(median(times) * 1000, 3),
               faiss_recall_at_10=round(hits / (10 * len(queries)), 3),
               faiss_speedup_over_exact=round(median(exact) / median(times), 1))
    print(row, flush=True)
    return row


def main() -> None:
    rng = np.random.default_rng(0)
    texts = memory_texts(BASE)
    embedder = MiniLMEmbedder(threads=2)
    start = time.perf_counter()
    base = embedder.embed([t for _, t in texts])
    embed_s = time.perf_counter() - start
    queries = embedder.embed(query_texts(40))
    importance = np.array([offline_importance(kind, text) for kind, text in texts])
    rows = []
    for n in (10_000, 30_000, 100_000):
        vecs, src = real_vectors(n, base, rng)
        rows.append(measure("minilm", stream_of(vecs, importance[src], rng), vecs, queries, loop=n <= 10_000))
    for n in (10_000, 100_000):
        vecs = rng.normal(size=(n, 384)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        near = vecs[rng.choice(n, 40)] + 0.5 * rng.normal(size=(40, 384)).astype(np.float32) / np.sqrt(384)
        near /= np.linalg.norm(near, axis=1, keepdims=True)
        rows.append(measure("random", stream_of(vecs, rng.integers(1, 11, n), rng), vecs, near, loop=False))
    write("retrieval", {"dim": 384, "real_sentences": BASE, "embed_s": round(embed_s, 1), "runs": rows,
                        "targets_ms": {"10000": 0.3, "100000": 2.0}, "target_recall_at_10": 0.95})


if __name__ == "__main__":
    main()
