"""Append a timeline event and move `status`, refusing what the lifecycle forbids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import deadlines, edit, lifecycle
from ..ledger import Ledger, kind_of_id
from . import Refused, write_checked


def advance(
    ledger: Ledger,
    record_id: str,
    status: str,
    by: str,
    note: str,
    day: dt.date,
    today: dt.date,
    extra: dict | None = None,
) -> Path:
    """Advance record `record_id` to `status`; `extra` holds fields the step needs (deadline, answer...)."""
    kind = kind_of_id(record_id)
    rec = ledger.get(record_id)
    if rec is None or kind not in lifecycle.LIFECYCLES:
        raise KeyError(record_id)
    path = ledger.root / rec.path
    doc = edit.read(path)
    old = doc.get("status")
    if not lifecycle.is_legal(kind, old, status):
        raise Refused([rec.loaded.report(("status",), "transition-illegal", **lifecycle.step_facts(kind, old, status))])
    event = {"date": day.isoformat(), "status": status, "by": by}
    extra = dict(extra or {})
    if "progress" in extra:
        event["progress"] = extra["progress"]
    if kind == "suggestion" and status == deadlines.ASSIGNED and "deadline" in extra:
        event["deadline"] = extra["deadline"]
        _keep_earlier_deadlines(doc, kind)
    event["note"] = note
    for key, value in extra.items():
        if key.endswith("[]"):  # one more item of a list the step adds to (a report, an evaluation)
            edit.append_to(doc, kind, key[:-2], value)
        else:
            edit.set_field(doc, kind, key, value)
    edit.set_field(doc, kind, "status", status)
    edit.append_event(doc, event)
    return write_checked(ledger, rec, edit.dumps(doc), today)


def _keep_earlier_deadlines(doc, kind: str) -> None:
    """Before a reassignment replaces the record's deadline, write it onto each earlier assignment
    that has none of its own (records from before deadlines were kept per assignment), so those
    assignments keep the deadline they were set. The review gate accepts this: the deadline in force
    for those events does not change (minyi.deadlines)."""
    for i, event in enumerate(doc.get("timeline") or []):
        if event.get("status") == deadlines.ASSIGNED and "deadline" not in event and doc.get("deadline"):
            edit.set_path(doc, kind, f"timeline.{i + 1}.deadline", str(doc["deadline"]))


def step_fields(kind: str, status: str, settings, record: dict, day: dt.date, by: str, options: dict) -> dict:
    """Fields a step sets besides the event, from the command's options and the ledger settings."""
    if kind == "motion":
        return _motion_fields(status, settings, record, day, by, options)
    out = {}
    if kind == "suggestion":
        if status == "assigned":
            out.update(_assignment(settings, record, day, options))
        if status == "answered" and options.get("answer"):
            dept = by if by.startswith("DEP-") else (record.get("departments") or {}).get("lead", by)
            out["answer"] = {"date": day.isoformat(), "by": dept, "text": options["answer"]}
        if options.get("outcome"):
            out["outcome"] = options["outcome"]
        if options.get("satisfaction"):
            out["satisfaction"] = options["satisfaction"]
        if options.get("reason"):
            out["withdrawn_reason" if status == "withdrawn" else "not_accepted_reason"] = options["reason"]
        if options.get("into"):
            out["merged_into"] = options["into"]
    elif kind == "inquiry":
        if options.get("opinion"):
            out["opinion"] = options["opinion"]
    elif kind == "opinion":
        out.update(_opinion_fields(status, record, day, by, options))
    else:
        progress = options.get("progress")
        if status == "completed":
            progress = 100
        if progress is not None:
            out["progress"] = progress
    return out


def _assignment(settings, record: dict, day: dt.date, options: dict) -> dict:
    """Departments (lead and assisting) and deadline of an assignment, from the options or the record."""
    out = {}
    lead = options.get("lead") or (record.get("departments") or {}).get("lead")
    if lead:
        assist = list(options.get("assist") or (record.get("departments") or {}).get("assist") or [])
        out["departments"] = {"lead": lead, **({"assist": assist} if assist else {})}
    deadline = options.get("deadline") or day + dt.timedelta(days=settings.default_deadline_days)
    out["deadline"] = deadline.isoformat()
    return out


def _motion_fields(status: str, settings, record: dict, day: dt.date, by: str, options: dict) -> dict:
    """A motion's step: assignment, the handling report (--answer), the deputies' evaluation
    (--evaluation present,satisfied,basically,unsatisfied and --satisfaction result), the not-filed reason."""
    out = _assignment(settings, record, day, options) if status == "assigned" else {}
    if status == "reported" and options.get("answer"):
        dept = by if by.startswith("DEP-") else (record.get("departments") or {}).get("lead", by)
        out["report"] = {"date": day.isoformat(), "by": dept, "summary": options["answer"]}
    votes = options.get("evaluation")
    if status in lifecycle.MOTION_EVALUATED and votes:
        present, satisfied, basically, unsatisfied = votes
        out["evaluation"] = {
            "date": day.isoformat(),
            "present": present,
            "satisfied": satisfied,
            "basically_satisfied": basically,
            "unsatisfied": unsatisfied,
            # the result the deputies' evaluation declared (--satisfaction); never guessed from the votes
            **({"result": options["satisfaction"]} if options.get("satisfaction") else {}),
        }
    if status == "not_filed" and options.get("reason"):
        out["not_filed_reason"] = options["reason"]
    return out


def _opinion_fields(status: str, record: dict, day: dt.date, by: str, options: dict) -> dict:
    """A review opinion's step: the handling report (--answer) appended to reports, the members'
    evaluation (--evaluation present,satisfied,basically,unsatisfied) appended to evaluations with
    its result from the counts (or --satisfaction), a new report deadline on rehandling (--deadline)."""
    out = {}
    if status == "report_received" and options.get("answer"):
        dept = by if by.startswith("DEP-") else next(iter(record.get("departments") or ()), by)
        out["reports[]"] = {"date": day.isoformat(), "by": dept, "summary": options["answer"]}
    votes = options.get("evaluation")
    if status == "evaluated" and votes:
        present, satisfied, basically, unsatisfied = votes
        result = options.get("satisfaction") or ("满意" if 2 * (satisfied + basically) > present else "不满意")
        out["evaluations[]"] = {
            "date": day.isoformat(),
            "present": present,
            "satisfied": satisfied,
            "basically_satisfied": basically,
            "unsatisfied": unsatisfied,
            "result": result,
        }
    if status == "rehandling" and options.get("deadline"):
        out["report_due"] = options["deadline"].isoformat()  # the new deadline for the handling report
    return out
