"""Loads the generated art once (converted for fast blits): villager sheets, icons, panels, fonts."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import pygame
import pygame.freetype

from game.resources import resource

FRAME_W, FRAME_H = 16, 24
DIRECTIONS = ("down", "left", "right", "up")
WALK_CYCLE = (1, 2, 3, 2)


class Art:
    """Every surface the renderer and panels draw, loaded after the display exists."""

    def __init__(self) -> None:
        base = resource("assets")
        self.sheets: list[list[list[pygame.Surface]]] = []
        index_path = base / "sprites/villagers/index.json"
        entries = json.loads(index_path.read_text(encoding="utf-8"))
        self.looks: list[str] = []
        for entry in entries:
            sheet = pygame.image.load(str(base / "sprites/villagers" / entry["file"])).convert_alpha()
            frames = [
                [sheet.subsurface((col * FRAME_W, row * FRAME_H, FRAME_W, FRAME_H)) for col in range(4)]
                for row in range(4)
            ]
            self.sheets.append(frames)
            self.looks.append(str(entry.get("look", "")))
        self.icons: dict[str, pygame.Surface] = {}
        for path in sorted((base / "ui/icons").glob("*.png")):
            self.icons[path.stem] = pygame.image.load(str(path)).convert_alpha()
        self.panel = pygame.image.load(str(base / "ui/panel.png")).convert_alpha()
        self.button = pygame.image.load(str(base / "ui/button.png")).convert_alpha()
        self.button_hover = pygame.image.load(str(base / "ui/button_hover.png")).convert_alpha()
        self.button_pressed = pygame.image.load(str(base / "ui/button_pressed.png")).convert_alpha()
        bubble = base / "ui/bubble.png"
        self.bubble = pygame.image.load(str(bubble)).convert_alpha() if bubble.exists() else self.panel
        tail = base / "ui/bubble_tail.png"
        self.bubble_tail = pygame.image.load(str(tail)).convert_alpha() if tail.exists() else None
        self.shadow = pygame.Surface((12, 4), pygame.SRCALPHA)
        pygame.draw.ellipse(self.shadow, (26, 28, 44, 90), self.shadow.get_rect())

    def frame(self, sheet: int, facing: str, column: int) -> pygame.Surface:
        frames = self.sheets[sheet % len(self.sheets)]
        row = DIRECTIONS.index(facing) if facing in DIRECTIONS else 0
        return frames[row][column]

    def portrait(self, sheet: int, scale: int = 4) -> pygame.Surface:
        head = self.frame(sheet, "down", 0).subsurface((0, 0, FRAME_W, 16))
        return pygame.transform.scale(head, (FRAME_W * scale, 16 * scale))

    def icon(self, name: str) -> pygame.Surface | None:
        return self.icons.get(name) or self.icons.get("idle")


@lru_cache(maxsize=16)
def font(size: int) -> pygame.font.Font:
    """The generated pixel font at an integer multiple of its design size."""
    path = resource("assets/fonts/tinytown.ttf")
    if path.exists():
        return pygame.font.Font(str(path), size)
    return pygame.font.Font(None, size)


# Fonts for what the pixel font has no glyph for (other scripts, symbols, some emoji), taken from packages
# the game already depends on: DejaVu Sans from matplotlib (Bitstream Vera licence with DejaVu's public-domain
# changes) and Noto Sans from pygame_gui (SIL Open Font License 1.1). A font that is missing is skipped.
FALLBACK_FONTS = (
    ("matplotlib", "mpl-data/fonts/ttf/DejaVuSans.ttf"),
    ("pygame_gui", "data/NotoSansSC-Regular.otf"),
    ("pygame_gui", "data/NotoSansKR-Regular.ttf"),
    ("pygame_gui", "data/NotoSansJP-Regular.otf"),
    ("pygame_gui", "data/NotoSansArabic-Regular.ttf"),
    ("pygame_gui", "data/NotoSansHebrew-Regular.ttf"),
    ("pygame_gui", "data/NotoSansGeorgian-Regular.ttf"),
)


@lru_cache(maxsize=1)
def fallback_paths() -> tuple[Path, ...]:
    found = []
    for package, relative in FALLBACK_FONTS:
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec is not None else []:
            path = Path(folder) / relative
            if path.exists():
                found.append(path)
                break
    return tuple(found)


@lru_cache(maxsize=1)
def glyph_readers() -> tuple[pygame.freetype.Font, ...]:
    """freetype views of the pixel font and the fallbacks, only to ask which has a glyph."""
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    pixel = resource("assets/fonts/tinytown.ttf")
    paths = ([pixel] if pixel.exists() else []) + list(fallback_paths())
    return tuple(pygame.freetype.Font(str(p), 16) for p in paths)


@lru_cache(maxsize=4096)
def font_for(ch: str) -> int:
    """0 for the pixel font, n for the n-th fallback that has the glyph (0 again when none has it)."""
    if ch.isascii():
        return 0
    for i, reader in enumerate(glyph_readers()):
        if reader.get_metrics(ch)[0] is not None:
            return i
    return 0


@lru_cache(maxsize=64)
def fallback_font(index: int, size: int) -> pygame.font.Font:
    """The index-th fallback font (1-based, as font_for counts) at about the pixel font's height."""
    return pygame.font.Font(str(fallback_paths()[index - 1]), max(8, size * 7 // 8))


def runs(words: str) -> list[tuple[int, str]]:
    """words split into (font index, text) runs; plain ASCII is one run of the pixel font."""
    if words.isascii():
        return [(0, words)]
    out: list[tuple[int, str]] = []
    for ch in words:
        index = font_for(ch)
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


def render_text(words: str, size: int, colour: tuple[int, int, int]) -> pygame.Surface:
    """One line in the pixel font, with glyphs it lacks drawn from a fallback font (not as boxes)."""
    pixel = font(size)
    parts = runs(words)
    if len(parts) == 1 and parts[0][0] == 0:
        return pixel.render(words, False, colour)
    height = pixel.get_height()
    images = [pixel.render(part, False, colour) if index == 0 else
              fallback_font(index, size).render(part, True, colour) for index, part in parts]
    out = pygame.Surface((sum(i.get_width() for i in images), height), pygame.SRCALPHA)
    x = 0
    for image in images:
        out.blit(image, (x, (height - image.get_height()) // 2))
        x += image.get_width()
    return out


def nine_slice(src: pygame.Surface, size: tuple[int, int], corner: int, scale: int = 1) -> pygame.Surface:
    """Stretch a framed image to size, keeping its corners crisp (drawn at scale)."""
    w, h = size
    sw, sh = src.get_size()
    c = corner
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    cs = c * scale
    pieces = (
        ((0, 0, c, c), (0, 0, cs, cs)),
        ((sw - c, 0, c, c), (w - cs, 0, cs, cs)),
        ((0, sh - c, c, c), (0, h - cs, cs, cs)),
        ((sw - c, sh - c, c, c), (w - cs, h - cs, cs, cs)),
        ((c, 0, sw - 2 * c, c), (cs, 0, w - 2 * cs, cs)),
        ((c, sh - c, sw - 2 * c, c), (cs, h - cs, w - 2 * cs, cs)),
        ((0, c, c, sh - 2 * c), (0, cs, cs, h - 2 * cs)),
        ((sw - c, c, c, sh - 2 * c), (w - cs, cs, cs, h - 2 * cs)),
        ((c, c, sw - 2 * c, sh - 2 * c), (cs, cs, w - 2 * cs, h - 2 * cs)),
    )
    for area, dest in pieces:
        if dest[2] <= 0 or dest[3] <= 0:
            continue
        piece = src.subsurface(area)
        out.blit(pygame.transform.scale(piece, (dest[2], dest[3])), (dest[0], dest[1]))
    return out
