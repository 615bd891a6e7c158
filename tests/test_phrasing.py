"""The phrasing layer: memories turned into speech, one test per rule, with the defects seen in real runs."""

import pytest

from game.agents.phrasing import (
    at_place,
    bond,
    first_person,
    gerund,
    keywords,
    my_relation,
    pet_name,
    place_name,
    reported,
    strip_prefix,
    to_listener,
    without_place,
)


@pytest.mark.parametrize(("verb", "expected"), [
    ("sip coffee", "sipping coffee"),  # was "siping coffee" 196 times in two days
    ("stop by the store", "stopping by the store"),
    ("jog", "jogging"),
    ("plan the day", "planning the day"),
    ("visit a friend", "visiting a friend"),  # two syllables, stress first: no doubling
    ("open the shop", "opening the shop"),
    ("begin work", "beginning work"),
    ("make breakfast", "making breakfast"),
    ("see a friend", "seeing a friend"),
    ("lie down", "lying down"),
    ("fix the door", "fixing the door"),
    ("play piano", "playing piano"),
    ("sing a song", "singing a song"),
    ("walking", "walking"),
    ("sit and enjoy the view", "sitting and enjoying the view"),
    ("sip coffee and look around", "sipping coffee and looking around"),
    ("eat bread and cheese", "eating bread and cheese"),
])
def test_gerunds(verb: str, expected: str) -> None:
    assert gerund(verb) == expected


def test_third_person_memories_about_the_speaker_become_first_person() -> None:
    # Generative Agents' storage writes memories about the agent in the third person.
    assert first_person("Klaus Mueller is excited to attend the party", "Klaus Mueller") == \
        "I am excited to attend the party"
    assert first_person("Klaus keeps a diary.", "Klaus Mueller") == "I keep a diary"
    assert first_person("finish his mystery novel") == "finish my mystery novel"
    assert first_person("open her own tea stand") == "open my own tea stand"
    assert first_person("get Hana to her half marathon") == "get Hana to her half marathon"


def test_a_whisper_in_the_second_person_is_said_as_my_own_thought() -> None:
    # was "I keep thinking: You want to run for mayor."
    assert first_person("You want to run for mayor.") == "I want to run for mayor"
    assert first_person("I keep thinking: You want to run for mayor.") == "I want to run for mayor"


def test_leaked_prefixes_are_dropped() -> None:
    assert strip_prefix("What stays with me lately: Oskar is reading") == "Oskar is reading"


def test_a_memory_about_the_listener_is_said_to_them_in_the_second_person() -> None:
    # was "I keep running into Eli Santos; I would like to know Eli better, you know" said to Eli
    said = to_listener("I keep running into Eli Santos; I would like to know Eli better.", "Rosa Delgado",
                       "Eli Santos")
    assert said == "I keep running into you; I would like to know you better"
    assert to_listener("Eli Santos and I talk often; we are getting closer.", "Rosa Delgado", "Eli Santos") == \
        "We talk often; we are getting closer"
    assert to_listener("Eli Santos is cooking soup", "Rosa Delgado", "Eli Santos") == "You are cooking soup"
    assert to_listener("Eli wants to teach a class", "Rosa Delgado", "Eli Santos") == "You want to teach a class"
    assert "Eli" not in to_listener("I saw Eli Santos at the park and Eli's dog", "Rosa Delgado", "Eli Santos")


def test_places_are_said_once() -> None:
    # was "at Copper Kettle Cafe at Copper Kettle Cafe" 87 times
    assert at_place("sipping coffee at Copper Kettle Cafe", "Copper Kettle Cafe, counter") == \
        "sipping coffee at Copper Kettle Cafe"
    assert at_place("reading", "Sparrow Row Apartments, flat B") == "reading at Sparrow Row Apartments"
    assert place_name("Inkwell & Quill Office at Inkwell & Quill Office") == "Inkwell & Quill Office"
    assert without_place("working at Copper Kettle Cafe", "Copper Kettle Cafe") == "working"


def test_relations_are_said_with_my_and_never_my_his() -> None:
    # was "Jonah is my his manager"
    assert my_relation("Jonah", "his manager") == "Jonah is my manager"
    assert my_relation("Ada", "her barista") == "Ada is my barista"
    assert my_relation("Tomas", "husband") == "Tomas is my husband"


@pytest.mark.parametrize(("relation", "chats", "kind"), [
    ("daughter", 0, "family"), ("mother", 0, "family"), ("husband", 0, "family"), ("partner", 0, "family"),
    ("old friend", 0, "friend"), ("gym buddy", 0, "friend"), ("her barista", 0, "colleague"),
    ("boss", 0, "colleague"), ("neighbour", 0, "acquaintance"), ("", 2, "acquaintance"), ("", 0, "stranger"),
])
def test_the_kind_of_tie_a_relation_names(relation: str, chats: int, kind: str) -> None:
    assert bond(relation, chats) == kind


def test_family_address_each_other_as_family() -> None:
    assert pet_name("daughter", "Lina") == "sweetheart"
    assert pet_name("mother", "Rosa") == "Mum"
    assert pet_name("co-worker", "Ada") == "Ada"


def test_what_someone_said_is_retold_in_the_third_person() -> None:
    assert reported("I want to run for mayor", "Rosa Delgado", "Lina Delgado") == "Rosa wants to run for mayor"
    assert reported("I saw you reading at the park", "Rosa Delgado", "Lina Delgado") == \
        "Rosa saw Lina reading at the park"
    assert reported("We talk often; we are getting closer", "Rosa", "Lina") == \
        "they talk often; they are getting closer"


def test_keywords_match_a_question_to_a_memory() -> None:
    assert {"run", "mayor"} <= keywords("Who is running for mayor?")
    assert {"run", "mayor"} <= keywords("Rosa wants to run for mayor")
    assert "party" in keywords("Are you going to any parties?") & keywords("the party at Hobbs Cafe")
