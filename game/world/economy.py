"""The town's money: one ledger through which every coin moves (wages, fees, construction, recruiting).

Villagers hold ``v.cash``; the mayor's treasury lives here. Money only enters or
leaves the town through the ``OUTSIDE`` party (construction, recruiting, a
newcomer's savings), so ``sum(cash) + treasury`` is checkable against the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.codec import WIRED, Stateful

if TYPE_CHECKING:
    from game.agents.villager import Villager
    from game.clock import GameTime
    from game.sim.engine import Simulation

TREASURY = "treasury"
OUTSIDE = "outside"
#: A villager pays once per visit: a second use in the same building within this many game minutes is free.
VISIT_MINUTES = 120
#: Coins a villager without a job gets each morning at PENSION_HOUR (about a day's fees and rent).
PENSION = 14
PENSION_HOUR = 6
#: Rent (a fee at a bed) is paid once per night.
NIGHT_MINUTES = 720


@dataclass(frozen=True)
class Prices:
    """Fee per (building type, use) and wage per game hour per building type."""

    fees: dict[str, dict[str, int]] = field(default_factory=dict)
    wages: dict[str, int] = field(default_factory=dict)

    def fee(self, building_type: str, use: str) -> int:
        return self.fees.get(building_type, {}).get(use, 0)


@dataclass(frozen=True)
class Transfer(Stateful):
    """One movement of money: who paid whom, how much, why, where and when (game seconds)."""

    __state_row__ = True  # saved as [payer, payee, amount, reason, place, seconds]: a ledger is long

    payer: str
    payee: str
    amount: int
    reason: str
    place: str
    seconds: int


@dataclass(eq=False)
class Economy(Stateful):
    """The ledger and the treasury; charges fees on use and pays wages every game hour."""

    prices: Prices = field(metadata=WIRED)
    treasury: int
    ledger: list[Transfer] = field(default_factory=list, init=False)
    series: list[dict[str, Any]] = field(default_factory=list, init=False)
    unpaid_fees: int = field(default=0, init=False)
    unpaid_wages: int = field(default=0, init=False)
    start_money: int | None = field(default=None, init=False)
    # "vid|sector" -> game seconds of the last fee paid there
    _last_fee: dict[str, int] = field(default_factory=dict, init=False)
    _worked: dict[int, int] = field(default_factory=dict, init=False)  # vid -> game minutes worked this hour
    _hour_income: dict[str, int] = field(default_factory=dict, init=False)
    _hour_wages: int = field(default=0, init=False)

    # -- plugging in ---------------------------------------------------------------
    def install(self, sim: Simulation) -> None:
        sim.components["economy"] = self
        sim.use_hooks.append(self.on_use)
        sim.step_hooks.append(self.on_step)
        if self.start_money is None:
            self.start_money = self.money_in_town(sim)

    # -- transfers -------------------------------------------------------------------
    def transfer(self, sim: Simulation, payer: Villager | str, payee: Villager | str, amount: int, reason: str,
                 place: str = "") -> bool:
        """Move money if the payer has it (the outside always has); False and nothing moves otherwise."""
        if amount <= 0:
            return False
        if not isinstance(payer, str):
            if payer.cash < amount:
                return False
            payer.cash -= amount
        elif payer == TREASURY:
            if self.treasury < amount:
                return False
            self.treasury -= amount
        if not isinstance(payee, str):
            payee.cash += amount
        elif payee == TREASURY:
            self.treasury += amount
        self.ledger.append(Transfer(_party(payer), _party(payee), amount, reason, place, sim.clock.seconds))
        return True

    def money_in_town(self, sim: Simulation) -> int:
        return self.treasury + sum(v.cash for v in sim.villagers)

    def outside_net(self) -> int:
        """Money that came in from outside minus money that left (construction, recruiting, savings)."""
        return sum(t.amount for t in self.ledger if t.payer == OUTSIDE) - sum(
            t.amount for t in self.ledger if t.payee == OUTSIDE)

    # -- hooks ---------------------------------------------------------------------------
    def on_use(self, sim: Simulation, v: Villager, oid: int) -> None:
        obj = sim.town.object(oid)
        sector = sim.town.sector(obj.sector)
        if sector is None:
            return
        fee = self.prices.fee(sector.building_type, obj.use)
        if fee <= 0 or self.working(sim, v, obj.sector):
            return
        if obj.use == "sleep" and obj.sector != v.home:
            return
        key = f"{v.vid}|{obj.sector}"
        window = NIGHT_MINUTES if obj.use == "sleep" else VISIT_MINUTES
        last = self._last_fee.get(key)
        if last is not None and sim.clock.seconds - last < window * 60:
            return
        reason = "rent" if obj.use == "sleep" else f"{obj.use} at {obj.name}"
        if self.transfer(sim, v, TREASURY, fee, reason, obj.sector):
            self._last_fee[key] = sim.clock.seconds
            self._hour_income[obj.sector] = self._hour_income.get(obj.sector, 0) + fee
        else:
            self.unpaid_fees += 1

    @staticmethod
    def working(sim: Simulation, v: Villager, sector: str | None = None) -> bool:
        """At their workplace, in a work block of their plan (a barista brewing coffee is working)."""
        if v.workplace is None or v.plan is None or v.walking:
            return False
        if sector is not None and sector != v.workplace:
            return False
        item = v.plan.item_at(sim.clock.now.second_of_day // 60)
        return item.use == "work" and item.place == v.workplace and sim.town.map.place_at(*v.tile)[0] == v.workplace

    def on_step(self, sim: Simulation, now: GameTime) -> None:
        if now.second_of_day % 60:
            return
        for v in sim.villagers:
            if self.working(sim, v):
                self._worked[v.vid] = self._worked.get(v.vid, 0) + 1
        if now.second_of_day % 3600 == 0:
            self._pay_wages(sim)
            if now.second_of_day == PENSION_HOUR * 3600:
                self._pay_pensions(sim)
            self._sample(sim, now)

    def _pay_wages(self, sim: Simulation) -> None:
        for v in sim.villagers:
            minutes = self._worked.pop(v.vid, 0)
            sector = sim.town.sector(v.workplace) if v.workplace else None
            if not minutes or sector is None:
                continue
            wage = round(self.prices.wages.get(sector.building_type, 0) * minutes / 60)
            if wage <= 0:
                continue
            if self.transfer(sim, TREASURY, v, wage, "wage", sector.name):
                self._hour_wages += wage
            else:
                self.unpaid_wages += wage

    def _pay_pensions(self, sim: Simulation) -> None:
        """Villagers without a job (the retired) get a pension from the treasury each morning."""
        for v in sim.villagers:
            if not v.workplace and not self.transfer(sim, TREASURY, v, PENSION, "pension"):
                self.unpaid_wages += PENSION

    def _sample(self, sim: Simulation, now: GameTime) -> None:
        self.series.append({
            "seconds": now.seconds,
            "clock": str(now),
            "treasury": self.treasury,
            "population": len(sim.villagers),
            "cash": sum(v.cash for v in sim.villagers),
            "income": dict(sorted(self._hour_income.items())),
            "wages": self._hour_wages,
        })
        self._hour_income = {}
        self._hour_wages = 0

    # -- reading -----------------------------------------------------------------------------
    def income_by_building(self) -> dict[str, int]:
        """All fees ever collected, per building."""
        out: dict[str, int] = {}
        for t in self.ledger:
            if t.payee == TREASURY and t.payer != OUTSIDE:
                out[t.place] = out.get(t.place, 0) + t.amount
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def last_day_income(self) -> int:
        """Fees minus wages over the last 24 sampled hours."""
        recent = self.series[-24:]
        return sum(sum(s["income"].values()) - s["wages"] for s in recent)

    def totals_by_reason(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.ledger:
            key = t.reason if t.reason in ("wage", "rent", "construction", "recruiting", "savings") else "fees"
            out[key] = out.get(key, 0) + t.amount
        return dict(sorted(out.items()))

    def report_extras(self, sim: Simulation) -> dict:
        return {"economy": {
            "treasury": self.treasury,
            "money_in_town": self.money_in_town(sim),
            "start_money": self.start_money,
            "outside_net": self.outside_net(),
            "transfers": len(self.ledger),
            "totals": self.totals_by_reason(),
            "income_by_building": self.income_by_building(),
            "unpaid_fees": self.unpaid_fees,
            "unpaid_wages": self.unpaid_wages,
            "series": self.series,
        }}


def _party(p: Villager | str) -> str:
    return p if isinstance(p, str) else p.name
