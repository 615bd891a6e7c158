"""Indoor and outdoor furniture: beds, tables, counters, shelves, machines, the fountain."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from assets.art.draw import ellipse, hline, new_surface, outline, px, rect, rng_for, stamp, vline, with_shadow
from assets.art.palette import (
    BERRY,
    BLUE,
    BRICK,
    CLOTH_BLUE,
    CLOTH_CREAM,
    CLOTH_GREEN,
    CORAL,
    CYAN,
    DARKWOOD,
    GOLD,
    GREEN,
    INK,
    LEAF,
    LIME,
    METAL,
    NAVY,
    NIGHT,
    PLUM,
    PORCELAIN,
    SAND,
    SILVER,
    SKY,
    SLATE,
    STONE,
    TEAL,
    WATER,
    WHITE,
    WOOD,
    Color,
    mix,
)
from game.contracts import TILE


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


