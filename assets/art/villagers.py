"""Villager sprite sheets: one body template, looks from skins, hair, clothes and accessories."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from assets.art.draw import load_art, new_surface, outline, px
from assets.art.palette import (
    BERRY,
    BLUE,
    CORAL,
    GREEN,
    INK,
    LIME,
    NAVY,
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

ART = load_art("villagers")

FRAME_W, FRAME_H = 16, 24
DIRECTIONS = ["down", "left", "right", "up"]

# Head rows 3..12 for every direction. S skin, s skin shade, E eye, b blush.
HEAD: dict[str, list[str]] = ART["head"]

# Bodies, rows 13..22, per direction and pose (idle, step_a, step_b).
# T shirt, t shirt shade, S/s hands, P trousers, p trousers shade, F shoes.
BODY: dict[str, dict[str, list[str]]] = ART["body"]

# Hair, from row 0. H hair, L highlight, h shade; "-" clears to skin-free.
HAIR: dict[str, dict[str, list[str]]] = ART["hair"]

# Accessories drawn over everything; A main colour, a its shade, W lens glint.
ACCESSORY: dict[str, dict[str, list[str]]] = ART["accessory"]

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


