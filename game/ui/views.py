"""Views on a stack (Arcade style): the top view sees input first, and one rule decides that a focused
text field takes every key (but the function keys, which type nothing) before any hotkey is looked at."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from game.ui import keymap

KEY_EVENTS = (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING)


class View:
    """One screen or overlay. ``modal`` views hide what is under them from input (and suspend its fields);
    ``scope`` names the keymap scope it answers to."""

    modal = False
    scope = "town"
    uses_gui = False  # has pygame_gui elements (drawn by the manager after this view)

    def on_action(self, action: str) -> bool:
        """A keymap action ("key" for a key the keymap does not name here); True when this view used it."""
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        """A mouse or gui event; True when this view used it."""
        return False

    def field_key(self, event: pygame.event.Event) -> bool:
        """Esc or Tab pressed while one of this view's text fields has focus."""
        return False

    def fields(self) -> tuple[pygame_gui.elements.UITextEntryLine, ...]:
        """The text fields this view shows now."""
        return ()

    def suspend(self) -> None:
        """A modal view went on top: hide fields so they cannot take focus or keys."""

    def resume(self) -> None:
        """The modal view above was closed."""

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass


def focused_field(manager: pygame_gui.UIManager) -> pygame_gui.elements.UITextEntryLine | None:
    """The visible text field with keyboard focus, if any."""
    for element in manager.get_focus_set() or ():
        if isinstance(element, pygame_gui.elements.UITextEntryLine) and element.is_focused and element.visible:
            return element
    return None


class ViewStack:
    """The views in order, bottom first; routes every event."""

    def __init__(self, manager: pygame_gui.UIManager) -> None:
        self.manager = manager
        self.views: list[View] = []
        self._swallow_text = False  # the TEXTINPUT of a key that just fired a hotkey
        self.fallback: Callable[[str], bool] = lambda _action: False  # keys no view used (F12)

    @property
    def top(self) -> View:
        return self.views[-1]

    def push(self, view: View) -> None:
        if view.modal:
            for below in self.views:
                below.suspend()  # first, while a field still has focus: it gets it back on resume
            self.manager.set_focus_set(None)
        self.views.append(view)

    def pop(self, view: View | None = None) -> None:
        """Take ``view`` (or the top one) off the stack; views under a closed modal come back."""
        view = view or self.top
        if view not in self.views:
            return
        self.views.remove(view)
        if view.modal and not any(v.modal for v in self.views):
            for below in self.views:
                below.resume()

    def find(self, kind: type) -> View | None:
        return next((v for v in reversed(self.views) if isinstance(v, kind)), None)

    def receivers(self) -> list[View]:
        """The views that may see input, top first, down to the first modal one."""
        out: list[View] = []
        for view in reversed(self.views):
            out.append(view)
            if view.modal:
                break
        return out

    def typing(self) -> pygame_gui.elements.UITextEntryLine | None:
        """The focused field, if it belongs to a view that may see input."""
        field = focused_field(self.manager)
        if field is None:
            return None
        return field if any(field in v.fields() for v in self.receivers()) else None

    def dispatch(self, event: pygame.event.Event) -> None:
        """The one place that routes input: text fields first, then the top view down."""
        if event.type == pygame.TEXTINPUT and self._swallow_text:
            self._swallow_text = False  # the letter of a hotkey never types itself into the field it opened
            return
        if event.type == pygame.KEYDOWN:
            self._swallow_text = False
        field_before = self.typing()
        if event.type in KEY_EVENTS and focused_field(self.manager) is not None and field_before is None:
            self.manager.set_focus_set(None)  # a field under a modal view keeps no keys
        if field_before is not None and event.type == pygame.KEYDOWN and event.key in keymap.FUNCTION_KEYS:
            self._key(event)  # F1-F12 act while typing; the field keeps its text and, here, its focus
            return
        gui_sees = event.type not in KEY_EVENTS or field_before is not None
        if gui_sees and (not self.top.modal or self.top.uses_gui):
            self.manager.process_events(event)
        if event.type in KEY_EVENTS:
            if field_before is not None:
                if event.type == pygame.KEYDOWN and event.key in keymap.FIELD_KEYS:
                    owner = next((v for v in self.receivers() if field_before in v.fields()), self.top)
                    if not owner.field_key(event) and event.key == pygame.K_ESCAPE:
                        owner.on_action("back")
                return
            if event.type == pygame.KEYDOWN:
                self._key(event)
            return
        for view in self.receivers():
            if view.handle_event(event):
                return

    def _key(self, event: pygame.event.Event) -> None:
        for view in self.receivers():
            # A key outside the view's scope still reaches it as "key" (a notice closes on any key).
            action = keymap.action_for(event, view.scope) or "key"
            if view.on_action(action):
                break
        else:
            global_action = keymap.action_for(event, "global")
            if global_action is None or not self.fallback(global_action):
                return
        # SDL sends the key's TEXTINPUT right after: it must not land in a field the action focused.
        self._swallow_text = bool(getattr(event, "unicode", "")) and event.unicode.isprintable()

    def update(self, dt: float) -> None:
        for view in list(self.views):
            view.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        """Views bottom up; the gui elements are drawn once, right after the highest view that has any."""
        gui_at = max((i for i, v in enumerate(self.views) if v.uses_gui), default=-1)
        for i, view in enumerate(self.views):
            view.draw(surface)
            if i == gui_at:
                self.manager.draw_ui(surface)
                field = self.typing()
                if field is not None:  # the field that takes the keys shows it
                    pygame.draw.rect(surface, (239, 125, 87), field.rect.inflate(6, 6), 3, border_radius=4)
        if gui_at < 0:
            self.manager.draw_ui(surface)
