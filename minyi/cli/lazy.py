"""The command table of `minyi`, filled one module at a time as commands are asked for.

Why: importing every command module costs about a third of a second (the editors,
the importer, jsonschema, the site builder), and `minyi validate` or `check-change`
on an unchanged ledger must answer in half a second. So running one command imports
only the module that defines it; `minyi --help`, the CLI reference and anything that
walks the whole table (`items()`, iteration) load them all and see the same commands
as before. tests/test_cli_lazy.py checks `WHERE` against every module's `COMMANDS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click

# Command name -> the module of minyi.cli that defines it (in its COMMANDS).
WHERE = {
    "new": "records",
    "advance": "records",
    "correct": "records",
    "withdraw": "records",
    "show": "records",
    "assign-ids": "records",
    "history": "records",
    "init": "records",
    "supervise": "supervise",
    "find": "lists",
    "list": "lists",
    "import": "importing",
    "validate": "checks",
    "check-change": "checks",
    "diff": "past",
    "report": "bulletin",
    "build": "site",
    "serve": "site",
    "docs": "site",
}
MODULES = tuple(dict.fromkeys(WHERE.values()))


class Commands(dict):
    """A group's `commands` dict that imports a command's module the first time the command is looked up.

    `get`, `[]` and `in` load only the module of that name; every view of the whole table
    (iteration, keys, values, items, len) loads every module first. `prepare` is applied to
    each command once, as it arrives (the Chinese usage line)."""

    def __init__(self, package: str, prepare: Callable[[click.Command], click.Command]):
        super().__init__()
        self._package, self._prepare, self._loaded = package, prepare, set()

    def _load(self, module: str) -> None:
        if module in self._loaded:
            return
        self._loaded.add(module)
        for command in importlib.import_module(f"{self._package}.{module}").COMMANDS:
            dict.__setitem__(self, command.name, self._prepare(command))

    def _load_all(self) -> None:
        for module in MODULES:
            self._load(module)

    def _load_for(self, name) -> None:
        if isinstance(name, str) and name in WHERE:
            self._load(WHERE[name])

    def get(self, name, default=None):
        self._load_for(name)
        return dict.get(self, name, default)

    def __getitem__(self, name):
        self._load_for(name)
        return dict.__getitem__(self, name)

    def __contains__(self, name):
        self._load_for(name)
        return dict.__contains__(self, name)

    def __iter__(self):
        self._load_all()
        return dict.__iter__(self)

    def __len__(self):
        self._load_all()
        return dict.__len__(self)

    def keys(self):
        self._load_all()
        return dict.keys(self)

    def values(self):
        self._load_all()
        return dict.values(self)

    def items(self):
        self._load_all()
        return dict.items(self)
