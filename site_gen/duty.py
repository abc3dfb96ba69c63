"""履职档案: what each deputy did in each year, counted from the ledger.

A pure function of the site model: nothing here is written by a clerk except the
deputy's own 述职 and 评议 entries; every other figure is counted from the records
that name the deputy. A year appears when anything happened in it.

- receptions, residents: the deputy's own reception entries dated in the year;
- suggestions: carried by the deputy (named in `deputies`) and received in the year,
  then what became of them as of the build date: closed (办结), of which solved
  (已解决), still open (not finished), of which overdue (minyi.facts);
- meetings: meetings dated in the year that list the deputy as present;
- projects: livelihood projects of that year the deputy supervises;
- motions_led / motions_cosigned: motions of that year's sessions;
- inquiries: 专题询问 held in the year where the deputy asked a question;
- report / evaluation: the 述职 and 评议 entries for that year (the latest if several).
Review opinions (审议意见) and stations name no deputy by year, so they are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from minyi import lifecycle


@dataclass(slots=True)
class DutyYear:
    deputy: str
    year: int
    receptions: int = 0
    residents: int = 0
    suggestions: int = 0
    closed: int = 0
    solved: int = 0
    open: int = 0
    overdue: int = 0
    meetings: int = 0
    projects: int = 0
    motions_led: int = 0
    motions_cosigned: int = 0
    inquiries: int = 0
    report: object = None  # minyi.kinds.deputy.AnnualReport
    evaluation: object = None  # minyi.kinds.deputy.Evaluation


def _suggestion(y: DutyYear, row) -> None:
    s = row.model
    y.suggestions += 1
    if s.status == "closed":
        y.closed += 1
        y.solved += s.outcome == "solved"
    elif s.status not in lifecycle.FINISHED:
        y.open += 1
        y.overdue += bool(row.facts.overdue)


def _own(year_of, deputy) -> None:
    for r in deputy.receptions:
        y = year_of(r.date.year)
        y.receptions += 1
        y.residents += r.residents
    for a in deputy.annual_reports:
        year_of(a.year).report = a
    for e in deputy.evaluations:
        year_of(e.year).evaluation = e


def _named(m) -> dict[str, list[tuple[int, str, object]]]:
    """Deputy id -> (year, what, record) for every record of another kind naming the deputy,
    in one pass over each kind (a district has thousands of deputies)."""
    named: dict[str, list] = {}

    def add(deputy_id: str, year: int, what: str, row) -> None:
        named.setdefault(deputy_id, []).append((year, what, row))

    for row in m.suggestions:
        for d in dict.fromkeys(row.model.deputies):
            add(d, row.model.year, "suggestion", row)
    for row in m.projects:
        for d in dict.fromkeys(row.model.supervisors):
            add(d, row.model.year, "project", row)
    for e in m.of("meeting"):
        for d in dict.fromkeys(e.model.present):
            add(d, e.model.date.year, "meeting", e)
    for e in m.of("motion"):
        add(e.model.lead_deputy, e.model.year, "motion_led", e)
        for d in dict.fromkeys(e.model.cosigners):
            if d != e.model.lead_deputy:
                add(d, e.model.year, "motion_cosigned", e)
    for e in m.of("inquiry"):
        for d in dict.fromkeys(q.by for q in e.model.questions):
            add(d, e.model.date.year, "inquiry", e)
    return named


_COUNTERS = {
    "meeting": "meetings",
    "project": "projects",
    "motion_led": "motions_led",
    "motion_cosigned": "motions_cosigned",
    "inquiry": "inquiries",
}


def duty_years(deputy, named: Iterable[tuple[int, str, object]]) -> tuple[DutyYear, ...]:
    """The deputy's duty record, one entry per year with anything in it, newest year first;
    `named` is what other records say of the deputy (see `_named`)."""
    years: dict[int, DutyYear] = {}

    def year_of(year: int) -> DutyYear:
        return years.setdefault(year, DutyYear(deputy.id, year))

    _own(year_of, deputy)
    for year, what, row in named:
        y = year_of(year)
        if what == "suggestion":
            _suggestion(y, row)
        else:
            setattr(y, _COUNTERS[what], getattr(y, _COUNTERS[what]) + 1)
    return tuple(years[k] for k in sorted(years, reverse=True))


def duty_records(m) -> dict[str, tuple[DutyYear, ...]]:
    """Every deputy's duty record by deputy id (deputies in id order)."""
    named = _named(m)
    return {e.id: duty_years(e.model, named.get(e.id, ())) for e in m.of("deputy")}


def all_years(records: dict[str, tuple[DutyYear, ...]]) -> Iterable[DutyYear]:
    """Rows for open data: deputy by deputy, newest year first."""
    for rows in records.values():
        yield from rows
