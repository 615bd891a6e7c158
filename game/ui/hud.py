"""The heads-up display: clock and speed buttons, treasury and coins per day with the Mayor button,
and what the villagers think with (backend, model, requests waiting, fallbacks, a failing endpoint)."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.clock import SPEED_ORDER
from game.sim.snapshot import ModelStatus, Snapshot
from game.ui.assets import Art
from game.ui.layout import Layout
from game.ui.widgets import GREEN, INK, RED, SLATE, TEAL, Button, clip, panel, text


class Hud:
    """Draws from the snapshot and the mayor's numbers; clicks become keymap-like actions."""

    def __init__(self, art: Art, day_income: Callable[[], int], mayor_open: Callable[[], bool]) -> None:
        self.art = art
        self.day_income = day_income
        self.mayor_open = mayor_open
        self.buttons: list[Button] = []
        self.rects: list[pygame.Rect] = []
        self.status_lines: list[tuple[str, tuple[int, int, int]]] = []  # what the model status box says now

    def contains(self, pos: tuple[int, int]) -> bool:
        return any(r.collidepoint(pos) for r in self.rects)

    def click(self, pos: tuple[int, int]) -> str | None:
        """The action of the button under pos ("speed:2x", "mayor"), or None."""
        for b in self.buttons:
            if b.rect.collidepoint(pos):
                return b.key
        return None

    def draw(self, surface: pygame.Surface, snap: Snapshot, lay: Layout, mouse: tuple[int, int]) -> None:
        self.rects = [lay.clock, lay.money, lay.status]
        self.buttons = []
        box = lay.clock
        panel(surface, self.art, box)
        text(surface, clip(snap.clock, 150), (box.x + 16, box.y + 14))
        # The calendar date under the day number (an imported Generative Agents run keeps its own dates);
        # the population is in the villager list (V).
        day = " ".join(snap.date.split()[:3])  # "Mon 01 Jun": the year is in reports and saves, not room here
        text(surface, clip(day or f"{len(snap.villagers)} villagers", 150), (box.x + 16, box.y + 36))
        x = box.x + 166
        bw = lay.speed_button_w
        for speed in SPEED_ORDER:
            b = Button(pygame.Rect(x, box.y + 16, bw, 36), "II" if speed == "pause" else speed, f"speed:{speed}",
                       active=snap.speed == speed)
            b.draw(surface, self.art, mouse)
            self.buttons.append(b)
            x += bw + 4
        box = lay.money
        panel(surface, self.art, box)
        coin = self.art.icon("money")
        if coin is not None:
            surface.blit(pygame.transform.scale(coin, (32, 32)), (box.x + 12, box.y + 18))
        text(surface, f"{snap.treasury:,}", (box.x + 50, box.y + 14))  # the coin icon says what it counts
        income = self.day_income()
        text(surface, f"{income:+,}/day", (box.x + 50, box.y + 36), GREEN if income >= 0 else RED)
        mayor = Button(pygame.Rect(box.right - 92, box.y + 16, 80, 36), "Mayor", "mayor", active=self.mayor_open())
        mayor.draw(surface, self.art, mouse)
        self.buttons.append(mayor)
        self._draw_status(surface, snap, lay.status)

    def _draw_status(self, surface: pygame.Surface, snap: Snapshot, box: pygame.Rect) -> None:
        panel(surface, self.art, box)
        self.status_lines = status_lines(snap.model, box.height >= 60)
        for i, (words, colour) in enumerate(self.status_lines):
            text(surface, clip(words, box.width - 32), (box.x + 16, box.y + (8 if box.height < 60 else 12) + 22 * i),
                 colour)


def status_lines(status: ModelStatus | None, two: bool) -> list[tuple[str, tuple[int, int, int]]]:
    """The model status as one or two lines of (words, colour): red when the endpoint fails."""
    if status is None:
        return [("Villagers follow their routine (no memory, no model)", SLATE)]
    head = "offline rules" if status.backend == "offline" else f"{status.model} at {status.endpoint}"
    busy = f"thinking: {status.thinking}"
    if status.fallbacks_hour:
        busy += f"   fell back this hour: {status.fallbacks_hour}"
    if not two:
        if status.failing:
            return [(f"! {status.failing}", RED)]
        return [(f"Brain: {head}   {busy}", INK)]
    second = (f"! {status.failing}", RED) if status.failing else (busy, TEAL)
    return [(f"Brain: {head}", INK), second]
