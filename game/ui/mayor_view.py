"""Mayor mode in the window: treasury on the HUD, the lot overlay, build menu, recruit form and town ledger.

Every change goes to the simulation thread as a "mayor" command and comes back as
(done, what happened or why not); the panel reads plain data from "mayor_info".
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pytmx.util_pygame import load_pygame

from game.mayor import install_mayor
from game.mayor.catalog import BuildingType
from game.sim.runner import Runner
from game.sim.snapshot import Snapshot
from game.ui.assets import Art, font
from game.ui.mailbox import Mailbox
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
    clip,
    panel,
    text,
    wrap,
)
from game.world.tilemap import TILE, Rect

if TYPE_CHECKING:
    from game.ui.app import TownView

TABS = (("build", "Build"), ("recruit", "Recruit"), ("ledger", "Ledger"))
PREVIEW = (60, 40)
ROW = 50
HEADER = 104
POLL_S = 0.5
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


class MayorMode:
    """Press B (or the Mayor button) to run the town: choose a building, then click a free lot."""

    def __init__(self, manager: pygame_gui.UIManager, mailbox: Mailbox, art: Art, runner: Runner) -> None:
        # A town made without the flags (tools, tests) still gets the player's office; the runner is not started yet.
        office = runner.sim.components.get("mayor") or install_mayor(runner.sim)
        self.catalog = office.catalog
        runner.handlers.update(office.handlers())
        self.manager = manager
        self.mailbox = mailbox
        self.art = art
        self.open = False
        self.tab = "build"
        self.rect = pygame.Rect(0, 0, 440, 700)
        self.choice: str | None = None
        self.home: str | None = None
        self.hover_lot: tuple[int, int] | None = None
        self.message = HINTS["build"]
        self.message_ok = True
        self.info: dict = office.info(runner.sim)
        self.stamped: set[str] = set()
        self.previews: dict[str, pygame.Surface] = {}
        self.buttons: list[Button] = []
        self.rows: list[tuple[pygame.Rect, str]] = []
        self.home_rows: list[tuple[pygame.Rect, str]] = []
        self.hud_button = Button(pygame.Rect(0, 0, 82, 36), "Mayor", "toggle")
        self._asked = 0.0
        self._waiting = False
        self.entries = {
            key: pygame_gui.elements.UITextEntryLine(pygame.Rect(0, 0, 200, 36), manager, placeholder_text=hint)
            for key, hint in (("name", "First and last name"), ("bio", "Who they are, in one sentence"),
                              ("goal", "What they want to do in town"))
        }
        for entry in self.entries.values():
            entry.hide()

    # -- window hooks ----------------------------------------------------------------------
    def attach(self, view: TownView) -> None:
        """Draw buildings placed before the window opened (a loaded save)."""
        self._stamp_new(view)

    def handle_event(self, event: pygame.event.Event, view: TownView) -> bool:
        """True when mayor mode used the event (the town view then ignores it)."""
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element in self.entries.values():
            if event.ui_element is self.entries["goal"]:
                self.recruit()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_b and not self._typing():
            self.toggle(view)
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.open and not self._typing():
            if self.choice is not None:
                self.choice = None
            else:
                self.close(view)
            return True
        if event.type == pygame.MOUSEMOTION and self.open:
            self.hover_lot = self._lot_at(event.pos, view)
        if event.type == pygame.MOUSEWHEEL and self.open and self.rect.collidepoint(pygame.mouse.get_pos()):
            return True
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return False
        if self.hud_button.rect.collidepoint(event.pos):
            self.toggle(view)
            return True
        if not self.open:
            return False
        if self.rect.collidepoint(event.pos):
            self._click_panel(event.pos)
            return True
        lot = self._lot_at(event.pos, view)
        if self.choice is not None and lot is not None:
            self.build(self.choice, lot)
            return True
        return False

    def update(self, view: TownView) -> None:
        if view.panel.is_open and self.open:
            self.close(view)
        if self.open and self.rect.right != view.screen.get_width() - 8:
            self.layout(view)  # the window was resized
        now = time.perf_counter()
        changed = view.snap.map_version != view.map_version
        if (self.open or changed) and not self._waiting and now - self._asked > POLL_S:
            self._asked = now
            self._waiting = True
            self.mailbox.send("mayor_info", on_reply=lambda info: self._got_info(info, view))

    def _got_info(self, info: object, view: TownView) -> None:
        self._waiting = False
        if isinstance(info, dict):
            self.info = info
            self._stamp_new(view)

    def _stamp_new(self, view: TownView) -> None:
        fresh = [b for b in self.info.get("built", []) if b["name"] not in self.stamped]
        for b in fresh:
            view.renderer.stamp(b["prefab"], Rect(*b["rect"]), b["name"], Rect(*b["sector"]))
            self.stamped.add(b["name"])
        if fresh:
            view.minimap.refresh(view.renderer.base)
        view.map_version = view.snap.map_version

    # -- actions -------------------------------------------------------------------------------
    def toggle(self, view: TownView) -> None:
        if self.open:
            self.close(view)
        else:
            view.close_panel()
            self.open = True
            self.layout(view)
            self._show_tab(self.tab)

    def close(self, view: TownView) -> None:
        self.open = False
        self.choice = None
        for entry in self.entries.values():
            entry.unfocus()
            entry.hide()
        view.layout()

    def layout(self, view: TownView) -> None:
        sw, sh = view.screen.get_size()
        self.rect = pygame.Rect(sw - 448, 8, 440, sh - 16)
        view.minimap.rect.bottomright = (self.rect.x - 8, sh - 8)
        y = self.rect.y + HEADER + 34
        for key in ("name", "bio", "goal"):
            self.entries[key].set_relative_position((self.rect.x + 16, y))
            self.entries[key].set_dimensions((self.rect.width - 32, 36))
            y += 68

    def _show_tab(self, tab: str) -> None:
        if tab != self.tab:
            self.message_ok = True
            self.message = HINTS.get(tab, "")
        self.tab = tab
        for entry in self.entries.values():
            if tab == "recruit" and self.open:
                entry.show()
            else:
                entry.unfocus()
                entry.hide()

    def build(self, kind: str, lot: tuple[int, int]) -> None:
        action = {"action": "Building", "type": kind, "position": {"x": lot[0], "y": lot[1]}}
        self.mailbox.send("mayor", on_reply=self._done, action=action)

    def recruit(self) -> None:
        if self.home is None:
            self._done((False, "choose a home with a free bed first"))
            return
        action = {"action": "NPC", "home_building": self.home, "name": self.entries["name"].get_text(),
                  "bio": self.entries["bio"].get_text(), "goal": self.entries["goal"].get_text()}
        self.mailbox.send("mayor", on_reply=self._done, action=action)

    def _done(self, result: object) -> None:
        if isinstance(result, tuple):
            ok, words = result
            self.message_ok = bool(ok)
            self.message = str(words) if ok else f"Not done: {words}"
            if ok:
                self.choice = None
                if self.tab == "recruit":
                    for entry in self.entries.values():
                        entry.set_text("")
        else:
            self.message_ok, self.message = False, f"Not done: {result}"
        self._asked = 0.0  # refresh the numbers at once

    def _typing(self) -> bool:
        return any(e.is_focused for e in self.entries.values())

    def _click_panel(self, pos: tuple[int, int]) -> None:
        for b in self.buttons:
            if b.rect.collidepoint(pos):
                if b.key.startswith("tab:"):
                    self._show_tab(b.key[4:])
                elif b.key == "recruit":
                    self.recruit()
                return
        for rect, kind in self.rows:
            if rect.collidepoint(pos):
                self.choice = None if self.choice == kind else kind
                if self.choice:
                    b = self.catalog.types[kind]
                    self.message_ok = True
                    self.message = f"{b.label}: {b.about} Click a green lot to build it ({b.cost} coins)."
                return
        for rect, home in self.home_rows:
            if rect.collidepoint(pos):
                self.home = home

    def _lot_at(self, pos: tuple[int, int], view: TownView) -> tuple[int, int] | None:
        if self.rect.collidepoint(pos):
            return None
        sw, sh = view.screen.get_size()
        wx, wy = view.camera.screen_to_world(pos[0], pos[1], sw, sh)
        tx, ty = int(wx // TILE), int(wy // TILE)
        for lot in self.info.get("lots", []):
            if Rect(*lot["rect"]).contains(tx, ty):
                return (lot["lot"][0], lot["lot"][1])
        return None

    # -- drawing ---------------------------------------------------------------------------------
    def draw_hud(self, surface: pygame.Surface, snap: Snapshot, mouse: tuple[int, int]) -> None:
        """Treasury and the last day's income next to the clock, and the Mayor button."""
        box = pygame.Rect(576, 8, 248, 68)
        panel(surface, self.art, box)
        coin = self.art.icon("money")
        if coin is not None:
            surface.blit(pygame.transform.scale(coin, (32, 32)), (box.x + 14, box.y + 18))
        text(surface, f"{snap.treasury:,}", (box.x + 54, box.y + 14))  # the coin icon says what it counts
        income = self.info.get("day_income", 0)
        text(surface, f"{income:+,}/day", (box.x + 54, box.y + 36), GREEN if income >= 0 else RED)
        self.hud_button.rect.topleft = (box.right - 96, box.y + 16)
        self.hud_button.active = self.open
        self.hud_button.draw(surface, self.art, mouse)

    def draw_overlay(self, surface: pygame.Surface, view: TownView) -> None:
        """The 4x4 lots over the map: green free, red taken, gold under the mouse."""
        if not self.open:
            return
        sw, sh = surface.get_size()
        z = view.camera.zoom
        for lot in self.info.get("lots", []):
            x, y, w, h = lot["rect"]
            sx, sy = view.camera.world_to_screen(x * TILE, y * TILE, sw, sh)
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

    def draw(self, surface: pygame.Surface, mouse: tuple[int, int]) -> None:
        if not self.open:
            return
        panel(surface, self.art, self.rect)
        x, y = self.rect.x + 16, self.rect.y + 14
        text(surface, "Mayor's office", (x, y))
        text(surface, f"{self.info.get('treasury', 0):,} coins   {self.info.get('population', 0)} villagers",
             (x, y + LINE), SLATE)
        self.buttons, self.rows, self.home_rows = [], [], []  # only what this tab shows is clickable
        bx = x
        for key, label in TABS:
            b = Button(pygame.Rect(bx, y + 2 * LINE + 8, 128, 36), label, f"tab:{key}", active=self.tab == key)
            b.draw(surface, self.art, mouse)
            self.buttons.append(b)
            bx += 136
        body = pygame.Rect(self.rect.x + 16, self.rect.y + HEADER, self.rect.width - 32,
                           self.rect.height - HEADER - 16)
        if self.tab == "build":
            self._draw_build(surface, body, mouse)
        elif self.tab == "recruit":
            self._draw_recruit(surface, body, mouse)
        else:
            self._draw_ledger(surface, body)

    def _footer(self, surface: pygame.Surface, body: pygame.Rect) -> int:
        lines = wrap(self.message, body.width)[:3]
        top = body.bottom - LINE * len(lines)
        for i, line in enumerate(lines):
            text(surface, line, (body.x, top + i * LINE), TEAL if self.message_ok else RED)
        return top

    def _draw_build(self, surface: pygame.Surface, body: pygame.Rect, mouse: tuple[int, int]) -> None:
        treasury = self.info.get("treasury", 0)
        bottom = self._footer(surface, body) - 6
        y = body.y
        for b in self.catalog.types.values():
            if y + ROW > bottom:
                break
            row = pygame.Rect(body.x, y, body.width, ROW - 4)
            if self.choice == b.kind:
                pygame.draw.rect(surface, GOLD, row)
            elif row.collidepoint(mouse):
                pygame.draw.rect(surface, (232, 236, 240), row)
            surface.blit(self._preview(b), (row.x + 2, row.y + 3))
            pygame.draw.rect(surface, INK, (row.x + 1, row.y + 2, PREVIEW[0] + 2, PREVIEW[1] + 2), 1)
            tx = row.x + PREVIEW[0] + 12
            text(surface, b.label, (tx, row.y + 2))
            cost = f"{b.cost} coins"
            text(surface, cost, (row.right - 8 - _width(cost), row.y + 2), INK if treasury >= b.cost else RED)
            text(surface, clip(_does(b), row.right - tx - 8), (tx, row.y + 2 + LINE), SLATE)
            self.rows.append((row, b.kind))
            y += ROW

    def _preview(self, b: BuildingType) -> pygame.Surface:
        img = self.previews.get(b.kind)
        if img is None:
            img = self.previews[b.kind] = prefab_preview(str(b.prefab))
        return img

    def _draw_recruit(self, surface: pygame.Surface, body: pygame.Rect, mouse: tuple[int, int]) -> None:
        for i, label in enumerate(("Name", "Biography", "Goal")):
            text(surface, label, (body.x, body.y + 8 + i * 68), SLATE)
        y = body.y + 3 * 68 + 12
        text(surface, "Home (a free bed is needed):", (body.x, y), SLATE)
        y += LINE + 4
        for name, beds in self.info.get("homes", []):
            row = pygame.Rect(body.x, y, body.width, LINE + 6)
            if name == self.home:
                pygame.draw.rect(surface, GOLD, row)
            elif row.collidepoint(mouse) and beds:
                pygame.draw.rect(surface, (232, 236, 240), row)
            colour = INK if beds else MIST
            text(surface, clip(name, body.width - 120), (row.x + 6, row.y + 3), colour)
            words = f"{beds} free bed" + ("" if beds == 1 else "s")
            text(surface, words, (row.right - 6 - _width(words), row.y + 3), colour)
            self.home_rows.append((row, name))
            y += LINE + 8
        cost = self.info.get("recruit_cost", self.catalog.recruit_cost)
        b = Button(pygame.Rect(body.x, y + 8, body.width, 40), f"Recruit for {cost} coins", "recruit")
        b.draw(surface, self.art, mouse)
        self.buttons.append(b)
        self._footer(surface, body)

    def _draw_ledger(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        series = self.info.get("series", [])
        chart = pygame.Rect(body.x, body.y + 4, body.width, 170)
        _chart(surface, chart, series)
        y = chart.bottom + 10
        text(surface, "Income by building (fees and rent)", (body.x, y))
        y += LINE + 2
        income = list(self.info.get("income", {}).items())[:6]
        top = max((v for _, v in income), default=1) or 1
        for name, amount in income:
            text(surface, clip(name, 200), (body.x, y), SLATE)
            bar_w = int((body.width - 270) * amount / top)
            pygame.draw.rect(surface, TEAL, (body.x + 210, y + 4, max(2, bar_w), LINE - 8))
            text(surface, str(amount), (body.x + 216 + bar_w, y))
            y += LINE
        y += 8
        text(surface, "Ledger", (body.x, y))
        y += LINE + 2
        for payer, payee, amount, reason, _place, seconds in reversed(self.info.get("ledger", [])[-5:]):
            clock = f"{seconds % 86400 // 3600:02d}:{seconds % 3600 // 60:02d}"
            line = f"{clock} {payer} -> {payee} {amount} ({reason})"
            text(surface, clip(line, body.width), (body.x, y), SLATE)
            y += LINE
        y += 8
        text(surface, "Mayor's record", (body.x, y))
        y += LINE + 2
        for r in reversed(self.info.get("record", [])[-4:]):
            line = f"{r['clock'][-5:]} {r['by']}: {r['result']}"
            if y + LINE > body.bottom:
                break
            text(surface, clip(line, body.width), (body.x, y), TEAL if r["ok"] else RED)
            y += LINE


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
    return font(16).size(words)[0]


def _chart(surface: pygame.Surface, rect: pygame.Rect, series: list[dict]) -> None:
    """Treasury (red) and the villagers' cash (blue) in coins, population (green) on its own scale."""
    pygame.draw.rect(surface, PAPER, rect)
    pygame.draw.rect(surface, SLATE, rect, 1)
    x = rect.x + 6
    for label, colour in (("treasury", RED), ("cash", BLUE), ("population", GREEN)):
        x += text(surface, label, (x, rect.y + 4), colour) + 12
    if len(series) < 2:
        text(surface, "the chart starts after the first game hour", (rect.x + 6, rect.y + 60), SLATE)
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
