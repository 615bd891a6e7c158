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
ROLE_LIMIT = 90
#: '-ing' verbs of a status that say how one lives, not what one is working towards.
_NOT_GOALS = ("going", "being", "feeling", "thinking", "living", "staying")


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
    if start is not None:  # "opens the market at 8am": a working day from then
        return start, end if end is not None else min(start + 8 * 60, 24 * 60 - 1)
    return None


def role(learned: str, name: str) -> str:
    """'Isabella Rodriguez is a cafe owner of Hobbs Cafe who loves...' -> 'cafe owner of Hobbs Cafe'."""
    first = name.split()[0]
    for sentence in re.split(r"(?<=\.)\s+", learned):
        found = re.match(rf"\s*(?:{re.escape(name)}|{re.escape(first)}|s?he)\s+is\s+(?:an?\s+|the\s+)?(.+)",
                         sentence, re.IGNORECASE)
        if found:
            phrase = " ".join(re.split(r"\s+(?:who|that|which|and is|where)\s+|[,;.]", found.group(1))[0].split())
            # A long role is cut between words, never inside one ("studying music theory and compos").
            return phrase if len(phrase) <= ROLE_LIMIT else phrase[:ROLE_LIMIT].rsplit(" ", 1)[0]
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
    not about something the persona is doing (goals are spoken as 'I am trying to <goal>'). How one lives
    is no goal: 'is living with her husband, John Lin, and is teaching a course' -> 'teach a course'."""
    first = name.split()[0]
    text = re.sub(r"^\s*status:\s*", "", currently, flags=re.IGNORECASE)
    doing = re.compile(rf"\b(?:{re.escape(name)}|{re.escape(first)}|s?he|and)\s+is\s+"
                       r"(?:also\s+|currently\s+)?([a-z]+ing)\b\s*([^.;!]*)", re.IGNORECASE)
    for sentence in re.split(r"(?<=[.!])\s+", text):
        at = 0
        while (found := doing.search(sentence, at)) is not None:
            at = found.start(2)  # a skipped verb's clause may hold the next one ('..., and is teaching')
            if found.group(1).lower() in _NOT_GOALS:
                continue
            rest = re.split(r",\s*(?:and\s+)?(?:s?he|which|who)\b|\s+and\s+(?:s?he|is)\b|"
                            r",?\s+and\s+(?:lives|works|has)\b", found.group(2))[0]
            verb = base_form(found.group(1).lower())
            goal = f"{verb} {' '.join(rest.split())}".strip().rstrip(",")
            # 'train for the race and studying for exams' -> '... and study for exams'
            goal = re.sub(r"\band ([a-z]+ing)\b", lambda m: f"and {base_form(m.group(1))}", goal)
            goal = re.sub(r"\b(his|her)\b", "my", goal)  # 'their' is left alone: it is often other people's
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


_YOU_SUBJECT = re.compile(
    r"(?:are|were|have|had|do|did|don't|didn't|haven't|hadn't|can|can't|could|couldn't|will|won't|would|should|"
    r"may|might|must|need|want|wanted|like|liked|love|loved|think|thought|know|knew|feel|felt|see|saw|find|found|"
    r"frequent|visit|sometimes|often|usually|always|never|also|just|really|still|recently|secretly|only|"
    r"enjoy|hope|wish|plan|go|live|work|study|talk|consider|view|wonder|believe|mostly|spend|try)\b", re.IGNORECASE)
_YOU_CONTRACTED = {"you're": "I'm", "you've": "I've", "you'd": "I'd", "you'll": "I'll"}


def whispered(text: str, name: str) -> str:
    """A history CSV's whisper, written to the persona ('You and Maria Lopez are good friends; she helped
    you'), in the persona's own words ('Maria Lopez and I are good friends; she helped me'); whispers in
    the third person go through first_person; markdown emphasis (*...*) is dropped."""
    text = " ".join(text.replace("*", "").split())
    text = re.sub(r"\b[Yy]ou and ((?:[A-Z][\w'-]*\s){1,3}?)(are|were|have|had|sometimes|often)\b",
                  lambda m: f"{m.group(1)}and I {m.group(2)}", text)
    text = re.sub(r"\byou two\b", "we", text, flags=re.IGNORECASE)
    text = re.sub(r"\byou(?:'re|'ve|'d|'ll)\b", lambda m: _YOU_CONTRACTED[m.group(0).lower()], text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\byourself\b", "myself", text, flags=re.IGNORECASE)
    text = re.sub(r"\b([Yy])ours\b", lambda m: "Mine" if m.group(1) == "Y" else "mine", text)
    text = re.sub(r"\b([Yy])our\b", lambda m: "My" if m.group(1) == "Y" else "my", text)
    text = re.sub(r"\b[Yy]ou (are|were)\b", lambda m: "I am" if m.group(1) == "are" else "I was", text)

    def you(m: re.Match[str]) -> str:
        before = text[: m.start()].rstrip()
        opens = not before or before.endswith((";", ".", "!", "?", "--", ":", ",")) or re.search(
            r"\b(?:and|but|that|because|since|so|if|when|while|as|though|although|which|whom|who|where)$", before,
            re.IGNORECASE)
        return "I" if opens or _YOU_SUBJECT.match(text, m.end() + 1) else "me"

    text = re.sub(r"\b[Yy]ou\b", you, text)
    return first_person(text, name)
