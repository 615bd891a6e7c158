"""Pixel drawing primitives (lines, ellipses, outlines, shadows) and the tile sheet they fill."""

from __future__ import annotations

import json
import math
import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pygame

from assets.art.palette import NIGHT, SEED, Color, Rgba, dark
from game.contracts import TILE

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_art(name: str) -> dict:
    """Pictures kept as data: ``data/<name>.json`` maps names to rows of characters."""
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def start_pygame() -> None:
    """Initialise the display (off screen) and fonts: surfaces and text need them."""
    pygame.display.init()
    pygame.font.init()


def save_png(surface: pygame.Surface, path: Path) -> None:
    """Write a PNG, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))


def new_surface(w: int = TILE, h: int = TILE) -> pygame.Surface:
    """A transparent surface with per-pixel alpha."""
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    s.fill((0, 0, 0, 0))
    return s


def rng_for(name: str) -> random.Random:
    """A random generator seeded by a name, so each drawing is reproducible."""
    return random.Random(zlib.crc32(name.encode()) ^ SEED)


def px(s: pygame.Surface, x: int, y: int, c: Color | Rgba) -> None:
    """Set one pixel if it is on the surface."""
    if 0 <= x < s.get_width() and 0 <= y < s.get_height():
        s.set_at((x, y), c)


def rect(s: pygame.Surface, x: int, y: int, w: int, h: int, c: Color | Rgba) -> None:
    """Fill a rectangle (replacing pixels, alpha included)."""
    s.fill(c, pygame.Rect(x, y, w, h))


def hline(s: pygame.Surface, x0: int, x1: int, y: int, c: Color | Rgba) -> None:
    """Horizontal line from x0 to x1 inclusive."""
    rect(s, x0, y, x1 - x0 + 1, 1, c)


def vline(s: pygame.Surface, x: int, y0: int, y1: int, c: Color | Rgba) -> None:
    """Vertical line from y0 to y1 inclusive."""
    rect(s, x, y0, 1, y1 - y0 + 1, c)


def ellipse_pixels(cx: float, cy: float, rx: float, ry: float) -> Iterable[tuple[int, int]]:
    """Pixels whose centres lie inside an ellipse (symmetric, unlike draw.ellipse)."""
    for y in range(math.floor(cy - ry), math.ceil(cy + ry) + 1):
        for x in range(math.floor(cx - rx), math.ceil(cx + rx) + 1):
            dx = (x + 0.5 - cx) / rx
            dy = (y + 0.5 - cy) / ry
            if dx * dx + dy * dy <= 1.0:
                yield x, y


def ellipse(s: pygame.Surface, cx: float, cy: float, rx: float, ry: float,
            c: Color | Rgba) -> None:
    """Fill an ellipse given its centre and radii in pixels."""
    for x, y in ellipse_pixels(cx, cy, rx, ry):
        px(s, x, y, c)


def is_solid(s: pygame.Surface, x: int, y: int) -> bool:
    """True where a pixel is part of an object (not empty, not a soft shadow)."""
    if not (0 <= x < s.get_width() and 0 <= y < s.get_height()):
        return False
    return s.get_at((x, y)).a >= 200


def outline(s: pygame.Surface, amount: float = 0.6, diagonal: bool = False) -> None:
    """Ring the object with a dark outline taken from its own edge colours."""
    w, h = s.get_size()
    marks: list[tuple[int, int, Color]] = []
    steps = [(0, -1), (1, 0), (0, 1), (-1, 0)]
    if diagonal:
        steps += [(1, 1), (-1, 1), (1, -1), (-1, -1)]
    for y in range(h):
        for x in range(w):
            if is_solid(s, x, y):
                continue
            for dx, dy in steps:
                if is_solid(s, x + dx, y + dy):
                    c = s.get_at((x + dx, y + dy))
                    marks.append((x, y, dark((c.r, c.g, c.b), amount)))
                    break
    for x, y, c in marks:
        s.set_at((x, y), c)


def with_shadow(obj: pygame.Surface, shadows: Iterable[tuple[float, float, float, float]],
                alpha: int = 80) -> pygame.Surface:
    """Put soft oval drop shadows (cx, cy, rx, ry) under an object."""
    out = new_surface(*obj.get_size())
    for cx, cy, rx, ry in shadows:
        ellipse(out, cx, cy, rx, ry, (*NIGHT, alpha))
    out.blit(obj, (0, 0))
    return out


def stamp(s: pygame.Surface, x: int, y: int, art: list[str], colors: dict[str, Color | Rgba]) -> None:
    """Draw a small ASCII picture; characters not in ``colors`` are skipped."""
    for j, row in enumerate(art):
        for i, ch in enumerate(row):
            if ch in colors:
                px(s, x + i, y + j, colors[ch])


def split(big: pygame.Surface) -> list[list[pygame.Surface]]:
    """Cut a multi-tile drawing into rows of 16×16 tiles."""
    rows = []
    for ty in range(big.get_height() // TILE):
        row = []
        for tx in range(big.get_width() // TILE):
            t = new_surface()
            t.blit(big, (0, 0), pygame.Rect(tx * TILE, ty * TILE, TILE, TILE))
            row.append(t)
        rows.append(row)
    return rows


def shade_rect(s: pygame.Surface, x: int, y: int, w: int, h: int, alpha: int) -> None:
    """Darken an area by laying translucent night over it."""
    over = pygame.Surface((w, h), pygame.SRCALPHA)
    over.fill((*NIGHT, alpha))
    s.blit(over, (x, y))




@dataclass(frozen=True)
class TileArt:
    """One tile of the tileset: its contract name, picture and collision flag."""

    name: str
    image: pygame.Surface
    collide: bool


class TileSheet:
    """The ordered list of tiles; the order is the tile id in ``town.tsx``."""

    def __init__(self) -> None:
        self.tiles: list[TileArt] = []
        self._names: set[str] = set()

    def add(self, name: str, image: pygame.Surface, collide: bool = False) -> None:
        """Append a tile; names must be unique."""
        if name in self._names:
            raise ValueError(f"tile name {name!r} used twice")
        if image.get_size() != (TILE, TILE):
            raise ValueError(f"tile {name!r} is {image.get_size()}, not 16×16")
        self._names.add(name)
        self.tiles.append(TileArt(name, image, collide))

    def image(self, name: str) -> pygame.Surface:
        """The picture of a named tile."""
        for t in self.tiles:
            if t.name == name:
                return t.image
        raise KeyError(name)

