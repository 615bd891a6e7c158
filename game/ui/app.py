"""The window: a loop of events, update(dt), draw() over a stack of views, reading snapshots from the runner
thread and sending it commands."""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import pygame

from game import __version__
from game.resources import screenshots_dir
from game.save.slots import Slot
from game.sim.runner import Runner
from game.ui.assets import Art
from game.ui.hud import Hud
from game.ui.mailbox import Mailbox
from game.ui.mayor_view import MayorView
from game.ui.overlays import ChoiceView, HelpView, Toasts
from game.ui.saves_view import Saver, SavesView, TitleView, thumbnail
from game.ui.settings_view import SettingsView, brain_words
from game.ui.town_view import TownView
from game.ui.views import ViewStack
from game.ui.widgets import forget_surfaces, make_ui_manager
from game.world.tilemap import Rect

WINDOW = (1280, 720)
MIN_WINDOW = (800, 600)  # the smallest window the layout holds (tests/test_ui_layout.py)
#: Seconds a busy thread keeps the interpreter before another may take it (Python's default is 0.005).
#: The window gives it up in every drawing call that waits on SDL; with the simulation and model
#: threads busy, each give-up cost up to the full interval, several times a frame.
SWITCH_INTERVAL_S = 0.001
INFO_EVERY = 1.0  # real seconds between asks for the mayor's numbers (coins per day, lots, buildings)


def ensure_video_driver() -> None:
    """Use the dummy driver when there is no display (CI, headless servers)."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return
    if os.name == "posix" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        if not Path("/System").exists():  # not macOS
            os.environ["SDL_VIDEODRIVER"] = "dummy"


class Game:
    """One town in the window: its views on a stack, the HUD, toasts, and the commands to the runner."""

    def __init__(self, screen: pygame.Surface, runner: Runner, saver: Saver | None = None, zoom: int = 2,
                 toasts: Toasts | None = None, brain: str | None = None) -> None:
        self.screen = screen
        self.runner = runner
        self.art = Art()
        self.ui = make_ui_manager(screen.get_size())
        self.mailbox = Mailbox(runner)
        self.stack = ViewStack(self.ui)
        self.toasts = toasts or Toasts()
        self.saver = saver or Saver(runner)
        self.info: dict = {}
        self.stamped: set[str] = set()
        self._asked = -1e9
        self._waiting = False
        self._info_version = -1
        self._message = runner.latest.message
        self._resume_speed: str | None = None
        self.brain = brain  # what the villagers thought with when last looked (a change gets a toast)
        self.running = True
        self.mayor = MayorView(self)
        self.hud = Hud(self.art, lambda: int(self.info.get("day_income", 0)), lambda: self.mayor.open)
        self.town = TownView(self, zoom)
        self.town.on_select = self.mayor.close
        self.settings = SettingsView(self.ui, self.mailbox, self.art, self.stack, lambda: self.town.snap.model)
        self.stack.push(self.town)
        self.stack.fallback = self.on_global
        self.ask_info(now=True)

    # -- actions the town view passes up ---------------------------------------------------------
    def side_taken(self) -> bool:
        return self.mayor.open

    def on_action(self, action: str) -> bool:
        if action == "mayor":
            self.town.close_panel()
            self.mayor.show()
        elif action == "settings":
            self.open_settings()
        elif action == "saves":
            self.stack.push(SavesView(self.art, self.saver, self.screen, self.stack))
        elif action == "quicksave":
            self.saver.quicksave(self.screen)
        elif action == "quickload":
            self.saver.quickload()
        elif action == "help":
            self.open_help()
        else:
            return self.on_global(action)
        return True

    def on_global(self, action: str) -> bool:
        if action == "screenshot":
            path = screenshots_dir() / f"tinytown-{time.strftime('%Y%m%d-%H%M%S')}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(self.screen, str(path))
            self.toasts.add(f"Screenshot saved to {path}")
            return True
        return False

    def open_settings(self) -> None:
        self.town.close_panel()
        self.settings.open(self.screen.get_size())

    def open_help(self) -> None:
        help_view = HelpView(self.art, lambda: self.stack.pop(help_view))
        self.stack.push(help_view)

    def open_pause(self) -> None:
        """Esc on the town: the game waits under a menu (Resume, Save and load, Settings, Help, Quit)."""
        self._resume_speed = self.town.snap.speed
        self.runner.send("speed", speed="pause")

        def choose(key: str) -> None:
            self.stack.pop(menu)
            if self._resume_speed is not None:
                self.runner.send("speed", speed=self._resume_speed)
                self._resume_speed = None
            if key == "quit":
                self.running = False
            elif key in ("saves", "settings", "help"):
                self.on_action(key)

        menu = ChoiceView(self.art, "Paused", ["The town waits while this menu is open."],
                          [("saves", "Save and load (F2)"), ("settings", "Settings (O)"), ("help", "Keys (H)"),
                           ("quit", "Quit Tinytown"), ("resume", "Resume (Esc)")], choose)
        self.stack.push(menu)

    def show_title(self, slot: Slot, speed: str) -> None:
        """Continue the latest save or start anew; the town waits paused until the player chooses."""
        self.runner.send("speed", speed="pause")

        def done() -> None:
            self.stack.pop(title)
            self.runner.send("speed", speed=speed)

        title = TitleView(self.art, self.saver, slot, done)
        self.stack.push(title)

    def notice(self, title: str, words: str) -> None:
        """A dialog any key closes (a refused save, a damaged file)."""
        dialog = ChoiceView(self.art, title, [words], [("ok", "OK")], lambda _k: self.stack.pop(dialog),
                            any_key=True)
        self.stack.push(dialog)

    def after_load(self) -> Game:
        """Another town was swapped in: fresh views of it (map, panels, mayor), picking up where these were."""
        game = Game(self.screen, self.runner, self.saver, zoom=self.town.camera.zoom, toasts=self.toasts,
                    brain=self.brain)
        game.town.take_over(self.town)
        return game

    # -- mayor's numbers and new buildings -------------------------------------------------------
    def ask_info(self, now: bool = False) -> None:
        if now:
            self._asked = -1e9
        moment = time.perf_counter()
        version = self.town.snap.map_version
        if self._waiting or (moment - self._asked < INFO_EVERY and version == self._info_version):
            return
        self._asked = moment
        self._waiting = True
        self.mailbox.send("mayor_info", on_reply=lambda info: self._got_info(info, version))

    def _got_info(self, info: object, version: int) -> None:
        self._waiting = False
        if not isinstance(info, dict):
            return
        self.info = info
        self._info_version = version
        fresh = [b for b in info.get("built", []) if b["name"] not in self.stamped]
        for b in fresh:
            self.town.renderer.stamp(b["prefab"], Rect(*b["rect"]), b["name"], Rect(*b["sector"]))
            self.stamped.add(b["name"])
        if fresh:
            self.town.minimap.refresh(self.town.renderer.base)

    def draw_map_overlay(self, surface: pygame.Surface) -> None:
        self.mayor.draw_overlay(surface)

    # -- the loop ---------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.screen = pygame.display.get_surface() or self.screen  # the window is open: never None here
            self.ui.set_window_resolution(self.screen.get_size())
            self.town.relayout()
            return
        on_hud = event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and self.hud.contains(event.pos)
        if on_hud and not self.stack.top.modal:  # the HUD is above the town and mayor mode, below dialogs
            action = self.hud.click(event.pos) if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 else None
            if action == "mayor" and self.mayor.open:
                self.mayor.close()
            elif action is not None:
                self.town.on_action(action)
            return
        self.stack.dispatch(event)

    def update(self, dt: float) -> None:
        self.mailbox.deliver()
        self.ask_info()
        for ok, words in self.saver.update(self.screen):
            if ok:
                self.toasts.add(words)
            else:
                self.notice("That save cannot be used", words)
        message = self.town.snap.message
        if message and message != self._message:
            self.toasts.add(message, ok=False)
        self._message = message
        brain = brain_words(self.town.snap.model)
        if self.brain is not None and brain != self.brain:
            self.toasts.add(f"Villagers now think with {brain} (before: {self.brain}). O: settings")
        self.brain = brain
        self.stack.update(dt)
        self.ui.update(dt)

    def draw(self) -> None:
        self.stack.draw(self.screen)
        self.toasts.draw(self.screen, self.town.notes_area())

    def frame(self, dt: float) -> None:
        """One turn of the window loop: events, update, draw."""
        for event in pygame.event.get():
            self.handle_event(event)
        self.update(dt)
        self.draw()


def open_window(size: tuple[int, int] = WINDOW, fullscreen: bool = False) -> pygame.Surface:
    ensure_video_driver()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
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
    screen = pygame.display.set_mode(size, pygame.RESIZABLE)
    # The layout holds down to 800x600; smaller, the HUD's Mayor button was cut off (seen in a play test).
    with warnings.catch_warnings():  # pygame-ce says to draw through Window instead; only its size is set here
        warnings.simplefilter("ignore", DeprecationWarning)
        window = pygame.Window.from_display_module()
    window.minimum_size = (min(MIN_WINDOW[0], size[0]), min(MIN_WINDOW[1], size[1]))
    return screen


def run_window(args: argparse.Namespace) -> int:
    from game.config import load_settings
    from game.launch import load_simulation
    from game.save import slots
    from game.sim.replay import record
    from game.sim.setup import make_simulation

    sim = load_simulation(args) if args.load else make_simulation(args)
    recorder = record(sim) if args.record else None  # --record: this town, until quit or a load
    window = load_settings().window
    # The settings screen's choices, unless a flag asked for something else than its default.
    args.speed = window.speed if args.speed == "1x" else args.speed
    args.zoom = window.zoom if args.zoom == 2 else args.zoom
    size = tuple(args.size) if getattr(args, "size", None) else (window.width, window.height)
    screen = open_window(size, window.fullscreen and not getattr(args, "size", None))
    runner = Runner(sim, speed=args.speed)
    autosaver = slots.Autosaver()
    slots.install(runner, lambda town_map: make_simulation(args, town_map=town_map, cast=[]),
                  Path(args.map) if args.map else None, autosaver)
    saver = Saver(runner, autosaver)
    game = Game(screen, runner, saver, zoom=args.zoom)
    latest = None if args.load else slots.latest_save()
    if latest is not None:
        game.show_title(latest, args.speed)
    runner.start()
    clock = pygame.time.Clock()
    try:
        while game.running:
            game.frame(clock.tick(60) / 1000.0)
            pygame.display.flip()
            if saver.loaded:
                saver.loaded = False
                game = game.after_load()
    finally:
        runner.stop()
        if recorder is not None:
            recorder.save(args.record)
        autosaver.wait()
        if game.stack.find(TitleView) is None:  # quitting at the title changes nothing
            slots.save_now(runner.sim, slots.next_autosave(), thumbnail(game.screen), "Autosave on quit")
        pygame.quit()
        runner.sim.mind.close()  # queued model requests are dropped; one already on the wire may finish first
    return 0


def screenshot(args: argparse.Namespace) -> None:
    """Render the town as the window would after K steps, save a PNG and exit."""
    from game.sim.setup import make_simulation

    sim = make_simulation(args)
    sim.run_steps(args.after_steps)
    screen = open_window(tuple(args.size) if getattr(args, "size", None) else WINDOW)
    runner = Runner(sim, speed="pause")
    game = Game(screen, runner, zoom=args.zoom)
    runner.drain()
    game.update(0.0)
    game.draw()
    # Centre on the busiest spot so the picture shows villagers.
    if sim.villagers:
        xs = sorted(v.tile[0] for v in sim.villagers)
        ys = sorted(v.tile[1] for v in sim.villagers)
        game.town.camera.x = xs[len(xs) // 2] * 16
        game.town.camera.y = ys[len(ys) // 2] * 16
    runner.drain()
    game.update(0.0)
    game.draw()
    pygame.image.save(screen, args.screenshot)
    pygame.quit()
