"""Honest model status: the HUD says what the villagers think with and when the endpoint fails; Settings'
"Use now" switches only to an endpoint that answered; a load that changes the backend says so."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from game.llm import LLMSettings
from tests.fakeserver import FakeLLMServer, Reply, answer
from tests.test_ui_chat import Window, town
from tests.test_ui_keys import MORNING, open_chat, press


@pytest.fixture
def win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Window]:
    monkeypatch.setenv("TINYTOWN_HOME", str(tmp_path))
    monkeypatch.setenv("TINYTOWN_SETTINGS", str(tmp_path / "settings.json"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    window = Window(town(MORNING, overrides={"backend": "offline"}))
    window.frame(2)
    yield window
    pygame.quit()


def fill(win: Window, field: str, words: str) -> None:
    entry = win.game.settings.elements[field]
    entry.set_text("")
    win.click(entry.rect.center)
    win.type(words, enter=False)


def use_now(win: Window, base_url: str) -> None:
    settings = win.game.settings
    settings.elements["backend"].selected_option = ("openai", "openai")
    fill(win, "base_url", base_url)
    fill(win, "model", "test")
    win.click(settings.elements["apply"].rect.center)
    assert settings._test is not None
    settings._test.join(timeout=60)
    win.frame(3)


def test_use_now_against_a_dead_endpoint_says_so_and_keeps_the_brain(win: Window, refused_url: str) -> None:
    assert [w for w, _c in win.game.hud.status_lines] == ["Brain: offline rules", "thinking: 0"]
    press(win, pygame.K_o)
    use_now(win, refused_url)
    settings = win.game.settings
    assert not settings.result_ok and settings.result.startswith("Not switched")
    assert "offline rules" in settings.result
    assert win.sim.mind.brain.name == "offline" and win.runner.latest.model.backend == "offline"


def test_use_now_switches_after_a_good_test_and_the_hud_shows_fallbacks_when_the_server_dies(win: Window) -> None:
    def respond(body: dict) -> Reply:
        if "The player says" in body["messages"][-1]["content"]:
            return answer({"reply": "Fresh rolls today!", "impression": "a hungry visitor", "warmth": 1})
        return Reply(content="OK")

    server = FakeLLMServer(respond).start()
    try:
        press(win, pygame.K_o)
        use_now(win, server.base_url)
        assert win.game.settings.result_ok, win.game.settings.result
        assert win.sim.mind.brain.name.startswith("openai")
        press(win, pygame.K_ESCAPE)
        win.frame(2)
        assert win.game.hud.status_lines[0][0] == f"Brain: test at {server.base_url}"
        assert any("Villagers now think with test" in t for t in win.game.toasts.texts())
    finally:
        server.stop()  # the endpoint dies mid-game
    open_chat(win)
    win.type("Anything fresh today?")
    win.sim.mind.flush()
    win.frame(3)
    status = win.runner.latest.model
    assert status.fallbacks_hour >= 1 and server.base_url in status.failing
    words, colour = win.game.hud.status_lines[1]
    assert words.startswith("! ") and "fell back" in words and colour == (177, 62, 83)


def test_a_load_that_changes_the_backend_says_so(win: Window, fake_llm: FakeLLMServer, tmp_path: Path) -> None:
    from game.save.slots import install
    from game.sim.engine import Simulation
    from game.sim.setup import make_mind

    install(win.runner, lambda m: Simulation(m, agents=0, cast=[], mind=make_mind(overrides={"backend": "offline"})))
    press(win, pygame.K_F5)
    win.frame(2)
    llm = LLMSettings.from_sources({}, {}, {"backend": "openai", "base_url": fake_llm.base_url, "model": "test"})
    win.runner.send("configure_llm", llm=llm)
    win.frame(3)
    assert win.game.brain == f"test at {fake_llm.base_url}"
    before = win.sim
    press(win, pygame.K_F9)
    win.frame(3)
    assert win.sim is not before, "the quicksave was not loaded"
    assert any("Villagers now think with the offline rules (before: test at" in t for t in win.game.toasts.texts())
