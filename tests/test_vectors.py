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


def _stream_of(rows: np.ndarray, forget_after: int | None = None, importance=lambda i: 2) -> MemoryStream:
    """A stream whose memory i has embedding rows[i]."""
    stream = MemoryStream(forget_after=forget_after)
    for i in range(len(rows)):
        stream.add("observation", f"saw {i}", i, importance(i))
    stream.set_vectors(list(range(len(rows))), rows)
    return stream


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
    stream = _stream_of(rows)
    assert stream._codes.dtype == np.int8 and stream.embedded == 300
    relevance = stream.relevance(rows[42])
    assert int(np.argmax(relevance)) == 42
    np.testing.assert_allclose(stream.relevance(rows[42], rows=np.array([3, 42])), relevance[[3, 42]], rtol=1e-5)
    np.testing.assert_allclose(stream.vectors, rows, atol=5e-3)


def test_a_long_stream_scores_from_decoded_rows_kept_up_to_date(monkeypatch) -> None:
    from game.agents import memory

    monkeypatch.setattr(memory, "LONG_STREAM", 64)
    rows = _unit_rows(200, seed=3)
    stream = _stream_of(rows[:100])
    query = rows[7]
    np.testing.assert_allclose(stream.relevance(query), dot(stream._codes[:100], stream._scales[:100], query),
                               rtol=1e-5, atol=1e-6)
    assert stream._decoded is not None and stream._decoded_rows == 100
    stream.set_vectors([7], rows[150:151])  # an old row embedded again: the decoded copy follows
    for i in range(100, 180):
        stream.add("observation", f"saw {i}", i, 2)
    stream.set_vectors(list(range(100, 180)), rows[100:180])
    got = stream.relevance(query)
    want = dot(stream._codes[:180], stream._scales[:180], query)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert got.shape == (180,) and abs(float(got[7]) - float(rows[150] @ query)) < 5e-3
    np.testing.assert_allclose(stream.relevance(query, rows=np.array([3, 170])), want[[3, 170]], rtol=1e-5, atol=1e-6)


def test_a_long_stream_that_forgets_scores_its_remaining_rows(monkeypatch) -> None:
    from game.agents import memory

    monkeypatch.setattr(memory, "LONG_STREAM", 32)
    rows = _unit_rows(120, seed=4)
    stream = _stream_of(rows, forget_after=3600, importance=lambda i: 2 if i % 2 else 6)  # the odd ones are dull
    stream.relevance(rows[0])
    assert stream.forget(10 * 3600) == 60
    got = stream.relevance(rows[10])
    assert got.shape == (60,) and int(np.argmax(got)) == 5  # memory 10 is the sixth one left
    np.testing.assert_allclose(got, rows[::2] @ rows[10], atol=5e-3)


def test_an_indexs_candidates_are_scored_from_the_codes_without_a_float32_copy(monkeypatch) -> None:
    from game.agents import memory

    monkeypatch.setattr(memory, "LONG_STREAM", 32)
    rows = _unit_rows(100, seed=5)
    stream = _stream_of(rows)
    got = stream.relevance(rows[9], rows=np.array([2, 9, 50]))
    assert stream._decoded is None  # the faiss path's few candidates leave the long stream int8 only
    np.testing.assert_allclose(got, rows[[2, 9, 50]] @ rows[9], atol=5e-3)
