"""The only code that talks to a model or an embedder: make_brain, make_embedder, test_connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import openai

from game.llm.base import Answer, Brain, Embedder, LLMError, Request, Usage
from game.llm.budget import Budget
from game.llm.embedders import EmbedderError, EndpointEmbedder, MiniLMEmbedder, make_embedder
from game.llm.inference import InferencePool
from game.llm.ledger import Ledger
from game.llm.loop import model_loop
from game.llm.offline import OfflineBrain
from game.llm.openai_backend import describe_failure, make_client
from game.llm.pool import BrainPool
from game.llm.settings import Endpoint, LLMSettings, SettingsError
from game.llm.wrappers import Activation, Cache, Check, Fallback, Meter, OnLoop, Retry

__all__ = [
    "Answer", "Brain", "BrainPool", "Embedder", "EmbedderError", "Endpoint", "EndpointEmbedder",
    "InferencePool", "LLMError", "LLMSettings", "Ledger", "MiniLMEmbedder", "OfflineBrain", "Request",
    "SettingsError", "Usage", "make_brain", "make_embedder", "test_connection",
]


def make_brain(settings: LLMSettings, ledger: Ledger, *, lockstep: bool = False,
               pause: Callable[[float], Awaitable[None]] = asyncio.sleep,
               thinks: Callable[[Request[Any]], bool] | None = None) -> Brain:
    """The Brain for these settings, composed here and nowhere else; every answer it gives shows in `ledger`.

    Offline: the rules, metered. A model, from the outside in: run on the model loop (calls start in
    the order they are made), meter, cache (model answers only), the time engine (`thinks`: does
    this villager think with the model now?), fall back to the offline answer, retry with backoff,
    the call budget, the request's check, the inference pool. So a cached answer is never a call
    and is served to a resting villager too, a fallback is never cached, each retry is checked and
    counted by the budget. `pause` waits out the retry backoff (tests record it instead).
    """
    if settings.backend == "offline":
        return Meter(OfflineBrain(), ledger)
    loop = model_loop()
    pool = InferencePool(settings, lockstep=lockstep, loop=loop,
                         on_shed=lambda r: ledger.record(r.agent, r.step, r.hour, budget=1))
    ledger.attach("inference", pool.status)
    budget = Budget(Check(pool), settings.calls_per_hour, ledger)
    ledger.attach("call_budget", budget.figures)
    brain: Brain = Retry(budget, settings.max_retries, settings.backoff_s, pause=pause)
    brain = Fallback(brain, tuple(e.api_key for e in settings.endpoints if e.api_key))
    if thinks is not None:
        brain = Activation(brain, thinks, ledger)
    if settings.cache:
        brain = Cache(brain)
    return OnLoop(Meter(brain, ledger), loop)


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
test_connection.__test__ = False  # type: ignore[attr-defined]  # a function takes attributes; pytest reads this one


def _status_advice(status: int, endpoint: Endpoint) -> str:
    if status in (401, 403):
        return f"HTTP {status}, the API key was not accepted: check OPENAI_API_KEY"
    if status == 404:
        return (f"HTTP 404: check that the base URL ends in /v1 and that the server has "
                f"model '{endpoint.model}' (TINYTOWN_MODEL)")
    return f"HTTP {status}"
