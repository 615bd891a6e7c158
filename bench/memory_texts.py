"""Varied memory sentences for benchmarks: templates x names x places x times, seeded and original."""

from __future__ import annotations

import random

FIRST = ["Ada", "Bo", "Cyrus", "Dalia", "Emil", "Fern", "Gus", "Hana", "Ivo", "Juno", "Kit", "Lena", "Milo",
         "Nora", "Otto", "Pia", "Quinn", "Rosa", "Sami", "Tova", "Uri", "Vera", "Wren", "Yael"]
LAST = ["Park", "Lind", "Moss", "Ray", "Okafor", "Silva", "Novak", "Brandt", "Ito", "Quist", "Marsh", "Vale"]
PLACES = ["the bakery", "Copper Kettle Cafe", "the library", "the town square", "the riverside park",
          "the school", "the clinic", "the hardware store", "the pub", "the market", "the mill",
          "the community garden", "the post office", "town hall", "the harbour"]
DOING = ["walking", "reading a newspaper", "kneading dough", "sweeping the floor", "sleeping", "sipping tea",
         "arguing about taxes", "painting a fence", "fixing a bicycle", "writing letters", "feeding the ducks",
         "stocking shelves", "practising the violin", "grading homework", "repairing a roof", "selling apples",
         "waiting in line", "playing chess", "watering tomatoes", "counting coins"]
TOPICS = ["the harvest fair", "the new bridge", "the mayor's election", "a leaking roof", "the price of flour",
          "a lost cat", "the winter festival", "a job at the mill", "a surprise birthday party", "the river flood",
          "a new novel", "the school play", "rent going up", "the bakery's new bread", "a wedding next month"]
FEELINGS = ["glad", "worried", "curious", "tired", "proud", "restless", "hopeful", "annoyed"]
TIMES = ["07:00", "08:30", "10:00", "12:15", "13:00", "15:30", "17:00", "18:45", "20:00", "21:30"]

TEMPLATES = [
    ("observation", "{a} is {doing} at {place}."),
    ("observation", "{a} is {doing} at {place}."),
    ("observation", "{a} and {b} are talking near {place}."),
    ("chat", "Talked with {a}: we discussed {topic}; {a_first} seemed {feeling}."),
    ("chat", "{a} told me about {topic} at {place}."),
    ("chat", "{a} invited me to {topic} at {place} at {time}."),
    ("plan", "Plan for today: {time} work at {place}; later visit {a_first} about {topic}."),
    ("reflection", "{a} and I keep coming back to {topic}; I feel {feeling} about it."),
    ("reflection", "I spend a lot of time at {place}; it makes me {feeling}."),
    ("thought", "I should ask {a_first} about {topic} before {time}."),
    ("thought", "I felt {feeling} after seeing {a} at {place}."),
]


def memory_texts(count: int, seed: int = 0) -> list[tuple[str, str]]:
    """`count` distinct (kind, text) pairs."""
    rng = random.Random(seed)
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    out: dict[str, str] = {}
    while len(out) < count:
        kind, template = rng.choice(TEMPLATES)
        a, b = rng.sample(names, 2)
        text = template.format(a=a, b=b, a_first=a.split()[0], place=rng.choice(PLACES), doing=rng.choice(DOING),
                               topic=rng.choice(TOPICS), feeling=rng.choice(FEELINGS), time=rng.choice(TIMES))
        out.setdefault(text, kind)
    return [(kind, text) for text, kind in out.items()]


def query_texts(count: int, seed: int = 1) -> list[str]:
    """Queries as the mind asks them: a person and a topic, a plan, a reflection question."""
    rng = random.Random(seed)
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    shapes = ["{a}. {topic}", "{a}'s plans for today", "What do I think of {a}?",
              "How do I feel about my time at {place}?", "{a}. Did you hear about {topic}?"]
    return [rng.choice(shapes).format(a=rng.choice(names), topic=rng.choice(TOPICS), place=rng.choice(PLACES))
            for _ in range(count)]
