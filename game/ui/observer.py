"""The observer's tools: speech bubbles over talking villagers, the villager list, the event log, the minimap."""

from __future__ import annotations

import time

import numpy as np
import pygame
import pygame_gui

from game.sim.snapshot import EventView, Snapshot, VillagerView
from game.ui.assets import FRAME_H, Art
from game.ui.lettering import text_size
from game.ui.renderer import Camera
from game.ui.widgets import (
    GOLD,
    INK,
    LINE,
    MIST,
    NIGHT,
    ORANGE,
    PAPER,
    PLUM,
    RED,
    SLATE,
    TEAL,
    clip,
    framed,
    panel,
    text,
    wrap,
)
from game.world.tilemap import TILE

EVENT_COLOUR = {"conversation": TEAL, "reflection": PLUM, "plan": INK, "whisper": RED, "build": ORANGE}
BUBBLE_W = 220
DOTS_UP_TO = 300  # villagers the minimap shows as dots; more are shown as a density map
DENSITY_CELL = 3  # minimap pixels a side of one density cell
DENSE = 6  # villagers in a cell shown in the deepest colour


def draw_bubbles(surface: pygame.Surface, art: Art, camera: Camera,
                 visible: list[tuple[VillagerView, float, float, pygame.Surface]], label_h: int,
                 said: dict[int, str] | None = None) -> list[pygame.Rect]:
    """A speech bubble above every villager who is talking (``said``: their answer to the player),
    and '...' over those still thinking; returns where they went (no two overlap)."""
    sw, sh = surface.get_size()
    said = said or {}
    placed: list[pygame.Rect] = []
    speaking_first = sorted(visible, key=lambda item: not (item[0].bubble or said.get(item[0].vid)))
    for v, fx, fy, _frame in speaking_first:
        words = v.bubble or said.get(v.vid)
        if not words and not v.thinking:
            continue
        x, y = camera.world_to_screen(fx, fy - FRAME_H, sw, sh)
        y -= label_h + 8
        if words:
            lines = wrap(words, BUBBLE_W - 16)[:3]
            if len(wrap(words, BUBBLE_W - 16)) > 3:
                lines[-1] = clip(lines[-1] + " ...", BUBBLE_W - 16)
        else:
            lines = ["." * (1 + int(time.perf_counter() * 3 + v.vid) % 3)]
        width = max(40, max(_w(line) for line in lines) + 16)
        height = len(lines) * LINE + 10
        box = pygame.Rect(0, 0, width, height)
        box.midbottom = (x, y)
        box.clamp_ip(surface.get_rect())
        # In a crowd, a bubble that would cover another climbs above it (it keeps its tail only when in place).
        in_place = True
        for _ in range(len(placed)):
            hit = box.collidelist(placed)
            if hit < 0:
                break
            box.bottom = placed[hit].y - 4
            in_place = False
        if box.y < 0 or box.collidelist(placed) >= 0:
            continue  # no room left above: it shows again when the crowd thins
        placed.append(box)
        surface.blit(framed(art.bubble, box.size, 4), box.topleft)
        if art.bubble_tail is not None and in_place:
            tail = pygame.transform.scale(art.bubble_tail, (16, 12))
            surface.blit(tail, (min(max(x - 8, box.x + 6), box.right - 22), box.bottom - 4))
        for i, line in enumerate(lines):
            text(surface, line, (box.x + 8, box.y + 5 + i * LINE), INK if words else SLATE)

    return placed

def _w(words: str) -> int:
    return text_size(words)[0]


class VillagerList:
    """Every villager with what they do, filtered by what the player types in its search field (a name, a
    place, an action); only the rows on screen are built. Click one to jump there and follow them."""

    ROW = 40
    FIELD_H = 34

    def __init__(self, art: Art, manager: pygame_gui.UIManager | None = None) -> None:
        self.art = art
        self.shown = False
        self.rect = pygame.Rect(8, 72, 300, 400)
        self.scroll = 0
        self.rows: list[tuple[pygame.Rect, int]] = []
        self.search: pygame_gui.elements.UITextEntryLine | None = None
        if manager is not None:
            self.search = pygame_gui.elements.UITextEntryLine(
                pygame.Rect(0, 0, 200, self.FIELD_H), manager, placeholder_text="Find a villager...")
            self.search.hide()
        self._matches: tuple[Snapshot | None, str, list[VillagerView]] = (None, "", [])

    @property
    def query(self) -> str:
        return self.search.get_text().strip().lower() if self.search is not None else ""

    def show(self, shown: bool) -> None:
        self.shown = shown
        if self.search is not None:
            if shown:
                self.search.show()
            else:
                self.search.unfocus()
                self.search.hide()

    def place(self, rect: pygame.Rect) -> None:
        self.rect = rect.copy()
        if self.search is not None:
            self.search.set_relative_position((rect.x + 10, rect.y + 36))
            self.search.set_dimensions((rect.width - 20, self.FIELD_H))

    def matches(self, snap: Snapshot) -> list[VillagerView]:
        """The villagers whose name, action or place holds the query; worked out once per snapshot and query."""
        query = self.query
        if self._matches[0] is not snap or self._matches[1] != query:
            found = list(snap.villagers) if not query else [
                v for v in snap.villagers
                if query in v.name.lower() or query in v.action.lower() or query in v.place.lower()]
            self._matches = (snap, query, found)
        return self._matches[2]

    def draw(self, surface: pygame.Surface, snap: Snapshot, selected: int | None) -> None:
        if not self.shown:
            return
        r = self.rect
        panel(surface, self.art, r)
        found = self.matches(snap)
        total = len(snap.villagers)
        title = f"Villagers ({total})" if len(found) == total else f"Villagers ({len(found)} of {total})"
        text(surface, title, (r.x + 16, r.y + 12), PLUM)
        top = r.y + 40 + (self.FIELD_H + 6 if self.search is not None else 0)
        per_page = max(1, (r.bottom - 12 - top) // self.ROW)
        self.scroll = max(0, min(self.scroll, len(found) - per_page))
        self.rows = []
        for i, v in enumerate(found[self.scroll:self.scroll + per_page]):
            row = pygame.Rect(r.x + 10, top + i * self.ROW, r.width - 20, self.ROW - 2)
            if v.vid == selected:
                pygame.draw.rect(surface, GOLD, row, border_radius=3)
            surface.blit(self.art.portrait(v.sheet, 2), (row.x + 4, row.y + 3))
            icon = self.art.icon("sleep" if v.asleep else v.icon)
            if icon is not None:
                surface.blit(icon, (row.right - 20, row.y + 3))
            text(surface, clip(v.name, row.width - 70), (row.x + 44, row.y), INK)
            doing = "asleep" if v.asleep else v.action
            text(surface, clip(doing, row.width - 52), (row.x + 44, row.y + 17), SLATE)
            self.rows.append((row, v.vid))
        if not found:
            text(surface, "Nobody matches.", (r.x + 16, top + 4), SLATE)

    def click(self, pos: tuple[int, int]) -> int | None:
        for row, vid in self.rows:
            if row.collidepoint(pos):
                return vid
        return None

    def contains(self, pos: tuple[int, int]) -> bool:
        return self.shown and self.rect.collidepoint(pos)


class EventLog:
    """Notable events, newest first; click one to look at where it happened."""

    def __init__(self, art: Art) -> None:
        self.art = art
        self.shown = True
        self.rect = pygame.Rect(8, 520, 470, 192)
        self.scroll = 0
        self.rows: list[tuple[pygame.Rect, EventView]] = []
        self.tip: list[str] = []  # the hovered line in full, as drawn

    def draw(self, surface: pygame.Surface, snap: Snapshot) -> None:
        if not self.shown:
            return
        r = self.rect
        panel(surface, self.art, r)
        text(surface, "Town log", (r.x + 16, r.y + 10), PLUM)
        text(surface, "hover: all, click: look", (r.right - 16 - _w("hover: all, click: look"), r.y + 10), MIST)
        events = list(reversed(snap.events))
        per_page = (r.height - 44) // LINE
        self.scroll = max(0, min(self.scroll, max(0, len(events) - per_page)))
        self.rows = []
        y = r.y + 36
        if not events:
            text(surface, "Nothing has happened yet.", (r.x + 16, y), SLATE)
        for e in events[self.scroll:self.scroll + per_page]:
            row = pygame.Rect(r.x + 12, y, r.width - 24, LINE)
            if row.collidepoint(pygame.mouse.get_pos()) and e.tile is not None:
                pygame.draw.rect(surface, GOLD, row, border_radius=3)
            text(surface, e.time, (row.x + 4, y), SLATE)
            text(surface, clip(e.text, row.width - 64), (row.x + 60, y), EVENT_COLOUR.get(e.kind, INK))
            self.rows.append((row, e))
            y += LINE

    def draw_tip(self, surface: pygame.Surface, mouse: tuple[int, int]) -> None:
        """The hovered line in full, above the log, when the row had to cut it."""
        self.tip = []
        if not self.contains(mouse):
            return
        row_event = next(((row, e) for row, e in self.rows if row.collidepoint(mouse)), None)
        if row_event is None:
            return
        row, e = row_event
        if clip(e.text, row.width - 64) == e.text:
            return
        width = min(560, surface.get_width() - 32)
        self.tip = wrap(f"{e.time}  {e.text}", width - 24)
        box = pygame.Rect(self.rect.x, 0, width, len(self.tip) * LINE + 16)
        box.bottom = self.rect.y - 4
        box.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, NIGHT, box, border_radius=4)
        pygame.draw.rect(surface, GOLD, box, 2, border_radius=4)
        for i, line in enumerate(self.tip):
            text(surface, line, (box.x + 12, box.y + 8 + i * LINE), PAPER)

    def click(self, pos: tuple[int, int]) -> EventView | None:
        for row, e in self.rows:
            if row.collidepoint(pos):
                return e
        return None

    def contains(self, pos: tuple[int, int]) -> bool:
        return self.shown and self.rect.collidepoint(pos)


class Minimap:
    """The whole town small, villagers as dots, the view as a frame; click a dot to select that villager,
    elsewhere to look there."""

    def __init__(self, base: pygame.Surface, art: Art) -> None:
        self.art = art
        self.shown = True
        self.base = base
        self.world = base.get_size()
        self.size = (0, 0)
        self.image = base
        self.rect = pygame.Rect(0, 0, 10, 10)
        self._density: tuple[Snapshot | None, pygame.Surface | None, tuple[int, int]] = (None, None, (0, 0))
        self.place(pygame.Rect(0, 0, 220, 170))

    def place(self, rect: pygame.Rect) -> None:
        """Sit in rect (the layout sized it to the town's proportions)."""
        self.rect = rect.copy()
        size = (max(1, rect.width - 20), max(1, rect.height - 20))
        if size != self.size:
            self.size = size
            self.image = pygame.transform.smoothscale(self.base, self.size)

    def refresh(self, base: pygame.Surface) -> None:
        """The map changed (a building went up)."""
        self.base = base
        self.image = pygame.transform.smoothscale(base, self.size)

    def villager_near(self, pos: tuple[int, int], snap: Snapshot, reach: int = 5) -> int | None:
        """The villager whose dot is nearest pos, within reach pixels."""
        inner = self.rect.inflate(-20, -20)
        sx, sy = self.size[0] / self.world[0], self.size[1] / self.world[1]
        best, best_d = None, float(reach * reach + 1)
        for v in snap.villagers:
            px = inner.x + (v.tile[0] + 0.5) * TILE * sx
            py = inner.y + (v.tile[1] + 0.5) * TILE * sy
            d = (px - pos[0]) ** 2 + (py - pos[1]) ** 2
            if d < best_d:
                best, best_d = v.vid, d
        return best

    def draw(self, surface: pygame.Surface, snap: Snapshot, camera: Camera, selected: int | None) -> None:
        if not self.shown:
            return
        panel(surface, self.art, self.rect)
        inner = self.rect.inflate(-20, -20)
        surface.blit(self.image, inner.topleft)
        sx, sy = self.size[0] / self.world[0], self.size[1] / self.world[1]
        if len(snap.villagers) > DOTS_UP_TO:
            # A crowd is a density map: dots of thousands would hide each other and cost a draw call each.
            surface.blit(self.density(snap), inner.topleft)
        for v in snap.villagers if len(snap.villagers) <= DOTS_UP_TO else ():
            px = inner.x + int((v.tile[0] + 0.5) * TILE * sx)
            py = inner.y + int((v.tile[1] + 0.5) * TILE * sy)
            colour = GOLD if v.vid == selected else (SLATE if v.asleep else RED)
            pygame.draw.rect(surface, NIGHT, (px - 2, py - 2, 5, 5))
            pygame.draw.rect(surface, colour, (px - 1, py - 1, 3, 3))
        chosen = snap.villagers[selected] if selected is not None and 0 <= selected < len(snap.villagers) else None
        if chosen is not None and chosen.vid == selected and len(snap.villagers) > DOTS_UP_TO:
            v = chosen
            px, py = inner.x + int((v.tile[0] + 0.5) * TILE * sx), inner.y + int((v.tile[1] + 0.5) * TILE * sy)
            pygame.draw.rect(surface, NIGHT, (px - 3, py - 3, 7, 7))
            pygame.draw.rect(surface, GOLD, (px - 2, py - 2, 5, 5))
        sw, sh = surface.get_size()
        left, top = camera.top_left(sw, sh)
        view = pygame.Rect(inner.x + int(left * sx), inner.y + int(top * sy),
                           int(sw / camera.zoom * sx), int(sh / camera.zoom * sy))
        pygame.draw.rect(surface, PAPER, view.clip(inner), 1)

    def density(self, snap: Snapshot) -> pygame.Surface:
        """Villagers per cell of DENSITY_CELL minimap pixels, light to deep red; made once per snapshot."""
        if self._density[0] is snap and self._density[1] is not None and self._density[2] == self.size:
            return self._density[1]
        w, h = self.size
        gw, gh = max(1, w // DENSITY_CELL), max(1, h // DENSITY_CELL)
        tiles = np.array([v.tile for v in snap.villagers], dtype=np.float64).reshape(-1, 2)
        gx = np.clip(((tiles[:, 0] + 0.5) * TILE * gw / self.world[0]).astype(np.int64), 0, gw - 1)
        gy = np.clip(((tiles[:, 1] + 0.5) * TILE * gh / self.world[1]).astype(np.int64), 0, gh - 1)
        counts = np.zeros((gw, gh), dtype=np.float64)
        np.add.at(counts, (gx, gy), 1.0)
        share = np.clip(counts / DENSE, 0.0, 1.0)  # DENSE villagers in a cell or more: full colour
        cells = pygame.Surface((gw, gh), pygame.SRCALPHA)
        rgb = pygame.surfarray.pixels3d(cells)
        rgb[..., 0] = 255
        rgb[..., 1] = (200 * (1.0 - share)).astype(np.uint8)
        rgb[..., 2] = (90 * (1.0 - share)).astype(np.uint8)
        del rgb
        alpha = pygame.surfarray.pixels_alpha(cells)
        alpha[...] = np.where(counts > 0, 110 + 145 * share, 0).astype(np.uint8)
        del alpha
        image = pygame.transform.scale(cells, (gw * DENSITY_CELL, gh * DENSITY_CELL))
        self._density = (snap, image, self.size)
        return image

    def world_point(self, pos: tuple[int, int]) -> tuple[float, float] | None:
        inner = self.rect.inflate(-20, -20)
        if not self.shown or not inner.collidepoint(pos):
            return None
        return ((pos[0] - inner.x) * self.world[0] / self.size[0], (pos[1] - inner.y) * self.world[1] / self.size[1])

    def contains(self, pos: tuple[int, int]) -> bool:
        return self.shown and self.rect.collidepoint(pos)

