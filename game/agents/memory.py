"""The memory stream: what a villager saw, said, planned and concluded, with embeddings and evidence.

Embeddings live in one growing int8 matrix per villager with a scale per row (game/vectors.py; saves
keep the same codes), so retrieval scores every memory with a single matrix-vector product. A memory
is embedded lazily, when a retrieval first needs it: the un-embedded memories are always the newest
rows. The stream stays bounded: a sight that repeats one of the subject's last few is the same memory
seen again, and dull old sightings that nothing cites are forgotten (memory ids never change),
embedded or not.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import overload

import numpy as np

from game.codec import TRANSIENT, CodecError, Stateful, array, saved_as
from game.vectors import dequantize, dot, quantize

# Forgetting, in the spirit of the reference code's expiration and ai-town's vacuum: a sighting of
# importance FORGET_IMPORTANCE or less that no memory cites and nobody retrieved for FORGET_AFTER
# game seconds goes; reflections, conversations, plans, thoughts and events always stay.
FORGET_IMPORTANCE = 3
FORGET_AFTER = 24 * 3600
FORGET_EVERY = 6 * 3600  # how often the stream looks for what to forget (one pass over the stream)
RETENTION = 5  # a sight among the subject's last this many sightings is not news (the reference code's retention)
# Embedded memories from which a stream also keeps its rows decoded to float32 (1.5 KB a memory more): a
# query then reads them at BLAS speed, where decoding 10,000 int8 rows alone costs twice the query's
# budget here (numpy's baseline SIMD). A town's streams stay far below this; a long life passes it.
LONG_STREAM = 4096


# A town keeps tens of thousands: slots, no instance dict (48 bytes less a memory, and 112 less once the game
# has saved, since a save made each memory's dict).
@dataclass(slots=True)
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
    # The text embedded when it is not the description (the paper's embedding key): two people's
    # memories of one talk share words, so the embedder's cache embeds them once.
    key: str = ""

    @property
    def embedding_text(self) -> str:
        return self.key or self.description


_NID = attrgetter("nid")


class MemoryNodes(Sequence[MemoryNode]):
    """The live memories in the order they were made.

    An index from 0 up is a memory's id, which stays the same when older memories are forgotten;
    a negative index, a slice, iteration and len run over the live memories in order, as in a list.
    """

    def __init__(self, nodes: Iterable[MemoryNode] = ()) -> None:
        self._nodes = list(nodes)

    def row(self, nid: int) -> int:
        """Where memory `nid` sits among the live memories (its row in the stream's matrices)."""
        nodes = self._nodes
        if 0 <= nid < len(nodes) and nodes[nid].nid == nid:  # nothing before it was forgotten
            return nid
        n = len(nodes)
        if not nodes or nodes[-1].nid == n - 1:  # nothing forgotten at all: no such memory
            raise IndexError(f"memory {nid} was forgotten or never made")
        # Ids ascend with the rows and skip only what was forgotten, so the row is between nid less the
        # number forgotten and nid: a binary search there (no id -> row map, which would cost a villager's
        # stream some 25 bytes a memory).
        lo, hi = max(0, nid - (nodes[-1].nid + 1 - n)), min(nid, n - 1) + 1
        row = bisect_left(nodes, nid, lo, hi, key=_NID)
        if row < n and nodes[row].nid == nid:
            return row
        raise IndexError(f"memory {nid} was forgotten or never made")

    def at(self, row: int) -> MemoryNode:
        return self._nodes[row]

    def has(self, nid: int) -> bool:
        try:
            self.row(nid)
        except IndexError:
            return False
        return True

    @overload
    def __getitem__(self, key: int) -> MemoryNode: ...

    @overload
    def __getitem__(self, key: slice) -> list[MemoryNode]: ...

    def __getitem__(self, key: int | slice) -> MemoryNode | list[MemoryNode]:
        if isinstance(key, slice) or key < 0:
            return self._nodes[key]
        return self._nodes[self.row(key)]

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[MemoryNode]:
        return iter(self._nodes)

    def __reversed__(self) -> Iterator[MemoryNode]:
        return reversed(self._nodes)

    def append(self, node: MemoryNode) -> None:
        self._nodes.append(node)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only these rows (ascending)."""
        self._nodes = [self._nodes[int(r)] for r in rows]


@dataclass
class MemoryStream(Stateful):
    """The memories of one villager with their embedding matrix; ids only grow."""

    dim: int = 384
    # Ids stay when memories are forgotten; saved as a plain list, which __post_init__ wraps again.
    nodes: MemoryNodes = field(default_factory=MemoryNodes, metadata=saved_as(list[MemoryNode]))
    # Rows [:_count] are embedded (the rest is room to grow), as int8 codes with a float32 scale per row
    # (game/vectors.py), in memory and in saves (raw little-endian bytes, which game/save keeps as blobs).
    _codes: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), dtype=np.int8),
                               metadata=array("<i1", rows="_count", cols="dim"))
    _scales: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32),
                                metadata=array("<f4", rows="_count"))
    _count: int = field(default=0, metadata={"key": "embedded"})
    # A long stream's rows decoded (LONG_STREAM); rows [:_decoded_rows] are up to date.
    _decoded: np.ndarray | None = field(default=None, metadata=TRANSIENT)
    _decoded_rows: int = field(default=0, metadata=TRANSIENT)
    # Columns mirrored from the nodes so retrieval scores every memory without a Python loop.
    _access: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64), metadata=TRANSIENT)
    _importance: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32), metadata=TRANSIENT)
    importance_since_reflection: int = 0
    pending_embed: list[int] = field(default_factory=list)
    # None: remember everything (tests of the formula); a loaded stream forgets.
    forget_after: int | None = field(default=FORGET_AFTER, metadata=TRANSIENT)
    # Memories forgotten since the stream was made or loaded: an index over the rows follows when this changes.
    forgotten: int = field(default=0, metadata=TRANSIENT)
    # When the stream last looked for what to forget, and each subject's latest sightings
    # (rebuilt from the nodes when they are replaced, as on loading).
    _checked: int | None = field(default=None, metadata=TRANSIENT)
    _standing: dict[str, tuple[int, ...]] = field(default_factory=dict, metadata=TRANSIENT)
    _standing_of: MemoryNodes | None = field(default=None, metadata=TRANSIENT)
    # How many of a subject's latest sightings a new sight is compared with (a villager's own setting,
    # GA's per-persona retention, is put here by perception).
    retention: int = field(default=RETENTION, metadata=TRANSIENT)

    def __post_init__(self) -> None:
        if not isinstance(self.nodes, MemoryNodes):
            self.nodes = MemoryNodes(self.nodes)
        if self._codes.ndim != 2 or self._codes.shape[1] != self.dim:
            self._codes = np.zeros((0, self.dim), dtype=np.int8)
        if self._scales.shape[0] != self._codes.shape[0]:
            self._scales = np.zeros(self._codes.shape[0], dtype=np.float32)
        if self._access.shape[0] < len(self.nodes):  # loaded: room to grow, and the columns mirrored again
            if not 0 <= self._count <= len(self.nodes):
                raise CodecError(f"{self._count} embedded memories, but only {len(self.nodes)} memories", ["embedded"])
            codes, scales = self._codes, self._scales
            self._codes, self._scales = np.zeros((0, self.dim), dtype=np.int8), np.zeros(0, dtype=np.float32)
            self._ensure(len(self.nodes))
            self._codes[: len(codes)] = codes
            self._scales[: len(scales)] = scales
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
        key: str = "",
    ) -> MemoryNode:
        if self.forget_after is not None:
            if self._checked is None:
                self._checked = now
            elif now - self._checked >= FORGET_EVERY:
                self._checked = now
                self.forget(now)
        node = MemoryNode(
            nid=self.nodes[-1].nid + 1 if self.nodes else 0,
            kind=kind,
            description=description,
            created=now,
            last_access=now,
            importance=max(1, min(10, int(importance))),
            evidence=tuple(evidence),
            subject=subject,
            scored=scored,
            event=event,
            key=key if key != description else "",
        )
        self.nodes.append(node)
        row = len(self.nodes) - 1
        self._ensure(len(self.nodes))
        self._access[row] = now
        self._importance[row] = node.importance
        self.pending_embed.append(node.nid)
        if kind == "observation" and subject:
            self._standing_sightings()
            self._remember_sighting(node)
        if kind != "reflection":
            self.importance_since_reflection += node.importance
        return node

    def observe(self, subject: str, text: str, now: int) -> MemoryNode | None:
        """One of `subject`'s latest sightings if `text` repeats it, seen again now; else None.

        The reference code's retention: a sight already among the last ``retention`` sightings of the
        same subject stays one memory. Its last access moves to now, so it stays recent, and it adds
        nothing to the importance that triggers a reflection. When None comes back the sight is news
        and the caller adds it.
        """
        for nid in reversed(self._standing_sightings().get(subject, ())):
            if not self.nodes.has(nid):
                continue
            node = self.nodes[nid]
            if node.description == text:
                self.touch([nid], now)
                return node
        return None

    def _standing_sightings(self) -> dict[str, tuple[int, ...]]:
        if self._standing_of is not self.nodes:
            self._standing = {}
            for n in self.nodes:
                if n.kind == "observation" and n.subject:
                    self._remember_sighting(n)
            self._standing_of = self.nodes
        return self._standing

    def _remember_sighting(self, node: MemoryNode) -> None:
        # A tuple, made anew each time (a villager in a city keeps one for each of some 50 people seen).
        self._standing[node.subject] = (*self._standing.get(node.subject, ()), node.nid)[-self.retention:]

    def forget(self, now: int) -> int:
        """Forget dull old sightings that nothing cites and nobody recalled lately; how many went.

        The last sightings of someone the villager knows (the subject of a talk, a thought or a plan) stay,
        to know a repeat; a stranger's last sighting goes like any other, or a crowd would stay forever."""
        if self.forget_after is None or not self.nodes:
            return 0
        cited = {e for n in self.nodes for e in n.evidence}
        known = {n.subject for n in self.nodes if n.kind != "observation" and n.subject}
        standing = {nid for subject, latest in self._standing_sightings().items() if subject in known
                    for nid in latest}
        embedded = self._count
        drop = [
            row for row, n in enumerate(self.nodes)
            if n.kind == "observation" and n.importance <= FORGET_IMPORTANCE
            and now - n.last_access >= self.forget_after and n.nid not in cited and n.nid not in standing
        ]
        if not drop:
            return 0
        keep = np.ones(len(self.nodes), dtype=bool)
        keep[drop] = False
        rows = np.flatnonzero(keep)
        n = len(self.nodes)
        gone = {self.nodes.at(row).nid for row in drop}
        self._codes = np.ascontiguousarray(self._codes[:n][keep])
        self._scales = self._scales[:n][keep].copy()
        self._decoded, self._decoded_rows = None, 0  # decoded again on the next query if still long
        self._access = self._access[:n][keep].copy()
        self._importance = self._importance[:n][keep].copy()
        self.nodes.keep(rows)
        for subject in [s for s, latest in self._standing.items() if gone.intersection(latest)]:
            latest = tuple(nid for nid in self._standing[subject] if nid not in gone)
            if latest:
                self._standing[subject] = latest
            else:
                del self._standing[subject]  # a stranger forgotten altogether
        # A sighting forgotten before any retrieval needed it is never embedded.
        self.pending_embed = [i for i in self.pending_embed if i not in gone]
        self._count = embedded - int(np.count_nonzero(~keep[:embedded]))
        self.forgotten += len(drop)
        return len(drop)

    def embed_pending(self, embed: Callable[[Sequence[str]], np.ndarray]) -> int:
        """Embed every memory not yet embedded, in one batch."""
        if not self.pending_embed:
            return 0
        ids = self.pending_embed
        vectors = embed([self.nodes[i].embedding_text for i in ids])
        self.set_vectors(ids, vectors)
        return len(ids)

    def set_vectors(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Store embeddings computed elsewhere (a retrieval embeds the pending memories with its query)."""
        self._ensure(len(self.nodes))
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} memories but {len(vectors)} embeddings")
        rows = [self.nodes.row(nid) for nid in ids]
        self._codes[rows], self._scales[rows] = quantize(vectors)
        if rows:
            self._decoded_rows = min(self._decoded_rows, min(rows))
        done = set(ids)
        self.pending_embed = [i for i in self.pending_embed if i not in done]
        self._count = self.nodes.row(min(self.pending_embed)) if self.pending_embed else len(self.nodes)

    def _ensure(self, n: int) -> None:
        if self._codes.shape[0] >= n and self._access.shape[0] >= n:
            return
        # An eighth more room at a time: the spare rows are resident memory (a town of thousands holds
        # thousands of these matrices), and copying a villager's int8 rows now and then costs little.
        size = max(n, self._codes.shape[0] * 9 // 8, 32)
        grown = np.zeros((size, self.dim), dtype=np.int8)
        grown[: self._codes.shape[0]] = self._codes
        self._codes = grown
        scales = np.zeros(size, dtype=np.float32)
        scales[: self._scales.shape[0]] = self._scales
        self._scales = scales
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
            row = self.nodes.row(nid)
            self.nodes.at(row).last_access = now
            self._access[row] = now

    def rescore(self, nid: int, importance: int) -> None:
        """A model scored this memory's importance (1-10); a memory forgotten meanwhile stays forgotten."""
        if not self.nodes.has(nid):
            return
        row = self.nodes.row(nid)
        node = self.nodes.at(row)
        node.importance = max(1, min(10, int(importance)))
        node.scored = True
        self._importance[row] = node.importance

    @property
    def embedded(self) -> int:
        """How many memories are embedded (rows [:embedded], in the nodes' order)."""
        return self._count

    @property
    def vectors(self) -> np.ndarray:
        """The embeddings (decoded to float32) of the embedded memories, row i for ``nodes.at(i)``."""
        return self.decode(0, self._count)

    def decode(self, start: int, stop: int) -> np.ndarray:
        """Embedded rows start..stop decoded to float32."""
        stop = min(stop, self._count)
        return dequantize(self._codes[start:stop], self._scales[start:stop])

    def relevance(self, query: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Inner product of the query with every embedded memory (or with the given rows, decoded from
        their codes: an index's few candidates do not make a long stream keep a float32 copy)."""
        n = self._count
        if rows is not None:
            return dot(self._codes[:n][rows], self._scales[:n][rows], query)
        if n >= LONG_STREAM:
            return self._decoded_up_to(n) @ np.asarray(query, dtype=np.float32)
        return dot(self._codes[:n], self._scales[:n], query)

    def _decoded_up_to(self, n: int) -> np.ndarray:
        """Rows [:n] decoded, decoding only what changed since the last query."""
        if self._decoded is None or self._decoded.shape[0] < n:
            grown = np.empty((self._codes.shape[0], self.dim), dtype=np.float32)
            if self._decoded is not None:
                grown[: self._decoded_rows] = self._decoded[: self._decoded_rows]
            else:
                self._decoded_rows = 0
            self._decoded = grown
        start = min(self._decoded_rows, n)
        if start < n:
            self._decoded[start:n] = dequantize(self._codes[start:n], self._scales[start:n])
            self._decoded_rows = n
        return self._decoded[:n]

    def recent(self, n: int, kinds: Sequence[str] | None = None) -> list[MemoryNode]:
        out = []
        for node in reversed(self.nodes):
            if kinds is None or node.kind in kinds:
                out.append(node)
                if len(out) >= n:
                    break
        return out
