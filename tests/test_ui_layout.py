"""The window at 800x600, 1280x720 and 1920x1080: no two panels overlap, everything stays on screen, and
every building in the build list can be reached and chosen (dummy video driver, posted events)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

import itertools
from pathlib import Path

import pygame
import pytest

from game.ui.overlays import HelpView
from game.ui.saves_view import SavesView
from tests.test_ui_chat import Window, town
from tests.test_ui_keys import MORNING, open_chat, press

SIZES = [(800, 600), (1280, 720), (1920, 1080)]


def assert_apart(rects: dict[str, pygame.Rect], screen: pygame.Rect) -> None:
    for name, rect in rects.items():
        assert screen.contains(rect), f"{name} {rect} is off the {screen.size} window"
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.colliderect(rb), f"{a} {ra} overlaps {b} {rb}"


def wheel(win: Window, pos: tuple[int, int], y: int) -> None:
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0,
                                         precise_y=float(y), touch=False, which=0))
    win.frame(1)


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def win(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TINYTOWN_HOME", str(tmp_path))
    window = Window(town(MORNING, overrides={"backend": "offline"}), size=request.param)
    window.frame(2)
    yield window
    pygame.quit()


def hud(win: Window) -> dict[str, pygame.Rect]:
    lay = win.view.layout
    return {"clock": lay.clock, "money": lay.money, "status": lay.status}


def test_toasts_keep_off_the_panels_and_the_field_being_typed_in(win: Window) -> None:
    view = win.view
    press(win, pygame.K_v)
    open_chat(win)
    for words in ("Saved to quicksave.tinytown", "Screenshot saved to " + "/a/long/folder/name" * 6 + "/shot.png"):
        win.game.toasts.add(words)
    win.frame(1)
    notes = win.game.toasts.drawn
    assert len(notes) == 2 and notes[0].y < notes[1].y, "the newest toast is not on top"
    panels = {**hud(win), "panel": view.panel.rect, "log": view.log.rect, "minimap": view.minimap.rect,
              "chat field": view.panel.chat.entry.rect}
    if win.screen.get_width() >= 1280:  # narrower, the toasts go over the top of the villager list
        panels["people"] = view.people.rect
    for (i, note), (name, rect) in itertools.product(enumerate(notes), panels.items()):
        assert win.screen.get_rect().contains(note) and not note.colliderect(rect), f"toast {i} covers {name}"


def test_the_town_panels_do_not_overlap(win: Window, tmp_path: Path) -> None:
    view = win.view
    screen = win.screen.get_rect()
    press(win, pygame.K_v)
    assert view.people.shown
    open_chat(win)
    assert_apart({**hud(win), "panel": view.panel.rect, "people": view.people.rect, "log": view.log.rect,
                  "minimap": view.minimap.rect}, screen)
    chat = view.panel.chat
    assert screen.contains(chat.entry.rect) and view.panel.rect.contains(chat.entry.rect)
    win.type("la " * 200, enter=False)  # the counter says the line will be cut, beside the key hint
    win.frame(1)
    assert not chat.counter_rect.colliderect(chat.hint_rect) and view.panel.rect.contains(chat.counter_rect)
    pygame.image.save(win.screen, str(tmp_path / f"chat-{screen.w}x{screen.h}.png"))
    press(win, pygame.K_ESCAPE)
    press(win, pygame.K_v)
    assert_apart({**hud(win), "log": view.log.rect, "minimap": view.minimap.rect}, screen)


def test_every_building_can_be_reached_and_chosen(win: Window) -> None:
    screen = win.screen.get_rect()
    press(win, pygame.K_v)
    press(win, pygame.K_b)
    win.frame(2)
    mayor = win.game.mayor
    assert_apart({**hud(win), "mayor": mayor.rect, "people": win.view.people.rect, "log": win.view.log.rect,
                  "minimap": win.view.minimap.rect}, screen)
    seen: dict[str, pygame.Rect] = {}
    for _ in range(len(mayor.catalog.types)):
        for rect, kind in mayor.rows:
            assert mayor.rect.contains(rect) and screen.contains(rect)
            seen.setdefault(kind, rect)
        wheel(win, mayor.rect.center, -1)
    assert set(seen) == set(mayor.catalog.types), f"out of reach: {set(mayor.catalog.types) - set(seen)}"
    last = list(mayor.catalog.types)[-1]
    row = next(r for r, k in mayor.rows if k == last)
    win.click(row.center)
    assert mayor.choice == last
    win.click(next(b for b in mayor.buttons if b.key == "tab:recruit").rect.center)
    button = next(b for b in mayor.buttons if b.key == "recruit").rect
    fields = [e.rect for e in mayor.entries.values()]
    assert all(mayor.rect.contains(r) for r in [button, *fields])
    assert_apart({"button": button, **{f"field{i}": r for i, r in enumerate(fields)},
                  "message": mayor.message_rect}, mayor.rect)
    win.click(next(b for b in mayor.buttons if b.key == "tab:ledger").rect.center)
    win.frame(1)


def test_help_saves_and_settings_fit_the_window(win: Window) -> None:
    screen = win.screen.get_rect()
    press(win, pygame.K_h)
    assert isinstance(win.game.stack.top, HelpView) and screen.contains(win.game.stack.top.rect)
    press(win, pygame.K_h)
    press(win, pygame.K_F2)
    saves = win.game.stack.top
    assert isinstance(saves, SavesView)
    assert saves.cards and all(screen.contains(r) for r, _slot in saves.cards)
    assert all(screen.contains(b.rect) for b in saves.buttons)
    press(win, pygame.K_ESCAPE)
    press(win, pygame.K_o)
    settings = win.game.settings
    assert screen.contains(settings.rect)
    assert all(screen.contains(e.rect) for e in settings.elements.values())


def test_the_window_cannot_be_made_smaller_than_the_layout_holds() -> None:
    """Seen in a play test: shrunk to 640x480, the HUD's Mayor button was cut off."""
    import warnings

    from game.ui.app import MIN_WINDOW, open_window

    open_window((1280, 720))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        window = pygame.Window.from_display_module()
    assert tuple(window.minimum_size) == MIN_WINDOW == (800, 600)
    window.size = (640, 480)  # what a user's drag asks for
    assert window.size[0] >= 800 and window.size[1] >= 600
    pygame.quit()
