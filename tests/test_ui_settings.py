"""The settings screen, the observer's tools and the help, driven through the real window (dummy driver)."""

from __future__ import annotations

import json
import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

from pathlib import Path

import pygame
import pytest

from game.save import save_town
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.setup import make_mind
from game.ui.overlays import HelpView
from game.world.tilemap import TILE, TownMap
from tests.fakeserver import FakeLLMServer, Reply
from tests.test_ui_chat import Window


@pytest.fixture
def window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Window:
    monkeypatch.setenv("TINYTOWN_SETTINGS", str(tmp_path / "settings.json"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    sim = Simulation(TownMap(DEFAULT_MAP), agents=4, seed=1, mind=make_mind(overrides={"backend": "offline"}))
    sim.run_steps(2400)
    return Window(sim)


def fill(window: Window, field: str, words: str) -> None:
    entry = window.game.settings.elements[field]
    entry.set_text("")
    window.game.ui.set_focus_set(entry)
    window.type(words, enter=False)


def press(window: Window, button: str) -> None:
    window.click(window.game.settings.elements[button].rect.center)


def test_settings_test_the_connection_save_without_the_key_and_use_now(
        window: Window, fake_llm: FakeLLMServer, tmp_path: Path) -> None:
    window.key(pygame.K_o)
    settings = window.game.settings
    assert settings.shown
    settings.elements["backend"].selected_option = ("openai", "openai")
    fill(window, "base_url", fake_llm.base_url)
    fill(window, "model", "test")
    fill(window, "api_key", "sk-very-secret-123")
    assert window.sim.clock.speed == "pause"  # typing 'test' did not touch the town
    fake_llm.script(Reply(content="OK"))
    press(window, "test")
    assert settings._test is not None
    settings._test.join(timeout=30)
    window.frame(2)
    assert settings.result_ok, settings.result
    assert "Connected" in settings.result and "test" in settings.result
    assert fake_llm.authorizations[-1] == "Bearer sk-very-secret-123"
    pygame.image.save(window.screen, str(tmp_path / "settings.png"))
    press(window, "save")
    saved = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert "sk-very-secret" not in saved
    data = json.loads(saved)
    assert data["llm"]["backend"] == "openai" and data["llm"]["endpoints"][0]["model"] == "test"
    assert data["window"]["width"] == 1280
    fake_llm.script(Reply(content="OK"))
    press(window, "apply")  # "Use now" tests the endpoint first, then switches
    settings._test.join(timeout=30)
    window.frame(3)
    assert window.sim.mind.brain.name.startswith("openai") and "test" in settings.result
    saved_town = save_town(window.sim, tmp_path / "town.json")
    assert b"sk-very-secret" not in Path(saved_town).read_bytes()  # the typed key never reaches a save
    window.key(pygame.K_ESCAPE)
    assert not settings.shown and settings.elements == {}


def test_a_bad_endpoint_gives_a_one_line_message_and_the_game_goes_on(window: Window) -> None:
    window.key(pygame.K_o)
    settings = window.game.settings
    settings.elements["backend"].selected_option = ("openai", "openai")
    fill(window, "base_url", "ftp://nowhere")
    fill(window, "model", "x")
    press(window, "test")
    assert not settings.result_ok and "base_url" in settings.result and "\n" not in settings.result
    press(window, "close")
    assert not settings.shown
    window.frame(2)
    assert window.game.running


def test_observer_list_log_minimap_and_help(window: Window) -> None:
    view = window.view
    window.key(pygame.K_v)
    assert view.people.shown and view.people.rows
    row, vid = view.people.rows[2]
    window.click(row.center)
    assert view.selected == vid and view.follow and view.panel.tab == "mind"
    assert not window.sim.villagers[vid].chatting_with_player
    window.key(pygame.K_ESCAPE)
    window.sim.log("conversation", "Somebody said something at the far corner.", (3, 3))
    window.frame(2)
    row = next(r for r, e in view.log.rows if e.tile == (3, 3))
    window.click(row.center)
    assert not view.follow
    sw = window.screen.get_width()
    half_w = sw / (2 * view.camera.zoom)
    assert view.camera.x == pytest.approx(max(3 * TILE + 8, half_w))
    inner = view.minimap.rect.inflate(-20, -20)
    window.click((inner.right - 2, inner.bottom - 2))
    assert view.camera.x > view.renderer.width / 2 and view.camera.y > view.renderer.height / 2
    window.key(pygame.K_h)
    assert isinstance(window.game.stack.top, HelpView)
    window.key(pygame.K_ESCAPE)
    assert window.game.stack.top is view


def test_speech_bubbles_show_what_villagers_say(window: Window) -> None:
    sim = window.sim
    a, b = sim.villagers[0], sim.villagers[1]
    conv = sim.mind.start_conversation(sim, a, b)
    conv.lines.append((a.vid, "Have you tried the new cinnamon buns?"))
    window.runner.publish()
    window.look_at(a.vid)
    assert window.runner.latest.villagers[a.vid].bubble == "Have you tried the new cinnamon buns?"
    x, y = window.screen_pos(a.vid)
    above = window.screen.subsurface(pygame.Rect(x - 60, y - 120, 120, 90)).copy()
    paper = sum(1 for px in range(0, 120, 4) for py in range(0, 90, 4) if above.get_at((px, py))[:3] == (244, 244, 244))
    assert paper > 20  # the bubble's paper is drawn above the speaker
