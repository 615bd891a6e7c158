"""Headless throughput against population on the generated city: agent-steps per second, resident
memory and save size per villager-day, and a chart of cost per agent-step against population.

Each population runs in its own process (offline brain, lockstep, seed 3, maps/city.tmx, or past its
612 beds a city generated for the run with beds for everyone; villagers beyond the hand-written cast
come from the seeded extra-persona generator): a warm-up to 07:30
(first plans, the embedder loaded, the morning commute under way), then a measured window of game
time. The villager-day figures come from 16 villagers living their second game day. Ratios are against
16 villagers measured in the same run. The machine is shared, so CPU seconds of the process are
recorded beside wall seconds.

A whole game day (07:30 to 07:30, night and all) is the issue's target unit: ``--game-day N`` runs one
for N villagers and for 16 in the same run, with the save and resident memory it adds per villager.

Run: python bench/bench_scale.py [--quick] [--big]  ->  bench/results/scale.json and docs/scale.png
     python bench/bench_scale.py --profile 256   ->  the top costs of the measured window (cProfile)
     python bench/bench_scale.py --town-day      ->  bench/results/scale_town_day.json (16 villagers, maps/town.tmx)
     python bench/bench_scale.py --game-day 1000 ->  bench/results/scale_game_day.json
     python bench/bench_scale.py --hour 10000    ->  bench/results/scale_10000.json (one game hour, extrapolated)
     python bench/bench_scale.py --second-day 1000 -> bench/results/scale_second_day_1000.json (forgetting begun)
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as main.py sets it for the game

import cProfile
import json
import math
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, write

from game.resources import release_free_memory
from game.save.slots import save_now
from game.sim.engine import Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

CITY = ROOT / "maps" / "city.tmx"
CITY_BEDS = 612  # maps/city.tmx; a bigger population gets a bigger city generated for the run
WARM_UP_TO = 7 * 3600 + 1800  # game seconds of the day: 07:30
DAY_STEPS = 8640
CACHED_TEXT_BYTES = 388 + 33 + 100 + 150  # int8 codes and a scale as bytes, their header, the text, the entry
ROW_BYTES = 384 + 4  # a stream's embedding: int8 codes and a float32 scale (game/vectors.py)
# Measured game minutes per population: long enough for perception (every game minute) and talk.
WINDOW_MINUTES = {16: 60, 256: 20, 1000: 10, 4000: 5, 10000: 60}


def settled_rss_kb() -> int:
    """Resident memory once freed heap pages are handed back, as the game does every game hour (glibc's
    malloc_trim): what the town holds, without the model's and numpy's passing buffers (up to about 40 MB
    of MiniLM activations after a batch of long texts, a fixed cost that is not per villager)."""
    release_free_memory()
    return rss_kb()


def rss_kb() -> int:
    """Resident memory of this process (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def city_for(agents: int, folder: Path) -> Path:
    """maps/city.tmx while its beds suffice, else a city of 4 districts a side (or more) generated with beds
    for everyone into `folder` (beside maps/, for the tileset's relative path; removed after the run)."""
    if agents <= CITY_BEDS:
        return CITY
    districts = 4
    while districts * districts * 68 < agents * 1.05:  # about 68 beds a district
        districts += 1
    if districts > 8:  # past 8 a side, denser districts (mostly flats) keep the map to a million tiles
        districts = max(8, math.ceil(math.sqrt(agents * 1.1 / 110)))
    path = folder / f"city-{agents}.tmx"
    subprocess.run([sys.executable, str(ROOT / "maps" / "make_town.py"), "--districts", str(districts),
                    "--population", str(int(agents * 1.1)), "--city-file", str(path)],
                   check=True, cwd=ROOT, capture_output=True)
    return path


def town(agents: int, city: Path = CITY) -> Simulation:
    return Simulation(TownMap(city), agents=agents, seed=3, mind=make_mind("generative", {"backend": "offline"}))


def save_kb(sim: Simulation) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scale.tinytown"
        result = save_now(sim, path)
        if isinstance(result, Exception):
            raise result
        return path.stat().st_size / 1024


def cached_texts(sim: Simulation) -> int:
    """Texts in the embedder's cache (the town's, shared by every villager)."""
    return len(sim.mind.embedder._cache._vectors)


def stream_rows(sim: Simulation) -> int:
    """Embedded memory rows held by every villager's stream."""
    return sum(m.memory.embedded for m in sim.mind.minds.values())


def memories(sim: Simulation) -> int:
    return sum(len(m.memory) for m in sim.mind.minds.values())


def one_population(agents: int, minutes: int, profile: bool = False) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=".bench-city-", dir=ROOT))
    try:
        return _one_population(agents, minutes, city_for(agents, folder), profile)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _one_population(agents: int, minutes: int, city: Path, profile: bool) -> dict:
    start = time.perf_counter()
    sim = town(agents, city)
    sim.run_steps((WARM_UP_TO - sim.clock.seconds) // 10)
    warm_s = time.perf_counter() - start
    steps = minutes * 6
    profiler = cProfile.Profile() if profile else None
    rss0 = rss_kb()
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    sim.run_steps(steps)
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"agents": agents, "map": city.name if city == CITY else f"generated {city.stem}",
            "beds": sum(1 for o in sim.town.map.objects if o.use == "sleep"), "game_minutes": minutes,
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "agent_steps_per_cpu_s": round(agents * steps / cpu, 1),
            "setup_and_warm_up_s": round(warm_s, 1), "agent_steps_per_s": round(agents * steps / wall, 1),
            "us_per_agent_step": round(1e6 * wall / (agents * steps), 1),
            "cpu_us_per_agent_step": round(1e6 * cpu / (agents * steps), 1),
            "rss_growth_mb": round((rss_kb() - rss0) / 1024, 1), "memories": memories(sim)}


def one_day(agents: int, tmx: Path = CITY) -> dict:
    """The second game day (the first fills the streams and the embedder's cache): memories,
    resident memory and save per villager-day once forgetting has begun."""
    sim = town(agents, tmx)
    sim.run_steps((WARM_UP_TO - sim.clock.seconds) // 10 + DAY_STEPS)
    rss0, save0 = rss_kb(), save_kb(sim)  # the raw figure as before: from ahead of the first save
    settled0, mem0 = settled_rss_kb(), memories(sim)
    forgotten0 = sum(m.memory.forgotten for m in sim.mind.minds.values())
    cached0, rows0 = cached_texts(sim), stream_rows(sim)
    start, cpu = time.perf_counter(), time.process_time()
    sim.run_steps(DAY_STEPS)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss1, settled1 = rss_kb(), settled_rss_kb()
    save1, mem1 = save_kb(sim), memories(sim)
    forgotten = sum(m.memory.forgotten for m in sim.mind.minds.values()) - forgotten0
    cached, rows = cached_texts(sim) - cached0, stream_rows(sim) - rows0
    where = str(tmx.relative_to(ROOT)) if tmx.parent == ROOT / "maps" else f"generated {tmx.stem}"
    return {"map": where, "agents": agents, "game_day": 2,
            "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "agent_steps_per_cpu_s": round(agents * DAY_STEPS / cpu, 1),
            "memories_made_per_villager_day": round((mem1 - mem0 + forgotten) / agents, 1),
            "memories_forgotten_per_villager_day": round(forgotten / agents, 1),
            "memories_kept_per_villager_day": round((mem1 - mem0) / agents, 1),
            "rss_kb_per_villager_day": round((rss1 - rss0) / agents, 1),
            "settled_rss_kb_per_villager_day": round((settled1 - settled0) / agents, 1),
            "save_kb_per_villager_day": round((save1 - save0) / agents, 1),
            "save_kb_end": round(save1, 1),
            # Where resident memory goes: the embedder's cache is the town's (at most CACHE_ENTRIES texts,
            # shared by everyone), the streams' embedding rows are each villager's own.
            "embedder_cache_texts_added": cached, "embedder_cache_texts_end": cached_texts(sim),
            "embedder_cache_kb_per_villager_day": round(cached * CACHED_TEXT_BYTES / 1024 / agents, 1),
            "embedding_rows_kb_per_villager_day": round(rows * ROW_BYTES / 1024 / agents, 1)}


def game_day(agents: int) -> dict:
    """A whole game day from 07:30 on the first (commutes, work, talk, evening, a sleeping night):
    CPU time, and the save and resident memory it adds per villager (the streams' first day, before
    anything is old enough to forget)."""
    folder = Path(tempfile.mkdtemp(prefix=".bench-city-", dir=ROOT))
    try:
        sim = town(agents, city_for(agents, folder))
        start = time.process_time()
        sim.run_steps((WARM_UP_TO - sim.clock.seconds) // 10)
        warm_cpu = time.process_time() - start
        rss0, save0 = rss_kb(), save_kb(sim)  # the raw figure as before: from ahead of the first save
        settled0 = settled_rss_kb()
        start = time.process_time()
        hourly = []  # CPU seconds of each game hour: where a day's cost lies (and a partial figure if cut short)
        for _ in range(24):
            began = time.process_time()
            sim.run_steps(DAY_STEPS // 24)
            hourly.append(round(time.process_time() - began, 1))
            print(f"{sim.clock.now}: {hourly[-1]} CPU s", file=sys.stderr, flush=True)
        cpu = time.process_time() - start
        rss1, settled1 = rss_kb(), settled_rss_kb()
        saved = time.perf_counter()
        save1 = save_kb(sim)
        save_s = time.perf_counter() - saved
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    streams = [m.memory for m in sim.mind.minds.values()]
    return {"agents": agents, "game_day": "07:30 day 1 to 07:30 day 2", "warm_up_cpu_s": round(warm_cpu, 1),
            "cpu_s": round(cpu, 1), "agent_steps_per_cpu_s": round(agents * DAY_STEPS / cpu, 1),
            "cpu_us_per_agent_step": round(1e6 * cpu / (agents * DAY_STEPS), 2),
            "game_day_cpu_minutes": round(cpu / 60, 2),
            "memories_per_villager": round(sum(len(s) for s in streams) / agents, 1),
            "embedded_per_villager": round(sum(s.embedded for s in streams) / agents, 1),
            "rss_kb_per_villager_day": round((rss1 - rss0) / agents, 1),
            "settled_rss_kb_per_villager_day": round((settled1 - settled0) / agents, 1),
            "save_kb_per_villager_day": round((save1 - save0) / agents, 1),
            "save_mb_end": round(save1 / 1024, 1), "save_s_end": round(save_s, 2),
            "cpu_s_by_game_hour_from_0730": hourly}


def hour(agents: int) -> dict:
    """One game hour after the warm-up (for populations whose whole day would take too long here)."""
    row = one_population(agents, 60)
    row["game_day_cpu_minutes_extrapolated"] = round(row["cpu_s"] * 24 / 60, 1)
    row["note"] = ("one game hour of the morning (07:30-08:30) times 24, not a bound: which hour is busiest "
                   "depends on the city (--game-day-alone N measures a whole day)")
    return row


def child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def whole_days() -> list[dict]:
    """The whole-day runs on record (scale_game_day.json: 16 and N; scale_game_day_N.json: N alone)."""
    rows: dict[int, dict] = {}
    for path in sorted((ROOT / "bench" / "results").glob("scale_game_day*.json")):
        for row in json.loads(path.read_text(encoding="utf-8"))["runs"]:
            rows[row["agents"]] = row
    return [rows[n] for n in sorted(rows)]


def chart(rows: list[dict], path: Path, days: list[dict] | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    agents = [r["agents"] for r in rows]
    fig, left = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    left.plot(agents, [r["cpu_us_per_agent_step"] for r in rows], "o-", color="#b5523b",
              label="10-60 game minutes from 07:30")
    if days:
        left.plot([d["agents"] for d in days], [d["cpu_us_per_agent_step"] for d in days], "D-", color="#7a3b8f",
                  label="a whole game day")
    left.set_xscale("log")
    left.set_xlabel("villagers (city, offline brain)")
    left.set_ylabel("CPU µs per agent-step")
    left.set_ylim(bottom=0)
    left.axhline(1e6 / 48_000, color="#3b6fb5", linewidth=0.8, linestyle=":")
    left.text(agents[0], 1e6 / 48_000, " the target (48,000 agent-steps per second)", color="#3b6fb5", va="bottom",
              fontsize=8)
    left.legend(fontsize=8, loc="upper right")
    left.set_title("Headless cost per agent-step against population")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight")


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one_population(int(sys.argv[2]), int(sys.argv[3]))))
        return
    if sys.argv[1:2] == ["--day"]:
        agents = int(sys.argv[2])
        folder = Path(tempfile.mkdtemp(prefix=".bench-city-", dir=ROOT))
        try:
            print(json.dumps(one_day(agents, city_for(agents, folder))))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if sys.argv[1:2] == ["--second-day"]:  # the steady state of a population: its second game day
        write(f"scale_second_day_{sys.argv[2]}", child(["--day", sys.argv[2]]))
        return
    if sys.argv[1:2] == ["--one-day"]:
        print(json.dumps(game_day(int(sys.argv[2]))))
        return
    if sys.argv[1:2] == ["--game-day-alone"]:  # one population's whole day, no 16-villager run beside it
        write(f"scale_game_day_{sys.argv[2]}", {"brain": "offline", "runs": [game_day(int(sys.argv[2]))]})
        return
    if sys.argv[1:2] == ["--game-day"]:
        rows = [child(["--one-day", str(n)]) for n in (16, int(sys.argv[2]))]
        for row in rows:
            row["cpu_cost_ratio_to_16"] = round(row["cpu_us_per_agent_step"] / rows[0]["cpu_us_per_agent_step"], 2)
        write("scale_game_day", {"map": "maps/city.tmx (a generated city past its beds)", "brain": "offline",
                                 "runs": rows, "target_game_day_cpu_minutes": {"1000": 3, "10000": 30}})
        return
    if sys.argv[1:2] == ["--hour"]:
        rows = [child(["--one", "16", "60"]), child(["--hour-one", sys.argv[2]])]
        rows[1]["cpu_cost_ratio_to_16"] = round(rows[1]["cpu_us_per_agent_step"] / rows[0]["cpu_us_per_agent_step"], 2)
        write(f"scale_{sys.argv[2]}", {"brain": "offline", "runs": rows})
        return
    if sys.argv[1:2] == ["--hour-one"]:
        print(json.dumps(hour(int(sys.argv[2]))))
        return
    if sys.argv[1:2] == ["--town-day"]:  # the villager-day on maps/town.tmx, where the "before" was measured
        write("scale_town_day", one_day(16, ROOT / "maps" / "town.tmx"))
        return
    if sys.argv[1:2] == ["--chart"]:  # redraw from the last results
        chart(json.loads((ROOT / "bench" / "results" / "scale.json").read_text())["runs"], ROOT / "docs" / "scale.png",
              whole_days())
        return
    if sys.argv[1:2] == ["--profile"]:
        agents = int(sys.argv[2])
        print(json.dumps(one_population(agents, WINDOW_MINUTES.get(agents, 15), profile=True)))
        return
    quick = "--quick" in sys.argv
    sizes = [16, 256] if quick else [16, 256, 1000] + ([4000] if "--big" in sys.argv else [])
    rows = []
    for agents in sizes:
        row = child(["--one", str(agents), str(WINDOW_MINUTES[agents])])
        print(row, file=sys.stderr, flush=True)
        rows.append(row)
    # CPU seconds, not wall seconds: other work on the shared cores changes between populations.
    base = rows[0]["cpu_us_per_agent_step"]
    for row in rows:
        row["cpu_cost_ratio_to_16"] = round(row["cpu_us_per_agent_step"] / base, 2)
    day = child(["--day", "16"])
    chart(rows, ROOT / "docs" / "scale.png", whole_days())
    write("scale", {"map": "maps/city.tmx", "brain": "offline", "runs": rows, "villager_day": day,
                    "targets": {"agent_steps_per_s_at_1000": 48_000, "cost_ratio_1000_to_16": 2.0,
                                "kb_per_villager_day": 100}})


if __name__ == "__main__":
    main()
