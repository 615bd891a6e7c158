"""The deep state of live objects, walked from their real attributes, and the paths where two of them differ.

``snapshot`` walks a game object the way Python holds it (dataclass fields and ``__dict__``,
recursively; containers item by item; numpy arrays by value), not the way the codec saves it,
so a field that both saving and loading forget still shows. Only fields marked transient
(``game.codec.TRANSIENT``) are skipped, plus the ``unmarked`` attributes a test names for
classes that declare no state yet. The result is plain JSON data, so a town loaded in another
process can be compared with the live one: ``differences(snapshot(a), snapshot(b))``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections import deque
from collections.abc import Mapping
from typing import Any

import numpy as np

from game import codec

Tree = Any
Unmarked = Mapping[str, frozenset[str]]


def snapshot(obj: object, unmarked: Unmarked | None = None) -> Tree:
    """A JSON-able tree of everything ``obj`` holds (objects seen twice become a reference to the first)."""
    return _Walk(unmarked or {}).value(obj, "")


class _Walk:
    def __init__(self, unmarked: Unmarked) -> None:
        self.unmarked = unmarked
        self.seen: dict[int, str] = {}
        self.keep: list[object] = []  # holds walked objects so their ids stay unique during the walk

    def value(self, obj: object, path: str) -> Tree:
        if obj is None or isinstance(obj, (bool, int, str)):
            return obj
        if isinstance(obj, float):
            return {"float": repr(obj)}  # exact, and NaN compares equal to itself
        if isinstance(obj, bytes):
            return {"bytes": hashlib.sha256(obj).hexdigest(), "len": len(obj)}
        if isinstance(obj, np.ndarray):
            digest = hashlib.sha256(np.ascontiguousarray(obj).tobytes()).hexdigest()
            return {"array": str(obj.dtype), "shape": list(obj.shape), "sha256": digest}
        if isinstance(obj, np.generic):
            return self.value(obj.item(), path)
        if isinstance(obj, random.Random):
            return {"random": self.value(obj.getstate(), path)}
        if callable(obj) and hasattr(obj, "__qualname__") and not isinstance(obj, type):
            return {"callable": getattr(obj, "__func__", obj).__qualname__}
        if isinstance(obj, type):
            return {"class": obj.__qualname__}
        if _mutable(obj):  # a value may be shared or not; a mutable object shared by two owners is state
            if id(obj) in self.seen:
                return {"same_as": self.seen[id(obj)]}
            self.seen[id(obj)] = path or "(top)"
            self.keep.append(obj)
        if isinstance(obj, (list, tuple, deque)):
            return {type(obj).__name__: [self.value(x, f"{path}[{i}]") for i, x in enumerate(obj)]}
        if isinstance(obj, (set, frozenset)):
            return {"set": sorted(repr(x) for x in obj)}
        if isinstance(obj, Mapping):
            return {"dict": [[self.value(k, f"{path}[key]"), self.value(v, f"{path}[{k!r}]")] for k, v in obj.items()]}
        return self.instance(obj, path)

    def instance(self, obj: object, path: str) -> Tree:
        cls = type(obj)
        if not cls.__module__.startswith("game."):
            # Not the game's own (a thread pool, a lock, an ONNX session): equal by value where it says so.
            if cls.__eq__ is not object.__eq__:
                return {"foreign": cls.__qualname__, "repr": repr(obj)}
            return {"foreign": cls.__qualname__}
        skip = self.unmarked.get(cls.__name__, frozenset())
        names: list[str] = []
        if dataclasses.is_dataclass(obj):
            names = [f.name for f in dataclasses.fields(obj)]
        names += [n for n in getattr(obj, "__dict__", {}) if n not in names]
        for klass in cls.__mro__:
            names += [n for n in getattr(klass, "__slots__", ()) if n not in names and hasattr(obj, n)]
        out: dict[str, Tree] = {}
        for name in names:
            if name in skip or _transient(cls, name):
                continue
            value = getattr(obj, name)
            rows = codec.saved_rows(cls, name)
            if rows is not None:
                value = value[: getattr(obj, rows)]  # spare rows beyond the count are room to grow, not state
            out[name] = self.value(value, f"{path}.{name}" if path else name)
        return {"object": cls.__qualname__, "fields": out}


def _mutable(obj: object) -> bool:
    if isinstance(obj, (tuple, frozenset)):
        return False
    params = getattr(type(obj), "__dataclass_params__", None)
    return not (params is not None and params.frozen)


def _transient(cls: type, name: str) -> bool:
    """Marked transient in the class's own declaration (read here, not from the codec's schema)."""
    declared = getattr(cls, "__dataclass_fields__", {}).get(name)
    return declared is not None and bool(declared.metadata.get("transient"))


def differences(a: Tree, b: Tree, path: str = "", limit: int = 50) -> list[str]:
    """Paths (``villagers[3].vitals.energy``) where two snapshots differ, with both values, at most ``limit``."""
    out: list[str] = []
    _diff(a, b, path, out, limit)
    return out


def _diff(a: Tree, b: Tree, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit or a == b:
        return
    where = path or "(top)"
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        if "fields" in a and a.get("object") == b.get("object"):
            fa, fb = a["fields"], b["fields"]
            for name in [*fa, *(n for n in fb if n not in fa)]:
                if name not in fa or name not in fb:
                    out.append(f"{path}.{name}: only in {'the first' if name in fa else 'the second'}")
                else:
                    _diff(fa[name], fb[name], f"{path}.{name}" if path else name, out, limit)
            return
        if "dict" in a:
            da = {_key(k): v for k, v in a["dict"]}
            db = {_key(k): v for k, v in b["dict"]}
            for k in [*da, *(k for k in db if k not in da)]:
                if k not in da or k not in db:
                    out.append(f"{where}[{k}]: only in {'the first' if k in da else 'the second'}")
                else:
                    _diff(da[k], db[k], f"{path}[{k}]", out, limit)
            return
        kind = next(iter(a))
        if len(a) == 1 and isinstance(a[kind], list) and isinstance(b[kind], list) and kind != "set":
            la, lb = a[kind], b[kind]
            if len(la) != len(lb):
                out.append(f"{where}: {len(la)} items, then {len(lb)}")
                return
            for i, (x, y) in enumerate(zip(la, lb, strict=True)):
                _diff(x, y, f"{path}[{i}]", out, limit)
            return
    out.append(f"{where}: {_short(a)} != {_short(b)}")


def _key(k: Tree) -> str:
    return repr(k) if not isinstance(k, dict) else repr(sorted(k.items()))


def _short(tree: Tree) -> str:
    text = repr(tree)
    return text if len(text) <= 120 else text[:117] + "..."
