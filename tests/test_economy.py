"""The money ledger: transfers that cannot happen change nothing, fees per visit, and conservation over 3 days."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from game.mayor import install_mayor
from game.sim.engine import RoutineMind, Simulation
from game.sim.headless import run
from game.world.economy import OUTSIDE, TREASURY

ROOT = Path(__file__).resolve().parents[1]


def town(agents: int = 4, kind: str = "none") -> Simulation:
    sim = Simulation(agents=agents, seed=3, mind=RoutineMind())
    install_mayor(sim, kind)
    return sim


def test_a_transfer_the_payer_cannot_afford_moves_nothing() -> None:
    sim = town()
    economy = sim.components["economy"]
    v = sim.villagers[0]
    cash, treasury = v.cash, economy.treasury
    assert not economy.transfer(sim, v, TREASURY, cash + 1, "coffee")
    assert not economy.transfer(sim, TREASURY, v, treasury + 1, "wage")
    assert (v.cash, economy.treasury, economy.ledger) == (cash, treasury, [])
    assert economy.transfer(sim, v, TREASURY, 5, "coffee", "a cafe")
    assert (v.cash, economy.treasury) == (cash - 5, treasury + 5)
    assert economy.ledger[-1].payer == v.name and economy.ledger[-1].payee == TREASURY


def test_a_fee_is_paid_once_per_visit_and_not_by_staff_at_work() -> None:
    sim = town()
    economy = sim.components["economy"]
    cafe = sim.town.map.sectors_of("cafe")[0].name
    machine = next(o for o in sim.town.map.objects_in(cafe, use="coffee"))
    customer = next(v for v in sim.villagers if v.workplace != cafe)
    cash = customer.cash
    economy.on_use(sim, customer, machine.oid)
    economy.on_use(sim, customer, machine.oid)
    fee = economy.prices.fee("cafe", "coffee")
    assert fee > 0 and customer.cash == cash - fee
    sim.clock.seconds += 3 * 3600
    economy.on_use(sim, customer, machine.oid)
    assert customer.cash == cash - 2 * fee


def test_money_is_conserved_over_three_days_with_the_rule_mayor() -> None:
    sim = town(agents=6, kind="rules")
    economy = sim.components["economy"]
    start = economy.money_in_town(sim)
    run(sim, 3.0)
    left = sum(t.amount for t in economy.ledger if t.payee == OUTSIDE)
    came = sum(t.amount for t in economy.ledger if t.payer == OUTSIDE)
    assert {t.reason for t in economy.ledger if t.payee == OUTSIDE} <= {"construction", "recruiting"}
    assert {t.reason for t in economy.ledger if t.payer == OUTSIDE} <= {"savings"}
    assert left > 0 and came > 0, "the mayor built or recruited"
    assert economy.money_in_town(sim) == start - left + came
    totals = economy.totals_by_reason()
    assert totals["wage"] > 0 and totals["fees"] > 0 and totals["rent"] > 0
    assert all(v.cash >= 0 for v in sim.villagers) and economy.treasury >= 0


def test_economy_state_round_trips() -> None:
    sim = town(agents=4, kind="rules")
    run(sim, 0.5)
    economy = sim.components["economy"]
    state = economy.get_state()
    fresh = town(agents=4).components["economy"]
    fresh.set_state(state)
    assert fresh.get_state() == state


def test_headless_cli_reports_the_economy_and_plots(tmp_path: Path) -> None:
    report, chart = tmp_path / "r.json", tmp_path / "r.png"
    done = subprocess.run([sys.executable, "main.py", "--headless", "--mayor", "rules", "--mind", "routine",
                           "--agents", "4", "--days", "0.5", "--report", str(report), "--plot", str(chart)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    import json

    data = json.loads(report.read_text())
    assert set(data["economy"]) >= {"treasury", "series"} and set(data["mayor"]) >= {"actions", "rejected"}
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
