"""The same seed gives the same town: a headless run is compared with a report kept from before a refactor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main

GOLDEN = Path(__file__).parent / "golden" / "headless_seed7_half_day.json"
#: Fields that measure the machine, not the town.
WALL_CLOCK = ("wall_seconds", "agent_steps_per_second")


def _town(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in WALL_CLOCK}


def _first_difference(a: object, b: object, where: str = "report") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'the golden file' if key in a else 'this run'}"
            found = _first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return ""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} entries in the golden file, {len(b)} now"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return ""
    return "" if a == b else f"{where}: golden {a!r}, now {b!r}"


def test_half_a_day_with_seed_7_gives_the_golden_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's settings file or environment must not change the town under test.
    monkeypatch.setenv("TINYTOWN_SETTINGS", str(tmp_path / "no-settings.json"))
    for name in ("TINYTOWN_LLM", "TINYTOWN_BASE_URLS", "OPENAI_BASE_URL", "TINYTOWN_MODEL",
                 "TINYTOWN_EMBEDDING_MODEL", "TINYTOWN_MEMORY_INDEX"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "report.json"
    assert main.main(["--headless", "--days", "0.5", "--agents", "16", "--seed", "7", "--report", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert report["steps"] == golden["steps"] == 4320
    assert _first_difference(_town(golden), _town(report)) == ""


def test_the_comparison_notices_a_changed_memory_count() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed["villagers"][3]["memories"] += 1
    changed["wall_seconds"] = 99.0
    assert _first_difference(_town(golden), _town(changed)).startswith("report.villagers[3].memories")
    assert _first_difference(_town(golden), _town({**golden, "wall_seconds": 99.0})) == ""
