"""Where files live: bundled resources (maps, assets, data) and the user's saves and settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))


def frozen() -> bool:
    """True inside the packaged (PyInstaller) program."""
    return bool(getattr(sys, "frozen", False))


def resource(relative: str) -> Path:
    """A file shipped with the game, found the same way from source and from the bundle."""
    return ROOT / relative


def user_dir() -> Path:
    """Folder for saves and settings: the repo when run from source, the user's data folder when packaged;
    TINYTOWN_HOME moves it (a second town beside the first, or a test's own folder)."""
    if os.environ.get("TINYTOWN_HOME"):
        path = Path(os.environ["TINYTOWN_HOME"])
    elif frozen():
        import platformdirs

        path = Path(platformdirs.user_data_dir("Tinytown", appauthor=False))
    else:
        path = ROOT
    path.mkdir(parents=True, exist_ok=True)
    return path


def saves_dir() -> Path:
    path = user_dir() / "saves"
    path.mkdir(parents=True, exist_ok=True)
    return path


def screenshots_dir() -> Path:
    """Where F12 puts screenshots: beside the saves, since the packaged program's folder may be read-only."""
    path = user_dir() / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


_LIBC: object = None  # glibc, once looked up; False where there is none


def release_free_memory() -> bool:
    """Hand the heap's free pages back to the system (glibc's malloc_trim), as a long run forgets and
    embeds: freed memory otherwise stays resident. False where the C library has no such call."""
    global _LIBC
    if _LIBC is None:
        _LIBC = False
        if sys.platform.startswith("linux"):
            import ctypes
            import ctypes.util

            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                _LIBC = libc if hasattr(libc, "malloc_trim") else False
            except OSError:
                pass
    if _LIBC is False:
        return False
    return bool(_LIBC.malloc_trim(0))  # type: ignore[attr-defined]
