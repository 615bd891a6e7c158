"""The experimenter's hand in a run: scheduled events (whisper, announce, build, recruit) and probes.

A step hook: at each event's or probe's time it acts, and keeps a record of what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.agents.converse import parse_invitation
from game.clock import DAY_SECONDS, GameTime
from game.experiment import probes
from game.experiment.scenario import Event, Probe, Scenario
from game.mayor import MayorOffice
from game.sim.news import NewsLog

if TYPE_CHECKING:
    from game.agents.mind import GenerativeMind
    from game.sim.engine import Simulation


class Schedule:
    """Fires the scenario's events and probes at their times (scenario day 1 is the run's first day)."""

    def __init__(self, scenario: Scenario, sim: Simulation, mind: GenerativeMind, news: NewsLog) -> None:
        self.mind = mind
        self.news = news
        # A town whose clock starts on a later day or hour (an import) counts scenario days from its first day.
        self.offset = (sim.clock.seconds // DAY_SECONDS) * DAY_SECONDS
        start, end = sim.clock.seconds, sim.clock.seconds + round(scenario.days * DAY_SECONDS)
        self.events: list[Event] = list(scenario.events)
        asks: list[tuple[int, Probe]] = []
        for p in scenario.probes:
            if p.every:  # every multiple of the interval after midnight of day 1 that falls inside the run
                first = ((start - self.offset) // p.every + 1) * p.every
                asks.extend((t, p) for t in range(first, end - self.offset + 1, p.every))
            else:
                asks.extend((t, p) for t in p.times)
        self.probes: list[tuple[int, Probe]] = sorted(asks, key=lambda tp: tp[0])
        self.done_events: list[dict] = []
        self.answers: list[dict] = []

    def install(self, sim: Simulation) -> Schedule:
        sim.step_hooks.append(self.on_step)
        return self

    def on_step(self, sim: Simulation, now: GameTime) -> None:
        while self.events and self.events[0].at + self.offset <= now.seconds:
            self._fire(sim, self.events.pop(0))
        while self.probes and self.probes[0][0] + self.offset <= now.seconds:
            _t, probe = self.probes.pop(0)
            self._probe(sim, probe)

    def missed(self) -> list[dict]:
        """Events and probes whose time the run never reached (an imported cast's clock can start late)."""
        return ([{"kind": e.kind, "time": e.at + self.offset} for e in self.events]
                + [{"kind": "probe", "probe": p.name, "time": t + self.offset} for t, p in self.probes])

    # -- events -------------------------------------------------------------------------------------
    def _fire(self, sim: Simulation, event: Event) -> None:
        record = {"time": sim.clock.seconds, "clock": str(sim.now), "kind": event.kind}
        if event.kind == "whisper":
            ok, result = self._whisper(sim, event.villager, event.text)
            record.update(villager=event.villager, text=event.text)
        elif event.kind == "announce":
            ok, result = self._announce(sim, event.text)
            record.update(text=event.text)
        else:
            mayor = sim.components.get("mayor")
            if isinstance(mayor, MayorOffice):
                ok, result = mayor.perform(sim, dict(event.action), by="scenario")
            else:
                ok, result = False, "this town has no mayor's office"
            record.update(action=dict(event.action))
        record.update(ok=ok, result=result)
        self.done_events.append(record)

    def _whisper(self, sim: Simulation, name: str, text: str) -> tuple[bool, str]:
        v = sim.villager_named(name)
        if v is None:
            return False, f"cannot whisper to {name}: nobody of that name lives in town"
        self.mind.whisper(sim, v, text)
        now = sim.now
        inv = parse_invitation(text, list(sim.town.map.sectors), now.day, now.second_of_day // 60, v.name)
        if inv is not None:
            item = self.news.invitation(sim, inv, text)
        else:
            item = self.news.originate(sim, "whisper", text, v.name, key=text)
        return True, f"{v.name} thinks it ({item.nid})"

    def _announce(self, sim: Simulation, text: str) -> tuple[bool, str]:
        item = self.news.announce(sim, text)
        now = sim.now
        inv = parse_invitation(text, list(sim.town.map.sectors), now.day, now.second_of_day // 60, "the town")
        if inv is not None:
            item.place = inv.place
            item.start = (inv.day - 1) * DAY_SECONDS + inv.start * 60
            item.end = item.start + (inv.end - inv.start) * 60
        for v in sim.villagers:
            self.mind.mind(sim, v)
            self.mind.remember(sim, v, "event", f"Town notice: {text}", sim.clock.seconds, importance=6,
                               subject="town")
        sim.log("announce", f"Town notice: {text}")
        return True, f"every villager read it ({item.nid})"

    # -- probes ---------------------------------------------------------------------------------------
    def _probe(self, sim: Simulation, probe: Probe) -> None:
        who = [v.name for v in sim.villagers] if probe.villager == "*" else [probe.villager]
        for name in who:
            answer = probes.ask(sim, name, probe.question)
            self.answers.append({"probe": probe.name, "villager": name, "question": probe.question,
                                 "time": sim.clock.seconds, "clock": str(sim.now), "answer": answer,
                                 "passed": probes.check(probe.expect, answer)})
