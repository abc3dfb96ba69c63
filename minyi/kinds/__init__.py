"""The registry of record kinds: each kind is declared once, in its own module here.

Adding a kind means: a module in this package with a `KIND` declaration and its
dataclasses, a schema in `schemas/`, and templates (scaffold and pages). Everything
else — folders, id prefixes, reference checks, the review gate, `minyi new`, docs,
site sections, open data — iterates `RECORD_KINDS`. See docs/architecture.md.
"""

from __future__ import annotations

import importlib
import pkgutil

from . import settings
from .base import Column, Kind, Option


def _discover() -> tuple[Kind, ...]:
    """Every module in this package that declares a `KIND` is a record kind: adding one needs no edit here."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, Kind) and kind is not settings.KIND:
            found.append(kind)
    return tuple(sorted(found, key=lambda k: (k.order, k.name)))


# Order matters only for display: docs, open data and the site list kinds by `Kind.order`.
RECORD_KINDS: tuple[Kind, ...] = _discover()
SETTINGS: Kind = settings.KIND
ALL_KINDS: tuple[Kind, ...] = (*RECORD_KINDS, SETTINGS)

_BY_NAME = {k.name: k for k in ALL_KINDS}
_BY_FOLDER = {k.folder: k for k in RECORD_KINDS}
_BY_PREFIX = {k.prefix: k for k in RECORD_KINDS}


def get(name: str) -> Kind:
    return _BY_NAME[name]


def names() -> tuple[str, ...]:
    """Every kind name, settings last."""
    return tuple(_BY_NAME)


def by_folder(folder: str) -> Kind | None:
    return _BY_FOLDER.get(folder)


def by_prefix(prefix: str) -> Kind | None:
    return _BY_PREFIX.get(prefix)


__all__ = [
    "Column",
    "Kind",
    "Option",
    "RECORD_KINDS",
    "SETTINGS",
    "ALL_KINDS",
    "get",
    "names",
    "by_folder",
    "by_prefix",
]
