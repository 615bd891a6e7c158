"""Walls, doors, awnings, building signs, roofs and room floors."""

from __future__ import annotations

import pygame

from assets.art.draw import (
    hline,
    is_solid,
    new_surface,
    outline,
    px,
    rect,
    rng_for,
    shade_rect,
    split,
    stamp,
    vline,
    with_shadow,
)
from assets.art.palette import (
    BERRY,
    BLUE,
    BRICK,
    CLOTH_CREAM,
    CLOTH_RED,
    CORAL,
    DARKWOOD,
    GREEN,
    INK,
    LIME,
    METAL,
    NAVY,
    NIGHT,
    PLASTER,
    PLUM,
    ROOF_RAMPS,
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
    Rgba,
    mix,
    ramp,
)
from game.contracts import ROOF_PARTS, TILE

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


