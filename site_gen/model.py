"""The site model: everything the pages read, built once per build from the validated ledger.

Why: pages used to pull from one accumulator holding the ledger, raw dict rows, lazily
built indexes, the history and every output page; they reached into `minyi.history` and
borrowed from each other. Now `build_model` computes, once, the typed rows (a record's
model plus its derived facts), the indexes pages need (in one pass over the suggestions,
not one scan per department or station), the published statistics and the history per
record (handed in by the build). The model holds no output, so pages can be written and
released one at a time.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from minyi import bulletin, facts, kinds, lifecycle, stats
from minyi.district_map import DistrictMap, read_map
from minyi.facts import ProjectFacts, SuggestionFacts
from minyi.kinds.settings import Settings
from minyi.ledger import Ledger
from minyi.model import Event
from minyi.period import months_between
from minyi.recording import Recording, recording
from minyi.slippage import Slippage, slippage

from . import urls, yearend
from .backrefs import Backrefs
from .backrefs import build as build_backrefs
from .duty import DutyYear, duty_records

LATEST = 100  # the most timeline events any page lists (最近更新 without git history)
# Projects the deputies voted in: being built or done (not candidates, not rejected); the
# dashboard and the projects page count the same ones.
VOTED_IN = lifecycle.PROJECT_UNDERWAY | lifecycle.DONE_PROJECT
LEVEL_LABELS = {"区": "区人代会", "街道": "街道议政代表会", "镇": "镇人代会"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One record: its typed model and its file. `data` is the record as written, read only
    by open data, which publishes records verbatim (key order and all)."""

    model: Any
    path: str
    data: dict

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class SuggestionRow(Entry):
    facts: SuggestionFacts

    @property
    def year(self) -> int:
        return self.model.year


@dataclass(frozen=True, slots=True)
class ProjectRow(Entry):
    facts: ProjectFacts
    slip: Slippage  # 滞后 / 长期未更新 (minyi.slippage)
    level: str | None  # 区 or 街道: its vote session's level, else the project's own

    @property
    def level_label(self) -> str:
        """Which body voted it: 区人代会 or 街道议政代表会 (the filters and labels of every project list)."""
        return LEVEL_LABELS.get(self.level or "", "未定层级")


@dataclass(frozen=True, slots=True)
class LatestEvent:
    """A timeline event with the record it belongs to, for 最新进展 and the feed."""

    date: dt.date
    record_id: str
    index: int
    kind: str
    title: str
    event: Event


@dataclass(frozen=True)
class Indexes:
    """Lookups by record id, each list in id order; built in one pass (see `_index`)."""

    merged_from: dict[str, list] = field(default_factory=dict)  # suggestion -> suggestions merged into it
    by_project: dict[str, list] = field(default_factory=dict)  # project -> suggestion ids naming it
    by_lead: dict[str, list] = field(default_factory=dict)  # department -> suggestions it leads
    by_station: dict[str, list] = field(default_factory=dict)  # station -> suggestions collected there
    by_deputy: dict[str, list] = field(default_factory=dict)  # deputy -> suggestions carried
    handled_by: dict[str, list] = field(default_factory=dict)  # unranked department -> suggestions it acted on
    projects_by_lead: dict[str, list] = field(default_factory=dict)
    projects_by_supervisor: dict[str, list] = field(default_factory=dict)
    projects_by_session: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteModel:
    as_of: dt.date
    settings: Settings
    entries: dict[str, tuple]  # kind -> its records by id (SuggestionRow, ProjectRow or Entry)
    by_id: dict[str, Entry]
    targets: dict[str, tuple[str | None, str]]  # record id -> (its site URL, its name), for links
    index: Indexes
    figures: stats.Figures
    department_stats: tuple[stats.DepartmentStats, ...]
    ranked: tuple[stats.DepartmentStats, ...]
    unranked: tuple[stats.DepartmentStats, ...]
    latest: tuple[LatestEvent, ...]
    backrefs: Backrefs = field(default_factory=Backrefs)  # who names each record (引用本条的记录)
    history: Mapping[str, dict] = field(default_factory=dict)  # record id -> its git trail
    changes: tuple = ()  # newest commits with the records they changed
    district_map: DistrictMap | None = None  # street shapes from records/map.geojson, if the ledger has one

    def of(self, kind: str) -> tuple:
        return self.entries.get(kind, ())

    @property
    def suggestions(self) -> tuple[SuggestionRow, ...]:
        return self.of("suggestion")

    @property
    def projects(self) -> tuple[ProjectRow, ...]:
        return self.of("project")

    def get(self, record_id: str | None) -> Entry | None:
        return self.by_id.get(record_id) if record_id else None

    def name(self, record_id: str) -> str:
        target = self.targets.get(record_id)
        return target[1] if target else record_id

    def ref(self, record_id: str, here: str) -> tuple[str | None, str]:
        """(relative link from page `here`, name) of a record; no link if it does not exist or has no page.
        One call per link: record pages have dozens, and department pages thousands."""
        target = self.targets.get(record_id)
        if target is None:
            return None, record_id
        url, name = target
        return (urls.href(here, url) if url else None), name

    def source_url(self, entry: Entry) -> str:
        """The record's file on the hosting service, with its history there; "" while the
        repository address is a placeholder (the site's own copy is linked either way)."""
        if urls.is_placeholder(self.settings.repository_url):
            return ""
        return urls.external(self.settings.blob_url + entry.path)

    def trail(self, record_id: str) -> dict | None:
        return self.history.get(record_id) or None

    def recorded(self, record_id: str) -> dict[int, Recording]:
        """When each timeline event was recorded, by event index (keys may arrive as text from a JSON cache),
        with imports told apart from late entries (minyi.recording)."""
        events = (self.history.get(record_id) or {}).get("events") or {}
        since = self.settings.recording_since
        return {int(i): recording(rec, since) for i, rec in events.items()}

    @cached_property
    def year_ends(self) -> tuple[yearend.YearEnd, ...]:
        """历年对比: the figures at each past year end and today (computed once, on first use)."""
        models = (r.model for r in self.suggestions)
        return yearend.year_ends(models, self.as_of, self.settings.office, self.settings.recording_since)

    @cached_property
    def reports(self) -> tuple[bulletin.Bulletin, ...]:
        """通报: a bulletin per month, from the month of the first suggestion to the build date's,
        newest first (minyi.bulletin, as `minyi report --month` prints; computed once, on first use)."""
        rows = self.suggestions
        if not rows:
            return ()
        names = bulletin.department_names(e.model for e in self.of("department"))
        months = months_between(min(r.model.received for r in rows), self.as_of)
        return bulletin.bulletins(rows, names, self.settings, reversed(months), self.as_of)

    @cached_property
    def duty(self) -> dict[str, tuple[DutyYear, ...]]:
        """履职档案: each deputy's figures by year (site_gen.duty; computed once, on first use)."""
        return duty_records(self)

    def department_figures(self, dep_id: str) -> stats.DepartmentStats | None:
        return next((s for s in self.department_stats if s.id == dep_id), None)


# Kinds whose rows carry facts derived as of the build date (minyi.facts); other kinds' entries are plain.
def _project_row(r, as_of: dt.date, ledger: Ledger) -> ProjectRow:
    p = r.model
    session = ledger.get(p.vote.session) if p.vote else None
    level = getattr(session.model, "level", None) if session is not None and session.model else None
    return ProjectRow(
        p,
        r.path,
        r.data,
        facts.project_facts(p, as_of),
        slippage(p, as_of, ledger.settings.stale_after_days),
        level or p.level,
    )


_ROWS = {
    "suggestion": lambda r, as_of, ledger: SuggestionRow(
        r.model, r.path, r.data, facts.suggestion_facts(r.model, as_of, ledger.settings.office)
    ),
    "project": _project_row,
}


def _entries(ledger: Ledger, as_of: dt.date) -> dict[str, tuple]:
    """Every record kind's entries by id."""

    def plain(r, as_of, ledger):
        return Entry(r.model, r.path, r.data)

    return {
        kind.name: tuple(
            _ROWS.get(kind.name, plain)(r, as_of, ledger) for r in sorted(ledger.of(kind.name), key=lambda r: r.id)
        )
        for kind in kinds.RECORD_KINDS
    }


def _add(index: dict, key, value) -> None:
    if key:
        index.setdefault(key, []).append(value)


def _index(entries: dict[str, tuple]) -> Indexes:
    """Every per-record list the pages show, in one pass over the suggestions and one over the projects."""
    ix = Indexes()
    unranked = {e.id for e in entries.get("department", ()) if not e.model.ranked}
    for row in entries.get("suggestion", ()):
        s = row.model
        _add(ix.merged_from, s.merged_into, row)
        _add(ix.by_project, s.project, row.id)
        _add(ix.by_lead, s.lead, row)
        _add(ix.by_station, s.station, row)
        for deputy in s.deputies:
            _add(ix.by_deputy, deputy, row)
        for dep in dict.fromkeys(e.by for e in s.timeline if e.by in unranked):
            _add(ix.handled_by, dep, row)
    for row in entries.get("project", ()):
        p = row.model
        _add(ix.projects_by_lead, p.lead_department, row)
        for deputy in p.supervisors:
            _add(ix.projects_by_supervisor, deputy, row)
        if p.vote:
            _add(ix.projects_by_session, p.vote.session, row)
    return ix


def _latest(entries: dict[str, tuple], by_id: dict[str, Entry]) -> tuple[LatestEvent, ...]:
    """The newest timeline events of all tracked records (date, then id and position, descending)."""
    tracked = [k.name for k in kinds.RECORD_KINDS if k.lifecycle]
    keys = heapq.nlargest(
        LATEST,
        (
            (e.date, row.id, i, kind)
            for kind in tracked
            for row in entries.get(kind, ())
            for i, e in enumerate(row.model.timeline)
        ),
    )
    return tuple(
        LatestEvent(day, rid, i, kind, by_id[rid].model.title, by_id[rid].model.timeline[i])
        for day, rid, i, kind in keys
    )


def build_model(
    ledger: Ledger, as_of: dt.date, history: Mapping[str, dict] | None = None, changes: tuple | list = ()
) -> SiteModel:
    """The site model of a validated ledger. `history` is the git trail per record and
    `changes` the newest commits (both from minyi.history, derived by the build)."""
    entries = _entries(ledger, as_of)
    by_id = {e.id: e for group in entries.values() for e in group}
    targets = {
        e.id: (urls.url_of(e.id), kind.display_name(e.model, e.id))
        for kind in kinds.RECORD_KINDS
        for e in entries.get(kind.name, ())
    }
    index = _index(entries)
    deps = stats.department_stats((e.model for e in entries.get("department", ())), index.by_lead)
    ranked, unranked = stats.ranking(deps, ledger.settings.min_cases_for_ranking)
    return SiteModel(
        as_of=as_of,
        settings=ledger.settings,
        entries=entries,
        by_id=by_id,
        targets=targets,
        index=index,
        figures=stats.dashboard(entries.get("suggestion", ()), as_of),
        department_stats=tuple(deps),
        ranked=tuple(ranked),
        unranked=tuple(unranked),
        latest=_latest(entries, by_id),
        backrefs=build_backrefs(entries),
        history=history or {},
        changes=tuple(changes),
        district_map=read_map(ledger.root)[0],
    )
