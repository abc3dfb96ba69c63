"""Facts derived from a record and a date: days open, overdue, on time, who holds it now.

Pure functions over plain data, shared by `minyi show`, the site and the open data,
so the terminal and the public page never disagree. "Today" is always passed in:
the site states the date it was computed for.
"""
from __future__ import annotations

import datetime as dt

from . import lifecycle


def _d(text):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def first_date(events, status):
    return next((_d(e["date"]) for e in events if e["status"] == status), None)


def last_date(events, status):
    return next((_d(e["date"]) for e in reversed(events) if e["status"] == status), None)


def suggestion_facts(data: dict, today: dt.date, office: str | None = None) -> dict:
    events = data.get("timeline", [])
    status = data.get("status")
    received = _d(data.get("received"))
    deadline = _d(data.get("deadline"))
    first_answer = first_date(events, "answered")
    finished = _d(events[-1]["date"]) if status in lifecycle.FINISHED else None
    end = finished or today
    leads = (data.get("departments") or {}).get("lead")
    if status == "received":
        holder = (data.get("deputies") or [None])[0]
    elif status in ("registered", "answered"):
        holder = office
    elif status in ("assigned", "in_progress", "reopened"):
        holder = leads
    else:
        holder = None
    waiting_answer = status in ("assigned", "in_progress", "reopened") and first_answer is None
    return {
        "received": received,
        "assigned_on": first_date(events, "assigned"),
        "answered_on": first_answer,
        "closed_on": last_date(events, "closed") if status == "closed" else None,
        "finished_on": finished,
        "deadline": deadline,
        "days_open": (end - received).days if received else None,
        "days_to_deadline": (deadline - today).days if deadline and waiting_answer else None,
        "overdue": bool(deadline and waiting_answer and today > deadline),
        "on_time": (first_answer <= deadline) if (first_answer and deadline) else None,
        "reopened": sum(1 for e in events if e["status"] == "reopened"),
        "holder": holder,
        "stage": lifecycle.SUGGESTION_STATUSES[status].stage if status in lifecycle.SUGGESTION_STATUSES else None,
        "label": lifecycle.label("suggestion", status),
    }


def project_facts(data: dict, today: dt.date) -> dict:
    events = data.get("timeline", [])
    status = data.get("status")
    return {
        "label": lifecycle.label("project", status),
        "progress": data.get("progress", 100 if status in lifecycle.DONE_PROJECT else 0),
        "selected_on": first_date(events, "selected"),
        "completed_on": first_date(events, "completed"),
        "days_since_vote": (today - first_date(events, "selected")).days if first_date(events, "selected") else None,
        "holder": data.get("lead_department") if status in ("selected", "in_progress", "suspended") else None,
    }
