"""The state codec: every component's state written and read as plain data, from its declared fields and types.

A dataclass's fields are its state; so are a plain class's annotated attributes (its other
attributes are neither saved nor touched by a load). Dataclass field metadata says what is
different: ``TRANSIENT`` (not saved, back to its default on load),
``WIRED`` (not saved, kept as the builder made it: catalogs, prices, a decider), ``key``
(the saved name; by default the field name without a leading underscore), ``array(...)``
(a numpy array saved as raw bytes), ``saved_as(...)`` (saved as another type, such as a
plain list behind a sequence class) and ``scalar`` (another spelling of a value, such as
"07:30" for a minute of the day). Reading checks every value against the declared type
and names the path of the first one that does not fit: ``villagers[3].vitals.energy:
expected a number``. This module imports nothing from the game, so every layer can use it.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Any, ClassVar, Literal, Protocol, Self, Union

import numpy as np

#: Field metadata: not saved; a load puts the field's default back (caches, futures, derived columns).
TRANSIENT: Mapping[str, Any] = types.MappingProxyType({"transient": True})
#: Field metadata: not saved; a load keeps what the builder put there (a catalog, prices, the deciding mayor).
WIRED: Mapping[str, Any] = types.MappingProxyType({"wired": True})

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]
KeyPath = list[str | int]


class Builder(Protocol):
    """A class's decoder: plain data in, an instance out (``base`` lends the wired fields)."""

    def __call__(self, data: Any, base: object | None = None, /) -> Any: ...


class CodecError(ValueError):
    """State that does not fit its declared shape; ``where`` is the path of the value at fault."""

    def __init__(self, problem: str, path: KeyPath | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path: KeyPath = path if path is not None else []

    @property
    def where(self) -> str:
        text = ""
        for step in self.path:
            text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
        return text

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.problem}" if where else self.problem


@dataclasses.dataclass(frozen=True)
class Scalar:
    """Another spelling of a plain value in the saved data (``"07:30"`` for the minute 450)."""

    encode: Encoder
    decode: Callable[[Any], Any]  # raises ValueError or TypeError on a value it cannot read
    expected: str


def saved_as(tp: Any) -> dict[str, Any]:
    """Metadata of a field saved as (and loaded from) ``tp``, e.g. a plain list behind a sequence class;
    the owner's ``__post_init__`` turns the loaded value back into its class."""
    return {"saved_as": tp}


def array(dtype: str, rows: str | None = None, cols: str | None = None, key: str | None = None) -> dict[str, Any]:
    """Metadata of a numpy array field saved as raw bytes of ``dtype`` (the save stores bytes as a blob).

    ``rows`` names the int field counting the rows in use (the rest is spare capacity, neither saved
    nor compared); ``cols`` names the int field giving the width of a 2-D array.
    """
    meta: dict[str, Any] = {"array": (np.dtype(dtype), rows, cols)}
    if key is not None:
        meta["key"] = key
    return meta


class Stateful:
    """``get_state()``/``set_state()``/``from_state()`` for a class whose state is declared (Concordia's habit).

    It adds no instance dict of its own: a subclass may use ``__slots__`` (``@dataclass(slots=True)``), as
    the memory nodes do, tens of thousands of them in a town."""

    __slots__ = ()

    def get_state(self) -> Any:
        return encode(self)

    def set_state(self, state: Any) -> None:
        load_into(self, state)

    @classmethod
    def from_state(cls, state: Any) -> Self:
        return decode(cls, state)


def encode(obj: object) -> Any:
    """The plain data of a declared object (a dataclass or a class with annotated attributes)."""
    return _schema(type(obj)).encode(obj)


def decode(tp: Any, data: Any, *path: str | int) -> Any:
    """A new value of type ``tp`` from plain data; CodecError names the path (prefixed by ``path``) at fault."""
    try:
        return _codec(tp)[1](data)
    except CodecError as exc:
        exc.path[:0] = path
        raise


def load_into(obj: object, data: Any, *path: str | int) -> None:
    """Put saved state into a live object: saved fields from ``data``, transient ones back to their
    defaults, wired ones untouched. Nothing changes if ``data`` does not fit."""
    new = check(obj, data, *path)
    if hasattr(new, "__dict__"):
        obj.__dict__.update(new.__dict__)
    else:
        for name in _slots(type(obj)):
            if hasattr(new, name):
                setattr(obj, name, getattr(new, name))


def _slots(cls: type) -> list[str]:
    """The slot names of a class and its bases."""
    return [name for c in cls.__mro__ for name in getattr(c, "__slots__", ()) if name != "__weakref__"]


def check(obj: object, data: Any, *path: str | int) -> Any:
    """What ``data`` would load into ``obj`` as, without touching ``obj``; CodecError if it does not fit."""
    try:
        return _schema(type(obj)).build(data, obj)
    except CodecError as exc:
        exc.path[:0] = path
        raise


def saved_rows(cls: type, name: str) -> str | None:
    """For an array field saved only up to a row count: the name of the field holding that count."""
    schema = _schema_or_none(cls)
    return schema.rows.get(name) if schema is not None else None


def declared(cls: type) -> bool:
    """True for a class the codec can write: a dataclass, or a plain class that annotates its attributes."""
    return _schema_or_none(cls) is not None


# -- schemas of classes --------------------------------------------------------------------------------


ArraySpec = tuple[np.dtype, str | None, str | None]  # dtype, field counting the rows, field giving the width


@dataclasses.dataclass
class _Field:
    name: str
    key: str
    tp: Any
    scalar: Scalar | None
    array: ArraySpec | None


class _Schema:
    """How one class is written and read; built once, on first use (annotations resolve late).

    Both directions work on the instance's ``__dict__`` in bulk (a copy, then the few fields that need
    converting), because a town holds tens of thousands of small objects (memories) and a save or a
    load must stay a fraction of a second; an instance with ``__slots__`` and no dict is read with one
    attrgetter and written one attribute at a time.
    """

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.slotted = not cls.__dictoffset__
        self.as_row = bool(getattr(cls, "__state_row__", False))
        hints = typing.get_type_hints(cls)
        self.fields: list[_Field] = []
        self.transient: list[dataclasses.Field] = []
        self.wired: list[str] = []
        self.rows: dict[str, str] = {}
        if dataclasses.is_dataclass(cls):
            for f in dataclasses.fields(cls):
                if f.metadata.get("wired"):
                    self.wired.append(f.name)
                elif f.metadata.get("transient"):
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                        raise TypeError(f"{cls.__name__}.{f.name}: a transient field needs a default to load as")
                    self.transient.append(f)
                else:
                    self._add(f.name, f.metadata.get("saved_as", hints[f.name]), f.metadata)
        else:
            for name, tp in hints.items():
                if typing.get_origin(tp) is not ClassVar:
                    self._add(name, tp, {})
        keys = [f.key for f in self.fields]
        if len(set(keys)) != len(keys):
            raise TypeError(f"{cls.__name__}: two fields are saved under the same name")
        self.keys = frozenset(keys)
        self.names = frozenset(f.name for f in self.fields)
        self.unsaved = tuple(self.wired) + tuple(f.name for f in self.transient)
        self.renames = tuple((f.name, f.key) for f in self.fields if f.name != f.key)
        self.plain = [f for f in self.fields if f.array is None]
        self.row_keys = [f.key for f in self.plain]  # the order of a row's values (``__state_row__``)
        self.arrays = [(f.key, f.name, f.array) for f in self.fields if f.array is not None]
        self.post_init = getattr(cls, "__post_init__", None)

    def _add(self, name: str, tp: Any, meta: Mapping[str, Any]) -> None:
        key = meta.get("key") or name.lstrip("_")
        spec = meta.get("array")
        if spec is not None and spec[1] is not None:
            self.rows[name] = spec[1]
        self.fields.append(_Field(name, key, tp, meta.get("scalar"), spec))

    @cached_property
    def converted(self) -> list[tuple[int, str, Encoder, Decoder, bool]]:
        """(index, key, encoder, decoder, nullable) of the plain fields not saved as they are, compiled on first
        use (a nested class may be declared after this one). A nullable field's None skips the call."""
        out = []
        for i, f in enumerate(self.plain):
            if _simple_kinds(f) is not None:
                continue
            inner = _optional_of(f.tp)
            enc, dec = _compile(inner if inner is not None else f.tp, f.scalar)
            out.append((i, f.key, enc, dec, inner is not None))
        return out

    @cached_property
    def checks(self) -> list[tuple[str, tuple[type, ...], str]]:
        """(key, accepted types, what is expected) of the plain fields saved as they are."""
        out = []
        for f in self.plain:
            kinds = _simple_kinds(f)
            if kinds is not None:
                out.append((f.key, kinds, _EXPECTED[kinds[0]] + (" or null" if len(kinds) > 1 else "")))
        return out

    @cached_property
    def checked(self) -> tuple[Callable[[dict], tuple], tuple[type, ...]]:
        """An itemgetter of the keys saved as they are, and the types their values have when none is null."""
        keys = [key for key, _kinds, _expected in self.checks]
        if not keys:
            return (lambda d: ()), ()  # nothing to check: ``types_seen`` is empty and skips the check
        getter = itemgetter(*keys)
        return (getter if len(keys) > 1 else lambda d: (getter(d),)), tuple(k[0] for _key, k, _e in self.checks)

    def encode(self, obj: object) -> Any:
        return self.encoder(obj)

    # Encoding trusts the live object (its types are the program's own); the JSON writer refuses anything else.
    @cached_property
    def encoder(self) -> Callable[[object], Any]:
        names = [f.name for f in self.plain]
        getter = attrgetter(*names) if len(names) > 1 else (lambda o, _n=names[0]: (getattr(o, _n),)) if names \
            else (lambda o: ())
        special = [(i, enc) for i, _key, enc, _dec, _nullable in self.converted]
        if self.as_row:
            def as_row(obj: object) -> list:
                values = list(getter(obj))
                for i, enc in special:
                    if values[i] is not None:
                        values[i] = enc(values[i])
                return values
            return as_row
        keys = tuple(f.key for f in self.plain)
        fields_of, unsaved, renames, arrays = self.names, self.unsaved, self.renames, self.arrays
        converted = [(key, enc) for _i, key, enc, _dec, _nullable in self.converted]

        def by_attribute(obj: object) -> dict:
            """Any object: one attribute at a time (an attribute that is a property, a missing __dict__)."""
            values = list(getter(obj))
            for i, enc in special:
                if values[i] is not None:
                    values[i] = enc(values[i])
            out = dict(zip(keys, values, strict=True))
            for key, name, spec in arrays:
                out[key] = _array_bytes(obj, name, spec)
            return out

        if self.slotted and not arrays:
            def slotted(obj: object) -> dict:
                d = dict(zip(keys, getter(obj), strict=True))
                for key, enc in converted:
                    value = d[key]
                    if value is not None:
                        d[key] = enc(value)
                return d
            return slotted
        if self.slotted:
            return by_attribute

        def as_object(obj: object) -> dict:
            d = getattr(obj, "__dict__", None)
            if d is None:
                return by_attribute(obj)
            d = d.copy()
            for name in unsaved:
                d.pop(name, None)
            if d.keys() != fields_of:
                return by_attribute(obj)
            for name, key in renames:
                d[key] = d.pop(name)
            for key, enc in converted:
                value = d[key]
                if value is not None:  # None is None in every type that allows it (the decoder checks)
                    d[key] = enc(value)
            for key, name, spec in arrays:
                d[key] = _array_bytes(obj, name, spec)
            return d
        return as_object

    def build(self, data: Any, base: object | None = None) -> Any:
        """A new instance from saved data; wired fields come from ``base`` (the live object being loaded).

        The instance is made without calling ``__init__`` (its fields are set at once), then
        ``__post_init__`` runs, as ``__init__`` would have run it.
        """
        return self.decoder(data, base)

    @cached_property
    def decoder(self) -> Builder:
        cls, keyset, row_keys, width = self.cls, self.keys, self.row_keys, len(self.plain)
        as_row, refuse, checks = self.as_row, self._refuse_keys, self.checks
        values_of, types_seen = self.checked
        converted = [(key, dec, nullable) for _i, key, _enc, dec, nullable in self.converted]
        renames, arrays = self.renames, self.arrays
        transient, wired = self.transient, self.wired
        post_init = self.post_init is not None
        new = object.__new__
        slotted = self.slotted

        def decode_one(data: Any, base: object | None = None) -> Any:
            if as_row:
                if type(data) is not list or len(data) != width:
                    raise CodecError(f"expected a list of {width} values ({', '.join(row_keys)})")
                data = dict(zip(row_keys, data, strict=True))
            elif type(data) is not dict:
                raise CodecError("expected an object")
            elif data.keys() != keyset:
                refuse(data)
            if types_seen and tuple(map(type, values_of(data))) != types_seen:  # one pass in C, else one by one
                for key, kinds, expected in checks:
                    if type(data[key]) not in kinds:
                        raise CodecError(f"expected {expected}", [key])
            obj: Any = new(cls)
            d = dict(data) if slotted else obj.__dict__
            if not slotted:
                d.update(data)
            for key, dec, nullable in converted:
                value = d[key]
                if value is None and nullable:
                    continue
                try:
                    d[key] = dec(value)
                except CodecError as exc:
                    exc.path.insert(0, key)
                    raise
            for name, saved in renames:
                d[name] = d.pop(saved)
            for key, name, spec in arrays:
                try:
                    d[name] = _array_from(d[name], spec, d)
                except CodecError as exc:
                    exc.path.insert(0, key)
                    raise
            for f in transient:
                d[f.name] = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            if wired:
                if base is None:
                    raise TypeError(f"{cls.__name__} is built by the game (it has wired fields); load into one")
                for name in wired:
                    d[name] = getattr(base, name)
            if slotted:
                for name, value in d.items():
                    setattr(obj, name, value)
            if post_init:
                obj.__post_init__()
            return obj
        return decode_one

    def _refuse_keys(self, data: dict) -> None:
        for f in self.fields:
            if f.key not in data:
                raise CodecError("missing", [f.key])
        for key in data:
            if key not in self.keys:
                raise CodecError("unknown field", [str(key)])


_EXPECTED = {int: "a whole number", str: "text", bool: "true or false", bytes: "raw bytes"}


def _simple_kinds(f: _Field) -> tuple[type, ...] | None:
    """The types a field's value is saved as it is (int, str, bool, bytes, maybe None); None for the rest."""
    if f.scalar is not None:
        return None
    if f.tp in _EXPECTED:
        return (f.tp,)
    origin, args = typing.get_origin(f.tp), typing.get_args(f.tp)
    if origin in (Union, types.UnionType) and len(args) == 2 and args[1] is type(None) and args[0] in _EXPECTED:
        return (args[0], type(None))
    return None


_SCHEMAS: dict[type, _Schema | None] = {}


def _schema_or_none(cls: type) -> _Schema | None:
    if cls not in _SCHEMAS:
        ok = dataclasses.is_dataclass(cls) or (
            cls.__module__ != "builtins" and _annotates_state(cls)
            and not issubclass(cls, (tuple, dict, list)) and not hasattr(cls, "model_validate"))
        _SCHEMAS[cls] = _Schema(cls) if ok else None
    return _SCHEMAS[cls]


def _annotates_state(cls: type) -> bool:
    """True if a plain class annotates an attribute other than a ClassVar (a class setting is not state)."""
    for tp in inspect.get_annotations(cls).values():
        text = tp if isinstance(tp, str) else repr(tp)
        if not text.replace("typing.", "").startswith("ClassVar"):
            return True
    return False


def _schema(cls: type) -> _Schema:
    schema = _schema_or_none(cls)
    if schema is None:
        raise TypeError(f"{cls.__name__} declares no state (make it a dataclass or annotate its attributes)")
    return schema


# -- arrays ----------------------------------------------------------------------------------------------


def _array_bytes(obj: object, name: str, spec: ArraySpec) -> bytes:
    dtype, rows, _cols = spec
    value = getattr(obj, name)
    if rows is not None:
        value = value[: getattr(obj, rows)]
    return np.ascontiguousarray(value, dtype=dtype).tobytes()


def _array_from(raw: Any, spec: ArraySpec, values: dict[str, Any]) -> np.ndarray:
    """A read-only array over the saved bytes (no copy): a class that writes to it copies it first.
    ``values`` are the fields read so far, which hold the row count and the width."""
    dtype, rows, cols = spec
    if type(raw) is not bytes:
        raise CodecError(f"expected raw {dtype.name} bytes")
    width = int(values[cols]) if cols is not None else 1
    count = int(values[rows]) if rows is not None else None
    row_bytes = width * dtype.itemsize
    if width < 0 or (row_bytes and len(raw) % row_bytes) or (count is not None and len(raw) != count * row_bytes):
        expected = f"{count} rows of " if count is not None else "rows of "
        raise CodecError(f"holds {len(raw)} bytes, expected {expected}{width} {dtype.name} values")
    flat = np.frombuffer(raw, dtype=dtype)
    return flat.reshape(-1, width) if cols is not None else flat


# -- values of declared types ----------------------------------------------------------------------------

_CODECS: dict[Any, tuple[Encoder, Decoder]] = {}


def _codec(tp: Any) -> tuple[Encoder, Decoder]:
    pair = _CODECS.get(tp)
    if pair is None:
        pair = _CODECS[tp] = _compile(tp, None)
    return pair


def _same(value: Any) -> Any:
    return value


def _check(kind: type, expected: str) -> Decoder:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise CodecError(f"expected {expected}")
        return value
    return check


def _date(value: Any) -> datetime.date:
    if type(value) is str:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise CodecError("expected a date (YYYY-MM-DD)")


def _float(value: Any) -> float:
    kind = type(value)
    if kind is float:
        return value
    if kind is int:
        return float(value)
    raise CodecError("expected a number")


def _compile(tp: Any, scalar: Scalar | None) -> tuple[Encoder, Decoder]:
    """An (encoder, decoder) pair for a type annotation; ``scalar`` replaces how ints are spelled."""
    if scalar is not None and tp is int:
        return scalar.encode, _scalar_decoder(scalar)
    if tp is Any:
        return _plain_copy, _plain_check
    if tp is object:  # kept as it is: a part whose owner checks it when it loads it
        return _same, _same
    if tp in (dict, list):
        return _compile(dict[str, Any] if tp is dict else list[Any], scalar)
    if tp is int:
        return _same, _check(int, "a whole number")
    if tp is str:
        return _same, _check(str, "text")
    if tp is bool:
        return _same, _check(bool, "true or false")
    if tp is float:
        return _same, _float
    if tp is bytes:
        return _same, _check(bytes, "raw bytes")
    if tp is type(None):
        return _same, _check(type(None), "null")
    if tp is datetime.date:
        return datetime.date.isoformat, _date
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _compile(args[0], scalar)
    if origin is Literal:
        return _literal(args)
    if origin in (Union, types.UnionType):
        return _union(args, scalar)
    if origin is tuple:
        return _tuple(args, scalar)
    if origin in (list, set, frozenset):
        return _sequence(origin, args[0], scalar)
    if origin is dict:
        return _mapping(args[0], args[1], scalar)
    if isinstance(tp, type) and hasattr(tp, "model_validate") and hasattr(tp, "model_dump"):
        return _pydantic(tp)
    if isinstance(tp, type) and _schema_or_none(tp) is not None:
        return _class_codec(tp)
    raise TypeError(f"the codec cannot save a value of type {tp!r}")


_COMPILING: set[type] = set()


def _class_codec(cls: type) -> tuple[Encoder, Decoder]:
    schema = _schema(cls)
    if cls in _COMPILING:  # a class inside itself: look its codec up when a value is met
        return schema.encode, schema.build
    _COMPILING.add(cls)
    try:
        return schema.encoder, schema.decoder
    finally:
        _COMPILING.discard(cls)


def _optional_of(tp: Any) -> Any:
    """X for ``X | None``, else None."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is type(None):
            return args[0]
    return None


def _pydantic(model: Any) -> tuple[Encoder, Decoder]:
    """A pydantic model (a model's typed answer kept as experience) is saved as its JSON-mode dump."""
    def dec(value: Any) -> Any:
        if type(value) is not dict:
            raise CodecError("expected an object")
        try:
            return model.model_validate(value)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            errors = getattr(exc, "errors", None)
            first = errors()[0] if callable(errors) else {"loc": (), "msg": str(exc)}
            raise CodecError(str(first["msg"]).lower(), list(first["loc"])) from None
    return (lambda v: v.model_dump(mode="json")), dec


def _scalar_decoder(scalar: Scalar) -> Decoder:
    def dec(value: Any) -> Any:
        try:
            return scalar.decode(value)
        except (ValueError, TypeError, AttributeError):
            raise CodecError(f"expected {scalar.expected}") from None
    return dec


def _literal(allowed: tuple) -> tuple[Encoder, Decoder]:
    choices = {(type(a), a) for a in allowed}

    def dec(value: Any) -> Any:
        if (type(value), value) not in choices:
            raise CodecError(f"expected one of {', '.join(repr(a) for a in allowed)}")
        return value
    return _same, dec


def _union(args: tuple, scalar: Scalar | None) -> tuple[Encoder, Decoder]:
    options = [a for a in args if a is not type(None)]
    if len(options) == 1:
        enc, inner = _compile(options[0], scalar)

        def dec_optional(value: Any) -> Any:
            return None if value is None else inner(value)
        return (lambda v: None if v is None else enc(v)), dec_optional
    raise TypeError(f"the codec saves no unions but X | None, not {' | '.join(map(repr, args))}")


def _tuple(args: tuple, scalar: Scalar | None) -> tuple[Encoder, Decoder]:
    if len(args) == 2 and args[1] is Ellipsis:
        return _sequence(tuple, args[0], scalar)
    pairs = [_compile(a, scalar) for a in args]
    size = len(pairs)

    def enc_fixed(value: tuple) -> list:
        return [e(x) for (e, _d), x in zip(pairs, value, strict=True)]

    def dec_fixed(value: Any) -> tuple:
        if type(value) not in (list, tuple) or len(value) != size:
            raise CodecError(f"expected a list of {size} values")
        out: list = []
        for i, ((_e, d), x) in enumerate(zip(pairs, value, strict=True)):
            try:
                out.append(d(x))
            except CodecError as exc:
                exc.path.insert(0, i)
                raise
        return tuple(out)
    return enc_fixed, dec_fixed


def _sequence(origin: type, item: Any, scalar: Scalar | None) -> tuple[Encoder, Decoder]:
    """A list, a tuple of any length, a set or a frozenset: saved as a list (a set's items sorted)."""
    enc, dec = _compile(item, scalar)
    accepted = (list, tuple) if origin is tuple else (list, set, frozenset) if origin is not list else (list,)
    simple = {item} if item in _EXPECTED and scalar is None else None
    ordered = origin in (list, tuple)

    def enc_seq(value: Any) -> list:
        return [enc(x) for x in (value if ordered else sorted(value))]

    def dec_seq(value: Any) -> Any:
        if type(value) not in accepted:
            raise CodecError("expected a list")
        if simple is not None:  # ints or texts: their types checked in one pass
            if value and not set(map(type, value)) <= simple:
                _locate(dec, value)
            return origin(value)
        try:
            return origin([dec(x) for x in value])
        except CodecError:
            _locate(dec, value)
            raise
    if enc is _same:  # items saved as they are: one call in C
        return (list if ordered else sorted), dec_seq
    return enc_seq, dec_seq


def _locate(dec: Decoder, items: Any) -> None:
    """Decoding a list failed: decode again one by one (only on this error path) to name the item at fault."""
    for i, x in enumerate(items):
        try:
            dec(x)
        except CodecError as exc:
            exc.path.insert(0, i)
            raise


def _mapping(key: Any, item: Any, scalar: Scalar | None) -> tuple[Encoder, Decoder]:
    if key not in (str, int):
        raise TypeError(f"the codec saves dicts with str or int keys, not {key!r}")
    enc, dec = _compile(item, scalar)
    int_keys = key is int

    def enc_map(value: Mapping) -> dict:
        if int_keys:
            return {str(k): enc(v) for k, v in value.items()}
        return dict(value) if enc is _same else {k: enc(v) for k, v in value.items()}

    def dec_map(value: Any) -> dict:
        if type(value) is not dict:
            raise CodecError("expected an object")
        out = {}
        k: Any = None
        try:
            for k, v in value.items():
                out[_int_key(k) if int_keys else k] = dec(v)
        except CodecError as exc:
            exc.path.insert(0, str(k))
            raise
        return out
    return enc_map, dec_map


def _int_key(k: Any) -> int:
    if type(k) is str:
        try:
            return int(k)
        except ValueError:
            pass
    raise CodecError("expected a whole number as the key")


# Plain data of no declared shape (a mayor's record, an economy sample): any JSON value, copied.
def _plain_copy(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {k: _plain_copy(v) for k, v in value.items()}
    if kind in (list, tuple):
        return [_plain_copy(v) for v in value]
    return value


def _plain_check(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        k: Any = None
        try:
            for k, v in value.items():
                if type(k) is not str:
                    raise CodecError("expected text as the key")
                _plain_check(v)
        except CodecError as exc:
            exc.path.insert(0, str(k))
            raise
        return value
    if kind is list:
        for i, v in enumerate(value):
            try:
                _plain_check(v)
            except CodecError as exc:
                exc.path.insert(0, i)
                raise
        return value
    if kind in (str, int, float, bool, type(None), bytes):
        return value
    raise CodecError("expected plain data (text, a number, true/false, null, a list or an object)")
