"""The sweep (minyi.rewind.Sweep) that rewinds each suggestion once per state it went through
must give exactly what rewinding every suggestion to each day gives (minyi.rewind.rows_on):
the site's monthly bulletins and year ends are computed with it, the clerk's `minyi report`
without. Checked on the demo ledger and on odd records made from it: reopened twice, withdrawn
while handled, a corrected event date, events out of date order and several steps on one day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import REPO, TODAY

from minyi import bulletin, stats
from minyi.facts import suggestion_facts
from minyi.model import Correction, Event
from minyi.period import months_between, year
from minyi.rewind import Row, Sweep, rows_on
from minyi.tally import Tally
from minyi.validate import validate
from site_gen.yearend import figures_on, year_ends

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def ledger():
    ledger, problems = validate(REPO, D(TODAY))
    assert problems == []
    return ledger


def _odd(models) -> list:
    """Variants of demo records whose timelines take unusual turns."""
    by_id = {m.id: m for m in models}
    base = by_id["S-2024-0008"]  # received, assigned, answered, closed, reopened, answered again, closed
    events = base.timeline
    later = dt.timedelta(days=40)

    def step(status, day):
        return Event(date=day, status=status, by="测试", note="测试")

    def variant(n, **changes):
        return dataclasses.replace(base, id=f"S-2099-{n:04d}", **changes)

    last = events[-1].date
    reopened_twice = variant(
        1,
        status="closed",
        timeline=(
            *events,
            step("reopened", last + later),
            step("answered", last + 2 * later),
            step("closed", last + 3 * later),
        ),
    )
    withdrawn = variant(2, status="withdrawn", timeline=(*events[:3], step("withdrawn", events[2].date + later)))
    corrected = variant(
        3,
        timeline=(*events[:-1], dataclasses.replace(events[-1], date=events[-1].date + later)),
        corrections=(
            Correction(date=last + 2 * later, by="测试", reason="日期录错", target=f"timeline.{len(events)}.date"),
        ),
    )
    out_of_order = variant(4, timeline=(events[0], events[2], events[1], *events[3:]))
    same_day = variant(5, timeline=tuple(dataclasses.replace(e, date=events[0].date) for e in events))
    return [reopened_twice, withdrawn, corrected, out_of_order, same_day]


def _rows(ledger, with_facts: bool) -> list[Row]:
    models = [r.model for r in ledger.of("suggestion")]
    models += _odd(models)
    office = ledger.settings.office
    return [Row(m, suggestion_facts(m, D(TODAY), office) if with_facts else None) for m in models]


def _days(rows) -> list[dt.date]:
    """Every month end, every event date and the days either side of it, up to the build date."""
    today = D(TODAY)
    first = min(r.model.received for r in rows)
    days = {p.end for p in months_between(first, today)} | {today}
    for r in rows:
        for e in r.model.timeline:
            days |= {e.date - dt.timedelta(days=1), e.date, e.date + dt.timedelta(days=1)}
    return sorted(days)


@pytest.mark.parametrize("with_facts", [True, False], ids=["site rows", "bare models"])
def test_the_sweep_gives_what_rewinding_each_day_gives(ledger, with_facts):
    rows = _rows(ledger, with_facts)
    office = ledger.settings.office
    sweep = Sweep(rows, office)
    for day in _days(rows):  # ascending, then once more descending: the sweep keeps no position
        assert sweep.on(day) == rows_on(rows, day, office), day
    for day in reversed(_days(rows)):
        assert sweep.on(day) == rows_on(rows, day, office), day


def test_the_monthly_bulletins_equal_one_bulletin_per_month(ledger):
    rows = _rows(ledger, with_facts=True)
    names = bulletin.department_names(r.model for r in ledger.of("department"))
    today = D(TODAY)
    months = list(reversed(months_between(min(r.model.received for r in rows), today)))
    months += [year(2025), year(2026)]  # longer periods, one still running on the build date
    fast = bulletin.bulletins(rows, names, ledger.settings, months, today)
    assert fast == tuple(bulletin.bulletin(rows, names, ledger.settings, p, today) for p in months)


def test_the_year_ends_equal_rewinding_each_year_end(ledger):
    rows = _rows(ledger, with_facts=False)
    models = [r.model for r in rows]
    office = ledger.settings.office
    ends = year_ends(models, D(TODAY), office, None)
    assert len(ends) >= 3
    assert [e.figures for e in ends] == [figures_on(models, e.day, office) for e in ends]


@pytest.mark.parametrize("with_facts", [True, False], ids=["site rows", "bare models"])
def test_running_counts_equal_counting_each_day(ledger, with_facts):
    """minyi.tally carries the counts from day to day (a suggestion moves on its events and the day
    after its deadline passes unanswered): every day, with a deadline's eve and morrow among them,
    the counts, the groups' counts and the dashboard figures are those of counting afresh."""
    rows = _rows(ledger, with_facts)
    office = ledger.settings.office
    days = _days(rows)
    for r in rows:  # each deadline's day and the day after it
        if r.model.deadline:
            days += [r.model.deadline, r.model.deadline + dt.timedelta(days=1)]
    days = sorted(set(days))
    tally = Tally(rows, office, (lambda r: r.model.lead, lambda r: r.model.place.street))
    for day in days:
        then = rows_on(rows, day, office)
        got = tally.on(day)
        assert got.total == stats.counts(then), day
        assert got.figures == stats.dashboard(then, day), day
        for n, key in enumerate((lambda r: r.model.lead, lambda r: r.model.place.street)):
            groups = {}
            for r in then:
                if key(r):
                    groups.setdefault(key(r), []).append(r)
            assert got.groups[n] == {k: stats.counts(v) for k, v in groups.items()}, day
    with pytest.raises(ValueError):
        tally.on(days[0])  # days come in order: the counts are carried forward only
