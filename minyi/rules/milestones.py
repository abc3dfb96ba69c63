"""A project's milestone plan holds dates that can be true: planned in order, none planned
or done before the project was proposed, none done after today.

Why: a late project is flagged on the site by its milestones (minyi.slippage); a plan
whose dates are impossible would make that flag lie either way.
"""

from __future__ import annotations

from ..ledger import Record


def per_record(rec: Record, ctx):
    if rec.kind != "project":
        return
    p = rec.model
    first = p.timeline[0].date if p.timeline else None
    previous = None
    for i, ms in enumerate(p.milestones):
        at, n = ("milestones", i), i + 1
        if previous is not None and ms.planned < previous:
            yield rec.loaded.report(
                (*at, "planned"), "milestone-order", n=n, title=ms.title, day=ms.planned, previous=previous
            )
        previous = ms.planned
        for key, which, day in (("planned", "计划日期", ms.planned), ("done", "完成日期", ms.done)):
            if day is not None and first is not None and day < first:
                yield rec.loaded.report(
                    (*at, key),
                    "milestone-order",
                    "before-project",
                    n=n,
                    title=ms.title,
                    which=which,
                    day=day,
                    first=first,
                )
        if ms.done is not None and ms.done > ctx.today:
            yield rec.loaded.report(
                (*at, "done"), "milestone-order", "future", n=n, title=ms.title, day=ms.done, today=ctx.today
            )
