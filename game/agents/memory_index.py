"""An optional faiss index per villager for very long memory streams (approximate retrieval).

Exact retrieval reads every embedding on every query, which is memory-bandwidth bound (about
10 ms for 100,000 memories here). With ``memory_index = "faiss"`` a per-villager HNSW graph
(inner product, one thread) proposes the most relevant memories and estimates the relevance
range; recency and importance are still computed exactly for every memory, and the union of
both candidate sets is re-scored with the exact formula. Results can differ from exact
retrieval only when a memory is neither among the most relevant nor among the most recent or
important candidates; ``bench/bench_retrieval.py`` measures how often (recall@10).
"""

from __future__ import annotations

import numpy as np

from game.agents.memory import MemoryNode, MemoryStream
from game.agents.retrieve import RetrievalWeights, recency_and_importance

RELEVANT = 256  # candidates proposed by the graph
RECENT_OR_IMPORTANT = 2048  # candidates with the best exact recency + importance


class RelevanceIndex:
    """HNSW over one stream's embeddings, kept in step with the stream as memories are embedded."""

    def __init__(self, dim: int, links: int = 32) -> None:
        import faiss

        faiss.omp_set_num_threads(1)  # single queries: threads only cost here
        self._faiss = faiss
        self.index = faiss.IndexHNSWFlat(dim, links, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = 64
        self.index.hnsw.efSearch = 128
        self.count = 0

    def sync(self, stream: MemoryStream) -> None:
        vectors = stream.vectors
        if vectors.shape[0] > self.count:
            self.index.add(np.ascontiguousarray(vectors[self.count :], dtype=np.float32))
            self.count = vectors.shape[0]

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), k)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]


def retrieve_indexed(
    stream: MemoryStream,
    index: RelevanceIndex,
    query: np.ndarray,
    now: int,
    k: int,
    weights: RetrievalWeights,
    touch: bool = True,
) -> list[MemoryNode]:
    """The k best memories by the paper's formula, with relevance candidates from the index."""
    n = stream.vectors.shape[0]
    if n == 0 or k <= 0:
        return []
    index.sync(stream)
    q = query.astype(np.float32)
    rel_top, ids_top = index.search(q, min(RELEVANT, n))
    rel_low, _ = index.search(-q, 1)
    r_max, r_min = float(rel_top[0]), -float(rel_low[0])
    other = recency_and_importance(stream, now, weights)
    m = min(RECENT_OR_IMPORTANT, n)
    by_other = np.argpartition(-other, m - 1)[:m] if m < n else np.arange(n)
    cand = np.unique(np.concatenate([ids_top.astype(np.int64), by_other.astype(np.int64)]))
    relevance = stream.vectors[cand] @ q
    span = r_max - r_min
    rel_n = np.clip((relevance - r_min) / span, 0.0, 1.0) if span > 1e-12 else np.full_like(relevance, 0.5)
    score = other[cand] + weights.relevance * rel_n
    k = min(k, cand.size)
    best = np.argsort(-score, kind="stable")[:k]
    found = [stream.nodes[int(cand[i])] for i in best]
    if touch:
        stream.touch([node.nid for node in found], now)
    return found
