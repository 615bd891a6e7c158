"""Immutable pictures of the town that the window reads; the simulation never shares live objects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VillagerView:
    vid: int
    name: str
    sheet: int
    tile: tuple[int, int]
    prev_tile: tuple[int, int]
    facing: str
    walking: bool
    action: str
    icon: str
    place: str
    bubble: str | None
    thinking: bool
    asleep: bool


@dataclass(frozen=True)
class EventView:
    step: int
    time: str
    kind: str
    text: str
    tile: tuple[int, int] | None


@dataclass(frozen=True)
class Snapshot:
    step: int
    seconds: int
    clock: str
    day: int
    hours: float
    speed: str
    villagers: tuple[VillagerView, ...]
    object_states: tuple[tuple[int, str], ...]
    events: tuple[EventView, ...]
    map_version: int
    treasury: int = 0
    message: str = ""
    date: str = ""  # the calendar date of the clock's day, "Tue 14 Feb 2023"
