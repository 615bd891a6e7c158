"""The window's saving: F5 quicksaves with a thumbnail, F9 quickloads, F2 opens the slots, a refused save
shows a dialog, and a "Continue" title appears when a save exists."""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from game.save import read_save
from game.save.slots import QUICK, Autosaver, install, latest_save, slot_path
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.sim.runner import Runner
from game.ui.app import TownView, open_window
from game.ui.saves_view import SavesScreen
from game.world.tilemap import TownMap


def key(view: TownView, k: int) -> None:
    view.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))


def turn(view: TownView, runner: Runner) -> None:
    runner.drain()
    view.update(0.0)
    view.draw()


def shot(screen: pygame.Surface, folder: Path, name: str) -> None:
    """Keep a picture of the screen beside the test's files, to look at."""
    pygame.image.save(screen, str(folder / name))


@pytest.fixture
def window(tmp_path: Path):
    screen = open_window()
    sim = Simulation(TownMap(DEFAULT_MAP), agents=6, mind=RoutineMind())
    sim.run_steps(400)
    runner = Runner(sim, speed="pause")
    install(runner, lambda m: Simulation(m, agents=0, cast=[], mind=RoutineMind()), autosaver=Autosaver(tmp_path))
    view = TownView(screen, runner)
    view.saves = SavesScreen(view.art, runner, folder=tmp_path)
    turn(view, runner)
    yield view, runner, tmp_path
    pygame.quit()


def test_quicksave_and_quickload_from_the_keyboard(window) -> None:
    view, runner, folder = window
    key(view, pygame.K_F5)
    turn(view, runner)
    saved = read_save(slot_path(QUICK, folder))
    assert saved.meta["clock"] == str(runner.sim.now)
    assert saved.thumbnail is not None and saved.thumbnail.startswith(b"\x89PNG")
    assert "Saved" in view.saves.status
    before = runner.sim
    runner.sim.run_steps(100)
    key(view, pygame.K_F9)
    turn(view, runner)
    assert view.saves.loaded and runner.sim is not before and runner.sim.clock.steps == 400


def test_the_slots_screen_saves_into_a_chosen_slot(window) -> None:
    view, runner, folder = window
    key(view, pygame.K_F5)
    turn(view, runner)
    key(view, pygame.K_F2)
    turn(view, runner)
    assert view.saves.open
    shot(view.screen, folder, "saves_screen.png")
    save_button = next(b for b in view.saves.buttons if b.key == "save")
    view.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=save_button.rect.center, button=1))
    turn(view, runner)
    assert read_save(slot_path("slot-1", folder)).meta["villagers"] == 6
    key(view, pygame.K_F2)
    turn(view, runner)
    shot(view.screen, folder, "saves_screen_used.png")


def test_a_refused_load_shows_a_dialog_and_keeps_the_town(window) -> None:
    view, runner, folder = window
    slot_path(QUICK, folder).write_bytes(b"this is not a save")
    town = runner.sim
    key(view, pygame.K_F9)
    turn(view, runner)
    assert runner.sim is town and str(slot_path(QUICK, folder)) in view.saves.notice
    shot(view.screen, folder, "saves_refused.png")
    key(view, pygame.K_SPACE)  # any key closes the dialog, and only the dialog
    assert view.saves.notice == "" and runner.commands.empty()


def test_continue_at_start_loads_the_latest_save(window) -> None:
    view, runner, folder = window
    key(view, pygame.K_F5)
    turn(view, runner)
    runner.sim.run_steps(50)
    title = SavesScreen(view.art, runner, folder=folder, continue_from=latest_save(folder))
    view.saves = title
    turn(view, runner)
    shot(view.screen, folder, "continue_title.png")
    key(view, pygame.K_RETURN)
    turn(view, runner)
    assert title.loaded and runner.sim.clock.steps == 400
