"""Saving and loading in the window: F5 quicksave, F9 quickload, F2 the save/load screen (slots with a
thumbnail, game date and real date), a "Continue" title at start; saving over a used slot asks first."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.save.slots import AUTOSAVES, MANUAL, QUICK, Autosaver, Slot, list_slots, slot_path
from game.ui.assets import Art
from game.ui.lettering import font, text_size
from game.ui.overlays import ChoiceView, shade
from game.ui.views import View, ViewStack
from game.ui.widgets import GOLD, INK, LINE, NIGHT, PAPER, RED, SLATE, Button, clip, panel, text, wrap

if TYPE_CHECKING:
    from game.sim.runner import Runner

THUMB = (160, 90)
CARD = (596, 106)
GAP = 6
HOVER = (214, 226, 238)  # a hovered card stays light: its dark text must stay readable
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


class Saver:
    """Sends 'save'/'load' to the runner and hands back what came of them, one line each."""

    def __init__(self, runner: Runner, autosaver: Autosaver | None = None, folder: Path | None = None) -> None:
        self.runner = runner
        self.autosaver = autosaver
        self.folder = folder
        self.loaded = False  # a new town was swapped in: the window rebuilds its views
        self.busy = ""
        self._replies: list[tuple[str, object]] = []
        self._last_thumb = 0.0

    def save(self, path: Path, shot: bytes | None) -> None:
        self.busy = f"Saving to {path.name}..."
        self.runner.send("save", reply=lambda r: self._replies.append(("save", r)), path=str(path), thumbnail=shot,
                         title=path.stem)

    def load(self, path: Path) -> None:
        self.busy = f"Loading {path.name}..."
        self.runner.send("load", reply=lambda r: self._replies.append(("load", r)), path=str(path))

    def quicksave(self, screen: pygame.Surface) -> None:
        self.save(slot_path(QUICK, self.folder), thumbnail(screen))

    def quickload(self) -> None:
        self.load(slot_path(QUICK, self.folder))

    def update(self, screen: pygame.Surface) -> list[tuple[bool, str]]:
        """(ok, what happened) for every reply that came back; refused saves and loads are not ok."""
        now = time.perf_counter()
        if self.autosaver is not None and now - self._last_thumb > THUMB_EVERY:
            self.autosaver.thumbnail = thumbnail(screen)
            self._last_thumb = now
        out: list[tuple[bool, str]] = []
        while self._replies:
            kind, result = self._replies.pop(0)
            self.busy = ""
            if isinstance(result, BaseException):
                out.append((False, str(result)))
            elif kind == "load":
                self.loaded = True
                out.append((True, f"Loaded {Path(str(result)).name}"))
            else:
                out.append((True, f"Saved to {Path(str(result)).name}"))
        return out


class SavesView(View):
    """F2: every slot as a card with its picture and dates; saving over a used slot asks first."""

    modal = True

    def __init__(self, art: Art, saver: Saver, screen: pygame.Surface, stack: ViewStack) -> None:
        self.art = art
        self.saver = saver
        self.stack = stack
        self.snapshot = thumbnail(screen)  # the town as it was when the screen opened
        self.slots = list_slots(saver.folder)
        self.chosen: Slot | None = next((s for s in self.slots if s.name == MANUAL[0]), None)
        self.cards: list[tuple[pygame.Rect, Slot]] = []
        self.buttons: list[Button] = []
        self.scroll = 0
        self._rows_shown = 1
        self._rows = 1
        self._thumbs: dict[Path, pygame.Surface | None] = {}

    def close(self) -> None:
        self.stack.pop(self)

    def on_action(self, action: str) -> bool:
        if action == "screenshot":
            return False
        if action in ("back", "saves"):
            self.close()
        elif action == "quicksave":
            self.saver.save(slot_path(QUICK, self.saver.folder), self.snapshot)
            self.close()
        elif action == "quickload":
            self.saver.quickload()
            self.close()
        return True

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(self._rows - self._rows_shown, self.scroll - event.y))
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, slot in self.cards:
                if rect.collidepoint(event.pos):
                    self.chosen = slot
            for button in self.buttons:
                if button.rect.collidepoint(event.pos):
                    self.press(button.key)
        return True

    def press(self, key: str) -> None:
        chosen = self.chosen
        if key == "close":
            self.close()
        elif key == "save" and chosen is not None and chosen.name not in AUTOSAVES:
            if chosen.used or chosen.error:
                what = str(chosen.meta.get("clock", "")) if chosen.meta else "a damaged file"
                self.stack.push(ChoiceView(self.art, f"Save over {chosen.label}?",
                                           [f"{chosen.label} holds {what}, saved {real_date(chosen.meta or {})}.",
                                            "Saving here replaces it."],
                                           [("yes", "Save over it"), ("no", "Cancel")], self._overwrite))
            else:
                self._overwrite("yes")
        elif key == "load" and chosen is not None and chosen.used:
            self.saver.load(chosen.path)
            self.close()

    def _overwrite(self, answer: str) -> None:
        dialog = self.stack.top
        if isinstance(dialog, ChoiceView):
            self.stack.pop(dialog)
        if answer == "yes" and self.chosen is not None:
            self.saver.save(self.chosen.path, self.snapshot)
            self.close()

    def _thumb(self, slot: Slot) -> pygame.Surface | None:
        if slot.path not in self._thumbs:
            self._thumbs[slot.path] = load_thumb(slot)
        return self._thumbs[slot.path]

    def draw(self, screen: pygame.Surface) -> None:
        shade(screen, 170)
        mouse = pygame.mouse.get_pos()
        sw, sh = screen.get_size()
        cols = 2 if sw >= 2 * CARD[0] + 100 else 1
        card_w = min(CARD[0], sw - 80)
        rect = pygame.Rect(0, 0, cols * card_w + (cols - 1) * 20 + 40, min(sh - 16, 5 * (CARD[1] + GAP) + 116 + LINE))
        rect.center = (sw // 2, sh // 2)
        panel(screen, self.art, rect)
        text(screen, "Save and load", (rect.x + 24, rect.y + 18), INK)
        keys = "F5 quicksave  F9 quickload  Esc close"
        if text_size(keys)[0] + 200 < rect.width:
            text(screen, keys, (rect.right - 24 - text_size(keys)[0], rect.y + 18), SLATE)
        order = [s for s in self.slots if s.name in MANUAL[:5]] + \
            [s for s in self.slots if s.name in (QUICK, *AUTOSAVES, MANUAL[5])]
        area = pygame.Rect(rect.x + 20, rect.y + 50, rect.width - 40, rect.height - 50 - 70 - LINE)
        self._rows_shown = max(1, (area.height + GAP) // (CARD[1] + GAP))
        self._rows = -(-len(order) // cols)
        self.scroll = max(0, min(self.scroll, self._rows - self._rows_shown))
        self.cards = []
        per_col = 5 if cols == 2 else len(order)
        for i, slot in enumerate(order):
            col, row = divmod(i, per_col)
            row -= self.scroll
            if not 0 <= row < self._rows_shown:
                continue
            card = pygame.Rect(area.x + col * (card_w + 20), area.y + row * (CARD[1] + GAP), card_w, CARD[1])
            self.cards.append((card, slot))
            self._draw_card(screen, card, slot, slot is self.chosen, card.collidepoint(mouse))
        if self._rows > self._rows_shown:
            more = f"wheel: more slots ({self.scroll + 1}-{self.scroll + self._rows_shown} of {self._rows})"
            text(screen, more, (area.x, area.bottom + 2), SLATE)
        chosen = self.chosen
        can_save = chosen is not None and chosen.name not in AUTOSAVES
        can_load = chosen is not None and chosen.used
        y = rect.bottom - 54
        self.buttons = [Button(pygame.Rect(rect.right - 396, y, 120, 40), "Save here", "save"),
                        Button(pygame.Rect(rect.right - 264, y, 120, 40), "Load", "load"),
                        Button(pygame.Rect(rect.right - 132, y, 112, 40), "Close", "close")]
        self.buttons = [b for b in self.buttons if (b.key != "save" or can_save) and (b.key != "load" or can_load)]
        for button in self.buttons:
            button.draw(screen, self.art, mouse)
        hint = "Autosaves are written every game hour and on quit." if chosen and chosen.name in AUTOSAVES else \
            "Choose a slot, then save the town there or load it."
        if rect.width > 900:
            text(screen, hint, (rect.x + 24, y + 10), SLATE)

    def _draw_card(self, screen: pygame.Surface, card: pygame.Rect, slot: Slot, chosen: bool, hover: bool) -> None:
        pygame.draw.rect(screen, GOLD if chosen else (HOVER if hover else PAPER), card, border_radius=4)
        pygame.draw.rect(screen, INK, card, 3 if hover else 2, border_radius=4)
        shot = pygame.Rect(card.x + 8, card.y + 8, *THUMB)
        image = self._thumb(slot) if slot.used else None
        if image is not None:
            screen.blit(image, shot)
        else:
            pygame.draw.rect(screen, NIGHT, shot)
            label = "empty" if not slot.used and not slot.error else ("damaged" if slot.error else "no picture")
            width = text_size(label)[0]
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
            text(screen, clip(f"saved {real_date(meta)}", width), (x, card.y + 8 + 3 * LINE), SLATE)
        elif slot.error:
            for i, line in enumerate(wrap(slot.error.split(": ", 1)[-1], width)[:3]):
                text(screen, line, (x, card.y + 8 + (i + 1) * LINE), RED)
        else:
            text(screen, "empty slot", (x, card.y + 8 + LINE), SLATE)


def load_thumb(slot: Slot) -> pygame.Surface | None:
    if not slot.thumbnail:
        return None
    try:
        return pygame.image.load(io.BytesIO(slot.thumbnail), "thumb.png").convert()
    except (pygame.error, ValueError):
        return None  # a damaged picture is no reason to refuse the save


class TitleView(View):
    """At start, when a save exists: Continue it (Enter) or start a new town (N); the town waits paused."""

    modal = True
    scope = "title"

    def __init__(self, art: Art, saver: Saver, slot: Slot, on_done: Callable[[], None]) -> None:
        self.art = art
        self.saver = saver
        self.slot = slot
        self.on_done = on_done
        self.buttons: list[Button] = []
        self.image = load_thumb(slot)

    def on_action(self, action: str) -> bool:
        if action == "continue":
            self.choose("continue")
        elif action in ("new_town", "back"):
            self.choose("new")
        return action != "screenshot"

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.buttons:
                if button.rect.collidepoint(event.pos):
                    self.choose(button.key)
        return True

    def choose(self, key: str) -> None:
        if key == "continue":
            self.saver.load(self.slot.path)
        self.on_done()

    def draw(self, screen: pygame.Surface) -> None:
        shade(screen, 170)
        mouse = pygame.mouse.get_pos()
        slot = self.slot
        meta = slot.meta or {}
        sw, sh = screen.get_size()
        rect = pygame.Rect(0, 0, 560, 330)
        rect.center = (sw // 2, sh // 2)
        panel(screen, self.art, rect)
        title = font(48).render("Tinytown", False, INK)
        screen.blit(title, title.get_rect(midtop=(rect.centerx, rect.y + 20)))
        shot = pygame.Rect(rect.x + 28, rect.y + 100, *THUMB)
        if self.image is not None:
            screen.blit(self.image, shot)
        else:
            pygame.draw.rect(screen, NIGHT, shot)
        pygame.draw.rect(screen, INK, shot, 2)
        x = shot.right + 20
        text(screen, slot.label, (x, shot.y), INK)
        text(screen, str(meta.get("clock", "")), (x, shot.y + LINE + 6), INK)
        text(screen, f"{meta.get('villagers', '?')} villagers", (x, shot.y + 2 * LINE + 12), SLATE)
        text(screen, f"saved {real_date(meta)}", (x, shot.y + 3 * LINE + 18), SLATE)
        y = rect.bottom - 64
        self.buttons = [Button(pygame.Rect(rect.x + 28, y, 240, 44), "Continue (Enter)", "continue"),
                        Button(pygame.Rect(rect.right - 268, y, 240, 44), "New town (N)", "new")]
        for button in self.buttons:
            button.draw(screen, self.art, mouse)
