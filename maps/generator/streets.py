"""Street grids: lots between 5-tile streets (sidewalk, three lanes, sidewalk), crossings and lamps.

A grid is ``cols`` x ``rows`` lots of 24 x 16 tiles; streets run between the lots and around
them, so every lot has a sidewalk on all four sides. The town is one 4 x 4 grid; the city
is one big grid cut into 4 x 4 districts.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.contracts import LOT_H, LOT_W
from game.world.prefab import TileMap

STREET = 5

Cells = set[tuple[int, int]]


@dataclass(frozen=True)
class StreetGrid:
    """Where the streets and lots of one grid lie: top-left tile (x0, y0) of its outer street."""

    x0: int
    y0: int
    cols: int
    rows: int

    @property
    def street_xs(self) -> tuple[int, ...]:
        """Left tile of every vertical street, west to east."""
        return tuple(self.x0 + k * (LOT_W + STREET) for k in range(self.cols + 1))

    @property
    def street_ys(self) -> tuple[int, ...]:
        """Top tile of every horizontal street, north to south."""
        return tuple(self.y0 + k * (LOT_H + STREET) for k in range(self.rows + 1))

    @property
    def x1(self) -> int:
        """First tile east of the grid."""
        return self.x0 + self.cols * LOT_W + (self.cols + 1) * STREET

    @property
    def y1(self) -> int:
        """First tile south of the grid."""
        return self.y0 + self.rows * LOT_H + (self.rows + 1) * STREET

    def lot_origin(self, col: int, row: int) -> tuple[int, int]:
        """Top-left tile of lot (col, row), both 1-based."""
        return (self.x0 + STREET + (col - 1) * (LOT_W + STREET),
                self.y0 + STREET + (row - 1) * (LOT_H + STREET))

    def cells(self) -> tuple[Cells, Cells]:
        """Cells of the vertical and of the horizontal streets."""
        vertical = {(sx + i, y) for sx in self.street_xs for i in range(STREET)
                    for y in range(self.y0, self.y1)}
        horizontal = {(x, sy + j) for sy in self.street_ys for j in range(STREET)
                      for x in range(self.x0, self.x1)}
        return vertical, horizontal

    def tile(self, x: int, y: int, vertical: Cells, horizontal: Cells) -> str:
        """Street surface at a street cell: sidewalks, lanes with a centre line, crossings."""
        vx = (x - self.x0) % (LOT_W + STREET)
        hy = (y - self.y0) % (LOT_H + STREET)
        if (x, y) in vertical and (x, y) in horizontal:
            v_lane, h_lane = 0 < vx < STREET - 1, 0 < hy < STREET - 1
            if v_lane and h_lane:
                four_way = all(c in vertical for c in ((x, y - hy - 1), (x, y - hy + STREET))) \
                    and all(c in horizontal for c in ((x - vx - 1, y), (x - vx + STREET, y)))
                centre = vx == hy == STREET // 2
                return "road_cross" if four_way and centre else "road"
            if v_lane:
                beyond = (x, y - 1) if hy == 0 else (x, y + 1)
                return "crosswalk_v" if beyond in vertical else "sidewalk"
            if h_lane:
                beyond = (x - 1, y) if vx == 0 else (x + 1, y)
                return "crosswalk_h" if beyond in horizontal else "sidewalk"
            return "sidewalk"
        if (x, y) in vertical:
            return "sidewalk" if vx in (0, STREET - 1) else ("road_line_v" if vx == 2 else "road")
        return "sidewalk" if hy in (0, STREET - 1) else ("road_line_h" if hy == 2 else "road")

    def lamps(self, town: TileMap) -> None:
        """Lamp posts on the sidewalks, two per block side, away from corners and crossings.

        They stand on the sidewalk at the back of a lot (the fronts, with the doors, stay
        clear), and the lamp head drawn one row up falls on the street, never on a lot.
        """
        for k in range(self.rows + 1):
            y = self.street_ys[k] + STREET - 1
            for col in range(1, self.cols + 1):
                lx, _ = self.lot_origin(col, 1)
                for x in (lx + 5, lx + LOT_W - 6):
                    _lamp(town, x, y)
        for k in range(self.cols):
            x = self.street_xs[k] + STREET - 1
            for row in range(1, self.rows + 1):
                _, ly = self.lot_origin(1, row)
                for y in (ly + 4, ly + LOT_H - 3):
                    _lamp(town, x, y)


def _lamp(town: TileMap, x: int, y: int) -> None:
    town.set("furniture", x, y, "lamp_post")
    town.set("above", x, y - 1, "lamp_post_top")
