"""Small drawing pieces every panel shares: palette, word wrap, framed panels, buttons, the pygame_gui theme."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import pygame
import pygame_gui

from game.resources import resource
from game.ui.assets import Art, nine_slice
from game.ui.lettering import forget_fonts, letter_gui, render_text, text_size

# Sweetie 16, by role.
NIGHT = (26, 28, 44)
PLUM = (93, 39, 93)
RED = (177, 62, 83)
ORANGE = (239, 125, 87)
GOLD = (255, 205, 117)
LIME = (167, 240, 112)
GREEN = (56, 183, 100)
TEAL = (37, 113, 121)
NAVY = (41, 54, 111)
BLUE = (59, 93, 201)
SKY = (65, 166, 246)
CYAN = (115, 239, 247)
PAPER = (244, 244, 244)
MIST = (148, 176, 194)
SLATE = (86, 108, 134)
INK = (51, 60, 87)

LINE = 22  # line height of font(16)


def make_ui_manager(size: tuple[int, int]) -> pygame_gui.UIManager:
    """A pygame_gui manager with the game's theme: the pixel font (with its fallbacks) and the palette."""
    theme = json.loads(resource("game/ui/theme.json").read_text(encoding="utf-8"))
    pixel = dict(theme["defaults"]["font"])
    pixel["regular_path"] = pixel["bold_path"] = str(resource("assets/fonts/tinytown.ttf"))
    # pygame_gui does not inherit the default font: every element block names it.
    for name, section in theme.items():
        if name != "defaults":
            section["font"] = pixel
    del theme["defaults"]["font"]
    manager = pygame_gui.UIManager(size, theme)
    letter_gui(manager)
    return manager


def wrap(text: str, width: int, size: int = 16) -> list[str]:
    """Break text into lines no wider than width pixels (long words are cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_size(candidate, size)[0] <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_size(word, size)[0] > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_size(word[:cut], size)[0] > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def clip(text: str, width: int, size: int = 16) -> str:
    """Shorten text with '...' so it fits width pixels."""
    if text_size(text, size)[0] <= width:
        return text
    while text and text_size(text + "...", size)[0] > width:
        text = text[:-1]
    return text.rstrip() + "..."


@lru_cache(maxsize=2048)
def _text(text: str, size: int, colour: tuple[int, int, int]) -> pygame.Surface:
    return render_text(text, size, colour)


def text(surface: pygame.Surface, words: str, pos: tuple[int, int], colour: tuple[int, int, int] = INK,
         size: int = 16) -> int:
    """Draw one line of pixel text; returns its width."""
    img = _text(words, size, colour)
    surface.blit(img, pos)
    return img.get_width()


def forget_surfaces() -> None:
    """Drop cached fonts and text (pygame was restarted: the old ones are invalid)."""
    forget_fonts()
    _text.cache_clear()
    _FRAMES.clear()


def panel(surface: pygame.Surface, art: Art, rect: pygame.Rect) -> None:
    surface.blit(framed(art.panel, rect.size, 8), rect.topleft)


_FRAMES: dict[tuple[int, tuple[int, int], int], pygame.Surface] = {}


def framed(image: pygame.Surface, size: tuple[int, int], corner: int) -> pygame.Surface:
    """A 9-slice of image at size, drawn at 2x, cached (panels keep their size between frames)."""
    key = (id(image), (int(size[0]), int(size[1])), corner)
    out = _FRAMES.get(key)
    if out is None:
        if len(_FRAMES) > 128:
            _FRAMES.clear()
        out = _FRAMES[key] = nine_slice(image, key[1], corner, 2)
    return out


@dataclass
class Button:
    """A 9-slice button drawn from the UI art; ``key`` says what it does."""

    rect: pygame.Rect
    label: str
    key: str
    active: bool = False

    def draw(self, surface: pygame.Surface, art: Art, mouse: tuple[int, int]) -> None:
        hover = self.rect.collidepoint(mouse)
        image = art.button_pressed if self.active else (art.button_hover if hover else art.button)
        surface.blit(framed(image, self.rect.size, 4), self.rect.topleft)
        img = _text(self.label, 16, INK)
        r = img.get_rect(center=(self.rect.centerx, self.rect.centery + (2 if self.active else 0)))
        surface.blit(img, r)


def bar(surface: pygame.Surface, rect: pygame.Rect, fraction: float, colour: tuple[int, int, int]) -> None:
    """A pixel meter: dark trough, coloured fill, ink outline."""
    pygame.draw.rect(surface, INK, rect)
    inner = rect.inflate(-4, -4)
    pygame.draw.rect(surface, NIGHT, inner)
    fill = inner.copy()
    fill.width = max(0, int(inner.width * max(0.0, min(1.0, fraction))))
    pygame.draw.rect(surface, colour, fill)


def focused_entry(manager: pygame_gui.UIManager) -> bool:
    """True while the player types into a text field (then the town's keys stay quiet)."""
    return any(isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_focused and e.visible
               for e in manager.get_focus_set() or ())


def drop_focus(manager: pygame_gui.UIManager, *entries: pygame_gui.elements.UITextEntryLine) -> None:
    """Unfocus entries that are being hidden, so the town's keys work again."""
    for entry in entries:
        entry.unfocus()
    if any(e in entries for e in manager.get_focus_set() or ()):
        manager.set_focus_set(None)


def give_focus(manager: pygame_gui.UIManager, entry: pygame_gui.elements.UITextEntryLine) -> None:
    """Hand the keys back to a field with the cursor after its text (losing focus put the cursor first)."""
    manager.set_focus_set(entry)
    if entry.get_text():  # set_text on an empty field would show its placeholder inside the typing
        entry.set_text(entry.get_text())


def clicked_nothing(manager: pygame_gui.UIManager) -> bool:
    """After the manager saw a click: True when it landed on no element (only the window's root has focus)."""
    root = manager.get_root_container()
    return all(element is root for element in manager.get_focus_set() or ())


def set_field(entry: pygame_gui.elements.UITextEntryLine, words: str) -> None:
    """Put words in a field; an emptied field that keeps focus shows a clean line, not its placeholder."""
    entry.set_text(words)
    if entry.is_focused and not words:
        entry.focus()
