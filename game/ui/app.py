"""The window: a loop of handle_input(), update(dt), draw(), reading snapshots from the runner thread."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pygame

from game import __version__
from game.clock import SPEED_ORDER
from game.sim.runner import Runner
from game.sim.snapshot import Snapshot, VillagerView
from game.ui.assets import FRAME_H, Art, font, nine_slice
from game.ui.renderer import Camera, TownRenderer
from game.world.tilemap import TILE

WINDOW = (1280, 720)
INK = (51, 60, 87)
PAPER = (244, 244, 244)
GOLD = (255, 205, 117)
PAN_SPEED = 600.0  # screen px per second


def ensure_video_driver() -> None:
    """Use the dummy driver when there is no display (CI, headless servers)."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return
    if os.name == "posix" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        if not Path("/System").exists():  # not macOS
            os.environ["SDL_VIDEODRIVER"] = "dummy"


class TownView:
    """The main view: the town, the HUD and the selected villager's card."""

    def __init__(self, screen: pygame.Surface, runner: Runner, zoom: int = 2) -> None:
        self.screen = screen
        self.runner = runner
        self.art = Art()
        sim = runner.sim
        sectors = {name: s.rect for name, s in sim.town.map.sectors.items()}
        self.renderer = TownRenderer(str(sim.town.map.path), self.art, sectors)
        self.map_version = sim.town.map.version
        plaza = next((s.tile for s in sim.town.map.spawns if s.kind == "plaza"), None)
        cx, cy = plaza if plaza else (sim.town.map.width // 2, sim.town.map.height // 2)
        self.camera = Camera(cx * TILE + TILE / 2, cy * TILE + TILE / 2, zoom)
        self.selected: int | None = None
        self.follow = False
        self.dragging = False
        self.drag_from = (0, 0)
        self.snap: Snapshot = runner.latest
        self.snap_time = time.perf_counter()
        self.visible: list[tuple[VillagerView, float, float, pygame.Surface]] = []
        self.buttons: list[tuple[pygame.Rect, str]] = []
        self.show_help = False
        self.running = True
        self._name_cache: dict[tuple[str, int], pygame.Surface] = {}

    # -- input ----------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, speed in self.buttons:
                if rect.collidepoint(event.pos):
                    self.runner.send("speed", speed=speed)
                    return
            picked = self.villager_at(event.pos)
            if picked is not None:
                self.selected = picked
                self.follow = True
            else:
                self.dragging = True
                self.drag_from = event.pos
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self.dragging and self._dist(event.pos, self.drag_from) < 4:
                self.selected = None
                self.follow = False
            self.dragging = False
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            dx, dy = event.rel
            self.camera.x -= dx / self.camera.zoom
            self.camera.y -= dy / self.camera.zoom
            self.follow = False
        elif event.type == pygame.MOUSEWHEEL:
            self.set_zoom(self.camera.zoom + (1 if event.y > 0 else -1))
        elif event.type == pygame.VIDEORESIZE:
            self.screen = pygame.display.get_surface()

    @staticmethod
    def _dist(a: tuple[int, int], b: tuple[int, int]) -> float:
        return abs(a[0] - b[0]) + abs(a[1] - b[1])

    def _key(self, event: pygame.event.Event) -> None:
        key = event.key
        if key == pygame.K_SPACE:
            self.runner.send("toggle_pause")
        elif pygame.K_1 <= key <= pygame.K_5:
            self.runner.send("speed", speed=SPEED_ORDER[1 + key - pygame.K_1])
        elif key == pygame.K_0:
            self.runner.send("speed", speed="pause")
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.set_zoom(self.camera.zoom + 1)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.set_zoom(self.camera.zoom - 1)
        elif key == pygame.K_r:
            self.renderer.show_roofs = not self.renderer.show_roofs
        elif key == pygame.K_f and self.selected is not None:
            self.follow = not self.follow
        elif key == pygame.K_TAB:
            self.cycle_selection(-1 if event.mod & pygame.KMOD_SHIFT else 1)
        elif key in (pygame.K_h, pygame.K_F1):
            self.show_help = not self.show_help
        elif key == pygame.K_ESCAPE:
            if self.show_help:
                self.show_help = False
            elif self.selected is not None:
                self.selected = None
                self.follow = False
            else:
                self.running = False
        elif key == pygame.K_F12:
            path = Path("screenshots") / f"tinytown-{int(time.time())}.png"
            path.parent.mkdir(exist_ok=True)
            pygame.image.save(self.screen, str(path))

    def cycle_selection(self, direction: int) -> None:
        count = len(self.snap.villagers)
        if not count:
            return
        current = -1 if self.selected is None else self.selected
        self.selected = (current + direction) % count
        self.follow = True

    def set_zoom(self, zoom: int) -> None:
        self.camera.zoom = max(1, min(4, zoom))

    def villager_at(self, pos: tuple[int, int]) -> int | None:
        """The villager drawn under a screen point (the front-most one)."""
        sw, sh = self.screen.get_size()
        wx, wy = self.camera.screen_to_world(pos[0], pos[1], sw, sh)
        best = None
        for v, fx, fy, _frame in self.visible:
            if fx - 8 <= wx < fx + 8 and fy - FRAME_H <= wy < fy + 2:
                best = v.vid  # later entries are drawn in front
        return best

    # -- update/draw ------------------------------------------------------------
    def update(self, dt: float) -> None:
        snap = self.runner.latest
        if snap is not self.snap:
            self.snap = snap
            self.snap_time = time.perf_counter()
        keys = pygame.key.get_pressed()
        dx = (keys[pygame.K_RIGHT] or keys[pygame.K_d]) - (keys[pygame.K_LEFT] or keys[pygame.K_a])
        dy = (keys[pygame.K_DOWN] or keys[pygame.K_s]) - (keys[pygame.K_UP] or keys[pygame.K_w])
        if dx or dy:
            self.camera.x += dx * PAN_SPEED * dt / self.camera.zoom
            self.camera.y += dy * PAN_SPEED * dt / self.camera.zoom
            self.follow = False
        if self.follow and self.selected is not None:
            for v, fx, fy, _f in self.visible:
                if v.vid == self.selected:
                    self.camera.x += (fx - self.camera.x) * min(1.0, dt * 6)
                    self.camera.y += (fy - 8 - self.camera.y) * min(1.0, dt * 6)
        sw, sh = self.screen.get_size()
        half_w, half_h = sw / (2 * self.camera.zoom), sh / (2 * self.camera.zoom)
        self.camera.x = min(max(self.camera.x, half_w), max(half_w, self.renderer.width - half_w))
        self.camera.y = min(max(self.camera.y, half_h), max(half_h, self.renderer.height - half_h))

    def interpolation(self) -> float:
        rate = {"1x": 4.0, "2x": 8.0, "4x": 16.0, "8x": 32.0}.get(self.snap.speed)
        if rate is None:
            return 1.0
        return min(1.0, (time.perf_counter() - self.snap_time) * rate)

    def draw(self) -> None:
        t = time.perf_counter()
        self.visible = self.renderer.draw(self.screen, self.camera, self.snap, self.interpolation(), t, self.selected)
        self._draw_labels()
        self._draw_hud()
        if self.selected is not None:
            self._draw_card()
        if self.show_help:
            self._draw_help()

    def _name_surface(self, text: str, colour: tuple[int, int, int]) -> pygame.Surface:
        key = (text, colour[0])
        surf = self._name_cache.get(key)
        if surf is None:
            f = font(16)
            body = f.render(text, False, colour)
            surf = pygame.Surface((body.get_width() + 8, body.get_height() + 2), pygame.SRCALPHA)
            surf.fill((26, 28, 44, 170))
            surf.blit(body, (4, 1))
            self._name_cache[key] = surf
        return surf

    def _draw_labels(self) -> None:
        sw, sh = self.screen.get_size()
        z = self.camera.zoom
        if z < 2 and len(self.visible) > 60:
            return
        many = len(self.visible) > 80
        for v, fx, fy, _frame in self.visible:
            if many and v.vid != self.selected:
                continue
            x, y = self.camera.world_to_screen(fx, fy - FRAME_H, sw, sh)
            icon = self.art.icon(v.icon)
            label = self._name_surface(v.name.split()[0], GOLD if v.vid == self.selected else PAPER)
            lx = x - label.get_width() // 2
            ly = y - label.get_height() - 4
            if icon is not None:
                big = pygame.transform.scale(icon, (16 * max(1, z // 2), 16 * max(1, z // 2)))
                self.screen.blit(big, (lx - big.get_width() - 2, ly + (label.get_height() - big.get_height()) // 2))
            self.screen.blit(label, (lx, ly))

    def _panel(self, rect: pygame.Rect) -> None:
        self.screen.blit(nine_slice(self.art.panel, rect.size, 8, 2), rect.topleft)

    def _draw_hud(self) -> None:
        snap = self.snap
        bar = pygame.Rect(8, 8, 560, 56)
        self._panel(bar)
        f = font(16)
        clock = f.render(snap.clock, False, INK)
        self.screen.blit(clock, (bar.x + 16, bar.y + 12))
        self.screen.blit(font(16).render(f"{len(snap.villagers)} villagers", False, INK), (bar.x + 16, bar.y + 30))
        self.buttons = []
        x = bar.x + 196
        for speed in SPEED_ORDER[:-1]:
            rect = pygame.Rect(x, bar.y + 12, 68, 32)
            active = snap.speed == speed
            img = self.art.button_pressed if active else self.art.button
            self.screen.blit(nine_slice(img, rect.size, 4, 2), rect.topleft)
            label = "II" if speed == "pause" else speed
            text = f.render(label, False, INK)
            self.screen.blit(text, text.get_rect(center=(rect.centerx, rect.centery + (2 if active else 0))))
            self.buttons.append((rect, speed))
            x += 72
        if snap.message:
            msg = f.render(snap.message, False, PAPER)
            self.screen.blit(msg, (bar.x, bar.bottom + 8))

    def _draw_card(self) -> None:
        v = next((v for v in self.snap.villagers if v.vid == self.selected), None)
        if v is None:
            return
        _sw, sh = self.screen.get_size()
        rect = pygame.Rect(8, sh - 128, 460, 120)
        self._panel(rect)
        portrait = self.art.portrait(v.sheet, 4)
        self.screen.blit(portrait, (rect.x + 16, rect.y + 24))
        f = font(16)
        x = rect.x + 96
        self.screen.blit(f.render(v.name, False, INK), (x, rect.y + 16))
        icon = self.art.icon(v.icon)
        if icon is not None:
            self.screen.blit(pygame.transform.scale(icon, (32, 32)), (x, rect.y + 40))
        self.screen.blit(f.render(_clip(v.action, 34), False, INK), (x + 40, rect.y + 44))
        self.screen.blit(f.render(_clip(f"at {v.place}", 38), False, (86, 108, 134)), (x, rect.y + 80))

    def _draw_help(self) -> None:
        lines = [
            "Mouse: click a villager to select and follow; drag to pan; wheel to zoom",
            "Arrows / WASD: pan      + / - : zoom      Tab: next villager      F: follow",
            "Space: pause      1-5: speed 1x 2x 4x 8x max      0: pause",
            "R: roofs on/off      F12: screenshot      H / F1: this help      Esc: close / quit",
        ]
        sw, sh = self.screen.get_size()
        rect = pygame.Rect(0, 0, 760, 40 + 26 * len(lines))
        rect.center = (sw // 2, sh // 2)
        self._panel(rect)
        f = font(16)
        for i, line in enumerate(lines):
            self.screen.blit(f.render(line, False, INK), (rect.x + 20, rect.y + 20 + 26 * i))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def open_window(size: tuple[int, int] = WINDOW) -> pygame.Surface:
    ensure_video_driver()
    pygame.init()
    pygame.display.set_caption(f"Tinytown {__version__}")
    from game.paths import resource

    icon = resource("assets/ui/app_icon.png")
    if icon.exists():
        pygame.display.set_icon(pygame.image.load(str(icon)))
    return pygame.display.set_mode(size, pygame.RESIZABLE)


def run_window(args: argparse.Namespace) -> int:
    from main import make_simulation

    sim = make_simulation(args)
    screen = open_window()
    runner = Runner(sim, speed=args.speed)
    view = TownView(screen, runner, zoom=args.zoom)
    runner.start()
    clock = pygame.time.Clock()
    try:
        while view.running:
            dt = clock.tick(60) / 1000.0
            for event in pygame.event.get():
                view.handle_event(event)
            view.update(dt)
            view.draw()
            pygame.display.flip()
    finally:
        runner.stop()
        pygame.quit()
    return 0


def screenshot(args: argparse.Namespace) -> None:
    """Render the town as the window would after K steps, save a PNG and exit."""
    from main import make_simulation

    sim = make_simulation(args)
    sim.run_steps(args.after_steps)
    screen = open_window()
    runner = Runner(sim, speed="pause")
    view = TownView(screen, runner, zoom=args.zoom)
    view.update(0.0)
    view.draw()
    # Centre on the busiest spot so the picture shows villagers.
    if sim.villagers:
        xs = sorted(v.tile[0] for v in sim.villagers)
        ys = sorted(v.tile[1] for v in sim.villagers)
        view.camera.x = xs[len(xs) // 2] * TILE
        view.camera.y = ys[len(ys) // 2] * TILE
        view.update(0.0)
    view.draw()
    pygame.image.save(screen, args.screenshot)
    pygame.quit()
