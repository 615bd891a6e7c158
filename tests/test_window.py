"""The window as a player meets it: it opens, the town moves on the runner thread, a click selects,
keys pan, zoom and change speed, and a screenshot shows a real picture (dummy video driver)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

import subprocess
import sys
import threading
from pathlib import Path

import pygame

from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.sim.runner import Runner
from game.ui.app import Game, open_window
from game.world.tilemap import TILE, TownMap
from tests.test_ui_chat import Window, town

ROOT = Path(__file__).resolve().parent.parent


def _colours(surface: pygame.Surface) -> int:
    small = pygame.transform.scale(surface, (320, 180))
    return len({small.get_at((x, y))[:3] for x in range(0, 320, 2) for y in range(0, 180, 2)})


def test_the_town_runs_on_its_thread_while_the_window_draws_frames():
    sim = Simulation(TownMap(DEFAULT_MAP), agents=6, seed=1, mind=RoutineMind())
    screen = open_window((1280, 720))
    runner = Runner(sim, speed="max")
    game = Game(screen, runner, zoom=2)
    published = threading.Event()  # set once the runner has published a snapshot 50 steps on
    publish = runner.publish

    def publish_and_tell() -> None:
        publish()
        if runner.latest.step >= 50:
            published.set()

    runner.publish = publish_and_tell  # type: ignore[method-assign]
    runner.start()
    try:
        # Waiting for the step alone raced the publication that follows the runner's batch of steps.
        assert published.wait(30), "the simulation thread did not advance"
        for _ in range(5):
            game.frame(1 / 60)
        assert game.town.snap.step >= 1  # the window reads published snapshots
    finally:
        runner.stop()
    assert sim.clock.steps >= 50
    assert _colours(screen) > 40
    pygame.quit()


def test_a_posted_click_on_a_villager_selects_them_and_a_click_on_grass_does_not():
    win = Window(town(overrides={"backend": "offline"}))
    try:
        win.look_at(1)
        win.click(win.screen_pos(1))
        assert win.view.selected == 1
        win.key(pygame.K_ESCAPE)
        assert win.view.selected is None
        empty = next((x, y) for x in range(560, 800, 16) for y in range(200, 480, 16)
                     if win.view.villager_at((x, y)) is None)
        win.click(empty)
        assert win.view.selected is None
    finally:
        pygame.quit()


def test_keys_pan_zoom_and_set_the_speed():
    win = Window(town(overrides={"backend": "offline"}))
    try:
        x0, z0 = win.view.camera.x, win.view.camera.zoom
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_EQUALS, mod=0, unicode="=", scancode=0))
        win.frame(2)
        assert win.view.camera.zoom == min(4, z0 + 1)
        win.view.camera.x = x0
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0,
                                             precise_y=-1.0, touch=False, which=0))
        win.frame(2)
        assert win.view.camera.zoom == z0
        win.key(pygame.K_3)
        assert win.sim.clock.speed == "4x"
        win.key(pygame.K_SPACE)
        assert win.sim.clock.speed == "pause"
        win.key(pygame.K_SPACE)
        assert win.sim.clock.speed == "4x"
        # Dragging the map pans the camera by the mouse movement over the zoom.
        win.look_at(0)
        start = next((x, y) for x in range(560, 800, 16) for y in range(200, 480, 16)
                     if win.view.villager_at((x, y)) is None)
        end = (start[0] + 40, start[1])
        cam = win.view.camera.x
        win.game.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
        win.game.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=end, rel=(40, 0), buttons=(1, 0, 0)))
        win.game.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
        assert abs(win.view.camera.x - (cam - 40 / win.view.camera.zoom)) < 1e-6
    finally:
        pygame.quit()


def test_the_screenshot_command_writes_a_real_picture(tmp_path):
    out = tmp_path / "town.png"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    subprocess.run([sys.executable, "main.py", "--screenshot", str(out), "--after-steps", "400", "--agents", "8",
                    "--mind", "routine"], cwd=ROOT, env=env, check=True, capture_output=True)
    pygame.init()
    image = pygame.image.load(str(out))
    assert image.get_size() == (1280, 720)
    assert _colours(image) > 60, "the screenshot looks blank"
    pygame.quit()


def test_villagers_are_drawn_where_their_tiles_are():
    win = Window(town(overrides={"backend": "offline"}))
    try:
        v = win.sim.villagers[2]
        win.look_at(2)
        for view, fx, fy, _f in win.view.visible:
            if view.vid == 2:
                assert int(fx // TILE) == v.tile[0] and int((fy - 1) // TILE) == v.tile[1]
                break
        else:
            raise AssertionError("villager 2 is not drawn")
    finally:
        pygame.quit()


def test_hovering_furniture_shows_its_state():
    win = Window(town(steps=6, overrides={"backend": "offline"}))  # 06:01: most villagers are in bed
    try:
        sleeper = next(v for v in win.sim.villagers if v.use == "sleep" and v.using is not None)
        win.look_at(sleeper.vid)
        bed = win.sim.town.object(sleeper.using)
        tile = sleeper.tile
        pos = win.view.camera.world_to_screen(tile[0] * TILE + 8, tile[1] * TILE + 8, *win.screen.get_size())
        assert win.view.object_under(pos) == (bed.name, "occupied")
        free = next(o for o in win.sim.town.map.objects if not win.sim.town.users.get(o.oid))
        win.view.camera.x, win.view.camera.y = free.rect.x * TILE, free.rect.y * TILE
        pos = win.view.camera.world_to_screen(free.rect.x * TILE + 8, free.rect.y * TILE + 8, *win.screen.get_size())
        assert win.view.object_under(pos) == (free.name, "free")
    finally:
        pygame.quit()
