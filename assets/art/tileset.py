"""The published tile order, the tileset image and its Tiled .tsx description."""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from assets.art.buildings import (
    ROOF_EXTRA_PARTS,
    SIGN_BOARDS,
    awning,
    carpet,
    checker_floor,
    chimney,
    door,
    door_inner,
    office_floor,
    plank_floor,
    roof_extras,
    roof_set,
    rug,
    sign,
    stone_floor,
    tile_floor,
    wall_face,
    wall_inner_front,
    wall_inner_window,
    wall_top,
    wall_window,
)
from assets.art.draw import TileSheet, new_surface, px, split
from assets.art.furniture import (
    draw_barrel,
    draw_bathtub,
    draw_bed,
    draw_bench,
    draw_blackboard,
    draw_chair,
    draw_coffee_machine,
    draw_computer,
    draw_counter,
    draw_crate,
    draw_desk,
    draw_dining_table,
    draw_display_case,
    draw_fountain,
    draw_fridge,
    draw_goods,
    draw_lamp,
    draw_mat,
    draw_oven,
    draw_piano,
    draw_plant_pot,
    draw_register,
    draw_school_desk,
    draw_shelf_books,
    draw_sink,
    draw_sofa,
    draw_stool,
    draw_stove,
    draw_table,
    draw_table_round,
    draw_toilet,
    draw_treadmill,
    draw_tv,
    draw_wardrobe,
    draw_weights,
    furnish,
)
from assets.art.nature import (
    big_tree,
    bush,
    fence_h,
    fence_post,
    fence_v,
    flowerbed,
    hedge,
    lamp_post,
    mailbox,
    pine_tree,
    rock,
    sign_for_sale,
    small_tree,
    stump,
)
from assets.art.palette import CLOTH_BLUE, CLOTH_RED, DARKWOOD, HONEY, NIGHT, TILESET_COLUMNS
from assets.art.terrain import (
    crosswalk,
    dirt_tile,
    flowers_tile,
    grass_tile,
    notch_sets,
    path_tile,
    road_cross,
    road_line,
    road_tile,
    sand_tile,
    sidewalk,
    tuft_tile,
    water_tile,
)
from game.contracts import ROOF_COLOURS, ROOF_PARTS, TILE


def build_tileset() -> TileSheet:
    """Every tile, in the published order (new tiles are appended at the end)."""
    t = TileSheet()
    for i in range(4):
        t.add(f"grass_{i}", grass_tile(i))
    t.add("grass_flowers_0", flowers_tile(0))
    t.add("grass_flowers_1", flowers_tile(1))
    t.add("grass_tuft", tuft_tile())
    t.add("dirt_0", dirt_tile(0))
    t.add("dirt_1", dirt_tile(1))
    t.add("sand", sand_tile())
    for m in range(16):
        t.add(f"path_{m}", path_tile(m))
    for m in range(16):
        t.add(f"water_{m}", water_tile(m), collide=True)
    t.add("road", road_tile("road"))
    t.add("road_line_h", road_line(True))
    t.add("road_line_v", road_line(False))
    t.add("road_cross", road_cross())
    t.add("crosswalk_h", crosswalk(True))
    t.add("crosswalk_v", crosswalk(False))
    t.add("sidewalk", sidewalk())
    top, trunk_tile = small_tree()
    t.add("tree_top", top)
    t.add("tree_trunk", trunk_tile, collide=True)
    (tl, tr), (bl, br) = big_tree()
    t.add("tree_big_tl", tl)
    t.add("tree_big_tr", tr)
    t.add("tree_big_bl", bl, collide=True)
    t.add("tree_big_br", br, collide=True)
    top, trunk_tile = pine_tree()
    t.add("pine_top", top)
    t.add("pine_trunk", trunk_tile, collide=True)
    t.add("bush", bush(), collide=True)
    t.add("hedge", hedge(), collide=True)
    t.add("flowerbed_0", flowerbed(0))
    t.add("flowerbed_1", flowerbed(1))
    t.add("rock", rock(), collide=True)
    t.add("stump", stump(), collide=True)
    t.add("fence_h", fence_h(), collide=True)
    t.add("fence_v", fence_v(), collide=True)
    t.add("fence_post", fence_post(), collide=True)
    post, head = lamp_post()
    t.add("lamp_post", post, collide=True)
    t.add("lamp_post_top", head)
    t.add("mailbox", mailbox(), collide=True)
    t.add("sign_for_sale", sign_for_sale(), collide=True)
    t.add("wall_top", wall_top(), collide=True)
    for material in ("wood", "brick", "plaster"):
        t.add(f"wall_front_{material}", wall_face(material), collide=True)
    for material in ("wood", "brick", "plaster"):
        t.add(f"wall_window_{material}", wall_window(material), collide=True)
    for material in ("wood", "brick", "plaster"):
        t.add(f"door_{material}", door(material))
    t.add("door_inner", door_inner())
    for part in ("l", "c", "r"):
        t.add(f"awning_{part}", awning(part))
    for kind in SIGN_BOARDS:
        t.add(f"sign_{kind}", sign(kind), collide=True)
    for color in ROOF_COLOURS:
        pieces = roof_set(color)
        for part in ROOF_PARTS:
            t.add(f"roof_{color}_{part}", pieces[part])
    t.add("chimney", chimney())
    t.add("floor_wood", plank_floor(HONEY, "floor_wood"))
    t.add("floor_wood_dark", plank_floor(DARKWOOD, "floor_wood_dark"))
    t.add("floor_tile", tile_floor())
    t.add("floor_checker", checker_floor())
    t.add("floor_carpet_red", carpet(CLOTH_RED, "carpet_red"))
    t.add("floor_carpet_blue", carpet(CLOTH_BLUE, "carpet_blue"))
    t.add("floor_stone", stone_floor())
    t.add("floor_office", office_floor())
    t.add("rug", rug())
    (bed_top,), (bed_bottom,) = split(furnish(draw_bed, size=(16, 32)))
    t.add("bed_top", bed_top)
    t.add("bed_bottom", bed_bottom)
    t.add("chair", furnish(draw_chair))
    (sofa_l, sofa_r), = split(furnish(draw_sofa, size=(32, 16)))
    t.add("sofa_l", sofa_l)
    t.add("sofa_r", sofa_r)
    (bench_l, bench_r), = split(furnish(draw_bench, size=(32, 16)))
    t.add("bench_l", bench_l)
    t.add("bench_r", bench_r)
    t.add("stool", furnish(draw_stool))
    t.add("mat", furnish(draw_mat, shadows=[]))
    solid: list[tuple[str, Callable[[pygame.Surface], None]]] = [
        ("desk", draw_desk), ("computer", draw_computer), ("table", draw_table),
        ("table_round", draw_table_round), ("counter", draw_counter),
        ("counter_register", draw_register), ("stove", draw_stove), ("fridge", draw_fridge),
        ("sink", draw_sink), ("coffee_machine", draw_coffee_machine),
        ("shelf_books", draw_shelf_books), ("shelf_goods_0", draw_goods(0)),
        ("shelf_goods_1", draw_goods(1)), ("display_case", draw_display_case),
        ("tv", draw_tv), ("plant_pot", draw_plant_pot), ("lamp", draw_lamp),
        ("wardrobe", draw_wardrobe), ("bathtub", draw_bathtub), ("toilet", draw_toilet),
    ]
    for name, draw in solid:
        t.add(name, furnish(draw), collide=True)
    fountain = split(furnish(draw_fountain, size=(32, 32), shadows=[(17, 19, 15, 11)]))
    t.add("fountain_tl", fountain[0][0], collide=True)
    t.add("fountain_tr", fountain[0][1], collide=True)
    t.add("fountain_bl", fountain[1][0], collide=True)
    t.add("fountain_br", fountain[1][1], collide=True)
    more: list[tuple[str, Callable[[pygame.Surface], None]]] = [
        ("treadmill", draw_treadmill), ("weights", draw_weights), ("blackboard", draw_blackboard),
        ("school_desk", draw_school_desk), ("crate", draw_crate), ("barrel", draw_barrel),
        ("piano", draw_piano), ("oven", draw_oven), ("dining_table", draw_dining_table),
    ]
    for name, draw in more:
        t.add(name, furnish(draw), collide=True)
    # Extras beyond the contract: shadows a building casts on the ground to its
    # right (e) and below (s), for the floor layer.
    t.add("shadow_e", cast_shadow(0, 0, 2, 15))
    t.add("shadow_e_top", cast_shadow(0, 4, 2, 15))
    t.add("shadow_s", cast_shadow(0, 0, 15, 1))
    t.add("shadow_s_left", cast_shadow(3, 0, 15, 1))
    t.add("shadow_se", cast_shadow(0, 0, 2, 1))
    t.add("wall_inner_front", wall_inner_front(), collide=True)
    t.add("wall_inner_window", wall_inner_window(), collide=True)
    # 47-tile autotiles: the 16 masks above plus inner bends, ``<kind>_<mask>_n<notch>``.
    for m in range(16):
        for n in notch_sets(m):
            t.add(f"path_{m}_n{n}", path_tile(m, n))
    for m in range(16):
        for n in notch_sets(m):
            t.add(f"water_{m}_n{n}", water_tile(m, n), collide=True)
    for color in ("red", "blue", "green", "brown", "purple"):
        extras = roof_extras(color)
        for part in ROOF_EXTRA_PARTS:
            t.add(f"roof_{color}_{part}", extras[part])
    return t


def cast_shadow(x0: int, y0: int, x1: int, y1: int) -> pygame.Surface:
    """A translucent building shadow over pixels x0..x1, y0..y1 of a ground tile."""
    s = new_surface()
    for y in range(y0, y1 + 1):
        for x in range(x0, x1 + 1):
            px(s, x, y, (*NIGHT, 64))
    return s


def tileset_image(sheet: TileSheet) -> pygame.Surface:
    """All tiles on one image, 16 per row."""
    rows = math.ceil(len(sheet.tiles) / TILESET_COLUMNS)
    img = new_surface(TILESET_COLUMNS * TILE, rows * TILE)
    for i, t in enumerate(sheet.tiles):
        img.blit(t.image, ((i % TILESET_COLUMNS) * TILE, (i // TILESET_COLUMNS) * TILE))
    return img


def tsx_text(sheet: TileSheet, image: pygame.Surface) -> str:
    """A Tiled 1.10 external tileset naming every tile."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tileset version="1.10" tiledversion="1.10.2" name="town" tilewidth="{TILE}" '
        f'tileheight="{TILE}" tilecount="{len(sheet.tiles)}" columns="{TILESET_COLUMNS}">',
        f' <image source="../assets/tiles/town.png" width="{image.get_width()}" '
        f'height="{image.get_height()}"/>',
    ]
    for i, t in enumerate(sheet.tiles):
        lines.append(f' <tile id="{i}">')
        lines.append("  <properties>")
        if t.collide:
            lines.append('   <property name="collide" type="bool" value="true"/>')
        lines.append(f'   <property name="name" value="{t.name}"/>')
        lines.append("  </properties>")
        lines.append(" </tile>")
    lines.append("</tileset>")
    return "\n".join(lines) + "\n"


