"""Mayor benchmark: 3-game-day runs with the rule mayor and with no mayor, same seed and town.

Prints a markdown table (treasury, population, buildings, money moved) with the rule mayor's
figures as ratios to the no-mayor baseline, and writes bench/results/mayor.json.

    python bench/bench_mayor.py [--days 3] [--agents 6] [--seed 1] [--mind routine|generative]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.mayor import install_mayor  # noqa: E402  (after the path is set)
from game.sim.engine import Simulation  # noqa: E402
from game.sim.headless import run  # noqa: E402
from game.sim.setup import make_mind  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "mayor.json"


def one_run(kind: str, days: float, agents: int, seed: int, mind: str) -> dict:
    sim = Simulation(agents=agents, seed=seed, mind=make_mind(mind, {"backend": "offline"}, lockstep=True))
    office = install_mayor(sim, kind)
    started = time.perf_counter()
    report = run(sim, days)
    economy = report["economy"]
    return {
        "mayor": kind,
        "treasury": economy["treasury"],
        "population": len(sim.villagers),
        "buildings": len(sim.town.map.sectors),
        "built": [b["name"] for b in office.built],
        "villagers_cash": sum(v.cash for v in sim.villagers),
        "fees_and_rent": economy["totals"].get("fees", 0) + economy["totals"].get("rent", 0),
        "wages": economy["totals"].get("wage", 0),
        "actions": len(report["mayor"]["actions"]),
        "rejected": len(report["mayor"]["rejected"]),
        "conserved": economy["money_in_town"] == economy["start_money"] + economy["outside_net"],
        "wall_seconds": round(time.perf_counter() - started, 2),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--days", type=float, default=3.0)
    p.add_argument("--agents", type=int, default=6)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--mind", choices=("routine", "generative"), default="routine")
    args = p.parse_args()
    base = one_run("none", args.days, args.agents, args.seed, args.mind)
    rules = one_run("rules", args.days, args.agents, args.seed, args.mind)
    rows = [("treasury at the end", "treasury"), ("population at the end", "population"),
            ("buildings", "buildings"), ("villagers' cash", "villagers_cash"),
            ("fees and rent paid", "fees_and_rent"), ("wages paid", "wages")]
    print(f"Mayor benchmark: {args.days:g} game days, {args.agents} villagers at start, seed {args.seed}, "
          f"{args.mind} mind\n")
    print("| | no mayor | rule mayor | rule / none |")
    print("|---|---:|---:|---:|")
    for label, key in rows:
        ratio = f"{rules[key] / base[key]:.2f}" if base[key] else "n/a"
        print(f"| {label} | {base[key]} | {rules[key]} | {ratio} |")
    print(f"\nrule mayor: {rules['actions']} actions ({', '.join(rules['built']) or 'nothing built'}), "
          f"{rules['rejected']} rejected; money conserved: none {base['conserved']}, rules {rules['conserved']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"days": args.days, "agents": args.agents, "seed": args.seed, "mind": args.mind,
                                   "none": base, "rules": rules}, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
