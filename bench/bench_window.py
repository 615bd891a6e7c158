"""Frame times of the real window loop (dummy video driver) while a town of 256 villagers on maps/city.tmx
thinks with a scripted OpenAI-compatible server that answers every chat request after 1 second.

The server runs in another process (tests/town_model.py answers every cognitive step; embeddings from
the same server). The window is the game's own: the Game object, the runner thread stepping the town,
the model loop waiting on the server. A frame is one turn of the loop (events, update, draw, flip),
timed without the frame limiter's sleep. Baseline in the same run: the same window with the town
paused (drawing only, nothing stepping or thinking). Then the town at 1x and at 8x.

Run: python bench/bench_window.py [--quick]  ->  bench/results/window.json
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as main.py sets it for the game

import multiprocessing as mp
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
import pygame
from common import ROOT, write

from game.agents.mind import GenerativeMind
from game.sim.engine import Simulation
from game.sim.runner import Runner
from game.sim.setup import make_mind
from game.ui.app import Game, open_window
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer
from tests.town_model import responder

CITY = ROOT / "maps" / "city.tmx"
VILLAGERS = 256
LATENCY_S = 1.0
TARGET_P99_MS = 33.0


def _serve(commands: Connection) -> None:
    """The server process: one scripted server, 1 s per chat answer, as many at once as it is sent."""
    server = FakeLLMServer(responder=responder, embedding_dim=16, latency_s=LATENCY_S, max_concurrent=32).start()
    commands.send(server.base_url)
    commands.recv()
    commands.send(server.answered)
    server.stop()


def frames(game: Game, count: int) -> tuple[list[float], list[float]]:
    """Milliseconds of `count` turns of the window loop, paced at 60 frames a second as the game is:
    wall time, and CPU time of the window's thread (its own work, without waits for the CPU or the
    interpreter lock)."""
    clock = pygame.time.Clock()
    wall, cpu = [], []
    dt = 1 / 60
    for _ in range(count):
        start, used = time.perf_counter(), time.thread_time()
        game.frame(dt)
        pygame.display.flip()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - used) * 1000)
        dt = clock.tick(60) / 1000.0
    return wall, cpu


def figures(wall: list[float], cpu: list[float]) -> dict[str, Any]:
    ms, own = np.array(wall), np.array(cpu)
    return {"frames": len(wall), "p50_ms": round(float(np.percentile(ms, 50)), 2),
            "p99_ms": round(float(np.percentile(ms, 99)), 2), "max_ms": round(float(ms.max()), 2),
            "over_33_ms": int((ms > TARGET_P99_MS).sum()),
            "window_thread_cpu_p50_ms": round(float(np.percentile(own, 50)), 2),
            "window_thread_cpu_p99_ms": round(float(np.percentile(own, 99)), 2)}


def main() -> None:
    quick = "--quick" in sys.argv
    count = 600 if quick else 1800  # 10 or 30 seconds of frames at each speed
    pipe, theirs = mp.Pipe()
    process = mp.get_context("spawn").Process(target=_serve, args=(theirs,), daemon=True)
    process.start()
    url = pipe.recv()
    mind = make_mind("generative", {"backend": "openai", "base_url": url, "model": "scripted",
                                    "embedder": "endpoint", "embedding_model": "scripted-embed",
                                    "concurrency": 32}, lockstep=False)
    assert isinstance(mind, GenerativeMind) and mind.ledger is not None
    sim = Simulation(TownMap(CITY), agents=VILLAGERS, seed=2, mind=mind)
    screen = open_window((1280, 720))
    runner = Runner(sim, speed="pause")
    game = Game(screen, runner)
    runner.start()
    results: dict[str, Any] = {"villagers": VILLAGERS, "map": CITY.name, "server_latency_s": LATENCY_S,
                               "window": list(screen.get_size()), "target_p99_ms": TARGET_P99_MS, "runs": []}
    try:
        frames(game, 60)  # warm up: first text renders, the minimap, the first snapshots
        for speed in ("pause", "1x", "8x"):
            runner.send("speed", speed=speed)
            calls, steps, clock = mind.ledger.total("calls"), sim.clock.steps, str(sim.clock.now)
            start = time.perf_counter()
            run = {"speed": speed, **figures(*frames(game, count))}
            wall = time.perf_counter() - start
            status = mind.ledger.report(mind.brain.name, 1.0)["inference"]
            run.update({"wall_s": round(wall, 1), "game_steps": sim.clock.steps - steps, "from": clock,
                        "to": str(sim.clock.now), "model_calls": mind.ledger.total("calls") - calls,
                        "requests_in_flight_at_end": status["in_flight"], "queued_at_end": status["queued"],
                        "thinking_at_end": len(mind.decisions.pending)})
            results["runs"].append(run)
            print(run, flush=True)
    finally:
        runner.stop()
        mind.close()
        pygame.quit()
        pipe.send("stop")
        results["server_answers"] = pipe.recv()
        process.join(timeout=30)
    base = results["runs"][0]["p99_ms"]
    for run in results["runs"]:
        run["p99_ratio_to_paused"] = round(run["p99_ms"] / base, 2) if base else None
    results["load_average"] = [round(x, 1) for x in os.getloadavg()]
    write("window", results)


if __name__ == "__main__":
    main()
