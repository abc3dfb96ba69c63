"""月度通报: what was received and handled in a period, and where things stood on its last day.

Pure functions over the typed model, shared by `minyi report` and the site's 通报 pages,
so the clerk's Markdown, the printed page and the open-data CSV carry the same numbers.
The rates are the published ones (minyi/stats.py) applied to the ledger as it stood on
the period's last day; the derived facts are minyi/facts.py's, computed for that day.

The ledger as it stood on a day is rebuilt from each record's timeline (minyi.rewind, as the
historical year ends are), not from git: a bulletin printed on 5 November counts an answer
given on 30 October even if the clerk recorded it on 2 November.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import lifecycle, stats
from .kinds.settings import Settings
from .kinds.suggestion import Suggestion
from .period import Period
from .rewind import Row, rows_on
from .tally import Day, Tally

DISSATISFIED = "不满意"
NOTABLE = 20  # closures listed in a bulletin, longest handled first
_RATED_BY = ("closed", "reopened")  # the steps recording satisfaction and outcome


def rated_on(s: Suggestion) -> dt.date | None:
    """The day its satisfaction was recorded: its last closure or reopening."""
    return next((e.date for e in reversed(s.timeline) if e.status in _RATED_BY), None)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the bulletin: a department, a street or the whole district.

    The first figures count what happened in the period (by the events' dates); `state`
    counts the suggestions as they stood on the period's last day, with the published
    formulas (minyi/stats.py counts)."""

    group: str  # 合计, 部门 or 街道
    key: str  # department id, street name, or "" for the district
    name: str
    received: int | None  # None for a department: suggestions reach it only when assigned
    assigned: int
    answered_on_time: int
    answered_late: int
    closed: int
    satisfied: int
    dissatisfied: int
    state: stats.Counts

    @property
    def closure_rate(self) -> stats.Rate:
        n = self.state
        return stats.Rate("办结率", n.closed, n.accepted, "已办结", "受理（不含不予受理、已合并、已撤回）")

    @property
    def on_time_closure_rate(self) -> stats.Rate:
        n = self.state
        whole = n.closed_on_time + n.closed_late
        return stats.Rate("按期办结率", n.closed_on_time, whole, "按期办结", "已办结（有办理时限）")


def line(
    group: str, key: str, name: str, state: stats.Counts, active: Sequence[Row], period: Period, received: bool = True
) -> Line:
    """A line's figures: `state` counts all its suggestions as they stood on the period's last day,
    `active` are those of them with a step in the period (the only ones the period's figures read)."""
    accepted = [r for r in active if r.model.status not in lifecycle.NOT_HANDLED]
    answered = [r for r in accepted if r.facts.answered_on in period and r.facts.on_time is not None]
    rated = [r for r in accepted if r.model.satisfaction and rated_on(r.model) in period]
    return Line(
        group=group,
        key=key,
        name=name,
        received=sum(1 for r in active if r.facts.received in period) if received else None,
        assigned=sum(1 for r in accepted if r.facts.assigned_on in period),
        answered_on_time=sum(1 for r in answered if r.facts.on_time),
        answered_late=sum(1 for r in answered if not r.facts.on_time),
        closed=len(closures(accepted, period)),
        satisfied=sum(1 for r in rated if r.model.satisfaction in stats.SATISFIED),
        dissatisfied=sum(1 for r in rated if r.model.satisfaction == DISSATISFIED),
        state=state,
    )


def closures(rows: Iterable[Row], period: Period) -> list[Row]:
    """Suggestions closed in the period and still closed on its last day, longest handled first."""
    done = [r for r in rows if r.model.status == "closed" and r.facts.closed_on in period]
    return sorted(done, key=lambda r: (-r.facts.days_open, r.model.id))


@dataclass(frozen=True, slots=True)
class Bulletin:
    district: str
    period: Period
    day: dt.date  # the state is as of this day: the period's last, or today while it runs
    total: Line
    departments: tuple[Line, ...]
    streets: tuple[Line, ...]
    closures: tuple[Row, ...]  # the notable ones: at most NOTABLE, longest handled first
    closed_count: int  # every closure of the period
    figures: stats.Figures  # the dashboard's figures on `day`

    @property
    def running(self) -> bool:
        return self.day < self.period.end

    @property
    def lines(self) -> tuple[Line, ...]:
        return (self.total, *self.departments, *self.streets)


def _grouped(rows: Iterable[Row], key) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in rows:
        k = key(r)
        if k:
            out.setdefault(k, []).append(r)
    return out


def bulletin(
    rows: Iterable,
    departments: Mapping[str, str],
    settings: Settings,
    period: Period,
    today: dt.date,
) -> Bulletin:
    """The bulletin of `period` from every suggestion (`rows`: each with its `model` and, if known,
    its `facts` as of a day after the period's, see minyi.rewind.rows_on). `departments` maps ids
    to the names printed; departments come in id order, streets in the order of the ledger's
    street list (then any other by name). Only what had happened by `today` counts."""
    day = min(period.end, today)
    then = rows_on(rows, day, settings.office)
    counted = Day(
        day,
        stats.counts(then),
        tuple({k: stats.counts(v) for k, v in _grouped(then, key).items()} for key in (_lead, _street)),
        stats.dashboard(then, day),
    )
    return _bulletin(
        counted, [r for r in then if r.model.timeline[-1].date >= period.start], departments, settings, period
    )


def bulletins(
    rows: Iterable,
    departments: Mapping[str, str],
    settings: Settings,
    periods: Iterable[Period],
    today: dt.date,
) -> tuple[Bulletin, ...]:
    """`bulletin` for each of `periods`, in their order (the site's one a month): the counts are
    carried from one period's last day to the next (minyi.tally), not counted again per period,
    and only the suggestions with a step in a period are rewound to read its figures."""
    periods = list(periods)
    tally = Tally(rows, settings.office, (_lead, _street))
    counted = tally.days(min(p.end, today) for p in periods)
    out = []
    for period in periods:
        day = counted[min(period.end, today)]
        out.append(_bulletin(day, tally.active(period.start, day.day), departments, settings, period))
    return tuple(out)


def _lead(r: Row) -> str | None:
    return r.model.lead


def _street(r: Row) -> str | None:
    return r.model.place.street


def _bulletin(
    counted: Day, active: list[Row], departments: Mapping[str, str], settings: Settings, period: Period
) -> Bulletin:
    """The bulletin of `period` from the counts on its last day (or today) and the suggestions
    with a step in it (`active`, as they stood on that day)."""
    listed = {street: i for i, street in enumerate(settings.streets or ())}

    def lines(group: str, everyone: dict[str, stats.Counts], key, name, received: bool = True) -> list[Line]:
        moved = _grouped(active, key)
        order = sorted(everyone, key=lambda k: (listed.get(k, len(listed)), k))
        return [line(group, k, name(k), everyone[k], moved.get(k, ()), period, received) for k in order]

    leads, streets = counted.groups
    deps = lines("部门", leads, _lead, lambda k: departments.get(k, k), received=False)
    return Bulletin(
        district=settings.district,
        period=period,
        day=counted.day,
        total=line("合计", "", "合计", counted.total, active, period),
        departments=tuple(d for d in deps if d.state.accepted),
        streets=tuple(lines("街道", streets, _street, lambda k: k)),
        closures=tuple(closures(active, period)[:NOTABLE]),
        closed_count=len(closures(active, period)),
        figures=counted.figures,
    )


def department_names(departments: Iterable) -> dict[str, str]:
    """Department id -> the name bulletins print (short name, as the ranking)."""
    return {d.id: d.short_name or d.name for d in departments}


def of_ledger(ledger, period: Period, today: dt.date) -> Bulletin:
    """The bulletin of a loaded ledger (minyi report)."""
    names = department_names(r.model for r in ledger.of("department"))
    rows = (Row(r.model, None) for r in ledger.of("suggestion") if r.model is not None)
    return bulletin(rows, names, ledger.settings, period, today)
