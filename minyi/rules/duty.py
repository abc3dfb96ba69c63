"""A deputy's 述职 and 评议 entries hold dates that can be true: the year reported on has begun
by the day of the report or evaluation, that day is not after today, and each year has one
entry of each (the duty record on the deputy's page shows one per year).

Why: the site's 履职档案 puts each entry in the row of its year; an entry for a year that has
not begun, or two for the same year, would make that row say something that did not happen.
"""

from __future__ import annotations

from ..ledger import Record

WHICH = {"annual_reports": "述职", "evaluations": "评议"}


def per_record(rec: Record, ctx):
    if rec.kind != "deputy":
        return
    for key, which in WHICH.items():
        seen: dict[int, int] = {}
        for i, entry in enumerate(getattr(rec.model, key)):
            n = i + 1
            if entry.year > entry.date.year:
                yield rec.loaded.report(
                    (key, i, "year"), "duty-entry", which=which, n=n, year=entry.year, day=entry.date
                )
            if entry.date > ctx.today:
                yield rec.loaded.report(
                    (key, i, "date"), "duty-entry", "future", which=which, n=n, day=entry.date, today=ctx.today
                )
            if entry.year in seen:
                yield rec.loaded.report(
                    (key, i, "year"), "duty-entry", "twice", which=which, n=n, year=entry.year, first=seen[entry.year]
                )
            seen.setdefault(entry.year, n)
