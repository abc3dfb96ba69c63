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

import dataclasses
import datetime as dt

from . import kinds


def _cleared(kind: str, kept: tuple, later: tuple) -> set[str]:
    """Fields set by a step that had not happened by the day, or that happened again after it
    (the value held now is the later one)."""
    steps = kinds.get(kind).set_by_step
    done = {e.status for e in kept}
    again = {e.status for e in later}
    out: set[str] = set()
    for step, fields in steps.items():
        if step not in done or step in again:
            out.update(f.split(".")[0] for f in fields)
    # a fact still set by a step that did happen by the day keeps its value unless that step recurred
    for step in done - again:
        out.difference_update(f.split(".")[0] for f in steps.get(step, ()))
    return out


def rewound(kind: str, record, day: dt.date):
    """The record at the end of `day`, or None if it had not been received (or had no event) yet."""
    kept = tuple(e for e in record.timeline if e.date <= day)
    if not kept:
        return None
    later = record.timeline[len(kept) :]
    if not later:
        return record
    fields = {f.name for f in dataclasses.fields(record)}
    blank = {name: None for name in _cleared(kind, kept, later) if name in fields}
    return dataclasses.replace(record, timeline=kept, status=kept[-1].status, **blank)
