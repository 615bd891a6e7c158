"""Probes: a question asked of a villager the way --interview asks it, checked by declarative rules.

A check never runs code from the scenario: it matches words, a regular expression
or a number range against the answer (case-insensitive).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.sim.engine import Simulation

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def check(expect: dict, answer: str) -> bool:
    """Every rule in ``expect`` holds for ``answer``."""
    low = answer.lower()
    for kind, value in expect.items():
        if kind == "contains_any" and not any(w.lower() in low for w in value):
            return False
        if kind == "contains_all" and not all(w.lower() in low for w in value):
            return False
        if kind == "not_contains" and any(w.lower() in low for w in value):
            return False
        if kind == "regex" and re.search(value, answer, re.IGNORECASE) is None:
            return False
        if kind == "number_between":
            numbers = [float(n) for n in _NUMBER.findall(answer)]
            if not any(value[0] <= n <= value[1] for n in numbers):
                return False
    return True


def ask(sim: Simulation, name: str, question: str) -> str:
    """The villager's answer, through the same seam as ``main.py --interview``."""
    from game.sim.interview import interview

    return interview(sim, name, question).reply
