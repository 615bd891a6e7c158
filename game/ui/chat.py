"""The chat tab: what the player and the villager said, a 'thinking...' line, and the text field to type in."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pygame
import pygame_gui

from game.agents.chat import MAX_CHARS, ChatAnswer, Message, clean_message
from game.ui.assets import Art
from game.ui.lettering import text_size
from game.ui.mailbox import Mailbox
from game.ui.widgets import GOLD, INK, LINE, PLUM, RED, SLATE, drop_focus, framed, set_field, text, wrap

BUBBLE_S = 6.0  # seconds an answer stays in the bubble over the villager


@dataclass(frozen=True)
class ChatLine:
    who: str  # "player", "villager" or "notice"
    text: str


class ChatPanel:
    """Talks to one villager through the runner's chat commands; stale answers (after closing) are dropped."""

    def __init__(self, manager: pygame_gui.UIManager, mailbox: Mailbox, art: Art) -> None:
        self.manager = manager
        self.mailbox = mailbox
        self.art = art
        self.vid: int | None = None
        self.first_name = ""
        self.lines: list[ChatLine] = []
        self.waiting = 0
        self.session = 0
        self.scroll = 0  # lines scrolled up from the newest
        self.rect = pygame.Rect(0, 0, 10, 10)
        self.entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(0, 0, 200, 36), manager, placeholder_text="Say something...")
        self.entry.hide()
        self._log_rect = pygame.Rect(0, 0, 10, 10)
        self.answered_at = -1e9
        self.drafts: dict[int, str] = {}  # half-typed lines, kept per villager
        self.hint_rect = pygame.Rect(0, 0, 0, 0)
        self.counter_rect = pygame.Rect(0, 0, 0, 0)

    # -- lifecycle ------------------------------------------------------------------
    def open(self, vid: int, first_name: str) -> None:
        if self.vid != vid:
            self.lines = []
            self.scroll = 0
        self.vid = vid
        self.first_name = first_name
        self.waiting = 0
        self.session += 1
        set_field(self.entry, self.drafts.pop(vid, ""))
        self.entry.edit_position = len(self.entry.get_text())
        self.entry.placeholder_text = f"Say something to {first_name}..."
        self.entry.rebuild()
        session = self.session
        self.mailbox.send("chat_open", on_reply=lambda result: self._opened(result, session), vid=vid)

    def _opened(self, result: object, session: int) -> None:
        """An empty panel shows the last talk the villager remembers with the player (after a load, too)."""
        if session != self.session or self.lines or not isinstance(result, tuple) or not result:
            return
        self.lines = [ChatLine("notice", "Last time you talked:")] + [
            ChatLine("player" if who == "Player" else "villager", str(text)) for who, text in result]

    def close(self) -> None:
        """Let the villager go on with their day; an answer still on its way is dropped."""
        if self.vid is not None:
            self.mailbox.send("chat_close", vid=self.vid)
            if self.entry.get_text():
                self.drafts[self.vid] = self.entry.get_text()
            set_field(self.entry, "")
        self.session += 1
        self.waiting = 0
        drop_focus(self.manager, self.entry)
        self.entry.hide()

    def show(self, rect: pygame.Rect) -> None:
        self.layout(rect)
        self.entry.show()
        self.manager.set_focus_set(self.entry)

    def layout(self, rect: pygame.Rect) -> None:
        self.rect = rect
        entry = pygame.Rect(rect.x + 16, rect.bottom - 72, rect.width - 32, 36)
        self.entry.set_relative_position(entry.topleft)
        self.entry.set_dimensions(entry.size)
        self._log_rect = pygame.Rect(rect.x + 16, rect.y + 8, rect.width - 32, entry.y - rect.y - 40)

    # -- talking ------------------------------------------------------------------------
    def submit(self, raw: str) -> None:
        """Send what the player typed (Enter); empty messages are ignored."""
        if self.vid is None:
            return
        message = clean_message(raw)
        set_field(self.entry, "")
        if not message.text:
            return
        self.lines.append(ChatLine("player", message.text))
        self.scroll = 0
        self.waiting += 1
        session = self.session
        self.mailbox.send("chat_say", on_reply=lambda m: self._sent(m, session), vid=self.vid, text=raw,
                          answer=self.mailbox.later(lambda a: self._answered(a, session)))

    def _sent(self, result: object, session: int) -> None:
        if session != self.session:
            return
        if isinstance(result, Message) and not result.text:
            self.waiting = max(0, self.waiting - 1)  # nothing was said: no answer is coming
        if isinstance(result, Message) and result.notice:
            self.lines.append(ChatLine("notice", result.notice))
        elif isinstance(result, Exception):
            self.waiting = max(0, self.waiting - 1)
            self.lines.append(ChatLine("notice", f"{self.first_name} could not answer: {result}"))

    def _answered(self, result: object, session: int) -> None:
        if session != self.session or not isinstance(result, ChatAnswer):
            return
        self.waiting = max(0, self.waiting - 1)
        self.lines.append(ChatLine("villager", result.reply))
        self.scroll = 0
        self.answered_at = time.perf_counter()

    def speech(self) -> dict[int, str]:
        """The villager's last answer, shown in a bubble over them for a few seconds."""
        if self.vid is None or not self.lines or time.perf_counter() - self.answered_at > BUBBLE_S:
            return {}
        last = self.lines[-1]
        return {self.vid: last.text} if last.who == "villager" else {}

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.submit(event.text)
            self.manager.set_focus_set(self.entry)
            return True
        if event.type == pygame.MOUSEWHEEL and self._log_rect.collidepoint(pygame.mouse.get_pos()):
            self.scroll = max(0, self.scroll + (1 if event.y > 0 else -1))
            return True
        return False

    # -- drawing ------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, asleep: bool) -> None:
        area = self._log_rect
        width = area.width - 40
        rows: list[tuple[ChatLine, list[str]]] = [(line, wrap(line.text, width)) for line in self.lines]
        if not rows:
            hint = (f"{self.first_name} is asleep. Talk anyway, and they will answer sleepily." if asleep
                    else f"Say hello to {self.first_name}. They will remember what you talk about.")
            y = area.y + 8
            for part in wrap(hint, area.width - 16):
                text(surface, part, (area.x + 8, y), SLATE)
                y += LINE
        clip_before = surface.get_clip()
        surface.set_clip(area)
        y = area.bottom - (LINE + 6 if self.waiting else 0)
        skipped = 0
        for line, parts in reversed(rows):
            if skipped < self.scroll:
                skipped += 1
                continue
            height = len(parts) * LINE + 12
            y -= height + 6
            if y + height < area.y:
                break
            self._draw_line(surface, line, parts, area, y, height)
        surface.set_clip(clip_before)
        if self.waiting:
            dots = "." * (1 + int(time.perf_counter() * 3) % 3)
            text(surface, f"{self.first_name} is thinking{dots}", (area.x + 4, area.bottom - LINE), SLATE)
        hint = "Enter: send   Esc: close"
        self.hint_rect = pygame.Rect(self.rect.x + 20, self.rect.bottom - 34, _width(hint), LINE)
        text(surface, hint, self.hint_rect.topleft, SLATE)
        count = len(self.entry.get_text())
        self.counter_rect = pygame.Rect(0, 0, 0, 0)
        if count:
            colour = RED if count > MAX_CHARS else SLATE
            label = f"{count}/{MAX_CHARS}" + (" - will be cut" if count > MAX_CHARS else "")
            self.counter_rect = pygame.Rect(self.rect.right - 20 - _width(label), self.hint_rect.y, _width(label), LINE)
            if self.counter_rect.colliderect(self.hint_rect.inflate(16, 0)):
                self.counter_rect.bottom = self.entry.rect.y - 4  # no room beside the hint: just above the field
            text(surface, label, self.counter_rect.topleft, colour)

    def _draw_line(self, surface: pygame.Surface, line: ChatLine, parts: list[str], area: pygame.Rect, y: int,
                   height: int) -> None:
        if line.who == "notice":
            for i, part in enumerate(parts):
                text(surface, part, (area.x + 8, y + 6 + i * LINE), RED)
            return
        inner = max(_width(p) for p in parts) + 20
        if line.who == "player":
            box = pygame.Rect(area.right - inner - 4, y, inner, height)
            pygame.draw.rect(surface, PLUM, box, border_radius=4)
            pygame.draw.rect(surface, GOLD, box.inflate(-4, -4), border_radius=3)
            colour = INK
        else:
            box = pygame.Rect(area.x + 4, y, inner, height)
            surface.blit(framed(self.art.bubble, box.size, 4), box.topleft)
            colour = INK
        for i, part in enumerate(parts):
            text(surface, part, (box.x + 10, box.y + 6 + i * LINE), colour)


def _width(words: str) -> int:
    return text_size(words)[0]
