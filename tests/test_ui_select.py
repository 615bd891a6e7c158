"""Selecting a villager anywhere (Tab, the villager list, the town log, the minimap) brings the camera to
them and keeps following, even when they were far off screen (dummy video driver, posted events)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

from collections.abc import Iterator

import pygame
import pytest

from game.world.tilemap import TILE
from tests.test_ui_chat import Window, town
from tests.test_ui_keys import MORNING, press


@pytest.fixture(params=[(1280, 720), (800, 600)], ids=["1280x720", "800x600"])
def win(request: pytest.FixtureRequest) -> Iterator[Window]:
    window = Window(town(MORNING, overrides={"backend": "offline"}), size=request.param)
    yield window
    pygame.quit()


def far_corner(win: Window) -> None:
    """Put the camera where nobody is (the map's top-left corner) and stop following."""
    win.view.camera.x, win.view.camera.y = 0, 0
    win.view.follow = False
    win.frame(2)


def on_screen(win: Window, vid: int) -> bool:
    """On screen and not behind the villager panel."""
    v = win.sim.villagers[vid]
    sw, sh = win.screen.get_size()
    x, y = win.view.camera.world_to_screen(v.tile[0] * TILE + 8, v.tile[1] * TILE + 8, sw, sh)
    return 0 <= x < sw and 0 <= y < sh and not win.view.panel.contains((int(x), int(y)))


def test_tab_and_the_villager_list_bring_the_camera(win: Window) -> None:
    far_corner(win)
    assert not on_screen(win, 0)
    press(win, pygame.K_TAB)
    assert win.view.selected == 0 and win.view.follow and on_screen(win, 0)
    press(win, pygame.K_ESCAPE)
    far_corner(win)
    press(win, pygame.K_v)
    row, vid = next((r, v) for r, v in win.view.people.rows if not on_screen(win, v))
    win.click(row.center)
    assert win.view.selected == vid and win.view.follow and on_screen(win, vid)


def test_the_log_and_the_minimap_select_who_they_show(win: Window) -> None:
    far_corner(win)
    tomas = win.sim.villagers[1]
    win.sim.log("conversation", f"{tomas.name} told a long story about the harbour.", tomas.tile)
    win.frame(2)
    row = next(r for r, e in win.view.log.rows if tomas.name in e.text)
    win.click(row.center)
    assert win.view.selected == 1 and on_screen(win, 1)
    press(win, pygame.K_ESCAPE)
    far_corner(win)
    v = win.sim.villagers[2]
    inner = win.view.minimap.rect.inflate(-20, -20)
    sx = win.view.minimap.size[0] / win.view.minimap.world[0]
    sy = win.view.minimap.size[1] / win.view.minimap.world[1]
    dot = (inner.x + int((v.tile[0] + 0.5) * TILE * sx), inner.y + int((v.tile[1] + 0.5) * TILE * sy))
    near = win.view.minimap.villager_near(dot, win.view.snap)
    win.click(dot)
    assert win.view.selected == near and on_screen(win, near)
