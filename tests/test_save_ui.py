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
from game.ui.app import Game, open_window
from game.ui.overlays import ChoiceView
from game.ui.saves_view import Saver, SavesView, TitleView
from game.world.tilemap import TownMap


def key(game: Game, k: int) -> None:
    game.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))


def turn(game: Game, runner: Runner) -> None:
    runner.drain()
    game.update(0.0)
    game.draw()


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
    game = Game(screen, runner, Saver(runner, folder=tmp_path))
    turn(game, runner)
    yield game, runner, tmp_path
    pygame.quit()


def test_quicksave_and_quickload_from_the_keyboard(window) -> None:
    game, runner, folder = window
    key(game, pygame.K_F5)
    turn(game, runner)
    saved = read_save(slot_path(QUICK, folder))
    assert saved.meta["clock"] == str(runner.sim.now)
    assert saved.thumbnail is not None and saved.thumbnail.startswith(b"\x89PNG")
    assert any("Saved to quicksave" in t for t in game.toasts.texts())
    before = runner.sim
    runner.sim.run_steps(100)
    key(game, pygame.K_F9)
    turn(game, runner)
    assert game.saver.loaded and runner.sim is not before and runner.sim.clock.steps == 400


def test_the_slots_screen_saves_into_a_chosen_slot_and_asks_before_overwriting(window) -> None:
    game, runner, folder = window
    key(game, pygame.K_F5)
    turn(game, runner)
    key(game, pygame.K_F2)
    turn(game, runner)
    saves = game.stack.top
    assert isinstance(saves, SavesView)
    shot(game.screen, folder, "saves_screen.png")
    save_button = next(b for b in saves.buttons if b.key == "save")
    game.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=save_button.rect.center, button=1))
    turn(game, runner)
    assert read_save(slot_path("slot-1", folder)).meta["villagers"] == 6
    assert game.stack.top is game.town
    runner.sim.run_steps(30)
    key(game, pygame.K_F2)
    turn(game, runner)
    saves = game.stack.top
    shot(game.screen, folder, "saves_screen_used.png")
    save_button = next(b for b in saves.buttons if b.key == "save")
    game.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=save_button.rect.center, button=1))
    turn(game, runner)
    question = game.stack.top
    assert isinstance(question, ChoiceView) and "Slot 1" in question.title
    shot(game.screen, folder, "saves_overwrite.png")
    key(game, pygame.K_ESCAPE)  # Esc: cancel, the slot keeps the old town
    turn(game, runner)
    assert game.stack.top is saves and read_save(slot_path("slot-1", folder)).meta["clock"] != str(runner.sim.now)
    game.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=save_button.rect.center, button=1))
    turn(game, runner)
    key(game, pygame.K_RETURN)  # Enter: yes
    turn(game, runner)
    assert read_save(slot_path("slot-1", folder)).meta["clock"] == str(runner.sim.now)
    assert game.stack.top is game.town


def test_a_refused_load_shows_a_dialog_and_keeps_the_town(window) -> None:
    game, runner, folder = window
    slot_path(QUICK, folder).write_bytes(b"this is not a save")
    town = runner.sim
    key(game, pygame.K_F9)
    turn(game, runner)
    dialog = game.stack.top
    assert runner.sim is town and isinstance(dialog, ChoiceView)
    assert any(str(slot_path(QUICK, folder)) in line for line in dialog.lines)
    shot(game.screen, folder, "saves_refused.png")
    key(game, pygame.K_SPACE)  # any key closes the dialog, and only the dialog
    assert game.stack.top is game.town and runner.commands.empty()


def test_continue_at_start_loads_the_latest_save(window) -> None:
    game, runner, folder = window
    key(game, pygame.K_F5)
    turn(game, runner)
    runner.sim.run_steps(50)
    game.show_title(latest_save(folder), "1x")
    turn(game, runner)
    assert isinstance(game.stack.top, TitleView)
    shot(game.screen, folder, "continue_title.png")
    key(game, pygame.K_RETURN)
    turn(game, runner)
    assert game.saver.loaded and runner.sim.clock.steps == 400 and game.stack.top is game.town
