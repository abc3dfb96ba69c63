"""Handling deadlines: one per assignment, recorded on the `assigned` event that set it.

A suggestion can be assigned more than once (reassigned to another department, or
again after residents reopened it). Each `assigned` event carries the deadline that
assignment set (`timeline.N.deadline`); the record's top-level `deadline` repeats the
one in force now (the last assignment's), for readers of the record and the open
data. So a reassignment no longer replaces the deadline the first answer is judged by:

- on time: the first answer against the deadline in force when it was given (the
  last assignment before it);
- overdue: owing an answer now, against the deadline in force now.

Older records wrote the deadline only at the top level, replaced at each
reassignment. An `assigned` event without a deadline of its own takes the top-level
one: for the usual single assignment that is exactly its deadline; where such a
record was reassigned, only the newest deadline was ever kept, which is how it was
judged before. `minyi advance … assigned` writes the deadline onto each earlier
assignment that lacks one before appending the new one (the review gate accepts that
because the deadline in force for those events does not change), and `minyi correct
--event N --set deadline=…` puts a known earlier deadline right.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

ASSIGNED = "assigned"


class Assignment(NamedTuple):
    index: int  # position in the timeline, from 0
    date: dt.date
    deadline: dt.date | None  # the deadline this assignment set (its own, or the record's for older records)


def assignments(s) -> tuple[Assignment, ...]:
    """Every assignment of a typed suggestion, in timeline order, with the deadline it set."""
    return tuple(
        Assignment(i, e.date, e.deadline or s.deadline) for i, e in enumerate(s.timeline) if e.status == ASSIGNED
    )


def in_force(s, before: int | None = None) -> dt.date | None:
    """The deadline in force at timeline position `before` (exclusive), or now: the last assignment's."""
    last = None
    for a in assignments(s):
        if before is not None and a.index >= before:
            break
        last = a
    return last.deadline if last else None


def event_deadline(s, index: int) -> dt.date | None:
    """The deadline an event set: an assignment's, None for every other event."""
    return next((a.deadline for a in assignments(s) if a.index == index), None)


def raw_event_deadline(data: dict, index: int):
    """The same question on raw record data (the review gate, `minyi correct`): an assigned event's own
    deadline, else the record's; None for an event that is not an assignment or does not exist."""
    events = data.get("timeline") if isinstance(data, dict) else None
    if not isinstance(events, list) or not 0 <= index < len(events) or not isinstance(events[index], dict):
        return None
    event = events[index]
    if event.get("status") != ASSIGNED:
        return event.get("deadline")
    return event.get("deadline", data.get("deadline"))
