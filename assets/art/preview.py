"""Preview pictures: a contact sheet of every tile and a composed street scene."""

from __future__ import annotations

import math
from pathlib import Path

import pygame

from assets.art.draw import TileSheet, ellipse, new_surface, rect, rng_for
from assets.art.palette import GRASS, INK, NIGHT, SAND, SWEETIE16, WHITE, mix
from assets.art.terrain import NOTCH_CORNERS
from assets.art.villagers import FRAME_H, FRAME_W
from game.contracts import TILE, TILE_LAYERS

PREVIEW_BG = mix(INK, NIGHT, 0.3)


def contact_sheet(sheet: TileSheet, villagers: list[pygame.Surface],
                  icons: dict[str, pygame.Surface], font_path: Path) -> pygame.Surface:
    """Every tile with its name, every villager sheet at 2×, every icon."""
    font = pygame.font.Font(str(font_path), 8)
    cols, cell_w, cell_h = 11, 108, 46
    tile_rows = math.ceil(len(sheet.tiles) / cols)
    vill_w = 64 * 2 + 8
    vill_cols = (cols * cell_w) // vill_w
    vill_rows = math.ceil(len(villagers) / vill_cols)
    height = 24 + tile_rows * cell_h + 24 + vill_rows * (96 * 2 + 20) + 24 + 60
    out = pygame.Surface((cols * cell_w + 16, height))
    out.fill(PREVIEW_BG)
    text = mix(SAND, WHITE, 0.6)
    out.blit(font.render("Tinytown tileset (town.png / town.tsx), 2x. Yellow names collide. Palette:",
                         False, text), (8, 8))
    for i, c in enumerate(SWEETIE16):
        rect(out, 470 + i * 18, 6, 16, 12, c)
    y0 = 24
    for i, t in enumerate(sheet.tiles):
        x = 8 + (i % cols) * cell_w
        y = y0 + (i // cols) * cell_h
        rect(out, x + (cell_w - 36) // 2, y, 36, 36, mix(GRASS[3], INK, 0.55))
        out.blit(pygame.transform.scale(t.image, (32, 32)), (x + (cell_w - 32) // 2, y + 2))
        label = font.render(t.name, False, SAND if t.collide else text)
        out.blit(label, (x + (cell_w - label.get_width()) // 2, y + 36))
    y0 += tile_rows * cell_h + 8
    out.blit(font.render("Villagers (rows down/left/right/up; idle, step, pass, step), 2x",
                         False, text), (8, y0))
    y0 += 16
    for i, v in enumerate(villagers):
        x = 8 + (i % vill_cols) * vill_w
        y = y0 + (i // vill_cols) * (96 * 2 + 20)
        rect(out, x - 2, y - 2, 132, 196, mix(GRASS[3], INK, 0.3))
        out.blit(pygame.transform.scale(v, (128, 192)), (x, y))
        out.blit(font.render(f"villager_{i:02d}", False, text), (x, y + 194))
    y0 += vill_rows * (96 * 2 + 20) + 8
    out.blit(font.render("Icons, 2x", False, text), (8, y0))
    y0 += 14
    for i, (name, im) in enumerate(icons.items()):
        x = 8 + i * 56
        out.blit(pygame.transform.scale(im, (32, 32)), (x + 8, y0))
        label = font.render(name, False, text)
        out.blit(label, (x + 24 - label.get_width() // 2, y0 + 34))
    return out


SCENE_W, SCENE_H = 40, 24


class Scene:
    """A hand-built patch of town on the map's layers, to judge the tiles in use."""

    def __init__(self, sheet: TileSheet) -> None:
        self.sheet = sheet
        self.layers: dict[str, dict[tuple[int, int], str]] = {name: {} for name in TILE_LAYERS}
        self.people: list[tuple[int, int, pygame.Surface]] = []

    def put(self, layer: str, x: int, y: int, name: str) -> None:
        """Place one tile."""
        self.sheet.image(name)
        self.layers[layer][(x, y)] = name

    def fill(self, layer: str, x0: int, y0: int, x1: int, y1: int, name: str) -> None:
        """Place a tile on every cell of an inclusive rectangle."""
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                self.put(layer, x, y, name)

    def terrain(self, cells: set[tuple[int, int]], prefix: str) -> None:
        """Autotile a set of cells by their 4-neighbour mask, notching inner bends."""
        for x, y in cells:
            mask = sum(bit for bit, (dx, dy) in ((1, (0, -1)), (2, (1, 0)), (4, (0, 1)), (8, (-1, 0)))
                       if (x + dx, y + dy) in cells)
            notch = sum(bit for (bit, a, b), (dx, dy) in zip(NOTCH_CORNERS,
                                                             ((1, -1), (1, 1), (-1, 1), (-1, -1)), strict=True)
                        if mask & a and mask & b and (x + dx, y + dy) not in cells)
            self.put("ground", x, y, f"{prefix}_{mask}_n{notch}" if notch else f"{prefix}_{mask}")

    def roof(self, x0: int, y0: int, x1: int, y1: int, color: str) -> None:
        """A 9-part roof over an inclusive rectangle."""
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                v = "t" if y == y0 else "b" if y == y1 else ""
                h = "l" if x == x0 else "r" if x == x1 else ""
                part = (v + h) or "c"
                if part in ("tc", "bc"):
                    part = v
                self.put("roofs", x, y, f"roof_{color}_{part}")

    def building_shadow(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """Shadow tiles to the right of and below a building's inclusive cells."""
        self.put("floor", x1 + 1, y0, "shadow_e_top")
        for y in range(y0 + 1, y1 + 1):
            self.put("floor", x1 + 1, y, "shadow_e")
        self.put("floor", x0, y1 + 1, "shadow_s_left")
        for x in range(x0 + 1, x1 + 1):
            self.put("floor", x, y1 + 1, "shadow_s")
        self.put("floor", x1 + 1, y1 + 1, "shadow_se")

    def tree(self, x: int, y: int) -> None:
        """A small tree whose trunk stands on (x, y)."""
        self.put("walls", x, y, "tree_trunk")
        self.put("above", x, y - 1, "tree_top")

    def big_tree(self, x: int, y: int) -> None:
        """A 2×2 tree whose trunk row starts at (x, y)."""
        self.put("walls", x, y, "tree_big_bl")
        self.put("walls", x + 1, y, "tree_big_br")
        self.put("above", x, y - 1, "tree_big_tl")
        self.put("above", x + 1, y - 1, "tree_big_tr")

    def pine(self, x: int, y: int) -> None:
        """A pine whose trunk stands on (x, y)."""
        self.put("walls", x, y, "pine_trunk")
        self.put("above", x, y - 1, "pine_top")

    def person(self, x: int, y: int, sheet: pygame.Surface, direction: int, frame: int) -> None:
        """A villager standing on tile (x, y)."""
        img = new_surface(FRAME_W, FRAME_H)
        img.blit(sheet, (0, 0), pygame.Rect(frame * FRAME_W, direction * FRAME_H, FRAME_W, FRAME_H))
        self.people.append((x, y, img))

    def render(self) -> pygame.Surface:
        """Draw the layers bottom to top with the villagers between furniture and above."""
        out = pygame.Surface((SCENE_W * TILE, SCENE_H * TILE))
        out.fill(GRASS[3])
        for layer in TILE_LAYERS:
            if layer == "above":
                shadow = new_surface(12, 4)
                ellipse(shadow, 6, 2, 6, 2, (*NIGHT, 90))
                for x, y, img in sorted(self.people, key=lambda p: p[1]):
                    out.blit(shadow, (x * TILE + 2, y * TILE + 12))
                    out.blit(img, (x * TILE, y * TILE + TILE - FRAME_H))
            for (x, y), name in sorted(self.layers[layer].items(), key=lambda kv: (kv[0][1], kv[0][0])):
                out.blit(self.sheet.image(name), (x * TILE, y * TILE))
        return out


def compose_scene(sheet: TileSheet, villagers: list[pygame.Surface]) -> pygame.Surface:
    """Grass, a path, a pond, a cafe, a house and a cut-away home, at 2×."""
    sc = Scene(sheet)
    rng = rng_for("scene")
    for y in range(SCENE_H):
        for x in range(SCENE_W):
            r = rng.random()
            name = ("grass_0" if r < 0.45 else "grass_1" if r < 0.65 else "grass_2" if r < 0.8
                    else "grass_3" if r < 0.9 else "grass_tuft" if r < 0.94
                    else "grass_flowers_0" if r < 0.97 else "grass_flowers_1")
            sc.put("ground", x, y, name)
    path = {(x, y) for x in range(0, 40) for y in (14, 15)}
    path |= {(7, 13), (14, 13), (31, 13)} | {(x, y) for x in (30, 31) for y in range(9, 14)}
    sc.terrain(path, "path")
    pond = {(x, y) for x in range(33, 39) for y in range(3, 8)} - {(33, 3), (38, 7), (33, 7)}
    pond |= {(34, 8), (35, 8), (36, 8)}
    sc.terrain(pond, "water")
    sc.fill("ground", 0, 19, 39, 19, "sidewalk")
    sc.fill("ground", 0, 22, 39, 22, "sidewalk")
    sc.fill("ground", 0, 20, 39, 21, "road")
    for x in range(0, 40, 2):
        sc.put("ground", x, 20, "road_line_h")
    sc.fill("ground", 17, 20, 17, 21, "crosswalk_h")
    sc.fill("ground", 0, 23, 39, 23, "grass_0")

    # The cafe: brick, red roof, awning and sign.
    sc.roof(1, 5, 10, 10, "red")
    sc.building_shadow(1, 5, 10, 12)
    sc.put("above", 8, 5, "chimney")
    sc.fill("walls", 1, 11, 10, 12, "wall_front_brick")
    for x in (2, 4, 8, 9):
        sc.put("walls", x, 12, "wall_window_brick")
    for x in (2, 5, 9):
        sc.put("walls", x, 11, "wall_window_brick")
    sc.put("walls", 7, 12, "door_brick")
    sc.put("above", 3, 12, "awning_l")
    sc.put("above", 4, 12, "awning_c")
    sc.put("above", 5, 12, "awning_r")
    sc.put("furniture", 6, 13, "sign_cafe")
    sc.put("furniture", 2, 13, "table_round")
    sc.put("furniture", 3, 13, "chair")
    sc.put("furniture", 9, 13, "plant_pot")

    # A house with a blue roof and a picket garden.
    sc.roof(12, 6, 16, 10, "blue")
    sc.building_shadow(12, 6, 16, 11)
    sc.put("above", 15, 6, "chimney")
    sc.fill("walls", 12, 11, 16, 11, "wall_front_plaster")
    sc.put("walls", 12, 11, "wall_window_plaster")
    sc.put("walls", 16, 11, "wall_window_plaster")
    sc.put("walls", 14, 11, "door_plaster")
    sc.put("furniture", 13, 12, "mailbox")
    sc.put("ground", 15, 12, "flowerbed_0")
    sc.put("ground", 16, 12, "flowerbed_1")
    for x in (11, 17):
        sc.put("walls", x, 12, "fence_post")
    sc.fill("walls", 11, 7, 11, 11, "fence_v")
    sc.put("walls", 11, 6, "fence_post")
    sc.put("furniture", 17, 13, "sign_home")

    # A home seen with its roof lifted: two rooms.
    sc.building_shadow(18, 2, 29, 11)
    sc.fill("floor", 19, 3, 23, 10, "floor_wood")
    sc.fill("floor", 25, 3, 28, 10, "floor_tile")
    sc.fill("walls", 18, 2, 29, 2, "wall_top")
    sc.fill("walls", 18, 2, 18, 11, "wall_top")
    sc.fill("walls", 29, 2, 29, 11, "wall_top")
    sc.fill("walls", 24, 2, 24, 10, "wall_top")
    sc.put("walls", 24, 7, "door_inner")
    sc.fill("walls", 19, 11, 28, 11, "wall_front_wood")
    sc.put("walls", 20, 11, "wall_window_wood")
    sc.put("walls", 27, 11, "wall_window_wood")
    sc.put("walls", 22, 11, "door_wood")
    sc.put("walls", 25, 11, "wall_window_wood")
    sc.put("furniture", 19, 3, "bed_top")
    sc.put("furniture", 19, 4, "bed_bottom")
    sc.put("furniture", 20, 3, "lamp")
    sc.put("furniture", 21, 3, "wardrobe")
    sc.put("furniture", 23, 3, "shelf_books")
    sc.put("floor", 21, 6, "rug")
    sc.put("furniture", 19, 8, "sofa_l")
    sc.put("furniture", 20, 8, "sofa_r")
    sc.put("furniture", 20, 10, "tv")
    sc.put("furniture", 23, 9, "plant_pot")
    sc.put("furniture", 25, 3, "fridge")
    sc.put("furniture", 26, 3, "stove")
    sc.put("furniture", 27, 3, "sink")
    sc.put("furniture", 28, 3, "counter")
    sc.put("furniture", 26, 7, "table_round")
    sc.put("furniture", 27, 7, "chair")
    sc.put("furniture", 28, 10, "coffee_machine")

    # Park corner: fountain, bench, trees, lamps.
    for x, y in ((32, 11), (33, 11), (32, 12), (33, 12)):
        sc.put("ground", x, y, "floor_stone")
    sc.put("walls", 32, 11, "fountain_tl")
    sc.put("walls", 33, 11, "fountain_tr")
    sc.put("walls", 32, 12, "fountain_bl")
    sc.put("walls", 33, 12, "fountain_br")
    sc.put("furniture", 35, 12, "bench_l")
    sc.put("furniture", 36, 12, "bench_r")
    sc.put("furniture", 29, 13, "sign_park")
    for x in (11, 26, 38):
        sc.put("walls", x, 16, "lamp_post")
        sc.put("above", x, 15, "lamp_post_top")
    for x, y in ((0, 3), (37, 10)):
        sc.big_tree(x, y)
    for x, y in ((3, 2), (16, 3), (31, 4), (38, 17)):
        sc.tree(x, y)
    for x, y in ((6, 2), (9, 3), (12, 2), (1, 17)):
        sc.pine(x, y)
    for x, y in ((10, 17), (33, 17), (25, 17)):
        sc.put("walls", x, y, "bush")
    sc.fill("walls", 19, 17, 23, 17, "hedge")
    sc.put("walls", 28, 17, "rock")
    sc.put("walls", 14, 17, "stump")
    sc.put("furniture", 4, 17, "bench_l")
    sc.put("furniture", 5, 17, "bench_r")
    sc.put("furniture", 7, 17, "barrel")
    sc.put("furniture", 8, 17, "crate")
    sc.put("furniture", 0, 12, "sign_for_sale")

    people = [(5, 15, 0, 0, 1), (8, 14, 3, 1, 1), (14, 16, 1, 2, 0), (21, 5, 4, 0, 0),
              (26, 8, 5, 2, 2), (33, 14, 6, 0, 0), (36, 13, 7, 3, 0), (16, 19, 8, 1, 3),
              (24, 15, 9, 2, 1), (3, 13, 10, 0, 0), (30, 11, 11, 0, 2), (12, 15, 12, 3, 1)]
    for x, y, who, direction, frame in people:
        sc.person(x, y, villagers[who % len(villagers)], direction, frame)
    return pygame.transform.scale_by(sc.render(), 2)


