"""Embeddings as int8 codes with a scale per row: small, close to the float rows, scored the same way
whether a stream is short or long."""

from __future__ import annotations

import numpy as np

from game import vectors
from game.agents.memory import MemoryStream
from game.vectors import dequantize, dot, quantize


def _unit_rows(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_codes_are_within_half_a_step_of_each_rows_largest_component() -> None:
    rows = _unit_rows(200)
    codes, scales = quantize(rows)
    assert codes.dtype == np.int8 and scales.dtype == np.float32 and codes.shape == rows.shape
    assert np.abs(codes).max() == 127  # every row uses the whole range
    error = np.abs(dequantize(codes, scales) - rows)
    assert np.all(error <= scales[:, None] / 2 + 1e-7)
    assert codes.nbytes + scales.nbytes == 200 * (384 + 4)  # a quarter of float32 and a scale


def test_a_zero_row_stays_zero_and_coding_decoded_rows_gives_the_same_codes() -> None:
    rows = np.vstack([np.zeros(384, dtype=np.float32), _unit_rows(50)])
    codes, scales = quantize(rows)
    assert not codes[0].any() and scales[0] == 0 and np.isfinite(dequantize(codes, scales)).all()
    again, _ = quantize(dequantize(codes, scales))
    assert np.array_equal(again, codes)


def test_long_streams_are_scored_in_blocks_exactly_as_short_ones() -> None:
    rows = _unit_rows(vectors.BLOCK * 2 + 37, seed=1)
    codes, scales = quantize(rows)
    query = rows[5]
    blocked = dot(codes, scales, query)
    whole = dequantize(codes, scales) @ query
    np.testing.assert_allclose(blocked, whole, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(blocked, rows @ query, atol=5e-3)  # and near the float rows' cosines
    assert int(np.argmax(blocked)) == 5


def test_a_stream_keeps_int8_rows_and_ranks_by_them() -> None:
    rows = _unit_rows(300, seed=2)
    stream = MemoryStream(forget_after=None)
    for i in range(300):
        stream.add("observation", f"saw {i}", i, 2)
    stream.set_vectors(list(range(300)), rows)
    assert stream._codes.dtype == np.int8 and stream.embedded == 300
    relevance = stream.relevance(rows[42])
    assert int(np.argmax(relevance)) == 42
    np.testing.assert_allclose(stream.relevance(rows[42], rows=np.array([3, 42])), relevance[[3, 42]], rtol=1e-5)
    np.testing.assert_allclose(stream.vectors, rows, atol=5e-3)
