"""Tinytown's art, drawn with code: one module per kind of picture, pictures as data in ``data/``.

``python assets/make_art.py`` runs it; pygame draws off screen (no window is opened).
"""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
