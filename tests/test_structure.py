"""The layout keeps its promises: small files and functions, layers that import only downwards,
and no HTML assembled in Python where a template belongs.

These are the rules of docs/architecture.md, checked on every run so they cannot
erode one convenient shortcut at a time.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("minyi", "site_gen")
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
SOURCES = sorted(p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _imports(tree: ast.AST, module: str) -> set[str]:
    """Absolute names of every module imported by `module` (relative imports resolved)."""
    out = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def _module(path: Path) -> str:
    name = ".".join(path.relative_to(REPO).with_suffix("").parts)
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_files_and_functions_are_small(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_FILE_LINES, f"{_rel(path)} has {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{_rel(path)}:{node.lineno} {node.name}() has {length} lines"


def test_only_the_cli_site_module_joins_the_two_halves():
    offenders = [
        _rel(p)
        for p in SOURCES
        if p.is_relative_to(REPO / "minyi")
        and _rel(p) != "minyi/cli/site.py"
        and any(name.split(".")[0] == "site_gen" for name in _imports(ast.parse(p.read_text("utf-8")), _module(p)))
    ]
    assert offenders == []


def test_pages_never_reach_into_history_or_each_other():
    pages = sorted((REPO / "site_gen" / "pages").glob("*.py"))
    for path in pages:
        names = _imports(ast.parse(path.read_text("utf-8")), _module(path))
        assert not any(n.startswith("minyi.history") for n in names), _rel(path)
        siblings = {n for n in names if n.startswith("site_gen.pages.") and n.count(".") == 2}
        allowed = {"site_gen.pages.sections"}  # the shared page shapes, not another page
        assert siblings <= allowed | {f"site_gen.pages.{p.stem}" for p in pages if p.stem == "__init__"}, (
            _rel(path),
            siblings,
        )


TAG = re.compile(
    r"<\s*/?\s*(div|span|p|a|table|tr|td|th|ul|ol|li|section|article|h[1-6]|dl|dt|dd|strong|em|code|time)\b", re.I
)


def test_no_html_is_built_in_python_in_site_pages():
    for path in sorted((REPO / "site_gen" / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and not _is_docstring(node, path):
                assert not TAG.search(node.value), (
                    f"{_rel(path)}:{node.lineno}: HTML in a Python string: {node.value[:60]!r}"
                )


def _is_docstring(node: ast.Constant, path: Path) -> bool:
    tree = ast.parse(path.read_text("utf-8"))
    bodies = [
        tree,
        *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))),
    ]
    return any(b.body and isinstance(b.body[0], ast.Expr) and b.body[0].value is node for b in bodies)
