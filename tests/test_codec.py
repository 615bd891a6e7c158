"""The state codec: declared fields become plain data and come back equal; transient fields come back as
their defaults, wired ones as the builder made them; bad data is refused naming the path of the value."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pytest

from game import codec
from game.agents.converse import Invitation
from game.agents.memory import MemoryStream
from game.agents.mind import Conversation, Mindset, Relation
from game.agents.persona import Persona
from game.codec import TRANSIENT, WIRED, CodecError, Stateful, decode, encode, load_into
from game.world.economy import Economy, Prices, Transfer
from tests.deepstate import differences, snapshot


@dataclass(frozen=True)
class Spot:
    x: int
    y: int


@dataclass
class Diary(Stateful):
    """A little of everything a component holds."""

    owner: str
    pages: list[tuple[int, str]] = field(default_factory=list)
    friends: set[str] = field(default_factory=set)
    places: dict[int, Spot] = field(default_factory=dict)
    last: Spot | None = None
    mood: Literal["glad", "sad"] = "glad"
    weight: float = 1.0
    notes: dict[str, Any] = field(default_factory=dict)
    route: tuple[tuple[int, int], ...] = ()
    cached: list[int] = field(default_factory=lambda: [0], metadata=TRANSIENT)


def full_diary() -> Diary:
    return Diary("Ava", [(1, "met Bram"), (2, "rain")], {"Bram", "Cleo"}, {3: Spot(1, 2), 10: Spot(4, 5)},
                 Spot(7, 8), "sad", 2, {"score": [1, 2.5, None, {"deep": True}]}, ((1, 2), (3, 4)), [9, 9])


def test_a_dataclass_round_trips_through_json_and_transient_fields_return_to_their_default() -> None:
    diary = full_diary()
    state = diary.get_state()
    text = json.dumps(state)  # plain data: no tuples, sets, int keys or objects left
    back = Diary.from_state(json.loads(text))
    assert back == Diary(**{**diary.__dict__, "cached": [0]})
    assert state["friends"] == ["Bram", "Cleo"] and state["places"]["10"] == {"x": 4, "y": 5}
    assert type(back.route[0]) is tuple and type(back.places[3]) is Spot and type(back.weight) is float
    assert "cached" not in state


def test_state_shares_nothing_mutable_with_the_live_object() -> None:
    diary = full_diary()
    state = encode(diary)
    diary.notes["score"].append(3)
    diary.pages.append((3, "sun"))
    assert state["notes"]["score"] == [1, 2.5, None, {"deep": True}] and len(state["pages"]) == 2


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s.update(weight="heavy"), "weight: expected a number"),
    (lambda s: s.update(weight=True), "weight: expected a number"),
    (lambda s: s["pages"][1].__setitem__(0, 2.0), "pages[1][0]: expected a whole number"),
    (lambda s: s["pages"].append([3]), "pages[2]: expected a list of 2 values"),
    (lambda s: s["places"].update({"x": {"x": 1, "y": 1}}), "places.x: expected a whole number as the key"),
    (lambda s: s["places"]["10"].pop("y"), "places.10.y: missing"),
    (lambda s: s["last"].update(z=1), "last.z: unknown field"),
    (lambda s: s.update(mood="grumpy"), "mood: expected one of 'glad', 'sad'"),
    (lambda s: s.update(friends="Bram"), "friends: expected a list"),
    (lambda s: s["notes"].update(bad=object()), "notes.bad: expected plain data"),
    (lambda s: s.update(cached=[1]), "cached: unknown field"),
    (lambda s: s["route"].append([5, "6"]), "route[2][1]: expected a whole number"),
])
def test_bad_data_is_refused_naming_the_path(change: Any, message: str) -> None:
    state = full_diary().get_state()
    change(state)
    with pytest.raises(CodecError) as err:
        Diary.from_state(state)
    assert str(err.value).startswith(message)


def test_a_failed_load_changes_nothing() -> None:
    diary = full_diary()
    state = diary.get_state()
    state["pages"][0][1] = 5
    with pytest.raises(CodecError):
        diary.set_state(state)
    assert diary == full_diary()


def test_wired_fields_stay_as_built_and_private_names_save_without_underscore() -> None:
    prices = Prices(fees={"cafe": {"coffee": 3}}, wages={"cafe": 10})
    economy = Economy(prices, treasury=500)
    economy.ledger.append(Transfer("outside", "treasury", 5, "gift", "", 60))
    economy._worked[2] = 30
    state = economy.get_state()
    assert "prices" not in state and state["worked"] == {"2": 30}
    assert state["ledger"] == [["outside", "treasury", 5, "gift", "", 60]]  # a ledger is saved as rows
    other = Economy(Prices(), treasury=0)
    other.set_state(state)
    assert other.prices == Prices() and other.treasury == 500 and other._worked == {2: 30}
    assert other.ledger == economy.ledger
    with pytest.raises(TypeError, match="load into one"):
        decode(Economy, state)


def test_memory_vectors_are_raw_rows_and_only_the_embedded_ones_are_saved() -> None:
    stream = MemoryStream(dim=3)
    for i in range(4):
        stream.add("observation", f"saw {i}", i, 2)
    stream.set_vectors([0, 1], np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32))
    state = stream.get_state()
    assert state["codes"] == np.array([[127, 0, 0], [0, 127, 0]], dtype="<i1").tobytes() and state["embedded"] == 2
    assert state["scales"] == np.array([1 / 127, 1 / 127], dtype="<f4").tobytes()
    copy = MemoryStream.from_state(state)
    assert differences(snapshot(copy), snapshot(stream)) == []
    copy.add("observation", "saw more", 9, 3)  # the loaded buffers grow like fresh ones
    copy.set_vectors([2, 3, 4], np.eye(3, dtype=np.float32))
    assert copy.vectors.shape == (5, 3) and list(copy.access_times) == [0, 1, 2, 3, 9]
    state["codes"] = state["codes"][:-1]
    with pytest.raises(CodecError, match="codes: holds 5 bytes, expected 2 rows of 3 int8 values"):
        MemoryStream.from_state(state)


def test_a_persona_keeps_the_cast_files_clock_times() -> None:
    persona = Persona("Ava Bell", 30, ("kind",), "baker", "cafe", (420, 900), 360, 1320, "early", ("bake",),
                      {"Bram": "friend"})
    state = persona.get_state()
    assert (state["work"], state["wake"], state["sleep"]) == (["07:00", "15:00"], "06:00", "22:00")
    assert Persona.from_state(state) == persona and Persona.from_state(state).knows == {"Bram": "friend"}


def test_the_minds_classes_round_trip_through_the_codec() -> None:
    """Conversation, Relation and Mindset keep every field but a line in flight, which a loaded town asks again."""
    invitation = Invitation("party", "Copper Kettle Cafe", 2, 1140, "Ava Bell")
    talk = Conversation(4, 0, 1, 300, "the park", [(0, "Hi!"), (1, "Hello.")], 1, 12, True, invitation, True,
                        "They said hello.")
    loaded = decode(Conversation, json.loads(json.dumps(encode(talk))))
    assert loaded.pending is False and loaded == dataclasses.replace(talk, pending=False)
    relation = Relation("sister", 3, 900, "kind", 2)
    assert decode(Relation, encode(relation)) == relation
    mindset = Mindset(MemoryStream(dim=2), {"Bram": relation}, {1: ("walking", 60)}, [invitation],
                      {"party": ["Bram"]}, [], 2, [0], "call Bram", 50, 70)
    mindset.memory.add("chat", "talked to Bram", 40, 5)
    back = decode(Mindset, encode(mindset))
    assert differences(snapshot(back), snapshot(mindset)) == []


def test_classes_that_declare_nothing_are_refused() -> None:
    class Loose:
        def __init__(self) -> None:
            self.x = 1

    with pytest.raises(TypeError, match="declares no state"):
        encode(Loose())
    assert not codec.declared(Loose) and codec.declared(Diary)


def test_load_into_keeps_the_object() -> None:
    diary = full_diary()
    same = diary
    load_into(diary, Diary("Bram").get_state())
    assert same is diary and diary.owner == "Bram" and diary.pages == [] and diary.cached == [0]


def test_wired_fields_are_not_saved() -> None:
    @dataclass
    class Shop(Stateful):
        catalog: dict = field(metadata=WIRED)
        stock: int = 0

    shop = Shop({"bread": 2}, 5)
    assert shop.get_state() == {"stock": 5}
    other = Shop({"milk": 1})
    other.set_state({"stock": 7})
    assert other.catalog == {"milk": 1} and other.stock == 7


@dataclass
class Branch:
    name: str
    twigs: list[Branch] = field(default_factory=list)


def test_a_class_that_holds_itself_round_trips() -> None:
    tree = Branch("root", [Branch("a", [Branch("a1")]), Branch("b")])
    state = encode(tree)
    assert state["twigs"][0]["twigs"][0] == {"name": "a1", "twigs": []}
    assert decode(Branch, state) == tree
    state["twigs"][0]["twigs"][0]["name"] = 3
    with pytest.raises(CodecError, match=r"^twigs\[0\]\.twigs\[0\]\.name: expected text"):
        decode(Branch, state)


@dataclass(slots=True)
class Slotted(Stateful):
    x: int
    words: tuple[str, ...] = ()
    note: dict | None = None
    cache: list = field(default_factory=list, metadata=TRANSIENT)

    def __post_init__(self) -> None:
        self.cache = [self.x]


def test_a_class_with_slots_round_trips_is_checked_and_loads_into_a_live_one() -> None:
    one = Slotted(3, ("a", "b"), {"k": 1})
    assert not hasattr(one, "__dict__")
    state = encode(one)
    assert state == {"x": 3, "words": ["a", "b"], "note": {"k": 1}}
    back = decode(Slotted, state)
    assert back == one and back.words == ("a", "b") and back.cache == [3] and not hasattr(back, "__dict__")
    with pytest.raises(CodecError, match=r"^words\[1\]: expected text"):
        decode(Slotted, {**state, "words": ["a", 2]})
    with pytest.raises(CodecError, match=r"^x: missing"):
        decode(Slotted, {"words": [], "note": None})
    live = Slotted(9)
    live.cache.append("stale")
    load_into(live, {"x": 4, "words": ["c"], "note": None})
    assert (live.x, live.words, live.note, live.cache) == (4, ("c",), None, [4])
    with pytest.raises(CodecError):
        load_into(live, {"x": "four", "words": [], "note": None})
    assert live.x == 4  # nothing changed


def test_declarations_the_codec_cannot_honour_are_refused_when_first_used() -> None:
    @dataclass
    class NoDefault:
        x: int = field(metadata=TRANSIENT)

    @dataclass
    class Either:
        x: int | str

    with pytest.raises(TypeError, match="needs a default"):
        encode(NoDefault(1))
    with pytest.raises(TypeError, match=r"no unions but X \| None, not <class 'int'> \| <class 'str'>"):
        encode(Either(1))


def test_a_field_saved_as_another_type_saves_plainly_and_its_owner_wraps_it_again() -> None:
    from game.agents.memory import MemoryNodes

    stream = MemoryStream(dim=3)
    stream.add("observation", "The bakery smells of bread.", 0, 3)
    state = encode(stream)
    assert type(state["nodes"]) is list and state["nodes"][0]["description"] == "The bakery smells of bread."
    copy = decode(MemoryStream, state)
    assert isinstance(copy.nodes, MemoryNodes) and copy.nodes.has(stream.nodes.at(0).nid)
