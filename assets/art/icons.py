"""The 16x16 UI icons (sleep, eat, work...) drawn from their pictures."""

from __future__ import annotations

import pygame

from assets.art.draw import load_art, new_surface, outline, px, stamp
from assets.art.palette import (
    BERRY,
    BLUE,
    CORAL,
    CYAN,
    GREEN,
    INK,
    LIME,
    NIGHT,
    PLUM,
    SAND,
    SILVER,
    SKY,
    SLATE,
    TEAL,
    WHITE,
    Color,
    mix,
)

ART = load_art("icons")

ICON_COLORS: dict[str, Color] = {
    "w": WHITE, "s": SILVER, "g": SLATE, "k": INK, "r": BERRY, "o": CORAL, "y": SAND,
    "l": LIME, "e": GREEN, "t": TEAL, "b": BLUE, "c": SKY, "a": CYAN, "p": PLUM,
    "n": mix(CORAL, PLUM, 0.5), "m": mix(CORAL, PLUM, 0.25), "d": mix(PLUM, NIGHT, 0.3),
    "h": mix(SAND, WHITE, 0.5),
}

ICONS: dict[str, list[str]] = ART["icons"]


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


