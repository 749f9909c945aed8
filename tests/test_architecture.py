"""The house rules of issue 22, checked on the source: no import cycles between claimcmp's modules,
no module over 800 lines and no class over 300, and the CLI importing only public names.

Imports are read with :mod:`ast`. Only module-level imports count (including those under
``if``/``try`` at module level): an import inside a function runs on first use, and one under
``if TYPE_CHECKING:`` never runs. Importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``,
so those count as edges too, except the importer's own packages (already being initialised).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "claimcmp"
MAX_MODULE_LINES = 800
MAX_CLASS_LINES = 300


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _module_level_imports(node.body)
            yield from _module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _module_level_imports(block)
        elif isinstance(node, ast.With):
            yield from _module_level_imports(node.body)


def _imported(name: str, path: Path) -> set[str]:
    """The claimcmp modules that importing ``name`` runs directly."""
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in _module_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = name.split(".") if is_package else name.split(".")[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        targets.add(base)
        targets.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    edges: set[str] = set()
    own_packages = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
    for target in targets:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):
            step = ".".join(parts[:i])
            if step in MODULES and step not in own_packages:
                edges.add(step)
    return edges


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    assert _cycles(GRAPH) == []


def test_no_module_over_800_lines() -> None:
    lines = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in lines.items() if n > MAX_MODULE_LINES} == {}


def test_no_class_over_300_lines() -> None:
    long = {}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and (n := (node.end_lineno or 0) - node.lineno + 1) > MAX_CLASS_LINES:
                long[f"{name}.{node.name}"] = n
    assert long == {}


FOLDERS = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FOLDERS else None


def _every_import(name: str, path: Path) -> set[str]:
    """The claimcmp modules ``name`` names in any import: module level, inside functions, for type checking."""
    anchor = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*anchor[: len(anchor) - (node.level - 1)], *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return {m for m in found if m.startswith("claimcmp.")}


def test_a_folder_is_entered_only_through_its_package() -> None:
    """``from claimcmp.analysis import same_entity``, never ``from claimcmp.analysis.entities import …``
    from outside ``analysis/``: a folder's modules are private to it."""
    reaching_in = {
        (name, target)
        for name, path in MODULES.items()
        for target in _every_import(name, path)
        if target.count(".") >= 2 and _folder(target) is not None and _folder(target) != _folder(name)
    }
    assert reaching_in == set()


def test_the_package_check_reads_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from claimcmp.analysis.entities import same_entity\nfrom .views import x\n")
    assert _every_import("claimcmp.output.m", module) == {"claimcmp.analysis.entities", "claimcmp.output.views"}


def test_cli_imports_only_public_names() -> None:
    """cli.py imports ``claimcmp`` and the folders' packages (``claimcmp.<folder>``), no deeper module."""
    folders = {f"claimcmp.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    tree = ast.parse(MODULES["claimcmp.cli"].read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imported.add(node.module)
            imported.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES)
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            imported.add("<relative import>")
    ours = {m for m in imported if m == "claimcmp" or m.startswith("claimcmp.") or m.startswith("<")}
    assert ours - folders - {"claimcmp"} == set()
