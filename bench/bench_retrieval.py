"""Retrieval: top-10 over 10,000 and 100,000 memories with the vectorised exact formula, against the
reference implementation's pure-Python scoring loop over the same nodes; and the optional faiss index
(memory_index = "faiss"): its query time, build time and recall@10 against exact retrieval."""

from __future__ import annotations

import time

import numpy as np
from common import median, timed, write

from game.agents.memory import MemoryStream
from game.agents.memory_index import RelevanceIndex, retrieve_indexed
from game.agents.retrieve import DEFAULT_WEIGHTS, retrieve, retrieve_loop


def stream_of(n: int, rng: np.random.Generator) -> MemoryStream:
    stream = MemoryStream(dim=384)
    for i in range(n):
        stream.add("observation", f"memory {i}", int(rng.integers(0, 3 * 86400)), int(rng.integers(1, 11)))
    vecs = rng.normal(size=(n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    stream.set_vectors(list(range(n)), vecs)
    return stream


def main() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for n in (10_000, 100_000):
        stream = stream_of(n, rng)
        q = stream.vectors[7].copy()
        fast = timed(lambda stream=stream, q=q: retrieve(stream, q, 3 * 86400, 10, touch=False), repeat=30)
        loop_n = 2 if n >= 100_000 else 3
        t0 = time.perf_counter()
        for _ in range(loop_n):
            retrieve_loop(stream, q, 3 * 86400, 10)
        loop = (time.perf_counter() - t0) / loop_n
        t0 = time.perf_counter()
        index = RelevanceIndex(384)
        index.sync(stream)
        build = time.perf_counter() - t0
        # Queries near stored memories, as real queries are (a topic the villager has met before).
        queries = []
        for j in range(40):
            v = stream.vectors[j * 97] + 0.5 * rng.normal(size=384).astype(np.float32) / np.sqrt(384)
            queries.append(v / np.linalg.norm(v))
        hits = 0
        for qq in queries:
            exact = {m.nid for m in retrieve(stream, qq, 3 * 86400, 10, touch=False)}
            approx = {m.nid for m in retrieve_indexed(stream, index, qq, 3 * 86400, 10, DEFAULT_WEIGHTS, touch=False)}
            hits += len(exact & approx)
        indexed = timed(lambda stream=stream, index=index, q=q: retrieve_indexed(
            stream, index, q, 3 * 86400, 10, DEFAULT_WEIGHTS, touch=False), repeat=30)
        rows.append({"memories": n, "top10_ms": round(median(fast) * 1000, 3),
                     "python_loop_ms": round(loop * 1000, 1), "speedup": round(loop / median(fast), 1),
                     "faiss_top10_ms": round(median(indexed) * 1000, 3),
                     "faiss_recall_at_10": round(hits / (10 * len(queries)), 3),
                     "faiss_build_s": round(build, 1)})
    write("retrieval", {"dim": 384, "runs": rows, "targets_ms": {"10000": 0.5, "100000": 2.0}})


if __name__ == "__main__":
    main()
