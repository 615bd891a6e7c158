"""The town behind LiteLLM's proxy: the proxy (from PyPI, started offline) routes the town's requests
over two scripted servers, and structured output passes through unchanged."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pydantic
import pytest

import game.llm as llm
from game.llm import Endpoint, Ledger, LLMSettings, Request
from tests.fakeserver import FakeLLMServer, answer

MASTER_KEY = "sk-tinytown-test-4f0c2a9e7b1d46e8a3c5f9b2d7e1a6c4"
START_LIMIT_S = 240  # the proxy imports a great deal; on two busy cores that takes a while


class Place(pydantic.BaseModel):
    name: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _config(first: str, second: str) -> str:
    """Both scripted servers serve the model the town asks for; the proxy shuffles between them."""
    deployments = "".join(
        f"  - model_name: town-model\n"
        f"    litellm_params: {{model: openai/fake-model, api_base: \"{url}\", api_key: not-needed}}\n"
        for url in (first, second))
    return (f"model_list:\n{deployments}"
            "router_settings:\n  routing_strategy: simple-shuffle\n"
            "litellm_settings:\n  telemetry: false\n  drop_params: false\n")


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[tuple[str, FakeLLMServer, FakeLLMServer, Path]]:
    with FakeLLMServer(lambda body: answer({"name": "cafe"})) as first, \
            FakeLLMServer(lambda body: answer({"name": "park"})) as second:
        config = tmp_path / "litellm.yaml"
        config.write_text(_config(first.base_url, second.base_url), encoding="utf-8")
        port = _free_port()
        refused = _free_port()
        env = {**os.environ,
               "LITELLM_MASTER_KEY": MASTER_KEY,
               "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # the model price list ships with the package
               "LITELLM_TELEMETRY": "False",
               # Anything that tried to reach beyond this machine would fail at once, and show in the log.
               "HTTP_PROXY": f"http://127.0.0.1:{refused}", "HTTPS_PROXY": f"http://127.0.0.1:{refused}",
               "NO_PROXY": "127.0.0.1,localhost"}
        log = tmp_path / "litellm.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "litellm.proxy.proxy_cli", "--config", str(config),
                 "--host", "127.0.0.1", "--port", str(port), "--num_workers", "1"],
                env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path)
            try:
                _wait_until_live(server, port, log)
                yield f"http://127.0.0.1:{port}/v1", first, second, log
            finally:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait(timeout=30)


def _wait_until_live(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the LiteLLM proxy exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/liveliness", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)  # polling for the proxy to come up, not timing anything
    raise AssertionError(f"the LiteLLM proxy did not start within {START_LIMIT_S} s:\n{log.read_text()[-3000:]}")


@pytest.mark.slow
def test_the_town_thinks_through_litellms_proxy(proxy: tuple[str, FakeLLMServer, FakeLLMServer, Path]) -> None:
    url, first, second, log = proxy
    settings = LLMSettings(backend="openai", endpoints=(Endpoint(url, "town-model", api_key=MASTER_KEY),),
                           cache=False, timeout_s=30, concurrency=8)
    ledger = Ledger()
    brain = llm.make_brain(settings, ledger)
    with llm.BrainPool(brain) as pool:
        futures = [pool.submit(Request(step="converse", agent=f"Villager {i}", system="You are a villager.",
                                       prompt=f"Question {i}: where now?", answer=Place,
                                       offline=lambda: Place(name="home"))) for i in range(24)]
        answers = [future.result(timeout=120) for future in futures]
    assert {a.source for a in answers} == {"model"}
    assert {a.value.name for a in answers} == {"cafe", "park"}  # the proxy spread the requests over both
    assert len(first.chat_requests) + len(second.chat_requests) == 24
    sent = first.chat_requests[0]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"] == Place.model_json_schema()
    assert sent["messages"][0] == {"role": "system", "content": "You are a villager."}
    report = ledger.report(brain.name, 1.0)
    assert (report["calls"], report["errors"], report["fallbacks"]) == (24, 0, 0)
    text = log.read_text()
    assert "Failed to fetch" not in text and "fetch attempt" not in text  # it started without the internet
    assert MASTER_KEY not in text
