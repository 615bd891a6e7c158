"""Trees, bushes, flowerbeds, rocks, fences and street furniture (lamps, mailbox, signs for sale)."""

from __future__ import annotations

import pygame

from assets.art.draw import (
    ellipse,
    ellipse_pixels,
    hline,
    is_solid,
    new_surface,
    outline,
    px,
    rect,
    rng_for,
    split,
    stamp,
    vline,
    with_shadow,
)
from assets.art.palette import (
    BERRY,
    BLUE,
    CLOTH_BLUE,
    CORAL,
    DIRT,
    HONEY,
    LEAF,
    METAL,
    NIGHT,
    PINE,
    PLUM,
    SAND,
    SHADOW,
    SILVER,
    SKY,
    SLATE,
    STONE,
    WHITE,
    WOOD,
    Color,
    mix,
    ramp,
)


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


