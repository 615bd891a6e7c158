"""A villager's day: plan items (hour-scale blocks) and the minute-scale tasks they break into."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.codec import Stateful

DAY_MINUTES = 1440


def hhmm(minutes: int) -> str:
    minutes = int(minutes) % (DAY_MINUTES + 1)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class PlanItem(Stateful):
    """One block of the day: from start to end (minutes after midnight), doing activity at place."""

    start: int
    end: int
    activity: str
    use: str
    place: str

    def covers(self, minute: int) -> bool:
        return self.start <= minute < self.end

    def text(self) -> str:
        return f"{hhmm(self.start)}-{hhmm(self.end)} {self.activity}"


@dataclass(frozen=True)
class Task(Stateful):
    """A 5-15 minute step of a plan item: what to do, with which kind of object, where."""

    start: int
    end: int
    description: str
    use: str
    place: str
    object_name: str | None = None


@dataclass
class DailyPlan(Stateful):
    """Today's items, in order and covering the whole day, and the tasks decomposed so far, keyed by the
    start minute of their hourly block."""

    day: int
    wake: int
    items: list[PlanItem]
    tasks: dict[int, list[Task]] = field(default_factory=dict)

    def index_at(self, minute: int) -> int:
        for i, item in enumerate(self.items):
            if item.covers(minute):
                return i
        return len(self.items) - 1

    def item_at(self, minute: int) -> PlanItem:
        return self.items[self.index_at(minute)]

    def block_at(self, minute: int) -> PlanItem:
        """The hourly schedule: the part of the current item inside this clock hour (sleep stays whole)."""
        item = self.item_at(minute)
        if item.use == "sleep":
            return item
        hour = (minute // 60) * 60
        return PlanItem(max(item.start, hour), min(item.end, hour + 60), item.activity, item.use, item.place)

    def outline(self) -> str:
        """The day in broad strokes, as a memory keeps it (as the paper's agents remember a plan): when one
        gets up, each item away from home with its start (work at one place as one span, the place named
        once while one stays), and when one is home again. A day spent at home keeps its items."""
        awake = [i for i in self.items if i.use not in ("sleep", "wash")]
        first = next((i for i in self.items if i.use != "sleep"), None)
        if first is None or not awake:
            return "a day of rest"
        home = first.place
        away = any(i.place != home for i in awake)
        parts = [f"up at {hhmm(first.start)}"]
        shift: tuple[int, str] | None = None  # (start, activity) of the work span being written
        place = home
        for item in awake:
            if away and item.place == home:
                if place != home:
                    parts.append(f"home at {hhmm(item.start)}")
                place, shift = home, None
                continue
            if shift is not None and item.use == "work" and item.place == place:
                parts[-1] = f"{hhmm(shift[0])}-{hhmm(item.end)} {shift[1]}"  # more work at the same place
                continue
            activity = item.activity
            if item.place == place and activity.endswith(f" at {place}"):
                activity = activity[: -len(place) - 4]
            shift = (item.start, activity) if item.use == "work" else None
            parts.append(f"{hhmm(item.start)}-{hhmm(item.end)} {activity}" if shift
                         else f"{hhmm(item.start)} {activity}")
            place = item.place
        return "; ".join(parts)

    def replace_from(self, minute: int, new_items: list[PlanItem]) -> None:
        """Replan: keep what is done, cut the current item at minute, put new items after it."""
        kept = []
        for item in self.items:
            if item.end <= minute:
                kept.append(item)
            elif item.start < minute:
                kept.append(PlanItem(item.start, minute, item.activity, item.use, item.place))
        self.items = normalise(kept + [i for i in new_items if i.end > minute])
        self.tasks = {k: t for k, t in self.tasks.items() if t and t[-1].end <= minute}


SHORT_GAP = 30  # minutes: a gap shorter than this is not worth going home for


def normalise(items: list[PlanItem], filler: PlanItem | None = None) -> list[PlanItem]:
    """Sort, clip overlaps and fill gaps so that the items cover 00:00-24:00 exactly once."""
    out: list[PlanItem] = []
    cursor = 0
    fill = filler
    for item in sorted(items, key=lambda i: (i.start, i.end)):
        start, end = max(item.start, cursor), min(item.end, DAY_MINUTES)
        if end <= start:
            continue
        if start > cursor:
            gap = fill or item
            if fill is not None and out and start - cursor < SHORT_GAP and out[-1].use != "sleep":
                gap = out.pop()  # no trip home for a short gap: what came before goes on a little longer
                cursor = gap.start
            out.append(PlanItem(cursor, start, gap.activity, gap.use, gap.place))
        out.append(PlanItem(start, end, item.activity, item.use, item.place))
        cursor = end
    if cursor < DAY_MINUTES:
        last = fill or (out[-1] if out else None)
        if last is None:
            raise ValueError("a plan needs at least one item")
        out.append(PlanItem(cursor, DAY_MINUTES, last.activity, last.use, last.place))
    merged: list[PlanItem] = []
    for item in out:
        if merged and (merged[-1].activity, merged[-1].use, merged[-1].place) == (item.activity, item.use, item.place):
            prev = merged.pop()
            item = PlanItem(prev.start, item.end, item.activity, item.use, item.place)
        merged.append(item)
    return merged
