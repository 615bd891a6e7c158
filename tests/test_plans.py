"""Day plans and tasks: the offline routine covers the day, tasks fill their hour, invitations parse."""

import itertools
import random

from game.agents.converse import parse_invitation
from game.agents.persona import load_cast
from game.agents.routine import Places, day_plan, decompose
from game.agents.schedule import DAY_MINUTES, DailyPlan, PlanItem, normalise

PLACES = Places(home="Willow House", work="Maple Cafe", cafe="Maple Cafe", store="Corner Store", park="Green Park")


def test_the_cast_has_at_least_twelve_distinct_villagers_with_rhythms():
    cast = load_cast()
    assert len(cast) >= 12
    assert len({p.name for p in cast}) == len(cast)
    assert all(p.wake != p.sleep for p in cast)


def test_every_villager_plan_covers_the_day_and_includes_sleep_work_and_meals():
    for persona in load_cast():
        places = Places(home="Home", work="Work" if persona.work else None, cafe="Cafe", store="Store", park="Park")
        items = day_plan(persona, places, random.Random(1))
        assert items[0].start == 0 and items[-1].end == DAY_MINUTES
        for a, b in itertools.pairwise(items):
            assert a.end == b.start
        uses = {i.use for i in items}
        assert "sleep" in uses
        assert uses & {"eat", "cook"}
        if persona.work:
            work = [i for i in items if i.use == "work"]
            assert work and work[0].start >= persona.work[0] - 1
        asleep_at_wake = [i for i in items if i.covers(persona.wake - 1) and i.use == "sleep"]
        assert asleep_at_wake, f"{persona.name} should sleep until {persona.wake}"


def test_different_seeds_give_different_days():
    cast = load_cast()
    a = [day_plan(p, PLACES, random.Random(1)) for p in cast]
    b = [day_plan(p, PLACES, random.Random(2)) for p in cast]
    assert a != b


def test_decomposed_tasks_exactly_fill_their_item_in_steps_of_at_least_10_minutes():
    rng = random.Random(4)
    for btype, use in (("cafe", "work"), ("office", "work"), (None, "cook"), ("park", "relax")):
        item = PlanItem(9 * 60, 10 * 60, "do things", use, "Somewhere")
        tasks = decompose(item, btype, rng)
        assert tasks[0].start == item.start and tasks[-1].end == item.end
        for a, b in itertools.pairwise(tasks):
            assert a.end == b.start
        assert all(10 <= t.end - t.start <= 60 for t in tasks)  # one thing a while, not a hop every 5 minutes
        assert all(a.description != b.description for a, b in itertools.pairwise(tasks))
        assert len({t.description for t in tasks}) >= 2


def test_normalise_fills_gaps_and_clips_overlaps():
    items = normalise([PlanItem(60, 120, "a", "relax", "X"), PlanItem(100, 200, "b", "eat", "Y")])
    assert items[0].start == 0 and items[-1].end == DAY_MINUTES
    assert all(a.end == b.start for a, b in itertools.pairwise(items))
    b = next(i for i in items if i.activity == "b")
    assert b.start == 120  # the overlap went to the earlier item


def test_invitations_are_found_in_free_text():
    places = ["Maple Cafe", "Green Park"]
    inv = parse_invitation("You are hosting a Valentine's party at Maple Cafe at 5pm", places, 1, 9 * 60, "Rosa")
    assert inv is not None and inv.place == "Maple Cafe" and inv.start == 17 * 60 and inv.day == 1
    assert "party" in inv.what
    later = parse_invitation("picnic in Green Park tomorrow at 12:30", places, 1, 9 * 60, "Ada")
    assert later is not None and later.day == 2 and later.start == 12 * 60 + 30
    assert parse_invitation("I like Maple Cafe", places, 1, 0, "x") is None


def test_a_plan_is_remembered_in_broad_strokes() -> None:
    cafe, home = "Compass & Windmill Coffee House", "Alder Nook"
    plan = DailyPlan(1, 345, [
        PlanItem(0, 345, "sleep", "sleep", home),
        PlanItem(345, 360, "wash and get dressed", "wash", home),
        PlanItem(360, 420, "make breakfast", "cook", home),
        PlanItem(420, 720, f"work as owner of the town cafe at {cafe}", "work", cafe),
        PlanItem(720, 765, f"take a lunch break at {cafe}", "eat", cafe),
        PlanItem(765, 825, f"brew coffee for customers at {cafe}", "work", cafe),
        PlanItem(825, 900, f"work as owner of the town cafe at {cafe}", "work", cafe),
        PlanItem(900, 960, "work toward my goal: make the cafe the heart of the town", "coffee", cafe),
        PlanItem(960, 1025, "read a book at home", "read", home),
        PlanItem(1025, 1080, "have dinner at the Fern Diner", "eat", "Fern Diner"),
        PlanItem(1080, 1290, "cook and eat dinner at home", "cook", home),
        PlanItem(1290, DAY_MINUTES, "sleep", "sleep", home),
    ])
    assert plan.outline() == (
        f"up at 05:45; 07:00-12:00 work as owner of the town cafe at {cafe}; 12:00 take a lunch break; "
        "12:45-15:00 brew coffee for customers; 15:00 work toward my goal: make the cafe the heart of the town; "
        "home at 16:00; 17:05 have dinner at the Fern Diner; home at 18:00")
    at_home = DailyPlan(2, 480, [PlanItem(0, 480, "sleep", "sleep", home),
                                 PlanItem(480, 600, "read a book", "read", home),
                                 PlanItem(600, DAY_MINUTES, "sleep", "sleep", home)])
    assert at_home.outline() == "up at 08:00; 08:00 read a book"


def test_relaxing_at_home_is_what_the_plan_says_not_a_stroll() -> None:
    """Seen in a play test: 'stroll around' on the panel while the plan said 'watch a film at home'."""
    film = PlanItem(1240, 1325, "watch a film at home", "relax", "Alder Nook")
    tasks = decompose(film, "home", random.Random(3))
    assert tasks and {t.description for t in tasks} == {"watch a film"}
    assert tasks[0].start == 1240 and tasks[-1].end == 1325
    rest = decompose(PlanItem(1240, 1325, "relax at home", "relax", "Alder Nook"), "apartment", random.Random(3))
    assert "stroll around" not in {t.description for t in rest}
    park = decompose(PlanItem(600, 700, "take a walk in Foxglove Green", "relax", "Foxglove Green"), "park",
                     random.Random(3))
    assert "stroll around" in {t.description for t in park} or "look at the flowers" in {t.description for t in park}
