"""Draws the town: pre-rendered map layers, villagers sorted by depth, roofs, night, at integer zoom.

Everything is composed at 1× on a canvas the size of the view and scaled up
once per frame (nearest neighbour), so pixels stay crisp at every zoom.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pygame
import pytmx
from pytmx.util_pygame import load_pygame

from game.sim.snapshot import Snapshot, VillagerView
from game.ui.assets import FRAME_H, FRAME_W, WALK_CYCLE, Art
from game.world.tilemap import TILE, Rect

BASE_LAYERS = ("ground", "floor", "walls", "furniture")
LIGHT_TILES = {"lamp_post_top": "street", "lamp": "lamp", "wall_window_brick": "window",
               "wall_window_plaster": "window", "wall_window_wood": "window"}
# kind -> (radius in px, warm colour added at the centre)
GLOWS = {"street": (28, (110, 74, 16)), "lamp": (20, (100, 66, 14)), "window": (10, (90, 62, 12))}
SLEEP_HEAD = 11  # pixel rows of a villager frame that show above the blanket


@dataclass
class Camera:
    """Centre of the view in world pixels and the integer zoom."""

    x: float
    y: float
    zoom: int = 2

    def top_left(self, view_w: int, view_h: int) -> tuple[int, int]:
        return (int(self.x - view_w / (2 * self.zoom)), int(self.y - view_h / (2 * self.zoom)))

    def screen_to_world(self, sx: float, sy: float, view_w: int, view_h: int) -> tuple[float, float]:
        left, top = self.top_left(view_w, view_h)
        return (left + sx / self.zoom, top + sy / self.zoom)

    def world_to_screen(self, wx: float, wy: float, view_w: int, view_h: int) -> tuple[int, int]:
        left, top = self.top_left(view_w, view_h)
        return (int((wx - left) * self.zoom), int((wy - top) * self.zoom))


def villager_under(camera: Camera, screen_size: tuple[int, int],
                   visible: list[tuple[VillagerView, float, float, pygame.Surface]],
                   pos: tuple[int, int]) -> int | None:
    """The villager drawn under a screen point (the front-most one), from what the last draw returned."""
    wx, wy = camera.screen_to_world(pos[0], pos[1], *screen_size)
    best = None
    for v, fx, fy, _frame in visible:
        if fx - 8 <= wx < fx + 8 and fy - FRAME_H <= wy < fy + 2:
            best = v.vid  # later entries are drawn in front
    return best


def night_tint(hours: float) -> tuple[int, int, int] | None:
    """Multiply colour for the time of day: warm dusk, blue night, clear noon."""
    keys = (
        (0.0, (70, 80, 140)),
        (5.0, (80, 90, 150)),
        (6.5, (235, 190, 170)),
        (8.0, (255, 255, 255)),
        (17.5, (255, 255, 255)),
        (19.5, (240, 170, 140)),
        (21.0, (90, 100, 160)),
        (24.0, (70, 80, 140)),
    )
    for (h0, c0), (h1, c1) in itertools.pairwise(keys):
        if h0 <= hours <= h1:
            f = (hours - h0) / (h1 - h0) if h1 > h0 else 0.0
            red, green, blue = (int(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
            return None if (red, green, blue) == (255, 255, 255) else (red, green, blue)
    return None


class TownRenderer:
    """Pre-renders the map once; each frame is a handful of big blits plus one blits() for sprites."""

    def __init__(self, tmx_path: str, art: Art, sectors: dict[str, Rect]) -> None:
        self.art = art
        self.tmx = load_pygame(tmx_path)
        self.width = self.tmx.width * TILE
        self.height = self.tmx.height * TILE
        self.base = pygame.Surface((self.width, self.height)).convert()
        self.above = pygame.Surface((self.width, self.height), pygame.SRCALPHA).convert_alpha()
        self.roofs: dict[str, tuple[Rect, pygame.Surface]] = {}
        self.lights: list[tuple[str, int, int]] = []  # (kind, x, y) of lamps and windows, for the night
        self._light_names: dict[int, str | None] = {}
        self.glows = {kind: _glow(radius, colour) for kind, (radius, colour) in GLOWS.items()}
        self._draw_layers(self.tmx, 0, 0)
        self._cut_roofs(self.tmx, sectors, 0, 0)
        # The overhead layer is mostly empty: run-length encoding skips the holes when blitting.
        self.above.set_alpha(255, pygame.RLEACCEL)
        self.show_roofs = True
        self.revealed: set[str] = set()
        self._canvas: pygame.Surface | None = None
        self._occupied: tuple[Snapshot | None, set[str]] = (None, set())
        self._scaled: pygame.Surface | None = None
        self._roof_grid: tuple[list[str], np.ndarray, int] | None = None

    def _draw_layers(self, tmx: pytmx.TiledMap, ox: int, oy: int) -> None:
        for layer in tmx.visible_layers:
            if not isinstance(layer, pytmx.TiledTileLayer):
                continue
            if layer.name in BASE_LAYERS:
                target = self.base
            elif layer.name == "above":
                target = self.above
            else:
                continue
            target.blits(
                [((img), ((x + ox) * TILE, (y + oy) * TILE)) for x, y, img in layer.tiles() if img is not None],
                doreturn=False,
            )
            for y, row in enumerate(layer.data):
                for x, gid in enumerate(row):
                    kind = self._light_kind(tmx, gid) if gid else None
                    if kind is not None:
                        self.lights.append((kind, (x + ox) * TILE + TILE // 2, (y + oy) * TILE + TILE // 2))

    def _light_kind(self, tmx: pytmx.TiledMap, gid: int) -> str | None:
        kind = self._light_names.get(gid, "?")
        if kind == "?":
            name = str((tmx.get_tile_properties_by_gid(gid) or {}).get("name", ""))
            kind = LIGHT_TILES.get(name)
            self._light_names[gid] = kind
        return kind

    def _cut_roofs(self, tmx: pytmx.TiledMap, sectors: dict[str, Rect], ox: int, oy: int) -> None:
        try:
            layer = tmx.get_layer_by_name("roofs")
        except ValueError:
            return
        full = pygame.Surface((tmx.width * TILE, tmx.height * TILE), pygame.SRCALPHA)
        full.blits([(img, (x * TILE, y * TILE)) for x, y, img in layer.tiles() if img is not None], doreturn=False)
        for name, rect in sectors.items():
            local = pygame.Rect((rect.x - ox) * TILE, (rect.y - oy) * TILE, rect.w * TILE, rect.h * TILE)
            if not full.get_rect().contains(local):
                continue
            piece = full.subsurface(local)
            if piece.get_bounding_rect().width == 0:
                continue
            # Roofs overhang the sector by nothing; keep the exact rectangle for reveal tests.
            self.roofs[name] = (rect, piece.copy().convert_alpha())

    def stamp(self, prefab_path: str, lot: Rect, sector_name: str, sector_rect: Rect) -> None:
        """Draw a newly built prefab onto the pre-rendered map (the mayor placed a building)."""
        prefab = load_pygame(prefab_path)
        lot_px = pygame.Rect(lot.x * TILE, lot.y * TILE, lot.w * TILE, lot.h * TILE)
        self.lights = [light for light in self.lights if not lot_px.collidepoint(light[1], light[2])]
        self.base.fill((0, 0, 0), (lot.x * TILE, lot.y * TILE, lot.w * TILE, lot.h * TILE))
        self.above.fill((0, 0, 0, 0), (lot.x * TILE, lot.y * TILE, lot.w * TILE, lot.h * TILE))
        self._draw_layers(prefab, lot.x, lot.y)
        self._cut_roofs(prefab, {sector_name: sector_rect}, lot.x, lot.y)

    # -- per frame ----------------------------------------------------------
    def sprite_positions(
        self, snap: Snapshot, frac: float, t: float, area: pygame.Rect | None = None
    ) -> list[tuple[VillagerView, float, float, pygame.Surface]]:
        """(villager, feet x, feet y in world px, frame) for every villager, or for those whose tile
        (now or a step ago) lies in `area`, a rectangle of tiles: a city's crowd off screen costs a compare."""
        out = []
        if area is not None:
            x0, y0, x1, y1 = area.left, area.top, area.right, area.bottom
        for v in snap.villagers:
            px, py = v.prev_tile
            tx, ty = v.tile
            if area is not None and not (x0 <= tx < x1 and y0 <= ty < y1) and not (x0 <= px < x1 and y0 <= py < y1):
                continue
            fx = (px + (tx - px) * frac) * TILE + TILE / 2
            fy = (py + (ty - py) * frac) * TILE + TILE
            moving = v.walking and (px, py) != (tx, ty)
            if moving:
                column = WALK_CYCLE[int(t * 8 + v.vid) % 4]
            else:
                column = 0
            frame = self.art.frame(v.sheet, v.facing, column)
            bob = 1 if moving and column == 2 else 0
            out.append((v, fx, fy - bob, frame))
        return out

    def draw(
        self,
        surface: pygame.Surface,
        camera: Camera,
        snap: Snapshot,
        frac: float,
        t: float,
        selected: int | None = None,
    ) -> list[tuple[VillagerView, float, float, pygame.Surface]]:
        sw, sh = surface.get_size()
        z = camera.zoom
        cw, ch = math.ceil(sw / z) + 1, math.ceil(sh / z) + 1
        if self._canvas is None or self._canvas.get_size() != (cw, ch):
            self._canvas = pygame.Surface((cw, ch)).convert()
        canvas = self._canvas
        left, top = camera.top_left(sw, sh)
        if left < 0 or top < 0 or left + cw > self.width or top + ch > self.height:
            canvas.fill((26, 28, 44))  # the view reaches past the map's edge
        canvas.blit(self.base, (0, 0), (left, top, cw, ch))
        tiles = pygame.Rect(left // TILE - 2, top // TILE - 2, cw // TILE + 5, ch // TILE + 5)
        sprites = self.sprite_positions(snap, frac, t, tiles)
        view = pygame.Rect(left - FRAME_W, top - FRAME_H, cw + 2 * FRAME_W, ch + 2 * FRAME_H)
        visible = [s for s in sprites if view.collidepoint(s[1], s[2])]
        visible.sort(key=lambda s: (s[2], s[0].vid))
        shadow = self.art.shadow
        sx, sy = shadow.get_width() // 2, shadow.get_height() // 2
        blits = []
        for v, fx, fy, frame in visible:
            bx, by = int(fx) - left, int(fy) - top
            if v.asleep:
                # In bed: only the head shows on the pillow, the blanket (the bed tile) covers the rest.
                head = frame.subsurface((0, 0, FRAME_W, SLEEP_HEAD))
                blits.append((head, (bx - FRAME_W // 2, by - TILE - 2)))
                continue
            blits.append((shadow, (bx - sx, by - sy - 1)))
            blits.append((frame, (bx - FRAME_W // 2, by - FRAME_H)))
        canvas.blits(blits, doreturn=False)
        if selected is not None:
            for v, fx, fy, _frame in visible:
                if v.vid == selected:
                    pygame.draw.ellipse(canvas, (255, 205, 117), (int(fx) - left - 7, int(fy) - top - 4, 14, 6), 1)
        canvas.blit(self.above, (0, 0), (left, top, cw, ch))
        if self.show_roofs:
            occupied = self._occupied_sectors(snap)
            area = pygame.Rect(left, top, cw, ch)
            for name, (rect, roof) in self.roofs.items():
                if name in self.revealed or name in occupied:
                    continue
                r = pygame.Rect(rect.x * TILE, rect.y * TILE, rect.w * TILE, rect.h * TILE)
                if r.colliderect(area):
                    canvas.blit(roof, (r.x - left, r.y - top))
        tint = night_tint(snap.hours)
        if tint is not None:
            canvas.fill(tint, special_flags=pygame.BLEND_MULT)
            if tint[0] < 200:  # dusk to dawn: lamps and windows glow
                area = pygame.Rect(left - 40, top - 40, cw + 80, ch + 80)
                canvas.blits(
                    [
                        (self.glows[kind], (x - left - self.glows[kind].get_width() // 2,  # type: ignore[misc]  # stub refuses area None (whole source)
                                            y - top - self.glows[kind].get_height() // 2), None, pygame.BLEND_ADD)
                        for kind, x, y in self.lights
                        if area.collidepoint(x, y)
                    ],
                    doreturn=False,
                )
        if sw % z == 0 and sh % z == 0:
            # The usual case: scale straight into the window, no extra full-screen blit.
            pygame.transform.scale(canvas.subsurface((0, 0, sw // z, sh // z)), (sw, sh), surface)
        else:
            if self._scaled is None or self._scaled.get_size() != (cw * z, ch * z):
                self._scaled = pygame.Surface((cw * z, ch * z)).convert()
            pygame.transform.scale(canvas, (cw * z, ch * z), self._scaled)
            surface.blit(self._scaled, (0, 0))
        return visible

    def _occupied_sectors(self, snap: Snapshot) -> set[str]:
        """Sectors whose roof lifts because someone is inside (you see the interior, as in Smallville).

        Worked out once per snapshot, not once per frame: the window draws many frames between steps.
        """
        if self._occupied[0] is not snap:
            names, grid = self._roof_index()
            h, w = grid.shape
            found = {int(grid[y, x]) for x, y in (v.tile for v in snap.villagers) if 0 <= x < w and 0 <= y < h}
            self._occupied = (snap, {names[i] for i in found if i})
        return self._occupied[1]

    def _roof_index(self) -> tuple[list[str], np.ndarray]:
        """The roof over each tile (0: none), so lifting roofs costs one look-up a villager, not one a roof."""
        if self._roof_grid is None or self._roof_grid[2] != len(self.roofs):
            names = [""]
            grid = np.zeros((self.height // TILE, self.width // TILE), dtype=np.int32)
            for name, (rect, _roof) in self.roofs.items():
                names.append(name)
                grid[max(rect.y, 0):rect.y + rect.h, max(rect.x, 0):rect.x + rect.w] = len(names) - 1
            self._roof_grid = (names, grid, len(self.roofs))
        return self._roof_grid[0], self._roof_grid[1]


def _glow(radius: int, colour: tuple[int, int, int]) -> pygame.Surface:
    """A soft warm disc in a few hard rings (pixel-art light, no smooth gradient), added to the night."""
    size = radius * 2
    surf = pygame.Surface((size, size))
    surf.fill((0, 0, 0))
    for step, scale in ((1.0, 0.35), (0.7, 0.65), (0.4, 1.0)):
        r = max(1, int(radius * step))
        c = tuple(int(v * scale) for v in colour)
        pygame.draw.circle(surf, c, (radius, radius), r)
    return surf
