"""Projects that slip: 滞后 (a planned milestone date has passed without `done`) and
长期未更新 (no timeline event for more than the ledger's `stale_after_days`).

Why: a voted project that quietly stops moving looks, on a progress bar, exactly like one
on track. Only projects being carried out (票决通过, 实施中, 暂停) are judged: a candidate
has no plan yet and a completed project has nothing left to slip. "Today" is passed in,
as for every derived fact (minyi.facts): the site states the date it judged by.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import lifecycle
from .kinds.project import Milestone, Project

BEHIND, STALE = "滞后", "长期未更新"


@dataclass(frozen=True, slots=True)
class Slippage:
    missed: tuple[Milestone, ...]  # planned before today, not done (judged projects only)
    days_behind: int | None  # days past the earliest missed milestone's planned date
    last_update: dt.date | None  # the newest timeline event
    days_since_update: int | None
    stale: bool

    @property
    def behind(self) -> bool:
        return bool(self.missed)

    @property
    def labels(self) -> tuple[str, ...]:
        return (BEHIND,) * self.behind + (STALE,) * self.stale


def slippage(p: Project, today: dt.date, stale_after_days: int) -> Slippage:
    """Whether project `p` is behind its plan or has gone without an update, as of `today`.

    A milestone is missed the day after its planned date (the planned day itself is on
    time); a project is stale when more than `stale_after_days` days passed since its
    newest timeline event."""
    last = max((e.date for e in p.timeline), default=None)
    days = (today - last).days if last else None
    if p.status not in lifecycle.PROJECT_UNDERWAY:
        return Slippage((), None, last, days, False)
    missed = tuple(m for m in p.milestones if m.done is None and m.planned < today)
    behind = (today - min(m.planned for m in missed)).days if missed else None
    return Slippage(missed, behind, last, days, days is not None and days > stale_after_days)
