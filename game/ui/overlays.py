"""Small views over the town: help (read from the keymap), the pause menu, a yes/no question, a notice,
and toasts that fade."""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

from game.ui import keymap
from game.ui.assets import Art
from game.ui.lettering import text_size
from game.ui.views import View
from game.ui.widgets import GOLD, INK, LINE, NIGHT, PAPER, PLUM, RED, SLATE, Button, clip, panel, text, wrap

TOAST_S = 4.0  # seconds a toast stays before it fades
FADE_S = 1.0


def shade(surface: pygame.Surface, alpha: int = 160) -> None:
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((*NIGHT, alpha))
    surface.blit(veil, (0, 0))


class HelpView(View):
    """Every key from the keymap in columns that fit the window; any key or click closes it."""

    modal = True

    def __init__(self, art: Art, on_close: Callable[[], None]) -> None:
        self.art = art
        self.on_close = on_close
        self.rect = pygame.Rect(0, 0, 10, 10)

    def on_action(self, action: str) -> bool:
        if action == "screenshot":
            return False
        self.on_close()
        return True

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.on_close()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        shade(surface, 120)
        rows = [("Click", "talk to a villager"), ("Drag / wheel", "pan / zoom"),
                ("List, log, map", "jump and follow"), *keymap.help_rows()]
        sw, sh = surface.get_size()
        per_col = max(1, (sh - 120) // LINE)
        cols = 1 if len(rows) <= per_col else 2
        col_w = min(560, (sw - 80) // cols)
        per_col = -(-len(rows) // cols)
        key_ws = [max(text_size(k)[0] for k, _ in rows[c * per_col:(c + 1) * per_col]) + 14 for c in range(cols)]
        self.rect = pygame.Rect(0, 0, cols * col_w + 40, per_col * LINE + 84)
        self.rect.center = (sw // 2, sh // 2)
        panel(surface, self.art, self.rect)
        text(surface, "Keys", (self.rect.x + 20, self.rect.y + 16), PLUM)
        hint = "any key or click closes this"
        text(surface, hint, (self.rect.right - 20 - text_size(hint)[0], self.rect.y + 16), SLATE)
        for i, (keys, what) in enumerate(rows):
            col, row = divmod(i, per_col)
            x = self.rect.x + 20 + col * col_w
            y = self.rect.y + 52 + row * LINE
            text(surface, keys, (x, y), INK)
            text(surface, clip(what, col_w - key_ws[col] - 12), (x + key_ws[col], y), SLATE)


class ChoiceView(View):
    """A question with buttons; Esc picks the last one (the way back)."""

    modal = True
    scope = "dialog"

    def __init__(self, art: Art, title: str, lines: list[str], choices: list[tuple[str, str]],
                 on_choice: Callable[[str], None], any_key: bool = False) -> None:
        self.art = art
        self.any_key = any_key  # a notice: any key or click closes it
        self.title = title
        self.lines = lines
        self.choices = choices
        self.on_choice = on_choice
        self.buttons: list[Button] = []
        self.rect = pygame.Rect(0, 0, 10, 10)

    def on_action(self, action: str) -> bool:
        keys = [key for key, _ in self.choices]
        if action == "screenshot":
            return False
        if action == "back" or self.any_key:
            self.on_choice(keys[-1])
        elif action in keys:
            self.on_choice(action)
        return True

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for b in self.buttons:
                if b.rect.collidepoint(event.pos):
                    self.on_choice(b.key)
                    return True
            if self.any_key:
                self.on_choice(self.choices[-1][0])
        return True

    def draw(self, surface: pygame.Surface) -> None:
        shade(surface)
        sw, sh = surface.get_size()
        width = min(640, sw - 40)
        body = [part for line in self.lines for part in wrap(line, width - 48)]
        n = len(self.choices)
        vertical = n > 2
        buttons_h = n * 48 if vertical else 48
        self.rect = pygame.Rect(0, 0, width, 76 + LINE * len(body) + buttons_h + 16)
        self.rect.center = (sw // 2, sh // 2)
        panel(surface, self.art, self.rect)
        text(surface, self.title, (self.rect.x + 24, self.rect.y + 20), PLUM)
        for i, line in enumerate(body):
            text(surface, line, (self.rect.x + 24, self.rect.y + 52 + i * LINE), INK)
        mouse = pygame.mouse.get_pos()
        y = self.rect.bottom - buttons_h - 12
        self.buttons = []
        for i, (key, label) in enumerate(self.choices):
            if vertical:
                rect = pygame.Rect(self.rect.x + 24, y + i * 48, width - 48, 40)
            else:
                bw = (width - 48 - 12 * (n - 1)) // n
                rect = pygame.Rect(self.rect.x + 24 + i * (bw + 12), y, bw, 40)
            self.buttons.append(Button(rect, label, key))
        for b in self.buttons:
            b.draw(surface, self.art, mouse)


class Toasts:
    """Short notes at the top of the map under the HUD ("Saved to quick.tinytown"), on a dark band, fading
    out; the newest first."""

    def __init__(self) -> None:
        self.items: list[tuple[str, tuple[int, int, int], float]] = []
        self.drawn: list[pygame.Rect] = []  # where the last frame put them

    def add(self, words: str, ok: bool = True) -> None:
        self.items = [item for item in self.items if item[0] != words][-3:]
        self.items.append((words, GOLD if ok else (255, 140, 140), time.perf_counter()))

    def texts(self) -> list[str]:
        now = time.perf_counter()
        return [w for w, _c, born in self.items if now - born < TOAST_S + FADE_S]

    def draw(self, surface: pygame.Surface, area: pygame.Rect | None = None) -> None:
        now = time.perf_counter()
        self.items = [item for item in self.items if now - item[2] < TOAST_S + FADE_S]
        area = area if area is not None and area.width >= 120 else surface.get_rect()
        y = area.y + 8
        self.drawn = []
        for words, colour, born in reversed(self.items):
            age = now - born
            alpha = 255 if age < TOAST_S else int(255 * (1 - (age - TOAST_S) / FADE_S))
            line = clip(words, area.width - 40)
            w = text_size(line)[0] + 32
            band = pygame.Surface((w, LINE + 14), pygame.SRCALPHA)
            band.fill((*NIGHT, 225))
            pygame.draw.rect(band, (*colour, 255), band.get_rect(), 2, border_radius=4)
            text(band, line, (16, 7), colour if colour != RED else PAPER)
            band.set_alpha(alpha)
            self.drawn.append(surface.blit(band, (area.centerx - w // 2, y)))
            y += LINE + 20
