"""The generated art honours the contract: tile names, flags, sheets, icons, font."""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "assets" / "make_art.py"

# The names docs/contracts.md promises the map generator, written out here on
# purpose so that a tile dropped from the generator fails this test.
CONTRACT_TILES = (
    [f"grass_{i}" for i in range(4)]
    + ["grass_flowers_0", "grass_flowers_1", "grass_tuft", "dirt_0", "dirt_1", "sand"]
    + [f"path_{i}" for i in range(16)] + [f"water_{i}" for i in range(16)]
    + ["road", "road_line_h", "road_line_v", "road_cross", "crosswalk_h", "crosswalk_v",
       "sidewalk"]
    + ["tree_top", "tree_trunk", "tree_big_tl", "tree_big_tr", "tree_big_bl", "tree_big_br",
       "pine_top", "pine_trunk", "bush", "hedge", "flowerbed_0", "flowerbed_1", "rock", "stump"]
    + ["fence_h", "fence_v", "fence_post", "lamp_post", "lamp_post_top", "mailbox",
       "sign_for_sale"]
    + ["wall_top", "wall_front_wood", "wall_front_brick", "wall_front_plaster",
       "wall_window_wood", "wall_window_brick", "wall_window_plaster", "door_wood",
       "door_brick", "door_plaster", "door_inner", "awning_l", "awning_c", "awning_r"]
    + [f"sign_{k}" for k in ("cafe", "store", "office", "home", "park", "gym", "library",
                             "school", "restaurant", "apartment")]
    + [f"roof_{c}_{p}" for c in ("red", "blue", "green", "brown", "purple")
       for p in ("tl", "t", "tr", "l", "c", "r", "bl", "b", "br")]
    + ["chimney", "floor_wood", "floor_wood_dark", "floor_tile", "floor_checker",
       "floor_carpet_red", "floor_carpet_blue", "floor_stone", "floor_office", "rug"]
    + ["bed_top", "bed_bottom", "chair", "sofa_l", "sofa_r", "bench_l", "bench_r", "stool",
       "mat"]
    + ["desk", "computer", "table", "table_round", "counter", "counter_register", "stove",
       "fridge", "sink", "coffee_machine", "shelf_books", "shelf_goods_0", "shelf_goods_1",
       "display_case", "tv", "plant_pot", "lamp", "wardrobe", "bathtub", "toilet",
       "fountain_tl", "fountain_tr", "fountain_bl", "fountain_br", "treadmill", "weights",
       "blackboard", "school_desk", "crate", "barrel", "piano", "oven", "dining_table"]
)

ICON_NAMES = ("sleep eat cook coffee work shop relax read exercise study play wash walk "
              "talk think idle build money chat wait").split()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the generator once into a temporary folder."""
    out = tmp_path_factory.mktemp("art_a")
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True,
                   capture_output=True)
    return out


def read_tileset(root: Path) -> tuple[ET.Element, dict[str, dict[str, str]]]:
    """The tileset element and each tile's properties keyed by its name."""
    tileset = ET.parse(root / "maps" / "town.tsx").getroot()
    tiles: dict[str, dict[str, str]] = {}
    names: list[str] = []
    for tile in tileset.iter("tile"):
        props = {p.get("name", ""): p.get("value", "") for p in tile.iter("property")}
        names.append(props["name"])
        tiles[props["name"]] = props
    assert len(names) == len(set(names)), "a tile name appears twice"
    return tileset, tiles


def test_every_contract_tile_name_exists_once(generated: Path) -> None:
    _, tiles = read_tileset(generated)
    missing = [n for n in CONTRACT_TILES if n not in tiles]
    assert not missing


def test_tileset_image_size_matches_tile_count(generated: Path) -> None:
    tileset, tiles = read_tileset(generated)
    count = int(tileset.get("tilecount", "0"))
    columns = int(tileset.get("columns", "0"))
    assert count == len(tiles) == len(list(tileset.iter("tile")))
    image = tileset.find("image")
    assert image is not None
    assert image.get("source") == "../assets/tiles/town.png"
    png = pygame.image.load(str(generated / "assets" / "tiles" / "town.png"))
    assert png.get_width() == columns * 16 == int(image.get("width", "0"))
    assert png.get_height() == math.ceil(count / columns) * 16 == int(image.get("height", "0"))


@pytest.mark.parametrize("name, blocks", [
    ("water_0", True), ("water_15", True), ("tree_trunk", True), ("tree_top", False),
    ("tree_big_tl", False), ("tree_big_br", True), ("fence_h", True), ("lamp_post", True),
    ("lamp_post_top", False), ("wall_top", True), ("wall_window_brick", True),
    ("door_wood", False), ("door_inner", False), ("awning_c", False), ("sign_cafe", True),
    ("roof_red_c", False), ("chimney", False), ("floor_wood", False), ("bed_top", False),
    ("chair", False), ("sofa_l", False), ("bench_r", False), ("desk", True),
    ("coffee_machine", True), ("fountain_tl", True), ("piano", True), ("path_5", False),
    ("grass_0", False), ("bush", True), ("flowerbed_0", False),
])
def test_collide_flags_follow_the_contract(generated: Path, name: str, blocks: bool) -> None:
    _, tiles = read_tileset(generated)
    assert (tiles[name].get("collide") == "true") is blocks


def test_autotiles_form_47_tile_sets_with_inner_bends(generated: Path) -> None:
    _, tiles = read_tileset(generated)
    for kind, blocks in (("path", False), ("water", True)):
        names = [n for n in tiles if n.startswith(f"{kind}_")]
        assert len(names) == 47, kind
        assert all((tiles[n].get("collide") == "true") is blocks for n in names)
    # An L-bend (north and west arms) notched in its north-west corner, and its mirror.
    assert {"path_9_n8", "path_3_n1", "water_15_n15"} <= set(tiles)
    png = pygame.image.load(str(generated / "assets" / "tiles" / "town.png"))
    ids = {n: i for i, n in enumerate(tiles)}

    def pixel(name: str, x: int, y: int) -> tuple[int, ...]:
        i = ids[name]
        return tuple(png.get_at(((i % 16) * 16 + x, (i // 16) * 16 + y)))

    assert pixel("path_9_n8", 0, 0) != pixel("path_9", 0, 0), "the notch shows grass"
    assert pixel("path_9_n8", 8, 8) == pixel("path_9", 8, 8)


def test_roof_details_and_inner_walls_are_drawn(generated: Path) -> None:
    _, tiles = read_tileset(generated)
    png = pygame.image.load(str(generated / "assets" / "tiles" / "town.png"))
    ids = {n: i for i, n in enumerate(tiles)}

    def tile_bytes(name: str) -> bytes:
        i = ids[name]
        return pygame.image.tobytes(png.subsurface(((i % 16) * 16, (i // 16) * 16, 16, 16)), "RGBA")

    for colour in ("red", "blue", "green", "brown", "purple"):
        plain = tile_bytes(f"roof_{colour}_c")
        for part in ("ridge_l", "ridge_c", "ridge_r", "dormer", "skylight", "n_tl", "n_t",
                     "n_tr", "n_l", "n_c", "n_r"):
            name = f"roof_{colour}_{part}"
            assert tiles[name].get("collide") != "true", name
            assert tile_bytes(name) != plain, name
    for name in ("wall_inner_front", "wall_inner_window"):
        assert tiles[name].get("collide") == "true"
    assert tile_bytes("wall_inner_window") != tile_bytes("wall_inner_front")


def test_villager_sheets_are_distinct(generated: Path) -> None:
    folder = generated / "assets" / "sprites" / "villagers"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert len(index) >= 12
    idle_frames = []
    for entry in index:
        assert entry["look"]
        sheet = pygame.image.load(str(folder / entry["file"]))
        assert sheet.get_size() == (64, 96)
        frame = sheet.subsurface(pygame.Rect(0, 0, 16, 24))
        idle_frames.append(pygame.image.tobytes(frame, "RGBA"))
    for a, b in itertools.combinations(idle_frames, 2):
        assert a != b


def test_walk_frames_differ_from_idle(generated: Path) -> None:
    sheet = pygame.image.load(str(generated / "assets" / "sprites" / "villagers" / "villager_00.png"))
    for row in range(4):
        idle = pygame.image.tobytes(sheet.subsurface((0, row * 24, 16, 24)), "RGBA")
        step = pygame.image.tobytes(sheet.subsurface((16, row * 24, 16, 24)), "RGBA")
        other_step = pygame.image.tobytes(sheet.subsurface((48, row * 24, 16, 24)), "RGBA")
        assert idle != step and step != other_step


def test_icons_exist_and_are_drawn(generated: Path) -> None:
    for name in ICON_NAMES:
        img = pygame.image.load(str(generated / "assets" / "ui" / "icons" / f"{name}.png"))
        assert img.get_size() == (16, 16)
        opaque = sum(1 for x in range(16) for y in range(16) if img.get_at((x, y)).a > 0)
        assert opaque >= 12, name


def test_ui_frames_have_their_sizes(generated: Path) -> None:
    ui = generated / "assets" / "ui"
    assert pygame.image.load(str(ui / "app_icon.png")).get_size() == (64, 64)
    panel = pygame.image.load(str(ui / "panel.png"))
    assert panel.get_width() >= 17 and panel.get_height() >= 17
    for name in ("button", "button_hover", "button_pressed", "bubble"):
        img = pygame.image.load(str(ui / f"{name}.png"))
        assert img.get_width() >= 9 and img.get_height() >= 9
    assert pygame.image.tobytes(pygame.image.load(str(ui / "button.png")), "RGBA") != \
        pygame.image.tobytes(pygame.image.load(str(ui / "button_pressed.png")), "RGBA")


def test_font_loads_and_renders_text(generated: Path) -> None:
    pygame.font.init()
    font = pygame.font.Font(str(generated / "assets" / "fonts" / "tinytown.ttf"), 16)
    text = font.render("Hello, Tinytown! àéöñ", False, (0, 0, 0))
    assert text.get_width() > 100
    inked = sum(1 for x in range(text.get_width()) for y in range(text.get_height())
                if text.get_at((x, y)).a > 0)
    assert inked > 150
    assert font.size("é") != (0, 0) and font.size("i") < font.size("m")


def test_generator_is_deterministic(generated: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    first = sorted(p.relative_to(generated) for p in generated.rglob("*") if p.is_file())
    second = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert first == second
    assert any(p.suffix == ".png" for p in first)
    for rel in first:
        a = hashlib.sha256((generated / rel).read_bytes()).hexdigest()
        b = hashlib.sha256((tmp_path / rel).read_bytes()).hexdigest()
        assert a == b, rel
