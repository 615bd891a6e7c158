"""The Sweetie 16 palette, the ramps mixed from it, and the art's fixed sizes and seed."""

from __future__ import annotations

SEED = 1207
TILESET_COLUMNS = 16

Color = tuple[int, int, int]
Rgba = tuple[int, int, int, int]



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

