"""What happens next, and how to reach whoever holds a record.

Why: a resident who opens a suggestion or a project wants one answer before any detail:
who has it now, by when, is it late, and whom to call. The timeline holds the facts but
makes the reader work them out; these functions work them out once, from the site model,
for the one line at the top of every record page (templates/parts/next.html) and for the
contact boxes of deputies and stations (the pages their QR codes open).

Pure functions over the site model; the words a reader sees live in the templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minyi import lifecycle
from minyi.ledger import kind_of_id

from .model import ProjectRow, SiteModel, SuggestionRow


@dataclass(frozen=True, slots=True)
class Contact:
    """A department's, station's or deputy's public contact fields (a deputy's come with the station)."""

    id: str
    kind: str  # department, station or deputy
    address: str | None = None
    hours: str | None = None
    phone: str | None = None
    station: Contact | None = None  # a deputy's liaison station

    @property
    def empty(self) -> bool:
        return not (self.address or self.hours or self.phone or self.station)


@dataclass(frozen=True, slots=True)
class Step:
    """Where a record stands, for the one line at the top of its page.

    Open records name who holds them (`holder`), the date they owe something by (`due`,
    with `due_what` saying what: the first answer, or a project's next milestone) and
    whether that date has passed; finished ones say how they ended (`status` and `ended_on`).
    """

    kind: str
    status: str
    open: bool
    holder: str | None = None
    due: dt.date | None = None
    due_what: str | None = None  # "answer" or a milestone's title
    days_left: int | None = None  # negative once overdue
    contacts: tuple[Contact, ...] = ()  # the holder's, then the deputy's station (deduplicated)
    ended_on: dt.date | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def contact(m: SiteModel, record_id: str | None) -> Contact | None:
    """The public contact of a department, station or deputy; None for anything else."""
    entry = m.get(record_id)
    if entry is None:
        return None
    r, kind = entry.model, kind_of_id(record_id)
    if kind in ("department", "station"):
        return Contact(r.id, kind, r.address, r.hours, r.phone)
    if kind == "deputy":
        return Contact(r.id, kind, phone=r.office_phone, station=contact(m, r.station))
    return None


def deputy_station(m: SiteModel, deputy_ids) -> str | None:
    """The liaison station of the first deputy that has one."""
    for deputy in deputy_ids:
        entry = m.get(deputy)
        if entry is not None and entry.model.station:
            return entry.model.station
    return None


def _contacts(m: SiteModel, *ids) -> tuple[Contact, ...]:
    seen, out = set(), []
    for c in (contact(m, i) for i in ids):
        if c is not None and c.id not in seen and not c.empty:
            seen.add(c.id)
            out.append(c)
    return tuple(out)


def suggestion_step(m: SiteModel, row: SuggestionRow) -> Step:
    """Who holds a suggestion and what they owe, or how it ended."""
    s, f = row.model, row.facts
    if f.finished_on is not None:
        return Step("suggestion", s.status, False, ended_on=f.finished_on)
    station = s.station or deputy_station(m, s.deputies)
    # An answer is owed by the deadline (the first, or the first since it was reopened); after it, nothing dated is due.
    due = f.deadline if f.days_to_deadline is not None else None
    return Step(
        "suggestion",
        s.status,
        True,
        holder=f.holder,
        due=due,
        due_what="answer" if due else None,
        days_left=f.days_to_deadline,
        contacts=_contacts(m, f.holder, station),
    )


def project_step(m: SiteModel, row: ProjectRow) -> Step:
    """Who carries a project and its next planned milestone, or how it ended."""
    p = row.model
    last = p.timeline[-1].date if p.timeline else None
    if p.status in lifecycle.DONE_PROJECT or p.status == "not_selected":
        return Step("project", p.status, False, ended_on=last)
    if p.status not in lifecycle.PROJECT_UNDERWAY:  # a candidate: the office prepares the vote
        office = m.settings.office
        return Step("project", p.status, True, holder=office, contacts=_contacts(m, office))
    pending = sorted((ms for ms in p.milestones if ms.done is None), key=lambda ms: ms.planned)
    nxt = pending[0] if pending else None
    station = deputy_station(m, p.supervisors)
    return Step(
        "project",
        p.status,
        True,
        holder=p.lead_department,
        due=nxt.planned if nxt else None,
        due_what=nxt.title if nxt else None,
        days_left=(nxt.planned - m.as_of).days if nxt else None,
        contacts=_contacts(m, p.lead_department, station),
    )


def next_step(m: SiteModel, row) -> Step | None:
    """The step of a suggestion or project row; None for kinds without a lifecycle."""
    if isinstance(row, SuggestionRow):
        return suggestion_step(m, row)
    if isinstance(row, ProjectRow):
        return project_step(m, row)
    return None
