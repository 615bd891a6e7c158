"""Save and load times and file size for 25 villagers after three game days of memories.

The town lives one real game hour (plans, conversations, real memories); then each stream is
filled up to MEMORIES_PER_VILLAGER with synthesised memories (texts recombined from the real
ones, random unit vectors), so the run takes seconds instead of three simulated days. The rate:
a 25-villager offline town makes about 140 memories per villager in six daytime hours, so three
days make roughly 1,100-1,200 each. Baseline, measured side by side: the same state as one JSON
document with base64 vectors (the format before game/save), written and read atomically.

The crowd figures (`--crowd`, also run by default after the 25): 1,000 villagers on a generated city with a
game day's memories each (the day's kept count from bench/results/scale.json, 16 villagers living their
second day, texts recombined from the villagers' own first memories, random unit vectors), save and load
times against the 25-villager town of the same run, and the file size per villager-day.

Run: python bench/bench_save.py [--crowd]  ->  prints figures and writes bench/results/save.json
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from common import RESULTS, ROOT, median, timed, write

from game.agents.mind import GenerativeMind
from game.llm import Ledger, MiniLMEmbedder, OfflineBrain
from game.save import load_town, save_town
from game.sim.engine import Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap

VILLAGERS = 25
MEMORIES_PER_VILLAGER = 1200
SAVES = 5
LOADS = 3
EMBEDDER = MiniLMEmbedder()  # loaded once, as in a running game; a load does not reload the model


def make_town() -> Simulation:
    mind = make_mind("generative", {"backend": "offline"}, lockstep=True)
    sim = Simulation(agents=VILLAGERS, seed=1, mind=mind)
    sim.run_steps(360)  # one game hour of real life
    rng = np.random.default_rng(1)
    pick = random.Random(1)
    for v in sim.villagers:
        stream = sim.mind.minds[v.vid].memory
        texts = [n.description for n in stream.nodes]
        start = len(stream.nodes)
        for i in range(start, MEMORIES_PER_VILLAGER):
            seconds = sim.clock.seconds - (MEMORIES_PER_VILLAGER - i) * 200
            kind = pick.choice(("observation", "observation", "observation", "chat", "plan", "reflection"))
            stream.add(kind, f"{pick.choice(texts)} ({i})", seconds, pick.randint(1, 9),
                       evidence=(pick.randrange(i),) if kind == "reflection" else (), subject=v.name)
        vectors = rng.normal(size=(MEMORIES_PER_VILLAGER - start, stream.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        stream.set_vectors(list(range(start, MEMORIES_PER_VILLAGER)), vectors)
    return sim


def baseline_save(sim: Simulation, path: Path) -> None:
    """One JSON document, bytes as base64 text, temp file + fsync + rename."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(sim.get_state(), handle, default=lambda b: {"$b64": base64.b64encode(b).decode("ascii")})
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def baseline_load(path: Path, town_map_path: Path) -> Simulation:
    state = json.loads(path.read_text(encoding="utf-8"),
                       object_hook=lambda d: base64.b64decode(d["$b64"]) if "$b64" in d else d)
    sim = empty(TownMap(town_map_path))
    sim.set_state(state)
    return sim


def empty(town_map: TownMap) -> Simulation:
    mind = GenerativeMind(OfflineBrain(), EMBEDDER)
    mind.ledger = Ledger()
    return Simulation(town_map, agents=0, cast=[], mind=mind)


CROWD = 1000


def crowd_town(folder: Path) -> tuple[Simulation, int]:
    """CROWD villagers on a city generated with beds for them, each with one game day of memories."""
    day = json.loads((RESULTS / "scale.json").read_text(encoding="utf-8")).get("villager_day", {})
    per_day = round(day.get("memories_kept_per_villager_day", 80))
    city = folder / "city.tmx"
    subprocess.run([sys.executable, str(ROOT / "maps" / "make_town.py"), "--districts", "4", "--population",
                    str(int(CROWD * 1.1)), "--city-file", str(city)], check=True, cwd=ROOT, capture_output=True)
    sim = Simulation(TownMap(city), agents=CROWD, seed=1, mind=make_mind("generative", {"backend": "offline"}))
    rng = np.random.default_rng(2)
    pick = random.Random(2)
    for v in sim.villagers:
        stream = sim.mind.memories.mind(sim, v).memory  # who they are, whom they know, where they live
        texts = [n.description for n in stream.nodes]
        start = len(stream.nodes)
        for i in range(per_day):
            kind = pick.choice(("observation", "observation", "observation", "chat", "plan", "reflection"))
            stream.add(kind, f"{pick.choice(texts)} ({i})", sim.clock.seconds - (per_day - i) * 900,
                       pick.randint(1, 9), evidence=(pick.randrange(start + i),) if kind == "reflection" else (),
                       subject=v.name)
        vectors = rng.normal(size=(len(stream.nodes), stream.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        stream.set_vectors(list(range(len(stream.nodes))), vectors)
    return sim, per_day


def both_times(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds of the calls (the shared machine stretches wall time, not CPU time)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return median(walls), median(cpus)


def crowd(small_save_s: float, small_load_s: float) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=".bench-city-", dir=ROOT))  # beside maps/, for the tileset's path
    try:
        sim, per_day = crowd_town(folder)
        memories = sum(len(m.memory) for m in sim.mind.minds.values())
        path = folder / "crowd.tinytown"
        save_s, save_cpu = both_times(lambda: save_town(sim, path))
        load_s, load_cpu = both_times(lambda: load_town(path, empty, sim.town.map.path))
        loaded = load_town(path, empty, sim.town.map.path)
        if loaded.get_state() != sim.get_state():
            raise SystemExit("the loaded crowd differs from the saved one")
        size = path.stat().st_size
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"villagers": CROWD, "memories": memories, "memories_per_villager_day": per_day,
            "save_seconds": round(save_s, 3), "load_seconds": round(load_s, 3),
            "save_cpu_seconds": round(save_cpu, 3), "load_cpu_seconds": round(load_cpu, 3), "file_bytes": size,
            "kb_per_villager_day": round(size / 1024 / CROWD, 1),
            "save_vs_25": round(save_s / small_save_s, 1), "load_vs_25": round(load_s / small_load_s, 1),
            "targets": {"save_seconds": 5.0, "load_seconds": 5.0, "kb_per_villager_day": 100}}


def main() -> int:
    sim = make_town()
    memories = sum(len(m.memory) for m in sim.mind.minds.values())
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "town.tinytown"
        base = Path(folder) / "town.json"
        save_s = median(timed(lambda: save_town(sim, ours), SAVES))
        base_save_s = median(timed(lambda: baseline_save(sim, base), SAVES))
        load_s = median(timed(lambda: load_town(ours, empty, sim.town.map.path), LOADS))
        base_load_s = median(timed(lambda: baseline_load(base, sim.town.map.path), LOADS))
        size, base_size = ours.stat().st_size, base.stat().st_size
        if load_town(ours, empty, sim.town.map.path).get_state() != sim.get_state():
            raise SystemExit("the loaded town differs from the saved one")
    figures = {
        "villagers": VILLAGERS,
        "memories": memories,
        "memories_synthesised": True,
        "save_seconds": round(save_s, 4),
        "load_seconds": round(load_s, 4),
        "file_bytes": size,
        "baseline_json_save_seconds": round(base_save_s, 4),
        "baseline_json_load_seconds": round(base_load_s, 4),
        "baseline_json_bytes": base_size,
        "save_vs_baseline": round(save_s / base_save_s, 3),
        "load_vs_baseline": round(load_s / base_load_s, 3),
        "size_vs_baseline": round(size / base_size, 3),
        "targets": {"save_seconds": 0.5, "load_seconds": 1.0},
    }
    figures["crowd"] = crowd(save_s, load_s)
    write("save", figures)
    c = figures["crowd"]
    print(f"{CROWD} villagers, a day's memories: save {c['save_seconds']} s, load {c['load_seconds']} s, "
          f"{c['kb_per_villager_day']} KB per villager-day")
    print(f"{VILLAGERS} villagers, {memories:,} memories (synthesised to three days' worth)")
    print(f"save  {save_s:.3f} s  (target 0.5 s; JSON+base64 baseline {base_save_s:.3f} s, "
          f"ratio {figures['save_vs_baseline']:.2f})")
    print(f"load  {load_s:.3f} s  (target 1.0 s; baseline {base_load_s:.3f} s, "
          f"ratio {figures['load_vs_baseline']:.2f})")
    print(f"file  {size / 1e6:.1f} MB  (baseline {base_size / 1e6:.1f} MB, ratio {figures['size_vs_baseline']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
