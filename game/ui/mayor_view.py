"""Mayor mode in the window: treasury on the HUD, the lot overlay, build menu, recruit form and town ledger.

Every change goes to the simulation thread as a "mayor" command and comes back as
(done, what happened or why not); the panel reads the plain data the game keeps from "mayor_info".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pytmx.util_pygame import load_pygame

from game.mayor.catalog import BuildingType, load_catalog
from game.ui.assets import Art
from game.ui.lettering import text_size
from game.ui.views import View
from game.ui.widgets import (
    BLUE,
    GOLD,
    GREEN,
    INK,
    LINE,
    MIST,
    NIGHT,
    PAPER,
    RED,
    SLATE,
    TEAL,
    Button,
    clicked_nothing,
    clip,
    drop_focus,
    give_focus,
    panel,
    set_field,
    text,
    wrap,
)
from game.world.tilemap import TILE, Rect

if TYPE_CHECKING:
    from game.ui.app import Game

TABS = (("build", "Build"), ("recruit", "Recruit"), ("ledger", "Ledger"))
PREVIEW = (60, 40)
ROW = 50
HEADER = 104
FIELD_STEP = 44  # one text field with its label to the left
LABEL_W = 64
HINTS = {"build": "Choose a building, then click a free lot on the map.",
         "recruit": "Name, biography and goal, then a home with a free bed; the newcomer walks in from the edge."}
FREE = (56, 183, 100, 70)
TAKEN = (177, 62, 83, 45)
HOVER = (255, 205, 117, 120)


def prefab_preview(path: str, size: tuple[int, int] = PREVIEW) -> pygame.Surface:
    """The prefab with its roofs off (rooms and furniture show what it is), shrunk to a thumbnail."""
    tmx = load_pygame(path)
    full = pygame.Surface((tmx.width * TILE, tmx.height * TILE)).convert()
    full.fill(NIGHT)
    for layer in tmx.visible_layers:
        if hasattr(layer, "tiles") and layer.name != "roofs":
            full.blits([(img, (x * TILE, y * TILE)) for x, y, img in layer.tiles() if img is not None],
                       doreturn=False)
    return pygame.transform.smoothscale(full, size)


class MayorView(View):
    """B (or the Mayor button) runs the town: choose a building, then click a free lot; recruit; read the ledger.

    It sits over the town view and lets through every key and click it does not use."""

    uses_gui = True

    def __init__(self, game: Game) -> None:
        self.game = game
        self.catalog = load_catalog()  # static data; the live office answers "mayor" and "mayor_info"
        manager = game.ui
        self.manager = manager
        self.open = False
        self.tab = "build"
        self.rect = pygame.Rect(0, 0, 440, 700)
        self.choice: str | None = None
        self.home: str | None = None
        self.hover_lot: tuple[int, int] | None = None
        self.message = HINTS["build"]
        self.message_ok = True
        self.scroll = 0  # rows of the build list (or homes) scrolled past
        self._reveal = False  # a row was just picked: scroll it into view once
        self.message_rect = pygame.Rect(0, 0, 0, 0)
        self._scroll_limit = 0
        self.previews: dict[str, pygame.Surface] = {}
        self.buttons: list[Button] = []
        self.rows: list[tuple[pygame.Rect, str]] = []
        self.home_rows: list[tuple[pygame.Rect, str]] = []
        self.entries = {
            key: pygame_gui.elements.UITextEntryLine(pygame.Rect(0, 0, 200, 36), manager, placeholder_text=hint)
            for key, hint in (("name", "First and last name (a new first name)"),
                              ("bio", "Who they are, in one sentence"),
                              ("goal", "What they want to do in town"))
        }
        for entry in self.entries.values():
            entry.hide()
        self.last_entry = self.entries["name"]  # the recruit field the keys go back to

    @property
    def info(self) -> dict:
        return self.game.info

    # -- the view stack --------------------------------------------------------------------
    def fields(self) -> tuple[pygame_gui.elements.UITextEntryLine, ...]:
        return tuple(self.entries.values()) if self.open and self.tab == "recruit" else ()

    def suspend(self) -> None:
        for entry in self.entries.values():
            entry.hide()

    def resume(self) -> None:
        self._show_tab(self.tab)

    def on_action(self, action: str) -> bool:
        if action == "mayor":
            self.close()
            return True
        if action == "back":
            if self.choice is not None:
                self.choice = None
                self.message = HINTS["build"]
            else:
                self.close()
            return True
        return False

    def field_key(self, event: pygame.event.Event) -> bool:
        """Tab / Shift+Tab move between the recruit fields; Esc leaves mayor mode."""
        if event.key == pygame.K_ESCAPE:
            self.close()
            return True
        order = list(self.entries.values())
        current = next((i for i, e in enumerate(order) if e.is_focused), 0)
        step = -1 if event.mod & pygame.KMOD_SHIFT else 1
        self.manager.set_focus_set(order[(current + step) % len(order)])
        return True

    def handle_event(self, event: pygame.event.Event) -> bool:
        """True when mayor mode used the event (the town view then does not see it)."""
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element in self.entries.values():
            order = list(self.entries.values())
            i = order.index(event.ui_element)
            if i + 1 < len(order):
                self.manager.set_focus_set(order[i + 1])  # Enter moves on to the next field
            else:
                self.recruit()
            return True
        if event.type == pygame.MOUSEMOTION:
            self.hover_lot = self._lot_at(event.pos)
            return False
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(pygame.mouse.get_pos()):
            self.scroll = max(0, min(self._scroll_limit, self.scroll - event.y))
            return True
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return False
        if self.rect.collidepoint(event.pos):
            self._click_panel(event.pos)
            if self.open and self.tab == "recruit" and clicked_nothing(self.manager):
                give_focus(self.manager, self.last_entry)  # a click in the form leaves the typing where it was
            return True
        lot = self._lot_at(event.pos)
        if self.choice is not None and lot is not None:
            self.build(self.choice, lot)
            return True
        return False

    def update(self, dt: float) -> None:
        self.last_entry = next((e for e in self.fields() if e.is_focused), self.last_entry)
        if self.open and self.rect != self.game.town.layout.side:
            self.layout()  # the window was resized

    # -- actions -------------------------------------------------------------------------------
    def show(self) -> None:
        if self.open:
            return
        self.open = True
        self.game.stack.push(self)
        self.game.town.relayout()
        self.layout()
        self.scroll = 0
        self._show_tab(self.tab)

    def close(self) -> None:
        if not self.open:
            return
        self.open = False
        self.choice = None
        drop_focus(self.manager, *self.entries.values())
        for entry in self.entries.values():
            entry.hide()
        self.game.stack.pop(self)
        self.game.town.relayout()

    def frame_buttons(self) -> list[Button]:
        """Close and the tabs: placed from the panel's rectangle alone, so they answer before the first draw."""
        x, y = self.rect.x + 16, self.rect.y + 14
        out = [Button(pygame.Rect(self.rect.right - 48, self.rect.y + 12, 32, 30), "x", "close")]
        tab_w = (self.rect.width - 32 - 16) // 3
        for i, (key, label) in enumerate(TABS):
            out.append(Button(pygame.Rect(x + i * (tab_w + 8), y + 2 * LINE + 8, tab_w, 36), label, f"tab:{key}"))
        return out

    def layout(self) -> None:
        self.rect = self.game.town.layout.side.copy()
        self.buttons = self.frame_buttons()
        y = self.rect.y + HEADER + 2
        for key in ("name", "bio", "goal"):
            self.entries[key].set_relative_position((self.rect.x + 16 + LABEL_W, y))
            self.entries[key].set_dimensions((self.rect.width - 32 - LABEL_W, 36))
            y += FIELD_STEP

    def _show_tab(self, tab: str) -> None:
        if tab != self.tab:
            self.message_ok = True
            self.message = HINTS.get(tab, "")
            self.scroll = 0
        self.tab = tab
        for entry in self.entries.values():
            if tab == "recruit" and self.open:
                entry.show()
            else:
                entry.unfocus()
                entry.hide()
        if tab == "recruit" and self.open and not any(e.is_focused for e in self.entries.values()):
            give_focus(self.manager, self.last_entry)

    @property
    def treasury(self) -> int:
        """The treasury as the HUD shows it (the town's latest snapshot), so the two never disagree."""
        return self.game.town.snap.treasury

    def build(self, kind: str, lot: tuple[int, int]) -> None:
        action = {"action": "Building", "type": kind, "position": {"x": lot[0], "y": lot[1]}}
        self.game.mailbox.send("mayor", on_reply=self._done, action=action)

    def recruit(self) -> None:
        name = " ".join(self.entries["name"].get_text().split())
        first = name.split(" ")[0].casefold() if name else ""
        taken = next((v.name for v in self.game.town.snap.villagers if v.name.split()[0].casefold() == first), None)
        if not name:
            self._done((False, "give the newcomer a first and last name"))
        elif taken is not None:
            self._done((False, f"{taken} already lives here; choose another first name so people can tell them "
                               "apart"))
        elif self.home is None:
            self._done((False, "choose a home with a free bed first"))
        else:
            action = {"action": "NPC", "home_building": self.home, "name": name,
                      "bio": self.entries["bio"].get_text(), "goal": self.entries["goal"].get_text()}
            self.game.mailbox.send("mayor", on_reply=self._done, action=action)

    def _done(self, result: object) -> None:
        if isinstance(result, tuple):
            ok, words = result
            self.message_ok = bool(ok)
            self.message = str(words) if ok else f"Not done: {words}"
            if ok:
                self.choice = None
                if self.tab == "recruit":
                    for entry in self.entries.values():
                        set_field(entry, "")
                    if self.open:  # ready for the next newcomer's name, not their goal
                        self.last_entry = self.entries["name"]
                        give_focus(self.manager, self.last_entry)
        else:
            self.message_ok, self.message = False, f"Not done: {result}"
        self.game.ask_info(now=True)  # refresh the numbers at once

    def _click_panel(self, pos: tuple[int, int]) -> None:
        for b in self.buttons:
            if b.rect.collidepoint(pos):
                if b.key.startswith("tab:"):
                    self._show_tab(b.key[4:])
                elif b.key == "recruit":
                    self.recruit()
                elif b.key == "close":
                    self.close()
                return
        for rect, kind in self.rows:
            if rect.collidepoint(pos):
                chosen = self.catalog.types[kind]
                treasury = self.treasury
                if self.choice != kind and chosen.cost > treasury:  # not a tool to carry to a lot: said at once
                    self.choice, self.message_ok = None, False
                    self.message = (f"Not yet: {chosen.label} costs {chosen.cost:,} coins and the treasury has "
                                    f"{treasury:,}.")
                    return
                self.choice = None if self.choice == kind else kind
                if self.choice:
                    self._reveal = True
                    self.message_ok = True
                    self.message = (f"{chosen.label}: {chosen.about} Click a green lot to build it "
                                    f"({chosen.cost} coins).")
                return
        for rect, home in self.home_rows:
            if rect.collidepoint(pos):
                self.home = home
                if not self.message_ok:  # "choose a home first" is answered: it does not stay on screen
                    self.message_ok, self.message = True, f"The newcomer will live at {home}."
                return

    def _lot_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        town = self.game.town
        if not self.open or self.rect.collidepoint(pos) or town.covered(pos) or self.game.hud.contains(pos):
            return None
        sw, sh = town.screen.get_size()
        wx, wy = town.camera.screen_to_world(pos[0], pos[1], sw, sh)
        tx, ty = int(wx // TILE), int(wy // TILE)
        for lot in self.info.get("lots", []):
            if Rect(*lot["rect"]).contains(tx, ty):
                return (lot["lot"][0], lot["lot"][1])
        return None

    # -- drawing ---------------------------------------------------------------------------------
    def draw_overlay(self, surface: pygame.Surface) -> None:
        """The 4x4 lots over the map: green free, red taken, gold under the mouse."""
        if not self.open:
            return
        camera = self.game.town.camera
        sw, sh = surface.get_size()
        z = camera.zoom
        for lot in self.info.get("lots", []):
            x, y, w, h = lot["rect"]
            sx, sy = camera.world_to_screen(x * TILE, y * TILE, sw, sh)
            r = pygame.Rect(sx, sy, w * TILE * z, h * TILE * z)
            if not r.colliderect(surface.get_rect()):
                continue
            key = (lot["lot"][0], lot["lot"][1])
            hovered = key == self.hover_lot and lot["holder"] is None
            colour = HOVER if hovered else (FREE if lot["holder"] is None else TAKEN)
            shade = pygame.Surface(r.size, pygame.SRCALPHA)
            shade.fill(colour)
            surface.blit(shade, r.topleft)
            pygame.draw.rect(surface, GOLD if hovered else (GREEN if lot["holder"] is None else RED), r, 2)
            label = f"lot {key[0]},{key[1]}: " + (lot["holder"] or "free")
            if hovered and self.choice:
                label = f"build {self.catalog.types[self.choice].label} here"
            width = _width(label)
            tag = pygame.Rect(r.x + 6, r.y + 6, width + 12, LINE + 4)
            pygame.draw.rect(surface, NIGHT, tag)
            text(surface, label, (tag.x + 6, tag.y + 3), GOLD if hovered else PAPER)

    def draw(self, surface: pygame.Surface) -> None:
        if not self.open:
            return
        mouse = pygame.mouse.get_pos()
        panel(surface, self.art, self.rect)
        x, y = self.rect.x + 16, self.rect.y + 14
        text(surface, "Mayor's office", (x, y))
        text(surface, f"{self.treasury:,} coins   {self.info.get('population', 0)} villagers",
             (x, y + LINE), SLATE)
        self.rows, self.home_rows = [], []  # only what this tab shows is clickable
        self.buttons = self.frame_buttons()
        for b in self.buttons:
            b.active = b.key == f"tab:{self.tab}"
            b.draw(surface, self.art, mouse)
        body = pygame.Rect(self.rect.x + 16, self.rect.y + HEADER, self.rect.width - 32,
                           self.rect.height - HEADER - 12)
        if self.tab == "build":
            self._draw_build(surface, body, mouse)
        elif self.tab == "recruit":
            self._draw_recruit(surface, body, mouse)
        else:
            self._draw_ledger(surface, body)

    @property
    def art(self) -> Art:
        return self.game.art

    def _footer(self, surface: pygame.Surface, body: pygame.Rect) -> int:
        lines = wrap(self.message, body.width)[:3]
        top = body.bottom - LINE * len(lines)
        self.message_rect = pygame.Rect(body.x, top, body.width, LINE * len(lines))
        for i, line in enumerate(lines):
            text(surface, line, (body.x, top + i * LINE), TEAL if self.message_ok else RED)
        return top

    def _scrollbar(self, surface: pygame.Surface, area: pygame.Rect, first: int, shown: int, total: int) -> None:
        if total <= shown:
            return
        track = pygame.Rect(area.right - 6, area.y, 6, area.height)
        pygame.draw.rect(surface, MIST, track)
        knob_h = max(16, area.height * shown // total)
        top = area.y + (area.height - knob_h) * first // max(1, total - shown)
        pygame.draw.rect(surface, SLATE, (track.x, top, 6, knob_h))

    def _draw_build(self, surface: pygame.Surface, body: pygame.Rect, mouse: tuple[int, int]) -> None:
        treasury = self.treasury
        bottom = self._footer(surface, body) - 6
        kinds = list(self.catalog.types.values())
        shown = max(1, (bottom - body.y) // ROW)
        self._scroll_limit = max(0, len(kinds) - shown)
        picked = next((i for i, b in enumerate(kinds) if b.kind == self.choice), None)
        if picked is not None and self._reveal:  # the message a pick brings takes rows: the picked row stays
            self.scroll = max(min(self.scroll, picked), picked - shown + 1)  # in view (the wheel is free after)
        self._reveal = False
        self.scroll = min(self.scroll, self._scroll_limit)
        area = pygame.Rect(body.x, body.y, body.width, shown * ROW)
        self._scrollbar(surface, area, self.scroll, shown, len(kinds))
        width = body.width - (12 if len(kinds) > shown else 0)
        y = body.y
        for b in kinds[self.scroll:self.scroll + shown]:
            row = pygame.Rect(body.x, y, width, ROW - 4)
            if self.choice == b.kind:
                pygame.draw.rect(surface, GOLD, row)
            elif row.collidepoint(mouse):
                pygame.draw.rect(surface, (232, 236, 240), row)
            surface.blit(self._preview(b), (row.x + 2, row.y + 3))
            pygame.draw.rect(surface, INK, (row.x + 1, row.y + 2, PREVIEW[0] + 2, PREVIEW[1] + 2), 1)
            tx = row.x + PREVIEW[0] + 12
            cost = f"{b.cost:,}"
            cost_w = _width(cost)
            text(surface, clip(b.label, row.right - tx - cost_w - 16), (tx, row.y + 2))
            text(surface, cost, (row.right - 6 - cost_w, row.y + 2), INK if treasury >= b.cost else RED)
            text(surface, clip(_does(b), row.right - tx - 8), (tx, row.y + 2 + LINE), SLATE)
            self.rows.append((row, b.kind))
            y += ROW
        if len(kinds) > shown:
            more = f"wheel: {len(kinds) - shown} more (coins at right)"
            text(surface, clip(more, body.width), (body.x, area.bottom), MIST)

    def _preview(self, b: BuildingType) -> pygame.Surface:
        img = self.previews.get(b.kind)
        if img is None:
            img = self.previews[b.kind] = prefab_preview(str(b.prefab))
        return img

    def _draw_recruit(self, surface: pygame.Surface, body: pygame.Rect, mouse: tuple[int, int]) -> None:
        for i, label in enumerate(("Name", "About", "Goal")):
            text(surface, label, (body.x, body.y + 9 + i * FIELD_STEP), SLATE)
        bottom = self._footer(surface, body) - 6
        cost = self.info.get("recruit_cost", self.catalog.recruit_cost)
        button = Button(pygame.Rect(body.x, bottom - 42, body.width, 40), f"Recruit for {cost} coins (Enter)",
                        "recruit")
        y = body.y + 3 * FIELD_STEP + 2
        text(surface, "Home (a free bed is needed):", (body.x, y), SLATE)
        y += LINE + 2
        homes = self.info.get("homes", [])
        step = LINE + 6
        shown = max(1, (button.rect.y - 6 - y) // step)
        self._scroll_limit = max(0, len(homes) - shown)
        self.scroll = min(self.scroll, self._scroll_limit)
        self._scrollbar(surface, pygame.Rect(body.x, y, body.width, shown * step), self.scroll, shown, len(homes))
        width = body.width - (12 if len(homes) > shown else 0)
        for name, beds in homes[self.scroll:self.scroll + shown]:
            row = pygame.Rect(body.x, y, width, LINE + 4)
            if name == self.home:
                pygame.draw.rect(surface, GOLD, row)
            elif row.collidepoint(mouse) and beds:
                pygame.draw.rect(surface, (232, 236, 240), row)
            colour = INK if beds else MIST
            words = f"{beds} free bed" + ("" if beds == 1 else "s")
            text(surface, clip(name, row.width - _width(words) - 24), (row.x + 6, row.y + 2), colour)
            text(surface, words, (row.right - 6 - _width(words), row.y + 2), colour)
            self.home_rows.append((row, name))
            y += step
        button.draw(surface, self.art, mouse)
        self.buttons.append(button)

    def _draw_ledger(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        series = self.info.get("series", [])
        chart = pygame.Rect(body.x, body.y + 4, body.width, min(170, max(100, body.height // 3)))
        _chart(surface, chart, series)
        y = chart.bottom + 10
        text(surface, "Income by building (fees and rent)", (body.x, y))
        y += LINE + 2
        income = list(self.info.get("income", {}).items())[:6]
        top = max((v for _, v in income), default=1) or 1
        name_w = body.width * 2 // 5
        for name, amount in income:
            if y + LINE > body.bottom:
                return
            text(surface, clip(name, name_w - 8), (body.x, y), SLATE)
            room = body.width - name_w - 60
            bar_w = int(room * amount / top)
            pygame.draw.rect(surface, TEAL, (body.x + name_w, y + 4, max(2, bar_w), LINE - 8))
            text(surface, str(amount), (body.x + name_w + 6 + bar_w, y))
            y += LINE
        y += 8
        for title, lines in (("Ledger", self._ledger_lines()), ("Mayor's record", self._record_lines())):
            if y + 2 * LINE > body.bottom:
                return
            text(surface, title, (body.x, y))
            y += LINE + 2
            for words, colour in lines:
                for part in wrap(words, body.width)[:2]:
                    if y + LINE > body.bottom:
                        return
                    text(surface, part, (body.x, y), colour)
                    y += LINE
            y += 8

    def _ledger_lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        out = []
        for payer, payee, amount, reason, _place, seconds in reversed(self.info.get("ledger", [])[-5:]):
            clock = f"{seconds % 86400 // 3600:02d}:{seconds % 3600 // 60:02d}"
            out.append((f"{clock} {payer} -> {payee} {amount} ({reason})", SLATE))
        return out

    def _record_lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        return [(f"{r['clock'][-5:]} {r['by']}: {r['result']}", TEAL if r["ok"] else RED)
                for r in reversed(self.info.get("record", [])[-4:])]


def _does(b: BuildingType) -> str:
    parts = []
    if b.beds:
        parts.append(f"{b.beds} beds")
    if b.jobs:
        parts.append(f"{b.slots} jobs")
    fees = [f"{e.use} {e.fee}" for e in b.equipment if e.fee]
    if fees:
        parts.append("fees " + ", ".join(fees))
    return "; ".join(parts) or b.about


def _width(words: str) -> int:
    return text_size(words)[0]


def _chart(surface: pygame.Surface, rect: pygame.Rect, series: list[dict]) -> None:
    """Treasury (red) and the villagers' cash (blue) in coins, population (green) on its own scale."""
    pygame.draw.rect(surface, PAPER, rect)
    pygame.draw.rect(surface, SLATE, rect, 1)
    x = rect.x + 6
    for label, colour in (("treasury", RED), ("cash", BLUE), ("population", GREEN)):
        x += text(surface, label, (x, rect.y + 4), colour) + 12
    if len(series) < 2:
        for i, line in enumerate(wrap("the chart starts after the first game hour", rect.width - 12)):
            text(surface, line, (rect.x + 6, rect.y + 50 + i * LINE), SLATE)
        return
    inner = rect.inflate(-16, -40).move(0, 12)
    money = [s["treasury"] for s in series] + [s["cash"] for s in series]
    high = max(money) or 1
    pop_low = min(s["population"] for s in series)
    pop_high = max(s["population"] for s in series)

    def points(values: list[float], low: float, top: float) -> list[tuple[int, int]]:
        span = max(1e-9, top - low)
        n = len(values) - 1
        return [(inner.x + int(inner.width * i / n), inner.bottom - int(inner.height * (v - low) / span))
                for i, v in enumerate(values)]

    pygame.draw.lines(surface, BLUE, False, points([s["cash"] for s in series], 0, high), 2)
    pygame.draw.lines(surface, RED, False, points([s["treasury"] for s in series], 0, high), 2)
    pygame.draw.lines(surface, GREEN, False, points([s["population"] for s in series], pop_low - 1, pop_high + 1), 2)
    text(surface, f"{high:,} coins", (rect.right - 6 - _width(f"{high:,} coins"), rect.y + 4), SLATE)
    text(surface, f"{series[0]['clock']} - {series[-1]['clock']}", (rect.x + 6, rect.bottom - LINE), SLATE)
