"""LLM settings: frozen, self-validating dataclasses built from file, environment and overrides.

Precedence: overrides > environment > settings file > defaults. The API key is
never shown by repr/str and never written by `public_dict()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

Backend = Literal["offline", "openai"]
EmbedderKind = Literal["minilm", "endpoint"]
JsonMode = Literal["schema", "json_object", "auto"]

#: Sent as the key to servers that need none (Ollama, LM Studio, llama.cpp, vLLM).
NO_KEY = "not-needed"
#: Where `backend = openai` goes when only OPENAI_API_KEY is given.
OPENAI_URL = "https://api.openai.com/v1"

_ENDPOINT_KEYS = ("base_url", "model", "embedding_model", "api_key", "concurrency", "weight")
_SCALAR_KEYS = ("backend", "timeout_s", "max_retries", "backoff_s", "concurrency", "cache",
                "embedder", "json_mode", "max_in_flight", "calls_per_hour", "queue_limit", "queue_wait_s",
                "cooldown_s", "time_engine", "activation")
HOURS = 24
_SOURCE_KEYS = frozenset(_SCALAR_KEYS + _ENDPOINT_KEYS + ("base_urls", "endpoints"))


class SettingsError(ValueError):
    """A setting a user can get wrong; the message names it and says what to do."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Endpoint:
    """One OpenAI-compatible server: its base URL, chat model and optional embedding model,
    how many requests it takes at once (None: the settings' `concurrency`) and its share of traffic."""

    base_url: str
    model: str
    embedding_model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    concurrency: int | None = None
    weight: float = 1.0

    def __post_init__(self) -> None:
        if not _is_http_url(self.base_url):
            raise SettingsError(
                f"LLM setting base_url={self.base_url!r} is not an http(s) URL: give the server's "
                "OpenAI-compatible address, e.g. http://127.0.0.1:11434/v1 (TINYTOWN_BASE_URLS)")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        if self.concurrency is not None and (not _is_int(self.concurrency) or not 1 <= self.concurrency <= 1024):
            raise SettingsError(
                f"LLM endpoint setting concurrency={self.concurrency!r} for {self.base_url} is invalid: use a "
                "whole number of parallel requests from 1 to 1024, or leave it out")
        if not _is_number(self.weight) or not 0 < self.weight <= 1000:
            raise SettingsError(
                f"LLM endpoint setting weight={self.weight!r} for {self.base_url} is invalid: use a number "
                "above 0 (2 sends twice the traffic of 1), e.g. 1")
        object.__setattr__(self, "weight", float(self.weight))
        if not isinstance(self.model, str) or not self.model.strip():
            raise SettingsError(
                f"LLM endpoint {self.base_url} has no model: set TINYTOWN_MODEL "
                "(or 'model' in the settings file) to a model the server serves, e.g. llama3.2")
        if self.embedding_model is not None and (
                not isinstance(self.embedding_model, str) or not self.embedding_model.strip()):
            raise SettingsError(
                f"LLM setting embedding_model={self.embedding_model!r} for {self.base_url} is empty: "
                "name the server's embedding model (TINYTOWN_EMBEDDING_MODEL) or leave it unset")
        if self.api_key is not None and not isinstance(self.api_key, str):
            raise SettingsError("LLM setting api_key must be text: set OPENAI_API_KEY")

    @property
    def client_key(self) -> str:
        """The key to send: the configured one, or a placeholder for servers that need none."""
        return self.api_key or NO_KEY

    def __repr__(self) -> str:
        key = "'***'" if self.api_key else "None"
        return (f"Endpoint(base_url={self.base_url!r}, model={self.model!r}, "
                f"embedding_model={self.embedding_model!r}, api_key={key}, "
                f"concurrency={self.concurrency!r}, weight={self.weight!r})")

    def public_dict(self) -> dict[str, Any]:
        """Plain data without the key, for reports and saves; concurrency and weight only when set."""
        data: dict[str, Any] = {"base_url": self.base_url, "model": self.model,
                                "embedding_model": self.embedding_model}
        if self.concurrency is not None:
            data["concurrency"] = self.concurrency
        if self.weight != 1.0:
            data["weight"] = self.weight
        return data


@dataclass(frozen=True)
class LLMSettings:
    """How the town reaches its model: backend, endpoints, limits and modes.

    `concurrency` is each endpoint's default limit; `max_in_flight` caps the requests in flight over
    all of them; `calls_per_hour` caps model calls per game hour (0: no ceiling). In the window a
    request waits at most `queue_wait_s` (0: no limit) in a queue of at most `queue_limit` before it
    is decided offline; an endpoint that fails rests `cooldown_s` (doubling) before it is probed.
    With `time_engine` a villager thinks with the model only in the game hours it is active (drawn
    from 24 hourly probabilities: its persona's rhythm, or `activation[name]`) or while the player
    watches it; without, every decision goes to the model (within the budget).
    """

    backend: Backend = "offline"
    endpoints: tuple[Endpoint, ...] = ()
    timeout_s: float = 30.0
    max_retries: int = 2
    backoff_s: float = 0.5
    concurrency: int = 4
    cache: bool = True
    embedder: EmbedderKind = "minilm"
    json_mode: JsonMode = "auto"
    max_in_flight: int = 256
    calls_per_hour: int = 400
    queue_limit: int = 2048
    queue_wait_s: float = 20.0
    cooldown_s: float = 2.0
    time_engine: bool = True
    activation: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.backend not in ("offline", "openai"):
            raise SettingsError(
                f"LLM setting backend={self.backend!r} is unknown: use 'offline' (built-in rules) "
                "or 'openai' (any OpenAI-compatible server) (TINYTOWN_LLM)")
        if isinstance(self.endpoints, list):
            object.__setattr__(self, "endpoints", tuple(self.endpoints))
        if not isinstance(self.endpoints, tuple) or not all(isinstance(e, Endpoint) for e in self.endpoints):
            raise SettingsError("LLM setting endpoints must be a list of Endpoint entries")
        if self.backend == "openai" and not self.endpoints:
            raise SettingsError(
                "LLM backend 'openai' needs an endpoint: set TINYTOWN_BASE_URLS or OPENAI_BASE_URL "
                "(e.g. http://127.0.0.1:11434/v1 for Ollama), or OPENAI_API_KEY for OpenAI itself")
        if not _is_number(self.timeout_s) or not 0 < self.timeout_s <= 600:
            raise SettingsError(
                f"LLM setting timeout_s={self.timeout_s!r} is invalid: use seconds between 0 and 600, "
                "e.g. 30 (TINYTOWN_TIMEOUT)")
        object.__setattr__(self, "timeout_s", float(self.timeout_s))
        if not _is_int(self.max_retries) or not 0 <= self.max_retries <= 10:
            raise SettingsError(
                f"LLM setting max_retries={self.max_retries!r} is invalid: use a whole number from 0 to 10")
        if not _is_number(self.backoff_s) or not 0 <= self.backoff_s <= 60:
            raise SettingsError(
                f"LLM setting backoff_s={self.backoff_s!r} is invalid: use seconds from 0 to 60, e.g. 0.5")
        object.__setattr__(self, "backoff_s", float(self.backoff_s))
        if not _is_int(self.concurrency) or not 1 <= self.concurrency <= 64:
            raise SettingsError(
                f"LLM setting concurrency={self.concurrency!r} is invalid: use a whole number of "
                "parallel requests from 1 to 64 (TINYTOWN_CONCURRENCY)")
        if not isinstance(self.cache, bool):
            raise SettingsError(f"LLM setting cache={self.cache!r} is invalid: use true or false")
        if self.embedder not in ("minilm", "endpoint"):
            raise SettingsError(
                f"LLM setting embedder={self.embedder!r} is unknown: use 'minilm' (built in) or "
                "'endpoint' (the server's embedding model)")
        if self.embedder == "endpoint" and (
                self.backend != "openai" or not any(e.embedding_model for e in self.endpoints)):
            raise SettingsError(
                "LLM setting embedder='endpoint' needs backend 'openai' and an endpoint with an "
                "embedding model: set TINYTOWN_EMBEDDING_MODEL, or use embedder 'minilm'")
        if self.json_mode not in ("schema", "json_object", "auto"):
            raise SettingsError(
                f"LLM setting json_mode={self.json_mode!r} is unknown: use 'auto', 'schema' or 'json_object'")
        for name, low, high, what in (
                ("max_in_flight", 1, 100_000, "requests in flight over all endpoints, e.g. 256"),
                ("calls_per_hour", 0, 10_000_000, "model calls per game hour, e.g. 400 (0: no ceiling)"),
                ("queue_limit", 1, 1_000_000, "requests waiting for an endpoint, e.g. 2048")):
            value = getattr(self, name)
            if not _is_int(value) or not low <= value <= high:
                raise SettingsError(f"LLM setting {name}={value!r} is invalid: use a whole number of {what}")
        for name, high, what in (("queue_wait_s", 3600, "e.g. 20 (0: wait as long as it takes)"),
                                 ("cooldown_s", 600, "e.g. 2")):
            value = getattr(self, name)
            if not _is_number(value) or not 0 <= value <= high:
                raise SettingsError(f"LLM setting {name}={value!r} is invalid: use seconds from 0 to {high}, {what}")
            object.__setattr__(self, name, float(value))
        if not isinstance(self.time_engine, bool):
            raise SettingsError(f"LLM setting time_engine={self.time_engine!r} is invalid: use true or false")
        object.__setattr__(self, "activation", _activation(self.activation))

    def public_dict(self) -> dict[str, Any]:
        """Plain data without any key, for reports and saves."""
        return {
            "backend": self.backend,
            "endpoints": [e.public_dict() for e in self.endpoints],
            "timeout_s": self.timeout_s,
            "max_retries": self.max_retries,
            "backoff_s": self.backoff_s,
            "concurrency": self.concurrency,
            "cache": self.cache,
            "embedder": self.embedder,
            "json_mode": self.json_mode,
            "max_in_flight": self.max_in_flight,
            "calls_per_hour": self.calls_per_hour,
            "queue_limit": self.queue_limit,
            "queue_wait_s": self.queue_wait_s,
            "cooldown_s": self.cooldown_s,
            "time_engine": self.time_engine,
            "activation": {name: list(values) for name, values in self.activation.items()},
        }

    @classmethod
    def from_sources(cls, file: Mapping[str, Any] | None, env: Mapping[str, str],
                     overrides: Mapping[str, Any]) -> LLMSettings:
        """Merge settings: overrides > env > file > defaults.

        File and override keys are the field names plus `base_url`, `base_urls`
        (list or comma-separated), `model`, `embedding_model`, `api_key` and
        `endpoints` (a list of {base_url, model, embedding_model, api_key}).
        `model`, `embedding_model` and `api_key` fill every endpoint that does not
        name its own, and replace its own when they come from a higher source.
        A base URL implies backend 'openai' unless a backend is given; with
        backend 'offline' no endpoint is kept. None values count as not given.
        """
        layers = [
            _checked_layer(file or {}, "the settings file"),
            _env_layer(env),
            _checked_layer(overrides, "the overrides"),
        ]
        merged: dict[str, tuple[Any, int]] = {}
        for rank, layer in enumerate(layers):
            for key, value in layer.items():
                if value is None:
                    continue
                if key in ("base_url", "base_urls", "endpoints"):
                    merged["endpoints"] = (_endpoint_dicts(key, value), rank)
                else:
                    merged[key] = (value, rank)

        endpoint_dicts, endpoints_rank = merged.get("endpoints", ([], -1))
        backend = merged["backend"][0] if "backend" in merged else ("openai" if endpoint_dicts else "offline")
        if backend == "openai" and not endpoint_dicts and "api_key" in merged:
            endpoint_dicts = [{"base_url": OPENAI_URL}]
        endpoints: list[Endpoint] = []
        if backend == "openai":
            for given in endpoint_dicts:
                entry = dict(given)
                for key in ("model", "embedding_model", "api_key"):
                    if key in merged and (key not in entry or merged[key][1] > endpoints_rank):
                        entry[key] = merged[key][0]
                entry.setdefault("model", "")
                endpoints.append(Endpoint(**entry))
        scalars = {key: merged[key][0] for key in _SCALAR_KEYS if key in merged}
        scalars["backend"] = backend
        return cls(endpoints=tuple(endpoints), **scalars)


def _activation(profiles: object) -> dict[str, tuple[float, ...]]:
    """{villager name: 24 probabilities from 0 to 1}, or a SettingsError naming the villager and the hour."""
    if not isinstance(profiles, Mapping):
        raise SettingsError("LLM setting activation must map villager names to 24 hourly probabilities")
    checked = {}
    for name, values in profiles.items():
        where = f"LLM setting activation for {name!r}"
        if not isinstance(values, (list, tuple)) or len(values) != HOURS:
            count = f"{len(values)} values" if isinstance(values, (list, tuple)) else repr(values)[:40]
            raise SettingsError(f"{where}: give 24 hourly activation probabilities (one per hour from 0:00), "
                                f"each from 0 to 1; got {count}")
        for hour, value in enumerate(values):
            if not _is_number(value) or not 0 <= value <= 1:
                raise SettingsError(f"{where}: the value for {hour}:00 is {value!r}; each hourly activation "
                                    "probability must be a number from 0 to 1")
        checked[str(name)] = tuple(float(v) for v in values)
    return checked


def _is_http_url(value: object) -> bool:
    """An http(s) URL with a host, a valid port if any, and no spaces."""
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or 0 < parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port_ok


def _checked_layer(layer: Mapping[str, Any], source: str) -> dict[str, Any]:
    unknown = sorted(set(layer) - _SOURCE_KEYS)
    if unknown:
        raise SettingsError(
            f"Unknown LLM setting {', '.join(map(repr, unknown))} in {source}: "
            f"known settings are {', '.join(sorted(_SOURCE_KEYS))}")
    return dict(layer)


def _endpoint_dicts(key: str, value: Any) -> list[dict[str, Any]]:
    if key == "endpoints":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, Mapping) for v in value):
            raise SettingsError(
                "LLM setting endpoints must be a list of tables with base_url and model")
        for entry in value:
            unknown = sorted(set(entry) - set(_ENDPOINT_KEYS))
            if unknown:
                raise SettingsError(
                    f"Unknown key {', '.join(map(repr, unknown))} in an LLM endpoint: "
                    f"use {', '.join(_ENDPOINT_KEYS)}")
        return [dict(entry) for entry in value]
    urls = value.split(",") if isinstance(value, str) else value
    if not isinstance(urls, (list, tuple)) or not all(isinstance(u, str) for u in urls):
        raise SettingsError(f"LLM setting {key} must be a URL or a list of URLs")
    return [{"base_url": url.strip()} for url in urls if url.strip()]


def _env_layer(env: Mapping[str, str]) -> dict[str, Any]:
    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    layer: dict[str, Any] = {
        "api_key": get("OPENAI_API_KEY"),
        "base_urls": get("TINYTOWN_BASE_URLS") or get("OPENAI_BASE_URL"),
        "backend": get("TINYTOWN_LLM"),
        "model": get("TINYTOWN_MODEL"),
        "embedding_model": get("TINYTOWN_EMBEDDING_MODEL"),
    }
    timeout = get("TINYTOWN_TIMEOUT")
    if timeout is not None:
        try:
            layer["timeout_s"] = float(timeout)
        except ValueError:
            raise SettingsError(
                f"TINYTOWN_TIMEOUT={timeout!r} is not a number: set it to seconds, e.g. 30") from None
    concurrency = get("TINYTOWN_CONCURRENCY")
    if concurrency is not None:
        try:
            layer["concurrency"] = int(concurrency)
        except ValueError:
            raise SettingsError(
                f"TINYTOWN_CONCURRENCY={concurrency!r} is not a whole number: set it to the number "
                "of parallel requests, e.g. 4") from None
    return layer
