"""Standing-committee oversight tells the truth: inquiries and review opinions.

An inquiry's commitments have deadlines after the hearing and a follow-up before it is
called followed up; its opinion points back at it. A review opinion's handling reports and
evaluations come after it was issued and in order, its satisfaction counts add up to the
members present and decide the result, and its status agrees with the last evaluation.
The generic timeline checks (order, legal steps, status) are in lifecycle_rules.
"""

from __future__ import annotations

from .. import lifecycle
from ..ledger import Record

# Statuses that promise the inquiry's review opinion exists / every commitment was followed up.
_OPINION_DUE = frozenset({"opinion_issued", "followed_up", "closed"})
_FOLLOWED = frozenset({"followed_up", "closed"})


def _start(rec: Record, field: str, day):
    first = rec.model.timeline[0].date
    if day != first:
        yield rec.loaded.report((field,), "start-date-mismatch", field=field, day=day, first=first)


def _dated(rec: Record, at: tuple, day, floor, floor_what: str, today, previous=None):
    """One dated fact: not before `floor` (what it follows), not before the previous of its list, not in the future."""
    if day < floor:
        yield rec.loaded.report(at, "oversight-date", day=day, what=floor_what, floor=floor)
    elif previous is not None and day < previous:
        yield rec.loaded.report(at, "oversight-date", "order", day=day, previous=previous)
    if day > today:
        yield rec.loaded.report(at, "oversight-date", "future", day=day, today=today)


def _inquiry(rec: Record, ctx):
    q, loaded = rec.model, rec.loaded
    yield from _start(rec, "date", q.date)
    for i, question in enumerate(q.questions):
        if question.to not in q.departments:
            yield loaded.report(("questions", i, "to"), "question-target", n=i + 1, to=question.to)
    for i, c in enumerate(q.commitments):
        if c.deadline <= q.date:
            yield loaded.report(
                ("commitments", i, "deadline"), "commitment-deadline", n=i + 1, deadline=c.deadline, day=q.date
            )
        previous = None
        for j, f in enumerate(c.follow_ups):
            yield from _dated(
                rec, ("commitments", i, "follow_ups", j, "date"), f.date, q.date, "询问日期", ctx.today, previous
            )
            previous = f.date
        if q.status in _FOLLOWED and not c.follow_ups:
            yield loaded.report(("commitments", i), "commitment-unfollowed", n=i + 1, status=q.status)
    yield from _inquiry_opinion(rec, ctx)


def _inquiry_opinion(rec: Record, ctx):
    q, loaded = rec.model, rec.loaded
    if q.opinion is None:
        if q.status in _OPINION_DUE:
            yield loaded.report(("status",), "inquiry-opinion", status=q.status)
        return
    target = ctx.ledger.get(q.opinion)
    if target is None or target.kind != "opinion":
        return  # a dangling id is references' business
    back = target.data.get("inquiry")
    if back != q.id:
        yield loaded.report(("opinion",), "inquiry-opinion", "mismatch", opinion=q.opinion, back=back or "（未填写）")


def _evaluations(rec: Record, ctx):
    o, loaded = rec.model, rec.loaded
    previous = None
    for i, e in enumerate(o.evaluations):
        at = ("evaluations", i)
        floor = o.reports[min(i, len(o.reports) - 1)].date if o.reports else o.issued
        yield from _dated(rec, (*at, "date"), e.date, floor, "处理情况报告的报送日期", ctx.today, previous)
        previous = e.date
        if e.counted != e.present:
            yield loaded.report(
                (*at, "present"),
                "evaluation-tally",
                n=i + 1,
                present=e.present,
                satisfied=e.satisfied,
                basic=e.basically_satisfied,
                unsatisfied=e.unsatisfied,
                counted=e.counted,
            )
        elif e.result != e.majority_result:
            yield loaded.report((*at, "result"), "evaluation-result", n=i + 1, result=e.result, want=e.majority_result)
    last = o.evaluation
    wants = {"closed": "满意", "rehandling": "不满意"}
    if last is not None and o.status in wants and last.result != wants[o.status]:
        yield loaded.report(("status",), "evaluation-status", status=o.status, result=last.result, want=wants[o.status])
    if last is not None and o.status == "rehandling" and o.report_due <= last.date:
        yield loaded.report(("report_due",), "report-due-order", "rehandling", due=o.report_due, day=last.date)


def _opinion(rec: Record, ctx):
    o, loaded = rec.model, rec.loaded
    yield from _start(rec, "issued", o.issued)
    if o.report_due <= o.issued:
        yield loaded.report(("report_due",), "report-due-order", due=o.report_due, issued=o.issued)
    needs = {"专题询问": (o.inquiry, "inquiry"), "民生实事进展报告": (o.projects, "projects")}
    if o.source in needs and not needs[o.source][0]:
        yield loaded.report(("source",), "opinion-source-ref", source=o.source, field=needs[o.source][1])
    previous = None
    for i, r in enumerate(o.reports):
        yield from _dated(rec, ("reports", i, "date"), r.date, o.issued, "交办日期", ctx.today, previous)
        previous = r.date
    steps = [e.status for e in o.timeline]
    for status, have, field in (("report_received", o.reports, "reports"), ("evaluated", o.evaluations, "evaluations")):
        if steps.count(status) > len(have):
            yield loaded.report(
                ("status",),
                "opinion-facts-missing",
                field=field,
                label=lifecycle.label("opinion", status),
                steps=steps.count(status),
                have=len(have),
            )
    yield from _evaluations(rec, ctx)
    target = ctx.ledger.get(o.inquiry) if o.inquiry else None
    if target is not None and target.kind == "inquiry" and target.model is not None and target.model.date > o.issued:
        yield loaded.report(("issued",), "oversight-date", day=o.issued, what="询问日期", floor=target.model.date)


def per_record(rec: Record, ctx):
    if rec.kind == "inquiry":
        yield from _inquiry(rec, ctx)
    elif rec.kind == "opinion":
        yield from _opinion(rec, ctx)
