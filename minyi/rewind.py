"""A tracked record as it stood at the end of a past day, rewound from its own dated timeline.

Why: year-end comparisons (历年对比) must also cover the years before a district kept its
ledger in git — the imported 台账 has no commits from then, only dated events. Rewinding
keeps the events dated on or before the day, takes the status of the last of them, and
clears every fact set by a step (minyi.kinds `set_by_step`) that had not happened yet.

What this cannot know: a value that a later step replaced (a satisfaction given again
after a reopening, a later answer) — the record holds only the newest one. Such a fact
is cleared rather than guessed, so a rewound figure never counts a rating or answer that
did not exist on the day; `minyi build --as-of` reads the git tree instead where one exists.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from . import kinds, lifecycle
from .facts import SuggestionFacts, on_day, suggestion_facts
from .kinds.suggestion import Suggestion


def _cleared(kind: str, kept: tuple, later: tuple) -> set[str]:
    """Fields no step had set by the day, or that a step set again after it (the value held
    now is the later one): a satisfaction recorded at a closure before the day and again at
    a reopening after it is unknown on the day, not the reopening's."""
    done = {e.status for e in kept}
    again = {e.status for e in later}
    setters: dict[str, set[str]] = {}
    for step, fields in kinds.get(kind).set_by_step.items():
        for f in fields:
            setters.setdefault(f.split(".")[0], set()).add(step)
    return {name for name, steps in setters.items() if not steps & done or steps & again}


def rewound(kind: str, record, day: dt.date):
    """The record at the end of `day`, or None if it had not been received (or had no event) yet."""
    events = record.timeline
    if not events or events[0].date > day:
        return None
    if events[-1].date <= day:  # most records on most days: nothing to undo, and nothing to copy
        return record
    kept = tuple(e for e in events if e.date <= day)
    later = events[len(kept) :]
    fields = {f.name for f in dataclasses.fields(record)}
    blank = {name: None for name in _cleared(kind, kept, later) if name in fields}
    return dataclasses.replace(record, timeline=kept, status=kept[-1].status, **blank)


@dataclass(frozen=True, slots=True)
class Row:
    """A suggestion as it stood on a day and its facts as of that day: what minyi.stats reads."""

    model: Suggestion
    facts: SuggestionFacts


def suggestions_on(models: Iterable[Suggestion], day: dt.date, office: str | None) -> list[Row]:
    """Every suggestion received by the end of `day`, as it stood then, with its facts on that day
    (historical year ends, bulletins)."""
    return rows_on((Row(m, None) for m in models), day, office)


def rows_on(rows: Iterable, day: dt.date, office: str | None) -> list[Row]:
    """Like `suggestions_on` for rows that already hold facts as of a later day (the site's): a
    suggestion finished with no step after `day` keeps them, as a finished suggestion's facts
    no longer change with the day (a site of 10,000 suggestions has a bulletin for every month)."""
    out = []
    for row in rows:
        then = rewound("suggestion", row.model, day)
        if then is None:
            continue
        if row.facts is not None and then is row.model and then.status in lifecycle.FINISHED:
            out.append(Row(then, row.facts))
        else:
            out.append(Row(then, suggestion_facts(then, day, office)))
    return out


class _Story:
    """One suggestion's rewound states, each made once: the state after its k-th event (a dated
    timeline is sorted, so the events kept on a day are a prefix, found by bisection), and the
    facts of a finished state, which no longer change with the day (minyi.facts reads `today`
    only while an answer is owed)."""

    __slots__ = ("row", "dates", "open", "finished")

    def __init__(self, row):
        self.row = row
        self.dates = [e.date for e in row.model.timeline]
        self.open: dict[int, Row] = {}  # an unfinished state as first seen: on a later day only the day counts move
        self.finished: dict[int, Row] = {}

    def on(self, day: dt.date, office: str | None) -> Row | None:
        k = bisect.bisect_right(self.dates, day)
        if k == 0:
            return None
        done = self.finished.get(k)
        if done is not None:
            return done
        seen = self.open.get(k)
        if seen is not None:
            return Row(seen.model, on_day(seen.facts, day))
        model = self.row.model if k == len(self.dates) else rewound("suggestion", self.row.model, day)
        if model.status not in lifecycle.FINISHED:
            row = self.open[k] = Row(model, suggestion_facts(model, day, office))
            return row
        if model is self.row.model and self.row.facts is not None:
            done = Row(model, self.row.facts)
        else:
            done = Row(model, suggestion_facts(model, day, office))
        self.finished[k] = done
        return done


class Sweep:
    """`rows_on` for many days over the same rows (a bulletin per month, a row per year end):
    each suggestion is rewound once per state it passes through instead of once per day, so
    ~95 monthly bulletins of 100,000 suggestions do not rebuild 9.5 million records. A record
    whose timeline is not in date order (validation reports it) is rewound the slow way."""

    def __init__(self, rows: Iterable, office: str | None):
        self.office = office
        self.rows = [s if _in_order(s.row.model.timeline) else _Slow(s) for s in map(_Story, rows)]

    def on(self, day: dt.date) -> list[Row]:
        """The same rows, in the same order, as `rows_on(rows, day, office)`."""
        out = []
        for story in self.rows:
            row = story.on(day, self.office)
            if row is not None:
                out.append(row)
        return out


def _in_order(events) -> bool:
    return all(a.date <= b.date for a, b in zip(events, events[1:]))


class _Slow:
    """A record with events out of date order: `rows_on` itself, one day at a time."""

    __slots__ = ("row",)

    def __init__(self, story: _Story):
        self.row = story.row

    def on(self, day: dt.date, office: str | None) -> Row | None:
        rows = rows_on((self.row,), day, office)
        return rows[0] if rows else None
