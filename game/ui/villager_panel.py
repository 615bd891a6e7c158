"""The selected villager's panel: portrait, name and doing in the header, a Chat tab and a Mind tab."""

from __future__ import annotations

import pygame
import pygame_gui

from game.sim.snapshot import Snapshot, VillagerView
from game.ui.assets import Art
from game.ui.chat import ChatPanel
from game.ui.inspector import InspectorPanel
from game.ui.mailbox import Mailbox
from game.ui.widgets import INK, RED, SLATE, TEAL, Button, clip, give_focus, panel, text

HEADER = 112


class VillagerPanel:
    """Opening on Chat holds the villager in place (they stop to talk); the Mind tab lets them go on."""

    def __init__(self, manager: pygame_gui.UIManager, mailbox: Mailbox, art: Art) -> None:
        self.art = art
        self.chat = ChatPanel(manager, mailbox, art)
        self.mind = InspectorPanel(manager, mailbox, art)
        self.vid: int | None = None
        self.tab = "chat"
        self.rect = pygame.Rect(0, 0, 10, 10)
        self.buttons: list[Button] = []
        self.manager = manager
        self.last_field: pygame_gui.elements.UITextEntryLine | None = None  # given back after a click
        self.suspended = False
        self._resume_field: pygame_gui.elements.UITextEntryLine | None = None

    @property
    def is_open(self) -> bool:
        return self.vid is not None

    def open(self, villager: VillagerView, tab: str = "chat") -> None:
        if self.vid is not None and self.vid != villager.vid:
            self.close()
        self.vid = villager.vid
        first = villager.name.split()[0]
        self.chat.first_name = first
        self.mind.open(villager.vid, first)
        self.switch(tab, villager)

    def switch(self, tab: str, villager: VillagerView | None = None) -> None:
        if self.vid is None:
            return
        if tab == "chat":
            self.mind.hide()
            if self.tab != "chat" or self.chat.vid != self.vid or villager is not None:
                self.chat.open(self.vid, self.chat.first_name)
            self.chat.show(self._body())
            self.last_field = self.chat.entry
        else:
            if self.tab == "chat":
                self.chat.close()
            self.mind.show(self._body())
            if self.last_field not in (self.mind.search, self.mind.whisper):
                self.last_field = None
        self.tab = tab

    def fields(self) -> tuple[pygame_gui.elements.UITextEntryLine, ...]:
        if self.vid is None or self.suspended:
            return ()
        return (self.chat.entry,) if self.tab == "chat" else (self.mind.search, self.mind.whisper)

    def keep_focus(self) -> None:
        """A click in the panel that did not land in a field gives the keys back to the field last typed in."""
        focused = [e for e in self.manager.get_focus_set() or () if e in self.fields()]
        if not focused and self.last_field is not None and self.last_field in self.fields():
            give_focus(self.manager, self.last_field)

    def suspend(self) -> None:
        """Another screen is on top: the fields hide (their text stays) and give up the keys."""
        if self.suspended:
            return
        self._resume_field = next((e for e in self.fields() if e.is_focused), None)
        self.suspended = True
        for entry in (self.chat.entry, self.mind.search, self.mind.whisper):
            entry.unfocus()
            entry.hide()
        self.manager.set_focus_set(None)

    def resume(self) -> None:
        if not self.suspended:
            return
        self.suspended = False
        if self.vid is None:
            return
        for entry in self.fields():
            entry.show()
        if self._resume_field is not None and self._resume_field in self.fields():
            give_focus(self.manager, self._resume_field)  # typing goes on where it was

    def close(self) -> None:
        """Close the panel; the villager goes back to their plan, even mid-answer."""
        if self.vid is None:
            return
        if self.tab == "chat":
            self.chat.close()
        self.mind.hide()
        self.vid = None

    def layout(self, rect: pygame.Rect) -> None:
        moved = rect != self.rect
        self.rect = rect
        if self.vid is None or not moved:
            return
        if self.tab == "chat":
            self.chat.layout(self._body())
        else:
            self.mind.layout(self._body())

    def _body(self) -> pygame.Rect:
        return pygame.Rect(self.rect.x, self.rect.y + HEADER + 20, self.rect.width, self.rect.height - HEADER - 20)

    def update(self, manager: pygame_gui.UIManager) -> None:
        focused = [e for e in manager.get_focus_set() or () if e in self.fields() and e.is_focused]
        if focused:
            self.last_field = focused[0]
        if self.vid is not None and self.tab == "mind":
            self.mind.update()

    def contains(self, pos: tuple[int, int]) -> bool:
        return self.vid is not None and self.rect.collidepoint(pos)

    def handle_event(self, event: pygame.event.Event, snap: Snapshot) -> bool:
        if self.vid is None:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.rect.collidepoint(event.pos):
            for b in self.buttons:
                if b.rect.collidepoint(event.pos):
                    if b.key == "close":
                        self.close()
                    else:
                        self.switch(b.key)
                    return True
            return True
        handled = self.chat.handle_event(event) if self.tab == "chat" else self.mind.handle_event(event)
        return handled

    def draw(self, surface: pygame.Surface, snap: Snapshot, mouse: tuple[int, int]) -> None:
        v = next((x for x in snap.villagers if x.vid == self.vid), None)
        if v is None:
            return
        r = self.rect
        panel(surface, self.art, r)
        surface.blit(self.art.portrait(v.sheet, 4), (r.x + 18, r.y + 20))
        x = r.x + 96
        name_w = text(surface, v.name, (x, r.y + 16), INK)
        icon = self.art.icon("sleep" if v.asleep else v.icon)
        if icon is not None:
            surface.blit(pygame.transform.scale(icon, (32, 32)), (x, r.y + 38))
        doing = "asleep" if v.asleep else v.action
        text(surface, clip(doing, r.right - x - 56), (x + 38, r.y + 44), RED if v.asleep else INK)
        text(surface, clip(f"at {v.place}", r.right - x - 24), (x, r.y + 74), SLATE)
        if v.thinking and x + name_w + 130 < r.right - 48:
            text(surface, "thinking...", (x + name_w + 12, r.y + 16), TEAL)
        self.buttons = [
            Button(pygame.Rect(r.x + 16, r.y + HEADER - 12, 96, 30), "Chat", "chat", self.tab == "chat"),
            Button(pygame.Rect(r.x + 116, r.y + HEADER - 12, 96, 30), "Mind", "mind", self.tab == "mind"),
            Button(pygame.Rect(r.right - 48, r.y + 12, 32, 30), "x", "close"),
        ]
        for b in self.buttons:
            b.draw(surface, self.art, mouse)
        if self.tab == "chat":
            self.chat.draw(surface, v.asleep)
        else:
            self.mind.draw(surface)
