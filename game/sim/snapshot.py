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
class ModelStatus:
    """What the villagers think with, for the HUD: backend, model, requests waiting, recent fallbacks."""

    backend: str  # "offline" or "openai"
    model: str
    endpoint: str
    thinking: int  # model requests not answered yet
    fallbacks_hour: int  # answers that fell back to the offline rules in the last game hour
    failing: str = ""  # a warning when the endpoint fails, "" while it answers


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
    model: ModelStatus | None = None  # None: the bare routine, no model at all
