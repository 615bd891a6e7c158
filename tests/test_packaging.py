"""The packaged Tinytown: build.spec builds a program that runs a town, draws it and knows its version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game import __version__

REPO = Path(__file__).resolve().parent.parent
EXE_NAME = "tinytown.exe" if sys.platform == "win32" else "tinytown"
BUILD_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 600
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SCENE = ["--agents", "4", "--after-steps", "30"]  # what the screenshots show

pytestmark = pytest.mark.slow


def build(dist: Path, work: Path) -> Path:
    """`pyinstaller build.spec` into the given folders; returns the built program."""
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work)],
        cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, env=os.environ | {"TINYTOWN_ONEFILE": "0"},
    )
    assert done.returncode == 0, f"pyinstaller failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    program = dist / "tinytown" / EXE_NAME
    assert program.is_file(), f"no {program} after the build"
    return program


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("packaging")
    return build(root / "dist", root / "work")


@pytest.fixture
def player_home(tmp_path: Path) -> Path:
    """A fresh home folder for the player, so the user data folder starts empty and is known."""
    home = tmp_path / "home"
    home.mkdir()
    return home


def player_env(home: Path) -> dict[str, str]:
    """A player's environment: no Python paths, no model configured, no display, an empty home folder."""
    keep = {"PATH", "SYSTEMROOT", "TEMP", "TMP", "LANG", "LC_ALL"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    return env | {
        "HOME": str(home), "USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"), "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"), "TINYTOWN_SETTINGS": str(home / "no-settings.json"),
        "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
    }


def play(program: Path, args: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the built program the way a player would, from a folder that is not the repo."""
    return subprocess.run([str(program), *args], cwd=cwd, env=player_env(home), capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)


def from_source(args: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The same command from source, for comparison."""
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], cwd=cwd, env=player_env(home),
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S)


def bundle_files(program: Path) -> set[Path]:
    return {p.relative_to(program.parent) for p in program.parent.rglob("*")}


def test_built_program_says_its_version(program: Path, player_home: Path, tmp_path: Path) -> None:
    done = play(program, ["--version"], player_home, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Tinytown {__version__}"


def test_built_program_runs_a_town_whose_villagers_move(program: Path, player_home: Path, tmp_path: Path) -> None:
    before_files = bundle_files(program)
    reports = {}
    for days in ("0", "0.05"):
        report = tmp_path / f"report-{days}.json"
        done = play(program, ["--headless", "--days", days, "--agents", "4", "--report", str(report)],
                    player_home, tmp_path)
        assert done.returncode == 0, f"--days {days} failed:\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        reports[days] = json.loads(report.read_text(encoding="utf-8"))

    source_report = tmp_path / "report-source.json"
    done = from_source(["--headless", "--days", "0.05", "--agents", "4", "--report", str(source_report)],
                       player_home, tmp_path)
    assert done.returncode == 0, done.stderr
    source = json.loads(source_report.read_text(encoding="utf-8"))

    start, later = reports["0"], reports["0.05"]
    assert later["game_version"] == __version__
    assert later["agents"] == 4 and len(later["villagers"]) == 4
    assert start["steps"] == 0 and later["steps"] > 0
    start_tiles = {v["name"]: tuple(v["tile"]) for v in start["villagers"]}
    later_tiles = {v["name"]: tuple(v["tile"]) for v in later["villagers"]}
    assert start_tiles.keys() == later_tiles.keys()
    moved = [name for name in start_tiles if start_tiles[name] != later_tiles[name]]
    assert moved, f"no villager left their tile in {later['steps']} steps: {later_tiles}"
    # Headless runs are reproducible, so the packaged town must live exactly as the one run from source.
    assert later["villagers"] == source["villagers"]
    # Settings and saves belong to the player's data folder: the bundle is never written to.
    assert bundle_files(program) == before_files


def test_built_program_saves_reloads_and_charts_a_town(program: Path, player_home: Path, tmp_path: Path) -> None:
    save, chart, saved_report, loaded_report = (tmp_path / name for name in
                                                ("town.tinytown", "chart.png", "saved.json", "loaded.json"))
    done = play(program, ["--headless", "--days", "0.05", "--agents", "4", "--report", str(saved_report),
                          "--save", str(save), "--plot", str(chart)], player_home, tmp_path)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert chart.read_bytes()[:8] == PNG_SIGNATURE
    done = play(program, ["--headless", "--days", "0", "--load", str(save), "--report", str(loaded_report)],
                player_home, tmp_path)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    saved = json.loads(saved_report.read_text(encoding="utf-8"))
    loaded = json.loads(loaded_report.read_text(encoding="utf-8"))
    assert loaded["clock"] == saved["clock"]
    assert [v["tile"] for v in loaded["villagers"]] == [v["tile"] for v in saved["villagers"]]


def test_built_program_renders_the_town(program: Path, player_home: Path, tmp_path: Path) -> None:
    import pygame

    shot = tmp_path / "shot.png"
    done = play(program, ["--screenshot", str(shot), *SCENE], player_home, tmp_path)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert shot.read_bytes()[:8] == PNG_SIGNATURE
    image = pygame.image.load(str(shot))
    assert image.get_size() == (1280, 720)
    # Rendered tiles, villagers and the HUD give hundreds of colours; a blank or failed frame gives a few.
    colours = {image.get_at((x, y))[:3] for x in range(0, 1280, 4) for y in range(0, 720, 4)}
    assert len(colours) > 40, f"only {len(colours)} distinct colours: the town was not drawn"
    # Same art, fonts and UI theme as from source: the bundle is missing no resource.
    source_shot = tmp_path / "source.png"
    done = from_source(["--screenshot", str(source_shot), *SCENE], player_home, tmp_path)
    assert done.returncode == 0, done.stderr
    source_image = pygame.image.load(str(source_shot))
    assert pygame.image.tobytes(image, "RGB") == pygame.image.tobytes(source_image, "RGB")


def test_built_program_carries_the_fallback_fonts_and_their_licence(program: Path) -> None:
    from game.ui.lettering import FALLBACK_FONTS

    files = {str(p).replace(os.sep, "/") for p in bundle_files(program)}
    # Where game/ui/lettering.py looks in the bundle; pygame_gui's Japanese face stays home (its Chinese
    # face has the kana).
    for face in FALLBACK_FONTS:
        font = f"{face.package}/{face.relative}"
        if "NotoSansJP-" not in font:
            assert any(f.endswith("_internal/" + font) for f in files), f"{font} is not in the bundle"
    for licence in ("manimgx_fonts/LICENSE", "pygame_gui/data/licenses/NotoSans-LICENSE.txt",
                    "matplotlib/mpl-data/fonts/ttf/LICENSE_DEJAVU"):
        assert any(f.endswith("_internal/" + licence) for f in files), f"{licence} is not in the bundle"
    assert not any("NotoSansJP-" in f or "Bold.otf" in f for f in files), "a CJK face the game does not need"
