"""The replay window: plays a recorded run (no model, no simulation) at x1-x32 with pause and a time
scrubber; click a villager to see what they were doing. Reuses the town renderer and the bubbles."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pygame

from game.clock import SPEEDS
from game.resources import resource
from game.sim.replay import Replay, ReplayError
from game.sim.snapshot import Snapshot, VillagerView
from game.ui.app import WINDOW, ensure_video_driver, open_window
from game.ui.assets import Art
from game.ui.observer import draw_bubbles
from game.ui.renderer import Camera, TownRenderer, villager_under
from game.ui.widgets import GOLD, INK, NIGHT, PAPER, PLUM, SLATE, TEAL, bar, clip, panel, text, wrap
from game.world.tilemap import TILE, Rect, TownMap

RATES = (1, 2, 4, 8, 16, 32)  # replay speed: multiples of the game's 1x
BASE_RATE = SPEEDS["1x"]  # steps per real second at x1
PAN = 600.0


class ReplayView:
    """State (step, speed, pause, selection) plus input, update and draw for one loaded replay."""

    def __init__(self, screen: pygame.Surface, replay: Replay, zoom: int = 2) -> None:
        self.screen = screen
        self.replay = replay
        self.art = Art()
        map_path = Path(replay.map_path)
        if not map_path.is_file():  # recorded on another machine: the game's own map of that name
            map_path = resource(f"maps/{map_path.name}")
        if not map_path.is_file():
            raise ReplayError(f"{replay.path}: its map {replay.map_path} is missing")
        self.town_map = TownMap(map_path)
        self.stamped = 0
        self.renderer = self._renderer()
        self.position = 0.0  # fractional step: frames between steps interpolate the walk
        self.rate = 1
        self.playing = True
        self.selected: int | None = None
        self.scrubbing = False
        self.running = True
        self.visible: list[tuple[VillagerView, float, float, pygame.Surface]] = []
        self.snap: Snapshot = replay.snapshot(0)
        self._snap_step = 0
        awake = [v.tile for v in self.snap.villagers if not v.asleep] + [v.tile for v in self.snap.villagers]
        early = awake[0] if awake else (self.town_map.width // 2, self.town_map.height // 2)
        self.camera = Camera(early[0] * TILE + TILE / 2, early[1] * TILE + TILE / 2, zoom)

    def _renderer(self) -> TownRenderer:
        self.stamped = 0
        sectors = {name: s.rect for name, s in self.town_map.sectors.items()}
        return TownRenderer(str(self.town_map.path), self.art, sectors)

    def _stamp_to(self, step: int) -> None:
        """Buildings the mayor placed up to this step are drawn; going back before one redraws the map."""
        built = self.replay.built_until(step)
        if len(built) < self.stamped:
            self.renderer = self._renderer()
        for b in built[self.stamped:]:
            prefab = Path(b["prefab"])
            if not prefab.is_file():  # recorded on another machine: the game's own prefab of that name
                prefab = resource(f"maps/prefabs/{prefab.name}")
            if prefab.is_file():
                self.renderer.stamp(str(prefab), Rect(*b["rect"]), b["name"], Rect(*b["sector"]))
        self.stamped = len(built)

    # -- input --------------------------------------------------------------------------------------
    @property
    def scrubber(self) -> pygame.Rect:
        sw, sh = self.screen.get_size()
        return pygame.Rect(16, sh - 36, sw - 32, 20)

    def seek(self, step: float) -> None:
        self.position = max(0.0, min(float(self.replay.steps), step))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.scrubber.inflate(0, 12).collidepoint(event.pos):
                self.scrubbing = True
                self._scrub(event.pos[0])
            else:
                self.selected = self.villager_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.scrubbing = False
        elif event.type == pygame.MOUSEMOTION:
            if self.scrubbing:
                self._scrub(event.pos[0])
            elif event.buttons[2] or event.buttons[1]:
                self.camera.x -= event.rel[0] / self.camera.zoom
                self.camera.y -= event.rel[1] / self.camera.zoom
        elif event.type == pygame.MOUSEWHEEL:
            self.camera.zoom = max(1, min(4, self.camera.zoom + (1 if event.y > 0 else -1)))

    def _scrub(self, x: int) -> None:
        r = self.scrubber
        self.seek((x - r.x) / max(1, r.width) * self.replay.steps)

    def _key(self, event: pygame.event.Event) -> None:
        key = event.key
        hour = 360  # steps in a game hour
        if key == pygame.K_SPACE:
            self.playing = not self.playing
        elif pygame.K_1 <= key <= pygame.K_6:
            self.rate = RATES[key - pygame.K_1]
        elif key in (pygame.K_RIGHTBRACKET, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.rate = RATES[min(len(RATES) - 1, RATES.index(self.rate) + 1)]
        elif key in (pygame.K_LEFTBRACKET, pygame.K_MINUS, pygame.K_KP_MINUS):
            self.rate = RATES[max(0, RATES.index(self.rate) - 1)]
        elif key == pygame.K_RIGHT:
            self.seek(int(self.position) + (hour if event.mod & pygame.KMOD_SHIFT else 6))
        elif key == pygame.K_LEFT:
            self.seek(int(self.position) - (hour if event.mod & pygame.KMOD_SHIFT else 6))
        elif key == pygame.K_HOME:
            self.seek(0)
        elif key == pygame.K_END:
            self.seek(self.replay.steps)
        elif key == pygame.K_TAB and self.snap.villagers:
            self.selected = ((self.selected if self.selected is not None else -1) + 1) % len(self.snap.villagers)
        elif key == pygame.K_ESCAPE:
            if self.selected is not None:
                self.selected = None
            else:
                self.running = False

    def villager_at(self, pos: tuple[int, int]) -> int | None:
        """The villager drawn under a screen point (the front-most one)."""
        return villager_under(self.camera, self.screen.get_size(), self.visible, pos)

    # -- update and draw ------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.playing and not self.scrubbing:
            self.seek(self.position + dt * BASE_RATE * self.rate)
            if self.position >= self.replay.steps:
                self.playing = False
        step = int(self.position)
        if step != self._snap_step:
            self.snap = self.replay.snapshot(step, "pause" if not self.playing else f"x{self.rate}")
            self._snap_step = step
            self._stamp_to(step)
        keys = pygame.key.get_pressed()
        dx = keys[pygame.K_d] - keys[pygame.K_a]
        dy = keys[pygame.K_s] - keys[pygame.K_w]
        self.camera.x += dx * PAN * dt / self.camera.zoom
        self.camera.y += dy * PAN * dt / self.camera.zoom
        if self.selected is not None and self.selected < len(self.snap.villagers):
            tx, ty = self.snap.villagers[self.selected].tile  # follow them, on screen or not
            self.camera.x += (tx * TILE + TILE / 2 - self.camera.x) * min(1.0, dt * 6)
            self.camera.y += (ty * TILE - self.camera.y) * min(1.0, dt * 6)
        sw, sh = self.screen.get_size()
        half_w, half_h = sw / (2 * self.camera.zoom), sh / (2 * self.camera.zoom)
        self.camera.x = min(max(self.camera.x, half_w), max(half_w, self.renderer.width - half_w))
        self.camera.y = min(max(self.camera.y, half_h), max(half_h, self.renderer.height - half_h))

    def draw(self) -> None:
        frac = self.position - int(self.position) if self.playing else 1.0
        self.visible = self.renderer.draw(self.screen, self.camera, self.snap, frac, time.perf_counter(),
                                          self.selected)
        draw_bubbles(self.screen, self.art, self.camera, self.visible, 22)
        self._draw_hud()
        if self.selected is not None and self.selected < len(self.snap.villagers):
            self._draw_inspector(self.snap.villagers[self.selected])

    def frame(self, dt: float) -> None:
        for event in pygame.event.get():
            self.handle_event(event)
        self.update(dt)
        self.draw()

    def _draw_hud(self) -> None:
        sw, sh = self.screen.get_size()
        box = pygame.Rect(8, 8, 540, 56)
        panel(self.screen, self.art, box)
        state = "paused" if not self.playing else f"x{self.rate}"
        text(self.screen, f"Replay  {self.snap.clock}  {state}", (box.x + 14, box.y + 6), INK)
        text(self.screen, "Space pause  1-6 speed  arrows seek  Tab villager", (box.x + 14, box.y + 28), SLATE)
        strip = pygame.Rect(0, sh - 48, sw, 48)
        self.screen.fill(NIGHT, strip)
        r = self.scrubber
        bar(self.screen, r, self.position / max(1, self.replay.steps), TEAL)
        for step, event in self.replay.events:
            if event[1] in ("whisper", "announce", "build", "recruit"):
                x = r.x + int(step / max(1, self.replay.steps) * r.width)
                pygame.draw.line(self.screen, GOLD, (x, r.y - 4), (x, r.bottom + 2), 2)

    def _draw_inspector(self, v: VillagerView) -> None:
        sw, _sh = self.screen.get_size()
        box = pygame.Rect(sw - 368, 8, 360, 300)
        panel(self.screen, self.art, box)
        x, y = box.x + 16, box.y + 12
        text(self.screen, v.name, (x, y), PLUM)
        y += 26
        doing = "asleep" if v.asleep else v.action
        for line in wrap(f"Doing: {doing}", box.width - 32)[:2] + wrap(f"At: {v.place}", box.width - 32)[:2]:
            text(self.screen, line, (x, y), INK)
            y += 20
        mind = self.replay.notes.get("minds", {}).get(v.name)
        if isinstance(mind, dict):
            model = f", {mind['model']}" if mind.get("model") else ""
            about = (f"Mind: {mind.get('plan_system')} plan, {mind.get('memory_system')} memory, reflection "
                     f"{'on' if mind.get('reflection') else 'off'}{model}")
            for line in wrap(about, box.width - 32)[:2]:
                text(self.screen, line, (x, y), SLATE)
                y += 20
        if v.bubble:
            for line in wrap(f"Saying: \"{v.bubble}\"", box.width - 32)[:3]:
                text(self.screen, line, (x, y), TEAL)
                y += 20
        y += 6
        text(self.screen, "Lately:", (x, y), SLATE)
        y += 22
        first = v.name.split()[0]
        lately = [e for e in self.snap.events if first in e.text][-5:]
        for e in reversed(lately):
            if y > box.bottom - 24:
                break
            text(self.screen, clip(f"{e.time} {e.text}", box.width - 32), (x, y), INK)
            y += 20
        if not lately:
            text(self.screen, "(nothing logged yet)", (x, y), PAPER)


def run_replay(args: argparse.Namespace) -> int:
    """--replay FILE: open the window and play the log until the window is closed."""
    replay = Replay(args.replay)
    ensure_video_driver()
    screen = open_window(WINDOW)
    view = ReplayView(screen, replay, zoom=args.zoom)
    clock = pygame.time.Clock()
    try:
        while view.running:
            view.frame(clock.tick(60) / 1000.0)
            pygame.display.flip()
    finally:
        pygame.quit()
    return 0
