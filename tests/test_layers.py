"""The layers hold: no import cycle at run time, no import from a lower layer up into a higher one, and pygame
only in game/ui. Imports are read with ast from game/ and main.py; module-level and function-level imports
both count (both run), imports under ``if TYPE_CHECKING:`` do not (they never run)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Lowest first. A module may import from its own layer and the layers before it, never from a later one.
#: "base" is what everything may use (version, bundled files, game time, shared names, the two protocols).
#: config sits above world and llm because it assembles their settings (LLMSettings) into one Settings.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("game", "game.resources", "game.clock", "game.contracts", "game.codec", "game.protocols")),
    ("world", ("game.world",)),
    ("llm", ("game.llm",)),
    ("config", ("game.config",)),
    ("agents", ("game.agents",)),
    ("mayor", ("game.mayor",)),
    ("sim", ("game.sim",)),
    ("save", ("game.save",)),
    ("experiment", ("game.experiment",)),
    ("launch", ("game.launch",)),
    ("ui", ("game.ui",)),
    ("main", ("main",)),
]
DRAWING = ("pygame", "pygame_gui")  # only the window may draw
WINDOW = "game.ui"


def modules(root: Path, packages: tuple[str, ...] = ("game",), scripts: tuple[str, ...] = ("main.py",)) -> dict:
    """Module name -> file, for the packages and top-level scripts under root."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for script in scripts:
        if (root / script).is_file():
            found[Path(script).stem] = root / script
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def runtime_imports(path: Path, name: str, is_package: bool) -> list[tuple[str, int]]:
    """(imported module, line) for every import that can run: at module level or inside a function."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package this module is in
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            found.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def graph(root: Path, **where: tuple[str, ...]) -> tuple[dict[str, set[str]], dict[str, list[tuple[str, int]]]]:
    """Edges between our own modules, and every runtime import (also of other libraries) per module."""
    ours = modules(root, **where)
    edges: dict[str, set[str]] = {m: set() for m in ours}
    every: dict[str, list[tuple[str, int]]] = {}
    for name, path in ours.items():
        every[name] = runtime_imports(path, name, path.name == "__init__.py")
        for target, _line in every[name]:
            # "from game.agents import chat" takes the submodule; "from game.agents.chat import X" the module.
            module = target if target in ours else target.rpartition(".")[0]
            if module in ours and module != name:
                edges[name].add(module)
    return edges, every


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return groups


def layer_of(module: str, layers: list[tuple[str, tuple[str, ...]]] = LAYERS) -> int:
    best, rank = -1, None
    for i, (_name, prefixes) in enumerate(layers):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), i
    if rank is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")
    return rank


def upward(edges: dict[str, set[str]], layers: list[tuple[str, tuple[str, ...]]] = LAYERS) -> list[str]:
    return sorted(f"{m} ({layers[layer_of(m, layers)][0]}) imports {t} ({layers[layer_of(t, layers)][0]})"
                  for m, targets in edges.items() for t in targets if layer_of(t, layers) > layer_of(m, layers))


def drawing_outside_the_window(every: dict[str, list[tuple[str, int]]], window: str = WINDOW) -> list[str]:
    return sorted(f"{m}:{line} imports {t}" for m, found in every.items() for t, line in found
                  if t.split(".")[0] in DRAWING and not (m == window or m.startswith(window + ".")))


def test_the_game_has_no_import_cycle() -> None:
    edges, _every = graph(ROOT)
    assert "main" in edges and "game.agents.mind" in edges
    assert cycles(edges) == []


def test_no_layer_imports_from_a_layer_above_it() -> None:
    edges, _every = graph(ROOT)
    assert upward(edges) == []


def test_only_the_window_imports_pygame() -> None:
    _edges, every = graph(ROOT)
    assert any(t == "pygame" for t, _ in every["game.ui.app"])  # the check sees the window's own import
    assert drawing_outside_the_window(every) == []


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checks_find_a_cycle_an_upward_import_and_pygame_in_a_made_up_game(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "game/__init__.py": "",
        "game/world/__init__.py": "",
        "game/world/town.py": "import pygame\n\ndef plan():\n    from game.sim import engine\n    return engine\n",
        "game/sim/__init__.py": "",
        "game/sim/engine.py": "from game.world.town import plan\n",
        "game/sim/steps.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from game.ui import view\n",
        "game/ui/__init__.py": "",
        "game/ui/view.py": "import pygame\nfrom game.sim import engine\n",
        "main.py": "def run():\n    from game.ui import view\n",
    })
    edges, every = graph(root)
    assert cycles(edges) == [["game.sim.engine", "game.world.town"]]  # the function-level import counts
    assert upward(edges) == ["game.world.town (world) imports game.sim.engine (sim)"]
    assert "game.ui.view" not in edges["game.sim.steps"]  # a TYPE_CHECKING import never runs
    assert drawing_outside_the_window(every) == ["game.world.town:1 imports pygame"]


def test_a_package_import_names_the_module_it_takes() -> None:
    edges, _every = graph(ROOT)
    assert "game.agents.mind" in edges["game.sim.setup"] and "game.agents" not in edges["game.sim.setup"]
