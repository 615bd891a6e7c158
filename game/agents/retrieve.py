"""Retrieval as in the Generative Agents paper: recency, importance and relevance, each min-max
normalised, summed with weights, top-k.

Recency decays by 0.995 per game hour since the memory was last accessed (the
reference code decays by access rank; hours keep a quiet night from aging
memories as much as a busy afternoon). Default weights follow the reference
code's ``gw``: recency 0.5, relevance 3, importance 2.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from game.agents.memory import MemoryNode, MemoryStream
from game.config import RetrievalWeights

DEFAULT_WEIGHTS = RetrievalWeights()


@lru_cache(maxsize=256)
def _scaled(base: RetrievalWeights, recency: float, relevance: float, importance: float,
            decay: float | None) -> RetrievalWeights:
    return RetrievalWeights(base.recency * recency, base.relevance * relevance, base.importance * importance,
                            base.decay if decay is None else decay)


def weights_for(settings: dict[str, float], base: RetrievalWeights = DEFAULT_WEIGHTS) -> RetrievalWeights:
    """A villager's own weights: GA's per-persona ``recency_w``, ``relevance_w`` and ``importance_w`` scale
    the town's weights (as the reference code scales its ``gw``); ``recency_decay`` replaces the decay."""
    if not settings:
        return base
    return _scaled(base, settings.get("recency_w", 1.0), settings.get("relevance_w", 1.0),
                   settings.get("importance_w", 1.0), settings.get("recency_decay"))


def minmax(x: np.ndarray) -> np.ndarray:
    lo = x.min()
    span = x.max() - lo
    if span <= 1e-12:
        return np.full_like(x, 0.5)
    return (x - lo) / span


def scores(
    stream: MemoryStream, query: np.ndarray, now: int, weights: RetrievalWeights = DEFAULT_WEIGHTS
) -> np.ndarray:
    """Combined score of every embedded memory for one query vector."""
    if stream.embedded == 0:
        return np.zeros(0, dtype=np.float32)
    relevance = stream.relevance(query)
    return recency_and_importance(stream, now, weights) + weights.relevance * minmax(relevance)


def recency_and_importance(stream: MemoryStream, now: int, weights: RetrievalWeights) -> np.ndarray:
    """The weighted, normalised recency and importance terms of every embedded memory."""
    access = stream.access_times
    if access.size == 0:
        return np.zeros(0, dtype=np.float32)
    # decay ** hours as exp(hours * ln(decay)) in float32, one fused pass: the same numbers, faster.
    rate = -np.log(weights.decay) / 3600.0  # per second since access, as a negative exponent
    recency = ((access - now) * rate).astype(np.float32)
    np.exp(recency, out=recency)
    # Recency only falls with time since access, so its range comes from the newest and oldest access.
    newest, oldest = np.exp(np.float32((access.max() - now) * rate)), np.exp(np.float32((access.min() - now) * rate))
    span = newest - oldest
    if span <= 1e-12:
        recency.fill(weights.recency * 0.5)
    else:
        recency -= oldest
        recency *= weights.recency / span
    importance = stream.importances
    lo, hi = importance.min(), importance.max()
    if hi - lo <= 1e-12:
        recency += weights.importance * 0.5
    else:
        recency += (importance - lo) * (weights.importance / (hi - lo))
    return recency


def retrieve(
    stream: MemoryStream,
    query: np.ndarray,
    now: int,
    k: int,
    weights: RetrievalWeights = DEFAULT_WEIGHTS,
    touch: bool = True,
) -> list[MemoryNode]:
    """The k best memories, best first; their last-access time becomes now (as in the paper)."""
    s = scores(stream, query, now, weights)
    if s.size == 0 or k <= 0:
        return []
    k = min(k, s.size)
    top = np.argpartition(-s, k - 1)[:k] if k < s.size else np.arange(s.size)
    order = top[np.argsort(-s[top], kind="stable")]
    found = [stream.nodes.at(int(i)) for i in order]
    if touch:
        stream.touch([n.nid for n in found], now)
    return found


def retrieve_loop(
    stream: MemoryStream, query: np.ndarray, now: int, k: int, weights: RetrievalWeights = DEFAULT_WEIGHTS
) -> list[MemoryNode]:
    """The reference implementation's way (a Python loop over every node); the benchmark's baseline."""
    nodes = stream.nodes[: stream.embedded]
    vectors = stream.vectors
    if not nodes:
        return []
    rec = {}
    rel = {}
    imp: dict[int, float] = {}
    q = [float(x) for x in query]
    for i, node in enumerate(nodes):
        rec[i] = weights.decay ** ((now - node.last_access) / 3600.0)
        vec = vectors[i].tolist()
        dot = sum(a * b for a, b in zip(vec, q, strict=True))
        na = sum(a * a for a in vec) ** 0.5
        nb = sum(b * b for b in q) ** 0.5
        rel[i] = dot / (na * nb) if na and nb else 0.0
        imp[i] = node.importance

    def norm(d: dict[int, float]) -> dict[int, float]:
        lo, hi = min(d.values()), max(d.values())
        if hi - lo <= 1e-12:
            return {key: 0.5 for key in d}
        return {key: (v - lo) / (hi - lo) for key, v in d.items()}

    rec, rel, imp = norm(rec), norm(rel), norm(imp)
    total = {
        i: weights.recency * rec[i] + weights.relevance * rel[i] + weights.importance * imp[i] for i in rec
    }
    best = sorted(total, key=lambda i: -total[i])[:k]
    return [nodes[i] for i in best]
