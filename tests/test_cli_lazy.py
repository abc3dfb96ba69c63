"""The command table loads a command's module only when that command runs (minyi/cli/lazy.py).

The table must name every command of every module, and a check of an unchanged ledger must
not import what it does not use: the editors, the importer, the site builder, `jsonschema`.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

from conftest import TODAY, minyi

from minyi import cli
from minyi.cli import lazy

HEAVY = ("jsonschema", "minyi.edit", "minyi.actions.scaffold", "minyi.importer", "openpyxl", "site_gen", "jinja2")
PROBE = """
import json, sys
from minyi.cli import main
try:
    main(sys.argv[1:], prog_name="minyi", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def heavy(modules: set[str], names=HEAVY) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


def imported(root, *args) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=root, capture_output=True, text=True, check=True)
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_the_table_names_every_command_of_every_module():
    defining = {
        info.name
        for info in pkgutil.iter_modules(cli.__path__)
        if hasattr(importlib.import_module(f"minyi.cli.{info.name}"), "COMMANDS")
    }
    assert defining == set(lazy.MODULES)
    for module in lazy.MODULES:
        names = {c.name for c in importlib.import_module(f"minyi.cli.{module}").COMMANDS}
        assert names == {name for name, where in lazy.WHERE.items() if where == module}, module
    assert sorted(cli.main.commands) == sorted(lazy.WHERE)


def test_validate_of_an_unchanged_ledger_imports_no_validator(ledger, tmp_path, monkeypatch):
    monkeypatch.setenv("MINYI_CACHE_DIR", str(tmp_path / "cache"))
    minyi("validate", "--today", TODAY, cwd=ledger, check=0)
    seen = imported(ledger, "validate", "--today", TODAY)
    assert "minyi.answer" in seen
    assert heavy(seen, (*HEAVY, "minyi.rules", "minyi.schema", "minyi.catalog")) == []


def test_check_change_imports_no_editor(pr):
    seen = imported(pr, "check-change", "main", "--today", TODAY)
    assert "minyi.review" in seen
    assert heavy(seen) == []


def test_history_of_a_record_with_nothing_new_imports_no_gitpython(ledger, tmp_path, monkeypatch):
    """The cached trails are at HEAD: one `git rev-parse` and one lookup; the answer is the one
    GitPython's path gives (the trails derived again without the cache)."""
    monkeypatch.setenv("MINYI_CACHE_DIR", str(tmp_path / "cache"))
    first = minyi("history", "S-2026-0010", cwd=ledger, check=0).stdout  # derives and caches the trails
    seen = imported(ledger, "history", "S-2026-0010")
    assert "minyi.trail_store" in seen
    assert heavy(seen, (*HEAVY, "git", "minyi.history", "minyi.catalog")) == []
    assert minyi("history", "S-2026-0010", cwd=ledger, check=0).stdout == first
    assert minyi("history", "S-2026-0010", "--no-cache", cwd=ledger, check=0).stdout == first
