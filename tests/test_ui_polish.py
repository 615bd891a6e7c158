"""The smaller things a player notices: toasts that fade, F12 names its file, the speed button for max
lights, Esc on the town pauses under a menu, log lines read in full on hover, bubbles in a crowd do not
cover each other, memories show their day, coins per day without mayor mode, glyphs the pixel font
lacks are drawn from a fallback font (dummy video driver)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from game.ui.lettering import font, render_text
from game.ui.overlays import ChoiceView
from game.ui.widgets import INK, forget_surfaces
from tests.test_ui_chat import Window, town
from tests.test_ui_keys import MORNING, open_chat, press


@pytest.fixture
def win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Window]:
    monkeypatch.setenv("TINYTOWN_HOME", str(tmp_path))
    window = Window(town(MORNING, overrides={"backend": "offline"}))
    window.frame(2)
    yield window
    pygame.quit()


def test_f12_names_its_file_in_a_toast_that_fades(win: Window, tmp_path: Path, monkeypatch) -> None:
    press(win, pygame.K_F12)
    shots = list((tmp_path / "screenshots").glob("*.png"))
    assert len(shots) == 1
    assert any(shots[0].name in t for t in win.game.toasts.texts())
    words, colour, born = win.game.toasts.items[-1]
    win.game.toasts.items[-1] = (words, colour, born - 60)  # a minute later
    win.frame(1)
    assert win.game.toasts.texts() == []


def test_the_max_speed_button_lights(win: Window) -> None:
    press(win, pygame.K_5)
    win.frame(2)
    lit = [b.key for b in win.game.hud.buttons if b.active]
    assert win.sim.clock.speed == "max" and lit == ["speed:max"]


def test_esc_on_the_town_pauses_under_a_menu_and_resume_goes_on(win: Window) -> None:
    win.runner.send("speed", speed="2x")
    win.frame(2)
    press(win, pygame.K_ESCAPE)
    assert isinstance(win.game.stack.top, ChoiceView) and win.sim.clock.speed == "pause" and win.game.running
    press(win, pygame.K_ESCAPE)
    win.frame(1)
    assert win.game.stack.top is win.view and win.sim.clock.speed == "2x"
    press(win, pygame.K_ESCAPE)
    quit_button = next(b for b in win.game.stack.top.buttons if b.key == "quit")
    win.click(quit_button.rect.center)
    assert not win.game.running


def test_a_long_log_line_reads_in_full_on_hover(win: Window) -> None:
    long = "Rosa Delgado and Tomas Delgado talked about " + "the harvest festival and the bakery " * 3 + "END"
    win.sim.log("conversation", long, (3, 3))
    win.frame(2)
    row = next(r for r, e in win.view.log.rows if e.text == long)
    pygame.mouse.set_pos(row.center)
    win.frame(1)
    assert " ".join(win.view.log.tip).endswith("END") and long.split()[0] in win.view.log.tip[0]


def test_bubbles_in_a_crowd_do_not_cover_each_other(win: Window) -> None:
    sim = win.sim
    a, b, c, d = sim.villagers[:4]
    for v in (b, c, d):
        v.tile = v.prev_tile = a.tile
    for one, two in ((a, b), (c, d)):
        conv = sim.mind.start_conversation(sim, one, two)
        conv.lines.append((one.vid, f"{one.name} has a lot to say about bread today."))
    win.runner.publish()
    win.look_at(a.vid)
    win.frame(1)
    bubbles = win.view.bubbles
    assert len(bubbles) >= 2
    assert all(not x.colliderect(y) for i, x in enumerate(bubbles) for y in bubbles[i + 1:])


def test_memory_search_results_show_the_day(win: Window) -> None:
    open_chat(win)
    win.type("I love the bakery on the corner")
    win.click(next(b for b in win.view.panel.buttons if b.key == "mind").rect.center)
    win.click(win.view.panel.mind.search.rect.center)
    win.type("bakery")
    results = win.view.panel.mind.results
    assert results and all(m.day == 1 for m in results)


def test_coins_per_day_come_without_mayor_mode(win: Window) -> None:
    win.sim.components["economy"].ledger.clear()
    win.frame(2)
    assert not win.game.mayor.open and "day_income" in win.game.info


def test_glyphs_the_pixel_font_lacks_come_from_a_fallback_font() -> None:
    pygame.display.init()
    pygame.font.init()
    forget_surfaces()
    try:
        for ch in ("中", "ж", "😀"):
            boxed = font(16).render(ch, False, INK)  # the pixel font draws its missing-glyph box
            drawn = render_text(ch, 16, INK)
            assert pygame.image.tobytes(boxed, "RGBA") != pygame.image.tobytes(drawn, "RGBA"), ch
        assert render_text("plain words", 16, INK).get_size() == font(16).render("plain words", False, INK).get_size()
    finally:
        pygame.quit()
