"""The site's pages, produced from the site model one at a time.

Section pages (and data files) are Markdown for MkDocs, in the nav and the search index;
record pages are HTML bodies the build pours into each section's MkDocs-rendered shell
(site_gen/shell.py), so MkDocs does no work per record. Record kinds come from the
registry (minyi.kinds): a kind with a `section` gets its pages from its templates; the
modules named in CUSTOM add what templates alone cannot (list filters and data, votes,
the ranking).
"""

from __future__ import annotations

from collections.abc import Iterator

from minyi import kinds
from minyi.kinds import Kind

from ..model import SiteModel
from . import dashboard, departments, district, feeds, opendata, projects, reports, sections, suggestions
from .sections import RecordFile, RecordPage, SourceFile

CUSTOM: dict[str, sections.Hooks] = {
    "suggestion": suggestions.HOOKS,
    "project": projects.HOOKS,
    "department": departments.HOOKS,
}


def source_files(m: SiteModel, kept=None) -> Iterator[SourceFile]:
    """Every section page and data file of the site, one at a time; open-data files `kept` from the
    previous site (site_gen/reuse.py `Held`) are not made."""
    for kind in kinds.RECORD_KINDS:
        if kind.section:
            yield from sections.list_files(m, kind, CUSTOM.get(kind.name))
    yield from opendata.files(m, kept)
    yield from feeds.files(m)
    yield from dashboard.files(m)
    yield from reports.files(m)
    yield from district.files(m)


def record_kinds(m: SiteModel) -> list[Kind]:
    """Kinds with a page per record and at least one record: each needs a shell."""
    return [k for k in kinds.RECORD_KINDS if k.section and m.of(k.name)]


def record_pages(m: SiteModel, kind: Kind) -> Iterator[RecordPage]:
    return sections.record_pages(m, kind, CUSTOM.get(kind.name))


def record_page(m, kind: Kind, entry) -> RecordPage:
    """One record's page; `m` is the site model or a view of it that notes what the page reads."""
    return sections.record_page(m, kind, entry, CUSTOM.get(kind.name))


def record_files(m: SiteModel) -> Iterator[RecordFile]:
    """Each record's YAML, feed and calendar, written straight into the rendered site (MkDocs need
    not copy 100,000 files)."""
    yield from opendata.record_files(m)
    yield from feeds.record_files(m)


__all__ = [
    "RecordFile",
    "RecordPage",
    "SourceFile",
    "record_files",
    "record_kinds",
    "record_page",
    "record_pages",
    "source_files",
]
