"""The pieces every cognitive step's prompt shares: the JSON instruction, system lines, lists, relations, the
object uses and the town's name, each written once here."""

from __future__ import annotations

from collections.abc import Iterable

from game.agents.phrasing import bare, bond
from game.contracts import USES

#: The one instruction every step ends its system line with.
JSON_ONLY = "Answer only with JSON."
#: The town's name when a step has no map at hand (the map's name otherwise).
DEFAULT_TOWN = "Tinytown"


def uses_list() -> str:
    """The object uses a plan or task may name, from their single definition (game/contracts.py)."""
    return ", ".join(USES)


def bullets(items: Iterable[str], empty: str = "nothing yet") -> str:
    """'- a\n- b', or '- nothing yet' for none."""
    lines = [f"- {item}" for item in items]
    return "\n".join(lines) if lines else f"- {empty}"


def describe_relation(relation: str, chats: int = 0) -> str:
    """'her barista' -> 'barista; a colleague', '' -> 'someone from town' (or 'an acquaintance' after a talk)."""
    kind = bond(relation, chats)
    if not relation:
        return "an acquaintance" if kind == "acquaintance" else "someone from town, a stranger"
    return f"{bare(relation)}; {'a ' if kind != 'family' else ''}{kind}"


def role_system(role: str, name: str, town: str = DEFAULT_TOWN, rest: str = "") -> str:
    """'You are the planning mind of Ann Lee, a villager of Maple Bay. ... Answer only with JSON.'"""
    return f"You are the {role} of {name}, a villager of {town}. " + (rest + " " if rest else "") + JSON_ONLY


def speaker_system(name: str, town: str = DEFAULT_TOWN, rest: str = "") -> str:
    """The system line of a step that speaks as the villager."""
    return f"You speak as {name}, a villager of {town}. Stay in character. " + (rest + " " if rest else "") + JSON_ONLY
