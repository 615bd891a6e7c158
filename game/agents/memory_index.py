"""An optional faiss index per villager for long memory streams (approximate retrieval).

Exact retrieval reads every embedding on every query, which is memory-bandwidth bound (about
10 ms for 100,000 memories here). With ``memory_index = "faiss"`` a per-villager inverted file
(k-means cells, inner product, one thread) proposes the most relevant memories and bounds the
relevance range; recency and importance are computed exactly for every memory (cheap columns),
and the union of the most relevant and the most recent-or-important candidates is re-scored with
the exact formula on the stream's own rows. Results can differ from exact retrieval
only when a memory is neither among the most relevant nor among the most recent or important
candidates, or when the probed cells miss it; ``bench/bench_retrieval.py`` measures how often
(recall@10 on MiniLM embeddings of memory texts). Short streams are scored exactly.
"""

from __future__ import annotations

import numpy as np

from game.agents.memory import MemoryNode, MemoryStream
from game.agents.retrieve import RetrievalWeights, recency_and_importance, retrieve

INDEXED_FROM = 20_000  # shorter streams are scored exactly (as fast as probing cells here, and no training)
RELEVANT = 512  # candidates proposed by the cells
RECENT = 256  # candidates with the best exact recency + importance, always
RECENT_OR_IMPORTANT = 1024  # at most this many candidates by recency + importance in all
PROBES = 32  # cells searched per query
LOW_PROBES = 4  # cells searched for the least relevant memory (it only sets the scale)
SAMPLE = 4096  # rows sampled to estimate how recent or important the RECENT-th best memory is
RETRAIN_GROWTH = 4  # the cells are learned again when the stream has grown this many times


class RelevanceIndex:
    """An inverted file over one stream's embeddings, keyed by memory id, kept in step with the stream."""

    def __init__(self, dim: int) -> None:
        import faiss

        faiss.omp_set_num_threads(1)  # single queries: threads only cost here
        self._faiss = faiss
        self.dim = dim
        self.index: faiss.IndexIVFFlat | None = None
        self.trained_at = 0  # stream length when the cells were learned
        self.count = 0  # rows of the stream in the index
        self.forgotten = 0  # the stream's forgotten count when the index last matched it
        self._ids = np.zeros(0, dtype=np.int64)  # memory id of each stream row
        self._sample = np.zeros(0, dtype=np.int64)  # rows that estimate the recency + importance quantile

    def sync(self, stream: MemoryStream) -> None:
        """Learn cells once the stream is long enough (again as it grows); add new rows, drop forgotten ones."""
        n = stream.embedded
        if n < INDEXED_FROM:
            return
        if self.index is None or n >= RETRAIN_GROWTH * self.trained_at:
            self._train(stream)
            return
        if stream.forgotten != self.forgotten:
            # Forgotten memories leave the cells; the rows after them move up, their ids stay.
            now_ids = self._row_ids(stream, n)
            gone = np.setdiff1d(self._ids[: self.count], now_ids, assume_unique=True)
            if gone.size:
                self.index.remove_ids(gone)  # type: ignore[arg-type]  # faiss's stub omits its wrapper taking an id array
            self.count -= gone.size
            self._ids = now_ids
            self.forgotten = stream.forgotten
        if n > self.count:
            if self._ids.size < n:
                self._ids = np.concatenate([self._ids[: self.count], self._row_ids(stream, n, self.count)])
            self.index.add_with_ids(stream.decode(self.count, n),
                                    self._ids[self.count:n])
            self.count = n

    def _train(self, stream: MemoryStream) -> None:
        faiss = self._faiss
        n = stream.embedded
        vectors = stream.decode(0, n)
        cells = max(16, int(2 * np.sqrt(n)))
        quantizer = faiss.IndexFlatIP(self.dim)
        index = faiss.IndexIVFFlat(quantizer, self.dim, cells, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = 10
        sample = vectors[np.random.default_rng(0).choice(n, min(n, 40 * cells), replace=False)]
        index.train(sample)
        index.nprobe = PROBES
        self._ids = self._row_ids(stream, n)
        index.add_with_ids(vectors, self._ids)
        self.index = index
        self.quantizer = quantizer  # faiss does not own it: keep it alive beside the index
        self.trained_at = self.count = n
        self.forgotten = stream.forgotten

    @staticmethod
    def _row_ids(stream: MemoryStream, stop: int, start: int = 0) -> np.ndarray:
        """Memory ids of stream rows start..stop."""
        return np.fromiter((stream.nodes.at(row).nid for row in range(start, stop)), dtype=np.int64,
                           count=stop - start)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Stream rows of these memory ids (ids are ascending along the rows)."""
        return np.searchsorted(self._ids[: self.count], ids)

    def recent_floor(self, other: np.ndarray) -> float:
        """About the RECENT-th best recency + importance, from a fixed sample of rows (no pass over all)."""
        n = other.size
        if self._sample.size == 0 or self._sample[-1] >= n:
            self._sample = np.sort(np.random.default_rng(1).choice(n, min(n, SAMPLE), replace=False))
        rank = max(1, round(RECENT * self._sample.size / n))
        return float(np.partition(other[self._sample], -rank)[-rank])

    def search(self, query: np.ndarray, k: int, probes: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """Inner products and stream rows of the k most relevant memories the probed cells hold."""
        assert self.index is not None
        params = (self._faiss.SearchParametersIVF(nprobe=probes)  # type: ignore[call-arg]  # faiss's stub omits its keyword setters
                  if probes else None)
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        keep = ids[0] >= 0
        return scores[0][keep], self.rows(ids[0][keep])


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
    n = stream.embedded
    index.sync(stream)
    if n < INDEXED_FROM or index.index is None:
        return retrieve(stream, query, now, k, weights, touch=touch)
    if k <= 0:
        return []
    q = query.astype(np.float32)
    rel_top, rows_top = index.search(q, RELEVANT)
    rel_low, _ = index.search(-q, 1, probes=LOW_PROBES)
    other = recency_and_importance(stream, now, weights)
    r_max = float(rel_top[0]) if rel_top.size else 1.0
    r_min = -float(rel_low[0]) if rel_low.size else -1.0
    span = max(r_max - r_min, 1e-12)
    # A memory outside the relevant candidates is at most as relevant as the last of them, so it can
    # reach the k-th best score only if its recency + importance make up the rest (threshold bound).
    top_scores = other[rows_top] + weights.relevance * (rel_top - r_min) / span
    kth = np.partition(top_scores, -k)[-k] if top_scores.size >= k else -np.inf
    floor = (float(rel_top[-1]) - r_min) / span if rel_top.size else 1.0
    # The cells can miss a relevant memory, so the best by recency + importance always come too.
    hopeful = np.flatnonzero(other >= min(kth - weights.relevance * floor, index.recent_floor(other)))
    if hopeful.size > RECENT_OR_IMPORTANT:
        hopeful = hopeful[np.argpartition(-other[hopeful], RECENT_OR_IMPORTANT - 1)[:RECENT_OR_IMPORTANT]]
    cand = np.unique(np.concatenate([rows_top, hopeful]))
    relevance = stream.relevance(q, rows=cand)
    r_min = min(r_min, float(relevance.min()))  # candidates scored exactly can only widen the range
    r_max = max(r_max, float(relevance.max()))
    span = r_max - r_min
    rel_n = (relevance - r_min) / span if span > 1e-12 else np.full_like(relevance, 0.5)
    score = other[cand] + weights.relevance * rel_n
    k = min(k, cand.size)
    best = np.argsort(-score, kind="stable")[:k]
    found = [stream.nodes.at(int(cand[i])) for i in best]
    if touch:
        stream.touch([node.nid for node in found], now)
    return found
