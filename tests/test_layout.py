"""The shape of the code: no import cycle between fabula's parts, no side channels on the story.

Read from the source with ``ast``, so these hold for code paths no other test happens to run.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "fabula"

# allowed while it lasts, each with its reason; the test fails when one is no longer needed
ALLOWED_EDGES = {
    ("model", "render"): "Story.to_dict() and to_json(), the library's convenience API, call render/json.py (imported inside the method)",
}
ALLOWED_PRIVATE: set[str] = set()


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str | None:
    """The subpackage (or top-level module) a module belongs to: fabula.characters.names -> characters."""
    parts = module.split(".")
    return parts[1] if parts[0] == "fabula" and len(parts) > 1 else None


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports, wherever the import is, except type-checking-only ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
                   for n in ast.walk(node)}
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module or ""
            out += [base] + [f"{base}.{a.name}" for a in node.names]
    return out


def _graph() -> dict[str, dict[str, set[str]]]:
    """part -> part it imports -> the imports that make the edge."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in SRC.rglob("*.py"):
        src = _part(_module(path))
        for name in _imports(path):
            dst = _part(name)
            if src and dst and dst != src and (src, dst) not in ALLOWED_EDGES:
                graph[src][dst].add(f"{_module(path)} imports {name}")
    return graph


def _cycles(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Strongly connected parts of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_between_parts() -> None:
    graph = _graph()
    cycles = _cycles(graph)
    detail = {f"{a} -> {b}": sorted(graph[a][b])[:3] for c in cycles for a in c for b in graph[a] if b in c}
    assert not cycles, f"import cycles: {cycles}; edges: {detail}"


def test_the_allowed_edges_are_still_needed() -> None:
    for (a, b), why in ALLOWED_EDGES.items():
        uses = [p for p in SRC.rglob("*.py") if _part(_module(p)) == a and any(_part(n) == b for n in _imports(p))]
        assert uses, f"{a} no longer imports {b}: drop the allowance ({why})"


def test_the_narrative_and_the_tags_do_not_import_each_other_both_ways() -> None:
    graph = _graph()
    assert not ("tags" in graph["narrative"] and "narrative" in graph["tags"])


def test_renderers_compute_no_analysis() -> None:
    """A renderer reads layers; it imports no pass (the arc, the tags, the talk come from passes)."""
    for path in (SRC / "render").glob("*.py"):
        for name in _imports(path):
            assert _part(name) not in {"narrative", "tags", "characters", "dialogue", "beta", "pipeline"}, \
                f"{path.name} imports {name}"


def test_no_private_attribute_is_read_off_the_story_outside_its_writer() -> None:
    pattern = re.compile(r"\bstory\._(?!_)\w+|getattr\(story,\s*['\"](_\w+)")
    for path in SRC.rglob("*.py"):
        for m in pattern.finditer(path.read_text(encoding="utf-8")):
            name = m.group(0).split(".")[-1] if m.group(1) is None else m.group(1)
            name = name.strip("'\"")
            assert name in ALLOWED_PRIVATE, f"{path.relative_to(SRC)}: story.{name}"


def test_no_type_ignore_for_attributes() -> None:
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        assert "ignore[attr-defined" not in path.read_text(encoding="utf-8"), rel
