"""The settings screen: model backend, endpoint, models, API key, a connection test, speed and window.

The API key typed here lives only in memory: ``save_settings`` never writes it.
The connection test runs on its own thread so the window keeps drawing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import replace

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextEntryLine

from game.config import WINDOW_SPEEDS, Settings, WindowSettings, load_settings, read_settings_file, save_settings
from game.llm import LLMSettings, SettingsError, test_connection
from game.sim.snapshot import ModelStatus
from game.ui.assets import Art
from game.ui.mailbox import Mailbox
from game.ui.views import View, ViewStack
from game.ui.widgets import GREEN, INK, LINE, PLUM, RED, SLATE, clicked_nothing, clip, give_focus, panel, text, wrap

BACKENDS = ["offline", "openai"]
SIZES = ["1280x720", "1600x900", "1920x1080", "fullscreen"]


class SettingsView(View):
    """A modal screen over the town; while shown it takes every event."""

    modal = True
    uses_gui = True

    def __init__(self, manager: pygame_gui.UIManager, mailbox: Mailbox, art: Art, stack: ViewStack,
                 running: Callable[[], ModelStatus | None] = lambda: None) -> None:
        self.manager = manager
        self.stack = stack
        self.running = running  # what the villagers think with now (from the latest snapshot)
        self._apply_after: LLMSettings | None = None  # "Use now" waits for its connection test
        self.last_field: UITextEntryLine | None = None  # the field a click on the panel gives the keys back to
        self.mailbox = mailbox
        self.art = art
        self.shown = False
        self.rect = pygame.Rect(0, 0, 760, 600)
        self.elements: dict[str, pygame_gui.core.UIElement] = {}
        self.result = ""
        self.result_ok = True
        self.typed_key = ""
        self._test: threading.Thread | None = None
        self._test_result: tuple[bool, str] | None = None
        self.window = WindowSettings()

    # -- open/close ------------------------------------------------------------------
    def open(self, screen_size: tuple[int, int]) -> None:
        if self.shown:
            return
        self.shown = True
        self.stack.push(self)
        self.rect.center = (screen_size[0] // 2, screen_size[1] // 2)
        try:
            current = load_settings()
            self.result, self.result_ok = "", True
        except SettingsError as exc:
            current = load_settings(file={})
            self.result, self.result_ok = f"{exc}", False
        self.window = current.window
        llm = current.llm
        endpoint = llm.endpoints[0] if llm.endpoints else None
        now = self.running()
        # The form starts from what runs now (a "Use now" of this session), else from the settings file.
        backend = now.backend if now is not None else llm.backend
        base_url = now.endpoint if now is not None and now.backend != "offline" else (
            endpoint.base_url if endpoint is not None else "")
        model = now.model if now is not None and now.backend != "offline" else (
            endpoint.model if endpoint is not None else "")
        x, y = self.rect.x + 220, self.rect.y + 64
        w = self.rect.width - 244
        m = self.manager
        e: dict[str, pygame_gui.core.UIElement] = {}
        e["backend"] = UIDropDownMenu(list(BACKENDS), backend, pygame.Rect(x, y, 200, 36), m)
        e["base_url"] = UITextEntryLine(pygame.Rect(x, y + 48, w, 36), m,
                                        placeholder_text="http://127.0.0.1:11434/v1")
        e["model"] = UITextEntryLine(pygame.Rect(x, y + 96, w, 36), m, placeholder_text="e.g. llama3.2")
        e["embedding_model"] = UITextEntryLine(pygame.Rect(x, y + 144, w, 36), m,
                                               placeholder_text="(built-in MiniLM)")
        key_hint = "from OPENAI_API_KEY" if os.environ.get("OPENAI_API_KEY") else "not needed for local servers"
        e["api_key"] = api_key = UITextEntryLine(pygame.Rect(x, y + 192, w, 36), m, placeholder_text=key_hint)
        api_key.set_text_hidden(True)
        e["test"] = UIButton(pygame.Rect(x, y + 240, 200, 36), "Test connection", m)
        e["apply"] = UIButton(pygame.Rect(x + 212, y + 240, 160, 36), "Use now", m)
        e["speed"] = UIDropDownMenu(list(WINDOW_SPEEDS), self.window.speed, pygame.Rect(x, y + 360, 140, 36), m)
        size = "fullscreen" if self.window.fullscreen else f"{self.window.width}x{self.window.height}"
        e["size"] = UIDropDownMenu(list(SIZES) if size in SIZES else [*SIZES, size], size,
                                   pygame.Rect(x + 260, y + 360, 200, 36), m)
        e["save"] = UIButton(pygame.Rect(self.rect.right - 300, self.rect.bottom - 56, 140, 40), "Save", m)
        e["close"] = UIButton(pygame.Rect(self.rect.right - 152, self.rect.bottom - 56, 128, 40), "Close", m)
        e["window_label"] = UILabel(pygame.Rect(x + 150, y + 360, 100, 36), "Window", m)
        self.elements = e
        self._text_line("base_url").set_text(base_url)
        self._text_line("model").set_text(model)
        if endpoint is not None:
            self._text_line("embedding_model").set_text(endpoint.embedding_model or "")
        self._text_line("api_key").set_text(self.typed_key)

    def close(self) -> None:
        entry = self.elements.get("api_key")
        if isinstance(entry, UITextEntryLine):
            self.typed_key = entry.get_text()
        for element in self.elements.values():
            element.kill()
        self.elements = {}
        self.shown = False
        self.stack.pop(self)

    def fields(self) -> tuple[UITextEntryLine, ...]:
        return tuple(e for e in self.elements.values() if isinstance(e, UITextEntryLine))

    def field_key(self, event: pygame.event.Event) -> bool:
        """Tab and Shift+Tab move between the fields."""
        if event.key != pygame.K_TAB:
            return False
        fields = self.fields()
        current = next((i for i, f in enumerate(fields) if f.is_focused), 0)
        step = -1 if event.mod & pygame.KMOD_SHIFT else 1
        self.manager.set_focus_set(fields[(current + step) % len(fields)])
        return True

    def on_action(self, action: str) -> bool:
        if action == "screenshot":
            return False
        if action in ("back", "settings"):
            self.close()
        return True

    # -- reading the form -------------------------------------------------------------
    def _field(self, name: str) -> str:
        element = self.elements[name]
        if isinstance(element, UIDropDownMenu):
            return str(element.selected_option[0] if isinstance(element.selected_option, tuple)
                       else element.selected_option)
        return self._text_line(name).get_text().strip()

    def _text_line(self, name: str) -> UITextEntryLine:
        element = self.elements[name]
        assert isinstance(element, UITextEntryLine), name  # the form's other fields are drop-downs
        return element

    def llm_settings(self) -> LLMSettings:
        """The form as validated LLM settings (raises SettingsError naming the bad field)."""
        backend = self._field("backend")
        overrides: dict[str, str | None] = {"backend": backend}
        if backend == "openai":
            overrides.update({
                "base_url": self._field("base_url") or None,
                "model": self._field("model") or None,
                "embedding_model": self._field("embedding_model") or None,
                "api_key": self._field("api_key") or None,
            })
        file = read_settings_file().get("llm", {})
        base = {k: v for k, v in file.items() if k not in ("endpoints", "base_url", "base_urls", "model",
                                                          "embedding_model", "backend")}
        return LLMSettings.from_sources(base, os.environ, overrides)

    def window_settings(self) -> WindowSettings:
        size = self._field("size")
        speed = self._field("speed")
        if size == "fullscreen":
            return replace(self.window, fullscreen=True, speed=speed)
        width, height = (int(n) for n in size.split("x"))
        return replace(self.window, width=width, height=height, fullscreen=False, speed=speed)

    # -- events ---------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and self.rect.collidepoint(event.pos) and \
                clicked_nothing(self.manager) and self.last_field in self.fields():
            give_focus(self.manager, self.last_field)  # a click on the panel leaves the typing where it was
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            button = next((k for k, e in self.elements.items() if e is event.ui_element), None)
            if button == "test":
                self.start_test()
            elif button == "apply":
                self.apply()
            elif button == "save":
                self.save()
            elif button == "close":
                self.close()
        return True

    def start_test(self, llm: LLMSettings | None = None) -> None:
        if self._test is not None and self._test.is_alive():
            return
        if llm is None:
            self._apply_after = None
            try:
                llm = self.llm_settings()
            except SettingsError as exc:
                self.result, self.result_ok = str(exc), False
                return
        self.result, self.result_ok = "Testing the connection...", True
        self._test_result = None

        def probe() -> None:
            self._test_result = test_connection(llm)

        self._test = threading.Thread(target=probe, name="connection-test", daemon=True)
        self._test.start()

    def apply(self) -> None:
        """Use now: offline switches at once; a model endpoint is tested first and only used if it answers."""
        try:
            llm = self.llm_settings()
        except SettingsError as exc:
            self.result, self.result_ok = str(exc), False
            return
        if llm.backend == "offline":
            self.mailbox.send("configure_llm", on_reply=self._applied, llm=llm)
            return
        self._apply_after = llm
        self.start_test(llm)

    def _applied(self, message: object) -> None:
        self.result, self.result_ok = str(message), not isinstance(message, Exception)

    def save(self) -> None:
        """Write the settings file (never the API key); window changes apply at the next start."""
        try:
            current = load_settings(file=read_settings_file())
            settings = Settings(llm=self.llm_settings(), retrieval=current.retrieval,
                                reflection_threshold=current.reflection_threshold, window=self.window_settings())
            path = save_settings(settings)
        except (SettingsError, OSError) as exc:
            self.result, self.result_ok = str(exc), False
            return
        self.window = settings.window
        self.result, self.result_ok = f"Saved to {path} (without the API key). Window size applies next start.", True

    def update(self, dt: float = 0.0) -> None:
        self.last_field = next((f for f in self.fields() if f.is_focused), self.last_field)
        if self._test_result is not None and self._test is not None and not self._test.is_alive():
            ok, lines = self._test_result
            self.result, self.result_ok = lines, ok
            self._test_result = None
            llm, self._apply_after = self._apply_after, None
            if llm is not None and ok:
                self.mailbox.send("configure_llm", on_reply=self._applied, llm=llm)
            elif llm is not None:
                first = lines.splitlines()[0] if lines else "no answer"
                self.result = f"Not switched: {first}. Villagers go on with {brain_words(self.running())}."

    # -- drawing ------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        if not self.shown:
            return
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((26, 28, 44, 150))
        surface.blit(shade, (0, 0))
        r = self.rect
        panel(surface, self.art, r)
        text(surface, "Settings", (r.x + 24, r.y + 20), PLUM)
        labels = ("Model backend", "Base URL", "Chat model", "Embedding model", "API key")
        for i, label in enumerate(labels):
            text(surface, label, (r.x + 24, r.y + 72 + 48 * i), INK)
        text(surface, clip(f"Running now: {brain_words(self.running())}", r.width - 48), (r.x + 24, r.y + 348), INK)
        y = r.y + 372
        colour = GREEN if self.result_ok else RED
        for line in [part for chunk in self.result.split("\n") for part in wrap(chunk, r.width - 48)][:2]:
            text(surface, line, (r.x + 24, y), colour)
            y += LINE
        text(surface, "Starting speed", (r.x + 24, r.y + 432), INK)
        notes = ("offline: built-in rules. openai: any OpenAI-compatible server (Ollama, LM Studio, vLLM, "
                 "llama.cpp). The key stays in memory, never on disk. Use now: test, then switch this game. "
                 "Save: for the next start.")
        y = r.y + 468
        for line in wrap(notes, r.width - 48)[:3]:
            text(surface, line, (r.x + 24, y), SLATE)
            y += LINE


def brain_words(status: ModelStatus | None) -> str:
    """What the villagers think with, in a few words ("llama3.2 at http://...", "the offline rules")."""
    if status is None:
        return "the bare routine (no model)"
    if status.backend == "offline":
        return "the offline rules"
    return f"{status.model} at {status.endpoint}"
