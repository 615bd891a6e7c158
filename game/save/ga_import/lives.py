"""A Generative Agents cast's lives read from its files: what kind of place each GA sector is, who lives
with whom, who works where and when, and how the personas are related."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from game.agents.persona import Persona
from game.save.ga_import.formats import GAPersona
from game.save.ga_import.text import (
    address_parts,
    first_time,
    goal_from,
    role,
    sleep_and_wake,
    whispered,
    work_hours,
)

#: GA place words -> Tinytown building type, first match wins (homes first: "Ryan Park's apartment" is a home).
PLACE_KINDS: tuple[tuple[str, str], ...] = (
    (r"dorm|dormitory|co-living|residence hall", "apartment"),
    (r"apartment|flat|loft", "apartment"),
    (r"house|home|cottage|cabin", "home"),
    (r"cafe|café|coffee|bakery|tea ?room", "cafe"),
    (r"pub|bar|tavern|inn|restaurant|diner|bistro|grill", "restaurant"),
    (r"college|school|university|academy|institute", "school"),
    (r"pharmacy|supply store|store|market|shop|grocery|mart", "store"),
    (r"library|bookshop", "library"),
    (r"gym|fitness|sports? cent(?:er|re)", "gym"),
    (r"park|garden|green|square|plaza", "park"),
    (r"office|town hall|company|firm|studio|bank|clinic|hospital", "office"),
)
HOME_KINDS = ("home", "apartment")
#: Words of a persona's role -> the workplace type; None: no workplace (they live from home).
ROLE_KINDS: tuple[tuple[str, str | None], ...] = (
    (r"retired|retiree|housewife|househusband|homemaker|stay-at-home|unemployed|between jobs", None),
    (r"student|studying|undergraduate|graduate|phd|pupil", "school"),
    (r"professor|teacher|lecturer|tutor|dean", "school"),
    (r"barista|cafe|café|coffee|bakery|baker", "cafe"),
    (r"pub|bartender|bar owner|restaurant|chef|cook|waiter|waitress", "restaurant"),
    (r"shopkeeper|store|shop|pharmacist|pharmacy|grocer|cashier|market", "store"),
    (r"librarian|library", "library"),
    (r"gardener|groundskeeper|park ranger", "park"),
    (r"trainer|coach|gym|athlete", "gym"),
    (r"artist|painter|writer|poet|author|novelist|musician|composer|songwriter|sculptor|illustrator|actor|"
     r"actress|comedian|photographer|philosopher|animator", None),
)
#: Relation words, strongest first, and whether they hold both ways. Kin words count only with a possessive
#: ('my wife', 'her son, Eddy Lin'): 'the husband John Lin, wife, Mei Lin' lists a family one only knows.
_KIN = r"(?<!like )(?:my|his|her|our|their)\s+(?:\w+\s+)?"  # 'someone like my daughter' is no kin
RELATIONS: tuple[tuple[str, str, bool], ...] = (
    ("spouse", rf"married|{_KIN}(?:husband|wife|spouse)\b", True),
    ("crush", r"crush|feelings for|in love|attracted to|romantic", False),
    ("family", rf"{_KIN}(?:son|daughter|mother|father|mom|dad|brother|sister|parents?|child|children|family|"
               r"cousin|aunt|uncle|grand\w+|nephew|niece)\b", True),
    ("friend", r"friend|close relationship|\bclose\b|buddy|\bpal\b", True),
    ("rival", r"do(?:n't| not)(?: really)? like|annoying|can't stand|rather not see", False),
    ("housemate", r"roommate|housemate|flatmate|dorm ?mate|lives? with|share[sd]? (?:an?|the|their) "
                  r"(?:apartment|house|room)", True),
    ("colleague", r"colleague|co-?worker|works? with|classmate|school ?mate|\bboss\b|employee|employer|staff",
     True),
    ("customer", r"customer", False),
    ("neighbour", r"neighbou?r", True),
)
#: A spouse named 'my wife' is a wife, and she calls him her husband; other words name the relation as is.
_SPOUSE_WORDS = {"husband": "wife", "wife": "husband"}
RANK = {name: i for i, (name, _w, _b) in enumerate(RELATIONS)}
DEFAULT_WAKE, DEFAULT_SLEEP = 7 * 60, 23 * 60


def place_kind(sector: str) -> str | None:
    low = sector.lower()
    return next((kind for words, kind in PLACE_KINDS if re.search(rf"\b(?:{words})\b", low)), None)


def _words(place: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", place.lower())} - {"the", "a", "an", "and", "of"}


def _known_as(name: str, places: dict[str, str] | list[str]) -> str | None:
    """The known GA place a name in prose means, allowing another spelling: 'the Willow Market and Pharmacy'
    and 'Willow Market' are 'The Willows Market and Pharmacy'; None for a place none of them is."""
    words = _words(name)
    return next((known for known in sorted(places, key=len) if words and words <= _words(known)), None)


@dataclass
class Household:
    place: str  # the GA living area's sector, e.g. "Moreno family's house"
    kind: str  # home or apartment
    members: list[str] = field(default_factory=list)


@dataclass
class Lives:
    personas: list[Persona]
    households: list[Household]
    work_places: dict[str, str]  # persona -> GA sector they work at
    used_places: dict[str, str]  # GA sector (not a home) -> building type


def living_sector(p: GAPersona) -> str:
    parts = address_parts(p.profile.get("living_area", ""))
    return parts[1] if len(parts) >= 2 else ""


def read_lives(cast: list[GAPersona], bare: bool = False, whispers: dict[str, list[str]] | None = None) -> Lives:
    """Personas with homes, work, hours, goals and relations; ``bare`` for a CSV-only cast (names only);
    ``whispers`` (the history CSV's, in the persona's own words) add relations."""
    names = [p.name for p in cast]
    living = {p.name: living_sector(p) for p in cast}
    known_places: dict[str, str] = {}
    for p in cast:
        for sector in [living[p.name], *p.sectors]:
            kind = place_kind(sector) if sector else None
            if kind is not None:
                known_places.setdefault(sector, kind)
    # A GA place named in someone's daily plan or role is used even when no spatial memory lists it.
    for p in cast:
        for sector in _named_places(" ".join(p.profile.values()), names):
            if _known_as(sector, known_places) is None:
                known_places.setdefault(sector, place_kind(sector) or "office")
    used = {s: k for s, k in known_places.items() if k not in HOME_KINDS}
    work: dict[str, str] = {}
    personas = []
    for p in cast:
        persona, place = _persona(p, names, used, bare)
        if place:
            work[p.name] = place
        personas.append(persona)
    households = _households(cast, living)
    relations = _relations(cast, living, work, whispers or {})
    personas = [_with_relations(persona, relations.get(persona.name, {})) for persona in personas]
    return Lives(personas, households, work, used)


_PLACE_NAME = re.compile(r"\b(?:the\s+)?((?:[A-Z][\w'&-]*\s+){0,5}(?:Cafe|Café|Pub|College|Store|Market|Pharmacy|"
                         r"Library|Park|Gym|Bar|Restaurant|School|University|Office|Hall|Bakery))\b")


def _named_places(text: str, people: list[str]) -> list[str]:
    """Capitalised place names in prose ("Hobbs Cafe", "Oak Hill College"), never a person's name."""
    for name in people:  # "Ryan Park" is a man, not a park
        text = text.replace(name, " ")
    found = []
    for match in _PLACE_NAME.finditer(text):
        words = match.group(1).split()
        while words and words[0] in ("The", "A", "An", "At", "In", "To", "Of", "Every", "Each"):
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words))
    return found


def _persona(p: GAPersona, names: list[str], used: dict[str, str], bare: bool) -> tuple[Persona, str]:
    prof = p.profile
    learned, lifestyle, plan_req = prof.get("learned", ""), prof.get("lifestyle", ""), prof.get("daily_plan_req", "")
    job = role(learned, p.name)
    job_text = job
    for n in names:  # never read a job word inside a surname (the software engineer named Park)
        job_text = job_text.replace(n, " ").replace(n.split()[-1], " ")
    low = job_text.lower()
    named = [_known_as(n, used) for n in _named_places(job, names)]
    place = next((s for s in sorted(used, key=len, reverse=True) if s.lower() in job.lower()), "") or \
        next((s for s in named if s is not None), "")
    kind: str | None
    if place:
        kind = used[place]
    else:
        kind = next((k for words, k in ROLE_KINDS if re.search(rf"\b(?:{words})", low)), "office" if job else None)
        if kind is not None:  # the persona's own place of that kind, if their plan names one
            mine = [k for s in _named_places(f"{plan_req} {learned}", names)
                    if (k := _known_as(s, used)) is not None and used[k] == kind]
            place = mine[0] if mine else ""
    if bare:
        kind, place = None, ""
    sleep, wake = sleep_and_wake(lifestyle)
    wake = DEFAULT_WAKE if wake is None else wake
    sleep = DEFAULT_SLEEP if sleep is None else sleep
    hours = None
    if kind is not None:
        hours = work_hours([plan_req, lifestyle, learned], [place, kind, "class" if kind == "school" else ""])
        if hours is None:
            start = first_time(plan_req) if "work" in plan_req.lower() else None
            hours = (start, start + 8 * 60) if start is not None and start + 8 * 60 < 24 * 60 else (9 * 60, 17 * 60)
        if hours[1] <= hours[0]:
            hours = (hours[0], min(24 * 60 - 1, hours[0] + 8 * 60))
    occupation = job or ("villager" if bare else "resident")
    currently = re.sub(r"^\s*status:\s*", "", prof.get("currently", ""), flags=re.IGNORECASE)
    goal = goal_from(currently, p.name)
    details = {k: v for k, v in prof.items() if v}
    backstory = " ".join(x for x in (learned, f"Currently: {currently}" if currently else "") if x)
    persona = Persona(
        name=p.name, age=p.age,
        traits=tuple(t.strip() for t in prof.get("innate", "").split(",") if t.strip())[:6],
        occupation=occupation or "resident", workplace=kind, work=hours if kind else None,
        wake=wake, sleep=sleep, lifestyle=lifestyle[:300].rstrip(" ."), goals=(goal,) if goal else (),
        household=living_sector(p) or p.name, backstory=backstory[:900],
        details=details, settings=dict(p.settings),
    )
    return persona, place


def _households(cast: list[GAPersona], living: dict[str, str]) -> list[Household]:
    groups: dict[str, Household] = {}
    for p in cast:
        sector = living[p.name] or f"{p.name}'s home"
        kind = place_kind(sector)
        house = groups.setdefault(sector, Household(sector, kind if kind in HOME_KINDS else "home"))
        house.members.append(p.name)
    return sorted(groups.values(), key=lambda h: (-len(h.members), h.place))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+", text) if s.strip()]


def _relations(cast: list[GAPersona], living: dict[str, str], work: dict[str, str],
               whispers: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """name -> {other: relation}: words in the persona's text, whispers and memories, then shared homes and
    work. A spouse is a husband or wife when the text says which."""
    names = [p.name for p in cast]
    first_counts: dict[str, int] = {}
    for n in names:
        first_counts[n.split()[0]] = first_counts.get(n.split()[0], 0) + 1
    found: dict[str, dict[str, str]] = {n: {} for n in names}
    spouses: dict[tuple[str, str], str] = {}

    def note(a: str, b: str, relation: str, both: bool) -> None:
        for x, y in ((a, b), (b, a)) if both else ((a, b),):
            old = found[x].get(y)
            if old is None or RANK[relation] < RANK[old]:
                found[x][y] = relation

    for p in cast:
        own = [p.profile.get(k, "") for k in ("learned", "currently", "lifestyle", "daily_plan_req")]
        texts = [(s, True) for t in own for s in _sentences(t)]
        # Memories: the persona's thoughts, reflections and chats about someone (GA's subject is who it is about).
        texts += [(m.text, m.subject == p.name) for m in p.memories if m.kind in ("thought", "reflection", "chat")]
        texts += [(s, True) for w in whispers.get(p.name, []) for s in _sentences(whispered(w, p.name))]
        for sentence, mine in texts:
            if not mine and not sentence.startswith((p.name, p.name.split()[0])):
                continue
            for other in names:
                if other == p.name:
                    continue
                first = other.split()[0]
                named = other in sentence or (first_counts[first] == 1 and re.search(rf"\b{first}\b", sentence))
                if not named:
                    continue
                clause = _clause_about(sentence, other, first)
                for relation, words, both in RELATIONS:
                    said = re.search(words, clause, re.IGNORECASE)
                    if said:
                        note(p.name, other, relation, both)
                        word = re.search(r"husband|wife", said.group(0), re.IGNORECASE)
                        if relation == "spouse" and word:
                            spouses[(p.name, other)] = word.group(0).lower()
                            spouses.setdefault((other, p.name), _SPOUSE_WORDS[word.group(0).lower()])
                        break
                else:
                    if mine and other not in found[p.name]:
                        found[p.name][other] = "neighbour"
    for a in names:
        for b in names:
            if a >= b:
                continue
            if living[a] and living[a] == living[b]:
                family = "family" in living[a].lower() or a.split()[-1] == b.split()[-1]
                note(a, b, "family" if family else "housemate", True)
            if work.get(a) and work.get(a) == work.get(b):
                note(a, b, "colleague", True)
    for (a, b), spouse in spouses.items():
        if found[a].get(b) == "spouse":
            found[a][b] = spouse
    return found


def _clause_about(sentence: str, other: str, first: str) -> str:
    """The words around a name: 'Tom is married to Jane Moreno' keeps 'married' next to Jane; a list of
    several people keeps only the part that names this one, with the words just before it when they are
    its apposition ('her husband, John Lin') or just after it when they say what the two are ('Arthur
    Burton and I are friends')."""
    parts = re.split(r",\s*(?:and\s+|but\s+)?|\s+and\s+|\s+but\s+|\s+while\s+|\s+--\s+", sentence)
    near = [i for i, part in enumerate(parts) if other in part or re.search(rf"\b{first}\b", part)]
    if len(near) != 1 or len(parts) == 1:
        return sentence
    i = near[0]
    if any(re.search(words, parts[i], re.IGNORECASE) for _r, words, _b in RELATIONS):
        return parts[i]
    if i + 1 < len(parts) and re.match(r"(?:I|we)\b", parts[i + 1]):  # 'Arthur Burton and I are friends'
        return f"{parts[i]} and {parts[i + 1]}"
    return f"{parts[i - 1]}, {parts[i]}" if i > 0 else parts[i]


def _with_relations(persona: Persona, knows: dict[str, str]) -> Persona:
    return replace(persona, knows=dict(sorted(knows.items())))
