"""The import graph of ogi_nlp: no cycle, and no stage imports a later one.

The graph is read from the source with ``ast`` (nothing is imported), from every
``import`` and ``from … import`` in a module, at its top or inside a function.
Imports under ``if TYPE_CHECKING:`` are left out: they never run, so they can
neither form a cycle nor load a later stage.

:data:`STAGES` is the one written statement of the order in which a report
flows through the package (ARCHITECTURE.md draws it).  A module may import
modules of its own stage or of earlier ones, never of a later one.
"""
from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest

#: The stages of the data flow, earliest first, each a list of module-name
#: prefixes under ``ogi_nlp`` (``"read"`` covers ``ogi_nlp.read`` and
#: ``ogi_nlp.read.*``; the longest matching prefix decides).
STAGES: list[tuple[str, list[str]]] = [
    ("Chinese-text primitives", ["zh"]),
    ("base: errors, document model, bundled data, template registry",
     ["_version", "_patterns", "errors", "document", "datasets", "tables.registry", "gazetteer"]),
    ("read: file -> Document", ["read"]),
    ("metadata: agency, year, body, a folder's manifest", ["bodies", "metadata", "folder_manifest"]),
    ("sentences: text -> sentences with spans", ["sentences"]),
    ("sections: canonical sections of each template", ["sections"]),
    ("tokens: sentences -> words", ["tokens"]),
    ("themes and tables", ["themes", "tables"]),
    ("quantities: numbers in text vs tables", ["quantities"]),
    ("display: HTML views of a report's frames", ["display"]),
    ("report: all stages for one report", ["report"]),
    ("analysis on frames: text tools, change, quality, coding agreement, work plans",
     ["text", "change", "quality", "harmonise", "flags", "vocabulary", "agreement", "labelsets", "workplan"]),
    ("panel: one row per report, and the data dictionary", ["join", "datadict", "instruments"]),
    ("corpus: many reports", ["engine", "corpus"]),
    ("measures over a corpus", ["measures"]),
    ("front ends: explorer, charts, command line, course", ["explore", "plotting", "cli", "teaching"]),
]

PACKAGE = Path(str(resources.files("ogi_nlp")))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, modules: set[str]) -> set[str]:
    """Modules of ogi_nlp that ``name`` imports when it runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "ogi_nlp" or target.startswith("ogi_nlp."):
                subs = {f"{target}.{a.name}" for a in node.names} & modules
                found.update(subs or {target})
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ogi_nlp"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {t for t in found if t in modules and t != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items() if name != "ogi_nlp"}


def _stage(module: str) -> int:
    rel = module.removeprefix("ogi_nlp.")
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if (rel == prefix or rel.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best is None:
        raise AssertionError(f"{module} is in no stage of STAGES: add it where it belongs in the data flow")
    return best


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_every_module_has_a_stage():
    for module in _graph():
        _stage(module)


def test_no_import_cycle():
    assert _cycles(_graph()) == []


def test_no_stage_imports_a_later_one():
    backward = sorted(
        f"{a} ({STAGES[_stage(a)][0]}) imports {b} ({STAGES[_stage(b)][0]})"
        for a, targets in _graph().items()
        for b in targets
        if _stage(b) > _stage(a)
    )
    assert backward == []


def test_chinese_text_primitives_import_nothing_else_from_ogi_nlp():
    graph = _graph()
    outside = {m: sorted(t for t in ts if not t.startswith("ogi_nlp.zh")) for m, ts in graph.items()
               if m.startswith("ogi_nlp.zh")}
    assert {m: ts for m, ts in outside.items() if ts} == {}


@pytest.mark.parametrize(
    "graph,expected",
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_cycle_finder(graph, expected):
    assert _cycles(graph) == expected


def test_type_checking_imports_are_left_out(tmp_path):
    src = tmp_path / "m.py"
    src.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .corpus import Corpus\n"
        "def f():\n    from .join import panel\n",
        encoding="utf-8",
    )
    assert _imports("ogi_nlp.m", src, {"ogi_nlp.corpus", "ogi_nlp.join"}) == {"ogi_nlp.join"}


def test_public_api_is_small_and_resolves():
    import ogi_nlp

    assert 12 <= len(ogi_nlp.__all__) <= 20
    for name in ogi_nlp.__all__:
        assert getattr(ogi_nlp, name) is not None


def test_names_of_the_old_api_still_resolve_from_their_modules():
    import ogi_nlp
    from ogi_nlp.workplan import align_workplan, workplan_coverage

    for name in ogi_nlp._MOVED:
        assert name not in ogi_nlp.__all__
        with pytest.warns(DeprecationWarning, match=f"ogi_nlp.{name} is deprecated: use ogi_nlp"):
            getattr(ogi_nlp, name)
    with pytest.warns(DeprecationWarning):
        assert ogi_nlp.align is align_workplan and ogi_nlp.coverage is workplan_coverage
    with pytest.raises(AttributeError):
        ogi_nlp.no_such_name  # noqa: B018
