"""Saving and loading in the window: F5 quicksave, F9 quickload, F2 the save/load screen (slots with a
thumbnail, game date and real date), a "Continue" title at start, and a dialog when a save is refused."""

from __future__ import annotations

import io
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.save.slots import AUTOSAVES, MANUAL, QUICK, Autosaver, Slot, list_slots, slot_path
from game.ui.assets import Art, font
from game.ui.widgets import GOLD, INK, LINE, NIGHT, PAPER, RED, SLATE, Button, clip, panel, text, wrap

if TYPE_CHECKING:
    from game.sim.runner import Runner
    from game.ui.app import TownView

THUMB = (160, 90)
CARD = (596, 106)
GAP = 6
THUMB_EVERY = 20.0  # real seconds between thumbnails handed to the autosaver


def thumbnail(screen: pygame.Surface) -> bytes:
    """A small PNG of what the window shows now."""
    small = pygame.transform.smoothscale(screen.convert(), THUMB)
    buffer = io.BytesIO()
    pygame.image.save(small, buffer, "thumb.png")
    return buffer.getvalue()


def real_date(meta: dict) -> str:
    try:
        return datetime.fromtimestamp(float(meta.get("saved_at", 0))).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError, OSError):
        return "unknown date"


class SavesScreen:
    """The save/load overlay and its keys; sends 'save'/'load' to the runner and shows what came back."""

    def __init__(self, art: Art, runner: Runner, autosaver: Autosaver | None = None, folder: Path | None = None,
                 continue_from: Slot | None = None, speed: str = "1x") -> None:
        self.art = art
        self.runner = runner
        self.autosaver = autosaver
        self.folder = folder
        self.open = False
        self.slots: list[Slot] = []
        self.chosen: Slot | None = None
        self.cards: list[tuple[pygame.Rect, Slot]] = []
        self.buttons: list[Button] = []
        self.notice = ""  # a refused save or load: shown as a dialog until dismissed
        self.status = ""
        self.loaded = False  # a new town was swapped in: the window rebuilds its view
        self.continue_from = continue_from
        self.speed = speed
        self._thumbs: dict[Path, pygame.Surface | None] = {}
        self._snapshot: bytes | None = None
        self._replies: list[tuple[str, object]] = []
        self._last_thumb = 0.0
        if continue_from is not None:
            runner.send("speed", speed="pause")

    # -- commands ----------------------------------------------------------------------
    def save(self, path: Path, shot: bytes | None) -> None:
        self.status = f"Saving to {path.name}..."
        self.runner.send("save", reply=lambda r: self._replies.append(("save", r)), path=str(path), thumbnail=shot,
                         title=path.stem)

    def load(self, path: Path) -> None:
        self.status = f"Loading {path.name}..."
        self.runner.send("load", reply=lambda r: self._replies.append(("load", r)), path=str(path))

    def show(self, screen: pygame.Surface) -> None:
        self._snapshot = thumbnail(screen)  # the town as it was when the screen opened
        self.slots = list_slots(self.folder)
        self._thumbs.clear()
        self.chosen = next((s for s in self.slots if s.name == MANUAL[0]), None)
        self.open = True

    # -- input ---------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event, view: TownView) -> bool:
        """True when the event was ours (the town does not see it)."""
        if self.notice:
            if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
                self.notice = ""
            return event.type != pygame.QUIT
        if self.continue_from is not None:
            return self._title_event(event)
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F5:
                self.save(slot_path(QUICK, self.folder), thumbnail(view.screen))
                return True
            if event.key == pygame.K_F9:
                self.load(slot_path(QUICK, self.folder))
                return True
            if event.key == pygame.K_F2:
                if self.open:
                    self.open = False
                else:
                    self.show(view.screen)
                return True
            if self.open and event.key == pygame.K_ESCAPE:
                self.open = False
                return True
        if not self.open:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, slot in self.cards:
                if rect.collidepoint(event.pos):
                    self.chosen = slot
            for button in self.buttons:
                if button.rect.collidepoint(event.pos):
                    self._press(button.key)
        return event.type != pygame.QUIT

    def _press(self, key: str) -> None:
        if key == "close":
            self.open = False
        elif key == "save" and self.chosen is not None:
            self.save(self.chosen.path, self._snapshot)
            self.open = False
        elif key == "load" and self.chosen is not None and self.chosen.used:
            self.load(self.chosen.path)
            self.open = False

    def _title_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_c):
            self._press_title("continue")
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_n, pygame.K_ESCAPE):
            self._press_title("new")
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.buttons:
                if button.rect.collidepoint(event.pos):
                    self._press_title(button.key)
        return event.type != pygame.QUIT

    def _press_title(self, key: str) -> None:
        slot = self.continue_from
        self.continue_from = None
        self.runner.send("speed", speed=self.speed)
        if key == "continue" and slot is not None:
            self.load(slot.path)

    # -- update/draw ------------------------------------------------------------------------
    def update(self, view: TownView) -> None:
        now = time.perf_counter()
        if self.autosaver is not None and now - self._last_thumb > THUMB_EVERY:
            self.autosaver.thumbnail = thumbnail(view.screen)
            self._last_thumb = now
        while self._replies:
            kind, result = self._replies.pop(0)
            if isinstance(result, BaseException):
                self.notice = str(result)
                self.status = ""
            elif kind == "load":
                self.loaded = True
                self.status = f"Loaded {Path(str(result)).name}"
            else:
                self.status = f"Saved to {Path(str(result)).name}"

    def draw(self, screen: pygame.Surface) -> None:
        mouse = pygame.mouse.get_pos()
        if self.continue_from is not None:
            self._draw_title(screen, mouse)
        elif self.open:
            self._draw_slots(screen, mouse)
        if self.notice:
            self._draw_notice(screen)

    def _shade(self, screen: pygame.Surface) -> None:
        veil = pygame.Surface(screen.get_size(), pygame.SRCALPHA)
        veil.fill((*NIGHT, 170))
        screen.blit(veil, (0, 0))

    def _thumb(self, slot: Slot) -> pygame.Surface | None:
        if slot.path not in self._thumbs:
            image = None
            if slot.thumbnail:
                try:
                    image = pygame.image.load(io.BytesIO(slot.thumbnail), "thumb.png").convert()
                except (pygame.error, ValueError):
                    image = None  # a damaged picture is no reason to refuse the save
            self._thumbs[slot.path] = image
        return self._thumbs[slot.path]

    def _draw_slots(self, screen: pygame.Surface, mouse: tuple[int, int]) -> None:
        self._shade(screen)
        sw, sh = screen.get_size()
        rect = pygame.Rect(0, 0, 2 * CARD[0] + 60, 5 * (CARD[1] + GAP) + 116)
        rect.center = (sw // 2, sh // 2)
        rect.y = max(4, rect.y)
        panel(screen, self.art, rect)
        text(screen, "Save and load", (rect.x + 24, rect.y + 18), INK)
        keys = "F5 quicksave   F9 quickload   Esc close"
        text(screen, keys, (rect.right - 24 - font(16).size(keys)[0], rect.y + 18), SLATE)
        order = [s for s in self.slots if s.name in MANUAL[:5]] + \
            [s for s in self.slots if s.name in (QUICK, *AUTOSAVES, MANUAL[5])]
        self.cards = []
        for i, slot in enumerate(order):
            col, row = divmod(i, 5)
            card = pygame.Rect(rect.x + 20 + col * (CARD[0] + 20), rect.y + 50 + row * (CARD[1] + GAP), *CARD)
            self.cards.append((card, slot))
            self._draw_card(screen, card, slot, slot is self.chosen, card.collidepoint(mouse))
        chosen = self.chosen
        can_save = chosen is not None and chosen.name not in AUTOSAVES
        can_load = chosen is not None and chosen.used
        y = rect.bottom - 54
        self.buttons = [Button(pygame.Rect(rect.right - 396, y, 120, 40), "Save here", "save"),
                        Button(pygame.Rect(rect.right - 264, y, 120, 40), "Load", "load"),
                        Button(pygame.Rect(rect.right - 132, y, 112, 40), "Close", "close")]
        for button in self.buttons:
            if (button.key == "save" and not can_save) or (button.key == "load" and not can_load):
                continue
            button.draw(screen, self.art, mouse)
        hint = "Autosaves are written every game hour and on quit." if chosen and chosen.name in AUTOSAVES else \
            "Choose a slot, then save the town there or load it."
        text(screen, hint, (rect.x + 24, y + 10), SLATE)

    def _draw_card(self, screen: pygame.Surface, card: pygame.Rect, slot: Slot, chosen: bool, hover: bool) -> None:
        pygame.draw.rect(screen, GOLD if chosen else (SLATE if hover else PAPER), card, border_radius=4)
        pygame.draw.rect(screen, INK, card, 2, border_radius=4)
        shot = pygame.Rect(card.x + 8, card.y + 8, *THUMB)
        image = self._thumb(slot) if slot.used else None
        if image is not None:
            screen.blit(image, shot)
        else:
            pygame.draw.rect(screen, NIGHT, shot)
            label = "empty" if not slot.used and not slot.error else ("damaged" if slot.error else "no picture")
            width = font(16).size(label)[0]
            text(screen, label, (shot.centerx - width // 2, shot.centery - 10), RED if slot.error else PAPER)
        pygame.draw.rect(screen, INK, shot, 2)
        x = shot.right + 14
        width = card.right - x - 10
        text(screen, slot.label, (x, card.y + 8), INK)
        if slot.meta is not None:
            meta = slot.meta
            text(screen, clip(str(meta.get("clock", "")), width), (x, card.y + 8 + LINE), INK)
            people = f"{meta.get('villagers', '?')} villagers, {meta.get('town', '')}"
            text(screen, clip(people, width), (x, card.y + 8 + 2 * LINE), SLATE)
            text(screen, f"saved {real_date(meta)}", (x, card.y + 8 + 3 * LINE), SLATE)
        elif slot.error:
            for i, line in enumerate(wrap(slot.error.split(": ", 1)[-1], width)[:3]):
                text(screen, line, (x, card.y + 8 + (i + 1) * LINE), RED)
        else:
            text(screen, "empty slot", (x, card.y + 8 + LINE), SLATE)

    def _draw_title(self, screen: pygame.Surface, mouse: tuple[int, int]) -> None:
        self._shade(screen)
        slot = self.continue_from
        assert slot is not None and slot.meta is not None
        sw, sh = screen.get_size()
        rect = pygame.Rect(0, 0, 560, 330)
        rect.center = (sw // 2, sh // 2)
        panel(screen, self.art, rect)
        title = font(48).render("Tinytown", False, INK)
        screen.blit(title, title.get_rect(midtop=(rect.centerx, rect.y + 20)))
        shot = pygame.Rect(rect.x + 28, rect.y + 100, *THUMB)
        image = self._thumb(slot)
        if image is not None:
            screen.blit(image, shot)
        else:
            pygame.draw.rect(screen, NIGHT, shot)
        pygame.draw.rect(screen, INK, shot, 2)
        x = shot.right + 20
        text(screen, slot.label, (x, shot.y), INK)
        text(screen, str(slot.meta.get("clock", "")), (x, shot.y + LINE + 6), INK)
        text(screen, f"{slot.meta.get('villagers', '?')} villagers", (x, shot.y + 2 * LINE + 12), SLATE)
        text(screen, f"saved {real_date(slot.meta)}", (x, shot.y + 3 * LINE + 18), SLATE)
        y = rect.bottom - 64
        self.buttons = [Button(pygame.Rect(rect.x + 28, y, 240, 44), "Continue (Enter)", "continue"),
                        Button(pygame.Rect(rect.right - 268, y, 240, 44), "New town (N)", "new")]
        for button in self.buttons:
            button.draw(screen, self.art, mouse)

    def _draw_notice(self, screen: pygame.Surface) -> None:
        sw, sh = screen.get_size()
        lines = wrap(self.notice, 640)[:6]
        rect = pygame.Rect(0, 0, 700, 96 + LINE * len(lines))
        rect.center = (sw // 2, sh // 2)
        panel(screen, self.art, rect)
        text(screen, "That save cannot be used", (rect.x + 28, rect.y + 20), RED)
        for i, line in enumerate(lines):
            text(screen, line, (rect.x + 28, rect.y + 52 + i * LINE), INK)
        hint = "Press any key"
        text(screen, hint, (rect.right - 28 - font(16).size(hint)[0], rect.bottom - 36), SLATE)
