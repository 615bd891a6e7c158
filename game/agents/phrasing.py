"""Phrasing shared by the offline talkers (villager to villager, villager to player): verb forms, articles,
relations, and stored memories turned into speech in the first person or addressed to a listener."""

from __future__ import annotations

import re
from functools import lru_cache

#: Memories that are bookkeeping, not talk: who I am, where I live, plans, raw transcripts, the player's own words.
#: How a talk's transcript memory begins (with the player; between two villagers; an imported GA chat).
TRANSCRIPTS = ("Conversation with", "Conversation between")
UNSAID = ("Slept", "I am", "Who I am", "Plan for", *TRANSCRIPTS, "I live at", "The player said", "I told the player")
#: Labels the mind puts before a memory's content; said aloud they are dropped.
PREFIXES = ("What stays with me lately:", "I keep thinking:", "Reflection:", "Thought:", "Insight:")

_IRREGULAR = {"be": "being", "lie": "lying", "die": "dying", "see": "seeing", "tie": "tying", "flee": "fleeing",
              "agree": "agreeing", "ski": "skiing", "dye": "dyeing", "hoe": "hoeing", "canoe": "canoeing"}
# Verbs of two syllables stressed on the last one double its consonant (begin -> beginning, not visit).
_STRESSED_LAST = {"begin", "forget", "admit", "prefer", "occur", "refer", "permit", "commit", "regret", "submit",
                  "upset", "equip", "control", "patrol", "compel", "omit", "transmit", "unwrap", "rebut"}
_NOT_GERUND = {"sing", "bring", "ring", "string", "sting", "swing", "wing", "cling", "fling", "spring", "wring"}
_VOWELS = "aeiou"


def worth_saying(memory: str) -> bool:
    """False for the bookkeeping memories in UNSAID: a villager brings up what happened, not their own file."""
    return not memory.startswith(UNSAID)


def ing(verb: str) -> str:
    """The -ing form of one verb: sip -> sipping, make -> making, visit -> visiting, lie -> lying."""
    low = verb.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("ing") and len(low) > 4 and low not in _NOT_GERUND:
        return verb
    if low.endswith("ie"):
        return verb[:-2] + "ying"
    if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) and len(low) > 2:
        return verb[:-1] + "ing"
    if low.endswith("c") and low in ("picnic", "panic", "mimic", "traffic"):
        return verb + "king"
    syllables = len(re.findall(r"[aeiouy]+", low))
    cvc = (len(low) >= 3 and low[-1] not in _VOWELS + "wxy" and low[-2] in _VOWELS
           and low[-3] not in _VOWELS)
    if cvc and (syllables == 1 or low in _STRESSED_LAST):
        return verb + verb[-1] + "ing"
    return verb + "ing"


@lru_cache(maxsize=4096)  # perception asks for every villager in view each game minute
def gerund(phrase: str) -> str:
    """'prepare pastries' -> 'preparing pastries': plan steps are imperatives, talk uses -ing."""
    first, sep, rest = phrase.strip().partition(" and ")
    if sep and ((rest[:1].islower() and " " not in first.strip()) or _looks_like_verb_phrase(rest)):
        return f"{gerund(first)} and {gerund(rest)}"
    words = phrase.strip().split(" ", 1)
    if not words or not words[0]:
        return phrase
    return ing(words[0]) + (" " + words[1] if len(words) > 1 else "")


def _looks_like_verb_phrase(text: str) -> bool:
    """'get dressed' is a verb phrase; 'cheese' in 'bread and cheese' is not: a short lower-case head word."""
    head = text.split(" ", 1)[0]
    return head.islower() and head in _COMMON_VERBS


_COMMON_VERBS = {"answer", "bake", "brew", "browse", "call", "carry", "catch", "chat", "check", "chop", "clean",
                 "close", "cook", "count", "dance", "doze", "dress", "drink", "eat", "edit", "enjoy", "fetch",
                 "file", "finish", "fold", "get", "go", "grab", "greet", "have", "head", "help", "hum", "jot",
                 "keep", "knead", "lay", "listen", "lock", "look", "make", "meet", "nap", "nibble", "open", "order",
                 "paint", "pay", "people-watch", "pick", "plan", "play", "practice", "practise", "prepare", "prune",
                 "put", "read", "rehearse", "relax", "rest", "restock", "review", "run", "serve", "set", "sing",
                 "sip", "sit", "sketch", "sort", "stand", "start", "stir", "stock", "stretch", "stroll", "strum",
                 "sweep", "take", "talk", "taste", "think", "tidy", "tune", "unpack", "wait", "walk", "wash",
                 "watch", "water", "weed", "wipe", "write"}


def part_of_day(minute: int) -> str:
    """'morning', 'afternoon' or 'evening' for a minute of the day."""
    return "morning" if minute < 12 * 60 else ("afternoon" if minute < 18 * 60 else "evening")


def _name_pattern(name: str) -> str:
    """A regex alternation of a full name and its first name."""
    return f"{re.escape(name)}|{re.escape(name.split()[0])}"


def _name_opens(text: str, name: str, is_: str, was: str, has: str, own: str, does: str) -> str:
    """A text that opens with the name, said with a pronoun: 'Ann is' -> is_, 'Ann's' -> own, 'Ann walks' -> does."""
    name = _name_pattern(name)
    text = re.sub(rf"^(?:{name}) is\b", is_, text)
    text = re.sub(rf"^(?:{name}) was\b", was, text)
    text = re.sub(rf"^(?:{name}) has\b", has, text)
    text = re.sub(rf"^(?:{name})'s\b", own, text)
    return re.sub(rf"^(?:{name}) ([a-z]\w*?)s\b", rf"{does} \1", text)


def first_person(text: str, speaker: str = "") -> str:
    """A text about the speaker said by the speaker: goals ('finish his novel' -> 'finish my novel'), third-person
    memories ('Klaus Mueller is excited to attend' -> 'I am excited to attend'), whispers ('You want to run' ->
    'I want to run')."""
    text = strip_prefix(text.strip().rstrip("."))
    if speaker:
        text = _name_opens(text, speaker, "I am", "I was", "I have", "My", "I")
        text = re.sub(rf"\b(?:{_name_pattern(speaker)})\b", "me", text)
    text = re.sub(r"^You are\b", "I am", text)
    text = re.sub(r"^You're\b", "I'm", text)
    text = re.sub(r"^You\b", "I", text)
    text = re.sub(r"\byour\b", "my", text)
    text = re.sub(r"\byourself\b", "myself", text)
    text = re.sub(r"\b(his|their)\b", "my", text)
    if text.startswith("I "):
        text = re.sub(r"\b(he|she|they) (is|are)\b", "I am", text)
    # 'her' is theirs unless the text is about someone named before it ("get Hana to her race").
    if not re.search(r"\b[A-Z][a-z]+\b.*\bher\b", text[1:]):
        text = re.sub(r"\bher\b", "my", text)
    return text


def to_listener(text: str, speaker: str, listener: str) -> str:
    """A memory said by the speaker to the listener: the speaker is 'I', the listener 'you', never their name."""
    text = first_person(text, speaker)
    name = _name_pattern(listener)
    text = re.sub(rf"\b(?:{name}) and I\b", "we", text)
    text = _name_opens(text, listener, "you are", "you were", "you have", "your", "you")
    text = re.sub(rf"\b(?:{name})'s\b", "your", text)
    text = re.sub(rf"\b(?:{name})\b", "you", text)
    return text[:1].upper() + text[1:] if text.startswith(("you", "we")) else text


def mentions(text: str, name: str) -> bool:
    """True if the text names the person, by full or first name."""
    return bool(re.search(rf"\b({re.escape(name)}|{re.escape(name.split()[0])})\b", text))


def strip_prefix(text: str) -> str:
    """'What stays with me lately: X' -> 'X'; 'I keep thinking: You want ...' -> 'You want ...'."""
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix):].strip()
                changed = True
    return text


def place_name(place: str) -> str:
    """'Sparrow Row Apartments, flat B' -> 'Sparrow Row Apartments': the room is too much detail for talk."""
    name = place.split(",")[0].strip()
    doubled = re.match(r"^(.+?) at \1$", name)
    return doubled.group(1) if doubled else name


def at_place(doing: str, place: str) -> str:
    """'sipping coffee' + 'Copper Kettle Cafe' -> 'sipping coffee at Copper Kettle Cafe', never the place twice."""
    where = place_name(place)
    if not where or where.lower() in doing.lower():
        return doing
    return f"{doing} at {where}"


def bare(relation: str) -> str:
    """'her cook' -> 'cook', 'my boss' -> 'boss': relations are written from outside, speech says 'my'."""
    return re.sub(r"^(his|her|their|my|the|a|an) ", "", relation.strip())


def my_relation(name: str, relation: str) -> str:
    """'Jonah', 'his manager' -> 'Jonah is my manager' (never 'my his manager')."""
    return f"{name} is my {bare(relation)}"


_FAMILY = ("husband", "wife", "partner", "mother", "father", "daughter", "son", "sister", "brother", "mum", "dad",
           "grandmother", "grandfather", "aunt", "uncle", "cousin", "niece", "nephew", "fiancé", "fiancée", "spouse")
_FRIEND = ("friend", "buddy", "pal", "crush", "lover")
_WORK = ("co-worker", "coworker", "colleague", "boss", "employee", "manager", "employer", "barista", "cook",
         "editor", "client", "coach", "assistant", "clerk", "staff", "trainer")


def bond(relation: str, chats: int = 0) -> str:
    """The kind of tie a relation names: family, friend, colleague, acquaintance or stranger."""
    words = bare(relation).lower()
    if any(re.search(rf"\b{w}\b", words) for w in _FAMILY):
        return "family"
    if any(re.search(rf"\b{w}\b", words) for w in _FRIEND):
        return "friend"
    if any(re.search(rf"\b{re.escape(w)}\b", words) for w in _WORK):
        return "colleague"
    if words or chats > 0:
        return "acquaintance"
    return "stranger"


def pet_name(relation: str, first_name: str) -> str:
    """How family address each other: 'Mum', 'Dad', 'love'; everyone else by first name."""
    word = bare(relation).lower()
    return {"mother": "Mum", "father": "Dad", "husband": "love", "wife": "love", "partner": "love",
            "daughter": "sweetheart", "son": "son"}.get(word, first_name)


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


def _third(verb: str) -> str:
    if verb in ("am", "are"):
        return "is"
    if verb == "have":
        return "has"
    if re.search(r"(s|sh|ch|x|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def reported(text: str, speaker: str, listener: str) -> str:
    """What the speaker said to the listener, retold by someone else: 'I want to run' -> 'Rosa wants to run'."""
    s, li = speaker.split()[0], listener.split()[0]
    text = re.sub(r"^I'm\b", "I am", text)
    text = re.sub(r"^I've\b", "I have", text)
    text = re.sub(r"\b[Ww]e\b", "they", text)
    text = re.sub(r"^I (\w+)", lambda m: f"{s} {_third(m.group(1))}" if m.group(1) not in ("was", "saw", "had",
                  "would", "will", "can", "could", "should", "might") else f"{s} {m.group(1)}", text)
    text = re.sub(r"^You are\b|^you are\b", f"{li} is", text)
    text = re.sub(r"\byour\b", f"{li}'s", text, flags=re.IGNORECASE)
    text = re.sub(r"\byou\b", li, text, flags=re.IGNORECASE)
    text = re.sub(r"\bI\b", s, text)
    text = re.sub(r"\bmy\b", "their", text)
    text = re.sub(r"\bme\b", s, text)
    return text


_STOP = {"what", "that", "this", "with", "have", "your", "you", "are", "who", "is", "the", "and", "any", "about",
         "where", "when", "will", "would", "going", "there", "their", "them", "they", "been", "did", "does", "do",
         "for", "how", "from", "into", "today", "tell", "know", "think", "lately", "some", "were", "was", "can",
         "to", "of", "in", "at", "on", "a", "an", "it", "be", "me", "my", "i", "or", "if"}


def stem(word: str) -> str:
    """A crude stem for matching a question to a memory: running -> run, parties -> party, talked -> talk."""
    w = word.lower()
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + keep
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]
    return w


def keywords(text: str) -> set[str]:
    """The content words of a text, stemmed: what a question and a memory must share to be about the same."""
    return {stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text) if w.lower() not in _STOP and len(w) > 2}


def without_place(activity: str, place: str) -> str:
    """'working at Copper Kettle Cafe' said next to the place -> 'working': the place is said once."""
    where = place_name(place)
    if not where:
        return activity
    return re.sub(rf"\s+(?:at|in) (?:the )?{re.escape(where)}(?:,[^,]*)?$", "", activity).strip() or activity
