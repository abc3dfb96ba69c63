"""重点督办 entries tell the truth: dated between the suggestion's receipt and today, in the
order they were made, and a leader's supervision names the leader's post.

Why: the dashboard counts key supervised suggestions and the page says since when and by
whom; a listing dated before the suggestion existed, or a 领导督办 that names no leader,
would make that public claim empty.
"""

from __future__ import annotations

from ..ledger import Record


def per_record(rec: Record, ctx):
    if rec.kind != "suggestion":
        return
    s, loaded = rec.model, rec.loaded
    previous = None
    for i, entry in enumerate(s.supervision):
        at, n = ("supervision", i), i + 1
        if entry.date < s.received:
            yield loaded.report((*at, "date"), "supervision-date", n=n, day=entry.date, received=s.received)
        elif entry.date > ctx.today:
            yield loaded.report((*at, "date"), "supervision-date", "future", n=n, day=entry.date, today=ctx.today)
        elif previous is not None and entry.date < previous:
            yield loaded.report((*at, "date"), "supervision-date", "order", n=n, day=entry.date, previous=previous)
        previous = entry.date
        if entry.level == "领导督办" and not entry.leader:
            yield loaded.report((*at, "level"), "supervision-leader-missing", n=n)
