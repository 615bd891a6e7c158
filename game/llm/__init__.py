"""The only code that talks to a model or an embedder: make_brain, make_embedder, test_connection."""

from __future__ import annotations

import openai

from game.llm.base import Answer, Brain, Embedder, LLMError, Request, Usage
from game.llm.embedders import EmbedderError, EndpointEmbedder, MiniLMEmbedder, make_embedder
from game.llm.guard import GuardedBrain, Ledger
from game.llm.offline import OfflineBrain
from game.llm.openai_backend import OpenAIBrain, describe_failure, make_client
from game.llm.pool import BrainPool
from game.llm.settings import Endpoint, LLMSettings, SettingsError

__all__ = [
    "Answer", "Brain", "BrainPool", "Embedder", "EmbedderError", "Endpoint", "EndpointEmbedder", "GuardedBrain",
    "LLMError", "LLMSettings", "Ledger", "MiniLMEmbedder", "OfflineBrain", "OpenAIBrain", "Request",
    "SettingsError", "Usage", "make_brain", "make_embedder", "test_connection",
]


def make_brain(settings: LLMSettings, ledger: Ledger) -> Brain:
    """The guarded Brain for these settings; every decision it makes shows in `ledger`."""
    inner: Brain = OpenAIBrain(settings) if settings.backend == "openai" else OfflineBrain()
    return GuardedBrain(inner, settings, ledger)


def test_connection(settings: LLMSettings) -> tuple[bool, str]:
    """Ask each endpoint for a one-token answer; (all answered, one human line per endpoint)."""
    if settings.backend == "offline":
        return True, "Offline: the town runs on its built-in rules, no model needed"
    ok = True
    lines = []
    for endpoint in settings.endpoints:
        client = make_client(endpoint, settings.timeout_s)
        try:
            client.chat.completions.create(
                model=endpoint.model, messages=[{"role": "user", "content": "Say OK."}], max_tokens=1)
            lines.append(f"Connected to {endpoint.base_url}, model {endpoint.model} answered")
        except openai.APIStatusError as exc:
            ok = False
            lines.append(f"{endpoint.base_url} refused the request: {_status_advice(exc.status_code, endpoint)}")
        except openai.OpenAIError as exc:
            ok = False
            reason = (f"no answer within {settings.timeout_s:g} s" if isinstance(exc, openai.APITimeoutError)
                      else describe_failure(exc))
            lines.append(f"Could not connect to {endpoint.base_url}: {reason}")
        finally:
            client.close()
    return ok, "\n".join(lines)


# Tell pytest this is not a test although its name starts with "test_".
test_connection.__test__ = False  # type: ignore[attr-defined]


def _status_advice(status: int, endpoint: Endpoint) -> str:
    if status in (401, 403):
        return f"HTTP {status}, the API key was not accepted: check OPENAI_API_KEY"
    if status == 404:
        return (f"HTTP 404: check that the base URL ends in /v1 and that the server has "
                f"model '{endpoint.model}' (TINYTOWN_MODEL)")
    return f"HTTP {status}"
