"""Real input: the game runs on its own Xvfb display and xdotool types into it as a keyboard would (X key
events through XTEST, which SDL turns into KEYDOWN/TEXTINPUT/KEYUP itself). A whole sentence with every
letter, digit and punctuation mark goes into the chat and the whisper, and a line of Chinese and emoji
into the chat; F5 pressed in the search field must quicksave all three and leave the field its text and
the keys, and the town's speed must be untouched. The memory search field's text is read back through the
clipboard (a search leaves nothing in a save)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.ui.layout import arrange

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1280, 720)
CHAT = "The quick brown fox jumps over the lazy dog; what are you baking about? " \
       "PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS 0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
WHISPER = "Bake 12 buns (with jam + honey) for Zoe; quick, very exact: 3/4 of the oven @ 200 degrees!"
SEARCH = "baking about? [box] 0-9 & more"
WORLD = "你好 Rosa, café 🍞 for the party 🎉 ❤️"  # typed through keysyms the keyboard map lacks
DEADLINE_S = 60.0
FOCUS = (239, 125, 87)  # the frame around the text field that has the keys (game/ui/views.py)


def wait_for(what: str, check, deadline: float = DEADLINE_S, explain=lambda: ""):  # type: ignore[no-untyped-def]
    """Poll check() until it returns something truthy; fail naming what never happened (and what was seen)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.05)  # polling interval, not a timing assumption: the deadline bounds the wait
    raise AssertionError(f"gave up waiting for {what} after {deadline:.0f} s. {explain()}")


@pytest.fixture
def display() -> Iterator[str]:
    """A private X display (Xvfb picks a free number and writes it to a pipe)."""
    missing = [tool for tool in ("Xvfb", "xdotool", "import") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"X cannot start or be read here: {', '.join(missing)} not installed (.ci/run installs them)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        error = server.stderr.read().decode(errors="replace")[-300:] if server.stderr else ""
        server.kill()
        pytest.skip(f"X cannot start here: Xvfb exited ({error.strip() or 'no message'})")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


class Player:
    """Drives the game's window with xdotool, as a person at the keyboard and mouse would."""

    def __init__(self, display: str, window: str) -> None:
        self.env = dict(os.environ, DISPLAY=display)
        self.window = window

    def run(self, *args: str) -> str:
        out = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout

    def click(self, pos: tuple[int, int]) -> None:
        self.run("mousemove", "--window", self.window, str(pos[0]), str(pos[1]), "click", "1")

    def type(self, words: str, delay_ms: int = 15) -> None:
        self.run("type", "--delay", str(delay_ms), words)

    def key(self, *names: str) -> None:
        self.run("key", "--delay", "40", *names)

    def pixel(self, pos: tuple[int, int]) -> tuple[int, int, int]:
        """The colour of one pixel of the window, from an X screenshot (ImageMagick's import)."""
        out = subprocess.run(["import", "-window", self.window, "-crop", f"1x1+{pos[0]}+{pos[1]}", "-depth", "8",
                              "rgb:-"], env=self.env, capture_output=True, timeout=30)
        data = out.stdout[:3]
        return (data[0], data[1], data[2]) if len(data) == 3 else (0, 0, 0)

    def clipboard(self) -> str:
        """The X clipboard, read by a separate small program (the game owns the selection)."""
        probe = ("import pygame; pygame.display.init(); pygame.display.set_mode((8, 8)); "
                 "print(pygame.scrap.get_text(), end='')")
        env = dict(self.env, SDL_VIDEODRIVER="x11", PYGAME_HIDE_SUPPORT_PROMPT="1")
        out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=30)
        self.run("windowfocus", "--sync", self.window)  # the probe's window may have taken the keyboard
        return out.stdout


def save_strings(path: Path) -> list[str]:
    """Every memory text in a save: parts are JSON in SQLite; memories live under mind.minds.*.memory."""
    if not path.exists():
        return []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT data FROM parts WHERE name = 'mind'").fetchone()
    except sqlite3.Error:
        return []  # still being written (the save is atomic, but the file may appear as we look)
    if row is None:
        return []
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(row[0])["minds"])
    return out


def saved_speed(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return json.loads(db.execute("SELECT data FROM parts WHERE name = 'clock'").fetchone()[0])["speed"]


def test_typing_with_a_real_keyboard_reaches_the_chat_whisper_and_search(display: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "OPENAI_API_KEY")}
    env.update(DISPLAY=display, SDL_VIDEODRIVER="x11", TINYTOWN_HOME=str(tmp_path),
               TINYTOWN_SETTINGS=str(tmp_path / "settings.json"))
    log = (tmp_path / "game.log").open("w")
    game = subprocess.Popen([sys.executable, "main.py", "--agents", "4", "--size", f"{SIZE[0]}x{SIZE[1]}",
                             "--speed", "1x"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        probe = Player(display, "")

        def window() -> str:
            if game.poll() is not None:
                raise AssertionError(f"the game quit: {(tmp_path / 'game.log').read_text()[-2000:]}")
            out = subprocess.run(["xdotool", "search", "--pid", str(game.pid)], env=probe.env, capture_output=True,
                                 text=True)
            return out.stdout.split()[0] if out.returncode == 0 and out.stdout.split() else ""

        player = Player(display, wait_for("the game's window", window))
        lay = arrange(SIZE, True, False, True, True)
        # The game draws its HUD once it reads input; the focused field wears an orange frame. Both are
        # looked for on the screen (a loaded machine may take seconds to start), never waited for blindly.
        wait_for("the first frame", lambda: player.pixel((lay.clock.x + 40, lay.clock.y + 34)) != (0, 0, 0))
        player.run("windowfocus", "--sync", player.window)
        chat = (lay.side.x + 16, lay.side.bottom - 72)
        whisper = (lay.side.x + 16, lay.side.bottom - 50)
        search = (lay.side.x + 16, lay.side.bottom - 92)

        def framed(field: tuple[int, int]) -> bool:
            return player.pixel((field[0] - 2, field[1] + 18)) == FOCUS

        # Select a villager with the keyboard (Tab), talk (C), then click into the conversation area.
        player.key("Tab", "c")
        wait_for("the chat field to take the keys", lambda: framed(chat))
        player.click(lay.side.center)
        player.type(CHAT)
        player.key("Return")
        # Chinese and emoji: xdotool lends each one a spare key code and takes it back, and SDL can read
        # the key after the loan ended and drop it; the field's text (copied out) says when to type again.
        for _attempt in range(3):
            player.key("ctrl+a", "BackSpace")
            player.type(WORLD, delay_ms=120)
            player.key("ctrl+a", "ctrl+c")
            try:
                wait_for("the typed line on the clipboard", lambda: player.clipboard() == WORLD, deadline=10)
                break
            except AssertionError:
                continue  # the quicksave check below names what arrived if no attempt got it all
        player.key("End", "Return")
        # The Mind tab: whisper, then search (buttons and fields sit where the layout puts them).
        player.click((lay.side.x + 164, lay.side.y + 112))
        wait_for("the Mind tab", lambda: player.pixel((whisper[0] + 100, whisper[1] + 18)) != (0, 0, 0))
        player.click((whisper[0] + 200, whisper[1] + 18))
        wait_for("the whisper field to take the keys", lambda: framed(whisper))
        player.type(WHISPER)
        player.key("Return")
        player.click((search[0] + 200, search[1] + 18))
        wait_for("the search field to take the keys", lambda: framed(search))
        player.type(SEARCH)
        player.key("ctrl+a", "ctrl+c")
        wait_for("the search text on the clipboard", lambda: player.clipboard() == SEARCH,
                 explain=lambda: f"clipboard: {player.clipboard()!r}")
        player.key("End", "F5")  # F5 quicksaves while the search field has the keys
        quick = tmp_path / "saves" / "quicksave.tinytown"

        def saved() -> bool:
            strings = save_strings(quick)
            return all(any(line in s for s in strings) for line in (CHAT, WORLD, WHISPER))

        def seen() -> str:
            near = [x for x in save_strings(quick) if "quick" in x.lower() or "bake" in x.lower()]
            files = sorted(p.name for p in tmp_path.rglob("*"))
            return f"files: {files}; memories like ours: {near[:6]}"

        wait_for("the chat lines and the whisper in the quicksave", saved, explain=seen)
        assert framed(search), "F5 took the keys from the search field"
        player.key("ctrl+a", "ctrl+c")
        wait_for("the search text, kept through F5", lambda: player.clipboard() == SEARCH,
                 explain=lambda: f"clipboard: {player.clipboard()!r}")
        assert saved_speed(quick) == "1x", "a digit or Space typed in a field changed the town's speed"
        assert not (tmp_path / "screenshots").exists() and not (tmp_path / "settings.json").exists()
    finally:
        game.terminate()
        game.wait(30)
        log.close()
