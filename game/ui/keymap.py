"""The one keymap: every key the window answers to, the action it names and its help text.

Dispatch, the help overlay and the tests all read this table, so a key cannot do something
the help does not say, and a test can press every key the game knows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

# Views name the keys they listen to by scope; "town" keys work on the town and over mayor mode.
SCOPES = ("global", "town", "title", "dialog")


@dataclass(frozen=True)
class Binding:
    keys: tuple[int, ...]
    action: str
    help: str
    scope: str = "town"
    shift: bool | None = None  # None: either; True/False: only with/without Shift
    held: bool = False  # read every frame while held (panning), not dispatched as a press

    def label(self) -> str:
        names = [pygame.key.name(k).upper() if len(pygame.key.name(k)) == 1 else pygame.key.name(k).title()
                 for k in self.keys]
        prefix = "Shift+" if self.shift else ""
        return " / ".join(prefix + n for n in names)


K = pygame
KEYMAP: tuple[Binding, ...] = (
    Binding((K.K_SPACE,), "pause", "pause / go on"),
    Binding((K.K_1,), "speed:1x", "speed 1x"),
    Binding((K.K_2,), "speed:2x", "speed 2x"),
    Binding((K.K_3,), "speed:4x", "speed 4x"),
    Binding((K.K_4,), "speed:8x", "speed 8x"),
    Binding((K.K_5,), "speed:max", "speed max"),
    Binding((K.K_0,), "speed:pause", "pause"),
    Binding((K.K_PLUS, K.K_EQUALS, K.K_KP_PLUS), "zoom_in", "zoom in"),
    Binding((K.K_MINUS, K.K_KP_MINUS), "zoom_out", "zoom out"),
    Binding((K.K_LEFT, K.K_a), "pan_left", "pan left", held=True),
    Binding((K.K_RIGHT, K.K_d), "pan_right", "pan right", held=True),
    Binding((K.K_UP, K.K_w), "pan_up", "pan up", held=True),
    Binding((K.K_DOWN, K.K_s), "pan_down", "pan down", held=True),
    Binding((K.K_TAB,), "next_villager", "next villager", shift=False),
    Binding((K.K_TAB,), "previous_villager", "previous villager", shift=True),
    Binding((K.K_f,), "follow", "follow them or stop"),
    Binding((K.K_c,), "chat", "chat with them"),
    Binding((K.K_i,), "mind", "their mind"),
    Binding((K.K_v,), "villager_list", "villager list"),
    Binding((K.K_l,), "log", "town log"),
    Binding((K.K_m,), "minimap", "minimap"),
    Binding((K.K_r,), "roofs", "roofs on or off"),
    Binding((K.K_b,), "mayor", "mayor: build, recruit"),
    Binding((K.K_o,), "settings", "settings"),
    Binding((K.K_F2,), "saves", "save and load"),
    Binding((K.K_F5,), "quicksave", "quicksave"),
    Binding((K.K_F9,), "quickload", "quickload"),
    Binding((K.K_h, K.K_F1), "help", "this help"),
    Binding((K.K_ESCAPE,), "back", "close; pause menu", scope="global"),
    Binding((K.K_F12,), "screenshot", "screenshot", scope="global"),
    Binding((K.K_RETURN, K.K_KP_ENTER, K.K_c), "continue", "continue the saved town", scope="title"),
    Binding((K.K_n,), "new_town", "start a new town", scope="title"),
    Binding((K.K_RETURN, K.K_KP_ENTER, K.K_y), "yes", "yes", scope="dialog"),
    Binding((K.K_n,), "no", "no", scope="dialog"),
)

# While a text field has focus these keys still reach its view (to send, leave, or move between fields);
# every other key only types.
FIELD_KEYS = (K.K_ESCAPE, K.K_TAB)
# Function keys type nothing, so they keep their jobs while a field has focus: F5 saves mid-sentence and
# the field keeps its text (and gets the keys back when a screen they open closes). H still types an "h".
FUNCTION_KEYS = frozenset(range(K.K_F1, K.K_F12 + 1))
TYPING_HELP = ("While typing", "F1-F12 still work; Esc leaves the field")


def action_for(event: pygame.event.Event, scope: str) -> str | None:
    """The action a KEYDOWN names in a scope (global keys work in every scope), or None."""
    if event.type != pygame.KEYDOWN:
        return None
    shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
    for binding in KEYMAP:
        if binding.held or binding.scope not in (scope, "global") or event.key not in binding.keys:
            continue
        if binding.shift is None or binding.shift == shift:
            return binding.action
    return None


def held_direction(pressed: pygame.key.ScancodeWrapper) -> tuple[int, int]:
    """(dx, dy) from the pan keys held down now."""
    down = {b.action for b in KEYMAP if b.held and any(pressed[k] for k in b.keys)}
    return (("pan_right" in down) - ("pan_left" in down), ("pan_down" in down) - ("pan_up" in down))


def help_rows(scope: str = "town") -> list[tuple[str, str]]:
    """(keys, what they do) for the help overlay, in keymap order; pan keys merged into one row."""
    rows: list[tuple[str, str]] = []
    pan = [b for b in KEYMAP if b.held]
    for binding in KEYMAP:
        if binding.scope not in (scope, "global"):
            continue
        if binding.held:
            if binding is pan[0]:
                rows.append(("Arrows / WASD", "pan the map"))
            continue
        rows.append((binding.label(), binding.help))
    if scope == "town":
        rows.append(TYPING_HELP)
    return rows
