"""The mind tab: a villager's plan, vitals, cash, memories, reflections and relationships, with memory
search and the whisper box (the inner voice). Data comes from the runner's ``inspect`` command."""

from __future__ import annotations

import time

import pygame
import pygame_gui

from game.agents.chat import PLAYER
from game.sim.player import MemoryLine, MindView
from game.ui.assets import Art
from game.ui.mailbox import Mailbox
from game.ui.widgets import (
    GOLD,
    GREEN,
    INK,
    LINE,
    MIST,
    ORANGE,
    PLUM,
    RED,
    SKY,
    SLATE,
    TEAL,
    bar,
    clip,
    drop_focus,
    set_field,
    text,
    wrap,
)

REFRESH_S = 0.3
MEMORY_TEXT_X = 124  # "D12 23:59", the kind mark and the importance come first
KIND_COLOUR = {"observation": SLATE, "chat": TEAL, "plan": INK, "reflection": PLUM, "thought": RED, "event": ORANGE}


class InspectorPanel:
    """Asks for a fresh MindView a few times a second while shown; never reads live objects."""

    def __init__(self, manager: pygame_gui.UIManager, mailbox: Mailbox, art: Art) -> None:
        self.manager = manager
        self.mailbox = mailbox
        self.art = art
        self.vid: int | None = None
        self.view: MindView | None = None
        self.results: tuple[MemoryLine, ...] | None = None
        self.query = ""
        self.notice = ""
        self.scroll = 0
        self._asked = 0.0
        self._inflight = False
        self.rect = pygame.Rect(0, 0, 10, 10)
        self._body = pygame.Rect(0, 0, 10, 10)
        self._content_h = 0
        self._content: pygame.Surface | None = None
        self._content_key: tuple[int, int] = (-1, 0)
        self._version = 0  # bumped when new data arrives
        self.search = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(0, 0, 200, 36), manager, placeholder_text="Search memories...")
        self.whisper = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(0, 0, 200, 36), manager, placeholder_text="Whisper a thought...")
        self.drafts: dict[int, str] = {}  # a half-typed whisper stays with the villager it was meant for
        self.hide()

    def open(self, vid: int, first_name: str) -> None:
        if vid != self.vid:
            if self.vid is not None and self.whisper.get_text():
                self.drafts[self.vid] = self.whisper.get_text()
            set_field(self.whisper, self.drafts.pop(vid, ""))
            set_field(self.search, "")
            self.view = None
            self.results = None
            self.notice = ""
            self.scroll = 0
        self.vid = vid
        self.whisper.placeholder_text = f"Whisper a thought to {first_name}..."
        self.whisper.rebuild()
        self._asked = 0.0

    def hide(self) -> None:
        drop_focus(self.manager, self.search, self.whisper)
        for entry in (self.search, self.whisper):
            entry.hide()

    def show(self, rect: pygame.Rect) -> None:
        self.layout(rect)
        self.search.show()
        self.whisper.show()

    def layout(self, rect: pygame.Rect) -> None:
        self.rect = rect
        self.whisper.set_relative_position((rect.x + 16, rect.bottom - 50))
        self.whisper.set_dimensions((rect.width - 32, 36))
        self.search.set_relative_position((rect.x + 16, rect.bottom - 92))
        self.search.set_dimensions((rect.width - 32, 36))
        # One line above the search box stays free for the whisper's notice.
        self._body = pygame.Rect(rect.x + 16, rect.y + 4, rect.width - 32, rect.height - 104 - LINE)

    # -- data --------------------------------------------------------------------------
    def update(self) -> None:
        now = time.perf_counter()
        if self.vid is not None and not self._inflight and now - self._asked >= REFRESH_S:
            self._asked = now
            self._inflight = True
            vid = self.vid
            self.mailbox.send("inspect", on_reply=lambda view: self._got(view, vid), vid=vid)

    def _got(self, view: object, vid: int) -> None:
        self._inflight = False
        if vid == self.vid and isinstance(view, MindView):
            self.view = view
            self._version += 1

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.search:
            self.query = event.text.strip()
            if not self.query:
                self.results = None
                self._version += 1
                return True
            vid = self.vid
            self.mailbox.send("search", on_reply=lambda r: self._found(r, vid), vid=vid, query=self.query)
            self.scroll = 0
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.whisper:
            if event.text.strip() and self.vid is not None:
                self.mailbox.send("whisper", on_reply=self._whispered, vid=self.vid, text=event.text)
            set_field(self.whisper, "")
            return True
        if event.type == pygame.MOUSEWHEEL and self._body.collidepoint(pygame.mouse.get_pos()):
            limit = max(0, self._content_h - self._body.height)
            self.scroll = max(0, min(limit, self.scroll - event.y * LINE * 2))
            return True
        return False

    def _found(self, results: object, vid: int | None) -> None:
        if vid == self.vid and isinstance(results, tuple):
            self.results = results
            self._version += 1

    def _whispered(self, result: object) -> None:
        words = getattr(result, "text", "")
        notice = getattr(result, "notice", "")
        self.notice = notice or (f"Whispered: \"{clip(words, 300)}\" - the plan may change." if words else "")
        self._asked = 0.0

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        body = self._body
        if self.view is None:
            text(surface, "Reading their mind...", (body.x, body.y + 8), SLATE)
            return
        key = (self._version, body.width)
        if self._content is None or self._content_key != key:
            # Drawn again only when new data arrived (a few times a second), not every frame.
            self._content = pygame.Surface((body.width, 2400), pygame.SRCALPHA)
            self._content_h = self._draw_content(self._content, self.view)
            self._content_key = key
        content = self._content
        self.scroll = min(self.scroll, max(0, self._content_h - body.height))
        surface.blit(content, body.topleft, (0, self.scroll, body.width, body.height))
        if self._content_h > body.height:
            track = pygame.Rect(body.right + 4, body.y, 4, body.height)
            pygame.draw.rect(surface, MIST, track)
            knob_h = max(20, body.height * body.height // self._content_h)
            top = body.y + (body.height - knob_h) * self.scroll // max(1, self._content_h - body.height)
            pygame.draw.rect(surface, SLATE, (track.x, top, 4, knob_h))
        if self.notice:
            text(surface, clip(self.notice, self.rect.width - 32), (self.rect.x + 16, self.rect.bottom - 92 - LINE),
                 PLUM)

    def _draw_content(self, s: pygame.Surface, v: MindView) -> int:
        w = s.get_width()
        y = 0

        def heading(title: str) -> None:
            nonlocal y
            y += 6
            text(s, title, (0, y), PLUM)
            pygame.draw.line(s, MIST, (0, y + LINE - 2), (w, y + LINE - 2), 2)
            y += LINE + 4

        def para(words: str, colour: tuple[int, int, int] = INK, indent: int = 0, limit: int = 4) -> None:
            nonlocal y
            lines = wrap(words, w - indent)
            for i, line in enumerate(lines[:limit]):
                shown = line if i < limit - 1 or len(lines) <= limit else clip(line + " ...", w - indent)
                text(s, shown, (indent, y), colour)
                y += LINE

        if self.results is not None:
            heading(f"Memories about \"{clip(self.query, w - 200)}\"")
            if not self.results:
                para("Nothing comes to mind.", SLATE)
            for m in self.results:
                self._memory(s, m, y, w)
                y += self._memory_height(m, w)
            para("(clear the search box and press Enter to go back)", MIST)
            return y + 8
        heading("Today's plan")
        for item in v.plan:
            colour = {"done": MIST, "current": INK, "next": TEAL}.get(item.state, SLATE)
            if item.state == "current":
                pygame.draw.rect(s, GOLD, (0, y - 1, w, LINE + 1), border_radius=3)
            mark = {"done": "x", "current": ">", "next": "+"}.get(item.state, " ")
            text(s, f"{mark} {item.start}", (2, y), colour)
            text(s, clip(item.activity, w - 86), (86, y), colour)
            y += LINE
        heading("Vitals and money")
        names = {"energy": ("Energy", GREEN, False), "hunger": ("Hunger", ORANGE, True),
                 "social": ("Loneliness", SKY, True)}
        col = 0
        for key, value in v.vitals:
            label, colour, _need = names.get(key, (key, SKY, False))
            x = col * (w // 3)
            text(s, label, (x, y), SLATE)
            bar(s, pygame.Rect(x, y + LINE, w // 3 - 12, 12), value / 100, colour)
            col += 1
        y += LINE + 18
        money = self.art.icon("money")
        if money is not None:
            s.blit(pygame.transform.scale(money, (32, 32)), (0, y - 4))
        text(s, f"{v.cash} coins", (40, y + 4), INK)
        text(s, f"{v.memories} memories", (w // 2, y + 4), SLATE)
        y += 34
        if v.on_mind:
            heading("On their mind")
            para(v.on_mind, RED)
        heading("Relationships")
        for r in v.relations[:8]:
            who = "You (the player)" if r.name == PLAYER else r.name
            about = r.relation or "met around town"
            feeling = f"{'+' if r.affinity > 0 else ''}{r.affinity}"
            text(s, clip(f"{who}: {about}", w - 60), (0, y), INK if r.name == PLAYER else TEAL)
            text(s, feeling, (w - 40, y), GREEN if r.affinity > 0 else (RED if r.affinity < 0 else SLATE))
            y += LINE
            if r.impression or r.name == PLAYER:
                chats = f"  ({r.chats} chat{'s' if r.chats > 1 else ''})" if r.chats else ""
                para(f"thinks: {r.impression or 'has not met you yet'}{chats}", SLATE, indent=16, limit=2)
        if v.reflections:
            heading("Reflections")
            for m in v.reflections:
                para(m.text, PLUM, limit=3)
                for e in m.evidence[:2]:
                    para(f"because: {e}", SLATE, indent=16, limit=1)
        heading("Most important memories")
        for m in v.important:
            self._memory(s, m, y, w)
            y += self._memory_height(m, w)
        heading("Recent memories")
        for m in v.recent:
            self._memory(s, m, y, w)
            y += self._memory_height(m, w)
        heading(f"Who {v.name.split()[0]} is")
        para(v.about, SLATE, limit=8)
        for label, detail in v.profile:
            para(f"{label}: {detail}", TEAL if label == "Settings" else SLATE, limit=4)
        return y + 8

    @staticmethod
    def _memory_height(m: MemoryLine, w: int) -> int:
        return min(2, len(wrap(m.text, w - MEMORY_TEXT_X))) * LINE + 2

    @staticmethod
    def _memory(s: pygame.Surface, m: MemoryLine, y: int, w: int) -> None:
        """One memory: day and time, a kind mark with its importance, then the words (two lines at most)."""
        colour = KIND_COLOUR.get(m.kind, INK)
        text(s, f"D{m.day} {m.time}", (0, y), SLATE)
        x = MEMORY_TEXT_X - 34
        pygame.draw.rect(s, colour, (x, y + 7, 6, 8))
        text(s, str(m.importance), (x + 9, y), colour)
        lines = wrap(m.text, w - MEMORY_TEXT_X)
        for i, line in enumerate(lines[:2]):
            shown = line if i == 0 or len(lines) <= 2 else clip(line + " ...", w - MEMORY_TEXT_X)
            text(s, shown, (MEMORY_TEXT_X, y + i * LINE), colour)
