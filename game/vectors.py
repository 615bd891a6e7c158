"""Embeddings kept small: each row as int8 codes with one float32 scale (388 bytes for MiniLM's 384
dimensions, against 1,536 as float32), in memory streams, their saves and the embedder's cache.

A row is scaled so that its largest component is 127; a component is off by at most half a step
(0.4% of that largest component), which moves a cosine by about 1e-3. Scores are always computed from
the codes, so a town scores the same before a save and after a load.
"""

from __future__ import annotations

import threading

import numpy as np

BLOCK = 2048  # rows decoded at a time when scoring a long stream (a few MB of float32, reused)
_buffers = threading.local()


def quantize(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes and float32 scales of float rows (one row may be given as a 1-D array)."""
    rows = np.asarray(rows, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows.reshape(1, -1)
    scales = (np.abs(rows).max(axis=1, initial=0.0) / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, np.float32(1.0))
    codes = np.rint(rows / safe[:, None]).clip(-127, 127).astype(np.int8)
    return codes, scales


def dequantize(codes: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """The float32 rows the codes stand for."""
    return codes.astype(np.float32) * scales[:, None]


def dot(codes: np.ndarray, scales: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Each row's inner product with a float query, decoding at most BLOCK rows at a time."""
    n = codes.shape[0]
    q = np.asarray(query, dtype=np.float32)
    if n <= BLOCK:
        return (codes.astype(np.float32) @ q) * scales
    buffer = getattr(_buffers, "rows", None)
    if buffer is None or buffer.shape[1] != codes.shape[1]:
        buffer = _buffers.rows = np.empty((BLOCK, codes.shape[1]), dtype=np.float32)
    out = np.empty(n, dtype=np.float32)
    for start in range(0, n, BLOCK):
        end = min(n, start + BLOCK)
        rows = buffer[: end - start]
        np.copyto(rows, codes[start:end], casting="unsafe")
        np.dot(rows, q, out=out[start:end])
    out *= scales
    return out
