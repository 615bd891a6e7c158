"""Believability of the offline town: 16 villagers, 2 game days, 3 seeds, against main before this work.

Each run whispers a party to one villager at 08:00 and watches the town from outside (the conversations
as they end, where everyone is each minute); the same measurement runs on a baseline tree
(``--base DIR``, a ``git worktree`` of the commit before) in the same bench run, for the wall-time ratio.
Figures go to bench/results/believability.json.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SEEDS = (7, 123, 2026)
AGENTS = 16
DAYS = 2
DAY_STEPS = 8640
PARTY_AT = 17 * 60
WHISPER_AT = 8 * 60
_TALK = re.compile(r"([A-Z][\w'-]+(?: [A-Z][\w'-]+)*) and I (?:talk often|have talked (\d+) times)")
_ONCE = re.compile(r"I have talked with ([A-Z][\w'-]+) only once")


def measure(seed: int) -> dict:
    """One run in this process's tree (the tree is whatever ``game`` imports from)."""
    from game.sim.engine import DEFAULT_MAP, Simulation
    from game.sim.news import NewsLog, install_news
    from game.sim.setup import make_mind
    from game.world.tilemap import TownMap

    sim = Simulation(TownMap(DEFAULT_MAP), agents=AGENTS, seed=seed,
                     mind=make_mind("generative", {"backend": "offline"}))
    news = sim.components.get("news")
    if not isinstance(news, NewsLog):
        news = install_news(sim)
    talk = sim.mind.talk
    talks: list[dict] = []
    end_talk = talk._end

    def recorded_end(s: object, conv: object) -> None:
        names = (sim.villagers[conv.a].name, sim.villagers[conv.b].name)
        talks.append({"a": names[0], "b": names[1], "end": sim.clock.seconds,
                      "lines": [t for _, t in conv.lines], "summary": conv.summary})
        end_talk(s, conv)

    talk._end = recorded_end
    host = sim.villagers[0]
    party_place = host.home
    minutes: dict[str, Counter] = {v.name: Counter() for v in sim.villagers}
    planned: dict[tuple[str, int], list[str]] = {}
    at_party: dict[int, set[str]] = {0: set(), 1: set()}
    heard_by_five = 0
    party_day = 0
    started = time.perf_counter()
    for _ in range(DAYS * DAY_STEPS):
        sim.run_steps(1)
        now = sim.clock.now
        minute = now.second_of_day // 60
        if now.second_of_day % 60:
            continue
        day = sim.clock.seconds // 86400
        if day == 0 and minute == WHISPER_AT:
            party_day = now.day
            sim.mind.whisper(sim, host, f"I am having a party at {party_place} at 17:00 today, and everyone "
                                        "is welcome.")
        if day == 0 and minute == PARTY_AT:
            heard_by_five = len(_party_item(news, party_place).heard) if _party_item(news, party_place) else 1
        sector = sim.town.sector(party_place)
        for v in sim.villagers:
            if v.asleep:
                continue
            block = v.plan.block_at(minute).activity if v.plan is not None and v.plan.items else ""
            activity = f"{block} {v.task.description if v.task is not None else v.action or ''}".lower()
            if v.walking:
                minutes[v.name]["walk (activity)" if "walk" in activity else "walk (transit)"] += 1
            else:
                minutes[v.name][v.use or "idle"] += 1
            if v.plan is not None and v.plan.items and minute % 10 == 0:
                block = v.plan.block_at(minute)
                planned.setdefault((v.name, day), []).append(f"{block.use}|{block.activity}")
            # Who came: the host and guests; the host's household is at home anyway and is not counted.
            if (PARTY_AT <= minute < PARTY_AT + 120 and sector is not None and sector.rect.contains(*v.tile)
                    and (v is host or v.home != host.home)):
                at_party[day].add(v.name)
    wall = time.perf_counter() - started
    minds = sim.mind.minds
    reflections = [(v.name, n.description, n.created) for v in sim.villagers
                   for n in minds[v.vid].memory.nodes if n.kind == "reflection"]
    return {"seed": seed, "wall_s": round(wall, 2), "talks": talks, "minutes": {k: dict(c) for k, c in minutes.items()},
            "planned": {f"{k[0]}|{k[1]}": v for k, v in planned.items()}, "reflections": reflections,
            "first_names": {v.persona.first_name: v.name for v in sim.villagers},
            "party": {"host": host.name, "place": party_place, "heard_by_17": heard_by_five,
                      "attended_day1": sorted(at_party[0]), "attended_day2": sorted(at_party[1]),
                      "host_there_day1": host.name in at_party[0],
                      "promised_day2": sum(1 for m in minds.values() for p in m.promises + m.hosting
                                           if p.day > party_day and p.place == party_place)},
            "density_start": news.density[0][1] if news.density else None,
            "density_end": round(news.network_density(sim), 4)}


def _party_item(news: object, place: str) -> object:
    return next((i for i in news.items.values() if i.place == place and i.kind == "invitation"), None)


def false_talk_claims(run: dict) -> tuple[int, int]:
    """(claims checked, claims false): "X and I talk often" needs 2 earlier talks, "N times" N, "once" 1."""
    checked = false = 0
    for who_reflects, text, created in run["reflections"]:
        claims = [(m.group(1), int(m.group(2)) if m.group(2) else 2, False) for m in _TALK.finditer(text)]
        claims += [(m.group(1), 1, True) for m in _ONCE.finditer(text)]
        for name, need, exact in claims:
            other = run["first_names"].get(name, name)
            n = sum(1 for t in run["talks"] if t["end"] <= created and {t["a"], t["b"]} == {who_reflects, other})
            checked += 1
            if n < need or (exact and n != need):
                false += 1
    return checked, false


def figures(run: dict, names: list[str]) -> dict:
    lines = [line for t in run["talks"] for line in t["lines"]]
    masked = []
    for line in lines:
        for first in names:
            line = line.replace(first, "NAME")
        masked.append(line)
    counts = Counter(lines)
    lengths = Counter(len(t["lines"]) for t in run["talks"])
    summaries = [t["summary"] for t in run["talks"]]
    texts = [r[1] for r in run["reflections"]]
    checked, false = false_talk_claims(run)
    total = Counter()
    for c in run["minutes"].values():
        total.update(c)
    waking = sum(total.values())
    days = {}
    for key, acts in run["planned"].items():
        who, day = key.split("|")
        days.setdefault(who, {})[int(day)] = acts
    same = [sum(x == y for x, y in zip(d[0], d[1], strict=False)) / max(1, min(len(d[0]), len(d[1])))
            for d in days.values() if 0 in d and 1 in d]
    # The same, leaving out the samples in a work shift on either day (shifts are fixed on purpose).
    pairs = [(x, y) for d in days.values() if 0 in d and 1 in d for x, y in zip(d[0], d[1], strict=False)]
    off_work = [(x, y) for x, y in pairs if not x.startswith("work|") and not y.startswith("work|")]
    party = run["party"]
    return {
        "seed": run["seed"], "wall_s": run["wall_s"], "conversations": len(run["talks"]),
        "lines_distinct": round(len(set(lines)) / max(1, len(lines)), 3),
        "lines_distinct_masked": round(len(set(masked)) / max(1, len(masked)), 3),
        "line_max_repeats": max(counts.values(), default=0),
        "lengths": dict(sorted(lengths.items())),
        "summaries_distinct": round(len(set(summaries)) / max(1, len(summaries)), 3),
        "reflections": len(texts),
        "reflections_distinct": round(len(set(texts)) / max(1, len(texts)), 3),
        "talk_claims_checked": checked, "talk_claims_false": false,
        "walking_transit_share": round(total["walk (transit)"] / max(1, waking), 3),
        "minutes": dict(total.most_common()),
        "plan_same_both_days": round(sum(same) / max(1, len(same)), 3),
        "plan_same_off_work": round(sum(x == y for x, y in off_work) / max(1, len(off_work)), 3),
        "work_share_of_samples": round(1 - len(off_work) / max(1, len(pairs)), 3),
        "party_heard_by_17": party["heard_by_17"], "party_heard_share": round(party["heard_by_17"] / AGENTS, 3),
        "party_attended": len(party["attended_day1"]), "party_host_there": party["host_there_day1"],
        "party_day2_attended": len(party["attended_day2"]), "party_day2_promised": party["promised_day2"],
        "density_start": run["density_start"], "density_end": run["density_end"],
        "planned": run["planned"],
    }


def run_tree(tree: Path, seed: int) -> dict:
    """Measure one seed in a fresh process that imports the game from `tree`."""
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
            "import bench_believability as b; print(json.dumps(b.measure(int(sys.argv[3]))))")
    out = subprocess.run([sys.executable, "-c", code, str(tree), str(Path(__file__).parent), str(seed)],
                         cwd=tree, capture_output=True, text=True, check=True,
                         env={"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PATH": "/usr/bin:/bin",
                              "HOME": str(Path.home())})
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(rows: list[dict]) -> dict:
    keys = ["wall_s", "lines_distinct", "lines_distinct_masked", "line_max_repeats", "summaries_distinct",
            "reflections_distinct", "talk_claims_false", "walking_transit_share", "party_heard_share",
            "party_attended", "party_heard_by_17", "party_day2_attended", "density_start", "density_end",
            "plan_same_both_days", "plan_same_off_work", "work_share_of_samples"]
    out = {k: round(sum(r[k] for r in rows) / len(rows), 3) for k in keys}
    out["party_host_there_all"] = all(r["party_host_there"] for r in rows)
    out["attended_below_heard_all"] = all(r["party_attended"] < r["party_heard_by_17"] for r in rows)
    out["line_max_repeats"] = max(r["line_max_repeats"] for r in rows)
    out["talk_claims_false"] = sum(r["talk_claims_false"] for r in rows)
    return out


def cross_seed_same(rows: list[dict]) -> float:
    """Share of day-1 plan samples that are the same for the same villager under two different seeds."""
    a, b = rows[0]["planned"], rows[1]["planned"]
    same = [sum(x == y for x, y in zip(a[k], b[k], strict=False)) / max(1, min(len(a[k]), len(b[k])))
            for k in a if k in b and k.endswith("|0")]
    return round(sum(same) / max(1, len(same)), 3)


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    base = Path(sys.argv[sys.argv.index("--base") + 1]) if "--base" in sys.argv else None
    seeds = SEEDS[:1] if "--quick" in sys.argv else SEEDS
    jobs = [(here, s) for s in seeds] + ([(base, s) for s in seeds] if base else [])
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda j: run_tree(*j), jobs))
    result: dict = {}
    for label, tree in (("after", here), ("before", base)):
        if tree is None:
            continue
        rows = []
        for (t, _), run in zip(jobs, runs, strict=True):
            if t == tree:
                rows.append(figures(run, list(run["first_names"])))
        summary = summarise(rows)
        summary["plan_same_across_seeds"] = cross_seed_same(rows) if len(rows) > 1 else None
        for r in rows:
            r.pop("planned")
        result[label] = {"summary": summary, "runs": rows}
    if base is not None:
        result["wall_ratio_after_to_before"] = round(result["after"]["summary"]["wall_s"]
                                                     / result["before"]["summary"]["wall_s"], 3)
    out = here / "bench" / "results" / "believability.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v["summary"] if isinstance(v, dict) else v for k, v in result.items()}, indent=2))


if __name__ == "__main__":
    main()
