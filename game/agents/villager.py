"""A villager's body and day: where they stand, where they walk, what they do and with what."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.agents.persona import Persona
from game.agents.schedule import DailyPlan, Task
from game.agents.vitals import Vitals

Tile = tuple[int, int]
FACINGS = ("down", "left", "right", "up")


@dataclass
class Villager:
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

    def get_state(self) -> dict:
        return {
            "vid": self.vid,
            "persona": self.persona.get_state(),
            "sheet": self.sheet,
            "tile": list(self.tile),
            "home": self.home,
            "workplace": self.workplace,
            "bed": self.bed,
            "facing": self.facing,
            "path": [list(t) for t in self.path],
            "path_index": self.path_index,
            "plan": self.plan.get_state() if self.plan else None,
            "task": self.task.get_state() if self.task else None,
            "target_object": self.target_object,
            "using": self.using,
            "action": self.action,
            "use": self.use,
            "place": self.place,
            "vitals": self.vitals.get_state(),
            "cash": self.cash,
            "prev_tile": list(self.prev_tile) if self.prev_tile else None,
            "conversation": self.conversation,
            "chatting_with_player": self.chatting_with_player,
        }

    @staticmethod
    def from_state(d: dict) -> Villager:
        v = Villager(
            vid=int(d["vid"]),
            persona=Persona.from_state(d["persona"]),
            sheet=int(d["sheet"]),
            tile=(int(d["tile"][0]), int(d["tile"][1])),
            home=str(d["home"]),
            workplace=d.get("workplace"),
            bed=d.get("bed"),
        )
        v.facing = str(d.get("facing", "down"))
        v.path = tuple((int(a), int(b)) for a, b in d.get("path", []))
        v.path_index = int(d.get("path_index", 0))
        v.plan = DailyPlan.from_state(d["plan"]) if d.get("plan") else None
        v.task = Task.from_state(d["task"]) if d.get("task") else None
        v.target_object = d.get("target_object")
        v.using = d.get("using")
        v.action = str(d.get("action", ""))
        v.use = str(d.get("use", "idle"))
        v.place = str(d.get("place", ""))
        v.vitals.set_state(d["vitals"])
        v.cash = int(d.get("cash", 0))
        prev = d.get("prev_tile")
        v.prev_tile = (int(prev[0]), int(prev[1])) if prev else v.tile
        v.conversation = None if d.get("conversation") is None else int(d["conversation"])
        v.chatting_with_player = bool(d.get("chatting_with_player", False))
        return v
