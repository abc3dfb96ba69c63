"""Facts derived from a record and a date: days open, overdue, on time, who holds it now.

Pure functions over the typed model, shared by `minyi show`, the site and the open
data, so the terminal and the public page never disagree. "Today" is always passed
in: the site states the date it was computed for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from . import deadlines, lifecycle
from .kinds.project import Project
from .kinds.suggestion import Suggestion
from .model import first_date, last_date


@dataclass(frozen=True, slots=True)
class SuggestionFacts:
    received: dt.date
    assigned_on: dt.date | None
    answered_on: dt.date | None  # first answer: the one the deadline judges
    closed_on: dt.date | None
    finished_on: dt.date | None  # closed, not accepted or merged: stops the day count
    deadline: dt.date | None  # in force now: the last assignment's (minyi.deadlines)
    answer_deadline: dt.date | None  # in force when the first answer came: the one `on_time` judges by
    days_open: int
    days_to_deadline: int | None  # only while the department owes an answer, see `owes_answer`
    overdue: bool  # owes an answer and the deadline has passed
    on_time: bool | None  # first answer by the deadline then in force; None until answered (or without one)
    reopened: int  # how many times residents sent it back
    holder: str | None  # who must act next (deputy, office or department id)
    stage: str | None
    label: str


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    label: str
    progress: int
    selected_on: dt.date | None
    completed_on: dt.date | None
    days_since_vote: int | None
    holder: str | None


def holder(s: Suggestion, office: str | None) -> str | None:
    """Who the suggestion waits on: the deputy (or, without one, the office) before registration,
    the office between steps, the lead department while handled."""
    if s.status == "received":
        return s.deputies[0] if s.deputies else office
    if s.status in ("registered", "answered"):
        return office
    if s.status in lifecycle.HANDLING:
        return s.lead
    return None


def owes_answer(s: Suggestion) -> bool:
    """Whether the lead department owes an answer now: the suggestion is being handled
    (assigned, in progress or reopened) and there is no answer since it was last reopened
    (or no answer at all if it never was).

    A reopened suggestion owes a new answer by the deadline in force: the new one when it
    is reassigned (`minyi advance … assigned` records it on that event), else the last
    assignment's, so a reopened suggestion left months past its deadline is overdue, not 未逾期."""
    if s.status not in lifecycle.HANDLING:
        return False
    since = max((i for i, e in enumerate(s.timeline) if e.status == "reopened"), default=-1)
    return not any(e.status == "answered" for e in s.timeline[since + 1 :])


def suggestion_facts(s: Suggestion, today: dt.date, office: str | None = None) -> SuggestionFacts:
    events = s.timeline
    first = next((i for i, e in enumerate(events) if e.status == "answered"), None)
    first_answer = events[first].date if first is not None else None
    judged_by = deadlines.in_force(s, before=first) if first is not None else None
    deadline = deadlines.in_force(s)
    finished = events[-1].date if s.status in lifecycle.FINISHED else None
    waiting_answer = owes_answer(s)
    status = lifecycle.SUGGESTION_STATUSES.get(s.status)
    return SuggestionFacts(
        received=s.received,
        assigned_on=first_date(events, "assigned"),
        answered_on=first_answer,
        closed_on=last_date(events, "closed") if s.status == "closed" else None,
        finished_on=finished,
        deadline=deadline,
        answer_deadline=judged_by,
        **_dated(s.received, finished, deadline if waiting_answer else None, today),
        on_time=(first_answer <= judged_by) if (first_answer and judged_by) else None,
        reopened=sum(1 for e in events if e.status == "reopened"),
        holder=holder(s, office),
        stage=status.stage if status else None,
        label=lifecycle.label("suggestion", s.status),
    )


def _dated(received: dt.date, finished: dt.date | None, owed_by: dt.date | None, today: dt.date) -> dict:
    """The facts that move with the day: days open (until finished), and, while an answer is owed
    by a deadline (`owed_by`), the days left to it and whether it has passed."""
    return {
        "days_open": ((finished or today) - received).days,
        "days_to_deadline": (owed_by - today).days if owed_by else None,
        "overdue": bool(owed_by and today > owed_by),
    }


def on_day(f: SuggestionFacts, today: dt.date) -> SuggestionFacts:
    """The facts of the same record as of another day (what `suggestion_facts` would give for it):
    only the day counts move, and a finished suggestion's do not (rewinding many days: minyi.rewind)."""
    if f.finished_on is not None:
        return f
    owed_by = f.deadline if f.days_to_deadline is not None else None
    return dataclasses.replace(f, **_dated(f.received, None, owed_by, today))


def project_facts(p: Project, today: dt.date) -> ProjectFacts:
    selected_on = first_date(p.timeline, "selected")
    done = p.status in lifecycle.DONE_PROJECT
    return ProjectFacts(
        label=lifecycle.label("project", p.status),
        progress=p.progress if p.progress is not None else (100 if done else 0),
        selected_on=selected_on,
        completed_on=first_date(p.timeline, "completed"),
        days_since_vote=(today - selected_on).days if selected_on else None,
        holder=p.lead_department if p.status in lifecycle.PROJECT_UNDERWAY else None,
    )
