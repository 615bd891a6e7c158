"""Generated villagers for towns bigger than the written cast: households, homes, work, goals, friends.

Seeded: the same seed and the same free beds give the same people. Households (couples,
families, flatmates, people living alone) fill the dwellings of the map's homes (a house,
or one three-bed flat of an apartment building); every adult takes a job at a workplace near
home that still has a free post, or has a reason not to (retired, studying, at home with
the children, working from home, looking for work); children and teenagers go to school.
Everybody knows their family, a few neighbours and a few colleagues. All text is our own.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from game.agents.persona import Persona

FLAT_BEDS = 3  # an apartment building's beds come in flats of three, in the prefab's order

#: How an occupation reads for a villager without a workplace: the reason they have none.
REASONS = ("retired", "child", "works from home", "looking for work", "at home")


@dataclass(frozen=True)
class Dwelling:
    """Beds in one home that share a front door: a house, or one flat of an apartment building."""

    home: str
    building_type: str
    beds: tuple[int, ...]
    x: int
    y: int


@dataclass(frozen=True)
class Workplace:
    """A building where villagers work or study, where it stands, and its posts by job title."""

    name: str
    building_type: str
    x: int
    y: int
    posts: tuple[tuple[str, int, int, int], ...]  # (title, free posts, start, end in minutes)


@dataclass(frozen=True)
class Newcomer:
    """A generated villager and where they live and work (``workplace`` is a building's name)."""

    persona: Persona
    home: str
    bed: int
    workplace: str | None


@dataclass
class _Draft:
    first: str
    last: str
    age: int
    role: str  # parent, partner, child, grandparent, flatmate, single
    household: int
    home: str
    bed: int
    occupation: str = ""
    building_type: str | None = None
    workplace: str | None = None
    work: tuple[int, int] | None = None
    reason: str = ""
    knows: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


_FIRST = (
    "Adaeze Agnes Alder Alvar Amara Anouk Arlo Astrid Aurelio Barnaby Beatrix Bexley Bodhi Bronte "
    "Caius Calla Cassius Celeste Cillian Clementine Cosimo Dagny Dashiell Delphine Desmond Dilys "
    "Dorian Edda Eamon Elowen Emrys Esme Evander Fenna Ferris Fiadh Florian Freya Gideon Ginevra "
    "Greer Gwilym Halvard Henrike Hollis Honora Idris Ilse Imogen Isidore Ivo Jacinta Jarrah Jolene "
    "Jory Juniper Kasimir Keziah Kit Kornelia Lachlan Larkin Leocadia Linnea Lorcan Lucan Mabel "
    "Mael Magnus Marisol Marlowe Mattias Mireille Morwenna Nahuel Nerys Niamh Nils Noor Obadiah "
    "Odile Olek Onyeka Orla Osric Pascale Peregrine Petra Philippa Piran Quillon Quinta Ramona "
    "Ravi Reinhold Rhiannon Ronan Rosalind Rufus Saoirse Selwyn Seraphine Sigrid Silas Solveig "
    "Tamsin Tarquin Teodora Thaddeus Thea Tobias Ulla Ulric Valentina Vesper Wilhelmina Winslow "
    "Xanthe Yusuf Ysolde Zephyr Zofia Ambrose Bettany Corentin Dov Elspeth Fintan Gaia Hamish "
    "Ines Jasper Kalinda Lorenzo Minna Nuala Otto Perpetua Rafferty Sunniva Tomasz Unity Vanya"
).split()
_LAST = (
    "Abernethy Ackroyd Allardyce Applegarth Balfour Bellweather Blackwood Bramall Brightside "
    "Callander Carraway Chisholm Cobbold Crabtree Dalgleish Darrow Dewhurst Drummond Eastwood "
    "Ellery Fairbairn Farrant Fenwick Fletcher Galbraith Garside Goodwin Greaves Halliwell Hargreaves "
    "Hawthorne Heseltine Holroyd Ibbotson Ingleby Jardine Kavanagh Kershaw Kinnear Lathbury "
    "Leatherbarrow Lindgren Lockhart Mackintosh Marchbank Mossop Mulholland Nettlefold Northcott "
    "Oakes Ormerod Pemberton Penhaligon Pickering Prendergast Quarmby Rathbone Redfern Rowntree "
    "Sandiford Scarisbrick Shackleton Smallwood Sowerby Stainthorpe Sutcliffe Tattersall Thistlewood "
    "Threlfall Tremayne Umpleby Varga Vasquez Wainwright Warburton Whitlock Wigglesworth Winterbottom "
    "Yardley Zielinski Achebe Baptiste Castellanos Dragomir Esposito Fujimoto Gallagher Haddad "
    "Iwasaki Jankowski Kowalczyk Lindahl Moreau Nakamura Okonkwo Petrossian Quintero Rahimi "
    "Szabo Takahashi Ulloa Valdivia Wojcik Xiong Yilmaz Zamora"
).split()
_TRAITS = (
    "patient", "restless", "wry", "soft-spoken", "stubborn", "generous", "curious", "meticulous",
    "absent-minded", "cheerful", "blunt", "dreamy", "thrifty", "sociable", "guarded", "earnest",
    "mischievous", "methodical", "sentimental", "outspoken", "gentle", "competitive", "anxious",
    "easy-going", "proud", "playful", "practical", "romantic", "sceptical", "tidy", "chaotic",
    "loyal", "nosy", "unhurried", "brisk", "shy", "theatrical", "diplomatic", "impulsive", "wise",
    "sarcastic", "warm-hearted", "bookish", "sporty", "house-proud", "fussy", "brave", "talkative",
    "quiet", "hopeful", "melancholy", "witty", "trusting", "cautious", "ambitious", "modest",
    "inventive", "forgetful", "punctual", "superstitious", "laid-back", "hard-working", "dry-humoured",
    "kind to strangers", "quick to laugh", "slow to anger", "fond of gossip", "good with animals",
    "a terrible singer", "always early", "always late", "a keen listener", "a born organiser",
)
_ORIGINS = (
    "a fishing village on the north coast", "the hill farms past Grayling Moor", "a big city to the south",
    "a river town downstream", "an island with one ferry a week", "the mining valleys in the east",
    "a market town two days away", "a lighthouse keeper's cottage", "the vineyards of the west",
    "a village that was flooded to make a reservoir", "a railway town that lost its railway",
    "a cathedral city", "a mountain hamlet snowed in every winter", "a port full of sailors' bars",
    "a university town", "the orchards beyond the ridge", "a quiet suburb nobody has heard of",
)
_WHEN = ("last spring", "three winters ago", "ten years back", "the summer the river froze",
         "just after the harvest fair", "long ago", "two autumns ago", "in a hurry one March",
         "the year of the big storm", "on the last train before the line closed")
_WHY_ADULT = (
    "for a fresh start", "for work that never turned up as promised", "to be near family",
    "after a long-distance courtship by letter", "because the rent was cheap", "on a whim after a good holiday",
    "to get away from a noisy city", "when an old friend offered a spare room", "to look after an ailing aunt",
    "because a fortune teller said so", "chasing a job that paid better",
)
_KID_WHEN = ("last year", "two summers ago", "before starting school", "last autumn", "when very small")
_KID_HOBBIES = ("builds dens under the table", "collects conkers and pebbles", "draws dragons on everything",
                "plays hopscotch on the pavement", "keeps a jar of interesting beetles", "practises cartwheels",
                "reads comics under the covers", "races paper boats in the gutter", "makes up long songs",
                "trains for the egg-and-spoon race", "asks why about everything", "saves every bus ticket")
_CRAFTS = ("translator", "illustrator", "bookkeeper", "potter", "tailor", "piano tuner", "cartographer",
           "clock repairer", "crossword setter", "bookbinder", "furniture restorer", "letter writer for hire",
           "seamstress", "radio repairer", "puzzle maker", "jam maker who sells at the market")
_FORMER = ("postmaster", "ship's cook", "nurse", "train driver", "librarian", "carpenter", "schoolteacher",
           "seamstress", "bank clerk", "ferry pilot", "baker", "dentist", "gardener", "mechanic",
           "lighthouse keeper", "shopkeeper", "newspaper editor", "midwife", "bus driver")
_HOBBIES = ("grows tomatoes on the balcony", "plays chess against anyone", "collects old maps",
            "sketches the rooftops", "knits scarves for everyone", "keeps a weather diary", "bakes bread on Sundays",
            "walks the long way round", "whistles while working", "feeds the ducks at the pond",
            "practises the violin badly", "reads detective stories", "repairs bicycles for friends",
            "keeps bees", "writes letters nobody answers", "swims in cold water", "does the crossword in ink",
            "tends a window box of herbs", "listens to the radio late", "runs before breakfast",
            "carves little wooden birds", "photographs doors", "argues about football",
            "learns a new recipe each week", "collects stamps from far away", "paints seascapes from memory")
_GOALS = {
    "worker": ("become head {title} at {workplace}", "save enough for a {purchase}",
               "learn to {skill} before winter", "get a pay rise at {workplace}",
               "find a quieter job one day", "make {workplace} the best-run place in {town}",
               "train the newest {title} well", "take a long holiday by the sea"),
    "parent": ("see {child} do well at school", "teach {child} to {skill}", "find a bigger place for the family",
               "spend more evenings at home with {child}"),
    "partner": ("plan a surprise for {partner}", "repaint the flat with {partner}",
                "celebrate ten years with {partner}"),
    "child": ("win the school spelling contest", "make a best friend", "get a puppy", "learn to {skill}",
              "build the tallest tree house in {town}", "be picked for the football team"),
    "teen": ("pass the exams at {workplace}", "start a band", "earn pocket money", "learn to {skill}",
             "leave {town} to see the world", "get the lead in the school play"),
    "student": ("finish the thesis", "read every book in {workplace}", "find a part-time job", "learn to {skill}"),
    "retired": ("write down the old stories of {town}", "keep the garden blooming", "visit an old friend far away",
                "teach the young ones to {skill}", "walk every street in {town}", "win the pie contest at last"),
    "home": ("sell more work as a {craft}", "find steady clients in {town}", "set up a workshop of their own",
             "finish a big commission on time"),
    "seeker": ("find work in {town}", "learn a trade", "stop worrying about money", "meet people who are hiring"),
    "any": ("get to know the neighbours at {home}", "make a friend at the {place}", "keep fit",
            "be kinder to {someone}", "throw a party at {home}", "fix the squeaky stair at {home}"),
}
_PURCHASES = ("bicycle", "sewing machine", "second-hand piano", "little boat", "good winter coat",
              "camera", "telescope", "motor scooter", "set of proper kitchen knives", "new bed")
_SKILLS = ("swim", "play the accordion", "bake sourdough", "speak another language", "juggle", "paint in oils",
           "ride a bicycle", "fix a leaking tap", "dance the waltz", "play chess well", "sing in tune",
           "drive", "knit a jumper", "grow roses")
_PLACES = ("cafe", "park", "library", "gym", "store", "restaurant")
_SIZE_WEIGHTS = (2, 4, 4, 3, 1, 1, 1, 1)  # how often a household has one, two, three, four... members


def generate_cast(count: int, dwellings: Sequence[Dwelling], workplaces: Sequence[Workplace], *,
                  town: str, seed: int, taken: Iterable[str] = ()) -> list[Newcomer]:
    """Up to ``count`` generated villagers in households that fill the given dwellings.

    Returns fewer when the dwellings run out of beds. ``taken`` are names already in town.
    """
    rng = random.Random(f"cast {seed}")
    names = set(taken)
    order = list(dwellings)
    rng.shuffle(order)
    posts = {w.name: [list(p) for p in w.posts] for w in workplaces}
    drafts: list[_Draft] = []
    # Beds that may stay empty: households come in every size while there is room to spare.
    spare = sum(len(d.beds) for d in order) - count
    for number, dwelling in enumerate(order):
        left = count - len(drafts)
        if left <= 0:
            break
        beds = len(dwelling.beds)
        wanted = rng.choices(range(1, beds + 1), weights=_SIZE_WEIGHTS[:beds])[0]
        empty = max(0, min(beds - wanted, spare))
        spare -= empty
        members = _household(rng, min(beds - empty, left), number, dwelling, names)
        for member in members:
            _occupy(rng, member, dwelling, workplaces, posts, members)
        drafts += members
    _acquaint(rng, drafts)
    return [Newcomer(_persona(rng, d, drafts, town), d.home, d.bed, d.workplace) for d in drafts]


def _household(rng: random.Random, size: int, number: int, dwelling: Dwelling, names: set[str]) -> list[_Draft]:
    """Who lives in one dwelling: a family, a couple, flatmates or one person alone."""
    surname = rng.choice(_LAST)
    if size == 1:
        shape = [("single", rng.randint(20, 86))]
    else:
        roll = rng.random()
        adult = rng.randint(27, 50)
        if size >= 3 and roll < 0.55:
            kids = size - 2 if roll < 0.45 else size - 1
            shape = [("parent", adult), ("parent", adult + rng.randint(-4, 4))][: size - kids]
            shape += [("child", max(5, min(17, adult - rng.randint(22, 38)))) for _ in range(kids)]
        elif size == 2 and roll < 0.5:
            shape = [("partner", rng.randint(22, 84))]
            shape.append(("partner", max(19, shape[0][1] + rng.randint(-6, 6))))
        elif size >= 3 and roll < 0.7:
            shape = [("partner", adult), ("partner", adult + rng.randint(-3, 5)),
                     ("grandparent", min(92, adult + rng.randint(24, 34)))][:size]
            shape += [("child", max(5, min(17, adult - rng.randint(24, 36))))] * (size - len(shape))
        elif size == 2 and roll < 0.65:
            shape = [("parent", adult), ("child", max(5, min(17, adult - rng.randint(20, 36))))]
        else:
            shape = [("flatmate", rng.randint(19, 38)) for _ in range(size)]
    members = []
    shared = shape[0][0] != "flatmate" and (shape[0][0] != "partner" or rng.random() < 0.6)
    for bed, (role, age) in zip(dwelling.beds, shape, strict=False):
        last = surname if shared else rng.choice(_LAST)
        first = _unique_first(rng, last, names)
        members.append(_Draft(first, last, age, role, number, dwelling.home, bed))
    return members


def _unique_first(rng: random.Random, last: str, names: set[str]) -> str:
    for _ in range(40):
        first = rng.choice(_FIRST)
        if f"{first} {last}" not in names:
            names.add(f"{first} {last}")
            return first
    first = f"{rng.choice(_FIRST)} {chr(65 + len(names) % 26)}."
    while f"{first} {last}" in names:
        first = f"{rng.choice(_FIRST)} {chr(65 + rng.randrange(26))}."
    names.add(f"{first} {last}")
    return first


def _occupy(rng: random.Random, d: _Draft, home: Dwelling, workplaces: Sequence[Workplace],
            posts: dict[str, list[list]], household: list[_Draft]) -> None:
    """A job near home with a free post, school for the young, or the reason there is none."""
    near = sorted(workplaces, key=lambda w: (abs(w.x - home.x) + abs(w.y - home.y), w.name))
    school = next((w for w in near if w.building_type == "school"), None)
    library = next((w for w in near if w.building_type == "library"), None)
    if d.age < 18 or d.role == "child":
        if school is None:
            d.occupation, d.reason = "a child who spends the days at home", "child"
            return
        pupil = "pupil" if d.age < 12 else "student"
        d.occupation = f"{pupil} at {school.name}"
        home_time = 15 * 60 + (30 if d.age >= 12 else 0)
        d.building_type, d.workplace, d.work = "school", school.name, (8 * 60 + 30, home_time)
        return
    if d.age >= 67:
        d.occupation, d.reason = f"retired {rng.choice(_FORMER)}", "retired"
        return
    if d.age <= 23 and library is not None and rng.random() < 0.4:
        d.occupation = f"student who studies at {library.name}"
        d.building_type, d.workplace, d.work = "library", library.name, (10 * 60, 16 * 60)
        return
    for place in near[:10]:
        open_posts = [p for p in posts.get(place.name, []) if p[1] > 0]
        if open_posts and rng.random() < 0.85:
            post = rng.choice(open_posts)
            post[1] -= 1
            d.occupation = f"{post[0]} at {place.name}"
            d.building_type, d.workplace, d.work = place.building_type, place.name, (post[2], post[3])
            return
    has_children = any(m.role == "child" for m in household)
    roll = rng.random()
    if has_children and roll < 0.3:
        d.occupation, d.reason = "at home with the children", "at home"
    elif roll < 0.7:
        d.occupation, d.reason = f"{rng.choice(_CRAFTS)} who works from home", "works from home"
    else:
        d.occupation, d.reason = "looking for work", "looking for work"


def _acquaint(rng: random.Random, drafts: list[_Draft]) -> None:
    """Family by household; a few neighbours in the same building; a few colleagues at work."""
    by_household: dict[int, list[_Draft]] = {}
    by_home: dict[str, list[_Draft]] = {}
    by_work: dict[str, list[_Draft]] = {}
    for d in drafts:
        by_household.setdefault(d.household, []).append(d)
        by_home.setdefault(d.home, []).append(d)
        if d.workplace:
            by_work.setdefault(d.workplace, []).append(d)
    for d in drafts:
        for other in by_household[d.household]:
            if other is not d:
                d.knows[other.name] = _relation(d, other)
        neighbours = [o for o in by_home[d.home] if o.household != d.household]
        for other in rng.sample(neighbours, min(2, len(neighbours))):
            d.knows.setdefault(other.name, f"neighbour at {d.home}")
        if d.workplace:
            mates = [o for o in by_work[d.workplace] if o is not d and o.household != d.household]
            word = "classmate" if d.building_type == "school" and d.age < 18 else "colleague"
            for other in rng.sample(mates, min(3, len(mates))):
                d.knows.setdefault(other.name, f"{word} at {d.workplace}")


def _relation(d: _Draft, other: _Draft) -> str:
    pair = (d.role, other.role)
    if pair in (("parent", "parent"), ("partner", "partner")):
        return "partner"
    if other.role == "child":
        return "their child" if d.role in ("parent", "partner") else (
            "grandchild" if d.role == "grandparent" else "sibling")
    if d.role == "child":
        return "grandparent" if other.role == "grandparent" else "parent"
    if other.role == "grandparent":
        return "parent, who lives with them"
    if d.role == "grandparent":
        return "their grown-up child"
    return "flatmate"


def _persona(rng: random.Random, d: _Draft, everyone: list[_Draft], town: str) -> Persona:
    wake, sleep = _rhythm(rng, d)
    kin = [o for o in everyone if o.household == d.household and o is not d]
    child = next((o.first for o in kin if o.role == "child"), "the little one")
    partner = next((o.first for o in kin if d.knows.get(o.name) == "partner"), "their partner")
    fill = {"title": d.occupation.split(" at ")[0], "workplace": d.workplace or "work", "town": town,
            "purchase": rng.choice(_PURCHASES), "skill": rng.choice(_SKILLS), "home": d.home,
            "place": rng.choice(_PLACES), "child": child, "partner": partner,
            "craft": d.occupation.split(" who ")[0], "someone": rng.choice(kin).first if kin else "strangers"}
    kinds = [_goal_kind(d)]
    if d.role in ("parent",) and kin:
        kinds.append("parent")
    elif d.role == "partner":
        kinds.append("partner")
    kinds.append("any")
    goals = []
    for kind in kinds:
        text = rng.choice(_GOALS[kind]).format(**fill)
        if text not in goals:
            goals.append(text)
    return Persona(
        name=d.name, age=d.age, traits=tuple(rng.sample(_TRAITS, 3)), occupation=d.occupation,
        workplace=d.building_type, work=d.work, wake=wake, sleep=sleep,
        lifestyle=_lifestyle(rng, wake, sleep, _KID_HOBBIES if d.age < 13 else _HOBBIES),
        goals=tuple(goals[:3]), knows=dict(d.knows),
        household=f"{d.home} household {d.household + 1}", backstory=_backstory(rng, d, town),
    )


def _goal_kind(d: _Draft) -> str:
    if d.age < 12:
        return "child"
    if d.age < 18:
        return "teen"
    if d.reason:
        return {"retired": "retired", "works from home": "home", "looking for work": "seeker"}.get(d.reason, "any")
    return "student" if d.occupation.startswith("student") else "worker"


def _rhythm(rng: random.Random, d: _Draft) -> tuple[int, int]:
    """Wake and sleep times (minutes after midnight) that fit the day's work or school."""
    if d.age < 12:
        wake = 7 * 60 + rng.choice((0, 15, 30))
        return wake, 19 * 60 + rng.choice((30, 45, 60, 90))
    if d.work:
        wake = d.work[0] - rng.choice((45, 60, 75, 90, 120))
    else:
        wake = rng.choice((5 * 60 + 30, 6 * 60 + 30, 7 * 60, 8 * 60, 9 * 60, 9 * 60 + 30))
    sleep = (wake - rng.choice((420, 450, 480, 510, 540))) % 1440
    return wake % 1440, sleep


def _lifestyle(rng: random.Random, wake: int, sleep: int, hobbies: Sequence[str]) -> str:
    if wake < 6 * 60 + 30:
        rhythm = rng.choice(("up before the birds", "an early riser", "awake at first light"))
    elif wake > 8 * 60 + 30:
        rhythm = rng.choice(("a late riser", "slow in the mornings", "a night owl"))
    else:
        rhythm = rng.choice(("keeps regular hours", "never misses breakfast", "steady from morning to night"))
    late = "reads in bed" if sleep >= 23 * 60 or sleep < 3 * 60 else "turns in early"
    return f"{rhythm}; {rng.choice(hobbies)}; {late}"


def _backstory(rng: random.Random, d: _Draft, town: str) -> str:
    origin = rng.choice(_ORIGINS)
    if d.age < 18:
        born = rng.random() < 0.6
        return (f"{d.first} was born in {town} and has never lived anywhere else." if born else
                f"{d.first} came to {town} from {origin} {rng.choice(_KID_WHEN)} with the family.")
    opener = rng.choice((f"{d.first} grew up in {origin}", f"Born in {origin}, {d.first} drifted",
                         f"{d.first} left {origin}", f"After a childhood in {origin}, {d.first} came"))
    move = f"to {town} {rng.choice(_WHEN)} {rng.choice(_WHY_ADULT)}."
    if opener.endswith("grew up in " + origin):
        move = f"and moved {move}"
    elif opener.endswith("left " + origin):
        move = f"for {town} {rng.choice(_WHEN)} {rng.choice(_WHY_ADULT)}."
    extra = rng.choice(("", f" Still misses {rng.choice(('the food', 'the sea air', 'the old friends'))} back home.",
                        " Knows every shortcut by now.", " Has opinions about the bus timetable.",
                        " Keeps meaning to learn the neighbours' names."))
    return f"{opener} {move}{extra}"
