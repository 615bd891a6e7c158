"""The mayor's office: performs actions for the player or a deciding mayor and keeps their record.

Plugged into the simulation as ``sim.components["mayor"]``; a deciding mayor (rules or
LLM) is asked once per game hour from 9:00 to 24:00.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from game.codec import WIRED, Stateful
from game.mayor.actions import HOMES, Nothing, Rejected, apply, free_beds, parse_action, validate
from game.mayor.catalog import Catalog
from game.world.economy import Economy

if TYPE_CHECKING:
    from game.clock import GameTime
    from game.sim.engine import Simulation

FIRST_HOUR = 9  # decisions at 9:00, 10:00, ... 23:00 and 24:00 (= 0:00 of the next day)
KEEP_TEXT = 300  # characters of an answer kept in the record


Deliver = Callable[[object], object]  # what a delivery returns is not the decider's business


class Decider(Protocol):
    """A mayor that chooses and hands the JSON-shaped action (or Rejected, when its answer was unusable) to
    deliver, now or when a model answers later."""

    def decide(self, sim: Simulation, office: MayorOffice, deliver: Deliver) -> None: ...


@dataclass(eq=False)
class MayorOffice(Stateful):
    """The one door through which the town is changed by its mayor, whoever that is."""

    catalog: Catalog = field(metadata=WIRED)
    economy: Economy = field(metadata=WIRED)
    decider: Decider | None = field(default=None, metadata=WIRED)
    kind: str = field(default="none", metadata=WIRED)  # who decides in this run, not in the saved one
    record: list[dict[str, Any]] = field(default_factory=list, init=False)
    built: list[dict[str, Any]] = field(default_factory=list, init=False)

    def install(self, sim: Simulation) -> None:
        sim.components["mayor"] = self
        sim.step_hooks.append(self.on_step)

    @property
    def last(self) -> dict | None:
        return self.record[-1] if self.record else None

    def perform(self, sim: Simulation, data: object, by: str = "player") -> tuple[bool, str]:
        """Parse, validate and apply one action; (done, what happened or why it was rejected)."""
        shown = data if isinstance(data, dict) else "(unusable answer)" if isinstance(data, Rejected) else (
            str(data)[:KEEP_TEXT])
        try:
            if isinstance(data, Rejected):
                raise data
            action = parse_action(data)
            validate(sim, self.catalog, self.economy, action)
            outcome = apply(sim, self.catalog, self.economy, action)
        except Rejected as exc:
            self._note(sim, by, shown, False, f"rejected: {exc}")
            if by == "player":
                sim.log("mayor", f"Mayor's order rejected: {exc}")
            return False, str(exc)
        if outcome.built is not None:
            self.built.append(outcome.built)
        if not isinstance(action, Nothing) or by != "player":
            self._note(sim, by, shown, True, outcome.text)
        return True, outcome.text

    def _note(self, sim: Simulation, by: str, action: object, ok: bool, result: str) -> None:
        if isinstance(action, dict):
            action = {k: (v[:KEEP_TEXT] if isinstance(v, str) else v) for k, v in action.items()}
        self.record.append({"clock": str(sim.now), "seconds": sim.clock.seconds, "by": by, "action": action,
                            "ok": ok, "result": result, "treasury": self.economy.treasury})

    def on_step(self, sim: Simulation, now: GameTime) -> None:
        if self.decider is None or now.second_of_day % 3600 or not (now.hour >= FIRST_HOUR or now.hour == 0):
            return
        self.decider.decide(sim, self, lambda action: self.perform(sim, action, by=self.kind))

    # -- the window's view -------------------------------------------------------------------
    def info(self, sim: Simulation) -> dict:
        """Plain data for the mayor's panel (built on the simulation thread, read on the window's)."""
        economy = self.economy
        holders = {s.lot: s.name for s in sim.town.map.sectors.values() if s.lot is not None}
        lots = [{"lot": [c, r], "rect": [lot.rect.x, lot.rect.y, lot.rect.w, lot.rect.h],
                 "holder": holders.get((c, r)), "district": lot.district}
                for (c, r), lot in sorted(sim.town.map.lots.items())]
        homes = [(s.name, len(free_beds(sim, s.name))) for s in sorted(sim.town.map.sectors.values(),
                                                                         key=lambda s: s.name)
                 if s.building_type in HOMES]
        return {
            "treasury": economy.treasury,
            "day_income": economy.last_day_income(),
            "population": len(sim.villagers),
            "series": [dict(s) for s in economy.series[-24 * 7:]],
            "income": economy.income_by_building(),
            "ledger": [t.get_state() for t in economy.ledger[-8:]],
            "record": [dict(r) for r in self.record if r["result"] != "did nothing"][-6:],
            "built": [dict(b) for b in self.built],
            "lots": lots,
            "homes": homes,
            "recruit_cost": self.catalog.recruit_cost,
        }

    @staticmethod
    def handlers() -> dict:
        """Runner commands: "mayor" performs the player's action, "mayor_info" answers with info().

        They look the office up in the running town, so a loaded save's office answers after a swap.
        """
        return {"mayor": lambda sim, args: sim.components["mayor"].perform(sim, args["action"], by="player"),
                "mayor_info": lambda sim, args: sim.components["mayor"].info(sim)}

    # -- state and report -----------------------------------------------------------------
    def map_changes(self) -> list[dict]:
        """Buildings placed so far, oldest first, for the save (it re-stamps them before loading)."""
        return [{"type": b["type"], "lot": list(b["lot"]), "name": b["name"]} for b in self.built]

    def report_extras(self, sim: Simulation) -> dict:
        done = [r for r in self.record if r["ok"] and r["result"] != "did nothing"]
        return {"mayor": {
            "kind": self.kind,
            "decisions": sum(1 for r in self.record if r["by"] != "player"),
            "actions": done,
            "rejected": [r for r in self.record if not r["ok"]],
            "built": self.built,
            "population": len(sim.villagers),
        }}


def office_of(sim: Simulation) -> MayorOffice | None:
    """The town's mayor's office, if one is installed."""
    office = sim.components.get("mayor")
    return office if isinstance(office, MayorOffice) else None
