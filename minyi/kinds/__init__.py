"""The registry of record kinds: each kind is declared once, in its own module here.

Adding a kind means: a module in this package with a `KIND` declaration and its
dataclasses, a schema in `schemas/`, and templates (scaffold and pages). Everything
else — folders, id prefixes, reference checks, the review gate, `minyi new`, docs,
site sections, open data — iterates `RECORD_KINDS`. See docs/architecture.md.
"""
from __future__ import annotations

from . import department, deputy, project, session, settings, station, suggestion
from .base import Column, Kind, Option

# Order matters only for display: docs, open data and the site list kinds in this order.
RECORD_KINDS: tuple[Kind, ...] = tuple(m.KIND for m in (suggestion, project, session, deputy, department, station))
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


__all__ = ["Column", "Kind", "Option", "RECORD_KINDS", "SETTINGS", "ALL_KINDS", "get", "names", "by_folder", "by_prefix"]
