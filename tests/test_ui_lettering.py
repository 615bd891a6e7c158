"""Letters the pixel font lacks: emoji, Chinese and accented words are drawn from the fallback fonts in
everything the game draws (chat log, labels) and in pygame_gui's fields while typing, not as boxes
(glyph surfaces compared with what a missing glyph looks like; dummy video driver)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from game.ui.lettering import (
    FALLBACK_FONTS,
    GuiLettering,
    fallback_font,
    fallbacks,
    font,
    font_for,
    render_text,
    runs,
    smooth,
)
from game.ui.widgets import INK, PAPER, forget_surfaces
from tests.test_ui_chat import Window, town
from tests.test_ui_keys import MORNING, open_chat

NO_GLYPH = "\U0010fffd"  # a private-use code point no font has: what a missing glyph looks like
# The emoji players type most: faces, hearts, hands, food, party, weather, animals, plants, places.
EMOJI = (
    "😀😃😄😁😆😅😂🤣😊😇🙂😉😍🥰😘😋😎🤔😐😴😢😭😡😱🥳🤗🙄😬"
    "❤️🧡💛💚💙💜🖤💔💕"
    "👍👎👏🙏👋✌️💪"
    "🍞🥐🥖🧀🍰🎂🍪🍩☕🍵🍺🍷🍎🍊🍋🍌🍓🍒🥕🌽🍕🍔🍟🥚🍳🥗🍲🍜"
    "🎉🎊🎁🎈🎶🎵"
    "☀️🌤️⛅🌧️⛈️❄️☃️🌈🌙⭐🔥💧"
    "🐶🐱🐭🐰🦊🐻🐼🐮🐷🐸🐔🐦🐟🐝🦋🐞"
    "🌸🌻🌹🌳🍀🏠🏡⛪🏫📚✉️💰⚽"
)
SEQUENCES = ("👍🏽", "👨\u200d👩\u200d👧", "🇫🇷", "1\ufe0f\u20e3", "❤\ufe0f\u200d🔥")


def emoji_list() -> list[str]:
    """EMOJI split into single emoji (a base and the selectors after it)."""
    out: list[str] = []
    for ch in EMOJI:
        if ch == "\ufe0f":
            out[-1] += ch
        else:
            out.append(ch)
    return out


def pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


@pytest.fixture
def display() -> Iterator[None]:
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((64, 64))
    forget_surfaces()
    yield
    pygame.quit()


def test_the_emoji_font_is_installed_and_last_in_the_chain() -> None:
    faces = [face for face, _path in fallbacks()]
    assert faces == list(FALLBACK_FONTS), "a fallback font is missing: pip install -r requirements.txt"
    assert faces[-1].emoji and not faces[-1].smooth


def test_every_common_emoji_is_drawn_not_boxed(display: None) -> None:
    emoji = emoji_list()
    assert len(emoji) >= 100 and len(set(emoji)) == len(emoji)
    box = pixels(render_text(NO_GLYPH, 16, INK))  # the pixel font's box
    for words in (*emoji, *SEQUENCES):
        parts = runs(words)
        assert len(parts) == 1, f"{words!r} split across fonts: {parts}"
        index, part = parts[0]
        assert index > 0, f"{words!r} fell back to the pixel font's box"
        face = fallback_font(index, 16)
        drawn = face.render(part, smooth(index), INK)
        assert pixels(drawn) != pixels(face.render(NO_GLYPH, smooth(index), INK)), f"{words!r} is a box"
        assert pixels(render_text(words, 16, INK)) != box, f"{words!r} is the pixel font's box"
        assert drawn.get_bounding_rect().width > 4, f"{words!r} drew nothing"


def test_other_scripts_are_drawn_not_boxed(display: None) -> None:
    words = ("Привет", "Γειά", "你好", "こんにちは", "안녕하세요", "مرحبا", "שלום", "გამარჯობა", "สวัสดี",
             "नमस्ते", "নমস্কার", "வணக்கம்", "ສະບາຍດີ", "ជំរាបសួរ", "ሰላም", "ආයුබෝවන්", "♻⚕")
    for word in words:
        for index, part in runs(word):
            assert index > 0, f"{part!r} of {word!r} fell back to the pixel font's box"
            face = fallback_font(index, 16)
            assert pixels(face.render(part, True, INK)) != pixels(face.render(NO_GLYPH * len(part), True, INK)), word
    # Shaped as their scripts (Devanagari conjuncts, Arabic joined and right to left), which the same font
    # left to its defaults draws letter by letter.
    for word in ("नमस्ते", "مرحبا"):
        index = font_for(word[0])
        unshaped = pygame.font.Font(str(fallbacks()[index - 1][1]), fallback_font(index, 16).point_size)
        assert pixels(fallback_font(index, 16).render(word, True, INK)) != pixels(unshaped.render(word, True, INK))


def test_emoji_are_drawn_as_emoji_and_text_stays_in_the_pixel_font(display: None) -> None:
    emoji_face = len(fallbacks())
    # 😀, ☀ and ☕ are in DejaVu Sans too: as emoji they come from the one emoji font, so they match 🍞;
    # the text selector keeps a symbol text.
    assert {index for index, _ in runs("😀🍞☀️☕⚽⭐")} == {emoji_face}
    assert runs("☕\ufe0e") == [(font_for("☕"), "☕\ufe0e")] and font_for("☕") != emoji_face
    assert runs("Rosa: 你好 café 🍞") == [(0, "Rosa: "), (font_for("你"), "你好"), (0, " café "), (emoji_face, "🍞")]
    assert render_text("plain words", 16, INK).get_size() == font(16).render("plain words", False, INK).get_size()
    mixed = render_text("bread 🍞 你好", 16, INK)
    assert mixed.get_height() == font(16).get_height(), "a fallback glyph changed the line height"


@pytest.fixture
def win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Window]:
    monkeypatch.setenv("TINYTOWN_HOME", str(tmp_path))
    window = Window(town(MORNING, overrides={"backend": "offline"}))
    window.frame(2)
    yield window
    pygame.quit()


def test_chinese_and_emoji_show_in_the_chat_field_while_typing(win: Window) -> None:
    open_chat(win)
    entry = win.view.panel.chat.entry
    assert isinstance(entry.font, GuiLettering), "pygame_gui's fields draw without the fallbacks"
    win.type("你好 café 🍞", enter=False)
    assert entry.get_text() == "你好 café 🍞" and win.game.stack.typing() is entry

    def field_image(words: str) -> bytes:
        entry.set_text(words)
        entry.edit_position = len(words)
        win.frame(1)
        return pixels(entry.image)

    # Each glyph against a missing one in the same place: with boxes the two fields look the same.
    for ch in "你好é🍞":
        assert field_image(f"a{ch}b") != field_image(f"a{NO_GLYPH}b"), f"{ch!r} shows as a box in the field"
    assert field_image("plain") != field_image("plainer"), "the field's picture does not follow its text"


def test_a_typed_emoji_arrives_in_the_chat_log_and_the_villagers_memory(win: Window) -> None:
    open_chat(win)
    chat = win.view.panel.chat
    said = "I brought 🍞 and 你好 for the party 🎉"
    win.type(said)
    assert chat.lines[0].text == said
    assert any(said in n.description for n in win.sim.mind.minds[0].memory.nodes)

    def log_image() -> bytes:
        canvas = pygame.Surface(win.screen.get_size())
        canvas.fill(PAPER)
        chat.draw(canvas, asleep=False)
        return pixels(canvas.subsurface(chat._log_rect))

    drawn = log_image()
    chat.lines[0] = type(chat.lines[0])(chat.lines[0].who, said.replace("🍞", NO_GLYPH))
    assert log_image() != drawn, "the bread in the chat log looks like a missing glyph"
