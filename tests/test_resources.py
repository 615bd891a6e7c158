"""The game hands freed heap pages back to the system (a long run forgets and embeds all day)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from game.resources import release_free_memory


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim and /proc are Linux's")
def test_freed_memory_leaves_the_resident_set() -> None:
    keep, junk = [], []
    for i in range(100_000):  # 100 MB of malloc'd blocks, every 50th kept: the freed ones sit between them
        block = bytes(1000 + i % 7)
        (keep if i % 50 == 0 else junk).append(block)
    before = _resident_kb()
    del junk
    assert release_free_memory() is True
    assert _resident_kb() < before - 50_000  # most of the 100 MB is gone though every 50th block stays
    assert len(keep) == 2000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim and /proc are Linux's")
def test_the_embedders_buffers_leave_the_resident_set_after_a_big_batch() -> None:
    """onnxruntime's arena would keep the biggest batch's activations for good (about 16 MB for this one)."""
    from game.llm.embedders import MiniLMEmbedder

    embedder = MiniLMEmbedder(cache_size=0)
    texts = [f"Conversation between Rosa and Lina number {i}: " + "we talked about bread, paint and rent. " * 8
             for i in range(300)]
    embedder.embed(texts[:4])
    release_free_memory()
    before = _resident_kb()
    assert embedder.embed(texts).shape == (300, 384)
    release_free_memory()
    assert _resident_kb() < before + 6_000
