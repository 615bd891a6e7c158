"""Offline reflections that come from what happened: people by what they said and where we talked, places by
whom one meets there, promises by who told of them; a villager never holds the same thought twice."""

from collections import Counter

from game.agents import reflect
from game.agents.memory import MemoryNode
from game.agents.persona import load_cast

CAST = {p.name: p for p in load_cast()}
NAMES = {"Ben": "Ben Carter", "Hana": "Hana Sato", "Rosa": "Rosa Delgado"}


def _node(nid: int, text: str, kind: str = "observation", subject: str = "", event: dict | None = None) -> MemoryNode:
    return MemoryNode(nid=nid, kind=kind, description=text, created=0, last_access=0, importance=3,
                      subject=subject, event=event)


def _texts(persona: str, question: str, nodes: list[MemoryNode], record: reflect.Record) -> list[str]:
    return [i.text for i in reflect.offline_insights(CAST[persona], {question: nodes}, record).insights]


def test_a_thought_about_someone_says_what_they_told_me_and_where_we_talked() -> None:
    record = reflect.Record(chats={"Ben Carter": 1}, heard={"Ben Carter": ["goal:finish my mystery novel"]},
                            last_talk={"Ben Carter": "at Copper Kettle Cafe on day 1 in the morning"},
                            me="Rosa Delgado")
    talk = _node(1, "Talked with Ben Carter: At Copper Kettle Cafe, Ben said they want to finish their mystery "
                    "novel.", "chat", "Ben Carter")
    texts = _texts("Rosa Delgado", "What do I think of Ben Carter?", [talk], record)
    about = next(t for t in texts if "Ben" in t)
    assert "finish their mystery novel" in about and "Copper Kettle Cafe" in about, about
    assert not reflect.false_claim(about, record, NAMES)


def test_a_thought_already_held_gives_way_to_another_true_one_never_to_a_repeat() -> None:
    record = reflect.Record(chats={"Ben Carter": 2}, heard={"Ben Carter": ["goal:finish my mystery novel"]},
                            told={"Ben Carter": ["goal:make the cafe the heart of the town"]},
                            last_talk={"Ben Carter": "at Foxglove Green on day 1 in the evening"},
                            seen={"Ben Carter": Counter({("writing", "Copper Kettle Cafe"): 3})}, me="Rosa Delgado")
    nodes = [_node(1, "Ben Carter is writing at Copper Kettle Cafe.", subject="Ben Carter")]
    held: list[str] = []
    for _ in range(6):
        record.held = list(held)
        texts = [t for t in _texts("Rosa Delgado", "What do I think of Ben Carter?", nodes, record) if "Ben" in t]
        if not texts:
            break  # nothing new is left to think about Ben: no thought rather than an old one again
        assert not reflect.near_duplicate(texts[0], held), (texts[0], held)
        assert not any(h.startswith(texts[0].rstrip(".")) for h in held)
        assert not reflect.false_claim(texts[0], record, NAMES)
        held.append(texts[0])
    assert len(held) >= 4  # what Ben said, what I told him, where we talked, where I see him


def test_a_thought_about_a_place_names_it_once_and_whom_one_meets_there() -> None:
    record = reflect.Record(hours=Counter({"Copper Kettle Cafe": 125}),
                            doing={"Copper Kettle Cafe": "meet people at Copper Kettle Cafe"},
                            met_at={"Copper Kettle Cafe": Counter({"Ada Okafor": 4, "Eli Santos": 2})})
    nodes = [_node(1, "Ada Okafor is making coffee at Copper Kettle Cafe.", subject="Ada Okafor")]
    texts = _texts("Ben Carter", "How do I feel about my time at Copper Kettle Cafe?", nodes, record)
    place = next(t for t in texts if "Copper Kettle Cafe" in t)
    assert place.count("Copper Kettle Cafe") == 1, place  # the old 'at Copper Kettle Cafe at Copper Kettle Cafe'
    assert "2 hours" in place and "Ada and Eli" in place


def test_a_promise_names_who_told_me_of_it_and_is_thought_once() -> None:
    promise = "the party at Bramblewood Cottage at 17:00"
    event = {"what": "party", "place": "Bramblewood Cottage", "day": 1, "start": 1020, "host": "Rosa Delgado"}
    nodes = [_node(1, "Talked with Greta Lindqvist: Greta invited me.", "chat", "Greta Lindqvist", event)]
    record = reflect.Record(promises=[promise], told_by={promise: "Greta, at 14:16,"})
    first = _texts("Oskar Lindqvist", "What matters most to me these days?", nodes, record)
    assert any("Greta, at 14:16, told me" in t and promise in t for t in first), first
    assert not any(reflect.false_claim(t, record, NAMES) for t in first)
    record.held = first
    assert not any(promise in t for t in _texts("Oskar Lindqvist", "What matters most to me these days?", nodes,
                                                record))


def test_a_thought_about_ones_husband_does_not_call_him_someone_to_know_better() -> None:
    """Read in seed 33: 'I have talked with Tomas only once; I would like to know Tomas better.' (her husband)"""
    for chats in (1, 2):
        record = reflect.Record(chats={"Tomas Delgado": chats}, relations={"Tomas Delgado": "my husband"},
                                last_talk={"Tomas Delgado": "at Copper Kettle Cafe on day 2 in the morning"},
                                me="Rosa Delgado")
        talk = _node(1, "Talked with Tomas Delgado: Rosa and Tomas said hello at Copper Kettle Cafe.", "chat",
                     "Tomas Delgado")
        texts = [t for t in _texts("Rosa Delgado", "What do I think of Tomas Delgado?", [talk], record) if "Tomas" in t]
        assert texts and texts[0].startswith("Tomas is my husband"), texts
        assert not any("only once" in t or "know Tomas better" in t for t in texts)
        assert not reflect.false_claim(texts[0], record, NAMES | {"Tomas": "Tomas Delgado"})
