"""Shared pytest fixtures: a scripted OpenAI-compatible server and a port nobody listens on."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.fakeserver import FakeLLMServer


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    """A running fake server on 127.0.0.1; script it with `fake_llm.script(Reply(...))`."""
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def refused_url() -> str:
    """A base URL on 127.0.0.1 whose port was free a moment ago, so connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
