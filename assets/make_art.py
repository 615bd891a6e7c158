"""Draw all of Tinytown's art with code and write it into the repository.

Run ``python assets/make_art.py [--out DIR]``. It writes the tileset
(``assets/tiles/town.png`` + ``maps/town.tsx``), the villager sheets, the UI
icons and frames, the pixel font and two preview images. Everything is drawn
from the Sweetie 16 palette and ramps mixed from it, and every random choice
comes from a seeded generator, so two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

SEED = 1207
TILE = 16
TILESET_COLUMNS = 16

Color = tuple[int, int, int]
Rgba = tuple[int, int, int, int]

# --------------------------------------------------------------------------
# Palette and ramps
# --------------------------------------------------------------------------


def hex_color(code: str) -> Color:
    """Parse ``#rrggbb``."""
    return (int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16))


NIGHT = hex_color("#1a1c2c")
PLUM = hex_color("#5d275d")
BERRY = hex_color("#b13e53")
CORAL = hex_color("#ef7d57")
SAND = hex_color("#ffcd75")
LIME = hex_color("#a7f070")
GREEN = hex_color("#38b764")
TEAL = hex_color("#257179")
NAVY = hex_color("#29366f")
BLUE = hex_color("#3b5dc9")
SKY = hex_color("#41a6f6")
CYAN = hex_color("#73eff7")
WHITE = hex_color("#f4f4f4")
SILVER = hex_color("#94b0c2")
SLATE = hex_color("#566c86")
INK = hex_color("#333c57")

SWEETIE16 = [NIGHT, PLUM, BERRY, CORAL, SAND, LIME, GREEN, TEAL,
             NAVY, BLUE, SKY, CYAN, WHITE, SILVER, SLATE, INK]


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend two palette colours; ``t`` = 0 gives ``a``, 1 gives ``b``."""
    return (round(a[0] + (b[0] - a[0]) * t),
            round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def dark(c: Color, t: float = 0.55) -> Color:
    """The outline/shadow colour of a ramp: the colour pulled toward night."""
    return mix(c, NIGHT, t)


def ramp(*colors: Color) -> list[Color]:
    """A shade ramp, darkest first."""
    return list(colors)


# Ramps: index 0 is the outline colour, the last is the highlight.
GRASS = ramp(mix(TEAL, NIGHT, 0.25), mix(TEAL, GREEN, 0.42), mix(GREEN, TEAL, 0.3),
             mix(GREEN, TEAL, 0.18), mix(GREEN, LIME, 0.3), mix(LIME, GREEN, 0.3))
_TAN = mix(mix(SAND, CORAL, 0.2), SLATE, 0.16)
DIRT = ramp(mix(_TAN, PLUM, 0.55), mix(_TAN, PLUM, 0.3), mix(_TAN, PLUM, 0.12), _TAN,
            mix(_TAN, WHITE, 0.35))
SANDY = ramp(mix(CORAL, INK, 0.4), mix(SAND, CORAL, 0.45), mix(SAND, WHITE, 0.1),
             mix(SAND, WHITE, 0.45))
WATER = ramp(NAVY, mix(BLUE, NAVY, 0.3), BLUE, mix(BLUE, SKY, 0.55), SKY, CYAN, WHITE)
STONE = ramp(INK, SLATE, mix(SLATE, SILVER, 0.5), SILVER, mix(SILVER, WHITE, 0.5), WHITE)
ASPHALT = ramp(NIGHT, mix(INK, NIGHT, 0.35), INK, mix(INK, SLATE, 0.35), SLATE)
HONEY = ramp(mix(CORAL, PLUM, 0.55), mix(mix(CORAL, PLUM, 0.25), SLATE, 0.15),
             mix(mix(CORAL, SAND, 0.35), SLATE, 0.15), mix(mix(SAND, CORAL, 0.4), SLATE, 0.12),
             mix(mix(SAND, CORAL, 0.2), SLATE, 0.08))
WOOD = ramp(mix(PLUM, NIGHT, 0.45), mix(PLUM, CORAL, 0.3), mix(CORAL, PLUM, 0.45),
            mix(CORAL, PLUM, 0.15), mix(CORAL, SAND, 0.35), mix(SAND, CORAL, 0.2))
DARKWOOD = ramp(mix(PLUM, NIGHT, 0.6), mix(PLUM, NIGHT, 0.25), mix(PLUM, CORAL, 0.22),
                mix(PLUM, CORAL, 0.42), mix(CORAL, PLUM, 0.35))
BRICK = ramp(mix(PLUM, NIGHT, 0.3), PLUM, mix(BERRY, PLUM, 0.25), BERRY,
             mix(BERRY, CORAL, 0.5))
PLASTER = ramp(mix(SLATE, PLUM, 0.3), mix(SAND, SLATE, 0.45), mix(SAND, WHITE, 0.35),
               mix(SAND, WHITE, 0.62), mix(WHITE, SAND, 0.12))
LEAF = ramp(mix(TEAL, NIGHT, 0.45), TEAL, mix(TEAL, GREEN, 0.55), GREEN,
            mix(GREEN, LIME, 0.5), LIME)
PINE = ramp(mix(TEAL, NIGHT, 0.55), mix(TEAL, NIGHT, 0.15), TEAL, mix(TEAL, GREEN, 0.5),
            mix(GREEN, LIME, 0.2))
METAL = ramp(mix(INK, NIGHT, 0.4), INK, SLATE, SILVER, WHITE)
CLOTH_RED = ramp(mix(PLUM, NIGHT, 0.3), PLUM, BERRY, mix(BERRY, CORAL, 0.5), CORAL)
CLOTH_BLUE = ramp(mix(NAVY, NIGHT, 0.3), NAVY, BLUE, mix(BLUE, SKY, 0.5), SKY)
CLOTH_GREEN = ramp(mix(TEAL, NIGHT, 0.4), TEAL, mix(TEAL, GREEN, 0.6), GREEN, LIME)
CLOTH_CREAM = ramp(mix(SLATE, PLUM, 0.2), mix(SAND, SLATE, 0.4), mix(SAND, WHITE, 0.3),
                   mix(SAND, WHITE, 0.6), WHITE)
PORCELAIN = ramp(SLATE, SILVER, mix(SILVER, WHITE, 0.55), WHITE, WHITE)
GOLD = ramp(mix(CORAL, PLUM, 0.5), CORAL, mix(SAND, CORAL, 0.3), SAND, WHITE)

ROOF_RAMPS: dict[str, list[Color]] = {
    "red": ramp(mix(PLUM, NIGHT, 0.25), mix(BERRY, PLUM, 0.45), BERRY,
                mix(BERRY, CORAL, 0.45), CORAL),
    "blue": ramp(mix(NAVY, NIGHT, 0.35), NAVY, mix(BLUE, NAVY, 0.25),
                 mix(BLUE, SKY, 0.3), SKY),
    "green": ramp(mix(TEAL, NIGHT, 0.5), mix(TEAL, NIGHT, 0.1), mix(TEAL, GREEN, 0.45),
                  mix(GREEN, TEAL, 0.1), mix(GREEN, LIME, 0.45)),
    "brown": ramp(mix(PLUM, NIGHT, 0.5), mix(PLUM, CORAL, 0.2), mix(PLUM, CORAL, 0.45),
                  mix(CORAL, PLUM, 0.3), mix(CORAL, SAND, 0.25)),
    "purple": ramp(mix(PLUM, NIGHT, 0.5), mix(PLUM, NAVY, 0.3), mix(PLUM, BLUE, 0.3),
                   mix(PLUM, SKY, 0.42), mix(mix(PLUM, SKY, 0.5), WHITE, 0.2)),
}

SHADOW: Rgba = (*NIGHT, 80)

# --------------------------------------------------------------------------
# Drawing primitives
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Tileset: ground
# --------------------------------------------------------------------------


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


TUFT = ["l.l", "d.d", ".d."]
BLADE = ["l", "d"]


def paint_grass(s: pygame.Surface, rng: random.Random, blades: int,
                where: Callable[[int, int], bool] | None = None, patches: int = 5) -> None:
    """Fill with the grass ground: base, darker clumps of ``patches``, specks and blades.

    Clumps are dithered and kept off the tile edges, so neighbouring variants meet on
    the plain base colour and no tile square shows.
    """
    def ok(x: int, y: int) -> bool:
        return 0 <= x < TILE and 0 <= y < TILE and (where is None or where(x, y))

    for y in range(TILE):
        for x in range(TILE):
            if ok(x, y):
                px(s, x, y, GRASS[3])
    shade = mix(GRASS[2], GRASS[3], 0.45)
    for _ in range(patches):
        cx, cy = rng.randrange(2, TILE - 2), rng.randrange(2, TILE - 2)
        for dy in (-1, 0, 1):
            for dx in (-2, -1, 0, 1, 2):
                x, y = cx + dx, cy + dy
                solid = abs(dx) + abs(dy) <= 1
                if ok(x, y) and 0 < x < TILE - 1 and 0 < y < TILE - 1 \
                        and (solid or (x + y) % 2 == 0):
                    px(s, x, y, shade if solid or rng.random() < 0.5 else GRASS[2])
    for _ in range(7):
        x, y = rng.randrange(TILE), rng.randrange(TILE)
        if ok(x, y):
            px(s, x, y, mix(GRASS[3], GRASS[4], 0.6))
    for _ in range(blades):
        x, y = rng.randrange(1, TILE - 3), rng.randrange(1, TILE - 3)
        art = TUFT if rng.random() < 0.6 else BLADE
        for j, row in enumerate(art):
            for i, ch in enumerate(row):
                if ch != "." and ok(x + i, y + j):
                    px(s, x + i, y + j, GRASS[4] if ch == "l" else GRASS[1])


def grass_tile(variant: int) -> pygame.Surface:
    """Plain grass; higher variants are lusher: more dark clumps and blades."""
    s = new_surface()
    paint_grass(s, rng_for(f"grass_{variant}"), [0, 1, 2, 3][variant],
                patches=[2, 4, 7, 10][variant])
    return s


FLOWER = [".p.", "pcp", ".p."]


def flowers_tile(variant: int) -> pygame.Surface:
    """Grass with a few small flowers."""
    s = new_surface()
    rng = rng_for(f"flowers_{variant}")
    paint_grass(s, rng, 1)
    petals = [(WHITE, SAND), (mix(SAND, WHITE, 0.3), CORAL)] if variant == 0 else \
        [(mix(BERRY, CORAL, 0.4), SAND), (SKY, WHITE)]
    spots = [(2, 3), (9, 1), (5, 9), (11, 8), (1, 12), (12, 13)]
    rng.shuffle(spots)
    for k, (x, y) in enumerate(spots[:4]):
        petal, centre = petals[k % 2]
        px(s, x + 1, y + 3, GRASS[1])
        stamp(s, x, y, FLOWER, {"p": petal, "c": centre})
        px(s, x + 2, y + 2, mix(petal, NIGHT, 0.25))
    return s


def tuft_tile() -> pygame.Surface:
    """Grass with a tall tuft."""
    s = new_surface()
    paint_grass(s, rng_for("tuft"), 0)
    art = ["..l...l..",
           ".ld..ld.l",
           "ldd.ldd.d",
           "dd.dddd.d",
           "dddddddd."]
    ellipse(s, 8, 12.5, 5, 1.8, mix(GRASS[2], GRASS[1], 0.5))
    stamp(s, 3, 8, art, {"l": GRASS[5], "d": GRASS[1]})
    return s


def dirt_tile(variant: int) -> pygame.Surface:
    """Bare earth with pebbles."""
    s = new_surface()
    s.fill(DIRT[3])
    rng = rng_for(f"dirt_{variant}")
    for _ in range(14):
        x, y = rng.randrange(TILE), rng.randrange(TILE)
        px(s, x, y, DIRT[2])
    for _ in range(3 + variant * 2):
        x, y = rng.randrange(1, 15), rng.randrange(1, 14)
        px(s, x, y, DIRT[4])
        px(s, x, y + 1, DIRT[1])
    return s


def sand_tile() -> pygame.Surface:
    """Beach sand."""
    s = new_surface()
    s.fill(SANDY[2])
    rng = rng_for("sand")
    for _ in range(18):
        px(s, rng.randrange(TILE), rng.randrange(TILE), SANDY[1])
    for _ in range(10):
        px(s, rng.randrange(TILE), rng.randrange(TILE), SANDY[3])
    return s


NOTCH_CORNERS = ((1, 1, 2), (2, 2, 4), (4, 4, 8), (8, 8, 1))  # (bit, side a, side b): NE SE SW NW


def notch_sets(mask: int) -> list[int]:
    """Notch masks that make sense for a neighbour mask: corners whose two sides connect."""
    ok = [bit for bit, a, b in NOTCH_CORNERS if mask & a and mask & b]
    return [n for n in range(1, 16) if n & ~sum(ok) == 0]


def autotile_inside(mask: int, x: int, y: int, margin: int, notch: int = 0) -> bool:
    """Is pixel (x, y) part of the terrain for a 4-bit neighbour mask?

    A centre square with arms towards same-terrain neighbours; a corner is filled
    only when both of its sides connect, so 2-wide areas join without holes, unless
    ``notch`` (NE=1, SE=2, SW=4, NW=8) says the diagonal neighbour is other terrain:
    then the corner stays ground, an inner bend instead of a square poking out.
    """
    x = min(max(x, 0), TILE - 1)
    y = min(max(y, 0), TILE - 1)
    lo, hi = margin, TILE - 1 - margin
    in_x, in_y = lo <= x <= hi, lo <= y <= hi
    north, east, south, west = mask & 1, mask & 2, mask & 4, mask & 8
    if in_x and in_y:
        corner_x = (x == lo and not west) or (x == hi and not east)
        corner_y = (y == lo and not north) or (y == hi and not south)
        return not (corner_x and corner_y)
    vert = north if y < lo else south if y > hi else 1
    horiz = west if x < lo else east if x > hi else 1
    if not in_x and not in_y:
        corner = (1 if x > hi else 8) if y < lo else (2 if x > hi else 4)
        if notch & corner:
            return False
    return bool(vert and horiz)


def path_tile(mask: int, notch: int = 0) -> pygame.Surface:
    """Dirt path on grass, joined towards the neighbours in ``mask``."""
    s = new_surface()
    rng = rng_for(f"path_{mask}")  # the same speckle with or without notches

    def inside(x: int, y: int) -> bool:
        return autotile_inside(mask, x, y, 3, notch)

    paint_grass(s, rng, 1, lambda x, y: not inside(x, y))
    for y in range(TILE):
        for x in range(TILE):
            if not inside(x, y):
                continue
            c = DIRT[3]
            if not inside(x, y - 1) or not inside(x - 1, y):
                c = DIRT[1]
            elif not inside(x, y - 2) or not inside(x - 2, y):
                c = DIRT[2]
            elif not inside(x, y + 1) or not inside(x + 1, y):
                c = DIRT[2]
            px(s, x, y, c)
    for _ in range(5):
        x, y = rng.randrange(1, 15), rng.randrange(1, 14)
        if inside(x, y) and inside(x, y + 1) and inside(x, y - 2) and inside(x - 2, y):
            px(s, x, y, DIRT[4])
            px(s, x, y + 1, DIRT[2])
    for y in range(TILE):
        for x in range(TILE):
            if inside(x, y):
                continue
            if inside(x, y + 1) or inside(x + 1, y) or inside(x - 1, y) or inside(x, y - 1):
                px(s, x, y, GRASS[2])
    return s


def water_tile(mask: int, notch: int = 0) -> pygame.Surface:
    """Water with grass banks on the sides whose mask bit is 0."""
    s = new_surface()
    rng = rng_for(f"water_{mask}")

    def inside(x: int, y: int) -> bool:
        return autotile_inside(mask, x, y, 3, notch)

    paint_grass(s, rng, 1, lambda x, y: not inside(x, y))
    for y in range(TILE):
        for x in range(TILE):
            if not inside(x, y):
                continue
            c = WATER[3]
            if not inside(x, y - 1):
                c = DIRT[1]
            elif not inside(x, y - 2):
                c = WATER[1]
            elif not inside(x, y - 3) or not inside(x - 1, y):
                c = WATER[2]
            elif not inside(x + 1, y) or not inside(x, y + 1):
                c = WATER[5]
            px(s, x, y, c)
    for _ in range(3):
        x, y = rng.randrange(2, 11), rng.randrange(3, 13)
        n = rng.choice((2, 3))
        if all(inside(x + i, y) and inside(x + i, y - 3) and inside(x + i, y + 1) and inside(x + i + 1, y)
               for i in range(n)):
            hline(s, x, x + n - 1, y, WATER[5])
            hline(s, x + 1, x + n - 2 if n > 2 else x + 1, y + 1, WATER[4])
    for y in range(TILE):
        for x in range(TILE):
            if not inside(x, y) and (inside(x, y + 1) or inside(x + 1, y) or inside(x - 1, y)
                                     or inside(x, y - 1)):
                px(s, x, y, GRASS[4] if inside(x, y + 1) else GRASS[2])
    return s


# --------------------------------------------------------------------------
# Tileset: streets
# --------------------------------------------------------------------------


def road_tile(seed: str) -> pygame.Surface:
    """Asphalt with fine grit."""
    s = new_surface()
    s.fill(ASPHALT[2])
    rng = rng_for(seed)
    for _ in range(16):
        px(s, rng.randrange(TILE), rng.randrange(TILE), ASPHALT[3])
    for _ in range(10):
        px(s, rng.randrange(TILE), rng.randrange(TILE), ASPHALT[1])
    return s


def road_line(horizontal: bool) -> pygame.Surface:
    """Road with a dashed centre line."""
    s = road_tile("road_line")
    for i in range(3, 13):
        a, b = (i, 7) if horizontal else (7, i)
        px(s, a, b, SAND)
        px(s, a + (0 if horizontal else 1), b + (1 if horizontal else 0), mix(SAND, CORAL, 0.4))
    return s


def road_cross() -> pygame.Surface:
    """The middle of a crossing: asphalt with a manhole cover."""
    s = road_tile("road_cross")
    ellipse(s, 8, 8, 4, 4, ASPHALT[1])
    ellipse(s, 8, 8, 3, 3, ASPHALT[3])
    for i in range(5, 11, 2):
        hline(s, 6, 10, i, ASPHALT[1])
    return s


def crosswalk(horizontal_road: bool) -> pygame.Surface:
    """Zebra stripes; bars run along the road they cross."""
    s = road_tile("crosswalk")
    for k in range(2):
        o = 1 + k * 8
        for i in range(1, 15):
            for j in range(o, o + 5):
                a, b = (i, j) if horizontal_road else (j, i)
                px(s, a, b, mix(WHITE, SILVER, 0.15) if j < o + 4 else SILVER)
    return s


def sidewalk() -> pygame.Surface:
    """Paving slabs, 8×8, lit from the top left."""
    s = new_surface()
    base = mix(STONE[3], STONE[2], 0.3)
    s.fill(base)
    rng = rng_for("sidewalk")
    for oy in (0, 8):
        for ox in (0, 8):
            hline(s, ox, ox + 6, oy, mix(base, STONE[4], 0.5))
            vline(s, ox, oy, oy + 6, mix(base, STONE[4], 0.3))
            hline(s, ox, ox + 7, oy + 7, STONE[2])
            vline(s, ox + 7, oy, oy + 7, STONE[2])
    for _ in range(6):
        px(s, rng.randrange(1, 15), rng.randrange(1, 15), mix(base, STONE[2], 0.5))
    return s


# --------------------------------------------------------------------------
# Tileset: nature
# --------------------------------------------------------------------------


def canopy(s: pygame.Surface, blobs: list[tuple[float, float, float, float]],
           r: list[Color], seed: str) -> None:
    """Leafy canopy from overlapping blobs, lit from the top left, then outlined."""
    layer = new_surface(*s.get_size())
    for cx, cy, rx, ry in blobs:
        ellipse(layer, cx, cy, rx, ry, r[2])
    rng = rng_for(seed)
    w, h = s.get_size()
    for cx, cy, rx, ry in blobs:
        for x, y in ellipse_pixels(cx - rx * 0.25, cy - ry * 0.3, rx * 0.7, ry * 0.62):
            if is_solid(layer, x, y):
                px(layer, x, y, r[3])
        for x, y in ellipse_pixels(cx - rx * 0.4, cy - ry * 0.45, rx * 0.35, ry * 0.3):
            if is_solid(layer, x, y):
                px(layer, x, y, r[4])
    for y in range(h):
        for x in range(w):
            if is_solid(layer, x, y) and not is_solid(layer, x, y + 1):
                px(layer, x, y, r[1])
    for _ in range(w * h // 10):
        x, y = rng.randrange(w), rng.randrange(h)
        if is_solid(layer, x, y) and is_solid(layer, x, y + 1):
            c = layer.get_at((x, y))
            idx = r.index((c.r, c.g, c.b)) if (c.r, c.g, c.b) in r else 2
            px(layer, x, y, r[max(1, idx - 1)])
            if idx < len(r) - 1 and is_solid(layer, x, y - 1):
                px(layer, x, y - 1, r[idx + 1] if idx >= 3 else r[idx])
    outline(layer, 0.5)
    s.blit(layer, (0, 0))


def trunk(s: pygame.Surface, x: int, y0: int, y1: int, width: int) -> None:
    """A tree trunk with bark shading and little roots."""
    for yy in range(y0, y1 + 1):
        hline(s, x, x + width - 1, yy, WOOD[2])
        px(s, x, yy, WOOD[3])
        px(s, x + width - 1, yy, WOOD[1])
    px(s, x - 1, y1, WOOD[2])
    px(s, x + width, y1, WOOD[1])
    for yy in range(y0 + 1, y1, 3):
        px(s, x + 1 + (yy % 2), yy, WOOD[1])


def small_tree() -> tuple[pygame.Surface, pygame.Surface]:
    """1×2 tree: canopy tile and trunk tile."""
    big = new_surface(16, 32)
    for x, y in ellipse_pixels(8, 29.5, 6.5, 2.4):
        px(big, x, y, SHADOW)
    obj = new_surface(16, 32)
    trunk(obj, 6, 19, 29, 4)
    outline(obj, 0.55)
    big.blit(obj, (0, 0))
    canopy(big, [(8, 11, 7, 7.5), (5, 15, 4.5, 4.5), (11, 15, 4.5, 4.5), (8, 6, 5, 4.5)],
           LEAF, "tree")
    top, bottom = split(big)
    return top[0], bottom[0]


def big_tree() -> list[list[pygame.Surface]]:
    """2×2 tree: the top row is canopy, the bottom row trunk and lower leaves."""
    big = new_surface(32, 32)
    for x, y in ellipse_pixels(16, 29.5, 11, 2.8):
        px(big, x, y, SHADOW)
    obj = new_surface(32, 32)
    trunk(obj, 13, 20, 29, 6)
    outline(obj, 0.55)
    big.blit(obj, (0, 0))
    canopy(big, [(16, 12, 13.5, 10), (8, 17, 7, 5.5), (24, 17, 7, 5.5), (16, 6, 9, 5.5),
                 (16, 18, 6, 5)], LEAF, "bigtree")
    return split(big)


def pine_tree() -> tuple[pygame.Surface, pygame.Surface]:
    """1×2 pine: tiers of needles and a short trunk."""
    big = new_surface(16, 32)
    for x, y in ellipse_pixels(8, 29.5, 5.5, 2.2):
        px(big, x, y, SHADOW)
    obj = new_surface(16, 32)
    trunk(obj, 7, 24, 29, 3)
    tiers = [(3, 7, 3), (8, 13, 5), (13, 19, 6), (18, 25, 7)]
    for top, bottom, half in tiers:
        for yy in range(top, bottom + 1):
            w = round(1 + (half - 1) * (yy - top) / (bottom - top))
            for xx in range(8 - w, 8 + w):
                c = PINE[3] if xx < 8 else PINE[2]
                if yy == bottom:
                    c = PINE[1]
                elif xx == 8 - w or (xx < 8 and (xx + yy) % 4 == 0):
                    c = PINE[4]
                px(obj, xx, yy, c)
    px(obj, 7, 2, PINE[4])
    px(obj, 8, 2, PINE[3])
    outline(obj, 0.45)
    big.blit(obj, (0, 0))
    top, bottom = split(big)
    return top[0], bottom[0]


def bush() -> pygame.Surface:
    """A round shrub with berries."""
    s = new_surface()
    for x, y in ellipse_pixels(8, 13.5, 6.5, 2):
        px(s, x, y, SHADOW)
    canopy(s, [(8, 9, 6.5, 5), (5, 10, 4, 4), (11, 10, 4, 4)], LEAF, "bush")
    for x, y in ((5, 8), (10, 7), (8, 11), (12, 10)):
        px(s, x, y, mix(BERRY, CORAL, 0.3))
    return s


def hedge() -> pygame.Surface:
    """Clipped hedge that joins its left and right neighbours."""
    s = new_surface()
    rng = rng_for("hedge")
    rect(s, 0, 2, 16, 8, LEAF[3])
    rect(s, 0, 10, 16, 4, LEAF[2])
    hline(s, 0, 15, 13, LEAF[1])
    hline(s, 0, 15, 2, LEAF[4])
    for _ in range(16):
        x, y = rng.randrange(16), rng.randrange(3, 9)
        px(s, x, y, LEAF[rng.choice((2, 4))])
    for _ in range(8):
        x, y = rng.randrange(16), rng.randrange(10, 13)
        px(s, x, y, LEAF[1])
    hline(s, 0, 15, 1, LEAF[0])
    hline(s, 0, 15, 14, LEAF[0])
    hline(s, 0, 15, 15, (*NIGHT, 70))
    return s


def flowerbed(variant: int) -> pygame.Surface:
    """A bed of soil with flowers; it fills the tile so beds join."""
    s = new_surface()
    s.fill(DIRT[1])
    rng = rng_for(f"flowerbed_{variant}")
    for _ in range(20):
        px(s, rng.randrange(16), rng.randrange(16), mix(DIRT[1], DIRT[0], 0.5))
    colors = [(BERRY, mix(BERRY, CORAL, 0.6)), (SAND, WHITE)] if variant == 0 else \
        [(mix(PLUM, BLUE, 0.5), mix(SKY, WHITE, 0.3)), (WHITE, SAND)]
    for row, oy in enumerate((1, 6, 11)):
        for col, ox in enumerate((1, 6, 11)):
            x = ox + (1 if row % 2 else 0)
            y = oy
            px(s, x + 1, y + 3, LEAF[2])
            px(s, x, y + 3, LEAF[3])
            px(s, x + 2, y + 2, LEAF[2])
            petal, hi = colors[(row + col) % 2]
            stamp(s, x, y, [".a.", "aba", ".a."], {"a": petal, "b": hi})
    return s


def rock() -> pygame.Surface:
    """A grey boulder."""
    s = new_surface()
    obj = new_surface()
    ellipse(obj, 8, 9.5, 6, 4.5, STONE[2])
    ellipse(obj, 7, 8.5, 4.5, 3.2, STONE[3])
    ellipse(obj, 6, 7.5, 2, 1.3, STONE[4])
    hline(obj, 4, 12, 13, STONE[1])
    px(obj, 10, 10, STONE[1])
    px(obj, 11, 9, STONE[1])
    outline(obj, 0.5)
    for x, y in ellipse_pixels(8.5, 14, 7, 1.8):
        px(s, x, y, SHADOW)
    s.blit(obj, (0, 0))
    return s


def stump() -> pygame.Surface:
    """A cut tree stump with rings."""
    s = new_surface()
    obj = new_surface()
    rect(obj, 3, 8, 10, 5, WOOD[2])
    vline(obj, 3, 8, 12, WOOD[3])
    vline(obj, 12, 8, 12, WOOD[1])
    vline(obj, 6, 10, 12, WOOD[1])
    vline(obj, 9, 9, 11, WOOD[1])
    px(obj, 2, 12, WOOD[2])
    px(obj, 13, 12, WOOD[1])
    ellipse(obj, 8, 7.5, 5, 2.5, HONEY[4])
    ellipse(obj, 8, 7.5, 3.5, 1.6, HONEY[3])
    ellipse(obj, 8, 7.5, 2, 1, HONEY[4])
    px(obj, 8, 7, HONEY[2])
    outline(obj, 0.55)
    for x, y in ellipse_pixels(8.5, 13.5, 7, 2):
        px(s, x, y, SHADOW)
    s.blit(obj, (0, 0))
    return s


# --------------------------------------------------------------------------
# Tileset: fences and street furniture
# --------------------------------------------------------------------------


FENCE = ramp(mix(PLUM, NIGHT, 0.2), mix(SAND, SLATE, 0.45), mix(SAND, WHITE, 0.35),
             mix(WHITE, SAND, 0.25), WHITE)


def fence_post_at(s: pygame.Surface, x: int, top: int, bottom: int) -> None:
    """A single white picket post with a pointed top."""
    rect(s, x, top + 1, 3, bottom - top, FENCE[2])
    px(s, x + 1, top, FENCE[3])
    vline(s, x, top + 1, bottom, FENCE[3])
    vline(s, x + 2, top + 1, bottom, FENCE[1])


def fence_h() -> pygame.Surface:
    """Picket fence running left-right."""
    obj = new_surface()
    hline(obj, 0, 15, 6, FENCE[3])
    hline(obj, 0, 15, 7, FENCE[2])
    hline(obj, 0, 15, 10, FENCE[3])
    hline(obj, 0, 15, 11, FENCE[2])
    for x in (1, 6, 11):
        fence_post_at(obj, x, 3, 13)
    outline(obj, 0.6)
    return with_shadow(obj, [(8, 14.5, 8, 1.2)], 60)


def fence_v() -> pygame.Surface:
    """Picket fence running up-down: rails seen edge-on, pickets from above."""
    obj = new_surface()
    rect(obj, 7, 0, 2, 16, FENCE[1])
    vline(obj, 7, 0, 15, FENCE[3])
    for y in (1, 6, 11):
        rect(obj, 6, y, 4, 4, FENCE[2])
        hline(obj, 6, 9, y, FENCE[4])
        vline(obj, 6, y, y + 3, FENCE[3])
        hline(obj, 6, 9, y + 3, FENCE[1])
    outline(obj, 0.6)
    return with_shadow(obj, [(10.5, 8, 1.5, 8)], 50)


def fence_post() -> pygame.Surface:
    """A lone fence post for ends and corners."""
    obj = new_surface()
    rect(obj, 6, 3, 4, 10, FENCE[2])
    vline(obj, 6, 3, 12, FENCE[3])
    vline(obj, 9, 3, 12, FENCE[1])
    rect(obj, 5, 2, 6, 2, FENCE[4])
    outline(obj, 0.6)
    return with_shadow(obj, [(8.5, 13.5, 4, 1.3)], 70)


LAMP_GLOW = mix(SAND, WHITE, 0.5)


def lamp_post() -> tuple[pygame.Surface, pygame.Surface]:
    """Street lamp: post tile (bottom) and lamp head tile (overhead)."""
    big = new_surface(16, 32)
    for x, y in ellipse_pixels(8.5, 30, 4, 1.5):
        px(big, x, y, SHADOW)
    obj = new_surface(16, 32)
    rect(obj, 7, 8, 2, 21, METAL[1])
    vline(obj, 7, 8, 28, METAL[2])
    rect(obj, 5, 27, 6, 3, METAL[1])
    hline(obj, 5, 10, 27, METAL[2])
    rect(obj, 6, 16, 4, 2, METAL[1])
    rect(obj, 4, 1, 8, 2, METAL[1])
    hline(obj, 5, 10, 0, METAL[2])
    rect(obj, 5, 3, 6, 5, LAMP_GLOW)
    vline(obj, 5, 3, 7, WHITE)
    vline(obj, 10, 3, 7, SAND)
    vline(obj, 7, 3, 7, METAL[1])
    vline(obj, 8, 3, 7, METAL[1])
    hline(obj, 5, 10, 8, METAL[1])
    outline(obj, 0.5)
    glow = new_surface(16, 32)
    for x, y in ellipse_pixels(8, 5.5, 7.5, 6):
        px(glow, x, y, (*SAND, 40))
    big.blit(glow, (0, 0))
    big.blit(obj, (0, 0))
    top, bottom = split(big)
    return bottom[0], top[0]


def mailbox() -> pygame.Surface:
    """A blue mailbox on a post with a red flag."""
    obj = new_surface()
    rect(obj, 7, 9, 2, 5, WOOD[2])
    rect(obj, 3, 3, 10, 6, CLOTH_BLUE[2])
    hline(obj, 4, 11, 2, CLOTH_BLUE[3])
    rect(obj, 3, 3, 10, 2, CLOTH_BLUE[3])
    hline(obj, 3, 12, 8, CLOTH_BLUE[1])
    rect(obj, 4, 5, 2, 3, CLOTH_BLUE[1])
    vline(obj, 12, 1, 5, BERRY)
    px(obj, 13, 1, BERRY)
    outline(obj, 0.55)
    return with_shadow(obj, [(8.5, 14, 4.5, 1.4)])


def sign_for_sale() -> pygame.Surface:
    """Estate-agent sign: a white board with a red house on it."""
    obj = new_surface()
    rect(obj, 3, 4, 2, 10, WOOD[2])
    rect(obj, 2, 3, 12, 1, WOOD[3])
    rect(obj, 5, 5, 9, 7, WHITE)
    hline(obj, 5, 13, 11, SILVER)
    stamp(obj, 7, 6, ["..x..", ".xxx.", "xxxxx", ".x.x.", ".xxx."],
          {"x": BERRY})
    outline(obj, 0.6)
    return with_shadow(obj, [(7, 14, 5, 1.3)])


# --------------------------------------------------------------------------
# Tileset: walls, doors, signs
# --------------------------------------------------------------------------


WALL_TOP = ramp(mix(INK, NIGHT, 0.3), mix(mix(SLATE, PLUM, 0.3), SAND, 0.15),
                mix(mix(SLATE, SAND, 0.38), PLUM, 0.1), mix(mix(SILVER, SAND, 0.4), PLUM, 0.06),
                mix(WHITE, SAND, 0.3))
TRIM = ramp(mix(SLATE, PLUM, 0.3), mix(SAND, SLATE, 0.4), mix(WHITE, SAND, 0.3), WHITE)


def wall_face(material: str) -> pygame.Surface:
    """The front face of an outside wall, with eave shadow and a stone foot."""
    s = new_surface()
    rng = rng_for(f"wall_{material}")
    if material == "wood":
        for band in range(4):
            y = band * 4
            rect(s, 0, y, 16, 4, WOOD[3])
            hline(s, 0, 15, y, WOOD[4])
            hline(s, 0, 15, y + 3, WOOD[1])
            joint = (band * 7 + 3) % 16
            vline(s, joint, y + 1, y + 2, WOOD[1])
            px(s, (joint + 9) % 16, y + 2, WOOD[2])
    elif material == "brick":
        s.fill(mix(PLASTER[1], BRICK[2], 0.3))
        for band in range(4):
            y = band * 4
            for bx in range(-4 if band % 2 else 0, 16, 8):
                c = BRICK[3] if rng.random() < 0.75 else BRICK[2]
                rect(s, bx, y, 7, 3, c)
                hline(s, bx, bx + 6, y, BRICK[4] if c == BRICK[3] else BRICK[3])
                px(s, bx + 6, y + 2, BRICK[1])
    else:
        s.fill(PLASTER[3])
        for _ in range(14):
            px(s, rng.randrange(16), rng.randrange(16), PLASTER[2])
        for _ in range(8):
            px(s, rng.randrange(16), rng.randrange(16), PLASTER[4])
    shade_rect(s, 0, 0, 16, 2, 110)
    shade_rect(s, 0, 2, 16, 1, 45)
    hline(s, 0, 15, 13, STONE[3])
    rect(s, 0, 14, 16, 2, STONE[2])
    hline(s, 0, 15, 15, STONE[1])
    for x in (3, 10):
        px(s, x, 14, STONE[1])
    return s


def window_frame_color(material: str) -> list[Color]:
    """Window frames: white on brick and plaster, dark wood on wooden walls."""
    return DARKWOOD[1:] if material == "wood" else TRIM


def wall_window(material: str) -> pygame.Surface:
    """Front wall with a lit four-pane window and a sill."""
    s = wall_face(material)
    f = window_frame_color(material)
    rect(s, 3, 3, 10, 9, f[2])
    hline(s, 3, 12, 3, f[3])
    rect(s, 4, 4, 8, 7, WATER[4])
    hline(s, 4, 11, 4, WATER[2])
    px(s, 4, 5, WATER[2])
    for i in range(3):
        px(s, 5 + i, 7 - i, WATER[6])
        px(s, 9 + i, 10 - i, WATER[5])
    vline(s, 7, 4, 10, f[1])
    vline(s, 8, 4, 10, f[2])
    hline(s, 4, 11, 7, f[2])
    vline(s, 12, 4, 11, f[1])
    hline(s, 2, 13, 12, f[3])
    hline(s, 2, 13, 13, f[1])
    for x in (2, 13):
        px(s, x, 11, f[0])
    hline(s, 3, 12, 2, f[0])
    vline(s, 2, 3, 11, f[0])
    vline(s, 13, 3, 11, f[0])
    return s


def door(material: str) -> pygame.Surface:
    """An open doorway: frame, door leaf swung in, warm light inside, step."""
    s = wall_face(material)
    f = window_frame_color(material)
    leaf = WOOD if material != "wood" else DARKWOOD
    rect(s, 3, 1, 10, 15, f[2])
    hline(s, 3, 12, 1, f[3])
    vline(s, 3, 1, 15, f[3])
    vline(s, 12, 2, 15, f[1])
    rect(s, 4, 2, 8, 13, mix(DARKWOOD[0], PLUM, 0.2))
    rect(s, 6, 6, 6, 9, mix(DARKWOOD[1], SAND, 0.15))
    rect(s, 4, 2, 3, 13, leaf[3])
    vline(s, 6, 2, 14, leaf[1])
    vline(s, 4, 2, 14, leaf[4])
    rect(s, 5, 4, 1, 3, leaf[2])
    rect(s, 5, 9, 1, 3, leaf[2])
    px(s, 5, 8, SAND)
    rect(s, 2, 15, 12, 1, STONE[3])
    hline(s, 2, 13, 0, f[0])
    vline(s, 2, 1, 14, f[0])
    vline(s, 13, 1, 14, f[0])
    return s


def wall_top() -> pygame.Surface:
    """A wall seen from above: a plain capstone, without edges so runs of it read as one wall."""
    s = new_surface()
    s.fill(WALL_TOP[2])
    rng = rng_for("wall_top")
    for _ in range(12):
        px(s, rng.randrange(TILE), rng.randrange(TILE), mix(WALL_TOP[2], WALL_TOP[3], 0.5))
    for _ in range(8):
        px(s, rng.randrange(TILE), rng.randrange(TILE), mix(WALL_TOP[2], WALL_TOP[1], 0.5))
    return s


def wall_inner_front() -> pygame.Surface:
    """The inside face of a north wall, seen from the room: capstone, wallpaper, skirting."""
    s = new_surface()
    rect(s, 0, 0, 16, 4, WALL_TOP[2])
    hline(s, 0, 15, 0, WALL_TOP[3])
    hline(s, 0, 15, 3, WALL_TOP[1])
    paper = CLOTH_CREAM
    rect(s, 0, 4, 16, 9, paper[3])
    for x in range(1, 16, 4):
        vline(s, x, 5, 12, paper[2])
    hline(s, 0, 15, 4, paper[1])
    shade_rect(s, 0, 5, 16, 1, 40)
    rect(s, 0, 12, 16, 4, WOOD[2])
    hline(s, 0, 15, 12, WOOD[4])
    hline(s, 0, 15, 15, WOOD[1])
    return s


def wall_inner_window() -> pygame.Surface:
    """The inside face of a north wall with a window letting daylight in."""
    s = wall_inner_front()
    f = TRIM
    rect(s, 4, 5, 8, 7, f[2])
    rect(s, 5, 6, 6, 5, WATER[4])
    hline(s, 5, 10, 6, WATER[5])
    for i in range(3):
        px(s, 6 + i, 9 - i, WATER[6])
    vline(s, 7, 6, 10, f[2])
    hline(s, 4, 11, 11, f[3])
    vline(s, 11, 5, 11, f[1])
    hline(s, 4, 11, 4, f[0])
    return s


def door_inner() -> pygame.Surface:
    """An inside doorway: a wooden threshold between two wall ends."""
    s = new_surface()
    s.fill(WOOD[3])
    for x in (4, 8, 12):
        vline(s, x, 0, 15, WOOD[2])
    hline(s, 0, 15, 0, WOOD[1])
    hline(s, 0, 15, 15, WOOD[1])
    for x0 in (0, 14):
        rect(s, x0, 0, 2, 16, WALL_TOP[2])
    vline(s, 0, 0, 15, WALL_TOP[3])
    vline(s, 15, 0, 15, WALL_TOP[1])
    vline(s, 1, 0, 15, WALL_TOP[1])
    vline(s, 14, 0, 15, WALL_TOP[3])
    return s


AWNING = (mix(BERRY, CORAL, 0.15), mix(WHITE, SAND, 0.2))


def awning(part: str) -> pygame.Surface:
    """Striped shop awning; ``part`` is l, c or r."""
    obj = new_surface()
    x0 = 1 if part == "l" else 0
    x1 = 14 if part == "r" else 15
    for x in range(x0, x1 + 1):
        stripe = AWNING[(x // 4) % 2]
        lo = mix(stripe, NIGHT, 0.25)
        for y in range(0, 7):
            px(obj, x, y, mix(stripe, WHITE, 0.2) if y < 2 else stripe)
        for y in range(7, 11):
            px(obj, x, y, lo)
        if x % 4 in (1, 2):
            px(obj, x, 11, lo)
        hline(obj, x, x, 7, mix(stripe, NIGHT, 0.45))
    if part == "l":
        vline(obj, 1, 0, 10, mix(AWNING[0], WHITE, 0.3))
    if part == "r":
        vline(obj, 14, 0, 10, mix(AWNING[0], NIGHT, 0.3))
    outline(obj, 0.55)
    shadow = new_surface()
    for x in range(16):
        for y in range(11, 15):
            if not is_solid(obj, x, y) and obj.get_at((x, y)).a == 0:
                px(shadow, x, y, (*NIGHT, 60))
    shadow.blit(obj, (0, 0))
    return shadow


SIGN_ICONS: dict[str, tuple[list[str], dict[str, Color]]] = {
    "cafe": (["..s.s...",
              ".s.s....",
              "wnnnnw..",
              "wwwwwwww",
              "wwwwww.w",
              "wwwwwwww",
              ".wwww...",
              "........"],
             {"s": SILVER, "n": mix(CORAL, PLUM, 0.55), "w": WHITE}),
    "store": (["..hhh...",
               ".h...h..",
               "bbbbbbb.",
               "bbbbbbb.",
               "bbwwbbb.",
               "bbbbbbb.",
               "bbbbbbb."],
              {"h": mix(PLUM, NIGHT, 0.2), "b": mix(CORAL, SAND, 0.2), "w": WHITE}),
    "office": (["..hhhh..",
                "..h..h..",
                "bbbbbbbb",
                "bbbggbbb",
                "bbbbbbbb",
                "bbbbbbbb",
                "bbbbbbbb"],
               {"h": mix(PLUM, NIGHT, 0.4), "b": mix(PLUM, CORAL, 0.35), "g": SAND}),
    "home": (["...r....",
              "..rrr.c.",
              ".rrrrrc.",
              "rrrrrrr.",
              ".wwwww..",
              ".wbwdw..",
              ".wwwdw.."],
             {"r": BERRY, "w": mix(SAND, WHITE, 0.5), "b": SKY, "d": mix(PLUM, CORAL, 0.3),
              "c": mix(PLUM, CORAL, 0.3)}),
    "park": (["..ggg...",
              ".gglgg..",
              "gglgggg.",
              "ggggggg.",
              ".ggggg..",
              "...t....",
              "...t...."],
             {"g": GREEN, "l": LIME, "t": mix(PLUM, CORAL, 0.3)}),
    "gym": (["........",
             ".r....r.",
             "rr....rr",
             "rrssssrr",
             "rr....rr",
             ".r....r.",
             "........"],
            {"r": BERRY, "s": SLATE}),
    "library": (["........",
                 "bb...bb.",
                 "bwwbwwb.",
                 "bwwbwwb.",
                 "bwwbwwb.",
                 ".bbbbb..",
                 "........"],
                {"b": mix(BLUE, NAVY, 0.3), "w": WHITE}),
    "school": (["....l...",
                "...t....",
                ".rr.rr..",
                "rrrrrlr.",
                "rrrrrrr.",
                "rrrrrrr.",
                ".rr.rr.."],
               {"r": BERRY, "l": LIME, "t": mix(PLUM, CORAL, 0.3)}),
    "restaurant": (["k.k.k.n.",
                    "k.k.k.nn",
                    "kkkkk.nn",
                    ".kkk..nn",
                    "..k...n.",
                    "..k...n.",
                    "..k...n."],
                   {"k": SLATE, "n": SLATE}),
    "apartment": (["bbbbbbb.",
                   "bwbwbwb.",
                   "bbbbbbb.",
                   "bwbwbwb.",
                   "bbbbbbb.",
                   "bbbdbbb.",
                   "bbbdbbb."],
                  {"b": mix(CORAL, PLUM, 0.2), "w": SAND, "d": mix(PLUM, NIGHT, 0.3)}),
}

SIGN_BOARDS: dict[str, Color] = {
    "cafe": mix(CORAL, PLUM, 0.2), "store": BLUE, "office": SLATE, "home": mix(CORAL, PLUM, 0.35),
    "park": mix(TEAL, GREEN, 0.4), "gym": BERRY, "library": mix(PLUM, BLUE, 0.3),
    "school": mix(TEAL, GREEN, 0.2), "restaurant": BERRY, "apartment": mix(SLATE, PLUM, 0.3),
}


def sign(kind: str) -> pygame.Surface:
    """A standing sign on two legs whose picture says what the place is."""
    obj = new_surface()
    board = SIGN_BOARDS[kind]
    rect(obj, 3, 11, 2, 4, WOOD[2])
    rect(obj, 11, 11, 2, 4, WOOD[1])
    rect(obj, 1, 1, 14, 11, board)
    hline(obj, 1, 14, 1, mix(board, WHITE, 0.3))
    vline(obj, 1, 1, 11, mix(board, WHITE, 0.2))
    hline(obj, 1, 14, 11, mix(board, NIGHT, 0.3))
    face = mix(SAND, WHITE, 0.7) if kind != "cafe" else mix(CORAL, PLUM, 0.3)
    rect(obj, 3, 3, 10, 7, face)
    hline(obj, 3, 12, 3, mix(face, SAND, 0.5))
    art, colors = SIGN_ICONS[kind]
    stamp(obj, 4, 2 if len(art) == 8 else 3, art, colors)
    outline(obj, 0.6)
    return with_shadow(obj, [(8.5, 14.5, 6, 1.2)])


# --------------------------------------------------------------------------
# Tileset: roofs and floors
# --------------------------------------------------------------------------


ROOF_PARTS = ["tl", "t", "tr", "l", "c", "r", "bl", "b", "br"]


def roof_set(color: str) -> dict[str, pygame.Surface]:
    """Nine roof pieces: rows of round shingles, a lit ridge and a dark eave."""
    r = ROOF_RAMPS[color]
    big = new_surface(48, 48)
    rng = rng_for(f"roof_{color}")
    lighter = {(i, j) for i in range(8) for j in range(2) if rng.random() < 0.25}
    for y in range(48):
        for x in range(48):
            course = (y % 16) // 8
            ly = y % 8
            shift = 2 if course else 0
            lx = (x + shift) % 4
            rib = (x + shift) % 16 // 4 * 2 + course
            c = [r[3], r[2], r[2], mix(r[2], r[1], 0.6)][lx]
            if (rib // 2, course) in lighter:
                c = mix(c, r[3], 0.35)
            if ly == 0:
                c = r[1]
            elif ly == 1:
                c = r[4] if lx == 0 else r[3]
            elif ly == 7:
                c = mix(c, r[1], 0.5)
            px(big, x, y, c)
    for y in range(48):
        px(big, 1, y, r[4])
        px(big, 2, y, r[3])
        px(big, 3, y, mix(big.get_at((3, y))[:3], r[3], 0.4))
        px(big, 44, y, mix(big.get_at((44, y))[:3], r[1], 0.4))
        px(big, 45, y, r[1])
        px(big, 46, y, mix(r[1], r[0], 0.5))
    for x in range(48):
        px(big, x, 1, r[4])
        px(big, x, 2, r[4] if x % 6 == 1 else r[3])
        px(big, x, 3, r[3] if x % 6 != 0 else r[2])
        px(big, x, 4, r[1])
        px(big, x, 5, mix(r[2], r[1], 0.5))
        px(big, x, 43, mix(big.get_at((x, 43))[:3], r[1], 0.3))
        px(big, x, 44, r[3])
        px(big, x, 45, r[2])
        px(big, x, 46, r[1])
    for x in range(2, 46, 6):
        px(big, x, 45, r[1])
        px(big, x, 46, mix(r[1], r[0], 0.5))
    hline(big, 0, 47, 0, r[0])
    hline(big, 0, 47, 47, r[0])
    vline(big, 0, 0, 47, r[0])
    vline(big, 47, 0, 47, r[0])
    pieces = split(big)
    return {ROOF_PARTS[j * 3 + i]: pieces[j][i] for j in range(3) for i in range(3)}


DORMER = [".....oo.....",
          "....o43o....",
          "...o4432o...",
          "..o443321o..",
          ".o44433221o.",
          "o4443332211o",
          "offffffffffo",
          "ofhgggfgggdo",
          "ofghggfgggdo",
          "ofgghgfhggdo",
          "ofggggfghgdo",
          "oddddddddddo",
          "ssssssssssss"]
SKYLIGHT = ["oooooooo",
            "offffffo",
            "ofhggggo",
            "ofghgggo",
            "ofgghggo",
            "ofggghgo",
            "oooooooo",
            "ssssssss"]


def roof_extras(color: str) -> dict[str, pygame.Surface]:
    """Detail pieces for a roof: a ridge across it (l, c, r), a dormer, a skylight and
    the paler north slope above the ridge (``n_`` + a 9-part name of its top two rows).

    They are the 9-part pieces with the detail painted on, so they tile seamlessly
    with their neighbours.
    """
    r = ROOF_RAMPS[color]
    base = roof_set(color)
    out: dict[str, pygame.Surface] = {}
    for part in ("l", "c", "r"):
        s = base[part].copy()
        x0, x1 = (1, 15) if part == "l" else (0, 14) if part == "r" else (0, 15)
        for x in range(x0, x1 + 1):
            px(s, x, 4, mix(s.get_at((x, 4))[:3], r[4], 0.25))
            px(s, x, 5, r[0])
            px(s, x, 6, r[4])
            px(s, x, 7, r[4] if x % 4 == 1 else r[3])
            px(s, x, 8, r[3] if x % 4 != 0 else r[2])
            px(s, x, 9, r[2] if x % 4 != 0 else r[1])
            px(s, x, 10, r[0])
            for y, t in ((11, 0.55), (12, 0.3)):
                px(s, x, y, mix(s.get_at((x, y))[:3], r[0], t))
        out[f"ridge_{part}"] = s
    frame = TRIM if color != "brown" else DARKWOOD[1:]
    colours: dict[str, Color | Rgba] = {
        "o": r[0], "1": r[1], "2": r[2], "3": r[3], "4": r[4], "f": frame[2],
        "d": frame[0], "g": WATER[3], "h": WATER[6]}
    # The north slope, between the top edge and the ridge, faces the light: paler shingles.
    for part in ("tl", "t", "tr", "l", "c", "r"):
        s = base[part].copy()
        for y in range(TILE):
            for x in range(TILE):
                c = s.get_at((x, y))[:3]
                if c != r[0]:
                    px(s, x, y, mix(c, r[4], 0.2))
        out[f"n_{part}"] = s
    dormer = base["c"].copy()
    stamp(dormer, 2, 1, DORMER, colours)
    sky = out["n_c"].copy()
    stamp(sky, 4, 4, SKYLIGHT, {**colours, "o": METAL[1], "f": METAL[3]})
    # The 's' row is a shadow on the shingles: darken them (roof tiles stay opaque).
    for tile, art, (ox, oy) in ((dormer, DORMER, (2, 1)), (sky, SKYLIGHT, (4, 4))):
        for i, ch in enumerate(art[-1]):
            if ch == "s":
                x, y = ox + i, oy + len(art) - 1
                px(tile, x, y, mix(tile.get_at((x, y))[:3], r[0], 0.45))
    out["dormer"] = dormer
    out["skylight"] = sky
    return out


ROOF_EXTRA_PARTS = ["ridge_l", "ridge_c", "ridge_r", "dormer", "skylight", "n_tl", "n_t", "n_tr",
                    "n_l", "n_c", "n_r"]


def chimney() -> pygame.Surface:
    """A brick chimney with a cap, casting a shadow on the roof."""
    s = new_surface()
    obj = new_surface()
    rect(obj, 5, 4, 6, 10, BRICK[3])
    for y in range(5, 14, 2):
        hline(obj, 5, 10, y, BRICK[2])
        px(obj, 7 + (y // 2) % 2 * 2, y - 1, BRICK[2])
    vline(obj, 5, 4, 13, BRICK[4])
    vline(obj, 10, 4, 13, BRICK[1])
    rect(obj, 4, 2, 8, 2, STONE[3])
    hline(obj, 4, 11, 2, STONE[4])
    rect(obj, 6, 1, 4, 1, mix(NIGHT, INK, 0.3))
    outline(obj, 0.55)
    rect(s, 11, 6, 3, 9, (*NIGHT, 70))
    s.blit(obj, (0, 0))
    return s


def plank_floor(r: list[Color], seed: str) -> pygame.Surface:
    """Wooden boards running left-right with staggered joints."""
    s = new_surface()
    rng = rng_for(seed)
    s.fill(r[3])
    for band in range(4):
        y = band * 4
        hline(s, 0, 15, y + 3, r[2])
        joint = (band * 5 + 2) % 16
        vline(s, joint, y, y + 2, r[1])
        px(s, (joint + 1) % 16, y, r[4])
        for _ in range(2):
            x = rng.randrange(16)
            hline(s, x, min(15, x + rng.randrange(1, 4)), y + rng.randrange(0, 3),
                  mix(r[3], r[2], 0.5))
    return s


def tile_floor() -> pygame.Surface:
    """Kitchen and bathroom tiles: cream squares with grout."""
    s = new_surface()
    s.fill(CLOTH_CREAM[3])
    for o in (0, 8):
        hline(s, 0, 15, o + 7, CLOTH_CREAM[1])
        vline(s, o + 7, 0, 15, CLOTH_CREAM[1])
        hline(s, 0, 15, o, CLOTH_CREAM[4])
        vline(s, o, 0, 15, CLOTH_CREAM[4])
    return s


def checker_floor() -> pygame.Surface:
    """Black-and-white diner checkerboard."""
    s = new_surface()
    for j in range(2):
        for i in range(2):
            light = (i + j) % 2 == 0
            rect(s, i * 8, j * 8, 8, 8, CLOTH_CREAM[3] if light else INK)
            hline(s, i * 8, i * 8 + 7, j * 8, CLOTH_CREAM[4] if light else SLATE)
    return s


def carpet(r: list[Color], seed: str) -> pygame.Surface:
    """Soft carpet with a small woven diamond pattern."""
    s = new_surface()
    s.fill(r[2])
    for y in range(16):
        for x in range(16):
            if (x + y) % 8 == 0 or (x - y) % 8 == 0:
                px(s, x, y, mix(r[2], r[3], 0.45))
    rng = rng_for(seed)
    for _ in range(8):
        px(s, rng.randrange(16), rng.randrange(16), mix(r[2], r[1], 0.5))
    return s


def stone_floor() -> pygame.Surface:
    """Irregular flagstones."""
    s = new_surface()
    s.fill(STONE[2])
    stones = [(0, 0, 7, 6), (8, 0, 8, 4), (8, 5, 8, 6), (0, 7, 5, 9), (6, 7, 2, 4),
              (6, 12, 6, 4), (13, 12, 3, 4)]
    for x, y, w, h in stones:
        rect(s, x, y, w - 1, h - 1, STONE[3])
        hline(s, x, x + w - 2, y, STONE[4])
        vline(s, x, y, y + h - 2, mix(STONE[3], STONE[4], 0.5))
    return s


def office_floor() -> pygame.Surface:
    """Grey-blue carpet squares."""
    s = new_surface()
    base = mix(SLATE, SILVER, 0.35)
    s.fill(base)
    for o in (0, 8):
        hline(s, 0, 15, o, mix(base, SLATE, 0.6))
        vline(s, o, 0, 15, mix(base, SLATE, 0.6))
    rng = rng_for("office")
    for _ in range(12):
        px(s, rng.randrange(16), rng.randrange(16), mix(base, SILVER, 0.5))
    return s


def rug() -> pygame.Surface:
    """A small patterned rug with fringes."""
    s = new_surface()
    rect(s, 2, 2, 12, 12, CLOTH_RED[2])
    rect(s, 3, 3, 10, 10, CLOTH_RED[3])
    rect(s, 5, 5, 6, 6, SAND)
    rect(s, 6, 6, 4, 4, CLOTH_RED[2])
    for y in (2, 13):
        for x in range(3, 13, 2):
            px(s, x, y - 1 if y == 2 else y + 1, CLOTH_CREAM[3])
    return s


# --------------------------------------------------------------------------
# Tileset: furniture
# --------------------------------------------------------------------------


def furnish(draw: Callable[[pygame.Surface], None],
            shadows: list[tuple[float, float, float, float]] | None = None,
            size: tuple[int, int] = (TILE, TILE), alpha: int = 70) -> pygame.Surface:
    """Draw an object, outline it and set it on its soft shadow."""
    obj = new_surface(*size)
    draw(obj)
    outline(obj, 0.6)
    if shadows is None:
        shadows = [(size[0] / 2 + 0.5, size[1] - 1.5, size[0] / 2 - 1, 1.5)]
    return with_shadow(obj, shadows, alpha)


def box(s: pygame.Surface, x: int, y: int, w: int, top: int, front: int,
        r: list[Color]) -> None:
    """A 3/4-view block: a lit top face over a front face."""
    rect(s, x, y, w, top, r[3])
    hline(s, x, x + w - 1, y, r[4])
    rect(s, x, y + top, w, front, r[2])
    hline(s, x, x + w - 1, y + top + front - 1, r[1])


def counter_body(s: pygame.Surface, top: list[Color] | None = None) -> None:
    """A kitchen or shop counter that joins its left and right neighbours."""
    t = top or STONE[1:]
    rect(s, 0, 3, 16, 6, t[2])
    hline(s, 0, 15, 3, t[3])
    hline(s, 0, 15, 8, t[1])
    rect(s, 0, 9, 16, 5, WOOD[2])
    hline(s, 0, 15, 9, WOOD[1])
    hline(s, 0, 15, 13, WOOD[1])
    for x in (0, 8):
        rect(s, x + 1, 10, 6, 3, WOOD[3])
        hline(s, x + 1, x + 6, 10, WOOD[4])
    px(s, 4, 11, GOLD[2])
    px(s, 12, 11, GOLD[2])


def desk_body(s: pygame.Surface) -> None:
    """A wooden desk with a drawer."""
    box(s, 1, 4, 14, 6, 3, WOOD)
    rect(s, 2, 13, 2, 1, WOOD[1])
    rect(s, 12, 13, 2, 1, WOOD[1])
    rect(s, 9, 10, 5, 2, WOOD[3])
    px(s, 11, 11, GOLD[2])


def draw_desk(s: pygame.Surface) -> None:
    desk_body(s)
    rect(s, 3, 5, 4, 3, WHITE)
    hline(s, 3, 6, 7, SILVER)
    hline(s, 4, 5, 6, SILVER)
    rect(s, 10, 5, 2, 2, BERRY)
    px(s, 10, 5, CORAL)


def draw_computer(s: pygame.Surface) -> None:
    desk_body(s)
    rect(s, 3, 0, 10, 7, METAL[1])
    rect(s, 4, 1, 8, 5, WATER[3])
    hline(s, 5, 9, 2, CYAN)
    hline(s, 5, 7, 4, CYAN)
    px(s, 4, 1, WATER[5])
    rect(s, 7, 7, 2, 1, METAL[2])
    rect(s, 4, 8, 8, 1, METAL[3])
    px(s, 13, 8, WHITE)


def draw_table(s: pygame.Surface) -> None:
    box(s, 2, 3, 12, 7, 2, WOOD)
    rect(s, 3, 12, 2, 2, WOOD[1])
    rect(s, 11, 12, 2, 2, WOOD[1])


def draw_table_round(s: pygame.Surface) -> None:
    rect(s, 7, 9, 2, 4, WOOD[1])
    ellipse(s, 8, 13.5, 3.5, 1, WOOD[1])
    ellipse(s, 8, 7, 7, 4, WOOD[2])
    ellipse(s, 8, 6, 7, 4, WOOD[4])
    ellipse(s, 7, 5, 4, 2, WOOD[5])
    rect(s, 9, 4, 3, 3, WHITE)
    px(s, 12, 5, WHITE)
    hline(s, 9, 11, 4, mix(CORAL, PLUM, 0.5))
    hline(s, 8, 12, 7, PORCELAIN[2])


def draw_dining_table(s: pygame.Surface) -> None:
    rect(s, 0, 3, 16, 8, CLOTH_CREAM[3])
    hline(s, 0, 15, 3, CLOTH_CREAM[4])
    rect(s, 0, 11, 16, 2, CLOTH_CREAM[2])
    for x in range(0, 16, 4):
        px(s, x + 1, 12, CLOTH_CREAM[1])
    rect(s, 0, 6, 16, 2, mix(BERRY, CORAL, 0.3))
    for cx in (4, 12):
        ellipse(s, cx, 5.5, 2.5, 1.6, WHITE)
        px(s, cx - 1, 5, SILVER)
    rect(s, 1, 13, 2, 1, WOOD[1])
    rect(s, 13, 13, 2, 1, WOOD[1])


def draw_counter(s: pygame.Surface) -> None:
    counter_body(s)


def draw_register(s: pygame.Surface) -> None:
    counter_body(s)
    rect(s, 4, 1, 8, 6, METAL[2])
    hline(s, 4, 11, 1, METAL[3])
    rect(s, 5, 2, 4, 2, LIME)
    px(s, 5, 2, WHITE)
    for x in range(5, 11, 2):
        px(s, x, 5, METAL[4])
    rect(s, 3, 7, 10, 1, METAL[1])


def draw_stove(s: pygame.Surface) -> None:
    rect(s, 0, 3, 16, 6, METAL[3])
    hline(s, 0, 15, 3, METAL[4])
    hline(s, 0, 15, 8, METAL[2])
    for cx, cy in ((4, 5), (11, 5)):
        ellipse(s, cx, cy + 0.5, 2.5, 1.7, METAL[1])
        px(s, cx, cy, mix(BERRY, CORAL, 0.5))
        px(s, cx - 1, cy, BERRY)
    rect(s, 0, 9, 16, 5, METAL[3])
    rect(s, 3, 10, 10, 3, METAL[1])
    hline(s, 4, 11, 10, mix(CORAL, SAND, 0.4))
    hline(s, 3, 12, 9, METAL[2])


def draw_oven(s: pygame.Surface) -> None:
    box(s, 1, 1, 14, 3, 10, BRICK)
    rect(s, 3, 5, 10, 7, BRICK[2])
    ellipse(s, 8, 9.5, 4, 3.5, mix(NIGHT, PLUM, 0.3))
    rect(s, 4, 9, 8, 4, mix(NIGHT, PLUM, 0.3))
    ellipse(s, 8, 11.5, 3, 1.5, CORAL)
    px(s, 8, 11, SAND)
    px(s, 7, 12, SAND)
    rect(s, 6, 0, 4, 1, STONE[2])


def draw_fridge(s: pygame.Surface) -> None:
    rect(s, 2, 0, 12, 14, PORCELAIN[2])
    rect(s, 2, 0, 12, 2, PORCELAIN[3])
    vline(s, 2, 0, 13, WHITE)
    vline(s, 13, 2, 13, PORCELAIN[1])
    hline(s, 2, 13, 6, PORCELAIN[1])
    vline(s, 11, 3, 4, SLATE)
    vline(s, 11, 8, 11, SLATE)
    rect(s, 5, 8, 2, 2, BERRY)
    px(s, 7, 3, SKY)


def draw_sink(s: pygame.Surface) -> None:
    counter_body(s)
    ellipse(s, 8, 6, 4.5, 2.2, METAL[2])
    ellipse(s, 8, 6.5, 3.5, 1.5, WATER[4])
    rect(s, 7, 1, 2, 3, METAL[3])
    px(s, 9, 1, METAL[3])
    px(s, 9, 2, METAL[2])


def draw_coffee_machine(s: pygame.Surface) -> None:
    counter_body(s)
    rect(s, 3, 0, 10, 7, METAL[3])
    hline(s, 3, 12, 0, METAL[4])
    rect(s, 3, 3, 10, 4, METAL[2])
    rect(s, 5, 3, 6, 1, NIGHT)
    rect(s, 6, 4, 2, 1, METAL[1])
    rect(s, 6, 5, 3, 2, WHITE)
    px(s, 9, 5, WHITE)
    px(s, 7, 4, mix(CORAL, PLUM, 0.5))
    px(s, 11, 1, LIME)
    px(s, 4, 1, BERRY)


def draw_shelf_books(s: pygame.Surface) -> None:
    rect(s, 1, 0, 14, 14, DARKWOOD[2])
    hline(s, 1, 14, 0, DARKWOOD[4])
    rng = rng_for("books")
    colors = [BERRY, BLUE, GREEN, SAND, CORAL, PLUM, TEAL, SKY]
    for top in (2, 7):
        rect(s, 2, top, 12, 4, DARKWOOD[0])
        x = 2
        while x < 14:
            w = 1 if rng.random() < 0.6 else 2
            h = rng.choice((3, 4, 4))
            c = rng.choice(colors)
            rect(s, x, top + 4 - h, min(w, 14 - x), h, c)
            px(s, x, top + 4 - h, mix(c, WHITE, 0.35))
            x += w
        hline(s, 2, 13, top + 4, DARKWOOD[3])
    rect(s, 2, 12, 12, 1, DARKWOOD[1])


def draw_goods(variant: int) -> Callable[[pygame.Surface], None]:
    def draw(s: pygame.Surface) -> None:
        rect(s, 1, 0, 14, 14, METAL[3])
        hline(s, 1, 14, 0, METAL[4])
        rng = rng_for(f"goods_{variant}")
        for top in (1, 6):
            rect(s, 2, top, 12, 4, METAL[2])
            for x in range(2, 14, 3):
                if variant == 0:
                    c = rng.choice([BERRY, SKY, SAND, LIME, CORAL])
                    rect(s, x, top + 1, 2, 3, c)
                    px(s, x, top + 1, mix(c, WHITE, 0.4))
                else:
                    c = rng.choice([CORAL, LIME, mix(BERRY, CORAL, 0.4), SAND])
                    ellipse(s, x + 1, top + 2.8, 1.3, 1.2, c)
                    px(s, x, top + 2, mix(c, WHITE, 0.5))
            hline(s, 2, 13, top + 4, METAL[1])
        rect(s, 2, 11, 12, 2, METAL[2])
        for x in range(3, 13, 4):
            rect(s, x, 11, 3, 2, rng.choice([BERRY, BLUE, GREEN]) if variant == 0 else SAND)
    return draw


def draw_display_case(s: pygame.Surface) -> None:
    rect(s, 0, 2, 16, 7, mix(CYAN, WHITE, 0.5))
    hline(s, 0, 15, 2, WHITE)
    rect(s, 0, 9, 16, 5, WOOD[2])
    hline(s, 0, 15, 9, WOOD[4])
    hline(s, 0, 15, 13, WOOD[1])
    rect(s, 0, 3, 16, 5, mix(CYAN, SKY, 0.3))
    for cx, col in ((3, mix(CORAL, SAND, 0.3)), (8, mix(BERRY, WHITE, 0.4)), (13, mix(PLUM, CORAL, 0.4))):
        rect(s, cx - 2, 5, 4, 3, col)
        hline(s, cx - 2, cx + 1, 5, WHITE)
        px(s, cx, 4, BERRY)
    for i in range(3):
        px(s, 5 + i, 6 - i, WHITE)


def draw_tv(s: pygame.Surface) -> None:
    box(s, 1, 9, 14, 2, 3, DARKWOOD)
    rect(s, 2, 0, 12, 9, METAL[1])
    rect(s, 3, 1, 10, 6, mix(NAVY, BLUE, 0.4))
    for i in range(4):
        px(s, 4 + i, 4 - i, SKY)
    px(s, 9, 5, CYAN)
    rect(s, 7, 8, 2, 1, METAL[0])


def draw_plant_pot(s: pygame.Surface) -> None:
    rect(s, 5, 10, 6, 4, mix(CORAL, PLUM, 0.25))
    hline(s, 4, 11, 9, CORAL)
    hline(s, 4, 11, 10, mix(CORAL, PLUM, 0.4))
    vline(s, 5, 11, 13, mix(CORAL, SAND, 0.3))
    for cx, cy, rx, ry in ((8, 5, 4, 4), (5, 7, 2.5, 2.5), (11, 7, 2.5, 2.5)):
        ellipse(s, cx, cy, rx, ry, LEAF[3])
    for cx, cy in ((7, 3), (4, 6), (10, 5)):
        px(s, cx, cy, LEAF[4])
        px(s, cx + 1, cy + 1, LEAF[4])
    hline(s, 5, 11, 8, LEAF[2])


def draw_lamp(s: pygame.Surface) -> None:
    rect(s, 7, 7, 2, 6, METAL[2])
    rect(s, 5, 13, 6, 1, METAL[1])
    for y in range(1, 7):
        half = 2 + y // 2
        hline(s, 8 - half, 7 + half, y, mix(SAND, WHITE, 0.5))
        px(s, 8 - half, y, WHITE)
        px(s, 7 + half, y, SAND)
    hline(s, 3, 12, 6, mix(SAND, CORAL, 0.4))


def draw_wardrobe(s: pygame.Surface) -> None:
    rect(s, 1, 0, 14, 14, WOOD[2])
    rect(s, 1, 0, 14, 2, WOOD[4])
    hline(s, 1, 14, 2, WOOD[1])
    for x in (2, 8):
        rect(s, x, 3, 6, 9, WOOD[3])
        hline(s, x, x + 5, 3, WOOD[4])
    vline(s, 7, 3, 12, WOOD[1])
    px(s, 6, 7, GOLD[3])
    px(s, 9, 7, GOLD[3])
    hline(s, 1, 14, 13, WOOD[1])


def draw_bathtub(s: pygame.Surface) -> None:
    rect(s, 1, 3, 14, 10, PORCELAIN[3])
    hline(s, 1, 14, 12, PORCELAIN[1])
    rect(s, 1, 10, 14, 2, PORCELAIN[2])
    rect(s, 3, 4, 10, 5, WATER[4])
    hline(s, 3, 12, 4, WATER[3])
    px(s, 5, 6, WHITE)
    px(s, 9, 7, CYAN)
    px(s, 10, 5, CYAN)
    rect(s, 13, 1, 1, 3, METAL[3])


def draw_toilet(s: pygame.Surface) -> None:
    rect(s, 4, 1, 8, 5, PORCELAIN[3])
    hline(s, 4, 11, 1, WHITE)
    hline(s, 4, 11, 5, PORCELAIN[1])
    ellipse(s, 8, 9, 4, 3.5, PORCELAIN[3])
    ellipse(s, 8, 8.5, 2.5, 2, PORCELAIN[1])
    ellipse(s, 8, 8.5, 1.5, 1.2, WATER[4])
    rect(s, 6, 12, 4, 2, PORCELAIN[2])


def draw_treadmill(s: pygame.Surface) -> None:
    rect(s, 3, 0, 10, 3, METAL[2])
    rect(s, 5, 1, 6, 1, LIME)
    vline(s, 3, 2, 6, METAL[3])
    vline(s, 12, 2, 6, METAL[3])
    rect(s, 2, 5, 12, 9, METAL[1])
    rect(s, 4, 5, 8, 8, mix(NIGHT, INK, 0.5))
    for y in range(6, 13, 2):
        hline(s, 4, 11, y, INK)
    vline(s, 2, 5, 13, METAL[2])
    hline(s, 2, 13, 13, METAL[0])


def draw_weights(s: pygame.Surface) -> None:
    box(s, 1, 7, 14, 2, 5, METAL)
    for cx in (4, 11):
        rect(s, cx - 1, 4, 3, 1, METAL[2])
        rect(s, cx - 3, 2, 2, 5, BERRY)
        rect(s, cx + 2, 2, 2, 5, BERRY)
        px(s, cx - 3, 2, CORAL)
        px(s, cx + 2, 2, CORAL)


def draw_blackboard(s: pygame.Surface) -> None:
    rect(s, 0, 1, 16, 11, WOOD[2])
    hline(s, 0, 15, 1, WOOD[4])
    rect(s, 1, 2, 14, 8, mix(TEAL, NIGHT, 0.35))
    hline(s, 2, 6, 4, WHITE)
    hline(s, 3, 9, 6, mix(WHITE, TEAL, 0.3))
    stamp(s, 10, 3, ["x.x", ".x.", "x.x"], {"x": SAND})
    hline(s, 2, 13, 8, mix(WHITE, TEAL, 0.45))
    rect(s, 0, 10, 16, 2, WOOD[3])
    px(s, 4, 10, WHITE)
    rect(s, 2, 12, 1, 2, WOOD[1])
    rect(s, 13, 12, 1, 2, WOOD[1])


def draw_school_desk(s: pygame.Surface) -> None:
    box(s, 2, 4, 12, 5, 2, WOOD)
    rect(s, 3, 11, 1, 3, METAL[2])
    rect(s, 12, 11, 1, 3, METAL[2])
    rect(s, 4, 5, 4, 3, mix(BLUE, SKY, 0.4))
    hline(s, 4, 7, 5, WHITE)
    px(s, 10, 6, SAND)
    px(s, 11, 5, SAND)


def draw_crate(s: pygame.Surface) -> None:
    box(s, 2, 2, 12, 4, 8, WOOD)
    for y in (2, 4):
        hline(s, 2, 13, y, WOOD[4] if y == 2 else WOOD[2])
    for i in range(8):
        px(s, 3 + i * 10 // 8, 7 + i * 6 // 8, WOOD[1])
        px(s, 12 - i * 10 // 8, 7 + i * 6 // 8, WOOD[1])
    rect(s, 2, 6, 12, 1, WOOD[1])


def draw_barrel(s: pygame.Surface) -> None:
    ellipse(s, 8, 8.5, 5.5, 5.5, WOOD[2])
    rect(s, 3, 4, 10, 9, WOOD[2])
    for x in range(4, 12, 2):
        vline(s, x, 5, 12, WOOD[3] if x < 8 else WOOD[1])
    hline(s, 3, 12, 6, METAL[1])
    hline(s, 3, 12, 11, METAL[1])
    ellipse(s, 8, 3.5, 5, 2, WOOD[4])
    ellipse(s, 8, 3.5, 3.5, 1.2, WOOD[3])


def draw_piano(s: pygame.Surface) -> None:
    rect(s, 1, 0, 14, 14, mix(NIGHT, PLUM, 0.3))
    rect(s, 1, 0, 14, 2, mix(INK, PLUM, 0.4))
    hline(s, 1, 14, 0, SLATE)
    rect(s, 2, 7, 12, 3, WHITE)
    for x in range(3, 13, 2):
        vline(s, x, 7, 8, NIGHT)
    hline(s, 2, 13, 10, mix(NIGHT, PLUM, 0.5))
    rect(s, 3, 3, 10, 3, mix(NIGHT, PLUM, 0.5))
    px(s, 7, 4, SAND)
    px(s, 9, 4, SAND)
    rect(s, 2, 11, 1, 3, mix(INK, PLUM, 0.4))


def draw_chair(s: pygame.Surface) -> None:
    rect(s, 4, 1, 8, 2, WOOD[3])
    hline(s, 4, 11, 1, WOOD[5])
    for x in (4, 7, 10):
        rect(s, x, 3, 2, 5, WOOD[2])
        px(s, x, 3, WOOD[4])
    rect(s, 3, 8, 10, 3, WOOD[4])
    hline(s, 3, 12, 8, WOOD[5])
    hline(s, 3, 12, 10, WOOD[3])
    rect(s, 3, 11, 10, 1, WOOD[1])
    for x in (3, 11):
        rect(s, x, 12, 2, 2, WOOD[1])


def draw_stool(s: pygame.Surface) -> None:
    ellipse(s, 8, 7, 4, 2.5, mix(BERRY, CORAL, 0.3))
    ellipse(s, 7.5, 6.5, 2.5, 1.2, mix(CORAL, SAND, 0.3))
    rect(s, 7, 9, 2, 4, METAL[2])
    rect(s, 5, 13, 6, 1, METAL[1])


def draw_mat(s: pygame.Surface) -> None:
    rect(s, 3, 2, 10, 12, mix(BERRY, PLUM, 0.2))
    rect(s, 4, 3, 8, 10, mix(BERRY, CORAL, 0.35))
    vline(s, 4, 3, 12, mix(CORAL, SAND, 0.3))
    hline(s, 4, 11, 3, mix(CORAL, SAND, 0.3))
    ellipse(s, 8, 13, 5, 1.6, mix(BERRY, PLUM, 0.45))
    hline(s, 4, 11, 13, mix(BERRY, CORAL, 0.2))


def draw_bed(s: pygame.Surface) -> None:
    """Bed drawn 16×32: headboard, pillow, blanket, footboard."""
    rect(s, 1, 0, 14, 6, WOOD[2])
    hline(s, 1, 14, 0, WOOD[4])
    rect(s, 2, 2, 12, 3, WOOD[3])
    rect(s, 2, 6, 12, 22, CLOTH_CREAM[3])
    ellipse(s, 8, 9, 5, 2.5, WHITE)
    hline(s, 4, 12, 11, CLOTH_CREAM[2])
    rect(s, 1, 13, 14, 14, CLOTH_BLUE[3])
    hline(s, 1, 14, 13, mix(CLOTH_BLUE[3], WHITE, 0.5))
    hline(s, 1, 14, 14, WHITE)
    for y in range(17, 27, 4):
        for x in range(3, 14, 4):
            px(s, x + (y // 4) % 2 * 2, y, mix(CLOTH_BLUE[3], WHITE, 0.4))
    rect(s, 1, 25, 14, 3, CLOTH_BLUE[2])
    rect(s, 1, 28, 14, 3, WOOD[2])
    hline(s, 1, 14, 28, WOOD[4])


def draw_sofa(s: pygame.Surface) -> None:
    """Sofa drawn 32×16."""
    r = CLOTH_GREEN
    rect(s, 1, 1, 30, 7, r[2])
    hline(s, 1, 30, 1, r[4])
    for x in (3, 16):
        rect(s, x, 3, 13, 4, r[3])
    rect(s, 1, 7, 30, 5, r[3])
    hline(s, 3, 28, 7, r[4])
    vline(s, 16, 8, 10, r[2])
    rect(s, 1, 11, 30, 2, r[1])
    for x0 in (1, 28):
        rect(s, x0, 4, 3, 9, r[2])
        hline(s, x0, x0 + 2, 4, r[4])
    rect(s, 2, 13, 2, 1, WOOD[1])
    rect(s, 28, 13, 2, 1, WOOD[1])


def draw_bench(s: pygame.Surface) -> None:
    """Park bench drawn 32×16."""
    for y in (2, 5):
        rect(s, 1, y, 30, 2, WOOD[3])
        hline(s, 1, 30, y, WOOD[4])
    for y in (8, 10):
        rect(s, 1, y, 30, 2, WOOD[3])
        hline(s, 1, 30, y, WOOD[4])
        hline(s, 1, 30, y + 1, WOOD[2])
    for x in (3, 27):
        rect(s, x, 1, 2, 13, METAL[1])
        vline(s, x, 1, 13, METAL[2])


def draw_fountain(s: pygame.Surface) -> None:
    """Fountain drawn 32×32."""
    ellipse(s, 16, 18, 15, 11, STONE[2])
    ellipse(s, 16, 17, 15, 10, STONE[3])
    ellipse(s, 15, 16, 13, 8, STONE[4])
    ellipse(s, 16, 17, 12, 7.5, WATER[3])
    ellipse(s, 16, 16.5, 12, 7, WATER[4])
    for x, y in ((8, 14), (21, 19), (11, 20), (22, 13)):
        hline(s, x, x + 2, y, WATER[5])
    rect(s, 13, 26, 6, 1, STONE[1])
    rect(s, 14, 8, 4, 10, STONE[3])
    vline(s, 14, 8, 17, STONE[4])
    vline(s, 17, 8, 17, STONE[2])
    ellipse(s, 16, 8, 4, 1.8, STONE[3])
    ellipse(s, 16, 7.5, 3, 1.2, WATER[4])
    for dx in (-1, 0, 1):
        vline(s, 16 + dx * 3, 3 + abs(dx) * 2, 7, WATER[5])
    rect(s, 15, 1, 2, 5, WATER[6])
    for x, y in ((11, 9), (21, 9), (12, 12), (20, 12)):
        px(s, x, y, WATER[5])
    ellipse(s, 16, 17.5, 5, 1.5, mix(WATER[4], WHITE, 0.4))


# --------------------------------------------------------------------------
# Tileset assembly and TSX
# --------------------------------------------------------------------------


def build_tileset() -> TileSheet:
    """Every tile, in the published order (new tiles are appended at the end)."""
    t = TileSheet()
    for i in range(4):
        t.add(f"grass_{i}", grass_tile(i))
    t.add("grass_flowers_0", flowers_tile(0))
    t.add("grass_flowers_1", flowers_tile(1))
    t.add("grass_tuft", tuft_tile())
    t.add("dirt_0", dirt_tile(0))
    t.add("dirt_1", dirt_tile(1))
    t.add("sand", sand_tile())
    for m in range(16):
        t.add(f"path_{m}", path_tile(m))
    for m in range(16):
        t.add(f"water_{m}", water_tile(m), collide=True)
    t.add("road", road_tile("road"))
    t.add("road_line_h", road_line(True))
    t.add("road_line_v", road_line(False))
    t.add("road_cross", road_cross())
    t.add("crosswalk_h", crosswalk(True))
    t.add("crosswalk_v", crosswalk(False))
    t.add("sidewalk", sidewalk())
    top, trunk_tile = small_tree()
    t.add("tree_top", top)
    t.add("tree_trunk", trunk_tile, collide=True)
    (tl, tr), (bl, br) = big_tree()
    t.add("tree_big_tl", tl)
    t.add("tree_big_tr", tr)
    t.add("tree_big_bl", bl, collide=True)
    t.add("tree_big_br", br, collide=True)
    top, trunk_tile = pine_tree()
    t.add("pine_top", top)
    t.add("pine_trunk", trunk_tile, collide=True)
    t.add("bush", bush(), collide=True)
    t.add("hedge", hedge(), collide=True)
    t.add("flowerbed_0", flowerbed(0))
    t.add("flowerbed_1", flowerbed(1))
    t.add("rock", rock(), collide=True)
    t.add("stump", stump(), collide=True)
    t.add("fence_h", fence_h(), collide=True)
    t.add("fence_v", fence_v(), collide=True)
    t.add("fence_post", fence_post(), collide=True)
    post, head = lamp_post()
    t.add("lamp_post", post, collide=True)
    t.add("lamp_post_top", head)
    t.add("mailbox", mailbox(), collide=True)
    t.add("sign_for_sale", sign_for_sale(), collide=True)
    t.add("wall_top", wall_top(), collide=True)
    for material in ("wood", "brick", "plaster"):
        t.add(f"wall_front_{material}", wall_face(material), collide=True)
    for material in ("wood", "brick", "plaster"):
        t.add(f"wall_window_{material}", wall_window(material), collide=True)
    for material in ("wood", "brick", "plaster"):
        t.add(f"door_{material}", door(material))
    t.add("door_inner", door_inner())
    for part in ("l", "c", "r"):
        t.add(f"awning_{part}", awning(part))
    for kind in ("cafe", "store", "office", "home", "park", "gym", "library", "school",
                 "restaurant", "apartment"):
        t.add(f"sign_{kind}", sign(kind), collide=True)
    for color in ("red", "blue", "green", "brown", "purple"):
        pieces = roof_set(color)
        for part in ROOF_PARTS:
            t.add(f"roof_{color}_{part}", pieces[part])
    t.add("chimney", chimney())
    t.add("floor_wood", plank_floor(HONEY, "floor_wood"))
    t.add("floor_wood_dark", plank_floor(DARKWOOD, "floor_wood_dark"))
    t.add("floor_tile", tile_floor())
    t.add("floor_checker", checker_floor())
    t.add("floor_carpet_red", carpet(CLOTH_RED, "carpet_red"))
    t.add("floor_carpet_blue", carpet(CLOTH_BLUE, "carpet_blue"))
    t.add("floor_stone", stone_floor())
    t.add("floor_office", office_floor())
    t.add("rug", rug())
    (bed_top,), (bed_bottom,) = split(furnish(draw_bed, size=(16, 32)))
    t.add("bed_top", bed_top)
    t.add("bed_bottom", bed_bottom)
    t.add("chair", furnish(draw_chair))
    (sofa_l, sofa_r), = split(furnish(draw_sofa, size=(32, 16)))
    t.add("sofa_l", sofa_l)
    t.add("sofa_r", sofa_r)
    (bench_l, bench_r), = split(furnish(draw_bench, size=(32, 16)))
    t.add("bench_l", bench_l)
    t.add("bench_r", bench_r)
    t.add("stool", furnish(draw_stool))
    t.add("mat", furnish(draw_mat, shadows=[]))
    solid: list[tuple[str, Callable[[pygame.Surface], None]]] = [
        ("desk", draw_desk), ("computer", draw_computer), ("table", draw_table),
        ("table_round", draw_table_round), ("counter", draw_counter),
        ("counter_register", draw_register), ("stove", draw_stove), ("fridge", draw_fridge),
        ("sink", draw_sink), ("coffee_machine", draw_coffee_machine),
        ("shelf_books", draw_shelf_books), ("shelf_goods_0", draw_goods(0)),
        ("shelf_goods_1", draw_goods(1)), ("display_case", draw_display_case),
        ("tv", draw_tv), ("plant_pot", draw_plant_pot), ("lamp", draw_lamp),
        ("wardrobe", draw_wardrobe), ("bathtub", draw_bathtub), ("toilet", draw_toilet),
    ]
    for name, draw in solid:
        t.add(name, furnish(draw), collide=True)
    fountain = split(furnish(draw_fountain, size=(32, 32), shadows=[(17, 19, 15, 11)]))
    t.add("fountain_tl", fountain[0][0], collide=True)
    t.add("fountain_tr", fountain[0][1], collide=True)
    t.add("fountain_bl", fountain[1][0], collide=True)
    t.add("fountain_br", fountain[1][1], collide=True)
    more: list[tuple[str, Callable[[pygame.Surface], None]]] = [
        ("treadmill", draw_treadmill), ("weights", draw_weights), ("blackboard", draw_blackboard),
        ("school_desk", draw_school_desk), ("crate", draw_crate), ("barrel", draw_barrel),
        ("piano", draw_piano), ("oven", draw_oven), ("dining_table", draw_dining_table),
    ]
    for name, draw in more:
        t.add(name, furnish(draw), collide=True)
    # Extras beyond the contract: shadows a building casts on the ground to its
    # right (e) and below (s), for the floor layer.
    t.add("shadow_e", cast_shadow(0, 0, 2, 15))
    t.add("shadow_e_top", cast_shadow(0, 4, 2, 15))
    t.add("shadow_s", cast_shadow(0, 0, 15, 1))
    t.add("shadow_s_left", cast_shadow(3, 0, 15, 1))
    t.add("shadow_se", cast_shadow(0, 0, 2, 1))
    t.add("wall_inner_front", wall_inner_front(), collide=True)
    t.add("wall_inner_window", wall_inner_window(), collide=True)
    # 47-tile autotiles: the 16 masks above plus inner bends, ``<kind>_<mask>_n<notch>``.
    for m in range(16):
        for n in notch_sets(m):
            t.add(f"path_{m}_n{n}", path_tile(m, n))
    for m in range(16):
        for n in notch_sets(m):
            t.add(f"water_{m}_n{n}", water_tile(m, n), collide=True)
    for color in ("red", "blue", "green", "brown", "purple"):
        extras = roof_extras(color)
        for part in ROOF_EXTRA_PARTS:
            t.add(f"roof_{color}_{part}", extras[part])
    return t


def cast_shadow(x0: int, y0: int, x1: int, y1: int) -> pygame.Surface:
    """A translucent building shadow over pixels x0..x1, y0..y1 of a ground tile."""
    s = new_surface()
    for y in range(y0, y1 + 1):
        for x in range(x0, x1 + 1):
            px(s, x, y, (*NIGHT, 64))
    return s


def tileset_image(sheet: TileSheet) -> pygame.Surface:
    """All tiles on one image, 16 per row."""
    rows = math.ceil(len(sheet.tiles) / TILESET_COLUMNS)
    img = new_surface(TILESET_COLUMNS * TILE, rows * TILE)
    for i, t in enumerate(sheet.tiles):
        img.blit(t.image, ((i % TILESET_COLUMNS) * TILE, (i // TILESET_COLUMNS) * TILE))
    return img


def tsx_text(sheet: TileSheet, image: pygame.Surface) -> str:
    """A Tiled 1.10 external tileset naming every tile."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tileset version="1.10" tiledversion="1.10.2" name="town" tilewidth="{TILE}" '
        f'tileheight="{TILE}" tilecount="{len(sheet.tiles)}" columns="{TILESET_COLUMNS}">',
        f' <image source="../assets/tiles/town.png" width="{image.get_width()}" '
        f'height="{image.get_height()}"/>',
    ]
    for i, t in enumerate(sheet.tiles):
        lines.append(f' <tile id="{i}">')
        lines.append("  <properties>")
        if t.collide:
            lines.append('   <property name="collide" type="bool" value="true"/>')
        lines.append(f'   <property name="name" value="{t.name}"/>')
        lines.append("  </properties>")
        lines.append(" </tile>")
    lines.append("</tileset>")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Villagers
# --------------------------------------------------------------------------

FRAME_W, FRAME_H = 16, 24
DIRECTIONS = ["down", "left", "right", "up"]

# Head rows 3..12 for every direction. S skin, s skin shade, E eye, b blush.
HEAD: dict[str, list[str]] = {
    "down": ["................",
             "................",
             "................",
             "....SSSSSSSS....",
             "...SSSSSSSSSS...",
             "..SSSSSSSSSSSS..",
             "..SSSSSSSSSSSS..",
             "..SSSSSSSSSSSs..",
             "..SSSESSSSESSs..",
             "..SSSESSSSESSs..",
             "..SbSSSSSSSSbs..",
             "...sSSSSSSSSs...",
             "....ssssssss...."],
    "left": ["................",
             "................",
             "................",
             "....SSSSSSSS....",
             "...SSSSSSSSSS...",
             "..SSSSSSSSSSSS..",
             "..SSSSSSSSSSSS..",
             "..SSSSSSSSSSSs..",
             "..SESSSSSSSSSs..",
             ".SSESSSSSSSSSs..",
             "..bSSSSSSSSSSs..",
             "...SSSSSSSSSs...",
             "....ssssssss...."],
    "up": ["................",
           "................",
           "................",
           "....SSSSSSSS....",
           "...SSSSSSSSSS...",
           "..SSSSSSSSSSSS..",
           "..SSSSSSSSSSSS..",
           "..SSSSSSSSSSSs..",
           "..SSSSSSSSSSSs..",
           "..SSSSSSSSSSSs..",
           "..SSSSSSSSSSSs..",
           "...sSSSSSSSSs...",
           "....ssssssss...."],
}

# Bodies, rows 13..22, per direction and pose (idle, step_a, step_b).
# T shirt, t shirt shade, S/s hands, P trousers, p trousers shade, F shoes.
BODY: dict[str, dict[str, list[str]]] = {
    "down": {
        "idle": [".....TTTTTT.....",
                 "....TTTTTTTt....",
                 "...TtTTTTTTtt...",
                 "...TtTTTTTTtt...",
                 "...TtTTTTTTtt...",
                 "...SPPPPPPPPs...",
                 "....PPPPPPPp....",
                 "....PPp..PPp....",
                 "....PPp..PPp....",
                 "....FFF..FFF...."],
        "step_a": [".....TTTTTT.....",
                   "....TTTTTTTt....",
                   "...TtTTTTTTtt...",
                   "...TtTTTTTTtt...",
                   "...StTTTTTTtt...",
                   "....PPPPPPPPs...",
                   "....PPPPPPPp....",
                   "....PPp..PPp....",
                   "....PPp..FFF....",
                   "....FFF........."],
        "step_b": [".....TTTTTT.....",
                   "....TTTTTTTt....",
                   "...TtTTTTTTtt...",
                   "...TtTTTTTTtt...",
                   "...TtTTTTTTts...",
                   "...SPPPPPPPP....",
                   "....PPPPPPPp....",
                   "....PPp..PPp....",
                   "....FFF..PPp....",
                   ".........FFF...."],
    },
    "left": {
        "idle": [".....TTTTTT.....",
                 ".....TTTTTTt....",
                 ".....TTTtTTt....",
                 ".....TTTtTTt....",
                 ".....TTTtTTt....",
                 ".....PPSsPPp....",
                 ".....PPPPPPp....",
                 "......PPPPp.....",
                 "......PPPPp.....",
                 ".....FFFFF......"],
        "step_a": [".....TTTTTT.....",
                   ".....TTTTTTt....",
                   "....TtTTTTTt....",
                   "...TtTTTTTTt....",
                   "...SsTTTTTTt....",
                   ".....PPPPPPp....",
                   ".....PPPPPPPp...",
                   "....PPp...PPp...",
                   "...PPp.....PPp..",
                   "..FFF.....FFF..."],
        "step_b": [".....TTTTTT.....",
                   ".....TTTTTTt....",
                   ".....TTTTTTtt...",
                   ".....TTTTTTTtt..",
                   ".....TTTTTTtSs..",
                   ".....PPPPPPp....",
                   "....PPPPPPPp....",
                   "....PPp..PPp....",
                   "...PPp....PPp...",
                   "..FFF....FFF...."],
    },
    "up": {
        "idle": [".....TTTTTT.....",
                 "....TTTTTTTt....",
                 "...TtTTTTTTtt...",
                 "...TtTTTTTTtt...",
                 "...TtTTTTTTtt...",
                 "...SPPPPPPPPs...",
                 "....PPPPPPPp....",
                 "....PPp..PPp....",
                 "....PPp..PPp....",
                 "....FFF..FFF...."],
        "step_a": [".....TTTTTT.....",
                   "....TTTTTTTt....",
                   "...TtTTTTTTtt...",
                   "...TtTTTTTTtt...",
                   "...TtTTTTTTts...",
                   "...SPPPPPPPP....",
                   "....PPPPPPPp....",
                   "....PPp..PPp....",
                   "....FFF..PPp....",
                   ".........FFF...."],
        "step_b": [".....TTTTTT.....",
                   "....TTTTTTTt....",
                   "...TtTTTTTTtt...",
                   "...TtTTTTTTtt...",
                   "...StTTTTTTtt...",
                   "....PPPPPPPPs...",
                   "....PPPPPPPp....",
                   "....PPp..PPp....",
                   "....PPp..FFF....",
                   "....FFF........."],
    },
}

# Hair, from row 0. H hair, L highlight, h shade; "-" clears to skin-free.
HAIR: dict[str, dict[str, list[str]]] = {
    "short": {
        "down": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHhH..",
                 "..HHhHHHhHHHhH..",
                 "..Hh.h....h.hH..",
                 "..H..........h.."],
        "left": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHH..",
                 "..HhHHHHHHHHhH..",
                 "..h..hHHHHHHhH..",
                 "......hh.HHHhh..",
                 ".........hHhh...",
                 "..........hh...."],
        "up": ["................",
               "................",
               "....HHHHHHHH....",
               "...HLLHHHHHHH...",
               "..HLHHHHHHHHHH..",
               "..HHHHHHHHHHHH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..hHHHHHHHHhhh..",
               "...hhhhhhhhhh...",
               "................"],
    },
    "spiky": {
        "down": ["...H...H...H....",
                 "...HH.HHH.HHH...",
                 "..HHHHHHHHHHHH..",
                 "..HLLHHHHHHHHH..",
                 ".HHLHHHHHHHHHHH.",
                 "..HHHHHHHHHHhH..",
                 "..HHhHHhHHhHhH..",
                 "..H.h..h..h..H.."],
        "left": ["....H...H..H....",
                 "....HH.HHHHH.H..",
                 "...HHHHHHHHHHH..",
                 "..HLLHHHHHHHHHH.",
                 ".HHLHHHHHHHHHHH.",
                 "..HHHHHHHHHHHHHH",
                 "..H.hHHHHHHHHhH.",
                 "..h..hHHHHHHhH..",
                 "......hh.HHHhhH.",
                 ".........hHhh...",
                 "..........hh...."],
        "up": ["...H...H...H....",
               "...HH.HHH.HHH...",
               "..HHHHHHHHHHHH..",
               "..HLLHHHHHHHHH..",
               ".HHLHHHHHHHHHHH.",
               "..HHHHHHHHHHHH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..hHHHHHHHHhhh..",
               "...hhhhhhhhhh...",
               "................"],
    },
    "long": {
        "down": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHH..",
                 "..HHHHh..hHHHH..",
                 "..HHH......HHh..",
                 "..HH........Hh..",
                 "..HH........Hh..",
                 "..HH........Hh..",
                 "..Hh........hh..",
                 "..Hh........hh..",
                 "..hh........hh..",
                 "..hh........hh..",
                 "...h.........h.."],
        "left": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHH..",
                 "..HhHHHHHHHHHH..",
                 "..h..hHHHHHHHH..",
                 "......hh.HHHHH..",
                 "........HHHHHh..",
                 "........HHHHHh..",
                 "........HHHHhh..",
                 ".........HHHhh..",
                 ".........HHhh...",
                 "..........hhh...",
                 "..........hh...."],
        "up": ["................",
               "................",
               "....HHHHHHHH....",
               "...HLLHHHHHHH...",
               "..HLHHHHHHHHHH..",
               "..HHHHHHHHHHHH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhh..",
               "..HHHHHHHHHHhh..",
               "...HHHHHHHHhh...",
               "...hHHHHHHhhh...",
               "...hhHHHHHhh....",
               "....hhhhhhh....."],
    },
    "bob": {
        "down": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHH..",
                 "..HHhHHHHHHhHH..",
                 "..HHh......hHh..",
                 "..HH........Hh..",
                 "..HH........Hh..",
                 "..Hh........hh..",
                 ".hhh........hhh."],
        "left": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHH..",
                 "..HHhHHHHHHHHH..",
                 "..Hh.hHHHHHHHH..",
                 "......hh.HHHHH..",
                 ".........HHHHh..",
                 ".........HHHhh..",
                 "........hhhhhhh."],
        "up": ["................",
               "................",
               "....HHHHHHHH....",
               "...HLLHHHHHHH...",
               "..HLHHHHHHHHHH..",
               "..HHHHHHHHHHHH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhh..",
               "..HHHHHHHHHHhh..",
               ".hhhhhhhhhhhhhh."],
    },
    "bun": {
        "down": ["......HHHH......",
                 ".....HLHHhH.....",
                 "....HHhhhhHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHhH..",
                 "..HHhHHHHHHhhH..",
                 "..Hh........hH.."],
        "left": [".........HHH....",
                 "........HLHHh...",
                 "....HHHHHhhhh...",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHH..",
                 "..HhHHHHHHHHhH..",
                 "..h..hHHHHHHhH..",
                 "......hh.HHHhh..",
                 ".........hHhh..."],
        "up": ["......HHHH......",
               ".....HLHHhH.....",
               "....HHhhhhHH....",
               "...HLLHHHHHHH...",
               "..HLHHHHHHHHHH..",
               "..HHHHHHHHHHHH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..hHHHHHHHHhhh..",
               "...hhhhhhhhhh..."],
    },
    "curly": {
        "down": ["................",
                 "....HHHHHHHH....",
                 "..HHHHLHHHHHHH..",
                 ".HHLLHHhHHHHhHH.",
                 ".HLHHhHHHHhHHHH.",
                 ".HHHHHHHHHHHHhH.",
                 ".HHhHHhHHhHHhHH.",
                 ".HHh........hHH.",
                 ".Hh..........hH.",
                 ".hh..........hh.",
                 "..h..........h.."],
        "left": ["................",
                 "....HHHHHHHH....",
                 "..HHHHLHHHHHHH..",
                 ".HHLLHHhHHHHhHH.",
                 ".HLHHhHHHHhHHHH.",
                 ".HHHHHHHHHHHHhH.",
                 ".HhHhHHHHHHhHHH.",
                 ".h...hHHHHHHhHH.",
                 "......hh.HHHhhH.",
                 ".........HhHhhh.",
                 ".........hhhhh..",
                 "..........hh...."],
        "up": ["................",
               "....HHHHHHHH....",
               "..HHHHLHHHHHHH..",
               ".HHLLHHhHHHHhHH.",
               ".HLHHhHHHHhHHHH.",
               ".HHHHHHHHHHHHhH.",
               ".HHhHHhHHhHHhHH.",
               ".HHHHHHHHHHHHhH.",
               ".HHhHHHhHHHhHhH.",
               ".hHHHHHHHHHHhhh.",
               "..hhHhhhhHhhhh..",
               "...hhhhhhhhhh..."],
    },
    "ponytail": {
        "down": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHH..",
                 "..HHHHhHHHHhhH..",
                 "..Hh........hHh.",
                 "..............hh",
                 "..............hh",
                 "...............h"],
        "left": ["................",
                 "................",
                 "....HHHHHHHH....",
                 "...HLLHHHHHHH...",
                 "..HLHHHHHHHHHH..",
                 "..HHHHHHHHHHHHH.",
                 "..HhHHHHHHHHhHHH",
                 "..h..hHHHHHHhhHH",
                 "......hh.HHHhhHh",
                 ".........hHhh.Hh",
                 "..............hh",
                 "..............hh",
                 "...............h"],
        "up": ["................",
               "................",
               "....HHHHHHHH....",
               "...HLLHHHHHHH...",
               "..HLHHHHHHHHHH..",
               "..HHHHHHHHHHHH..",
               "..HHHHHHHHHHhH..",
               "..HHHHHHHHHHhH..",
               "..HHHHhhhHHHhH..",
               "..hHHHHLHHHhhh..",
               "...hhhHHHhhhh...",
               "......HHh.......",
               "......HHh.......",
               "......hHh.......",
               ".......h........"],
    },
    "bald": {
        "down": ["................",
                 "................",
                 "................",
                 "................",
                 "................",
                 "................",
                 "..h..........h..",
                 "..H..........H..",
                 "..h..........h.."],
        "left": ["................",
                 "................",
                 "................",
                 "................",
                 "................",
                 "................",
                 "...........hh...",
                 "..........hHHh..",
                 ".........hHHh...",
                 "..........hh...."],
        "up": ["................",
               "................",
               "................",
               "................",
               "................",
               "................",
               "................",
               "................",
               "..H..........H..",
               "..hH........Hh..",
               "...h........h..."],
    },
}

# Accessories drawn over everything; A main colour, a its shade, W lens glint.
ACCESSORY: dict[str, dict[str, list[str]]] = {
    "hat": {
        "down": ["................",
                 ".....AAAAAA.....",
                 "....AWWAAAAa....",
                 "....AAAAAAAa....",
                 "...aaaaaaaaaa...",
                 "..AAAAAAAAAAAA..",
                 "..aaaaaaaaaaaa.."],
        "left": ["................",
                 ".....AAAAAA.....",
                 "....AWWAAAAa....",
                 "....AAAAAAAa....",
                 "....aaaaaaaa....",
                 "AAAAAAAAAAAAAA..",
                 "aaaaaaaaaaaaaa.."],
        "up": ["................",
               ".....AAAAAA.....",
               "....AWWAAAAa....",
               "....AAAAAAAa....",
               "...aaaaaaaaaa...",
               "..AAAAAAAAAAAA..",
               "..aaaaaaaaaaaa.."],
    },
    "cap": {
        "down": ["................",
                 "................",
                 ".....AAAAAA.....",
                 "....AWAAAAAa....",
                 "...AAAAAAAAAa...",
                 "..aAAAAAAAAAAa..",
                 "..aaaaaaaaaaaa..",
                 "...AAAAAAAAAA..."],
        "left": ["................",
                 "................",
                 ".....AAAAAA.....",
                 "....AWAAAAAa....",
                 "...AAAAAAAAAa...",
                 "..aAAAAAAAAAAa..",
                 "AAaaaaaaaaaaaa..",
                 "aa.............."],
        "up": ["................",
               "................",
               ".....AAAAAA.....",
               "....AWAAAAAa....",
               "...AAAAAAAAAa...",
               "..aAAAAAAAAAAa..",
               "..aaaaWWWWaaaa..",
               "................"],
    },
    "glasses": {
        "down": ["", "", "", "", "", "", "", "",
                 "...AAAAAAAAAA...",
                 "...AW.A..AW.A...",
                 "....AA....AA...."],
        "left": ["", "", "", "", "", "", "", "",
                 ".AAAAAAAA.......",
                 ".AW.A...........",
                 "..AA............"],
        "up": [],
    },
    "beard": {
        "down": ["", "", "", "", "", "", "", "", "", "",
                 "..HH........HH..",
                 "..HHHLhhhhHHHh..",
                 "...HHHHHHHHHh...",
                 "....hHHHHHHh...."],
        "left": ["", "", "", "", "", "", "", "", "", "",
                 ".........HH.....",
                 ".LhhHHHHHHh.....",
                 "..HHHHHHHHh.....",
                 "...hHHHHh......."],
        "up": [],
    },
    "apron": {
        "down": ["", "", "", "", "", "", "", "", "", "", "", "", "",
                 "................",
                 ".....A....A.....",
                 ".....AAAAAA.....",
                 ".....AAAAAA.....",
                 ".....AAAAAa.....",
                 ".....AAAAAa.....",
                 ".....AAAAAa.....",
                 ".....aaaaaa....."],
        "left": ["", "", "", "", "", "", "", "", "", "", "", "", "",
                 "................",
                 ".....A..........",
                 ".....AA.........",
                 ".....AA.........",
                 "....AAA.........",
                 "....AAa.........",
                 "....AAa.........",
                 "....aaa........."],
        "up": ["", "", "", "", "", "", "", "", "", "", "", "", "", "",
               "................",
               "................",
               "................",
               ".......Aa.......",
               "......A..a......"],
    },
    "scarf": {
        "down": ["", "", "", "", "", "", "", "", "", "", "", "", "",
                 "....AAAAAAAa....",
                 "....aaaAAaaa....",
                 "........AA......",
                 "........Aa......",
                 "........aa......"],
        "left": ["", "", "", "", "", "", "", "", "", "", "", "", "",
                 "....AAAAAAAa....",
                 ".....aaaaaaAA...",
                 "...........Aa...",
                 "...........aa..."],
        "up": ["", "", "", "", "", "", "", "", "", "", "", "", "",
               "....AAAAAAAa....",
               "....aaaaaaaa....",
               ".....AA.........",
               ".....Aa.........",
               ".....aa........."],
    },
    "bow": {
        "down": ["", "", "",
                 ".........AaA....",
                 ".........aWa....",
                 ".........A.A...."],
        "left": ["", "", "",
                 "..........AaA...",
                 "..........aWa...",
                 "..........A.A..."],
        "up": ["", "", "",
               "...AaA..........",
               "...aWa..........",
               "...A.A.........."],
    },
    "none": {"down": [], "left": [], "up": []},
}

SKINS: dict[str, Color] = {
    "pale": mix(mix(SAND, WHITE, 0.55), CORAL, 0.12),
    "light": mix(mix(SAND, WHITE, 0.25), CORAL, 0.3),
    "tan": mix(CORAL, SAND, 0.45),
    "brown": mix(CORAL, PLUM, 0.42),
    "dark": mix(PLUM, CORAL, 0.3),
}

HAIR_COLORS: dict[str, Color] = {
    "black": mix(INK, NIGHT, 0.45), "dark brown": mix(PLUM, NIGHT, 0.25),
    "brown": mix(CORAL, PLUM, 0.55), "ginger": mix(CORAL, BERRY, 0.25),
    "blonde": mix(SAND, WHITE, 0.1), "grey": mix(SILVER, WHITE, 0.35),
    "blue": SKY, "pink": mix(BERRY, WHITE, 0.35), "green": mix(GREEN, TEAL, 0.2),
}

CLOTHES: dict[str, Color] = {
    "red": BERRY, "orange": CORAL, "yellow": SAND, "green": GREEN, "teal": TEAL,
    "blue": BLUE, "sky": SKY, "navy": NAVY, "purple": PLUM, "white": mix(WHITE, SILVER, 0.1),
    "grey": SLATE, "charcoal": INK, "lime": LIME, "brown": mix(CORAL, PLUM, 0.5),
    "cream": mix(SAND, WHITE, 0.55),
}


@dataclass(frozen=True)
class Look:
    """How one villager looks; every field names a palette entry above."""

    skin: str
    hair: str
    hair_color: str
    shirt: str
    trousers: str
    accessory: str = "none"
    accessory_color: str = "white"

    def describe(self) -> str:
        """A short description for ``index.json``."""
        hair = "bald" if self.hair == "bald" else f"{self.hair_color} {self.hair} hair"
        parts = [f"{self.skin} skin", hair, f"{self.shirt} shirt", f"{self.trousers} trousers"]
        if self.accessory == "beard":
            parts.append(f"{self.hair_color} beard")
        elif self.accessory != "none":
            parts.append(f"{self.accessory_color} {self.accessory}")
        return ", ".join(parts)


LOOKS: list[Look] = [
    Look("light", "short", "brown", "red", "navy"),
    Look("tan", "long", "blonde", "green", "charcoal", "glasses", "charcoal"),
    Look("dark", "curly", "black", "yellow", "blue"),
    Look("pale", "bun", "ginger", "sky", "brown", "apron", "cream"),
    Look("brown", "spiky", "black", "teal", "grey", "cap", "red"),
    Look("light", "bob", "pink", "purple", "charcoal", "bow", "yellow"),
    Look("tan", "bald", "grey", "orange", "navy", "beard", "grey"),
    Look("pale", "ponytail", "dark brown", "white", "teal", "scarf", "red"),
    Look("dark", "short", "grey", "navy", "brown", "glasses", "yellow"),
    Look("light", "curly", "ginger", "lime", "navy", "hat", "brown"),
    Look("brown", "long", "dark brown", "red", "cream", "apron", "white"),
    Look("pale", "spiky", "blonde", "blue", "charcoal", "scarf", "yellow"),
    Look("tan", "bob", "black", "yellow", "green"),
    Look("dark", "bun", "grey", "purple", "grey", "glasses", "red"),
    Look("light", "ponytail", "blue", "orange", "blue", "cap", "navy"),
    Look("brown", "short", "dark brown", "green", "purple", "beard", "dark brown"),
    Look("pale", "bald", "brown", "grey", "brown", "hat", "sky"),
    Look("tan", "curly", "pink", "teal", "charcoal", "bow", "white"),
]


def overlay(s: pygame.Surface, art: list[str], colors: dict[str, Color | None],
            flip: bool) -> None:
    """Draw template rows from the top; ``None`` colours erase."""
    for y, row in enumerate(art):
        for x, ch in enumerate(row):
            if ch not in colors:
                continue
            tx = FRAME_W - 1 - x if flip else x
            c = colors[ch]
            if c is None:
                px(s, tx, y, (0, 0, 0, 0))
            else:
                px(s, tx, y, c)


def villager_frame(look: Look, direction: str, pose: str) -> pygame.Surface:
    """One 16×24 frame: body, head, hair, accessory and outline.

    The drop shadow under the feet is left to the renderer, so it stays on the
    ground while the frame bobs.
    """
    flip = direction == "right"
    base = "left" if flip else direction
    skin = SKINS[look.skin]
    shirt = CLOTHES[look.shirt]
    trousers = CLOTHES[look.trousers]
    hair = HAIR_COLORS[look.hair_color]
    acc = HAIR_COLORS[look.hair_color] if look.accessory == "beard" else CLOTHES[look.accessory_color]
    shoes = mix(trousers, NIGHT, 0.6) if look.trousers != "cream" else mix(CORAL, PLUM, 0.55)
    s = new_surface(FRAME_W, FRAME_H)
    body_colors: dict[str, Color | None] = {
        "T": shirt, "t": mix(shirt, NIGHT, 0.22), "S": skin, "s": mix(skin, PLUM, 0.22),
        "P": trousers, "p": mix(trousers, NIGHT, 0.25), "F": shoes,
    }
    overlay(s, [""] * 13 + BODY[base][pose], body_colors, flip)
    head_colors: dict[str, Color | None] = {
        "S": skin, "s": mix(skin, PLUM, 0.22), "E": mix(NIGHT, INK, 0.2),
        "b": mix(skin, BERRY, 0.3),
    }
    overlay(s, HEAD[base], head_colors, flip)
    if look.accessory == "apron":
        overlay(s, ACCESSORY["apron"][base], {"A": acc, "a": mix(acc, SLATE, 0.35)}, flip)
    if look.accessory == "scarf":
        overlay(s, ACCESSORY["scarf"][base], {"A": acc, "a": mix(acc, NIGHT, 0.3)}, flip)
    hair_colors: dict[str, Color | None] = {
        "H": hair, "L": mix(hair, WHITE, 0.35), "h": mix(hair, NIGHT, 0.28),
    }
    overlay(s, HAIR[look.hair][base], hair_colors, flip)
    if look.accessory == "beard":
        overlay(s, ACCESSORY["beard"][base], hair_colors, flip)
    if look.accessory == "glasses":
        acc = mix(acc, NIGHT, 0.55)
    if look.accessory in ("hat", "cap", "glasses", "bow"):
        overlay(s, ACCESSORY[look.accessory][base],
                {"A": acc, "a": mix(acc, NIGHT, 0.3), "W": mix(acc, WHITE, 0.6)}, flip)
    outline(s, 0.62)
    return s


POSES = ["idle", "step_a", "idle", "step_b"]


def villager_sheet(look: Look) -> pygame.Surface:
    """4×4 sheet: rows down/left/right/up, columns idle/step/pass/step."""
    sheet = new_surface(FRAME_W * 4, FRAME_H * 4)
    for row, direction in enumerate(DIRECTIONS):
        for col, pose in enumerate(POSES):
            sheet.blit(villager_frame(look, direction, pose), (col * FRAME_W, row * FRAME_H))
    return sheet


# --------------------------------------------------------------------------
# Icons
# --------------------------------------------------------------------------

ICON_COLORS: dict[str, Color] = {
    "w": WHITE, "s": SILVER, "g": SLATE, "k": INK, "r": BERRY, "o": CORAL, "y": SAND,
    "l": LIME, "e": GREEN, "t": TEAL, "b": BLUE, "c": SKY, "a": CYAN, "p": PLUM,
    "n": mix(CORAL, PLUM, 0.5), "m": mix(CORAL, PLUM, 0.25), "d": mix(PLUM, NIGHT, 0.3),
    "h": mix(SAND, WHITE, 0.5),
}

ICONS: dict[str, list[str]] = {
    "sleep": ["................",
             "..........aaaaa.",
             ".............c..",
             "............c...",
             "...........c....",
             "..........ccccc.",
             "................",
             "................",
             ".aaaaaaaa.......",
             ".aaaaaaaa.......",
             ".....cc.........",
             "....cc..........",
             "...cc...........",
             "..cc............",
             ".cccccccc.......",
             ".cccccccc......."],
    "eat": ["................",
            "..s.s.s....ss...",
            "..s.s.s...sws...",
            "..s.s.s...sws...",
            "..s.s.s...sws...",
            "..sssss...sws...",
            "..wssss...sws...",
            "...sss....sws...",
            "....s.....sss...",
            "....s......s....",
            "....s......s....",
            "....s......s....",
            "....s......s....",
            "....g......g....",
            "................",
            "................"],
    "cook": ["......w...w.....",
             ".....w...w......",
             "......w...w.....",
             ".....w...w......",
             "................",
             "..ssssssssssss..",
             "gwwwwwwwwwwwwwwg",
             "g.ssssssssssss.g",
             "..sssssssssssg..",
             "..ssssssssssgg..",
             "..ssssssssssgg..",
             "..gsssssssssgg..",
             "...gggggggggg...",
             "................",
             "................",
             "................"],
    "coffee": ["................",
               ".....w..w.......",
               "....w..w........",
               ".....w..w.......",
               "....w..w........",
               "................",
               "..hhhhhhhhh.....",
               "..hnnnnnnnhhh...",
               "..hhhhhhhhh.h...",
               "..hhhhhhhhh.h...",
               "..hhhhhhhhhhh...",
               "...hhhhhhhs.....",
               "....hhhhhs......",
               ".ssssssssssss...",
               "................",
               "................"],
    "work": ["................",
             "................",
             "......nnnn......",
             ".....n....n.....",
             ".....n....n.....",
             "..mmmmmmmmmmmm..",
             "..mmmmmmmmmmmm..",
             "..mmmmmmmmmmmm..",
             "..nnnnnyynnnnn..",
             "..mmmmmyymmmmm..",
             "..mmmmmmmmmmmm..",
             "..mmmmmmmmmmmm..",
             "..nnnnnnnnnnnn..",
             "................",
             "................",
             "................"],
    "shop": ["................",
             "......pppp......",
             ".....p....p.....",
             ".....p....p.....",
             "...oooooooooo...",
             "...oooooooooo...",
             "...oooooooooo...",
             "...oooyyyyooo...",
             "...ooyyoyyyoo...",
             "...oooyyyyooo...",
             "...oooooooooo...",
             "...oooooooooo...",
             "...mmmmmmmmmm...",
             "................",
             "................",
             "................"],
    "relax": ["................",
             "................",
             "................",
             "....eeeeeeee....",
             "...elllllllee...",
             "...eleeeeeeee...",
             "...eeeeeeeeet...",
             ".eee........eee.",
             ".elellllllllele.",
             ".eleeeeeeeeeete.",
             ".eeeeeeeeeeeete.",
             ".tttttttttttttt.",
             "..n..........n..",
             "................",
             "................",
             "................"],
    "read": ["................",
             "................",
             "................",
             "..bbbb....bbbb..",
             ".bwwwwb..bwwwwb.",
             ".bwsswwbbwwssw b".replace(" ", "b"),
             ".bwwwwwbbwwwwwb.",
             ".bwssswbbwsssw b".replace(" ", "b"),
             ".bwwwwwbbwwwwwb.",
             ".bwsswwbbwwssw b".replace(" ", "b"),
             ".bwwwwwbbwwwwwb.",
             ".bbbbbbwwbbbbbb.",
             "......bbbb......",
             "................",
             "................",
             "................"],
    "exercise": ["................",
                 "................",
                 "................",
                 "..rr........rr..",
                 ".rorr......rorr.",
                 ".rrrr......rrrr.",
                 ".rrrrssssssrrrr.",
                 ".rrrrggggggrrrr.",
                 ".rrrr......rrrr.",
                 ".rrrr......rrrr.",
                 "..rr........rr..",
                 "................",
                 "................",
                 "................",
                 "................",
                 "................"],
    "study": ["................",
              "............rr..",
              "...........rrrr.",
              "..........yyrr..",
              ".........yyyy...",
              "........yyyy....",
              ".......yyyy.....",
              "......yyyy......",
              ".....yyyy.......",
              "....yyyy........",
              "...hhyy.........",
              "...hhh..........",
              "...kh...........",
              "................",
              "................",
              "................"],
    "play": ["................",
            "................",
            "................",
            "................",
            "...ssss..ssss...",
            "..wsssssssssss..",
            ".wsskssssssrss..",
            ".wskkkssssbsys..",
            ".ssskssssssess..",
            ".ssssssssssssss.",
            ".sss......sssss.",
            ".ss........sss..",
            "................",
            "................",
            "................",
            "................"],
    "wash": ["................",
             ".......c........",
             "......cac.......",
             ".....caaac......",
             ".....caaac......",
             "....caawaac.....",
             "....caawaac.....",
             "....caaaaac..ww.",
             ".....caaac..w..w",
             "......ccc...w..w",
             "..ww.........ww.",
             ".w..w...........",
             ".w..w...........",
             "..ww............",
             "................",
             "................"],
    "walk": ["................",
             "................",
             "................",
             "................",
             "......nnnn......",
             "......nmmn......",
             "......nmmnn.....",
             "......nmmmmn....",
             "......mmmmmmnn..",
             "......mmmmmmmmn.",
             "......mmmmmmmmm.",
             "......kkkkkkkkk.",
             "................",
             "................",
             "................",
             "................"],
    "talk": ["................",
             "................",
             "...wwwwwwwwww...",
             "..wwwwwwwwwwww..",
             "..wwwwwwwwwwww..",
             "..wwkwwkwwkwww..",
             "..wwwwwwwwwwww..",
             "..wwwwwwwwwwww..",
             "...wwwwwwwwww...",
             ".....www........",
             "....ww..........",
             "...w............",
             "................",
             "................",
             "................",
             "................"],
    "think": ["................",
              "....wwww.www....",
              "...wwwwwwwwww...",
              "..wwwwwwwwwwww..",
              "..wwwwwwwwwwww..",
              "...wwwwwwwwwww..",
              "..wwwwwwwwwww...",
              "...wwww.wwww....",
              "................",
              "......ww........",
              "......ww........",
              "................",
              "....w...........",
              "................",
              "................",
              "................"],
    "idle": ["................",
             "................",
             "................",
             "................",
             "................",
             "................",
             "..ss...ss...ss..",
             "..ss...ss...ss..",
             "................",
             "................",
             "................",
             "................",
             "................",
             "................",
             "................",
             "................"],
    "build": ["................",
              "..ssssss........",
              ".ssssssss.......",
              ".ggssssss.......",
              "....sssg........",
              "....nmn.........",
              ".....nmn........",
              "......nmn.......",
              ".......nmn......",
              "........nmn.....",
              ".........nmn....",
              "..........nmn...",
              "...........nmn..",
              "............nn..",
              "................",
              "................"],
    "money": ["................",
             "................",
             ".....oooooo.....",
             "....oyyyyyyo....",
             "...oyhhymyyyo...",
             "...oyhymmmyyo...",
             "...oyyymyyyyo...",
             "...oyyymmmyyo...",
             "...oyyyyymyyo...",
             "...oyyymmmyyo...",
             "....oyyymyyo....",
             ".....oooooo.....",
             "................",
             "................",
             "................",
             "................"],
    "chat": ["................",
             ".ccccccc........",
             "ccccccccc.......",
             "ccccccccc.......",
             "ccccccccc.......",
             ".ccccccc........",
             "..cc.wwwwwwww...",
             "..c.wwwwwwwwww..",
             "....wwwwwwwwww..",
             "....wwwwwwwwww..",
             ".....wwwwwwww...",
             "..........www...",
             "...........ww...",
             "............w...",
             "................",
             "................"],
    "wait": ["................",
             "...nnnnnnnnnn...",
             "....wwwwwwww....",
             "....wyyyyyyw....",
             ".....wyyyyw.....",
             "......wyyw......",
             ".......yy.......",
             "......wwww......",
             ".....ww.yww.....",
             "....ww..y.ww....",
             "....wwyyyyyw....",
             "...nnnnnnnnnn...",
             "................",
             "................",
             "................",
             "................"],
}


def icon(name: str) -> pygame.Surface:
    """A 16×16 UI icon from its picture, outlined."""
    s = new_surface()
    stamp(s, 0, 0, ICONS[name], ICON_COLORS)
    if name == "idle":
        for x in (2, 7, 12):
            px(s, x, 6, WHITE)
    if name == "money":
        for x, y in ((5, 3), (4, 4)):
            px(s, x, y, WHITE)
    outline(s, 0.6)
    return s


# --------------------------------------------------------------------------
# UI frames
# --------------------------------------------------------------------------

PAPER = ramp(mix(SAND, CORAL, 0.3), mix(SAND, WHITE, 0.25), mix(SAND, WHITE, 0.5),
             mix(SAND, WHITE, 0.72))


def panel() -> pygame.Surface:
    """9-slice panel (8 px corners): a wooden frame around warm paper."""
    s = new_surface(32, 32)
    rect(s, 1, 0, 30, 32, WOOD[0])
    rect(s, 0, 1, 32, 30, WOOD[0])
    rect(s, 1, 1, 30, 30, WOOD[3])
    hline(s, 2, 29, 1, WOOD[5])
    vline(s, 1, 2, 29, WOOD[4])
    hline(s, 2, 29, 30, WOOD[1])
    vline(s, 30, 2, 29, WOOD[2])
    rect(s, 4, 4, 24, 24, WOOD[1])
    rect(s, 5, 5, 22, 22, PAPER[2])
    hline(s, 5, 26, 5, PAPER[0])
    vline(s, 5, 5, 26, PAPER[1])
    for x, y in ((2, 2), (28, 2), (2, 28), (28, 28)):
        px(s, x, y, GOLD[3])
        px(s, x + 1, y + 1, GOLD[1])
    return s


def button(state: str) -> pygame.Surface:
    """9-slice button (4 px corners) in its normal, hover or pressed state."""
    s = new_surface(16, 16)
    face = {"normal": PAPER[2], "hover": PAPER[3], "pressed": PAPER[1]}[state]
    rect(s, 1, 0, 14, 16, WOOD[0])
    rect(s, 0, 1, 16, 14, WOOD[0])
    if state == "pressed":
        rect(s, 1, 2, 14, 13, face)
        hline(s, 1, 14, 1, WOOD[1])
        hline(s, 2, 13, 2, mix(face, NIGHT, 0.15))
    else:
        rect(s, 1, 1, 14, 11, face)
        hline(s, 2, 13, 1, mix(face, WHITE, 0.6))
        vline(s, 1, 2, 10, mix(face, WHITE, 0.4))
        rect(s, 1, 12, 14, 3, mix(face, CORAL, 0.35) if state == "hover" else PAPER[0])
        hline(s, 1, 14, 14, WOOD[2])
    return s


def bubble() -> pygame.Surface:
    """9-slice speech bubble (4 px corners)."""
    s = new_surface(12, 12)
    rect(s, 2, 0, 8, 12, INK)
    rect(s, 0, 2, 12, 8, INK)
    rect(s, 1, 1, 10, 10, INK)
    rect(s, 2, 1, 8, 10, WHITE)
    rect(s, 1, 2, 10, 8, WHITE)
    hline(s, 2, 9, 10, PORCELAIN[2])
    px(s, 10, 9, PORCELAIN[2])
    return s


def bubble_tail() -> pygame.Surface:
    """Tail under a bubble; its top row overlaps the bubble's bottom edge."""
    s = new_surface(8, 6)
    stamp(s, 0, 0, ["kwwwwwk.",
                    ".kwwwk..",
                    "..kwk...",
                    "..kk....",
                    ".k......",
                    "........"], {"k": INK, "w": WHITE})
    px(s, 5, 0, PORCELAIN[2])
    return s


def app_icon() -> pygame.Surface:
    """64×64 app icon: a little red-roofed house, drawn at 32 px and doubled."""
    s = new_surface(32, 32)
    rect(s, 1, 0, 30, 32, mix(SKY, CYAN, 0.3))
    rect(s, 0, 1, 32, 30, mix(SKY, CYAN, 0.3))
    for x, y in ellipse_pixels(16, 30, 18, 7):
        if 0 < x < 31 and y < 31:
            px(s, x, y, GRASS[3])
    for x, y in ellipse_pixels(12, 28, 9, 3):
        if 0 < x < 31 and y < 31:
            px(s, x, y, GRASS[4])
    house = new_surface(32, 32)
    rect(house, 21, 5, 4, 7, BRICK[3])
    rect(house, 20, 4, 6, 2, STONE[3])
    rect(house, 7, 15, 18, 11, PLASTER[3])
    vline(house, 24, 15, 25, PLASTER[1])
    for y in range(6, 16):
        half = (y - 5) * 13 // 10
        hline(house, 16 - half, 15 + half, y, ROOF_RAMPS["red"][2])
        px(house, 16 - half, y, ROOF_RAMPS["red"][4])
        px(house, 15 + half, y, ROOF_RAMPS["red"][1])
    hline(house, 3, 28, 16, ROOF_RAMPS["red"][1])
    for y in (9, 12):
        hline(house, 16 - (y - 5) * 13 // 10 + 1, 15 + (y - 5) * 13 // 10 - 1, y,
              ROOF_RAMPS["red"][3])
    rect(house, 14, 19, 5, 7, WOOD[2])
    vline(house, 14, 19, 25, WOOD[4])
    px(house, 17, 22, SAND)
    rect(house, 9, 19, 4, 4, WATER[4])
    px(house, 9, 19, WHITE)
    rect(house, 20, 19, 3, 4, mix(SAND, WHITE, 0.3))
    outline(house, 0.6)
    for x, y in ellipse_pixels(16.5, 27, 12, 1.6):
        px(s, x, y, (*NIGHT, 70))
    s.blit(house, (0, 0))
    return pygame.transform.scale(s, (64, 64))


# --------------------------------------------------------------------------
# Pixel font
# --------------------------------------------------------------------------

# Glyphs from the cap line (row 6 above the baseline) down; rows past the 7th
# hang below the baseline.
GLYPHS: dict[str, list[str]] = {
    " ": ["...", "...", "...", "...", "...", "...", "..."],
    "!": ["#", "#", "#", "#", "#", ".", "#"],
    '"': ["#.#", "#.#", "...", "...", "...", "...", "..."],
    "#": [".#.#.", "#####", ".#.#.", ".#.#.", "#####", ".#.#.", "....."],
    "$": [".###.", "#.#..", ".###.", "..#.#", "..#.#", "####.", "..#.."],
    "%": ["##..#", "##.#.", "..#..", ".#...", "#..##", "...##", "....."],
    "&": [".##..", "#..#.", ".##..", "#.#.#", "#..#.", ".##.#", "....."],
    "'": ["#", "#", ".", ".", ".", ".", "."],
    "(": [".#", "#.", "#.", "#.", "#.", "#.", ".#"],
    ")": ["#.", ".#", ".#", ".#", ".#", ".#", "#."],
    "*": [".....", "#.#.#", ".###.", "#####", ".###.", "#.#.#", "....."],
    "+": ["...", "...", ".#.", "###", ".#.", "...", "..."],
    ",": ["..", "..", "..", "..", "..", ".#", ".#", "#."],
    "-": ["...", "...", "...", "###", "...", "...", "..."],
    ".": ["#" if i == 6 else "." for i in range(7)],
    "/": ["....#", "...#.", "...#.", "..#..", ".#...", ".#...", "#...."],
    "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
    "1": [".#.", "##.", ".#.", ".#.", ".#.", ".#.", "###"],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "3": ["####.", "....#", "....#", ".###.", "....#", "....#", "####."],
    "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
    "6": [".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."],
    "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
    "8": [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
    "9": [".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."],
    ":": [".", ".", "#", ".", ".", "#", "."],
    ";": ["..", "..", ".#", "..", "..", ".#", ".#", "#."],
    "<": ["...#", "..#.", ".#..", "#...", ".#..", "..#.", "...#"],
    "=": ["...", "...", "###", "...", "###", "...", "..."],
    ">": ["#...", ".#..", "..#.", "...#", "..#.", ".#..", "#..."],
    "?": [".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."],
    "@": [".###.", "#...#", "#.###", "#.#.#", "#.###", "#....", ".###."],
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "B": ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
    "C": [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
    "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "F": ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
    "G": [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"],
    "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "I": ["###", ".#.", ".#.", ".#.", ".#.", ".#.", "###"],
    "J": ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
    "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
    "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "P": ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
    "Q": [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"],
    "R": ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "V": ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
    "W": ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"],
    "X": ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
    "Y": ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."],
    "Z": ["#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"],
    "[": ["##", "#.", "#.", "#.", "#.", "#.", "##"],
    "\\": ["#....", ".#...", ".#...", "..#..", "...#.", "...#.", "....#"],
    "]": ["##", ".#", ".#", ".#", ".#", ".#", "##"],
    "^": [".#.", "#.#", "...", "...", "...", "...", "..."],
    "_": ["....", "....", "....", "....", "....", "....", "....", "####"],
    "`": ["#.", ".#", "..", "..", "..", "..", ".."],
    "a": [".....", ".....", ".###.", "....#", ".####", "#...#", ".####"],
    "b": ["#....", "#....", "####.", "#...#", "#...#", "#...#", "####."],
    "c": ["....", "....", ".###", "#...", "#...", "#...", ".###"],
    "d": ["....#", "....#", ".####", "#...#", "#...#", "#...#", ".####"],
    "e": [".....", ".....", ".###.", "#...#", "#####", "#....", ".###."],
    "f": ["..##", ".#..", "####", ".#..", ".#..", ".#..", ".#.."],
    "g": [".....", ".....", ".####", "#...#", "#...#", ".####", "....#", ".###."],
    "h": ["#....", "#....", "####.", "#...#", "#...#", "#...#", "#...#"],
    "i": ["#", ".", "#", "#", "#", "#", "#"],
    "j": ["..#", "...", ".##", "..#", "..#", "..#", "..#", "##."],
    "k": ["#...", "#...", "#..#", "#.#.", "##..", "#.#.", "#..#"],
    "l": ["##", ".#", ".#", ".#", ".#", ".#", ".#"],
    "m": [".....", ".....", "##.#.", "#.#.#", "#.#.#", "#.#.#", "#.#.#"],
    "n": [".....", ".....", "####.", "#...#", "#...#", "#...#", "#...#"],
    "o": [".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."],
    "p": [".....", ".....", "####.", "#...#", "#...#", "####.", "#....", "#...."],
    "q": [".....", ".....", ".####", "#...#", "#...#", ".####", "....#", "....#"],
    "r": ["....", "....", "#.##", "##..", "#...", "#...", "#..."],
    "s": [".....", ".....", ".####", "#....", ".###.", "....#", "####."],
    "t": [".#..", ".#..", "####", ".#..", ".#..", ".#..", "..##"],
    "u": [".....", ".....", "#...#", "#...#", "#...#", "#...#", ".####"],
    "v": [".....", ".....", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
    "w": [".....", ".....", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."],
    "x": [".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#"],
    "y": [".....", ".....", "#...#", "#...#", "#...#", ".####", "....#", ".###."],
    "z": [".....", ".....", "#####", "...#.", "..#..", ".#...", "#####"],
    "{": ["..#", ".#.", ".#.", "#..", ".#.", ".#.", "..#"],
    "|": ["#", "#", "#", "#", "#", "#", "#", "#"],
    "}": ["#..", ".#.", ".#.", "..#", ".#.", ".#.", "#.."],
    "~": [".....", ".....", ".#...", "#.#.#", "...#.", ".....", "....."],
    "ß": [".##..", "#..#.", "#..#.", "#.##.", "#...#", "#...#", "#.##."],
    "Æ": [".####", "#.#..", "#.#..", "#####", "#.#..", "#.#..", "#.###"],
    "æ": [".....", ".....", "##.#.", "..#.#", "#####", "#.#..", ".#.##"],
    "Ø": [".###.", "#..##", "#.#.#", "#.#.#", "#.#.#", "##..#", ".###."],
    "ø": [".....", ".....", ".###.", "#..##", "#.#.#", "##..#", ".###."],
    "¡": ["#", ".", "#", "#", "#", "#", "#"],
    "¿": ["..#..", ".....", "..#..", ".#...", "#....", "#...#", ".###."],
    "«": ["......", "......", "..#..#", ".#..#.", "#..#..", ".#..#.", "..#..#"],
    "»": ["......", "......", "#..#..", ".#..#.", "..#..#", ".#..#.", "#..#.."],
    "°": [".#.", "#.#", ".#.", "...", "...", "...", "..."],
    "£": ["..##.", ".#..#", ".#...", "###..", ".#...", ".#..#", "#####"],
    "€": ["..###", ".#...", "####.", ".#...", "####.", ".#...", "..###"],
    "©": [".###.", "#...#", "#.#.#", "##..#", "#.#.#", "#...#", ".###."],
    "·": [".", ".", ".", "#", ".", ".", "."],
    "×": [".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#"],
    "÷": ["...", ".#.", "...", "###", "...", ".#.", "..."],
    "ı": [".", ".", "#", "#", "#", "#", "#"],
}

ACCENTS: dict[str, list[str]] = {
    "grave": ["#..", ".#."], "acute": ["..#", ".#."], "circ": [".#.", "#.#"],
    "tilde": [".#.#", "#.#."], "uml": ["#.#", "..."], "ring": [".#.", "#.#"],
}

COMPOSED: dict[str, tuple[str, str]] = {}
for _letters, _accent in (("AEIOUaeiou", "grave"), ("AEIOUYaeiouy", "acute"),
                          ("AEIOUaeiou", "circ"), ("ANOano", "tilde"),
                          ("AEIOUaeiouy", "uml"), ("Aa", "ring")):
    for _base in _letters:
        _name = f"LATIN {'CAPITAL' if _base.isupper() else 'SMALL'} LETTER {_base.upper()} WITH " + {
            "grave": "GRAVE", "acute": "ACUTE", "circ": "CIRCUMFLEX", "tilde": "TILDE",
            "uml": "DIAERESIS", "ring": "RING ABOVE"}[_accent]
        COMPOSED[unicodedata.lookup(_name)] = (_base, _accent)


def glyph_rows(ch: str) -> list[str]:
    """The glyph's 11 rows: 2 for capital accents, 7 to the baseline, 2 below."""
    if ch in COMPOSED:
        base, accent = COMPOSED[ch]
        body = NARROW_I if base == "i" else list(GLYPHS[base])
        width = len(body[0])
        mark = [m.center(width, ".")[:width] for m in ACCENTS[accent]]
        if base.isupper():
            rows = mark + body
        else:
            rows = ["." * width] * 2 + mark + body[2:]
    elif ch in CEDILLA:
        body = list(GLYPHS[CEDILLA[ch]])
        width = len(body[0])
        rows = ["." * width] * 2 + body + [".#".ljust(width, ".")]
    else:
        body = GLYPHS[ch]
        rows = ["." * len(body[0])] * 2 + body
    return rows + ["." * len(rows[0])] * (11 - len(rows))


CEDILLA = {"Ç": "C", "ç": "c"}
NARROW_I = ["...", "...", ".#.", ".#.", ".#.", ".#.", ".#."]
FONT_CHARS = [chr(c) for c in range(32, 127)] + sorted(
    (set(GLYPHS) - {chr(c) for c in range(32, 127)}) | set(COMPOSED) | set(CEDILLA))
FONT_PIXEL = 128
FONT_EM = 8


def build_font(path: Path) -> None:
    """Build the TTF: each run of lit pixels becomes one square-cornered contour."""
    upm = FONT_PIXEL * FONT_EM
    fb = FontBuilder(upm, isTTF=True)
    stamp_2020 = 3_660_000_000
    fb.setupHead(unitsPerEm=upm, created=stamp_2020, modified=stamp_2020)
    names = [".notdef"] + [f"uni{ord(c):04X}" for c in FONT_CHARS]
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in FONT_CHARS})
    glyphs = {}
    metrics = {}
    notdef = TTGlyphPen(None)
    for x0, y0, x1, y1 in ((0, 0, 4, 1), (0, 6, 4, 7), (0, 1, 1, 6), (3, 1, 4, 6)):
        square(notdef, x0, y0, x1, y1)
    glyphs[".notdef"] = notdef.glyph()
    metrics[".notdef"] = (5 * FONT_PIXEL, 0)
    for c in FONT_CHARS:
        rows = glyph_rows(c)
        pen = TTGlyphPen(None)
        xmin = None
        for i, row in enumerate(rows):
            y = 8 - i
            x = 0
            while x < len(row):
                if row[x] == "#":
                    start = x
                    while x < len(row) and row[x] == "#":
                        x += 1
                    square(pen, start, y, x, y + 1)
                    xmin = start if xmin is None else min(xmin, start)
                else:
                    x += 1
        name = f"uni{ord(c):04X}"
        glyphs[name] = pen.glyph()
        metrics[name] = ((len(rows[0]) + 1) * FONT_PIXEL, (xmin or 0) * FONT_PIXEL)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    ascent, descent = 9 * FONT_PIXEL, 2 * FONT_PIXEL
    fb.setupHorizontalHeader(ascent=ascent, descent=-descent)
    fb.setupNameTable({"familyName": "Tinytown", "styleName": "Regular",
                       "uniqueFontIdentifier": "Tinytown-Regular-1.0",
                       "fullName": "Tinytown Regular", "psName": "Tinytown-Regular",
                       "version": "Version 1.0"})
    fb.setupOS2(sTypoAscender=ascent, sTypoDescender=-descent, sTypoLineGap=FONT_PIXEL,
                usWinAscent=ascent, usWinDescent=descent, sxHeight=5 * FONT_PIXEL,
                sCapHeight=7 * FONT_PIXEL, achVendID="TTWN")
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))


def square(pen: TTGlyphPen, x0: int, y0: int, x1: int, y1: int) -> None:
    """A clockwise rectangle contour in font pixels."""
    p = FONT_PIXEL
    pen.moveTo((x0 * p, y0 * p))
    pen.lineTo((x0 * p, y1 * p))
    pen.lineTo((x1 * p, y1 * p))
    pen.lineTo((x1 * p, y0 * p))
    pen.closePath()


# --------------------------------------------------------------------------
# Previews
# --------------------------------------------------------------------------

PREVIEW_BG = mix(INK, NIGHT, 0.3)


def contact_sheet(sheet: TileSheet, villagers: list[pygame.Surface],
                  icons: dict[str, pygame.Surface], font_path: Path) -> pygame.Surface:
    """Every tile with its name, every villager sheet at 2×, every icon."""
    font = pygame.font.Font(str(font_path), 8)
    cols, cell_w, cell_h = 11, 108, 46
    tile_rows = math.ceil(len(sheet.tiles) / cols)
    vill_w = 64 * 2 + 8
    vill_cols = (cols * cell_w) // vill_w
    vill_rows = math.ceil(len(villagers) / vill_cols)
    height = 24 + tile_rows * cell_h + 24 + vill_rows * (96 * 2 + 20) + 24 + 60
    out = pygame.Surface((cols * cell_w + 16, height))
    out.fill(PREVIEW_BG)
    text = mix(SAND, WHITE, 0.6)
    out.blit(font.render("Tinytown tileset (town.png / town.tsx), 2x. Yellow names collide. Palette:",
                         False, text), (8, 8))
    for i, c in enumerate(SWEETIE16):
        rect(out, 470 + i * 18, 6, 16, 12, c)
    y0 = 24
    for i, t in enumerate(sheet.tiles):
        x = 8 + (i % cols) * cell_w
        y = y0 + (i // cols) * cell_h
        rect(out, x + (cell_w - 36) // 2, y, 36, 36, mix(GRASS[3], INK, 0.55))
        out.blit(pygame.transform.scale(t.image, (32, 32)), (x + (cell_w - 32) // 2, y + 2))
        label = font.render(t.name, False, SAND if t.collide else text)
        out.blit(label, (x + (cell_w - label.get_width()) // 2, y + 36))
    y0 += tile_rows * cell_h + 8
    out.blit(font.render("Villagers (rows down/left/right/up; idle, step, pass, step), 2x",
                         False, text), (8, y0))
    y0 += 16
    for i, v in enumerate(villagers):
        x = 8 + (i % vill_cols) * vill_w
        y = y0 + (i // vill_cols) * (96 * 2 + 20)
        rect(out, x - 2, y - 2, 132, 196, mix(GRASS[3], INK, 0.3))
        out.blit(pygame.transform.scale(v, (128, 192)), (x, y))
        out.blit(font.render(f"villager_{i:02d}", False, text), (x, y + 194))
    y0 += vill_rows * (96 * 2 + 20) + 8
    out.blit(font.render("Icons, 2x", False, text), (8, y0))
    y0 += 14
    for i, (name, im) in enumerate(icons.items()):
        x = 8 + i * 56
        out.blit(pygame.transform.scale(im, (32, 32)), (x + 8, y0))
        label = font.render(name, False, text)
        out.blit(label, (x + 24 - label.get_width() // 2, y0 + 34))
    return out


SCENE_W, SCENE_H = 40, 24
LAYERS = ["ground", "floor", "walls", "furniture", "above", "roofs"]


class Scene:
    """A hand-built patch of town on the map's layers, to judge the tiles in use."""

    def __init__(self, sheet: TileSheet) -> None:
        self.sheet = sheet
        self.layers: dict[str, dict[tuple[int, int], str]] = {name: {} for name in LAYERS}
        self.people: list[tuple[int, int, pygame.Surface]] = []

    def put(self, layer: str, x: int, y: int, name: str) -> None:
        """Place one tile."""
        self.sheet.image(name)
        self.layers[layer][(x, y)] = name

    def fill(self, layer: str, x0: int, y0: int, x1: int, y1: int, name: str) -> None:
        """Place a tile on every cell of an inclusive rectangle."""
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                self.put(layer, x, y, name)

    def terrain(self, cells: set[tuple[int, int]], prefix: str) -> None:
        """Autotile a set of cells by their 4-neighbour mask, notching inner bends."""
        for x, y in cells:
            mask = sum(bit for bit, (dx, dy) in ((1, (0, -1)), (2, (1, 0)), (4, (0, 1)), (8, (-1, 0)))
                       if (x + dx, y + dy) in cells)
            notch = sum(bit for (bit, a, b), (dx, dy) in zip(NOTCH_CORNERS,
                                                             ((1, -1), (1, 1), (-1, 1), (-1, -1)), strict=True)
                        if mask & a and mask & b and (x + dx, y + dy) not in cells)
            self.put("ground", x, y, f"{prefix}_{mask}_n{notch}" if notch else f"{prefix}_{mask}")

    def roof(self, x0: int, y0: int, x1: int, y1: int, color: str) -> None:
        """A 9-part roof over an inclusive rectangle."""
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                v = "t" if y == y0 else "b" if y == y1 else ""
                h = "l" if x == x0 else "r" if x == x1 else ""
                part = (v + h) or "c"
                if part in ("tc", "bc"):
                    part = v
                self.put("roofs", x, y, f"roof_{color}_{part}")

    def building_shadow(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """Shadow tiles to the right of and below a building's inclusive cells."""
        self.put("floor", x1 + 1, y0, "shadow_e_top")
        for y in range(y0 + 1, y1 + 1):
            self.put("floor", x1 + 1, y, "shadow_e")
        self.put("floor", x0, y1 + 1, "shadow_s_left")
        for x in range(x0 + 1, x1 + 1):
            self.put("floor", x, y1 + 1, "shadow_s")
        self.put("floor", x1 + 1, y1 + 1, "shadow_se")

    def tree(self, x: int, y: int) -> None:
        """A small tree whose trunk stands on (x, y)."""
        self.put("walls", x, y, "tree_trunk")
        self.put("above", x, y - 1, "tree_top")

    def big_tree(self, x: int, y: int) -> None:
        """A 2×2 tree whose trunk row starts at (x, y)."""
        self.put("walls", x, y, "tree_big_bl")
        self.put("walls", x + 1, y, "tree_big_br")
        self.put("above", x, y - 1, "tree_big_tl")
        self.put("above", x + 1, y - 1, "tree_big_tr")

    def pine(self, x: int, y: int) -> None:
        """A pine whose trunk stands on (x, y)."""
        self.put("walls", x, y, "pine_trunk")
        self.put("above", x, y - 1, "pine_top")

    def person(self, x: int, y: int, sheet: pygame.Surface, direction: int, frame: int) -> None:
        """A villager standing on tile (x, y)."""
        img = new_surface(FRAME_W, FRAME_H)
        img.blit(sheet, (0, 0), pygame.Rect(frame * FRAME_W, direction * FRAME_H, FRAME_W, FRAME_H))
        self.people.append((x, y, img))

    def render(self) -> pygame.Surface:
        """Draw the layers bottom to top with the villagers between furniture and above."""
        out = pygame.Surface((SCENE_W * TILE, SCENE_H * TILE))
        out.fill(GRASS[3])
        for layer in LAYERS:
            if layer == "above":
                shadow = new_surface(12, 4)
                ellipse(shadow, 6, 2, 6, 2, (*NIGHT, 90))
                for x, y, img in sorted(self.people, key=lambda p: p[1]):
                    out.blit(shadow, (x * TILE + 2, y * TILE + 12))
                    out.blit(img, (x * TILE, y * TILE + TILE - FRAME_H))
            for (x, y), name in sorted(self.layers[layer].items(), key=lambda kv: (kv[0][1], kv[0][0])):
                out.blit(self.sheet.image(name), (x * TILE, y * TILE))
        return out


def compose_scene(sheet: TileSheet, villagers: list[pygame.Surface]) -> pygame.Surface:
    """Grass, a path, a pond, a cafe, a house and a cut-away home, at 2×."""
    sc = Scene(sheet)
    rng = rng_for("scene")
    for y in range(SCENE_H):
        for x in range(SCENE_W):
            r = rng.random()
            name = ("grass_0" if r < 0.45 else "grass_1" if r < 0.65 else "grass_2" if r < 0.8
                    else "grass_3" if r < 0.9 else "grass_tuft" if r < 0.94
                    else "grass_flowers_0" if r < 0.97 else "grass_flowers_1")
            sc.put("ground", x, y, name)
    path = {(x, y) for x in range(0, 40) for y in (14, 15)}
    path |= {(7, 13), (14, 13), (31, 13)} | {(x, y) for x in (30, 31) for y in range(9, 14)}
    sc.terrain(path, "path")
    pond = {(x, y) for x in range(33, 39) for y in range(3, 8)} - {(33, 3), (38, 7), (33, 7)}
    pond |= {(34, 8), (35, 8), (36, 8)}
    sc.terrain(pond, "water")
    sc.fill("ground", 0, 19, 39, 19, "sidewalk")
    sc.fill("ground", 0, 22, 39, 22, "sidewalk")
    sc.fill("ground", 0, 20, 39, 21, "road")
    for x in range(0, 40, 2):
        sc.put("ground", x, 20, "road_line_h")
    sc.fill("ground", 17, 20, 17, 21, "crosswalk_h")
    sc.fill("ground", 0, 23, 39, 23, "grass_0")

    # The cafe: brick, red roof, awning and sign.
    sc.roof(1, 5, 10, 10, "red")
    sc.building_shadow(1, 5, 10, 12)
    sc.put("above", 8, 5, "chimney")
    sc.fill("walls", 1, 11, 10, 12, "wall_front_brick")
    for x in (2, 4, 8, 9):
        sc.put("walls", x, 12, "wall_window_brick")
    for x in (2, 5, 9):
        sc.put("walls", x, 11, "wall_window_brick")
    sc.put("walls", 7, 12, "door_brick")
    sc.put("above", 3, 12, "awning_l")
    sc.put("above", 4, 12, "awning_c")
    sc.put("above", 5, 12, "awning_r")
    sc.put("furniture", 6, 13, "sign_cafe")
    sc.put("furniture", 2, 13, "table_round")
    sc.put("furniture", 3, 13, "chair")
    sc.put("furniture", 9, 13, "plant_pot")

    # A house with a blue roof and a picket garden.
    sc.roof(12, 6, 16, 10, "blue")
    sc.building_shadow(12, 6, 16, 11)
    sc.put("above", 15, 6, "chimney")
    sc.fill("walls", 12, 11, 16, 11, "wall_front_plaster")
    sc.put("walls", 12, 11, "wall_window_plaster")
    sc.put("walls", 16, 11, "wall_window_plaster")
    sc.put("walls", 14, 11, "door_plaster")
    sc.put("furniture", 13, 12, "mailbox")
    sc.put("ground", 15, 12, "flowerbed_0")
    sc.put("ground", 16, 12, "flowerbed_1")
    for x in (11, 17):
        sc.put("walls", x, 12, "fence_post")
    sc.fill("walls", 11, 7, 11, 11, "fence_v")
    sc.put("walls", 11, 6, "fence_post")
    sc.put("furniture", 17, 13, "sign_home")

    # A home seen with its roof lifted: two rooms.
    sc.building_shadow(18, 2, 29, 11)
    sc.fill("floor", 19, 3, 23, 10, "floor_wood")
    sc.fill("floor", 25, 3, 28, 10, "floor_tile")
    sc.fill("walls", 18, 2, 29, 2, "wall_top")
    sc.fill("walls", 18, 2, 18, 11, "wall_top")
    sc.fill("walls", 29, 2, 29, 11, "wall_top")
    sc.fill("walls", 24, 2, 24, 10, "wall_top")
    sc.put("walls", 24, 7, "door_inner")
    sc.fill("walls", 19, 11, 28, 11, "wall_front_wood")
    sc.put("walls", 20, 11, "wall_window_wood")
    sc.put("walls", 27, 11, "wall_window_wood")
    sc.put("walls", 22, 11, "door_wood")
    sc.put("walls", 25, 11, "wall_window_wood")
    sc.put("furniture", 19, 3, "bed_top")
    sc.put("furniture", 19, 4, "bed_bottom")
    sc.put("furniture", 20, 3, "lamp")
    sc.put("furniture", 21, 3, "wardrobe")
    sc.put("furniture", 23, 3, "shelf_books")
    sc.put("floor", 21, 6, "rug")
    sc.put("furniture", 19, 8, "sofa_l")
    sc.put("furniture", 20, 8, "sofa_r")
    sc.put("furniture", 20, 10, "tv")
    sc.put("furniture", 23, 9, "plant_pot")
    sc.put("furniture", 25, 3, "fridge")
    sc.put("furniture", 26, 3, "stove")
    sc.put("furniture", 27, 3, "sink")
    sc.put("furniture", 28, 3, "counter")
    sc.put("furniture", 26, 7, "table_round")
    sc.put("furniture", 27, 7, "chair")
    sc.put("furniture", 28, 10, "coffee_machine")

    # Park corner: fountain, bench, trees, lamps.
    for x, y in ((32, 11), (33, 11), (32, 12), (33, 12)):
        sc.put("ground", x, y, "floor_stone")
    sc.put("walls", 32, 11, "fountain_tl")
    sc.put("walls", 33, 11, "fountain_tr")
    sc.put("walls", 32, 12, "fountain_bl")
    sc.put("walls", 33, 12, "fountain_br")
    sc.put("furniture", 35, 12, "bench_l")
    sc.put("furniture", 36, 12, "bench_r")
    sc.put("furniture", 29, 13, "sign_park")
    for x in (11, 26, 38):
        sc.put("walls", x, 16, "lamp_post")
        sc.put("above", x, 15, "lamp_post_top")
    for x, y in ((0, 3), (37, 10)):
        sc.big_tree(x, y)
    for x, y in ((3, 2), (16, 3), (31, 4), (38, 17)):
        sc.tree(x, y)
    for x, y in ((6, 2), (9, 3), (12, 2), (1, 17)):
        sc.pine(x, y)
    for x, y in ((10, 17), (33, 17), (25, 17)):
        sc.put("walls", x, y, "bush")
    sc.fill("walls", 19, 17, 23, 17, "hedge")
    sc.put("walls", 28, 17, "rock")
    sc.put("walls", 14, 17, "stump")
    sc.put("furniture", 4, 17, "bench_l")
    sc.put("furniture", 5, 17, "bench_r")
    sc.put("furniture", 7, 17, "barrel")
    sc.put("furniture", 8, 17, "crate")
    sc.put("furniture", 0, 12, "sign_for_sale")

    people = [(5, 15, 0, 0, 1), (8, 14, 3, 1, 1), (14, 16, 1, 2, 0), (21, 5, 4, 0, 0),
              (26, 8, 5, 2, 2), (33, 14, 6, 0, 0), (36, 13, 7, 3, 0), (16, 19, 8, 1, 3),
              (24, 15, 9, 2, 1), (3, 13, 10, 0, 0), (30, 11, 11, 0, 2), (12, 15, 12, 3, 1)]
    for x, y, who, direction, frame in people:
        sc.person(x, y, villagers[who % len(villagers)], direction, frame)
    return pygame.transform.scale_by(sc.render(), 2)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def save_png(surface: pygame.Surface, path: Path) -> None:
    """Write a PNG, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))


def main(argv: list[str] | None = None) -> None:
    """Generate every art file under ``--out`` (default: the repository root)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="root folder to write assets/ and maps/ into")
    args = parser.parse_args(argv)
    out: Path = args.out
    pygame.display.init()
    sheet = build_tileset()
    image = tileset_image(sheet)
    save_png(image, out / "assets" / "tiles" / "town.png")
    (out / "maps").mkdir(parents=True, exist_ok=True)
    (out / "maps" / "town.tsx").write_text(tsx_text(sheet, image), encoding="utf-8")
    sheets = [villager_sheet(look) for look in LOOKS]
    index = []
    for i, (look, sheet_img) in enumerate(zip(LOOKS, sheets, strict=True)):
        name = f"villager_{i:02d}.png"
        save_png(sheet_img, out / "assets" / "sprites" / "villagers" / name)
        index.append({"file": name, "look": look.describe()})
    (out / "assets" / "sprites" / "villagers" / "index.json").write_text(
        json.dumps(index, indent=2) + "\n", encoding="utf-8")
    icons = {name: icon(name) for name in ICONS}
    for name, img in icons.items():
        save_png(img, out / "assets" / "ui" / "icons" / f"{name}.png")
    ui = out / "assets" / "ui"
    save_png(panel(), ui / "panel.png")
    for state, suffix in (("normal", ""), ("hover", "_hover"), ("pressed", "_pressed")):
        save_png(button(state), ui / f"button{suffix}.png")
    save_png(bubble(), ui / "bubble.png")
    save_png(bubble_tail(), ui / "bubble_tail.png")
    save_png(app_icon(), ui / "app_icon.png")
    font_path = out / "assets" / "fonts" / "tinytown.ttf"
    build_font(font_path)
    pygame.font.init()
    save_png(contact_sheet(sheet, sheets, icons, font_path), out / "assets" / "preview.png")
    save_png(compose_scene(sheet, sheets), out / "assets" / "preview_scene.png")


if __name__ == "__main__":
    main()
