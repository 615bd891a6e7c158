"""Loads the generated art once (converted for fast blits): villager sheets, icons, panels (fonts and text:
game/ui/lettering.py)."""

from __future__ import annotations

import json

import pygame

from game.resources import resource

FRAME_W, FRAME_H = 16, 24
DIRECTIONS = ("down", "left", "right", "up")
WALK_CYCLE = (1, 2, 3, 2)


class Art:
    """Every surface the renderer and panels draw, loaded after the display exists."""

    def __init__(self) -> None:
        base = resource("assets")
        self.sheets: list[list[list[pygame.Surface]]] = []
        index_path = base / "sprites/villagers/index.json"
        entries = json.loads(index_path.read_text(encoding="utf-8"))
        self.looks: list[str] = []
        for entry in entries:
            sheet = pygame.image.load(str(base / "sprites/villagers" / entry["file"])).convert_alpha()
            frames = [
                [sheet.subsurface((col * FRAME_W, row * FRAME_H, FRAME_W, FRAME_H)) for col in range(4)]
                for row in range(4)
            ]
            self.sheets.append(frames)
            self.looks.append(str(entry.get("look", "")))
        self.icons: dict[str, pygame.Surface] = {}
        for path in sorted((base / "ui/icons").glob("*.png")):
            self.icons[path.stem] = pygame.image.load(str(path)).convert_alpha()
        self.panel = pygame.image.load(str(base / "ui/panel.png")).convert_alpha()
        self.button = pygame.image.load(str(base / "ui/button.png")).convert_alpha()
        self.button_hover = pygame.image.load(str(base / "ui/button_hover.png")).convert_alpha()
        self.button_pressed = pygame.image.load(str(base / "ui/button_pressed.png")).convert_alpha()
        bubble = base / "ui/bubble.png"
        self.bubble = pygame.image.load(str(bubble)).convert_alpha() if bubble.exists() else self.panel
        tail = base / "ui/bubble_tail.png"
        self.bubble_tail = pygame.image.load(str(tail)).convert_alpha() if tail.exists() else None
        self.shadow = pygame.Surface((12, 4), pygame.SRCALPHA)
        pygame.draw.ellipse(self.shadow, (26, 28, 44, 90), self.shadow.get_rect())

    def frame(self, sheet: int, facing: str, column: int) -> pygame.Surface:
        frames = self.sheets[sheet % len(self.sheets)]
        row = DIRECTIONS.index(facing) if facing in DIRECTIONS else 0
        return frames[row][column]

    def portrait(self, sheet: int, scale: int = 4) -> pygame.Surface:
        head = self.frame(sheet, "down", 0).subsurface((0, 0, FRAME_W, 16))
        return pygame.transform.scale(head, (FRAME_W * scale, 16 * scale))

    def icon(self, name: str) -> pygame.Surface | None:
        return self.icons.get(name) or self.icons.get("idle")


def nine_slice(src: pygame.Surface, size: tuple[int, int], corner: int, scale: int = 1) -> pygame.Surface:
    """Stretch a framed image to size, keeping its corners crisp (drawn at scale)."""
    w, h = size
    sw, sh = src.get_size()
    c = corner
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    cs = c * scale
    pieces = (
        ((0, 0, c, c), (0, 0, cs, cs)),
        ((sw - c, 0, c, c), (w - cs, 0, cs, cs)),
        ((0, sh - c, c, c), (0, h - cs, cs, cs)),
        ((sw - c, sh - c, c, c), (w - cs, h - cs, cs, cs)),
        ((c, 0, sw - 2 * c, c), (cs, 0, w - 2 * cs, cs)),
        ((c, sh - c, sw - 2 * c, c), (cs, h - cs, w - 2 * cs, cs)),
        ((0, c, c, sh - 2 * c), (0, cs, cs, h - 2 * cs)),
        ((sw - c, c, c, sh - 2 * c), (w - cs, cs, cs, h - 2 * cs)),
        ((c, c, sw - 2 * c, sh - 2 * c), (cs, cs, w - 2 * cs, h - 2 * cs)),
    )
    for area, dest in pieces:
        if dest[2] <= 0 or dest[3] <= 0:
            continue
        piece = src.subsurface(area)
        out.blit(pygame.transform.scale(piece, (dest[2], dest[3])), (dest[0], dest[1]))
    return out
