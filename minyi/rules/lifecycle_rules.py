"""Timelines tell the truth: dated in order, legal steps only, status matching the last step,
and the facts each status promises (deadline, answer, outcome, reason, progress) present.

These rules run only on schema-valid records and read the typed model; line marks
come from the record's `loaded` text.
"""

from __future__ import annotations

import datetime as dt

from .. import deadlines, lifecycle
from ..ledger import Record
from ..model import first_date


def timeline_problems(rec: Record, today: dt.date):
    """The checks shared by every tracked kind; also used by `minyi advance` before it writes."""
    kind, model, loaded = rec.kind, rec.model, rec.loaded
    events = model.timeline
    if not events:
        return
    start = lifecycle.initial(kind)
    if events[0].status != start:
        yield loaded.report(
            ("timeline", 0, "status"),
            "timeline-start",
            start=start,
            label=lifecycle.label(kind, start),
            first=events[0].status,
        )
    previous = None
    for i, event in enumerate(events):
        if previous and event.date < previous:
            yield loaded.report(
                ("timeline", i, "date"), "timeline-date-order", n=i + 1, day=event.date, previous=previous
            )
        if event.date > today:
            yield loaded.report(("timeline", i, "date"), "timeline-future", n=i + 1, day=event.date, today=today)
        previous = event.date
        if i and not lifecycle.is_legal(kind, events[i - 1].status, event.status):
            yield loaded.report(
                ("timeline", i, "status"),
                "transition-illegal",
                **lifecycle.step_facts(kind, events[i - 1].status, event.status),
            )
    if model.status != events[-1].status:
        yield loaded.report(("status",), "status-mismatch", status=model.status, last=events[-1].status)


def _suggestion(rec: Record):
    s, loaded = rec.model, rec.loaded
    statuses = [e.status for e in s.timeline]
    if s.received != s.timeline[0].date:
        yield loaded.report(("received",), "received-mismatch", received=s.received, first=s.timeline[0].date)
    if first_date(s.timeline, "assigned") and s.departments is None:
        yield loaded.report(("status",), "assignee-missing")
    yield from _deadlines(rec)
    if s.status in lifecycle.ANSWERED and s.answer is None:
        yield loaded.report(("status",), "answer-missing", status=s.status)
    if s.satisfaction is not None and "answered" not in statuses:
        yield loaded.report(("satisfaction",), "satisfaction-too-early")
    required = {
        "closed": ("outcome", "outcome-missing"),
        "not_accepted": ("not_accepted_reason", "reason-missing"),
        "merged": ("merged_into", "merge-target-missing"),
        "withdrawn": ("withdrawn_reason", "withdrawn-reason-missing"),
    }
    if s.status in required and getattr(s, required[s.status][0]) is None:
        yield loaded.report(("status",), required[s.status][1])


def _misplaced(rec: Record):
    """Only a suggestion's assignment sets a deadline."""
    for i, e in enumerate(rec.model.timeline):
        if e.deadline is not None and (rec.kind != "suggestion" or e.status != deadlines.ASSIGNED):
            yield rec.loaded.report(("timeline", i, "deadline"), "deadline-misplaced", n=i + 1, status=e.status)


def _deadlines(rec: Record):
    """Each assignment has its deadline, after its date, on the assigned event; the record's repeats the last one."""
    s, loaded = rec.model, rec.loaded
    found = deadlines.assignments(s)
    some_own = any(s.timeline[a.index].deadline for a in found)
    for a in found:
        own = s.timeline[a.index].deadline
        if a.deadline is None or (some_own and own is None):
            variant = "own" if a.deadline is not None else None
            yield loaded.report(("timeline", a.index, "status"), "deadline-missing", variant, n=a.index + 1, day=a.date)
        elif a.deadline <= a.date:
            at = ("timeline", a.index, "deadline") if own else ("deadline",)
            yield loaded.report(at, "deadline-before-assign", n=a.index + 1, deadline=a.deadline, assigned=a.date)
    last = found[-1] if found else None
    if last and s.deadline and s.timeline[last.index].deadline and s.deadline != last.deadline:
        yield loaded.report(
            ("deadline",), "deadline-mismatch", deadline=s.deadline, n=last.index + 1, last=last.deadline
        )


def _project(rec: Record):
    p, loaded = rec.model, rec.loaded
    last_progress, last_at = None, None
    for i, event in enumerate(p.timeline):
        if event.progress is None:
            continue
        if last_progress is not None and event.progress < last_progress:
            yield loaded.report(
                ("timeline", i, "progress"), "progress-decrease", before=last_progress, after=event.progress
            )
        last_progress, last_at = event.progress, i
    if last_progress is not None and p.progress != last_progress:
        yield loaded.report(("progress",), "progress-mismatch", progress=p.progress, n=last_at + 1, last=last_progress)
    if p.status in lifecycle.DONE_PROJECT and p.progress != 100:
        yield loaded.report(
            ("progress",) if p.progress is not None else ("status",),
            "progress-incomplete",
            status=p.status,
            progress=p.progress,
        )


_BY_KIND = {"suggestion": _suggestion, "project": _project}


def per_record(rec: Record, ctx):
    if rec.kind not in lifecycle.LIFECYCLES:
        return
    yield from timeline_problems(rec, ctx.today)
    yield from _BY_KIND.get(rec.kind, lambda r: ())(rec)
    yield from _misplaced(rec)
