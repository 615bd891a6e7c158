"""Where every panel goes for a window size: the HUD on top, the side panel on the right, the villager
list, minimap and log on the left; from 800x600 up, nothing overlaps and everything stays on screen."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

MARGIN = 8
HUD_H = 68
STATUS_H = 36
SIDE_W = 440  # the villager panel and mayor mode
LOG_H = 192
LOG_MIN_H = 112
LIST_MIN_H = 96
STACKED_LIST_H = 180  # the villager list in a narrow column: four rows
MINIMAP_MIN_H = 90
MINIMAP_MAX = (200, 150)  # the map picture inside the minimap's frame
MINIMAP_FRAME = 20
NOTES_MIN_W = 260  # narrowest strip toasts are put in


@dataclass(frozen=True)
class Layout:
    clock: pygame.Rect  # clock, population and speed buttons
    money: pygame.Rect  # treasury, coins per day, the Mayor button
    status: pygame.Rect  # model status
    side: pygame.Rect  # the villager panel or mayor mode (when one is open)
    people: pygame.Rect
    log: pygame.Rect
    minimap: pygame.Rect
    speed_button_w: int

    @property
    def top(self) -> int:
        """The first free line under the HUD."""
        return max(self.clock.bottom, self.money.bottom, self.status.bottom) + MARGIN

    def notes(self, side_open: bool, people: bool) -> pygame.Rect:
        """Where toasts go: the map's free strip under the HUD, beside the side panel (never over the field
        the player types in) and beside the villager list when there is room, else over its top."""
        right = (self.side.x if side_open else self.side.right + MARGIN) - MARGIN
        left = self.people.right + MARGIN if people and right - self.people.right >= NOTES_MIN_W else MARGIN
        return pygame.Rect(left, self.top, max(0, right - left), self.side.bottom - self.top)

    def shown(self, side_open: bool, people: bool, log: bool, minimap: bool) -> dict[str, pygame.Rect]:
        """The rectangles that are on screen, by name (for overlap tests)."""
        out = {"clock": self.clock, "money": self.money, "status": self.status}
        for name, rect, on in (("side", self.side, side_open), ("people", self.people, people),
                               ("log", self.log, log), ("minimap", self.minimap, minimap)):
            if on:
                out[name] = rect
        return out


def minimap_size(world: tuple[int, int], room: tuple[int, int]) -> tuple[int, int]:
    """The map picture's size: the whole town, as large as MINIMAP_MAX and the room allow."""
    w = min(MINIMAP_MAX[0], room[0] - MINIMAP_FRAME)
    h = min(MINIMAP_MAX[1], room[1] - MINIMAP_FRAME)
    scale = max(0.01, min(w / world[0], h / world[1]))
    return max(1, int(world[0] * scale)), max(1, int(world[1] * scale))


def arrange(size: tuple[int, int], side_open: bool, people: bool, log: bool, minimap: bool,
            world: tuple[int, int] = (2240, 1632)) -> Layout:
    sw, sh = size
    button_w = 60 if sw >= 1000 else 46
    clock = pygame.Rect(MARGIN, MARGIN, 16 + 150 + 6 * (button_w + 4) + 10, HUD_H)
    money = pygame.Rect(clock.right + MARGIN, MARGIN, 232, HUD_H)
    room = sw - MARGIN - (money.right + MARGIN)
    if room >= 260:
        status = pygame.Rect(money.right + MARGIN, MARGIN, room, HUD_H)
    else:  # a narrow window: the model status gets its own line under the HUD
        status = pygame.Rect(MARGIN, clock.bottom + MARGIN, sw - 2 * MARGIN, STATUS_H)
    top = max(clock.bottom, money.bottom, status.bottom) + MARGIN
    side_w = min(SIDE_W, sw - 2 * MARGIN - 320)
    side = pygame.Rect(sw - MARGIN - side_w, top, side_w, sh - top - MARGIN)
    right = (side.x if side_open else sw) - MARGIN  # the left column ends here
    column_w = right - MARGIN
    bottom = sh - MARGIN
    # Minimap beside the log when the strip is wide enough, else stacked above it.
    map_size = minimap_size(world, (MINIMAP_MAX[0] + MINIMAP_FRAME, MINIMAP_MAX[1] + MINIMAP_FRAME))
    map_rect = pygame.Rect(0, 0, map_size[0] + MINIMAP_FRAME, map_size[1] + MINIMAP_FRAME)
    beside = column_w >= 300 + MARGIN + map_rect.width
    if beside:
        log_rect = pygame.Rect(MARGIN, bottom - LOG_H, min(520, column_w - (map_rect.width + MARGIN if minimap else 0)),
                               LOG_H)
        map_rect.bottomright = (right, bottom)
        strip_top = min(log_rect.y if log else bottom + MARGIN, map_rect.y if minimap else bottom + MARGIN)
        people_h = strip_top - MARGIN - top
        people_rect = pygame.Rect(MARGIN, top, min(300, column_w), max(LIST_MIN_H, people_h))
        if people_h < LIST_MIN_H and log:
            log_rect.y = top + LIST_MIN_H + MARGIN
            log_rect.height = bottom - log_rect.y
    else:  # a narrow column: list, minimap and log stacked; the log, then the minimap, give up height first
        gaps = MARGIN * (int(people) + int(minimap) + int(log) - 1)
        list_h = STACKED_LIST_H if people else 0
        log_h = LOG_H if log else 0
        map_h = MINIMAP_MAX[1] + MINIMAP_FRAME if minimap else 0
        over = list_h + log_h + map_h + gaps - (bottom - top)
        if over > 0 and log:
            cut = min(over, LOG_H - LOG_MIN_H)
            log_h, over = log_h - cut, over - cut
        if over > 0 and minimap:
            cut = min(over, map_h - MINIMAP_MIN_H)
            map_h, over = map_h - cut, over - cut
        map_size = minimap_size(world, (column_w, map_h))
        map_rect = pygame.Rect(0, 0, map_size[0] + MINIMAP_FRAME, map_size[1] + MINIMAP_FRAME)
        log_rect = pygame.Rect(MARGIN, bottom - log_h, column_w, log_h)
        above = log_rect.y - MARGIN if log else bottom
        map_rect.bottomleft = (MARGIN, above)
        list_bottom = (map_rect.y - MARGIN if minimap else above)
        people_rect = pygame.Rect(MARGIN, top, min(300, column_w), max(LIST_MIN_H, list_bottom - top))
    return Layout(clock, money, status, side, people_rect, log_rect, map_rect, button_w)
