"""A motion's record keeps the promises of its status: who handles it and by when once
assigned, the handling report once reported, the deputies' evaluation once evaluated,
a reason when it was not filed; the evaluation's votes add up; the lead deputy does not
sign twice; one session gives each number to one motion.

Why: a motion's page and open data state what the handling body reported and what the
deputies thought of it; a closed motion without an evaluation, or one closed although
the deputies were unsatisfied, would tell the public the loop was closed when it was not.
"""

from __future__ import annotations

from .. import lifecycle
from ..ledger import Record


def per_record(rec: Record, ctx):
    if rec.kind != "motion":
        return
    mo, loaded = rec.model, rec.loaded
    if mo.lead_deputy in mo.cosigners:
        yield loaded.report(
            ("cosigners", mo.cosigners.index(mo.lead_deputy)), "motion-lead-cosigner", lead=mo.lead_deputy
        )
    yield from _assignment(rec)
    if mo.status in lifecycle.MOTION_REPORTED and mo.report is None:
        yield loaded.report(("status",), "motion-report-missing", status=mo.status)
    if mo.status == "not_filed" and mo.not_filed_reason is None:
        yield loaded.report(("status",), "motion-reason-missing")
    yield from _evaluation(rec)


def _assignment(rec: Record):
    """Once assigned: a handling department, and a deadline after the last assignment (the one in force)."""
    mo, loaded = rec.model, rec.loaded
    last = max((i for i, e in enumerate(mo.timeline) if e.status == "assigned"), default=None)
    if last is None:
        return
    day = mo.timeline[last].date
    if mo.departments is None:
        yield loaded.report(("status",), "assignee-missing")
    if mo.deadline is None:
        yield loaded.report(("timeline", last, "status"), "deadline-missing", n=last + 1, day=day)
    elif mo.deadline <= day:
        yield loaded.report(("deadline",), "deadline-before-assign", n=last + 1, deadline=mo.deadline, assigned=day)


def _evaluation(rec: Record):
    mo, loaded = rec.model, rec.loaded
    ev = mo.evaluation
    if ev is None:
        if mo.status in lifecycle.MOTION_EVALUATED:
            yield loaded.report(("status",), "motion-evaluation-missing", status=mo.status)
        return
    votes = ev.satisfied + ev.basically_satisfied + ev.unsatisfied
    if votes > ev.present:
        yield loaded.report(("evaluation", "present"), "motion-evaluation-tally", votes=votes, present=ev.present)
    if mo.status == "closed" and ev.result == "不满意":
        yield loaded.report(("evaluation", "result"), "motion-evaluation-result")
    elif mo.status == "reopened" and ev.result != "不满意":
        yield loaded.report(("evaluation", "result"), "motion-evaluation-result", "reopened", result=ev.result)


def per_ledger(ledger, ctx):
    seen: dict[tuple, str] = {}
    for rec in sorted(ledger.of("motion"), key=lambda r: r.id):
        data = rec.data
        key = (data.get("session"), data.get("number"))
        if not isinstance(key[1], int) or isinstance(key[1], bool):
            continue
        if key in seen:
            yield rec.loaded.report(
                ("number",), "motion-number-duplicate", number=key[1], session=key[0], other=seen[key]
            )
        else:
            seen[key] = rec.id
