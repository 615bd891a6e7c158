"""The time engine: hourly activation follows its probabilities, the player's villagers always think,
personas give sensible defaults, and bad probabilities in the settings get one clear line."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest

from game.agents.persona import Persona, load_cast
from game.llm import LLMSettings, SettingsError
from game.sim.activation import ASLEEP, HOURS, WAKING, TimeEngine, default_profile

CAST = {p.name: p for p in load_cast()}
PROFILE = tuple((0.0, 0.05, 0.2, 0.5, 0.8, 1.0)[h % 6] for h in range(HOURS))


def persona(name: str) -> Persona:
    return replace(CAST["Rosa Delgado"], name=name)


def test_activation_follows_the_hourly_probabilities() -> None:
    villagers = [persona(f"Villager {i}") for i in range(300)]
    engine = TimeEngine(seed=7, profiles={v.name: PROFILE for v in villagers})
    days = 20
    for hour_of_day, p in enumerate(PROFILE):
        draws = len(villagers) * days
        active = sum(engine.active(v, day * HOURS + hour_of_day) for v in villagers for day in range(days))
        if p in (0.0, 1.0):
            assert active == p * draws
        else:  # a binomial count: within 5 standard deviations (fails by chance about once in 3.5 million)
            assert abs(active - p * draws) <= 5 * math.sqrt(draws * p * (1 - p)), (hour_of_day, active, p)


def test_draws_are_reproducible_independent_of_order_and_differ_by_seed() -> None:
    villagers = [persona(f"Villager {i}") for i in range(50)]
    first, again, other = TimeEngine(3), TimeEngine(3), TimeEngine(4)
    forwards = [first.active(v, hour) for hour in range(48) for v in villagers]
    backwards = [again.active(v, hour) for hour in reversed(range(48)) for v in reversed(villagers)]
    assert forwards == list(reversed(backwards))
    assert forwards != [other.active(v, hour) for hour in range(48) for v in villagers]


def test_the_draws_are_uncorrelated_across_villagers_and_hours() -> None:
    engine = TimeEngine(11)
    draws = [engine.draw(f"Villager {i}", hour) for i in range(100) for hour in range(100)]
    mean = sum(draws) / len(draws)
    assert abs(mean - 0.5) < 0.01  # 10,000 uniform draws: standard error 0.003
    pairs = list(itertools.pairwise(draws))
    lag = sum((a - mean) * (b - mean) for a, b in pairs) / len(pairs) / (1 / 12)
    assert abs(lag) < 0.05


def test_default_profiles_follow_the_persona_day() -> None:
    rosa = default_profile(CAST["Rosa Delgado"])  # up at 5:45 to bake, works 7-15, bed at 21:30
    assert rosa[3] == ASLEEP and rosa[23] == ASLEEP
    assert rosa[6] == WAKING
    assert rosa[10] < rosa[17]  # at work she thinks less with the model than in her free afternoon
    sam = default_profile(CAST["Sam Kowalski"])  # night owl: wakes at 10:00, sleeps at 1:30
    assert sam[0] > ASLEEP and sam[8] == ASLEEP and sam[10] == WAKING
    for profile in (rosa, sam):
        assert len(profile) == HOURS and all(0 <= p <= 1 for p in profile)
    assert sum(rosa) < 6  # a few model-thinking hours a day, not 24


def test_sociable_villagers_are_active_more_in_their_free_hours() -> None:
    quiet = replace(CAST["Tomas Delgado"], lifestyle="steady days", traits=("patient",))
    chatty = replace(quiet, lifestyle="chats with everyone at the store")
    assert sum(default_profile(chatty)) > sum(default_profile(quiet))


def test_watched_villagers_always_think_with_the_model() -> None:
    asleep_all_day = tuple([0.0] * HOURS)
    ada, bob = persona("Ada"), persona("Bob")
    engine = TimeEngine(1, profiles={"Ada": asleep_all_day, "Bob": asleep_all_day})
    assert not any(engine.thinks_with_model(v, h) for v in (ada, bob) for h in range(48))
    engine.watch(["Ada"])
    assert all(engine.thinks_with_model(ada, h) for h in range(48))
    assert not any(engine.thinks_with_model(bob, h) for h in range(48))
    engine.watch([])
    assert not engine.thinks_with_model(ada, 5)


def test_activation_given_in_the_settings_overrides_the_persona() -> None:
    settings = LLMSettings.from_sources({"activation": {"Rosa Delgado": [1] * 24}}, {}, {})
    engine = TimeEngine(1, settings.activation)
    assert engine.profile(CAST["Rosa Delgado"]) == (1.0,) * 24
    assert engine.profile(CAST["Sam Kowalski"]) == default_profile(CAST["Sam Kowalski"])


@pytest.mark.parametrize(("activation", "named"), [
    ({"Rosa Delgado": [0.5] * 23}, "'Rosa Delgado'.*23 values"),
    ({"Rosa Delgado": [0.5] * 25}, "'Rosa Delgado'.*25 values"),
    ({"Rosa Delgado": [0.5] * 23 + [1.5]}, "'Rosa Delgado'.*23:00 is 1.5"),
    ({"Rosa Delgado": [-0.1] + [0.5] * 23}, "'Rosa Delgado'.*0:00 is -0.1"),
    ({"Rosa Delgado": ["high"] * 24}, "'Rosa Delgado'.*'high'"),
    ({"Rosa Delgado": 0.5}, "'Rosa Delgado'.*24 hourly"),
    ([0.5] * 24, "activation must map villager names"),
])
def test_bad_activation_settings_get_one_clear_line(activation: object, named: str) -> None:
    with pytest.raises(SettingsError, match=named) as caught:
        LLMSettings.from_sources({"activation": activation}, {}, {})
    assert "LLM setting activation" in str(caught.value) and "\n" not in str(caught.value)
