"""Render cost: frame time at 1280x720 with 25, 200 and 1000 villagers, against a floor measured in
the same run (the same sprites blitted onto a pre-rendered map, nothing else)."""

from __future__ import annotations

import os
import random
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame
from common import median, write

from game.sim.engine import DEFAULT_MAP
from game.sim.snapshot import Snapshot, VillagerView
from game.ui.assets import FRAME_H, FRAME_W, Art
from game.ui.renderer import Camera, TownRenderer
from game.world.tilemap import TILE, TownMap

FRAMES = 120


def snapshot(town: TownMap, n: int, view: pygame.Rect, rng: random.Random) -> Snapshot:
    tiles = [(x, y) for y in range(view.top // TILE, view.bottom // TILE) for x in range(view.left // TILE,
             view.right // TILE) if town.walkable(x, y)]
    villagers = []
    for i in range(n):
        x, y = rng.choice(tiles)
        villagers.append(VillagerView(i, f"V{i}", i % 16, (x, y), (x - 1, y), "right", True, "walking", "walk",
                                      "street", None, False, False))
    return Snapshot(1, 13 * 3600, "Day 1, 13:00", 1, 13.0, "1x", tuple(villagers), (), (), 0)


def main() -> None:
    pygame.init()
    screen = pygame.display.set_mode((1280, 720))
    town = TownMap(DEFAULT_MAP)
    art = Art()
    renderer = TownRenderer(str(DEFAULT_MAP), art, {n: s.rect for n, s in town.sectors.items()})
    cam = Camera(town.width * TILE / 2, town.height * TILE / 2, 2)
    left, top = cam.top_left(1280, 720)
    view = pygame.Rect(left, top, 640, 360)
    rng = random.Random(1)
    rows = []
    for n in (25, 200, 1000):
        snap = snapshot(town, n, view, rng)
        times = []
        for i in range(FRAMES):
            t0 = time.perf_counter()
            renderer.draw(screen, cam, snap, 0.5, i / 60)
            times.append(time.perf_counter() - t0)
        # Floor: a map pre-rendered at screen scale and the same sprites pre-scaled, one blits() call;
        # no depth sort, no roofs, no night tint, no interpolation.
        base = pygame.transform.scale(renderer.base.subsurface(view), (1280, 720)).convert()
        frames = [pygame.transform.scale(art.frame(v.sheet, v.facing, 1), (2 * FRAME_W, 2 * FRAME_H)).convert_alpha()
                  for v in snap.villagers]
        dests = [(2 * (v.tile[0] * TILE - left) - FRAME_W, 2 * (v.tile[1] * TILE - top) - 2 * FRAME_H)
                 for v in snap.villagers]
        floor = []
        for _ in range(FRAMES):
            t0 = time.perf_counter()
            screen.blit(base, (0, 0))
            screen.blits(list(zip(frames, dests, strict=True)), doreturn=False)
            floor.append(time.perf_counter() - t0)
        frame_ms = median(times) * 1000
        floor_ms = median(floor) * 1000
        rows.append({"villagers": n, "frame_ms": round(frame_ms, 3), "floor_ms": round(floor_ms, 3),
                     "ratio_to_floor": round(frame_ms / floor_ms, 2), "fps": round(1000 / frame_ms, 1)})
    write("render", {"size": "1280x720", "zoom": 2, "frames": FRAMES, "runs": rows})


if __name__ == "__main__":
    main()
