"""Running counts of the suggestions as they stood on a series of days (a bulletin per month, a
row per year end), carried from one day to the next instead of counted again for each day.

Why: counting every suggestion on every day is months × records (100,000 suggestions over 8 years
of monthly bulletins: 9.5 million rows, each counted by department and by street). A suggestion's
share of the counts (minyi.stats.share) changes only on the day of one of its events or the day
after its deadline passes unanswered; on each new day only those suggestions are rewound
(minyi.rewind.Sweep) and their old share swapped for the new. The counts are the ones
minyi.stats.counts and minyi.stats.dashboard give on the same rows (tests/test_rewind_sweep.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import stats
from .rewind import Row, Sweep

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Day:
    """The counts on one day: all suggestions received by then, and per group (a department, a
    street: one dict per grouping, keys in first-seen order), with the dashboard's figures."""

    day: dt.date
    total: stats.Counts
    groups: tuple[dict[str, stats.Counts], ...]
    figures: stats.Figures


class Tally:
    """`Sweep` with running counts. Days must be asked for in ascending order (`days` sorts and
    dedupes them); `active` gives the rows with a step between two days, as they stood on the later."""

    def __init__(self, rows: Iterable, office: str | None, groupings: tuple[Callable[[Row], str | None], ...] = ()):
        self.sweep = Sweep(rows, office)
        self.groupings = groupings
        stories = self.sweep.rows
        # (event date, position) of every event, sorted: who moves on a day, who moved in a period
        self.events = sorted((e.date, i) for i, s in enumerate(stories) for e in s.row.model.timeline)
        self.slow = [i for i, s in enumerate(stories) if not hasattr(s, "dates")]  # rewound day by day
        self.next = 0  # first event not yet taken in
        self.due: list[tuple[dt.date, int]] = []  # (day after a deadline, position): overdue from that day
        self.shares: list[tuple | None] = [None] * len(stories)
        self.keys: list[tuple] = [()] * len(stories)
        self.year_of: list[int | None] = [None] * len(stories)
        self.days_closed: list[int] = [0] * len(stories)
        self.sums: dict[tuple[int, str | None], list[int]] = {}  # (grouping, key) -> summed shares; (-1, None) all
        self.received = Counter()  # received year -> suggestions, for 本年
        self.closed_days = 0
        self.overdue: set[int] = set()
        self.day: dt.date | None = None

    def days(self, days: Iterable[dt.date]) -> dict[dt.date, Day]:
        return {day: self.on(day) for day in sorted(set(days))}

    def on(self, day: dt.date) -> Day:
        if self.day is not None and day < self.day:
            raise ValueError(f"days out of order: {day} after {self.day}")
        moved = set(self.slow)
        while self.next < len(self.events) and self.events[self.next][0] <= day:
            moved.add(self.events[self.next][1])
            self.next += 1
        while self.due and self.due[0][0] <= day:
            moved.add(heapq.heappop(self.due)[1])
        for i in moved:
            self._move(i, day)
        self.day = day
        return self._counted(day)

    def active(self, start: dt.date, day: dt.date) -> list[Row]:
        """Rows whose last step by `day` was on or after `start` (those a period's figures read), as
        they stood on `day`, in the sweep's order."""
        lo = bisect.bisect_left(self.events, (start, -1))
        hi = bisect.bisect_right(self.events, (day, len(self.shares)))
        out = []
        for i in sorted({i for _, i in self.events[lo:hi]}):
            row = self.sweep.rows[i].on(day, self.sweep.office)
            if row is not None and row.model.timeline[-1].date >= start:  # out-of-order timelines: see rewind
                out.append(row)
        return out

    def _move(self, i: int, day: dt.date) -> None:
        row = self.sweep.rows[i].on(day, self.sweep.office)
        old = self.shares[i]
        if old is not None:
            self._add(old, self.keys[i], -1)
            self.received[self.year_of[i]] -= 1
            self.closed_days -= self.days_closed[i]
            self.overdue.discard(i)
        if row is None:
            self.shares[i] = None
            return
        share = stats.share(row)
        keys = tuple(g(row) for g in self.groupings)
        self.shares[i], self.keys[i] = share, keys
        self._add(share, keys, 1)
        self.year_of[i] = row.facts.received.year if row.facts.received else None
        self.received[self.year_of[i]] += 1
        self.days_closed[i] = row.facts.days_open if share[stats.CLOSED] else 0
        self.closed_days += self.days_closed[i]
        if share[stats.OVERDUE]:
            self.overdue.add(i)
        elif row.facts.days_to_deadline is not None:  # owes an answer, deadline not passed yet
            heapq.heappush(self.due, (row.facts.deadline + ONE_DAY, i))

    def _add(self, share: tuple, keys: tuple, sign: int) -> None:
        for slot in ((-1, None), *enumerate(keys)):
            if slot[0] >= 0 and not slot[1]:
                continue
            acc = self.sums.get(slot)
            if acc is None:
                acc = self.sums[slot] = [0] * len(share)
            for j, v in enumerate(share):
                if v:
                    acc[j] += sign * v

    def _counted(self, day: dt.date) -> Day:
        def counts(acc):
            return stats.summed([tuple(acc)] if acc else ())

        total = counts(self.sums.get((-1, None)))
        groups = tuple(
            {key: counts(acc) for (g, key), acc in self.sums.items() if g == n and acc[0] > 0}
            for n in range(len(self.groupings))
        )
        overdue = [self.sweep.rows[i].on(day, self.sweep.office) for i in sorted(self.overdue)]
        figures = stats.figures(total, self.received[day.year], self.closed_days, overdue)
        return Day(day, total, groups, figures)
