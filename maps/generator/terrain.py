"""Ground for the maps: seeded value noise for grass variants, and autotile names for paths and water."""

from __future__ import annotations

import math
import zlib


def hash01(seed: int, *parts: int) -> float:
    """A stable pseudo-random number in [0, 1) for a cell (no global random state)."""
    key = ",".join(str(p) for p in (seed, *parts)).encode()
    return zlib.crc32(key) / 2**32


def value_noise(seed: int, x: int, y: int, scale: float) -> float:
    """Smooth value noise in [0, 1): bilinear blend of hashed lattice values."""
    fx, fy = x / scale, y / scale
    x0, y0 = math.floor(fx), math.floor(fy)
    tx, ty = fx - x0, fy - y0
    tx, ty = tx * tx * (3 - 2 * tx), ty * ty * (3 - 2 * ty)
    a, b = hash01(seed, x0, y0), hash01(seed, x0 + 1, y0)
    c, d = hash01(seed, x0, y0 + 1), hash01(seed, x0 + 1, y0 + 1)
    return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty


def grass_tile(seed: int, x: int, y: int, details: bool = True) -> str:
    """Grass variant from seeded noise, with sparse flowers and tufts when ``details``."""
    n = 0.65 * value_noise(seed, x, y, 5.0) + 0.35 * value_noise(seed + 7, x, y, 2.0)
    if details:
        r = hash01(seed + 13, x, y)
        if r < 0.018:
            return "grass_flowers_0" if r < 0.009 else "grass_flowers_1"
        if r < 0.05:
            return "grass_tuft"
    if n < 0.50:
        return "grass_0"
    if n < 0.64:
        return "grass_1"
    if n < 0.76:
        return "grass_2"
    return "grass_3"


def wild_grass(seed: int, x: int, y: int) -> str:
    """Unmown grass: like ``grass_tile`` but with patches of wildflowers and tall tufts."""
    meadow = value_noise(seed + 41, x, y, 4.0)
    r = hash01(seed + 3, x, y)
    if meadow > 0.62 and r < 0.35:
        return "grass_flowers_0" if r < 0.17 else "grass_flowers_1"
    if meadow > 0.55 and r < 0.5:
        return "grass_tuft"
    if r < 0.02:
        return "grass_flowers_0" if r < 0.01 else "grass_flowers_1"
    return grass_tile(seed, x, y)


def autotile_mask(is_same: list[list[bool]], x: int, y: int, outside: bool) -> int:
    """4-bit mask of same-terrain neighbours (N=1, E=2, S=4, W=8); ``outside`` for off-grid."""
    h, w = len(is_same), len(is_same[0])
    mask = 0
    for bit, (dx, dy) in ((1, (0, -1)), (2, (1, 0)), (4, (0, 1)), (8, (-1, 0))):
        nx, ny = x + dx, y + dy
        same = is_same[ny][nx] if 0 <= nx < w and 0 <= ny < h else outside
        if same:
            mask |= bit
    return mask


def autotile_name(kind: str, is_same: list[list[bool]], x: int, y: int, outside: bool) -> str:
    """``<kind>_<mask>``, or ``<kind>_<mask>_n<notch>`` where an inner bend needs a notch.

    A notch corner (NE=1, SE=2, SW=4, NW=8) is one whose two sides connect but whose
    diagonal neighbour is other terrain; the tileset draws it as an inner bend.
    """
    mask = autotile_mask(is_same, x, y, outside)
    h, w = len(is_same), len(is_same[0])
    notch = 0
    for bit, (a, b), (dx, dy) in ((1, (1, 2), (1, -1)), (2, (2, 4), (1, 1)),
                                  (4, (4, 8), (-1, 1)), (8, (8, 1), (-1, -1))):
        nx, ny = x + dx, y + dy
        diagonal = is_same[ny][nx] if 0 <= nx < w and 0 <= ny < h else outside
        if mask & a and mask & b and not diagonal:
            notch |= bit
    return f"{kind}_{mask}_n{notch}" if notch else f"{kind}_{mask}"
