"""Mayor mode in the window (dummy video driver): open it, build on a lot by clicking, recruit, read the ledger."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # before pygame starts: no window needed

from pathlib import Path

import pygame

from game.sim.engine import RoutineMind, Simulation
from game.sim.runner import Runner
from game.ui.app import Game, open_window
from game.world.tilemap import TILE


def settle(view: Game, runner: Runner, rounds: int = 3) -> None:
    """Let commands reach the simulation and replies come back, as the two threads would."""
    for _ in range(rounds):
        runner.drain()
        runner.publish()
        view.frame(0.016)


def click(view: Game, pos: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    view.frame(0.016)


def test_the_player_builds_and_recruits_through_mayor_mode(tmp_path: Path) -> None:
    screen = open_window((1280, 720))
    try:
        sim = Simulation(agents=4, seed=1, mind=RoutineMind())
        runner = Runner(sim, speed="pause")
        view = Game(screen, runner, zoom=1)
        view.frame(0.016)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_b, mod=0, unicode="b", scancode=0))
        settle(view, runner)  # the office's numbers and lots come back from the simulation thread
        mayor = view.mayor
        assert mayor.open and mayor.rows
        sim.components["economy"].treasury = 800
        view.ask_info(now=True)
        settle(view, runner)
        dear = max(mayor.catalog.types.values(), key=lambda b: b.cost)
        assert dear.cost > mayor.treasury == view.town.snap.treasury == 800  # not affordable: not picked up
        click(view, next(rect for rect, kind in mayor.rows if kind == dear.kind).center)
        assert mayor.choice is None and mayor.message == f"Not yet: {dear.label} costs 1,000 coins and the treasury " \
            "has 800.", mayor.message
        # The row picked last in the list stays in view though the message the pick brings takes rows.
        last_rect, last_kind = max(((r, k) for r, k in mayor.rows if mayor.catalog.types[k].cost <= 800),
                                   key=lambda rk: rk[0].y)
        click(view, last_rect.center)
        view.frame(0.016)
        assert mayor.choice == last_kind and last_kind in [k for _, k in mayor.rows], (last_kind, mayor.rows)
        click(view, next(r for r, k in mayor.rows if k == last_kind).center)  # picked again: put down
        assert mayor.choice is None
        park_row = next(rect for rect, kind in mayor.rows if kind == "park")
        click(view, park_row.center)
        assert mayor.choice == "park"
        free = sim.town.map.free_lots()[0]
        lot = free.rect
        view.town.camera.x, view.town.camera.y = (lot.x + lot.w / 2) * TILE, (lot.y + lot.h / 2) * TILE
        view.frame(0.016)
        sw, sh = screen.get_size()
        click(view, view.town.camera.world_to_screen((lot.x + 3) * TILE, (lot.y + 3) * TILE, sw, sh))
        treasury = sim.components["economy"].treasury
        settle(view, runner)
        park = next(s for s in sim.town.map.sectors.values() if s.lot == (free.col, free.row))
        assert park.building_type == "park"
        assert sim.components["economy"].treasury == treasury - mayor.catalog.types["park"].cost
        assert park.name in view.stamped, "the renderer drew the new building"
        assert park.name in mayor.message

        tab = next(b for b in mayor.buttons if b.key == "tab:recruit")
        click(view, tab.rect.center)
        assert mayor.tab == "recruit"
        mayor.entries["name"].set_text("Ann Lee")
        mayor.entries["bio"].set_text("A potter from the hills.")
        mayor.entries["goal"].set_text("teach a pottery class")
        button = next(b for b in mayor.buttons if b.key == "recruit")
        if mayor.home is None:  # no home chosen yet: said so, and said no more once one is chosen
            click(view, button.rect.center)
            assert mayor.message == "Not done: choose a home with a free bed first"
        flat = sim.town.map.sectors_of("apartment")[0].name
        home_row = next(rect for rect, name in mayor.home_rows if name == flat)
        click(view, home_row.center)
        assert not mayor.message.startswith("Not done"), mayor.message
        view.frame(0.016)
        button = next(b for b in mayor.buttons if b.key == "recruit")  # the message moved the form
        click(view, button.rect.center)
        settle(view, runner)
        assert sim.villager_named("Ann Lee") is not None and "Ann Lee" in mayor.message, mayor.message
        assert mayor.entries["name"].is_focused  # ready for the next newcomer's name

        mayor.entries["name"].set_text("Ann Lee")
        mayor.entries["bio"].set_text("Another Ann.")
        mayor.entries["goal"].set_text("be confusing")
        view.frame(0.016)
        button = next(b for b in mayor.buttons if b.key == "recruit")
        click(view, button.rect.center)
        settle(view, runner)
        assert mayor.message.startswith("Not done") and "already lives" in mayor.message
        assert len(sim.villagers) == 5

        tab = next(b for b in mayor.buttons if b.key == "tab:ledger")
        click(view, tab.rect.center)
        view.draw()
        shot = tmp_path / "mayor.png"
        pygame.image.save(screen, str(shot))
        assert pygame.image.load(str(shot)).get_size() == (1280, 720)
    finally:
        pygame.quit()
