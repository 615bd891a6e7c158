"""Reading a Generative Agents persona's prose: clock times, the role sentence, work hours, bedtimes,
goals in the infinitive, and object addresses ("the Ville:Hobbs Cafe:cafe:piano")."""

from __future__ import annotations

import re

_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?|\b(noon|midnight|midday)\b"
TIME = re.compile(_CLOCK, re.IGNORECASE)
_RANGE = re.compile(rf"\b(?:from|between)\s+(?:{_CLOCK})\s*(?:to|until|till|and|-)\s*(?:{_CLOCK})", re.IGNORECASE)
_WORK_VERBS = r"(?:open\w*|start\w*|arriv\w*|work\w*|head\w* to work|go(?:es)? to work|teach\w*|attend\w*|stud\w*)"
_END_VERBS = r"(?:clos\w*|finish\w*|end\w*|until|till|leav\w*|get off)"
# '-ing' forms whose base ends in e ("having" -> "have"); others drop the -ing or a doubled consonant.
_E_VERBS = {"hav", "mak", "writ", "prepar", "organiz", "organis", "danc", "mov", "sav", "us", "creat", "continu",
            "explor", "improv", "practic", "shar", "tak", "giv", "liv", "lov", "driv", "serv", "compos", "decid",
            "hop", "plac", "rais", "receiv", "releas", "involv", "complet", "celebrat", "volunteer", "bak",
            "pursu", "promot", "produc", "introduc", "arrang", "manag", "shap", "stag", "translat"}
_DOUBLED = re.compile(r"([bdfgklmnprtvz])\1$")


def minutes(match: re.Match[str], offset: int = 0) -> int:
    """Minutes after midnight of a TIME match (groups from ``offset``: hour, minute, am/pm, or a word)."""
    word = match.group(offset + 4)
    if word:
        return 0 if word.lower() == "midnight" else 12 * 60
    hour, minute = int(match.group(offset + 1)) % 12, int(match.group(offset + 2) or 0)
    return (hour + (12 if match.group(offset + 3).lower() == "p" else 0)) * 60 + min(minute, 59)


def first_time(text: str) -> int | None:
    found = TIME.search(text)
    return minutes(found) if found else None


def sleep_and_wake(lifestyle: str) -> tuple[int | None, int | None]:
    """'goes to bed around midnight, wakes up around 6am' -> (0, 360); None where the text says nothing."""
    bed = re.search(rf"(?:bed|sleep)\w*(?:\s+\w+){{0,2}}?\s+(?:around|at|by|about)?\s*(?:{_CLOCK})", lifestyle,
                    re.IGNORECASE)
    wake = re.search(rf"(?:wak|awak|get\w* up|ris)\w*(?:\s+up)?\s+(?:around|at|by|about)?\s*(?:{_CLOCK})",
                     lifestyle, re.IGNORECASE)
    return (minutes(bed) if bed else None, minutes(wake) if wake else None)


def work_hours(texts: list[str], place_words: list[str]) -> tuple[int, int] | None:
    """Opening and closing times from the daily plan requirement and the lifestyle.

    'from 5pm to 10pm' in a sentence about work or the workplace wins; otherwise the first opening or
    arrival time and the first closing or 'until' time after it.
    """
    words = [w.lower() for w in place_words if w]
    sentences = [s for t in texts for s in re.split(r"(?<=[.;])\s+|\s+\d\.\s+", t) if s.strip()]
    about_work = [s for s in sentences if re.search(_WORK_VERBS + "|" + _END_VERBS, s, re.IGNORECASE)
                  or any(w in s.lower() for w in words)]
    for s in about_work:
        span = _RANGE.search(s)
        if span and (re.search(r"work|open|shift|class|teach|stud|lectur|run|serv", s, re.IGNORECASE)
                     or any(w in s.lower() for w in words)):
            return minutes(span, 0), minutes(span, 4)
    start = end = None
    for s in about_work:
        if start is None:
            found = re.search(rf"{_WORK_VERBS}\b[^.;]*?(?:{_CLOCK})", s, re.IGNORECASE)
            if found:
                start = minutes(found)  # _CLOCK's groups come first in found
        found = re.search(rf"{_END_VERBS}\b[^.;]*?(?:{_CLOCK})", s, re.IGNORECASE)
        if found and start is not None:
            value = minutes(found)
            if value != start:
                end = value
                break
    if start is not None and end is not None:
        return start, end
    return None


def role(learned: str, name: str) -> str:
    """'Isabella Rodriguez is a cafe owner of Hobbs Cafe who loves...' -> 'cafe owner of Hobbs Cafe'."""
    first = name.split()[0]
    for sentence in re.split(r"(?<=\.)\s+", learned):
        found = re.match(rf"\s*(?:{re.escape(name)}|{re.escape(first)}|s?he)\s+is\s+(?:an?\s+|the\s+)?(.+)",
                         sentence, re.IGNORECASE)
        if found:
            phrase = re.split(r"\s+(?:who|that|which|and is|where)\s+|[,;.]", found.group(1))[0]
            return " ".join(phrase.split())[:60]
    return ""


def base_form(verb: str) -> str:
    """'planning' -> 'plan', 'having' -> 'have', 'writing' -> 'write', 'working' -> 'work'."""
    if not verb.endswith("ing") or len(verb) <= 4:
        return verb
    stem = verb[:-3]
    if stem in _E_VERBS:
        return stem + "e"
    if _DOUBLED.search(stem) and not stem.endswith(("ll", "ss", "zz")):
        return stem[:-1]
    return stem


def goal_from(currently: str, name: str) -> str:
    """The 'currently' status as a goal in the infinitive ('plan a party at Hobbs Cafe'), or '' when it is
    not about something the persona is doing (goals are spoken as 'I am trying to <goal>')."""
    first = name.split()[0]
    text = re.sub(r"^\s*status:\s*", "", currently, flags=re.IGNORECASE)
    for sentence in re.split(r"(?<=[.!])\s+", text):
        found = re.search(rf"\b(?:{re.escape(name)}|{re.escape(first)}|s?he)\s+is\s+(?:also\s+|currently\s+)?"
                          r"([a-z]+ing)\b\s*([^.;!]*)", sentence, re.IGNORECASE)
        if not found or found.group(1).lower() in ("going", "being", "feeling", "thinking"):
            continue
        rest = re.split(r",\s*(?:and\s+)?(?:s?he|which|who)\b|\s+and\s+(?:s?he|is)\b", found.group(2))[0]
        verb = base_form(found.group(1).lower())
        goal = f"{verb} {' '.join(rest.split())}".strip()
        goal = re.sub(r"\b(his|her|their)\b", "my", goal)
        return goal[:160]
    return ""


def address_parts(text: str) -> list[str]:
    """'the Ville:Hobbs Cafe:cafe:piano' -> ['the Ville', 'Hobbs Cafe', 'cafe', 'piano']; [] when not one."""
    if ":" not in text or text.count(":") > 4:
        return []
    parts = [p.strip() for p in text.split(":")]
    return parts if all(parts) else []


_VERB_I = {"is": "am", "was": "was", "has": "have", "does": "do", "goes": "go", "will": "will", "wants": "want",
           "plans": "plan", "thinks": "think", "feels": "feel", "likes": "like", "loves": "love", "needs": "need",
           "hopes": "hope", "knows": "know", "believes": "believe", "enjoys": "enjoy", "seems": "seem"}


def first_person(text: str, name: str) -> str:
    """A persona's own memory in GA's third person, as the persona would say it: 'Isabella Rodriguez is
    excited about the party. She is ...' -> 'I am excited about the party. I am ...', and 'Isabella
    Rodriguez's plan' -> 'my plan'; what others do stays as it is."""
    first = name.split()[0]
    who = rf"(?:{re.escape(name)}|{re.escape(first)})"
    text = re.sub(rf"(?<![\w'])(?:{re.escape(name)}|{re.escape(first)})'s\b", "my", text)
    if not re.match(rf"{who}\b", text):
        return text
    pair = re.match(rf"{who} and ([A-Z][\w'-]*(?: [A-Z][\w'-]*)?) (are|have|were)\b", text)
    if pair:
        text = f"{pair.group(1)} and I {pair.group(2)}{text[pair.end():]}"
    else:
        text = re.sub(rf"^{who} (\w+)\b", lambda m: f"I {_VERB_I.get(m.group(1), m.group(1))}", text)
    text = re.sub(r"(^|[.!?]\s+)(?:She|He) (is|was|has|will|wants|plans|thinks|feels|hopes|loves|likes)\b",
                  lambda m: f"{m.group(1)}I {_VERB_I.get(m.group(2), m.group(2))}", text)
    return re.sub(r"(^|[.!?]\s+)(?:Her|His) ", lambda m: f"{m.group(1)}My ", text)
