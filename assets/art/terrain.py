"""Ground tiles: grass, dirt, sand, autotiled paths and water, and the street surfaces."""

from __future__ import annotations

import random
from collections.abc import Callable

import pygame

from assets.art.draw import ellipse, hline, new_surface, px, rng_for, stamp, vline
from assets.art.palette import (
    ASPHALT,
    BERRY,
    CORAL,
    DIRT,
    GRASS,
    NIGHT,
    SAND,
    SANDY,
    SILVER,
    SKY,
    STONE,
    WATER,
    WHITE,
    mix,
)
from game.contracts import TILE

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


