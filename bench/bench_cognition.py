"""Model cost of generative villagers: calls and tokens per villager per game day against a scripted
OpenAI-compatible server (2 game days, 12 villagers), with the reference implementation's figure beside it."""

from __future__ import annotations

import sys
import time

from common import write

from game.sim import headless
from game.sim.engine import DEFAULT_MAP, Simulation
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer
from tests.town_model import responder

# generative_agents issue #156: ~13,700 calls for 25 agents over 10 game hours (gpt-3.5), ~480 tokens each.
REFERENCE_CALLS_PER_AGENT_10H = 13700 / 25
REFERENCE_TOKENS_PER_CALL = 480


def main() -> None:
    days = 0.5 if "--quick" in sys.argv else 2.0
    agents = 12
    with FakeLLMServer(responder=responder, embedding_dim=16) as server:
        mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted"},
                         lockstep=True)
        sim = Simulation(TownMap(DEFAULT_MAP), agents=agents, seed=2, mind=mind)
        start = time.perf_counter()
        report = headless.run(sim, days)
        wall = time.perf_counter() - start
    llm = report["llm"]
    per_day = llm["calls"] / (agents * days)
    tokens_per_day = (llm["prompt_tokens"] + llm["completion_tokens"]) / (agents * days)
    ref_per_day = REFERENCE_CALLS_PER_AGENT_10H * 2.4
    write("cognition", {
        "agents": agents,
        "game_days": days,
        "wall_s": round(wall, 1),
        "calls": llm["calls"],
        "calls_per_agent_day": round(per_day, 1),
        "tokens_per_agent_day": round(tokens_per_day),
        "errors": llm["errors"],
        "fallbacks": llm["fallbacks"],
        "by_step": {k: v["calls"] for k, v in llm.get("by_step", {}).items()},
        "conversations": report["cognition"]["conversations"],
        "reflections": report["cognition"]["reflections"],
        "reference_calls_per_agent_day": round(ref_per_day),
        "ratio_to_reference": round(per_day / ref_per_day, 4),
        "reference_tokens_per_agent_day": round(ref_per_day * REFERENCE_TOKENS_PER_CALL),
        "targets": {"calls_per_agent_day": 50, "tokens_per_agent_day": 30000},
    })


if __name__ == "__main__":
    main()
