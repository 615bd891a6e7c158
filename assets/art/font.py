"""The pixel font: glyph pictures, composed accents, and the TrueType file built from them."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from assets.art.draw import load_art

ART = load_art("font")

# Glyphs from the cap line (row 6 above the baseline) down; rows past the 7th
# hang below the baseline.
GLYPHS: dict[str, list[str]] = ART["glyphs"]

ACCENTS: dict[str, list[str]] = ART["accents"]

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


