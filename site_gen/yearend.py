"""历年对比: the headline figures at each past year end, beside today's, so anyone can compare.

Why here and not one site per year: a full site per year end would multiply the build by
the number of years; the figures a reader compares (办结率, 按期答复率, 满意率 …) are a row
each. Every year end is computed the same way: each suggestion rewound to that day from
its own dated timeline (minyi.rewind) and judged by the published formulas (minyi.stats)
as of that day. A year end before live recording began (settings `recording_since`) is
marked 回推: the ledger was imported later, so no one could read these figures then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minyi import stats
from minyi.rewind import Row, suggestions_on
from minyi.tally import Tally


@dataclass(frozen=True, slots=True)
class YearEnd:
    day: dt.date
    basis: str  # 实时 (recorded live by then), 回推 (rewound from an imported history) or 当前 (the build date)
    figures: stats.Figures


def _basis(day: dt.date, as_of: dt.date, recording_since: dt.date | None) -> str:
    if day == as_of:
        return "当前"
    return "实时" if recording_since is None or day >= recording_since else "回推"


def figures_on(models, day: dt.date, office: str | None) -> stats.Figures:
    """The dashboard's figures over the suggestions as they stood at the end of `day` (one day at a
    time: `year_ends` sweeps all its days at once and must give the same, see tests/test_rewind_sweep.py)."""
    return stats.dashboard(suggestions_on(models, day, office), day)


def year_ends(models, as_of: dt.date, office: str | None, recording_since: dt.date | None) -> tuple[YearEnd, ...]:
    """Each year end from the first year with a suggestion up to last year, then the build date."""
    models = tuple(models)
    first = min((m.received.year for m in models), default=as_of.year)
    days = [dt.date(y, 12, 31) for y in range(first, as_of.year)] + [as_of]
    counted = Tally((Row(m, None) for m in models), office).days(days)  # counts carried from year to year
    return tuple(YearEnd(d, _basis(d, as_of, recording_since), counted[d].figures) for d in days)
