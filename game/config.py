"""Settings: a user settings file, the environment and command-line flags, merged and validated.

The API key is read from the environment (OPENAI_API_KEY) or typed in the
settings screen; it is never written to the settings file, saves, logs or reports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from game.llm.settings import LLMSettings, SettingsError
from game.resources import user_dir


def settings_path() -> Path:
    return Path(os.environ.get("TINYTOWN_SETTINGS", user_dir() / "settings.json"))


@dataclass(frozen=True)
class RetrievalWeights:
    """How retrieval weighs recency, relevance and importance, and how fast recency decays per game hour."""

    recency: float = 0.5
    relevance: float = 3.0
    importance: float = 2.0
    decay: float = 0.995

    def __post_init__(self) -> None:
        for name in ("recency", "relevance", "importance"):
            if getattr(self, name) < 0:
                raise ValueError(f"retrieval weight {name} must be zero or more")
        if not 0.0 < self.decay <= 1.0:
            raise ValueError("retrieval decay must be in (0, 1]")


WINDOW_SPEEDS = ("pause", "1x", "2x", "4x", "8x")


@dataclass(frozen=True)
class WindowSettings:
    """How the window opens: size, fullscreen, starting speed and zoom (the settings screen edits these)."""

    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    speed: str = "1x"
    zoom: int = 2

    def __post_init__(self) -> None:
        if not isinstance(self.width, int) or not isinstance(self.height, int) or not (
                640 <= self.width <= 7680 and 360 <= self.height <= 4320):
            raise SettingsError(f"settings 'window': size {self.width}x{self.height} is invalid; use at least "
                                "640x360, e.g. 1280x720")
        if not isinstance(self.fullscreen, bool):
            raise SettingsError("settings 'window': fullscreen must be true or false")
        if self.speed not in WINDOW_SPEEDS:
            raise SettingsError(f"settings 'window': speed {self.speed!r} is unknown; use one of "
                                + ", ".join(WINDOW_SPEEDS))
        if self.zoom not in (1, 2, 3, 4):
            raise SettingsError(f"settings 'window': zoom {self.zoom!r} is invalid; use 1, 2, 3 or 4")


@dataclass(frozen=True)
class Settings:
    llm: LLMSettings
    retrieval: RetrievalWeights = field(default_factory=RetrievalWeights)
    reflection_threshold: int = 150
    lockstep: bool = False
    window: WindowSettings = field(default_factory=WindowSettings)
    memory_index: str = "exact"

    def __post_init__(self) -> None:
        if self.reflection_threshold < 1:
            raise SettingsError("reflection_threshold must be at least 1 (the paper uses 150)")
        if self.memory_index not in ("exact", "faiss"):
            raise SettingsError(
                f"memory_index {self.memory_index!r} is unknown: use 'exact' (the paper's formula over every "
                "memory) or 'faiss' (an approximate index for very long memory streams) (TINYTOWN_MEMORY_INDEX)"
            )


def read_settings_file(path: Path | None = None) -> dict[str, Any]:
    path = path or settings_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings ({exc}); fix or delete the file") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: settings must be a JSON object")
    return data


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    file: dict[str, Any] | None = None,
    lockstep: bool = False,
) -> Settings:
    data = read_settings_file() if file is None else file
    env = os.environ if env is None else env
    llm_file = data.get("llm", {})
    if not isinstance(llm_file, dict):
        raise SettingsError(f"{settings_path()}: 'llm' must be an object")
    llm = LLMSettings.from_sources(llm_file, env, dict(overrides or {}))
    weights = data.get("retrieval", {})
    try:
        retrieval = RetrievalWeights(**{k: float(v) for k, v in weights.items()})
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"settings 'retrieval': {exc} (keys: recency, relevance, importance, decay)") from None
    window = data.get("window", {})
    try:
        window_settings = WindowSettings(**window)
    except TypeError as exc:
        raise SettingsError(f"settings 'window': {exc} (keys: width, height, fullscreen, speed, zoom)") from None
    return Settings(
        llm=llm,
        retrieval=retrieval,
        reflection_threshold=int(data.get("reflection_threshold", 150)),
        lockstep=lockstep or bool(data.get("lockstep", False)),
        window=window_settings,
        memory_index=str(env.get("TINYTOWN_MEMORY_INDEX") or data.get("memory_index", "exact")),
    )


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings without any API key, atomically."""
    path = path or settings_path()
    data = {
        "llm": settings.llm.public_dict(),
        "retrieval": {
            "recency": settings.retrieval.recency,
            "relevance": settings.retrieval.relevance,
            "importance": settings.retrieval.importance,
            "decay": settings.retrieval.decay,
        },
        "reflection_threshold": settings.reflection_threshold,
        "memory_index": settings.memory_index,
        "window": asdict(settings.window),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path
