"""Phrasing shared by the offline talkers (villager to villager, villager to player): verb forms, articles, and
which memories are worth saying aloud."""

from __future__ import annotations

import re

#: Memories that are bookkeeping, not talk: who I am, where I live, plans, raw transcripts, the player's own words.
UNSAID = ("Slept", "I am", "Who I am", "Plan for", "Conversation with", "I live at", "The player said",
          "I told the player")

_DOUBLE = {"sit", "get", "run", "shop", "stop", "chat", "jog", "plan", "put", "set", "swim", "dig", "cut", "hug"}
_IRREGULAR = {"be": "being", "lie": "lying", "die": "dying", "see": "seeing", "tie": "tying"}


def worth_saying(memory: str) -> bool:
    """False for the bookkeeping memories in UNSAID: a villager brings up what happened, not their own file."""
    return not memory.startswith(UNSAID)


def gerund(phrase: str) -> str:
    """'prepare pastries' -> 'preparing pastries': plan steps are imperatives, talk uses -ing."""
    first, sep, rest = phrase.strip().partition(" and ")
    if sep and rest[:1].islower():
        return f"{gerund(first)} and {gerund(rest)}"
    words = phrase.strip().split(" ", 1)
    if not words or not words[0]:
        return phrase
    verb = words[0].lower()
    if verb.endswith("ing") or verb in ("sleeping", "walking"):
        return phrase
    if verb in _IRREGULAR:
        ing = _IRREGULAR[verb]
    elif verb in _DOUBLE:
        ing = verb + verb[-1] + "ing"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        ing = verb[:-1] + "ing"
    else:
        ing = verb + "ing"
    return ing + (" " + words[1] if len(words) > 1 else "")


def first_person(text: str) -> str:
    """Goals are written about the villager ('finish his novel'); said aloud they are 'my novel'."""
    text = re.sub(r"\b(his|their)\b", "my", text.rstrip("."))
    # 'her' is theirs unless the goal is about someone named before it ("get Hana to her race").
    if not re.search(r"\b[A-Z][a-z]+\b.*\bher\b", text):
        text = re.sub(r"\bher\b", "my", text)
    return text


def sentence(text: str) -> str:
    """'likes tea' -> 'Likes tea.'"""
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "." if text else ""


def with_article(occupation: str) -> str:
    """'owner of the cafe' -> 'the owner of the cafe'; 'barista' -> 'a barista'."""
    if occupation.startswith(("a ", "an ", "the ")):
        return occupation
    if re.match(r"^(owner|manager|head|keeper|mayor) of\b", occupation):
        return "the " + occupation
    return ("an " if occupation[:1].lower() in "aeiou" else "a ") + occupation
