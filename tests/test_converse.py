"""Offline dialogue reads like people talking and draws on what the speaker remembers."""

import random
import re

from game.agents.converse import offline_line
from game.agents.persona import load_cast
from game.agents.phrasing import gerund


def test_plan_steps_become_natural_ing_phrases():
    assert gerund("sit and enjoy the view") == "sitting and enjoying the view"
    assert gerund("make breakfast") == "making breakfast"
    assert gerund("wash and get dressed") == "washing and getting dressed"
    assert gerund("see a friend") == "seeing a friend"
    assert gerund("walking") == "walking"


def test_the_second_line_brings_up_a_remembered_third_person_not_the_listener():
    cast = {p.first_name: p for p in load_cast()}
    me, other = cast["Jonah"], cast["Tomas"]
    memories = [
        "Tomas Delgado is my employee.",
        "Tomas Delgado is stocking the shelves at Pennywhistle General Store.",
        "Iris Vega is reading a few chapters at Sparrow Row Apartments, flat B.",
    ]
    answer = offline_line(me, other, "employee", [("Tomas", "Morning, Jonah!")], memories, "stocking shelves",
                          None, None, 9 * 60, "fine", random.Random(1))
    assert "I saw Iris reading a few chapters at Sparrow Row Apartments earlier." in answer.line
    assert "Tomas" not in answer.line


def test_goals_are_said_in_the_first_person_and_the_talk_ends_with_a_summary():
    cast = {p.first_name: p for p in load_cast()}
    ben, hana = cast["Ben"], cast["Hana"]
    lines = [("Ben", "Hi"), ("Hana", "Hello")]
    third = offline_line(ben, hana, "partner", lines, [], "", None, None, 600, "fine", random.Random(3))
    assert not re.search(r"\bhis\b", third.line) and not third.end
    last = offline_line(ben, hana, "partner", lines * 2, [], "", None, None, 600, "fine", random.Random(3))
    assert last.end and "Ben" in last.summary and "Hana" in last.summary
