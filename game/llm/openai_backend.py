"""The openai SDK's side of the openai backend: clients, failures as LLMErrors, answer formats and parsing.

The inference pool (game/llm/inference.py) asks for structured output (json_schema); a server
that rejects it is remembered and asked for a plain JSON object with the schema in the prompt.
"""

from __future__ import annotations

import functools
import json
import re
import socket
from typing import Any

import openai
import pydantic

from game.llm.base import LLMError, T, Usage
from game.llm.settings import Endpoint

_FENCE = re.compile(r"^\s*```[A-Za-z]*[ \t]*\n?(.*?)\n?\s*```\s*$", re.DOTALL)
_SCHEMA_NAME = re.compile(r"[^A-Za-z0-9_-]")
# Statuses and words with which servers say "I do not do json_schema output".
_REJECTION_STATUSES = (400, 404, 422)
_REJECTION_WORDS = ("response_format", "json_schema", "not supported", "unsupported")


def make_client(endpoint: Endpoint, timeout_s: float, max_retries: int = 0) -> openai.OpenAI:
    """An SDK client for one endpoint (retries are left to our wrapper by default)."""
    return openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.client_key,
                         timeout=timeout_s, max_retries=max_retries)


def describe_failure(exc: BaseException) -> str:
    """A short human reason for an SDK failure, e.g. 'connection refused' or 'HTTP 404'."""
    if isinstance(exc, openai.APITimeoutError):
        return "no answer before the timeout"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "unknown host name"
        cause = cause.__cause__ or cause.__context__
    return str(exc) or type(exc).__name__


def as_llm_error(exc: openai.OpenAIError, endpoint: Endpoint) -> LLMError:
    """Translate an SDK exception into an LLMError with its kind."""
    where = endpoint.base_url
    if isinstance(exc, openai.APITimeoutError):
        return LLMError("timeout", f"{where}: {describe_failure(exc)}")
    if isinstance(exc, openai.APIConnectionError):
        return LLMError("connection", f"{where}: {describe_failure(exc)}")
    if isinstance(exc, openai.APIStatusError):
        return LLMError("http", f"{where}: HTTP {exc.status_code}: {exc.message[:300]}",
                        status=exc.status_code)
    return LLMError("protocol", f"{where}: {type(exc).__name__}")


def chat_content(reply: Any, endpoint: Endpoint) -> tuple[str, Usage]:
    """The first choice's text and the tokens reported, from a chat completion's JSON body."""
    usage_data = reply.get("usage") if isinstance(reply, dict) else None
    usage = Usage(1)
    if isinstance(usage_data, dict):
        prompt, completion = usage_data.get("prompt_tokens"), usage_data.get("completion_tokens")
        usage = Usage(1, prompt if isinstance(prompt, int) else 0, completion if isinstance(completion, int) else 0)
    choices = reply.get("choices") if isinstance(reply, dict) else None
    if not isinstance(choices, list) or not choices:
        raise LLMError("protocol", f"{endpoint.base_url}: reply without choices", usage=usage)
    message = choices[0].get("message") if isinstance(choices[0], dict) else None
    content = message.get("content") if isinstance(message, dict) else None
    if content is not None and not isinstance(content, str):
        raise LLMError("protocol", f"{endpoint.base_url}: reply's message content is not text", usage=usage)
    return content or "", usage


def schema_rejected(err: LLMError) -> bool:
    """Did the server refuse the json_schema response_format (rather than fail otherwise)?"""
    text = str(err).lower()
    return err.kind == "http" and err.status in _REJECTION_STATUSES and any(
        word in text for word in _REJECTION_WORDS)


def parse_answer(content: str, answer: type[T]) -> T:
    """Parse a reply into `answer`: strips ``` fences and text around the JSON object."""
    match = _FENCE.match(content)
    text = match.group(1) if match else content.strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[start:end + 1]) if 0 <= start < end else None
        except json.JSONDecodeError:
            data = None
        if data is None:
            raise LLMError("invalid_json", f"reply for {answer.__name__} is not a JSON object") from None
    try:
        return answer.model_validate(data)
    except pydantic.ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) or "(root)" for e in exc.errors())
        raise LLMError("schema", f"reply does not fit {answer.__name__}: {fields}") from None


@functools.cache
def json_schema_format(answer: type[pydantic.BaseModel]) -> dict[str, Any]:
    """The structured-output response_format for an answer model (made once per model: building a JSON
    schema costs more CPU than sending the request; the dict is only read, never changed)."""
    name = _SCHEMA_NAME.sub("_", answer.__name__)[:64]
    return {"type": "json_schema",
            "json_schema": {"name": name, "schema": answer.model_json_schema(), "strict": False}}


def json_object_system(system: str, answer: type[pydantic.BaseModel]) -> str:
    """The system prompt for servers without json_schema: the schema is described in words."""
    return (f"{system}\n\nAnswer with one JSON object and nothing else. It must follow this "
            f"JSON schema:\n{_schema_text(answer)}")


@functools.cache
def _schema_text(answer: type[pydantic.BaseModel]) -> str:
    return json.dumps(answer.model_json_schema())
