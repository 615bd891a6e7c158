"""The window with a crowd: the minimap turns thousands of dots into a density map, and the renderer draws
only the villagers on screen and lifts roofs over the ones inside; the villager list filters as the player
types in its search field, which keeps every key while it has focus."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from pathlib import Path

import pygame
import pytest

from game.sim.engine import DEFAULT_MAP
from game.sim.snapshot import Snapshot, VillagerView
from game.ui.assets import Art
from game.ui.observer import DOTS_UP_TO, Minimap
from game.ui.renderer import Camera, TownRenderer
from game.world.tilemap import TILE, TownMap


@pytest.fixture(scope="module")
def screen() -> pygame.Surface:
    pygame.init()
    return pygame.display.set_mode((640, 360))


def crowd(tiles: list[tuple[int, int]]) -> Snapshot:
    views = tuple(VillagerView(i, f"V{i}", i % 16, t, t, "down", False, "standing", "idle", "street", None, False,
                               False) for i, t in enumerate(tiles))
    return Snapshot(1, 13 * 3600, "Day 1, 13:00", 1, 13.0, "1x", views, (), (), 0)


def test_a_crowd_on_the_minimap_is_a_density_map_deepest_where_most_stand(screen: pygame.Surface) -> None:
    town = TownMap(DEFAULT_MAP)
    base = pygame.Surface((town.width * TILE, town.height * TILE))
    minimap = Minimap(base, Art())
    minimap.place(pygame.Rect(0, 0, 300, 240))
    packed, sparse = (20, 20), (100, 70)
    snap = crowd([packed] * (DOTS_UP_TO + 50) + [sparse])
    image = minimap.density(snap)
    sx, sy = image.get_width() / base.get_width(), image.get_height() / base.get_height()

    def at(tile: tuple[int, int]) -> pygame.Color:
        return image.get_at((int((tile[0] + 0.5) * TILE * sx), int((tile[1] + 0.5) * TILE * sy)))

    assert at(packed).a == 255 and at(packed).g < 20  # full, deep red
    assert 0 < at(sparse).a < at(packed).a and at(sparse).g > at(packed).g  # one villager: faint and light
    assert at((60, 40)).a == 0  # nobody there
    assert minimap.density(snap) is image  # one map per snapshot, not per frame
    minimap.draw(screen, snap, Camera(0, 0, 2), selected=len(snap.villagers) - 1)


def test_villagers_off_screen_are_not_drawn_and_a_roof_lifts_over_one_inside(screen: pygame.Surface) -> None:
    town = TownMap(DEFAULT_MAP)
    renderer = TownRenderer(str(DEFAULT_MAP), Art(), {n: s.rect for n, s in town.sectors.items()})
    cam = Camera(town.width * TILE / 2, town.height * TILE / 2, 2)
    left, top = cam.top_left(*screen.get_size())
    home = next(s for s in town.sectors.values() if s.name in renderer.roofs)
    inside = (home.rect.x + 1, home.rect.y + 1)
    on_screen = ((left + 100) // TILE, (top + 100) // TILE)
    far = (1, 1) if left > 100 else (town.width - 2, town.height - 2)
    snap = crowd([on_screen, far, inside])
    drawn = renderer.draw(screen, cam, snap, 0.0, 0.0)
    assert [v.vid for v, *_ in drawn] == [0]
    assert renderer._occupied_sectors(snap) == {home.name}


def test_the_villager_list_filters_as_the_player_types_and_keys_stay_in_its_field(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_ui_chat import Window, town
    from tests.test_ui_keys import MORNING, press, sweep

    monkeypatch.setenv("TINYTOWN_HOME", str(tmp_path))
    monkeypatch.setenv("TINYTOWN_SETTINGS", str(tmp_path / "settings.json"))
    win = Window(town(MORNING, overrides={"backend": "offline"}))
    try:
        win.frame(2)
        press(win, pygame.K_v)
        people = win.view.people
        assert people.shown and people.search is not None and people.search.visible
        sweep(win, people.search, tmp_path)  # every hotkey types into the field, none fires
        wanted = win.sim.villagers[2]
        people.search.set_text("")
        win.click(people.search.rect.center)
        win.type(wanted.persona.first_name.lower(), enter=False)
        win.frame(2)
        shown = [vid for _row, vid in people.rows]
        assert wanted.vid in shown and len(shown) < len(win.sim.villagers)
        query = wanted.persona.first_name.lower()
        views = {v.vid: v for v in win.view.snap.villagers}
        assert all(query in f"{views[vid].name} {views[vid].action} {views[vid].place}".lower() for vid in shown)
        press(win, pygame.K_ESCAPE)
        assert win.game.stack.typing() is None and win.game.stack.top is win.view  # Esc left the field, no pause
        win.click(people.rows[shown.index(wanted.vid)][0].center)
        assert win.view.selected == wanted.vid
    finally:
        pygame.quit()
