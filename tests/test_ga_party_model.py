"""Smallville's Valentine's Day party with a model: the bench's 25-person Generative Agents cast and its history
CSV, imported and run two game days on the openai path against a scripted model (tests/ga_model.py). The host
plans the party at the cafe from 5pm on February 14, invites people in conversation, the news travels on
from guest to guest and guests come; every answer is the model's (no fallbacks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_smallville import write_cast
from game.agents.mind import GenerativeMind
from game.clock import DAY_SECONDS
from game.save import import_ga
from game.sim import headless
from game.sim.engine import Simulation
from game.sim.news import install_news
from game.sim.setup import make_mind
from game.world.tilemap import TownMap
from tests.fakeserver import FakeLLMServer
from tests.ga_model import responder

HOST = "Rosa Delgado"


@pytest.mark.slow
def test_the_party_happens_with_a_model(tmp_path: Path) -> None:
    folder, history = write_cast(tmp_path)
    with FakeLLMServer(responder=responder, embedding_dim=16) as server:
        def build(town_map: TownMap, cast: list) -> Simulation:
            # The server embeds too (MiniLM would be most of the run's time and is tested elsewhere).
            mind = make_mind("generative", {"backend": "openai", "base_url": server.base_url, "model": "scripted",
                                            "embedder": "endpoint", "embedding_model": "scripted-embed"},
                             lockstep=True)
            return Simulation(town_map, agents=len(cast), cast=cast, seed=1, mind=mind)

        sim = import_ga(folder, build, history=history)
        assert isinstance(sim.mind, GenerativeMind) and sim.mind.pool is not None
        record = sim.components["ga"]
        cafe = record.places["Lantern Cafe"]
        assert sim.town.sector(cafe).building_type == "cafe"
        install_news(sim)
        report = headless.run(sim, 2.0)  # February 13 and 14, 2023
        sim.mind.pool.close()
        lines = [line["text"] for talk in sim.mind.talk.finished for line in talk["lines"]]
    llm = report["llm"]
    assert llm["fallbacks"] == 0 and llm["errors"] == 0  # a prompt that changes shape fails here, not offline
    assert llm["by_step"]["converse"]["calls"] > 0 and llm["model_decisions"] > 0
    assert report["date"] == "2023-02-15"
    (party,) = [c for c in report["cascades"] if c["kind"] == "invitation"]
    assert (party["origin"], party["place"], party["start"]) == (HOST, cafe, DAY_SECONDS + 17 * 3600)
    told = party["told"]
    assert told[0]["from"] == HOST and told[0]["time"] < DAY_SECONDS  # invited on February 13
    assert any(t["from"] != HOST for t in told), "the news should travel on from guest to guest"
    heard = {t["to"] for t in told}
    # The invitations were the model's lines (the scripted model says 'Come along!'), not offline phrasing.
    assert any(f"at {cafe} at 17:00. Come along!" in line for line in lines)
    promised = {v.name for v in sim.villagers if any((p.place, p.day) == (cafe, 2)
                                                     for p in sim.mind.minds[v.vid].promises)}
    declined = {v.name for v in sim.villagers if any((p.place, p.day) == (cafe, 2)
                                                     for p in sim.mind.minds[v.vid].declined)}
    assert not promised & declined, "a guest who said yes (at the first asking or a later one) has not said no"
    came = set(party["attended"]) - {HOST}
    assert promised <= heard and came <= heard
    assert promised & came, "guests who said yes should come to the party"
    assert report["network"]["density_end"] > report["network"]["density_start"]
