"""民生实事: vote results per session, progress by year, candidates.

Custom because the list page groups projects three ways (by year, candidates, by vote
session, in rank order); each project's page comes from `templates/kinds/project.html`.
"""

from __future__ import annotations

from dataclasses import dataclass

from minyi import lifecycle

from ..model import VOTED_IN, Entry, ProjectRow, SiteModel
from .sections import Hooks

CANDIDATE = frozenset(k for k, v in lifecycle.PROJECT_STATUSES.items() if v.stage == "候选")


@dataclass(frozen=True, slots=True)
class YearProgress:
    year: int
    projects: tuple[ProjectRow, ...]  # by theme, then id
    done: int


@dataclass(frozen=True, slots=True)
class SessionResult:
    session: Entry
    projects: tuple[ProjectRow, ...]  # by rank (unranked last), then id
    chosen_budget: float
    corrections: int  # corrected vote counts among its projects


def by_year(projects: tuple[ProjectRow, ...]) -> list[YearProgress]:
    years = sorted({p.model.year for p in projects}, reverse=True)
    out = []
    for year in years:
        mine = sorted(
            (p for p in projects if p.model.year == year and p.model.status in VOTED_IN),
            key=lambda p: (p.model.theme, p.id),
        )
        if mine:
            out.append(
                YearProgress(year, tuple(mine), sum(1 for p in mine if p.model.status in lifecycle.DONE_PROJECT))
            )
    return out


def session_result(m: SiteModel, session: Entry) -> SessionResult:
    mine = sorted(m.index.projects_by_session.get(session.id, ()), key=lambda p: (p.model.vote.rank or 999, p.id))
    return SessionResult(
        session,
        tuple(mine),
        sum(p.model.budget or 0 for p in mine if p.model.vote.selected),
        sum(1 for p in mine for c in getattr(p.model, "corrections", ()) if c.target.startswith("vote.")),
    )


def list_context(m: SiteModel) -> dict:
    sessions = sorted(m.of("session"), key=lambda s: s.model.date, reverse=True)
    return {
        "years": by_year(m.projects),
        "candidates": [p for p in m.projects if p.model.status in CANDIDATE],
        "sessions": [session_result(m, s) for s in sessions],
    }


HOOKS = Hooks(list_context=list_context)
