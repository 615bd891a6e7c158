"""The game's lettering: the pixel font first, then fallback fonts for the glyphs it lacks (other scripts,
symbols, emoji), for the text the game draws itself and for pygame_gui's fields, buttons and labels."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame
import pygame.freetype
import pygame_gui
from pygame_gui.core.interfaces.gui_font_interface import IGUIFontInterface
from pygame_gui.core.ui_font_dictionary import UIFontDictionary

from game.resources import resource

PIXEL_FONT = "assets/fonts/tinytown.ttf"
GUI_FONT_NAME = "tinytown"  # the font's name in game/ui/theme.json


@dataclass(frozen=True)
class Fallback:
    """A font file inside an installed package; ``smooth`` draws it antialiased (the emoji font is drawn
    hard-edged, so its glyphs sit among the pixel letters as pixel art)."""

    package: str
    relative: str
    smooth: bool = True
    emoji: bool = False
    script: str = ""  # ISO 15924 code: HarfBuzz shapes the run as that script (conjuncts, joined letters)
    rtl: bool = False  # a run of it reads right to left (each run on its own: no full bidi reordering)


# Taken from packages the game depends on, each under a licence that lets the packaged game ship it:
# DejaVu Sans from matplotlib (Bitstream Vera licence with DejaVu's public-domain changes), Noto Sans for
# other scripts from pygame_gui and from manimgx-fonts, with Noto Emoji (monochrome) last (all SIL Open
# Font License 1.1). A font that is missing (the packaged game leaves some out) is skipped.
FALLBACK_FONTS = (
    Fallback("matplotlib", "mpl-data/fonts/ttf/DejaVuSans.ttf"),
    Fallback("pygame_gui", "data/NotoSansSC-Regular.otf"),
    Fallback("pygame_gui", "data/NotoSansKR-Regular.ttf"),
    Fallback("pygame_gui", "data/NotoSansJP-Regular.otf"),
    Fallback("pygame_gui", "data/NotoSansArabic-Regular.ttf", script="Arab", rtl=True),
    Fallback("pygame_gui", "data/NotoSansHebrew-Regular.ttf", script="Hebr", rtl=True),
    Fallback("pygame_gui", "data/NotoSansGeorgian-Regular.ttf", script="Geor"),
    *(Fallback("manimgx_fonts", f"NotoSans{name}[wght].ttf", script=code) for name, code in (
        ("Thai", "Thai"), ("Lao", "Laoo"), ("Khmer", "Khmr"), ("Myanmar", "Mymr"), ("Devanagari", "Deva"),
        ("Bengali", "Beng"), ("Gurmukhi", "Guru"), ("Gujarati", "Gujr"), ("Oriya", "Orya"), ("Tamil", "Taml"),
        ("Telugu", "Telu"), ("Kannada", "Knda"), ("Malayalam", "Mlym"), ("Sinhala", "Sinh"),
        ("Ethiopic", "Ethi"), ("Symbols", ""))),
    Fallback("manimgx_fonts", "NotoEmoji[wght].ttf", smooth=False, emoji=True),
)

# Code points that never stand alone: they shape the emoji before them (variation selectors, the
# zero-width joiner of family and profession emoji, skin tones, the keycap mark, flag tags). They stay in
# the run of the character they follow, so the emoji font joins the sequence into one picture.
JOINERS = ({0x200D, 0x20E3, 0xFE0E, 0xFE0F} | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080)))
EMOJI_SELECTOR, TEXT_SELECTOR = "\ufe0f", "\ufe0e"
# Where a glyph is drawn as an emoji when the emoji font has it: plane 1's symbols and pictographs, and
# the older symbol blocks (clocks, weather, hot drinks, stars, check marks) whose text-style glyphs in
# DejaVu are too small to read beside the pixel letters. A text selector (U+FE0E) after one keeps it text.
EMOJI_BLOCKS = ((0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x10FFFF))


def as_emoji(ch: str, after: str = "") -> bool:
    """Whether ch (followed by after) is drawn from the emoji font first."""
    if after == TEXT_SELECTOR:
        return False
    return after == EMOJI_SELECTOR or any(low <= ord(ch) <= high for low, high in EMOJI_BLOCKS)


# The main blocks of the scripts whose faces shape them (see Fallback.script).
SCRIPT_BLOCKS: dict[str, tuple[tuple[int, int], ...]] = {
    "Arab": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "Hebr": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    "Geor": ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)),
    "Thai": ((0x0E00, 0x0E7F),), "Laoo": ((0x0E80, 0x0EFF),), "Khmr": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "Mymr": ((0x1000, 0x109F),), "Deva": ((0x0900, 0x097F), (0xA8E0, 0xA8FF)), "Beng": ((0x0980, 0x09FF),),
    "Guru": ((0x0A00, 0x0A7F),), "Gujr": ((0x0A80, 0x0AFF),), "Orya": ((0x0B00, 0x0B7F),),
    "Taml": ((0x0B80, 0x0BFF),), "Telu": ((0x0C00, 0x0C7F),), "Knda": ((0x0C80, 0x0CFF),),
    "Mlym": ((0x0D00, 0x0D7F),), "Sinh": ((0x0D80, 0x0DFF),), "Ethi": ((0x1200, 0x139F), (0x2D80, 0x2DDF)),
}


def package_file(package: str, relative: str) -> Path | None:
    """A file inside an installed package, or where the packaged game put it (ROOT/package/relative)."""
    spec = importlib.util.find_spec(package)
    folders = [Path(f) for f in (spec.submodule_search_locations or [])] if spec is not None else []
    for folder in [*folders, resource(package)]:
        if (folder / relative).is_file():
            return folder / relative
    return None


@lru_cache(maxsize=1)
def fallbacks() -> tuple[tuple[Fallback, Path], ...]:
    """The fallback fonts that are there, in the order they are asked."""
    found = []
    for face in FALLBACK_FONTS:
        path = package_file(face.package, face.relative)
        if path is not None:
            found.append((face, path))
    return tuple(found)


@lru_cache(maxsize=16)
def font(size: int) -> pygame.font.Font:
    """The generated pixel font at an integer multiple of its design size."""
    path = resource(PIXEL_FONT)
    if path.exists():
        return pygame.font.Font(str(path), size)
    return pygame.font.Font(None, size)


@lru_cache(maxsize=1)
def glyph_readers() -> tuple[pygame.freetype.Font, ...]:
    """freetype views of the pixel font and the fallbacks, only to ask which has a glyph."""
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    pixel = resource(PIXEL_FONT)
    paths = ([pixel] if pixel.exists() else []) + [path for _face, path in fallbacks()]
    return tuple(pygame.freetype.Font(str(p), 16) for p in paths)


@lru_cache(maxsize=8192)
def font_for(ch: str, emoji: bool = False) -> int:
    """0 for the pixel font, n for the n-th fallback that has the glyph (0 again when none has it).
    An emoji (a pictograph, or a symbol asked for as an emoji) tries the emoji font first, and a letter of a
    script with a face of its own tries that face first (DejaVu has Arabic and Hebrew letters too, but
    the run must be shaped as its script)."""
    if ch.isascii() and not emoji:
        return 0
    readers = glyph_readers()
    faces = [None, *(face for face, _path in fallbacks())]

    def first(i: int) -> bool:
        face = faces[i]
        if face is None:
            return False
        return (emoji and face.emoji) or any(low <= ord(ch) <= high for low, high in SCRIPT_BLOCKS.get(face.script, ()))

    for i in sorted(range(len(readers)), key=lambda i: not first(i)):
        if readers[i].get_metrics(ch)[0] is not None:
            return i
    return 0


@lru_cache(maxsize=64)
def fallback_font(index: int, size: int) -> pygame.font.Font:
    """The index-th fallback font (1-based, as font_for counts) at about the pixel font's height."""
    face, path = fallbacks()[index - 1]
    out = pygame.font.Font(str(path), max(8, size * 7 // 8))
    if face.script:
        out.set_script(face.script)
    if face.rtl:
        out.set_direction(pygame.DIRECTION_RTL)
    return out


def smooth(index: int) -> bool:
    return index > 0 and fallbacks()[index - 1][0].smooth


def runs(words: str) -> list[tuple[int, str]]:
    """words split into (font index, text) runs; plain ASCII is one run of the pixel font."""
    if words.isascii():
        return [(0, words)]
    out: list[tuple[int, str]] = []
    for i, ch in enumerate(words):
        if out and ord(ch) in JOINERS:
            out[-1] = (out[-1][0], out[-1][1] + ch)
            continue
        index = font_for(ch, as_emoji(ch, words[i + 1:i + 2]))
        if out and out[-1][0] == index:
            out[-1] = (index, out[-1][1] + ch)
        else:
            out.append((index, ch))
    return out


def text_size(words: str, size: int = 16) -> tuple[int, int]:
    """Width and height of words as render_text draws them."""
    pixel = font(size)
    width = 0
    for index, part in runs(words):
        width += (pixel if index == 0 else fallback_font(index, size)).size(part)[0]
    return width, pixel.get_height()


def render_text(words: str, size: int, colour: pygame.typing.ColorLike) -> pygame.Surface:
    """One line in the pixel font, with glyphs it lacks drawn from a fallback font (not as boxes)."""
    pixel = font(size)
    parts = runs(words)
    if len(parts) == 1 and parts[0][0] == 0:
        return pixel.render(words, False, colour)
    height = pixel.get_height()
    images = [pixel.render(part, False, colour) if index == 0 else
              fallback_font(index, size).render(part, smooth(index), colour) for index, part in parts]
    out = pygame.Surface((sum(i.get_width() for i in images), height), pygame.SRCALPHA)
    x = 0
    for image in images:
        out.blit(image, (x, (height - image.get_height()) // 2))
        x += image.get_width()
    return out


def forget_fonts() -> None:
    """Drop the loaded fonts (pygame was restarted: the old ones are invalid)."""
    font.cache_clear()
    fallback_font.cache_clear()
    glyph_readers.cache_clear()


class GuiLettering(IGUIFontInterface):
    """The pixel font as pygame_gui draws it, with the same fallbacks as render_text: what a player types
    into a field (Chinese, emoji, ...) shows as it will in the chat, not as boxes. Plain ASCII goes to
    pygame_gui's own font object unchanged."""

    def __init__(self, inner: IGUIFontInterface, size: int) -> None:
        self.inner = inner
        self.point_size = size

    def _own(self, text: str) -> bool:
        return not text.isascii()

    def size(self, text: str) -> tuple[int, int]:
        return self.get_rect(text).size

    def get_rect(self, text: str) -> pygame.Rect:
        if not self._own(text):
            return self.inner.get_rect(text)
        return pygame.Rect((0, font(self.point_size).get_ascent()), text_size(text, self.point_size))

    def get_metrics(self, text: str) -> list[tuple[int, int, int, int, int] | None]:
        if not self._own(text):
            return self.inner.get_metrics(text)
        out: list[tuple[int, int, int, int, int] | None] = []
        for ch in text:
            if ord(ch) in JOINERS:
                out.append((0, 0, 0, 0, 0))  # takes no room of its own, but a field must accept it
                continue
            index = font_for(ch, as_emoji(ch))
            face = font(self.point_size) if index == 0 else fallback_font(index, self.point_size)
            out.extend(face.metrics(ch))
        return out

    def render_premul(self, text: str, text_color: pygame.Color) -> pygame.Surface:
        if not self._own(text):
            return self.inner.render_premul(text, text_color)
        surface = render_text(text, self.point_size, text_color).convert_alpha()
        return surface.premul_alpha() if surface.get_width() and surface.get_height() else surface

    def render_premul_to(self, text: str, text_colour: pygame.Color, surf_size: tuple[int, int],
                         surf_position: tuple[int, int]) -> pygame.Surface:
        if not self._own(text):
            return self.inner.render_premul_to(text, text_colour, surf_size, surf_position)
        out = pygame.Surface(surf_size, pygame.SRCALPHA, 32)
        drawn = self.render_premul(text, text_colour)
        where = (surf_position[0], surf_position[1] - font(self.point_size).get_ascent())
        out.blit(drawn, where, special_flags=pygame.BLEND_PREMULTIPLIED)
        return out

    def get_point_size(self) -> int:
        return self.inner.get_point_size()

    def get_padding_height(self) -> int:
        return self.inner.get_padding_height()

    @property
    def underline(self) -> bool:
        return self.inner.underline

    @underline.setter
    def underline(self, value: bool) -> None:
        self.inner.underline = value

    @property
    def underline_adjustment(self) -> float:
        return self.inner.underline_adjustment

    @underline_adjustment.setter
    def underline_adjustment(self, value: float) -> None:
        self.inner.underline_adjustment = value

    def get_direction(self) -> int:
        return self.inner.get_direction()


def letter_gui(manager: pygame_gui.UIManager) -> None:
    """Give every loaded copy of the pixel font in the manager's theme the fallbacks (call before elements
    are made; pygame_gui loads the theme's fonts when the manager is made)."""
    fonts = manager.get_theme().get_font_dictionary()
    assert isinstance(fonts, UIFontDictionary), "pygame_gui's font dictionary changed"
    for loaded in fonts.loaded_fonts.values():
        inner = loaded.loaded_font
        if loaded.font_id.startswith(GUI_FONT_NAME + "_") and inner is not None and not isinstance(
                inner, GuiLettering):
            loaded.loaded_font = GuiLettering(inner, int(loaded.size))
