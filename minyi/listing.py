"""`minyi list`: the records a clerk asks about (overdue, due this week, by street, by
department, by status), as rows of derived facts.

Every fact here comes from minyi/facts.py (and minyi/slippage.py for projects), the
functions `minyi show`, the site and the open data use, so the list never disagrees with
them: overdue is `SuggestionFacts.overdue`, the deadline in force `SuggestionFacts.deadline`,
what is left `days_to_deadline`, who must act `holder`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import facts, kinds, lifecycle
from .ledger import Ledger
from .slippage import slippage

LISTED = ("suggestion", "project")  # kinds with a lifecycle: the ones a list of work is about


@dataclass(frozen=True)
class Filters:
    kind: str = "suggestion"
    statuses: tuple[str, ...] = ()  # codes
    overdue: bool = False
    due_within: int | None = None  # with `overdue`: either one
    street: str | None = None
    department: str | None = None  # lead or assisting (suggestions), lead or involved (projects)
    deputy: str | None = None
    station: str | None = None
    year: int | None = None

    def describe(self) -> str:
        """The filters in words, for the heading of a list and the line saying it is empty."""
        when = []
        if self.overdue:
            when.append("逾期" if self.kind == "suggestion" else "滞后")
        if self.due_within is not None:
            when.append(f"{self.due_within} 天内到期")
        words = [
            f"{self.year} 年" if self.year else "",
            "或".join(when).replace("或", "或 " if self.due_within is not None else "或"),
        ]
        words.append("、".join(lifecycle.label(self.kind, s) for s in self.statuses))
        return "".join(w + ("的" if w and i else "") for i, w in enumerate(words) if w) + kinds.get(self.kind).title

    def none_line(self, today: dt.date) -> str:
        """What an empty list says."""
        words = self.describe()
        return f"截至 {today.isoformat()}，没有{' ' * words[0].isdigit()}{words}。"


@dataclass(frozen=True)
class Row:
    kind: str
    id: str
    title: str
    status: str
    status_label: str
    street: str | None
    community: str | None
    lead: str | None
    assist: tuple[str, ...]
    holder: str | None
    received: dt.date | None  # suggestions only
    deadline: dt.date | None
    days_to_deadline: int | None
    overdue: bool
    deputies: tuple[str, ...] = ()
    station: str | None = None
    year: int | None = None
    progress: int | None = None
    slipping: tuple[str, ...] = field(default=())  # projects: 滞后 / 长期未更新

    @property
    def involved(self) -> tuple[str, ...]:
        return tuple(x for x in (self.lead, *self.assist) if x)


def _suggestion_row(s, today: dt.date, office: str | None) -> Row:
    f = facts.suggestion_facts(s, today, office)
    return Row(
        kind="suggestion",
        id=s.id,
        title=s.title,
        status=s.status,
        status_label=f.label,
        street=s.place.street,
        community=s.place.community,
        lead=s.lead,
        assist=s.assist,
        holder=f.holder,
        received=f.received,
        deadline=f.deadline,
        days_to_deadline=f.days_to_deadline,
        overdue=f.overdue,
        deputies=s.deputies,
        station=s.station,
        year=s.year,
    )


def _project_row(p, today: dt.date, stale_after: int) -> Row:
    f = facts.project_facts(p, today)
    slip = slippage(p, today, stale_after)
    return Row(
        kind="project",
        id=p.id,
        title=p.title,
        status=p.status,
        status_label=f.label,
        street=p.street,
        community=None,
        lead=p.lead_department,
        assist=tuple(d for d in p.departments if d != p.lead_department),
        holder=f.holder,
        received=None,
        deadline=None,
        days_to_deadline=None,
        overdue=slip.behind,
        deputies=p.supervisors,
        year=p.year,
        progress=f.progress,
        slipping=slip.labels,
    )


def broken(ledger: Ledger, kind: str) -> list[str]:
    """Records of `kind` whose structure the schema rejects: they have no facts, so a list
    cannot say whether they are overdue, and says so instead of leaving them out silently."""
    return sorted(str(rec.id or rec.path) for rec in ledger.of(kind) if rec.model is None)


def rows(ledger: Ledger, today: dt.date, kind: str = "suggestion") -> list[Row]:
    """Every schema-valid record of `kind` as a row of its facts on `today`, by id (see `broken`)."""
    settings = ledger.settings
    out = []
    for rec in sorted(ledger.of(kind), key=lambda r: str(r.id)):
        model = rec.model
        if model is None:
            continue
        if kind == "suggestion":
            out.append(_suggestion_row(model, today, settings.office if settings else None))
        else:
            out.append(_project_row(model, today, settings.stale_after_days if settings else 90))
    return out


def _due(row: Row, days: int) -> bool:
    return row.days_to_deadline is not None and 0 <= row.days_to_deadline <= days


def keep(row: Row, f: Filters) -> bool:
    """Whether `row` passes the filters; --overdue and --due-within together mean either one."""
    when = (f.overdue and row.overdue) or (f.due_within is not None and _due(row, f.due_within))
    return (
        (when or not (f.overdue or f.due_within is not None))
        and (not f.statuses or row.status in f.statuses)
        and (f.street is None or row.street == f.street)
        and (f.department is None or f.department in row.involved)
        and (f.deputy is None or f.deputy in row.deputies)
        and (f.station is None or row.station == f.station)
        and (f.year is None or row.year == f.year)
    )


def urgency(row: Row):
    """Most urgent first: overdue longest, then due soonest, then by id."""
    days = row.days_to_deadline
    return (not row.overdue, days if days is not None else 10**6, row.id)


def select(ledger: Ledger, today: dt.date, f: Filters) -> list[Row]:
    return sorted((r for r in rows(ledger, today, f.kind) if keep(r, f)), key=urgency)


def broken_line(ledger: Ledger, kind: str) -> str | None:
    """The warning under every list while records of `kind` cannot be read."""
    ids = broken(ledger, kind)
    if not ids:
        return None
    shown = "、".join(ids[:10]) + (f" 等 {len(ids)} 条" if len(ids) > 10 else "")
    return f"注意：{len(ids)} 条{kinds.get(kind).title}有结构问题，无法判断是否逾期，没有列出：{shown}。运行 minyi validate 查看并修正。"


def status_code(kind: str, text: str) -> str | None:
    """A status given as its code or its Chinese label (any case, spaces ignored), as the code."""
    from .lookup import fold

    key = fold(text)
    statuses = lifecycle.LIFECYCLES[kind][0]
    return next((code for code, s in statuses.items() if key in (fold(code), fold(s.label))), None)


def when_text(row: Row) -> str:
    """逾期 N 天 / 今天到期 / 剩 N 天 (suggestions), 滞后 / 长期未更新 (projects), else empty."""
    days = row.days_to_deadline
    if row.kind == "project":
        return "、".join(row.slipping)
    if row.overdue:
        return f"逾期 {-days} 天"
    if days == 0:
        return "今天到期"
    return f"剩 {days} 天" if days is not None else ""
