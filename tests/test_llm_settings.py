"""LLM settings: precedence of overrides, environment and file; validation messages; the key stays hidden."""

from __future__ import annotations

import dataclasses
import json

import pytest

from game.llm.settings import NO_KEY, OPENAI_URL, Endpoint, LLMSettings, SettingsError

SECRET = "sk-test-SECRET-4242"
OLLAMA = "http://127.0.0.1:11434/v1"


def from_env(**env: str) -> LLMSettings:
    return LLMSettings.from_sources(None, env, {})


def test_nothing_configured_means_offline() -> None:
    settings = from_env()
    assert settings.backend == "offline"
    assert settings.endpoints == ()
    assert settings.embedder == "minilm"


def test_a_base_url_implies_the_openai_backend_and_needs_no_key() -> None:
    settings = from_env(OPENAI_BASE_URL=OLLAMA + "/", TINYTOWN_MODEL="llama3.2")
    assert settings.backend == "openai"
    assert settings.endpoints == (Endpoint(OLLAMA, "llama3.2"),)
    assert settings.endpoints[0].client_key == NO_KEY


def test_several_base_urls_become_round_robin_endpoints_sharing_model_and_key() -> None:
    settings = from_env(TINYTOWN_BASE_URLS=f"{OLLAMA}, http://127.0.0.1:11435/v1", TINYTOWN_MODEL="qwen",
                        TINYTOWN_EMBEDDING_MODEL="nomic", OPENAI_API_KEY=SECRET)
    assert [e.base_url for e in settings.endpoints] == [OLLAMA, "http://127.0.0.1:11435/v1"]
    assert {(e.model, e.embedding_model, e.api_key) for e in settings.endpoints} == {("qwen", "nomic", SECRET)}


def test_an_explicit_offline_backend_wins_over_a_base_url() -> None:
    settings = from_env(TINYTOWN_LLM="offline", OPENAI_BASE_URL=OLLAMA)
    assert settings.backend == "offline"
    assert settings.endpoints == ()


def test_a_key_alone_does_not_switch_the_town_to_a_paid_model() -> None:
    assert from_env(OPENAI_API_KEY=SECRET).backend == "offline"


def test_openai_backend_with_only_a_key_goes_to_openai() -> None:
    settings = from_env(TINYTOWN_LLM="openai", OPENAI_API_KEY=SECRET, TINYTOWN_MODEL="gpt-4o-mini")
    assert settings.endpoints == (Endpoint(OPENAI_URL, "gpt-4o-mini", api_key=SECRET),)


def test_overrides_beat_environment_beat_file_beat_defaults() -> None:
    file = {"timeout_s": 10, "concurrency": 2, "max_retries": 5}
    env = {"TINYTOWN_TIMEOUT": "20", "TINYTOWN_CONCURRENCY": "3"}
    settings = LLMSettings.from_sources(file, env, {"timeout_s": 30.0, "concurrency": None})
    assert (settings.timeout_s, settings.concurrency, settings.max_retries, settings.backoff_s) == (30.0, 3, 5, 0.5)
    settings = LLMSettings.from_sources(file, env, {})
    assert (settings.timeout_s, settings.concurrency) == (20.0, 3)
    settings = LLMSettings.from_sources(file, {}, {})
    assert (settings.timeout_s, settings.concurrency) == (10.0, 2)


def test_file_endpoints_keep_their_models_unless_a_higher_source_names_one() -> None:
    file = {"model": "fallback", "endpoints": [
        {"base_url": OLLAMA, "model": "llama3.2"},
        {"base_url": "http://127.0.0.1:1234/v1"},
    ]}
    settings = LLMSettings.from_sources(file, {}, {})
    assert [e.model for e in settings.endpoints] == ["llama3.2", "fallback"]
    settings = LLMSettings.from_sources(file, {"TINYTOWN_MODEL": "qwen"}, {})
    assert [e.model for e in settings.endpoints] == ["qwen", "qwen"]


def test_a_base_url_override_replaces_file_endpoints() -> None:
    file = {"backend": "openai", "model": "m", "base_urls": [OLLAMA]}
    settings = LLMSettings.from_sources(file, {}, {"base_url": "http://127.0.0.1:8000/v1"})
    assert [e.base_url for e in settings.endpoints] == ["http://127.0.0.1:8000/v1"]


@pytest.mark.parametrize(("file", "env", "named"), [
    ({}, {"TINYTOWN_TIMEOUT": "soon"}, "TINYTOWN_TIMEOUT"),
    ({}, {"TINYTOWN_CONCURRENCY": "many"}, "TINYTOWN_CONCURRENCY"),
    ({"concurrency": 0}, {}, "concurrency"),
    ({"timeout_s": -1}, {}, "timeout_s"),
    ({"max_retries": 1.5}, {}, "max_retries"),
    ({"cache": "yes"}, {}, "cache"),
    ({"json_mode": "xml"}, {}, "json_mode"),
    ({}, {"TINYTOWN_LLM": "gpt"}, "backend"),
    ({}, {"TINYTOWN_LLM": "openai"}, "TINYTOWN_BASE_URLS"),
    ({}, {"OPENAI_BASE_URL": OLLAMA}, "TINYTOWN_MODEL"),
    ({}, {"OPENAI_BASE_URL": "localhost:11434", "TINYTOWN_MODEL": "m"}, "base_url"),
    ({"modle": "llama3.2"}, {}, "'modle'"),
    ({"endpoints": [{"base_url": OLLAMA, "key": "x"}]}, {}, "'key'"),
    ({"embedder": "endpoint"}, {"OPENAI_BASE_URL": OLLAMA, "TINYTOWN_MODEL": "m"}, "TINYTOWN_EMBEDDING_MODEL"),
    ({"calls_per_hour": -1}, {}, "calls_per_hour"),
    ({"max_in_flight": -5}, {}, "max_in_flight"),
    ({"max_in_flight": 0}, {}, "max_in_flight"),
    ({"queue_limit": -1}, {}, "queue_limit"),
    ({"queue_wait_s": -0.5}, {}, "queue_wait_s"),
    ({"cooldown_s": -1}, {}, "cooldown_s"),
    ({"model": "m", "endpoints": [{"base_url": OLLAMA, "concurrency": -2}]}, {}, "concurrency=-2"),
    ({"model": "m", "endpoints": [{"base_url": OLLAMA, "weight": 0}]}, {}, "weight=0"),
    ({"model": "m", "endpoints": [{"base_url": OLLAMA}, {"base_url": "http://"}]}, {}, "base_url='http://'"),
    ({"model": "m", "base_urls": [OLLAMA, "http://127.0.0.1:99999/v1"]}, {}, "base_url="),
    ({"model": "m", "base_urls": "http://my server/v1"}, {}, "base_url="),
    ({}, {"TINYTOWN_BASE_URLS": f"{OLLAMA},ftp://127.0.0.1/v1", "TINYTOWN_MODEL": "m"}, "TINYTOWN_BASE_URLS"),
])
def test_bad_settings_name_the_setting(file: dict[str, object], env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named.replace("(", r"\(")) as caught:
        LLMSettings.from_sources(file, env, {})
    assert isinstance(caught.value, ValueError)


def test_each_endpoint_has_its_own_limit_and_weight() -> None:
    file = {"model": "m", "concurrency": 6, "endpoints": [
        {"base_url": OLLAMA, "concurrency": 2, "weight": 3}, {"base_url": "http://127.0.0.1:8000/v1"}]}
    settings = LLMSettings.from_sources(file, {}, {"calls_per_hour": 50})
    assert [(e.concurrency, e.weight) for e in settings.endpoints] == [(2, 3.0), (None, 1.0)]
    assert (settings.concurrency, settings.calls_per_hour) == (6, 50)
    assert settings.public_dict()["endpoints"][0] == {"base_url": OLLAMA, "model": "m", "embedding_model": None,
                                                      "concurrency": 2, "weight": 3.0}


def test_the_key_never_shows_in_repr_str_or_public_dict() -> None:
    settings = from_env(OPENAI_BASE_URL=OLLAMA, TINYTOWN_MODEL="m", OPENAI_API_KEY=SECRET)
    for text in (repr(settings), str(settings), repr(settings.endpoints[0]),
                 json.dumps(settings.public_dict())):
        assert SECRET not in text
    assert "'***'" in repr(settings)
    assert settings.public_dict()["endpoints"] == [{"base_url": OLLAMA, "model": "m", "embedding_model": None}]
    assert settings.endpoints[0].client_key == SECRET


def test_settings_are_frozen_and_revalidated_on_replace() -> None:
    settings = LLMSettings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.concurrency = 8  # type: ignore[misc]
    assert dataclasses.replace(settings, concurrency=8).concurrency == 8
    with pytest.raises(SettingsError, match="concurrency"):
        dataclasses.replace(settings, concurrency=0)
