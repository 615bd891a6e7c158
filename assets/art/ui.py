"""Interface frames: the 9-slice panel, buttons, speech bubbles and the app icon."""

from __future__ import annotations

import pygame

from assets.art.draw import ellipse_pixels, hline, new_surface, outline, px, rect, stamp, vline
from assets.art.palette import (
    BRICK,
    CORAL,
    CYAN,
    GOLD,
    GRASS,
    INK,
    NIGHT,
    PLASTER,
    PORCELAIN,
    ROOF_RAMPS,
    SAND,
    SKY,
    STONE,
    WATER,
    WHITE,
    WOOD,
    mix,
    ramp,
)

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


