"""News cascades (OASIS's information-channel measures) and the town's social network density.

Every piece of news (an invitation, a town notice, a whisper) gets an id and an
origin; each telling is logged as (teller, listener, time). From that log come
scale, depth, max breadth and the time to reach half the town; news of an event
with a place and a time also records who was there during it. The network is
the pairs who have talked or hold a relation, sampled over time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.clock import DAY_SECONDS, GameTime
from game.codec import Stateful, decode, encode

if TYPE_CHECKING:
    from game.agents.converse import Invitation
    from game.agents.villager import Villager
    from game.sim.engine import Simulation

TOWN = "town notice"  # the origin of announcements: nobody in particular
SAMPLE_EVERY = 1800  # game seconds between density samples
# A whisper is passed on when a line by someone who knows it carries enough of its distinctive words.
_WORD = re.compile(r"[a-z][a-z'-]{4,}")
_COMMON = frozenset("about after again being could every going great other really should their there these "
                    "thing think those today tomorrow where which while would your yours you're".split())


@dataclass
class NewsItem(Stateful):
    """One piece of news and how it spread: who heard it, from whom and when, and who came."""

    nid: str
    kind: str  # "invitation" | "announcement" | "whisper"
    text: str
    origin: str
    created: int
    place: str = ""
    start: int | None = None  # game seconds of the event the news is about
    end: int | None = None
    heard: dict[str, int] = field(default_factory=dict)  # who knows -> when they first knew
    told: list[tuple[str, str, int]] = field(default_factory=list)  # (teller, listener, when), first tellings
    attended: dict[str, int] = field(default_factory=dict)  # who came, having heard of it -> first seen there

    @property
    def words(self) -> frozenset[str]:
        """The distinctive words of the news, by which a retelling is recognised."""
        return frozenset(w for w in _WORD.findall(self.text.lower()) if w not in _COMMON)

    def retold_in(self, line: str) -> bool:
        words = self.words
        said = set(_WORD.findall(line.lower()))
        return bool(words) and len(words & said) >= min(3, len(words))

    def measures(self, population: int) -> dict:
        """scale (people who know), depth and max breadth of the telling tree, time to reach half the town."""
        parent = {b: a for a, b, _t in self.told}
        levels: dict[int, int] = {}
        for name in self.heard:
            depth, seen, at = 0, set(), name
            while at in parent and at not in seen:
                seen.add(at)
                at = parent[at]
                depth += 1
            levels[depth] = levels.get(depth, 0) + 1
        times = sorted(self.heard.values())
        half = math.ceil(population / 2) if population else 0
        reached = times[half - 1] - self.created if half and len(times) >= half else None
        return {"scale": len(self.heard), "share": round(len(self.heard) / population, 4) if population else 0.0,
                "depth": max(levels, default=0),
                "max_breadth": max((n for d, n in levels.items() if d > 0), default=0),
                "half_town_seconds": reached}


@dataclass
class SavedNews:
    """What the news log keeps in a save."""

    items: list[NewsItem]
    keys: dict[str, str]
    talked: list[tuple[str, str]]
    density: list[tuple[int, float]]


class NewsLog:
    """The town's component that tracks news and who has talked with whom (``sim.components["news"]``)."""

    def __init__(self, sample_every: int = SAMPLE_EVERY) -> None:
        self.sample_every = sample_every
        self.items: dict[str, NewsItem] = {}
        self.keys: dict[str, str] = {}  # invitation text -> news id
        self.talked: set[tuple[str, str]] = set()
        self.density: list[tuple[int, float]] = []
        self._said: dict[int, str | None] = {}  # vid -> the line in their bubble last step (not saved)

    def install(self, sim: Simulation) -> None:
        sim.components["news"] = self
        sim.step_hooks.append(self.on_step)
        sim.tell_hooks.append(told_invitation)

    # -- news --------------------------------------------------------------------------------
    def originate(self, sim: Simulation, kind: str, text: str, origin: str, key: str = "", place: str = "",
                  start: int | None = None, end: int | None = None) -> NewsItem:
        """A new piece of news that ``origin`` knows now (``key`` matches later tellings of it)."""
        if key and key in self.keys:
            return self.items[self.keys[key]]
        now = sim.clock.seconds
        item = NewsItem(f"n{len(self.items) + 1}", kind, text, origin, now, place, start, end)
        if origin != TOWN:
            item.heard[origin] = now
        self.items[item.nid] = item
        if key:
            self.keys[key] = item.nid
        return item

    def invitation(self, sim: Simulation, inv: Invitation, text: str = "") -> NewsItem:
        start = (inv.day - 1) * DAY_SECONDS + inv.start * 60
        return self.originate(sim, "invitation", text or f"{inv.host}'s {inv.text()}", inv.host, key=inv.text(),
                              place=inv.place, start=start, end=start + (inv.end - inv.start) * 60)

    def tell(self, sim: Simulation, item: NewsItem, teller: str, listener: str) -> None:
        """``teller`` told ``listener``; only a first hearing counts towards the cascade."""
        now = sim.clock.seconds
        if teller != TOWN:
            item.heard.setdefault(teller, now)
        if listener in item.heard:
            return
        item.heard[listener] = now
        item.told.append((teller, listener, now))

    def announce(self, sim: Simulation, text: str) -> NewsItem:
        """A town notice: everyone hears it from the town at once (depth 1, breadth = the town)."""
        item = self.originate(sim, "announcement", text, TOWN)
        for v in sim.villagers:
            self.tell(sim, item, TOWN, v.name)
        return item

    # -- watching the town ---------------------------------------------------------------------
    def on_step(self, sim: Simulation, now: GameTime) -> None:
        talking: dict[int, Villager] = {}
        whispers = [i for i in self.items.values() if i.kind == "whisper"]
        for v in sim.villagers:
            if v.conversation is None:
                continue
            other = talking.pop(v.conversation, None)
            if other is None:
                talking[v.conversation] = v
                continue
            self.talked.add(_pair(other.name, v.name))
            if whispers:
                self._listen(sim, whispers, other, v)
                self._listen(sim, whispers, v, other)
        if now.second_of_day % 60 == 0:
            self._attendance(sim, now.seconds)
        if not self.density or now.seconds - self.density[-1][0] >= self.sample_every:
            self.density.append((now.seconds, round(self.network_density(sim), 4)))

    def _listen(self, sim: Simulation, whispers: list[NewsItem], speaker: Villager, listener: Villager) -> None:
        """A new line from someone who knows a whisper, carrying its words: the listener has heard it."""
        line = sim.bubble_of(speaker)
        if line is None or line == self._said.get(speaker.vid):
            return
        self._said[speaker.vid] = line
        for item in whispers:
            if speaker.name in item.heard and listener.name not in item.heard and item.retold_in(line):
                self.tell(sim, item, speaker.name, listener.name)

    def _attendance(self, sim: Simulation, seconds: int) -> None:
        for item in self.items.values():
            if item.start is None or item.end is None or not item.start <= seconds < item.end:
                continue
            sector = sim.town.sector(item.place)
            if sector is None:
                continue
            for v in sim.villagers:
                # Who came for it: someone who had heard of it (the host included); a bystander who happens
                # to be at the cafe has not come to the party.
                if v.name not in item.attended and v.name in item.heard and sector.rect.contains(*v.tile):
                    item.attended[v.name] = seconds

    def network_density(self, sim: Simulation) -> float:
        """Pairs who have talked or hold a relation, over all pairs of villagers."""
        names = {v.name for v in sim.villagers}
        n = len(names)
        if n < 2:
            return 0.0
        pairs = {p for p in self.talked if p[0] in names and p[1] in names}
        for v in sim.villagers:
            pairs.update(_pair(v.name, other) for other in v.persona.knows if other in names and other != v.name)
        return len(pairs) / (n * (n - 1) / 2)

    # -- state and report -------------------------------------------------------------------------
    def get_state(self) -> dict:
        return encode(SavedNews(list(self.items.values()), self.keys, sorted(self.talked), self.density))

    def set_state(self, state: dict) -> None:
        saved: SavedNews = decode(SavedNews, state, "components", "news")
        self.items = {i.nid: i for i in saved.items}
        self.keys = dict(saved.keys)
        self.talked = set(saved.talked)
        self.density = list(saved.density)

    def cascades(self, sim: Simulation) -> list[dict]:
        population = len(sim.villagers)
        out = []
        for item in self.items.values():
            entry = {"id": item.nid, "kind": item.kind, "text": item.text, "origin": item.origin,
                     "created": item.created, "created_clock": str(GameTime(item.created)),
                     "told": [{"from": a, "to": b, "time": t, "clock": str(GameTime(t))} for a, b, t in item.told],
                     **item.measures(population)}
            if item.start is not None:
                entry.update({"place": item.place, "start": item.start, "end": item.end,
                              "attended": sorted(item.attended)})
            out.append(entry)
        return out

    def report_extras(self, sim: Simulation) -> dict:
        series = list(self.density)
        end = (sim.clock.seconds, round(self.network_density(sim), 4))
        if not series or series[-1][0] != end[0]:
            series.append(end)
        return {"cascades": self.cascades(sim),
                "network": {"density_start": series[0][1], "density_end": end[1],
                            "density": [list(p) for p in series], "pairs_talked": len(self.talked)}}


def install_news(sim: Simulation, sample_every: int = SAMPLE_EVERY) -> NewsLog:
    log = NewsLog(sample_every)
    log.install(sim)
    return log


def told_invitation(sim: Simulation, inv: Invitation, teller: str, listener: str) -> None:
    """The hook cognition calls when an invitation is passed on in a conversation."""
    log = sim.components.get("news")
    if isinstance(log, NewsLog):
        log.tell(sim, log.invitation(sim, inv), teller, listener)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)

