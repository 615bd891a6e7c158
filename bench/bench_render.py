"""Render cost: frame time at 1280x720 with 25, 200 and 1000 villagers, against a floor measured in
the same run (the same sprites blitted onto a pre-rendered map, nothing else); then the city
(maps/city.tmx) with 25, 1,000 and 5,000 villagers spread over its streets and buildings, a new
snapshot every 4 frames (the runner's pace at high speed), median and p99 frame time against 25."""

from __future__ import annotations

import os
import random
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame
from common import median, write

from game.resources import resource
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
    write("render", {"size": "1280x720", "zoom": 2, "frames": FRAMES, "runs": rows, "city": city_runs(screen, art)})


def city_runs(screen: pygame.Surface, art: Art) -> list[dict]:
    path = resource("maps/city.tmx")
    city = TownMap(path)
    renderer = TownRenderer(str(path), art, {n: s.rect for n, s in city.sectors.items()})
    cam = Camera(city.width * TILE / 2, city.height * TILE / 2, 2)
    everywhere = pygame.Rect(0, 0, city.width * TILE, city.height * TILE)
    rng = random.Random(2)
    rows: list[dict] = []
    for n in (25, 1000, 5000):
        snaps = [snapshot(city, n, everywhere, random.Random(rng.random())) for _ in range(4)]
        times, cpu = [], []
        for i in range(FRAMES * 2):
            t0, c0 = time.perf_counter(), time.thread_time()
            renderer.draw(screen, cam, snaps[(i // 4) % 4], (i % 4) / 4, i / 60)
            times.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        times.sort()
        cpu.sort()
        # The shared machine preempts the process now and then: the wall p99 measures the load as much as the
        # frame, so the p99 of the thread's CPU time is reported beside it.
        rows.append({"villagers": n, "frame_ms": round(median(times) * 1000, 3),
                     "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 3),
                     "cpu_p99_ms": round(cpu[int(len(cpu) * 0.99)] * 1000, 3)})
    for row in rows:
        row["ratio_to_25"] = round(row["frame_ms"] / rows[0]["frame_ms"], 2)
        row["cpu_p99_ratio_to_25"] = round(row["cpu_p99_ms"] / rows[0]["cpu_p99_ms"], 2)
    return rows


if __name__ == "__main__":
    main()
