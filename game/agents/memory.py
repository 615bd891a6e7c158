"""The memory stream: what a villager saw, said, planned and concluded, with embeddings and evidence.

Embeddings live in one growing float32 matrix per villager (rows L2-normalised),
so retrieval scores every memory with a single matrix-vector product.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from game.codec import TRANSIENT, CodecError, Stateful, array


@dataclass
class MemoryNode(Stateful):
    nid: int
    kind: str
    description: str
    created: int  # game seconds
    last_access: int  # game seconds
    importance: int  # 1-10
    evidence: tuple[int, ...] = ()
    subject: str = ""  # who or what it is about (a villager's name, "player", a place)
    scored: bool = False  # importance confirmed by the model (or the offline rules)
    event: dict | None = None  # a structured invitation: {what, place, day, start, end}


@dataclass
class MemoryStream(Stateful):
    """Append-only list of memories with their embedding matrix."""

    dim: int = 384
    nodes: list[MemoryNode] = field(default_factory=list)
    # Rows [:_count] are embedded (the rest is room to grow); saved as raw little-endian float32 rows,
    # which game/save keeps as a blob.
    _vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), dtype=np.float32),
                                 metadata=array("<f4", rows="_count", cols="dim"))
    _count: int = field(default=0, metadata={"key": "embedded"})
    # Columns mirrored from the nodes so retrieval scores every memory without a Python loop.
    _access: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64), metadata=TRANSIENT)
    _importance: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32), metadata=TRANSIENT)
    importance_since_reflection: int = 0
    pending_embed: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self._vectors.ndim != 2 or self._vectors.shape[1] != self.dim:
            self._vectors = np.zeros((0, self.dim), dtype=np.float32)
        if self._access.shape[0] < len(self.nodes):  # loaded: room to grow, and the columns mirrored again
            if not 0 <= self._count <= len(self.nodes):
                raise CodecError(f"{self._count} embedded memories, but only {len(self.nodes)} memories", ["embedded"])
            saved, self._vectors = self._vectors, np.zeros((0, self.dim), dtype=np.float32)
            self._ensure(len(self.nodes))
            self._vectors[: len(saved)] = saved
            self._access[: len(self.nodes)] = [n.last_access for n in self.nodes]
            self._importance[: len(self.nodes)] = [n.importance for n in self.nodes]

    def __len__(self) -> int:
        return len(self.nodes)

    def add(
        self,
        kind: str,
        description: str,
        now: int,
        importance: int,
        evidence: Sequence[int] = (),
        subject: str = "",
        event: dict | None = None,
        scored: bool = False,
    ) -> MemoryNode:
        node = MemoryNode(
            nid=len(self.nodes),
            kind=kind,
            description=description,
            created=now,
            last_access=now,
            importance=max(1, min(10, int(importance))),
            evidence=tuple(evidence),
            subject=subject,
            scored=scored,
            event=event,
        )
        self.nodes.append(node)
        self._ensure(len(self.nodes))
        self._access[node.nid] = now
        self._importance[node.nid] = node.importance
        self.pending_embed.append(node.nid)
        if kind != "reflection":
            self.importance_since_reflection += node.importance
        return node

    def embed_pending(self, embed: Callable[[Sequence[str]], np.ndarray]) -> int:
        """Embed every memory added since the last call, in one batch."""
        if not self.pending_embed:
            return 0
        ids = self.pending_embed
        vectors = embed([self.nodes[i].description for i in ids])
        self.set_vectors(ids, vectors)
        return len(ids)

    def set_vectors(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Store embeddings computed elsewhere (the engine embeds every villager's new memories in one batch)."""
        self._ensure(len(self.nodes))
        for row, nid in zip(vectors, ids, strict=True):
            self._vectors[nid] = row
        done = set(ids)
        self.pending_embed = [i for i in self.pending_embed if i not in done]
        self._count = min(self.pending_embed) if self.pending_embed else len(self.nodes)

    def _ensure(self, n: int) -> None:
        if self._vectors.shape[0] >= n and self._access.shape[0] >= n:
            return
        size = max(n, 2 * self._vectors.shape[0], 64)
        grown = np.zeros((size, self.dim), dtype=np.float32)
        grown[: self._vectors.shape[0]] = self._vectors
        self._vectors = grown
        access = np.zeros(size, dtype=np.float64)
        access[: self._access.shape[0]] = self._access
        self._access = access
        importance = np.zeros(size, dtype=np.float32)
        importance[: self._importance.shape[0]] = self._importance
        self._importance = importance

    @property
    def access_times(self) -> np.ndarray:
        """Last-access game seconds of the embedded memories."""
        return self._access[: self._count]

    @property
    def importances(self) -> np.ndarray:
        return self._importance[: self._count]

    def touch(self, nids: Sequence[int], now: int) -> None:
        """Retrieval accessed these memories now (recency restarts, as in the paper)."""
        for nid in nids:
            self.nodes[nid].last_access = now
            self._access[nid] = now

    def rescore(self, nid: int, importance: int) -> None:
        """A model scored this memory's importance (1-10)."""
        node = self.nodes[nid]
        node.importance = max(1, min(10, int(importance)))
        node.scored = True
        self._importance[nid] = node.importance

    @property
    def vectors(self) -> np.ndarray:
        """Embeddings of the embedded memories, row i for memory i."""
        return self._vectors[: self._count]

    def recent(self, n: int, kinds: Sequence[str] | None = None) -> list[MemoryNode]:
        out = []
        for node in reversed(self.nodes):
            if kinds is None or node.kind in kinds:
                out.append(node)
                if len(out) >= n:
                    break
        return out
