"""The window: a loop of handle_input(), update(dt), draw(), reading snapshots from the runner thread."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pygame
import pygame_gui

from game import __version__
from game.clock import SPEED_ORDER
from game.resources import screenshots_dir
from game.sim.runner import Runner
from game.sim.snapshot import Snapshot, VillagerView
from game.ui.assets import FRAME_H, Art, font, nine_slice
from game.ui.mailbox import Mailbox
from game.ui.mayor_view import MayorMode
from game.ui.observer import EventLog, Minimap, VillagerList, draw_bubbles
from game.ui.renderer import Camera, TownRenderer
from game.ui.saves_view import SavesScreen, thumbnail
from game.ui.settings_view import SettingsView
from game.ui.villager_panel import VillagerPanel
from game.ui.widgets import focused_entry, forget_surfaces, make_ui_manager
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
    """The main view: the town, the HUD, the villager panel (chat and mind) and the observer's tools."""

    def __init__(self, screen: pygame.Surface, runner: Runner, zoom: int = 2) -> None:
        self.screen = screen
        self.runner = runner
        self.art = Art()
        sim = runner.sim
        sectors = {name: s.rect for name, s in sim.town.map.sectors.items()}
        self.renderer = TownRenderer(str(sim.town.map.path), self.art, sectors)
        self.map_version = sim.town.map.version
        # Open on someone who is up and about (at dawn most of the town still sleeps), else the plaza.
        early = next((v.tile for v in runner.latest.villagers if not v.asleep), None)
        plaza = next((s.tile for s in sim.town.map.spawns if s.kind == "plaza"), None)
        cx, cy = early or plaza or (sim.town.map.width // 2, sim.town.map.height // 2)
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
        self._icon_cache: dict[tuple[str, int], pygame.Surface] = {}
        self.ui = make_ui_manager(screen.get_size())
        self.mailbox = Mailbox(runner)
        self.panel = VillagerPanel(self.ui, self.mailbox, self.art)
        self.people = VillagerList(self.art)
        self.log = EventLog(self.art)
        self.minimap = Minimap(self.renderer.base, self.art)
        self.settings = SettingsView(self.ui, self.mailbox, self.art)
        self.mayor = MayorMode(self.ui, self.mailbox, self.art, runner)
        self.mayor.attach(self)
        self.saves: SavesScreen | None = None  # set by run_window: F5/F9/F2, the Continue title
        self.layout()

    # -- input ----------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        self.ui.process_events(event)
        if self.settings.shown:
            if event.type == pygame.QUIT:
                self.running = False
            self.settings.handle_event(event)
            return
        if self.saves is not None and self.saves.handle_event(event, self):
            return
        if self.mayor.handle_event(event, self):
            return
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            self.panel.handle_event(event, self.snap)
        elif focused_entry(self.ui) and event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT):
            # Typing: the town's keys stay quiet; Esc still closes the panel.
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.close_panel()
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self.dragging and self._dist(event.pos, self.drag_from) < 4:
                self.close_panel()
            self.dragging = False
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            dx, dy = event.rel
            self.camera.x -= dx / self.camera.zoom
            self.camera.y -= dy / self.camera.zoom
            self.follow = False
        elif event.type == pygame.MOUSEWHEEL:
            self._wheel(event)
        elif event.type == pygame.VIDEORESIZE:
            self.screen = pygame.display.get_surface()
            self.ui.set_window_resolution(self.screen.get_size())
            self.layout()

    def _click(self, pos: tuple[int, int]) -> None:
        for rect, speed in self.buttons:
            if rect.collidepoint(pos):
                self.runner.send("speed", speed=speed)
                return
        if self.panel.contains(pos):
            self.panel.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1), self.snap)
            if not self.panel.is_open:
                self.close_panel()
            return
        if self.people.contains(pos):
            vid = self.people.click(pos)
            if vid is not None:
                self.select(vid, self.panel.tab if self.panel.is_open else "mind")
            return
        if self.log.contains(pos):
            tile = self.log.click(pos)
            if tile is not None:
                self.look_at(tile[0] * TILE + TILE / 2, tile[1] * TILE + TILE / 2)
            return
        if self.minimap.contains(pos):
            point = self.minimap.world_point(pos)
            if point is not None:
                self.look_at(*point)
            return
        picked = self.villager_at(pos)
        if picked is not None:
            self.select(picked, "chat")
        else:
            self.dragging = True
            self.drag_from = pos

    def _wheel(self, event: pygame.event.Event) -> None:
        pos = pygame.mouse.get_pos()
        if self.panel.contains(pos):
            self.panel.handle_event(event, self.snap)
        elif self.people.contains(pos):
            self.people.scroll -= event.y
        elif self.log.contains(pos):
            self.log.scroll -= event.y
        else:
            self.set_zoom(self.camera.zoom + (1 if event.y > 0 else -1))

    def select(self, vid: int, tab: str = "chat") -> None:
        """Select a villager, follow them and open their panel (Chat holds them in place to talk)."""
        villager = next((v for v in self.snap.villagers if v.vid == vid), None)
        if villager is None:
            return
        self.selected = vid
        self.follow = True
        self.panel.open(villager, tab)
        self.layout()

    def close_panel(self) -> None:
        self.panel.close()
        self.selected = None
        self.follow = False
        self.layout()

    def look_at(self, wx: float, wy: float) -> None:
        self.camera.x, self.camera.y = wx, wy
        self.follow = False

    def layout(self) -> None:
        """Place the panels for the window size: villager panel on the right, log bottom-left, minimap beside."""
        sw, sh = self.screen.get_size()
        self.panel.layout(pygame.Rect(sw - 448, 8, 440, sh - 16))
        self.log.rect = pygame.Rect(8, sh - 200, min(470, sw // 2 - 160), 192)
        right = self.panel.rect.x - 8 if self.panel.is_open else sw - 8
        self.minimap.rect.bottomright = (right, sh - 8)
        self.people.rect = pygame.Rect(8, 84, 300, max(120, self.log.rect.y - 92 if self.log.shown else sh - 92))

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
        elif key == pygame.K_c and self.selected is not None:
            self.select(self.selected, "chat")
        elif key == pygame.K_i and self.selected is not None:
            self.select(self.selected, "mind")
        elif key == pygame.K_v:
            self.people.shown = not self.people.shown
        elif key == pygame.K_l:
            self.log.shown = not self.log.shown
            self.layout()
        elif key == pygame.K_m:
            self.minimap.shown = not self.minimap.shown
        elif key == pygame.K_o:
            self.close_panel()
            self.settings.open(self.screen.get_size())
        elif key in (pygame.K_h, pygame.K_F1):
            self.show_help = not self.show_help
        elif key == pygame.K_ESCAPE:
            if self.show_help:
                self.show_help = False
            elif self.selected is not None:
                self.close_panel()
            else:
                self.running = False
        elif key == pygame.K_F12:
            path = screenshots_dir() / f"tinytown-{int(time.time())}.png"
            path.parent.mkdir(exist_ok=True)
            pygame.image.save(self.screen, str(path))

    def cycle_selection(self, direction: int) -> None:
        count = len(self.snap.villagers)
        if not count:
            return
        current = -1 if self.selected is None else self.selected
        self.select((current + direction) % count, self.panel.tab if self.panel.is_open else "mind")

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
        self.mailbox.deliver()
        self.panel.update()
        self.settings.update()
        self.mayor.update(self)
        if self.saves is not None:
            self.saves.update(self)
        self.ui.update(dt)
        keys = pygame.key.get_pressed()
        dx = (keys[pygame.K_RIGHT] or keys[pygame.K_d]) - (keys[pygame.K_LEFT] or keys[pygame.K_a])
        dy = (keys[pygame.K_DOWN] or keys[pygame.K_s]) - (keys[pygame.K_UP] or keys[pygame.K_w])
        if focused_entry(self.ui) or self.settings.shown:
            dx = dy = 0
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
        said = self.panel.chat.speech() if self.panel.is_open and self.panel.tab == "chat" else {}
        draw_bubbles(self.screen, self.art, self.camera, self.visible, 22, said)
        self.mayor.draw_overlay(self.screen, self)
        self._draw_hud()
        mouse = pygame.mouse.get_pos()
        self.people.draw(self.screen, self.snap, self.selected)
        self.log.draw(self.screen, self.snap)
        self.minimap.draw(self.screen, self.snap, self.camera, self.selected)
        self._draw_object_tip(mouse)
        self.panel.draw(self.screen, self.snap, mouse)
        self.mayor.draw_hud(self.screen, self.snap, mouse)
        self.mayor.draw(self.screen, mouse)
        self.settings.draw(self.screen)
        self.ui.draw_ui(self.screen)
        if self.show_help:
            self._draw_help()
        if self.saves is not None:
            self.saves.draw(self.screen)

    def frame(self, dt: float) -> None:
        """One turn of the window loop: events, update, draw."""
        for event in pygame.event.get():
            self.handle_event(event)
        self.update(dt)
        self.draw()

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

    def _label_icon(self, name: str, size: int) -> pygame.Surface:
        """An action icon scaled for the labels, scaled once per icon and size rather than every frame."""
        key = (name, size)
        surf = self._icon_cache.get(key)
        if surf is None:
            surf = self._icon_cache[key] = pygame.transform.scale(self.art.icon(name), (size, size))
        return surf

    def _draw_labels(self) -> None:
        """Names with action icons over heads; a label that would cover another moves up or is left out,
        so a crowded cafe stays readable (the selected villager and speakers always keep theirs)."""
        sw, sh = self.screen.get_size()
        z = self.camera.zoom
        if z < 2 and len(self.visible) > 60:
            return
        many = len(self.visible) > 80

        def priority(item: tuple[VillagerView, float, float, pygame.Surface]) -> tuple[int, float]:
            v = item[0]
            return (0 if v.vid == self.selected else 1 if v.bubble or v.thinking else 2, -item[2])

        placed: list[pygame.Rect] = []
        for v, fx, fy, _frame in sorted(self.visible, key=priority):
            important = v.vid == self.selected or bool(v.bubble)
            if (many or v.asleep) and not important:
                continue
            x, y = self.camera.world_to_screen(fx, fy - FRAME_H, sw, sh)
            icon = self.art.icon(v.icon)
            label = self._name_surface(v.name.split()[0], GOLD if v.vid == self.selected else PAPER)
            big = self._label_icon(v.icon, 16 * max(1, z // 2)) if icon else None
            extra = big.get_width() + 2 if big is not None else 0
            lx = x - label.get_width() // 2
            ly = y - label.get_height() - 4
            rect = pygame.Rect(lx - extra, ly, label.get_width() + extra, label.get_height())
            for _ in range(2):
                if rect.collidelist(placed) < 0:
                    break
                rect.y -= label.get_height() + 2
            if rect.collidelist(placed) >= 0 and not important:
                continue
            placed.append(rect)
            if big is not None:
                self.screen.blit(big, (rect.x, rect.y + (label.get_height() - big.get_height()) // 2))
            self.screen.blit(label, (rect.x + extra, rect.y))

    def _panel(self, rect: pygame.Rect) -> None:
        self.screen.blit(nine_slice(self.art.panel, rect.size, 8, 2), rect.topleft)

    def _draw_hud(self) -> None:
        snap = self.snap
        bar = pygame.Rect(8, 8, 560, 90)
        self._panel(bar)
        f = font(16)
        clock = f.render(snap.clock, False, INK)
        self.screen.blit(clock, (bar.x + 16, bar.y + 14))
        self.screen.blit(f.render(snap.date, False, INK), (bar.x + 16, bar.y + 36))
        self.screen.blit(f.render(f"{len(snap.villagers)} villagers", False, INK), (bar.x + 16, bar.y + 58))
        self.buttons = []
        x = bar.x + 196
        for speed in SPEED_ORDER[:-1]:
            rect = pygame.Rect(x, bar.y + 16, 68, 36)
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

    def object_under(self, pos: tuple[int, int]) -> tuple[str, str] | None:
        """(object name, state) of the furniture under a screen point, e.g. ("bed", "occupied")."""
        sw, sh = self.screen.get_size()
        wx, wy = self.camera.screen_to_world(pos[0], pos[1], sw, sh)
        tx, ty = int(wx // TILE), int(wy // TILE)
        states = dict(self.snap.object_states)
        for obj in self.runner.sim.town.map.objects:  # static map data; states come from the snapshot
            if obj.rect.contains(tx, ty):
                return obj.name, states.get(obj.oid, "free")
        return None

    def _draw_object_tip(self, mouse: tuple[int, int]) -> None:
        if self.dragging or self.villager_at(mouse) is not None or any(
            part.contains(mouse) for part in (self.panel, self.people, self.log, self.minimap)
        ):
            return
        found = self.object_under(mouse)
        if found is None:
            return
        tip = self._name_surface(f"{found[0]}: {found[1]}", GOLD)
        self.screen.blit(tip, (mouse[0] + 14, mouse[1] + 10))

    def _draw_help(self) -> None:
        lines = [
            "Mouse: click a villager to talk with them; drag to pan; wheel to zoom",
            "Chat: type and press Enter to speak; Esc closes the panel (they go back to their day)",
            "Mind tab: plan, memories, relationships; search memories; whisper a thought",
            "Click the town log to look where it happened; click the minimap to go there",
            "Arrows / WASD: pan      + / - : zoom      Tab: next villager      F: follow",
            "C: chat with selected      I: their mind      V: villager list      L: log      M: minimap",
            "O: settings (model, endpoint, API key, connection test, speed, window)",
            "Space: pause      1-5: speed 1x 2x 4x 8x max      0: pause",
            "B: mayor mode (build on a lot, recruit, town ledger)",
            "F5: quicksave      F9: quickload      F2: save and load (slots, autosaves)",
            "R: roofs on/off      F12: screenshot      H / F1: this help      Esc: close / quit",
        ]
        sw, sh = self.screen.get_size()
        rect = pygame.Rect(0, 0, 840, 40 + 26 * len(lines))
        rect.center = (sw // 2, sh // 2)
        self._panel(rect)
        f = font(16)
        for i, line in enumerate(lines):
            self.screen.blit(f.render(line, False, INK), (rect.x + 20, rect.y + 20 + 26 * i))


def open_window(size: tuple[int, int] = WINDOW, fullscreen: bool = False) -> pygame.Surface:
    ensure_video_driver()
    # Display and fonts only: the game has no sound, and opening an audio device fails noisily
    # on machines without one.
    pygame.display.init()
    pygame.font.init()
    forget_surfaces()  # fonts and cached text from an earlier pygame.init() are dead now
    pygame.display.set_caption(f"Tinytown {__version__}")
    from game.resources import resource

    icon = resource("assets/ui/app_icon.png")
    if icon.exists():
        pygame.display.set_icon(pygame.image.load(str(icon)))
    if fullscreen:
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode(size, pygame.RESIZABLE)


def run_window(args: argparse.Namespace) -> int:
    from game.config import load_settings
    from game.save import slots
    from game.sim.replay import record
    from main import load_simulation, make_simulation

    sim = load_simulation(args) if args.load else make_simulation(args)
    recorder = record(sim) if args.record else None  # --record: this town, until quit or a load
    window = load_settings().window
    # The settings screen's choices, unless a flag asked for something else than its default.
    args.speed = window.speed if args.speed == "1x" else args.speed
    args.zoom = window.zoom if args.zoom == 2 else args.zoom
    screen = open_window((window.width, window.height), window.fullscreen)
    runner = Runner(sim, speed=args.speed)
    autosaver = slots.Autosaver()
    slots.install(runner, lambda town_map: make_simulation(args, town_map=town_map, cast=[]),
                  Path(args.map) if args.map else None, autosaver)
    view = TownView(screen, runner, zoom=args.zoom)
    saves = SavesScreen(view.art, runner, autosaver, continue_from=None if args.load else slots.latest_save(),
                        speed=args.speed)
    view.saves = saves
    runner.start()
    clock = pygame.time.Clock()
    try:
        while view.running:
            view.frame(clock.tick(60) / 1000.0)
            pygame.display.flip()
            if saves.loaded:  # another town was swapped in: a fresh view of it (map, panels, mayor)
                saves.loaded = False
                view = TownView(view.screen, runner, zoom=view.camera.zoom)
                view.saves = saves
    finally:
        runner.stop()
        if recorder is not None:
            recorder.save(args.record)
        autosaver.wait()
        if saves.continue_from is None:  # quitting at the title changes nothing
            slots.save_now(runner.sim, slots.next_autosave(), thumbnail(view.screen), "Autosave on quit")
        pygame.quit()
        pool = getattr(runner.sim.mind, "pool", None)
        if pool is not None:
            pool.close()  # queued model requests are dropped; one already on the wire may finish first
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
