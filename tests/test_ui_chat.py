"""The player's side driven through the real window with posted pygame events (dummy video driver)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

from collections.abc import Iterator
from concurrent.futures import wait
from pathlib import Path

import pygame
import pytest

from game.agents.chat import PLAYER
from game.llm import LLMSettings
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.runner import Runner
from game.sim.setup import make_mind
from game.ui.app import Game, open_window
from game.world.tilemap import TILE, TownMap
from tests.fakeserver import FakeLLMServer, Reply, answer

AFTERNOON = 2300  # steps: Day 1, 12:23 (Rosa at work, on a tile of her own)


class Window:
    """A TownView on a paused runner whose commands the test applies between frames (no thread)."""

    def __init__(self, sim: Simulation, size: tuple[int, int] = (1280, 720)) -> None:
        self.sim = sim
        self.screen = open_window(size)
        self.runner = Runner(sim, speed="pause")
        self.game = Game(self.screen, self.runner, zoom=2)
        self.view = self.game.town

    def frame(self, count: int = 1) -> None:
        for _ in range(count):
            self.runner.drain()
            self.runner.publish()
            self.game.frame(1 / 60)
            self.runner.drain()
            self.runner.publish()
            if self.game.saver.loaded:  # as the window's loop does (game/ui/app.py run)
                self.game.saver.loaded = False
                self.game = self.game.after_load()
                self.view, self.sim = self.game.town, self.runner.sim

    def look_at(self, vid: int) -> None:
        v = self.sim.villagers[vid]
        self.view.camera.x, self.view.camera.y = v.tile[0] * TILE, v.tile[1] * TILE
        self.view.follow = False
        self.frame()

    def screen_pos(self, vid: int) -> tuple[int, int]:
        for v, fx, fy, _frame in self.view.visible:
            if v.vid == vid:
                return self.view.camera.world_to_screen(fx, fy - 10, *self.screen.get_size())
        raise AssertionError(f"villager {vid} is not on screen")

    def click(self, pos: tuple[int, int]) -> None:
        pygame.mouse.set_pos(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.frame(2)

    def type(self, words: str, enter: bool = True) -> None:
        for ch in words:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        if enter:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r",
                                                 scancode=40))
        self.frame(3)

    def key(self, key: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        self.frame(2)

    def replies(self) -> list[str]:
        return [line.text for line in self.view.panel.chat.lines if line.who == "villager"]


def town(steps: int = AFTERNOON, **mind: object) -> Simulation:
    sim = Simulation(TownMap(DEFAULT_MAP), agents=4, seed=1, mind=make_mind(**mind))  # type: ignore[arg-type]
    sim.run_steps(steps)
    return sim


@pytest.fixture
def window() -> Iterator[Window]:
    win = Window(town(overrides={"backend": "offline"}))
    yield win
    pygame.quit()


def test_click_a_villager_talk_and_they_remember(window: Window, tmp_path: Path) -> None:
    window.look_at(0)
    window.click(window.screen_pos(0))
    panel = window.view.panel
    rosa = window.sim.villagers[0]
    assert panel.vid == 0 and panel.tab == "chat" and panel.chat.first_name == "Rosa"
    assert rosa.chatting_with_player
    window.type("Hello! What are you doing today?")
    replies = window.replies()
    assert len(replies) == 1 and "Rosa" in replies[0] and "Right now I'm" in replies[0]
    words = [n.description for n in window.sim.mind.minds[0].memory.nodes if n.subject == PLAYER]
    assert any("What are you doing today?" in w for w in words)
    window.type("Do you know Tomas?")
    assert "husband" in window.replies()[-1]
    pygame.image.save(window.screen, str(tmp_path / "chat.png"))
    window.key(pygame.K_ESCAPE)
    assert panel.vid is None and not rosa.chatting_with_player


def test_typing_in_the_chat_does_not_drive_the_town(window: Window) -> None:
    window.look_at(0)
    window.click(window.screen_pos(0))
    speed = window.sim.clock.speed
    window.type("1 2 3 space + - hhh", enter=False)
    assert window.sim.clock.speed == speed and window.game.stack.top is window.view
    assert window.view.panel.chat.entry.get_text() == "1 2 3 space + - hhh"
    for _ in range(len(" hhh")):
        window.key(pygame.K_BACKSPACE)
    window.key(pygame.K_LEFT)
    window.type("é", enter=False)
    assert window.view.panel.chat.entry.get_text() == "1 2 3 space + é-"
    window.type("", enter=True)
    assert window.replies()  # the typed line was sent on Enter
    said = [n.description for n in window.sim.mind.minds[0].memory.nodes if n.subject == PLAYER]
    assert any("1 2 3 space + é-" in s for s in said)


def test_long_messages_are_cut_with_a_notice_and_empty_ones_ignored(window: Window) -> None:
    window.look_at(0)
    window.click(window.screen_pos(0))
    window.type("   ")
    assert window.view.panel.chat.lines == []
    window.type("la " * 200)
    notices = [line.text for line in window.view.panel.chat.lines if line.who == "notice"]
    assert notices and "500" in notices[0]
    said = [n.description for n in window.sim.mind.minds[0].memory.nodes if n.subject == PLAYER]
    assert max(len(s) for s in said) < 560


def test_clicking_empty_ground_closes_the_chat_and_frees_the_villager(window: Window) -> None:
    window.look_at(0)
    window.click(window.screen_pos(0))
    assert window.sim.villagers[0].chatting_with_player
    window.click((300, 200))
    assert window.view.panel.vid is None and not window.sim.villagers[0].chatting_with_player


def test_whisper_changes_the_next_plan_and_the_inspector_shows_it(window: Window, tmp_path: Path) -> None:
    window.look_at(1)
    window.click(window.screen_pos(1))
    panel = window.view.panel
    window.click(next(b for b in panel.buttons if b.key == "mind").rect.center)
    window.frame(2)
    assert panel.tab == "mind"
    assert not window.sim.villagers[1].chatting_with_player  # inspecting does not stop them
    view = panel.mind.view
    assert view is not None and view.name == window.sim.villagers[1].name
    assert [p.activity for p in view.plan] == [i.activity for i in window.sim.villagers[1].plan.items]
    window.game.ui.set_focus_set(panel.mind.whisper)
    window.type("You want to run for mayor")
    panel.mind._asked = 0.0
    window.frame(2)
    assert any("mayor" in p.activity for p in panel.mind.view.plan)
    assert "mayor" in panel.mind.view.on_mind
    window.game.ui.set_focus_set(panel.mind.search)
    window.type("mayor")
    assert panel.mind.results and any("mayor" in m.text for m in panel.mind.results)
    pygame.image.save(window.screen, str(tmp_path / "mind.png"))


def test_chat_through_an_openai_compatible_server(fake_llm: FakeLLMServer) -> None:
    def respond(body: dict) -> Reply:
        prompt = body["messages"][-1]["content"]
        if "The player says" in prompt:
            return answer({"reply": "Oh hello, stranger! Fancy a cinnamon bun?", "impression": "a curious visitor",
                           "warmth": 1})
        return Reply(status=400, error="only chat is scripted")

    fake_llm.responder = respond
    win = Window(town(overrides={"backend": "offline"}))
    try:
        llm = LLMSettings.from_sources({}, {}, {"backend": "openai", "base_url": fake_llm.base_url, "model": "test"})
        win.runner.send("configure_llm", llm=llm)
        win.look_at(0)
        win.click(win.screen_pos(0))
        win.type("Hi Rosa, what's good here?")
        chat = win.view.panel.chat
        assert chat.waiting == 1 and win.replies() == []  # the game goes on while the model thinks
        assert win.runner.latest.villagers[0].thinking
        mind = win.sim.mind
        wait([f for f, _ in mind.pending], timeout=30)
        mind.collect()
        win.frame(2)
        assert win.replies() == ["Oh hello, stranger! Fancy a cinnamon bun?"]
        assert mind.minds[0].relations[PLAYER].impression == "a curious visitor"
        sent = [r for r in fake_llm.chat_requests if "The player says" in r["messages"][-1]["content"]]
        assert len(sent) == 1 and "what's good here?" in sent[0]["messages"][-1]["content"]
        # Closing mid-answer: the late answer is dropped and nobody stays stuck.
        win.type("And what about tomorrow?")
        win.key(pygame.K_ESCAPE)
        wait([f for f, _ in mind.pending], timeout=30)
        mind.collect()
        win.frame(2)
        assert win.view.panel.vid is None and not win.sim.villagers[0].chatting_with_player
        assert len(win.replies()) == 1
    finally:
        pygame.quit()


def test_coming_back_to_a_villager_shows_the_last_talk_they_remember(window: Window) -> None:
    """The panel is empty after talking to someone else or loading; what the villager remembers fills it."""
    window.look_at(0)
    window.click(window.screen_pos(0))
    window.type("Hello Rosa, where can I buy bread?")
    answer = window.replies()[-1]
    window.key(pygame.K_ESCAPE)
    window.look_at(1)
    window.click(window.screen_pos(1))
    assert window.view.panel.vid == 1 and window.view.panel.chat.lines == []  # never talked with them
    window.key(pygame.K_ESCAPE)
    window.look_at(0)
    window.click(window.screen_pos(0))
    window.frame(2)
    lines = [(line.who, line.text) for line in window.view.panel.chat.lines]
    assert lines == [("notice", "Last time you talked:"), ("player", "Hello Rosa, where can I buy bread?"),
                     ("villager", answer)]
