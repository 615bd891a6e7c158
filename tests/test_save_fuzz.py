"""Damaged and hostile save files: the loader answers every one with a one-line SaveError naming the file
(or, when the damage missed the data, the same town), never another exception, and never changes the file."""

from __future__ import annotations

import sqlite3
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.save import SaveError, capture, load_town, save_town, write_save
from game.sim.engine import DEFAULT_MAP, RoutineMind, Simulation
from game.world.tilemap import TownMap

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@cache
def town_map() -> TownMap:
    return TownMap(DEFAULT_MAP)


def build(m: TownMap) -> Simulation:
    return Simulation(m, agents=0, cast=[], mind=RoutineMind())


@cache
def original() -> tuple[bytes, dict]:
    sim = Simulation(town_map(), agents=3, mind=RoutineMind(), seed=5)
    sim.run_steps(200)
    with tempfile.TemporaryDirectory() as folder:
        path = save_town(sim, Path(folder) / "town.tinytown", thumbnail=b"\x89PNG fake")
        return path.read_bytes(), sim.get_state()


def load_or_refuse(path: Path) -> None:
    """Load must raise a one-line SaveError naming the file, or give back exactly the saved town."""
    before = path.read_bytes() if path.is_file() else None
    try:
        sim = load_town(path, build)
    except SaveError as exc:
        message = str(exc)
        assert str(path) in message and "\n" not in message
    else:
        assert sim.get_state() == original()[1]
    if before is not None:
        assert path.read_bytes() == before


@FUZZ
@given(cut=st.integers(min_value=0, max_value=10**6))
def test_truncated_saves(tmp_path: Path, cut: int) -> None:
    data = original()[0]
    path = tmp_path / "cut.tinytown"
    path.write_bytes(data[: cut % len(data)])
    load_or_refuse(path)


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
                      min_size=1, max_size=8))
def test_flipped_bytes(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(original()[0])
    for where, mask in flips:
        data[where % len(data)] ^= mask
    path = tmp_path / "flipped.tinytown"
    path.write_bytes(bytes(data))
    load_or_refuse(path)


@FUZZ
@given(noise=st.binary(max_size=5000), sqlite_header=st.booleans())
def test_random_bytes(tmp_path: Path, noise: bytes, sqlite_header: bool) -> None:
    path = tmp_path / "noise.tinytown"
    path.write_bytes((b"SQLite format 3\x00" if sqlite_header else b"") + noise)
    load_or_refuse(path)


@FUZZ
@given(part=st.sampled_from(["villagers", "users", "time_use", "clock", "rng", "events", "buildings", "seed",
                             "routes", "components"]),
       value=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                     max_size=3),
                          max_leaves=8))
def test_well_formed_saves_with_nonsense_parts(tmp_path: Path, part: str, value: object) -> None:
    sim = Simulation(town_map(), agents=2, mind=RoutineMind(), seed=5)
    save = capture(sim)
    save.parts[part] = value
    path = write_save(tmp_path / "nonsense.tinytown", save)
    try:
        load_town(path, build)
    except SaveError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)


@pytest.mark.parametrize("case", ["empty", "folder", "missing", "newer", "no meta", "home gone", "lot gone",
                                  "other map"])
def test_named_bad_saves(tmp_path: Path, case: str) -> None:
    path = tmp_path / "case.tinytown"
    if case == "empty":
        path.write_bytes(b"")
    elif case == "folder":
        path.mkdir()
    elif case in ("newer", "no meta"):
        path.write_bytes(original()[0])
        con = sqlite3.connect(path)
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'" if case == "newer"
                    else "DELETE FROM meta")
        con.commit()
        con.close()
    elif case in ("home gone", "lot gone", "other map"):
        sim = Simulation(town_map(), agents=2, mind=RoutineMind(), seed=5)
        save = capture(sim)
        if case == "home gone":
            save.parts["villagers"][0]["home"] = "The Moon"
        elif case == "lot gone":
            save.parts["buildings"] = [{"type": "cafe", "lot": [9, 9], "name": "Lost Cafe"}]
        else:
            save.meta["map"] = "elsewhere.tmx"
        write_save(path, save)
    with pytest.raises(SaveError) as err:
        load_town(path, build)
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    if case == "newer":
        assert "newer" in str(err.value)
