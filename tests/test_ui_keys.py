"""Every key of the keymap typed into every text field, as SDL sends it (KEYDOWN, TEXTINPUT, KEYUP):
the text arrives and no action fires, but the function keys (which type nothing) keep their jobs. Plus
the focus rules a player meets: clicks keep focus, the key that opens a panel does not type itself,
drafts stay with their villager, the recruit form moves with Tab and Enter (dummy video driver, posted
events)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

from collections.abc import Iterator
from pathlib import Path

import pygame
import pygame_gui
import pytest

from game.save.slots import install
from game.sim.engine import RoutineMind, Simulation
from game.ui.keymap import FUNCTION_KEYS, KEYMAP
from game.ui.mayor_view import MayorView
from game.ui.overlays import HelpView
from game.ui.saves_view import Saver, SavesView
from game.ui.settings_view import SettingsView
from tests.test_ui_chat import Window, town

MORNING = 60  # steps: Day 1, 06:10 (the afternoon town of test_ui_chat costs 2400 steps; these tests need none of it)
# Keys with a job inside a field: Esc leaves, Enter sends, Tab moves between fields. Everything else types.
FIELD_KEYS = {pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_TAB}
CHARS = {pygame.K_SPACE: " ", pygame.K_PLUS: "+", pygame.K_EQUALS: "=", pygame.K_KP_PLUS: "+",
         pygame.K_MINUS: "-", pygame.K_KP_MINUS: "-"}


def char_of(key: int) -> str:
    """The text SDL sends with a key ('' for F-keys and arrows)."""
    if key in CHARS:
        return CHARS[key]
    name = pygame.key.name(key)
    return name if len(name) == 1 else ""


def sweep_keys() -> list[tuple[int, int]]:
    """(key, mod) for every key in the keymap except the field keys and F1-F12, each once."""
    seen: set[tuple[int, int]] = set()
    out = []
    for binding in KEYMAP:
        mod = pygame.KMOD_LSHIFT if binding.shift else 0
        for key in binding.keys:
            if key not in FIELD_KEYS | FUNCTION_KEYS and (key, mod) not in seen:
                seen.add((key, mod))
                out.append((key, mod))
    return out


def press(win: Window, key: int, mod: int = 0, text: str | None = None) -> None:
    """One key as SDL emits it: KEYDOWN, then TEXTINPUT when it makes a character, then KEYUP."""
    ch = char_of(key) if text is None else text
    if mod & pygame.KMOD_SHIFT:
        ch = ch.upper()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=ch, scancode=0))
    if ch:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=ch, scancode=0))
    win.frame(1)


def town_state(win: Window, home: Path) -> tuple:
    """Everything a hotkey could change, in one comparable value."""
    view = win.view
    files = tuple(sorted(p.name for p in home.rglob("*") if p.is_file()))
    return (tuple(id(v) for v in win.game.stack.views), win.sim.clock.speed, view.camera.zoom, view.selected,
            view.follow, view.panel.vid, view.panel.tab, view.people.shown, view.log.shown, view.minimap.shown,
            view.renderer.show_roofs, win.game.mayor.open, win.game.mayor.tab, win.game.settings.shown, files)


@pytest.fixture
def win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Window]:
    monkeypatch.setenv("TINYTOWN_HOME", str(tmp_path))
    monkeypatch.setenv("TINYTOWN_SETTINGS", str(tmp_path / "settings.json"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    window = Window(town(MORNING, overrides={"backend": "offline"}))
    window.game.saver = Saver(window.runner, folder=tmp_path)
    window.runner.send("speed", speed="2x")
    window.frame(2)
    yield window
    pygame.quit()


def open_chat(win: Window, vid: int = 0) -> None:
    win.look_at(vid)
    win.click(win.screen_pos(vid))
    assert win.view.panel.vid == vid and win.view.panel.tab == "chat"


def sweep(win: Window, field: pygame_gui.elements.UITextEntryLine, home: Path) -> None:
    """Click the field, type every keymap key into it; after each key nothing else has changed."""
    field.set_text("")
    win.click(field.rect.center)
    assert win.game.stack.typing() is field, "a click on the field gives it the keys"
    before = town_state(win, home)
    typed = ""
    for key, mod in sweep_keys():
        press(win, key, mod)
        ch = char_of(key)
        typed += ch.upper() if mod & pygame.KMOD_SHIFT else ch
        assert town_state(win, home) == before, f"{pygame.key.name(key)} fired an action while typing"
        assert win.game.stack.typing() is field, f"{pygame.key.name(key)} took the focus away"
        if not ch:
            press(win, pygame.K_END)  # an arrow moved the cursor: type on at the end
    assert field.get_text() == typed


def test_every_keymap_key_types_into_the_chat_whisper_and_search_fields(win: Window, tmp_path: Path) -> None:
    open_chat(win)
    panel = win.view.panel
    sweep(win, panel.chat.entry, tmp_path)
    win.click(next(b for b in panel.buttons if b.key == "mind").rect.center)
    assert panel.tab == "mind"
    sweep(win, panel.mind.whisper, tmp_path)
    sweep(win, panel.mind.search, tmp_path)


def test_every_keymap_key_types_into_the_recruit_and_settings_fields(win: Window, tmp_path: Path) -> None:
    press(win, pygame.K_b)
    mayor = win.game.mayor
    assert isinstance(win.game.stack.top, MayorView)
    win.click(next(b for b in mayor.buttons if b.key == "tab:recruit").rect.center)
    for key in ("name", "bio", "goal"):
        sweep(win, mayor.entries[key], tmp_path)
    press(win, pygame.K_ESCAPE)
    assert not mayor.open and win.game.stack.top is win.view
    press(win, pygame.K_o)
    settings = win.game.settings
    assert isinstance(win.game.stack.top, SettingsView)
    for key in ("base_url", "model", "embedding_model", "api_key"):
        sweep(win, settings.elements[key], tmp_path)


def test_the_key_that_opens_the_chat_does_not_type_itself(win: Window) -> None:
    open_chat(win, 1)
    press(win, pygame.K_ESCAPE)
    assert win.view.panel.vid is None
    win.view.selected = 1  # selected but the panel closed: C opens the chat
    press(win, pygame.K_c)
    assert win.view.panel.tab == "chat" and win.game.stack.typing() is win.view.panel.chat.entry
    assert win.view.panel.chat.entry.get_text() == ""
    press(win, pygame.K_b)
    assert win.view.panel.chat.entry.get_text() == "b" and not win.game.mayor.open


def test_a_click_in_the_chat_panel_keeps_the_focus(win: Window) -> None:
    open_chat(win)
    chat = win.view.panel.chat
    for ch in "hi b":
        press(win, pygame.key.key_code(ch) if ch != " " else pygame.K_SPACE)
    win.click(chat._log_rect.center)  # the conversation area
    win.click((win.view.panel.rect.x + 30, win.view.panel.rect.y + 30))  # the portrait
    for ch in "ob":
        press(win, pygame.key.key_code(ch))
    assert chat.entry.get_text() == "hi bob" and not win.game.mayor.open
    assert win.game.stack.typing() is chat.entry


def test_drafts_stay_with_their_villager(win: Window) -> None:
    open_chat(win, 0)
    win.type("half a thought for Rosa", enter=False)
    win.click(next(b for b in win.view.panel.buttons if b.key == "mind").rect.center)
    win.click(win.view.panel.mind.whisper.rect.center)
    win.type("you want to bake bread", enter=False)
    press(win, pygame.K_ESCAPE)
    open_chat(win, 1)
    assert win.view.panel.chat.entry.get_text() == ""
    win.click(next(b for b in win.view.panel.buttons if b.key == "mind").rect.center)
    assert win.view.panel.mind.whisper.get_text() == ""
    press(win, pygame.K_ESCAPE)
    open_chat(win, 0)
    assert win.view.panel.chat.entry.get_text() == "half a thought for Rosa"
    win.click(next(b for b in win.view.panel.buttons if b.key == "mind").rect.center)
    assert win.view.panel.mind.whisper.get_text() == "you want to bake bread"


def test_the_saves_screen_has_its_own_focus(win: Window, tmp_path: Path) -> None:
    open_chat(win)
    win.click(win.view.log.rect.move(20, 8).topleft)  # a click outside the panel takes the keys back
    press(win, pygame.K_F2)
    assert isinstance(win.game.stack.top, SavesView)
    assert win.game.stack.typing() is None and not win.view.panel.chat.entry.visible
    win.type("bob", enter=False)
    assert win.view.panel.chat.entry.get_text() == ""
    press(win, pygame.K_ESCAPE)
    assert win.game.stack.top is win.view and win.view.panel.chat.entry.visible
    win.click(win.view.panel.chat._log_rect.center)  # a click in the panel gives the keys back to the chat
    win.type("back", enter=False)
    assert win.view.panel.chat.entry.get_text() == "back" and not win.game.mayor.open


def test_the_recruit_form_moves_with_tab_and_enter_and_refuses_a_taken_first_name(win: Window) -> None:
    press(win, pygame.K_b)
    mayor = win.game.mayor
    win.click(next(b for b in mayor.buttons if b.key == "tab:recruit").rect.center)
    typing = win.game.stack.typing
    assert typing() is mayor.entries["name"], "the form starts in the name field"
    win.type("Rosa Vance", enter=False)
    press(win, pygame.K_TAB)
    assert typing() is mayor.entries["bio"]
    press(win, pygame.K_TAB, pygame.KMOD_LSHIFT)
    assert typing() is mayor.entries["name"]
    press(win, pygame.K_RETURN)
    win.frame(1)
    assert typing() is mayor.entries["bio"]
    win.type("A baker from the coast.", enter=True)
    assert typing() is mayor.entries["goal"]
    win.type("open a bakery", enter=False)
    win.view.snap = win.runner.latest
    win.click(mayor.home_rows[0][0].center)
    win.click(next(b for b in mayor.buttons if b.key == "recruit").rect.center)
    win.frame(2)
    assert not mayor.message_ok and "Rosa Delgado already lives here" in mayor.message
    assert len(win.sim.villagers) == 4
    win.click(mayor.entries["name"].rect.center)
    press(win, pygame.K_ESCAPE)
    assert not mayor.open and win.game.stack.top is win.view


def test_clicks_on_the_recruit_form_and_settings_keep_the_typing(win: Window) -> None:
    press(win, pygame.K_b)
    mayor = win.game.mayor
    win.click(next(b for b in mayor.buttons if b.key == "tab:recruit").rect.center)
    goal = mayor.entries["goal"]
    win.click(goal.rect.center)
    win.type("bake", enter=False)
    win.click((mayor.rect.x + 30, mayor.rect.y + 20))  # the panel's title
    win.click(mayor.home_rows[-1][0].center)  # choosing a home
    win.type("bread", enter=False)
    assert goal.get_text() == "bakebread" and win.game.stack.typing() is goal and mayor.open
    press(win, pygame.K_ESCAPE)
    press(win, pygame.K_o)
    settings = win.game.settings
    model = settings.elements["model"]
    win.click(model.rect.center)
    win.type("llama", enter=False)
    win.click((settings.rect.x + 30, settings.rect.bottom - 30))  # empty panel
    win.type("3b", enter=False)
    assert model.get_text() == "llama3b" and win.game.stack.typing() is model and settings.shown


def test_a_field_emptied_by_enter_shows_only_what_is_typed_next(win: Window) -> None:
    open_chat(win)
    win.type("hello there")
    win.type("xyz", enter=False)
    shown = win.view.panel.chat.entry.drawable_shape.text_box_layout.plain_text
    assert shown == "xyz", "the placeholder crept into the typing"
    win.click(next(b for b in win.view.panel.buttons if b.key == "mind").rect.center)
    whisper = win.view.panel.mind.whisper
    win.click(whisper.rect.center)
    win.type("you love bread")
    win.type("abc", enter=False)
    assert whisper.drawable_shape.text_box_layout.plain_text == "abc"


def test_function_keys_act_while_typing_and_the_field_keeps_its_text(win: Window, tmp_path: Path) -> None:
    assert {b.keys[-1] for b in KEYMAP if b.keys[-1] in FUNCTION_KEYS} == {
        pygame.K_F1, pygame.K_F2, pygame.K_F5, pygame.K_F9, pygame.K_F12}, "a new F-key needs a line here"
    install(win.runner, lambda m: Simulation(m, agents=0, cast=[], mind=RoutineMind()))  # as main.py does
    open_chat(win)
    win.type("half a sentence", enter=False)

    def still_typing() -> None:
        entry = win.view.panel.chat.entry  # after a load, the window's views are new ones
        assert win.game.stack.typing() is entry and entry.get_text() == "half a sentence"
        assert win.view.panel.vid == 0 and win.view.panel.tab == "chat"

    press(win, pygame.K_F5)  # quicksave
    win.frame(2)
    assert (tmp_path / "quicksave.tinytown").exists() and any("quicksave" in t for t in win.game.toasts.texts())
    still_typing()
    press(win, pygame.K_F12)  # screenshot
    assert len(list((tmp_path / "screenshots").glob("*.png"))) == 1
    still_typing()
    before = win.sim
    press(win, pygame.K_F9)  # quickload: a new town, and new views of it that take over the sentence
    win.frame(2)
    assert any(t.startswith("Loaded quicksave") for t in win.game.toasts.texts()) and win.sim is not before
    still_typing()
    typing = win.game.stack.typing
    press(win, pygame.K_F1)  # help over the town; any key closes it and the field has the keys again
    assert isinstance(win.game.stack.top, HelpView) and typing() is None
    press(win, pygame.K_SPACE)
    assert win.game.stack.top is win.view
    still_typing()
    press(win, pygame.K_F2)  # the save screen, then back to the sentence
    assert isinstance(win.game.stack.top, SavesView) and typing() is None
    press(win, pygame.K_ESCAPE)
    still_typing()
    win.type(" goes on", enter=False)
    assert win.view.panel.chat.entry.get_text() == "half a sentence goes on" and not win.game.mayor.open
