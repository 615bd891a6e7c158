"""Game time: one simulation step is ten game seconds; days, hours, calendar dates and play speed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, TypeGuard, get_args

from game.codec import Stateful

STEP_SECONDS = 10
DAY_SECONDS = 24 * 3600
STEPS_PER_DAY = DAY_SECONDS // STEP_SECONDS
START_SECONDS = 6 * 3600
#: Speed name -> simulation steps per real second. ``max`` runs as fast as it can.
Speed = Literal["pause", "1x", "2x", "4x", "8x", "max"]
SPEEDS: dict[Speed, float] = {"pause": 0.0, "1x": 4.0, "2x": 8.0, "4x": 16.0, "8x": 32.0, "max": float("inf")}
SPEED_ORDER: tuple[Speed, ...] = get_args(Speed)


def is_speed(name: str) -> TypeGuard[Speed]:
    """Whether a name (a setting, a key binding) is one of the clock's speeds."""
    return name in SPEEDS
#: Day 1 of a town that brings no date of its own (an imported Generative Agents run brings its start_date).
DEFAULT_START_DATE = date(2026, 6, 1)


@dataclass(frozen=True)
class GameTime:
    """A moment in game time, counted in seconds since day 1, 00:00; day 1 is the calendar date ``start``."""

    seconds: int
    start: date = DEFAULT_START_DATE

    @property
    def day(self) -> int:
        return self.seconds // DAY_SECONDS + 1

    @property
    def second_of_day(self) -> int:
        return self.seconds % DAY_SECONDS

    @property
    def hour(self) -> int:
        return self.second_of_day // 3600

    @property
    def minute(self) -> int:
        return (self.second_of_day % 3600) // 60

    @property
    def hours(self) -> float:
        """Fractional hour of the day, 0.0 to 24.0."""
        return self.second_of_day / 3600

    @property
    def date(self) -> date:
        return self.start + timedelta(days=self.seconds // DAY_SECONDS)

    def date_text(self) -> str:
        """'Tuesday, February 14, 2023'."""
        d = self.date
        return f"{d.strftime('%A, %B')} {d.day}, {d.year}"

    def clock_text(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def __str__(self) -> str:
        return f"Day {self.day}, {self.clock_text()}"


class Clock(Stateful):
    """Counts steps and knows the play speed; it never sleeps, the runner paces it."""

    # The state the codec saves.
    seconds: int
    steps: int
    _speed: Speed
    start_date: date

    def __init__(self, seconds: int = START_SECONDS, speed: str = "1x", start_date: date = DEFAULT_START_DATE) -> None:
        self.seconds = seconds
        self.steps = 0
        self.speed = speed
        self.start_date = start_date

    @property
    def now(self) -> GameTime:
        return GameTime(self.seconds, self.start_date)

    def day_of(self, when: date) -> int:
        """The day number of a calendar date (day 1 is the start date; earlier dates give 0 or less)."""
        return (when - self.start_date).days + 1

    def tick(self) -> GameTime:
        self.seconds += STEP_SECONDS
        self.steps += 1
        return self.now

    @property
    def speed(self) -> Speed:
        return self._speed

    @speed.setter
    def speed(self, name: str) -> None:
        if not is_speed(name):
            raise ValueError(f"unknown speed {name!r}; choose one of {', '.join(SPEED_ORDER)}")
        self._speed = name

    @property
    def paused(self) -> bool:
        return self._speed == "pause"

    @property
    def steps_per_second(self) -> float:
        return SPEEDS[self._speed]

    def faster(self) -> None:
        i = SPEED_ORDER.index(self._speed)
        self._speed = SPEED_ORDER[min(i + 1, len(SPEED_ORDER) - 2)] if i < len(SPEED_ORDER) - 2 else self._speed

    def slower(self) -> None:
        i = SPEED_ORDER.index(self._speed)
        self._speed = SPEED_ORDER[max(i - 1, 1)] if i > 1 else self._speed
