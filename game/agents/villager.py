"""A villager's body and day: where they stand, where they walk, what they do and with what."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.agents.persona import Persona
from game.agents.schedule import DailyPlan, Task
from game.agents.vitals import Vitals
from game.codec import Stateful

Tile = tuple[int, int]
FACINGS = ("down", "left", "right", "up")


@dataclass
class Villager(Stateful):
    vid: int
    persona: Persona
    sheet: int
    tile: Tile
    home: str
    workplace: str | None = None
    bed: int | None = None
    prev_tile: Tile | None = None
    facing: str = "down"
    path: tuple[Tile, ...] = ()
    path_index: int = 0
    plan: DailyPlan | None = None
    task: Task | None = None
    target_object: int | None = None
    using: int | None = None
    action: str = "waking up"
    use: str = "idle"
    place: str = ""
    vitals: Vitals = field(default_factory=Vitals)
    cash: int = 100
    conversation: int | None = None
    chatting_with_player: bool = False

    @property
    def name(self) -> str:
        return self.persona.name

    @property
    def walking(self) -> bool:
        return self.path_index < len(self.path) - 1

    @property
    def asleep(self) -> bool:
        return self.use == "sleep" and not self.walking

    def walk(self, path: tuple[Tile, ...]) -> None:
        self.path = path
        self.path_index = 0

    def step_along(self) -> bool:
        """Move one tile along the path; True if the villager moved."""
        if self.path_index >= len(self.path) - 1:
            self.prev_tile = self.tile
            return False
        self.path_index += 1
        nx, ny = self.path[self.path_index]
        x, y = self.tile
        if nx > x:
            self.facing = "right"
        elif nx < x:
            self.facing = "left"
        elif ny > y:
            self.facing = "down"
        elif ny < y:
            self.facing = "up"
        self.prev_tile = self.tile
        self.tile = (nx, ny)
        return True
