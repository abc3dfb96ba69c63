"""Aggregates the public reads: dashboard figures and the department ranking.

Pure functions over typed rows (a suggestion's model and its derived facts), so the
formulas published on the site are the ones in this file and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean
from typing import Protocol

from . import lifecycle
from .facts import SuggestionFacts
from .kinds.department import Department
from .kinds.suggestion import Suggestion

SATISFIED = ("满意", "基本满意")
# The ranking's terms and weights, in the words the ranking table's columns use.
WEIGHTS = (("按期答复率", 50), ("满意率", 40), ("1 − 重新办理率", 10))
RANKING_FORMULA = (
    "综合得分 = 50 × 按期答复率 + 40 × 满意率 + 10 × （1 − 重新办理率），满分 100，保留一位小数。",
    "按期答复率 = 在办理时限内首次答复的件数 ÷ （已答复件数 + 尚未答复且已逾期的件数）。",
    "满意率 = 测评为满意或基本满意的件数 ÷ 已测评件数。",
    "重新办理率 = 曾被重新办理的件数 ÷ 承办件数。",
    "没有已测评件数的部门，满意率一项不计（不是按 0 分计），其余两项按权重重新折算："
    "综合得分 = （50 × 按期答复率 + 10 × （1 − 重新办理率）） ÷ 60 × 100。",
    "既没有已答复、也没有逾期未答复件数的部门无法计算按期答复率，不计分。",
    "综合得分（保留一位小数后）相同的部门名次并列，其后的名次顺延（如 1、1、3），并列的部门按部门编号排列。",
    "承办件数少于 {min_cases} 件的部门只列出数字，不参加排名。人大机关负责登记交办，不参加评议。",
    "比率和得分一律保留一位小数，四舍五入（0.05 进位）。",
)


def tenth(x: float) -> float:
    """One decimal, half up, as a reader rounds by hand (and SQL's ROUND does), not half-to-even."""
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(x: float | None) -> str:
    """A rate as a percentage with one decimal, half up, as every published rate; "—" without a denominator."""
    return "—" if x is None else f"{tenth(100 * x):.1f}%"


@dataclass(frozen=True, slots=True)
class Rate:
    """A published rate with what it divides, in words and numbers, so it cannot be quoted as another."""

    name: str  # unique among the rates a page shows
    part: int
    whole: int
    part_words: str
    whole_words: str

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None


class Row(Protocol):
    """What the formulas read: a suggestion and its facts (site_gen.model.SuggestionRow)."""

    model: Suggestion
    facts: SuggestionFacts


@dataclass(frozen=True, slots=True)
class Figures:
    total: int
    this_year: int
    accepted: int  # not counting not accepted or merged
    closed: int
    solved: int
    answered: int  # answered with a deadline to judge by
    on_time: int
    judged: int  # answered with a deadline, plus overdue without an answer: the on-time rate's denominator
    late_or_overdue: int
    avg_days_to_close: float | None
    rated: int
    satisfied: int
    overdue: tuple  # rows past their deadline without an answer, nearest deadline first
    open: int

    @property
    def rates(self) -> tuple[Rate, ...]:
        """The dashboard's rates. Closed is not solved: both solved shares are shown, each named by its denominator."""
        solved = "办理结果为“已解决”的已办结件"
        return (
            Rate("办结率", self.closed, self.accepted, "已办结", "受理（不含不予受理、已合并、已撤回）"),
            Rate("已办结中已解决的比例", self.solved, self.closed, solved, "已办结"),
            Rate("全部受理中已解决的比例", self.solved, self.accepted, solved, "受理"),
            Rate("按期答复率", self.on_time, self.judged, "在办理时限内首次答复", "（已答复 + 尚未答复且已逾期）"),
            Rate("满意率", self.satisfied, self.rated, "满意和基本满意", "已测评"),
        )


@dataclass(frozen=True, slots=True)
class DepartmentStats:
    id: str
    name: str
    assigned: int
    closed_on_time: int
    closed_late: int
    open: int
    overdue: int
    avg_days: float | None
    on_time_rate: float | None
    satisfaction_rate: float | None
    reopened: int
    score: float | None
    rows: tuple  # the suggestions it leads, by id
    on_time: int = 0  # the rates' numerators and denominators, published beside them
    judged: int = 0
    satisfied: int = 0
    rated: int = 0
    rank: int | None = None  # set by `ranking`: tied scores share a rank

    @property
    def rates(self) -> tuple[Rate, ...]:
        """The ranking's three rates, named as in RANKING_FORMULA and the ranking's columns."""
        return (
            Rate("按期答复率", self.on_time, self.judged, "在办理时限内首次答复", "（已答复 + 尚未答复且已逾期）"),
            Rate("满意率", self.satisfied, self.rated, "满意和基本满意", "已测评"),
            Rate("重新办理率", self.reopened, self.assigned, "曾被重新办理", "承办"),
        )


@dataclass(frozen=True, slots=True)
class Counts:
    """The counts every published rate divides, from one set of suggestions (the dashboard's, a
    department's, a street's or a bulletin's). Not accepted, merged and withdrawn suggestions are
    left out of all but `total`: nobody handled them to the end."""

    total: int
    accepted: int  # not counting not accepted, merged or withdrawn
    closed: int
    solved: int
    closed_on_time: int  # closed, first answer within the deadline
    closed_late: int  # closed, first answer after the deadline
    answered: int  # answered with a deadline to judge by
    on_time: int
    judged: int  # answered with a deadline, plus overdue without an answer: the on-time rate's denominator
    overdue: int
    open: int
    rated: int
    satisfied: int
    reopened: int  # ever sent back by residents


# The order of a row's share (`share`) of the counts: Counts' fields, with `judged` made of the
# answered and the overdue never answered (a reopened suggestion overdue again is not counted twice).
_SHARES = (
    "total",
    "accepted",
    "closed",
    "solved",
    "closed_on_time",
    "closed_late",
    "answered",
    "on_time",
    "unanswered_overdue",
    "overdue",
    "open",
    "rated",
    "satisfied",
    "reopened",
)
CLOSED = _SHARES.index("closed")  # a row whose share has it counts its days in the mean days to close
OVERDUE = _SHARES.index("overdue")  # a row whose share has it is in `Figures.overdue`
_NOT_HANDLED = (1,) + (0,) * (len(_SHARES) - 1)


def share(r: Row) -> tuple[int, ...]:
    """What one suggestion adds to each count: counts are sums of shares, so a running total over
    many days (minyi.tally) can take a row's old share out and put its new one in. Not accepted,
    merged and withdrawn suggestions add to `total` only: nobody handled them to the end."""
    model, facts = r.model, r.facts
    status = model.status
    if status in lifecycle.NOT_HANDLED:
        return _NOT_HANDLED
    closed = status == "closed"
    answered = bool(facts.answered_on and facts.deadline)
    satisfaction = model.satisfaction
    return (
        1,
        1,
        int(closed),
        int(closed and model.outcome == "solved"),
        int(closed and facts.on_time is True),
        int(closed and facts.on_time is False),
        int(answered),
        int(answered and facts.on_time is True),
        int(facts.overdue and not facts.answered_on),
        int(facts.overdue),
        int(not closed and status not in lifecycle.FINISHED),
        int(bool(satisfaction)),
        int(bool(satisfaction) and satisfaction in SATISFIED),
        int(facts.reopened > 0),
    )


def summed(shares: Iterable[tuple[int, ...]]) -> Counts:
    """The counts of a set of suggestions from their shares (`share`)."""
    columns = [sum(column) for column in zip(*shares)] or [0] * len(_SHARES)
    total = dict(zip(_SHARES, columns, strict=True))
    unanswered_overdue = total.pop("unanswered_overdue")
    return Counts(**total, judged=total["answered"] + unanswered_overdue)


def counts(rows: Iterable[Row]) -> Counts:
    """The counts of a set of suggestions (the dashboard's, a department's, a street's or a bulletin's)."""
    return summed(map(share, rows))


def dashboard(rows: Sequence[Row], as_of: dt.date) -> Figures:
    """Headline figures. Closure and real solving are reported apart: closed is not solved."""
    n = counts(rows)
    accepted = [r for r in rows if r.model.status not in lifecycle.NOT_HANDLED]
    closed_days = sum(r.facts.days_open for r in accepted if r.model.status == "closed")
    this_year = sum(1 for r in rows if r.facts.received and r.facts.received.year == as_of.year)
    return figures(n, this_year, closed_days, (r for r in accepted if r.facts.overdue))


def figures(n: Counts, this_year: int, closed_days: int, overdue: Iterable[Row]) -> Figures:
    """The dashboard's figures from the counts, the suggestions received in the day's year, the days
    the closed ones took in all, and the overdue rows (nearest deadline first, then in the given order)."""
    return Figures(
        total=n.total,
        this_year=this_year,
        accepted=n.accepted,
        closed=n.closed,
        solved=n.solved,
        answered=n.answered,
        on_time=n.on_time,
        judged=n.judged,
        late_or_overdue=n.judged - n.on_time,
        avg_days_to_close=tenth(closed_days / n.closed) if n.closed else None,  # the mean, as exact as statistics.mean
        rated=n.rated,
        satisfied=n.satisfied,
        overdue=tuple(sorted(overdue, key=lambda r: r.facts.deadline)),
        open=n.open,
    )


def count_by(rows: Iterable[Row], key: Callable[[Row], str]) -> list[tuple[str, int]]:
    """Counts per key, largest first, ties by key: the order every chart shows."""
    c = Counter(key(r) for r in rows)
    return sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))


def score(on_time_rate: float | None, satisfaction_rate: float | None, reopen_rate: float | None) -> float | None:
    """综合得分 (RANKING_FORMULA): the weighted terms a department has, rescaled to 100.

    A department nobody has rated yet has no satisfaction term: it is left out and the
    other weights count for the whole, rather than scoring the missing ratings as 0."""
    if on_time_rate is None:
        return None
    terms = [(50, on_time_rate), (40, satisfaction_rate), (10, 1 - (reopen_rate or 0))]
    present = [(w, v) for w, v in terms if v is not None]
    return tenth(100 * sum(w * v for w, v in present) / sum(w for w, _ in present))


def department_figures(dep: Department, mine: Sequence[Row]) -> DepartmentStats:
    """One department's handling figures and score from the suggestions it leads.

    Suggestions withdrawn or merged after assignment stay listed (`rows`) but are left out
    of every figure: the department did not handle them to the end."""
    n = counts(mine)
    days = [
        (r.facts.answered_on - r.facts.assigned_on).days
        for r in mine
        if r.model.status not in lifecycle.NOT_HANDLED and r.facts.answered_on and r.facts.assigned_on
    ]
    on_time_rate = n.on_time / n.judged if n.judged else None
    sat_rate = n.satisfied / n.rated if n.rated else None
    return DepartmentStats(
        id=dep.id,
        name=dep.short_name or dep.name,
        assigned=n.accepted,
        closed_on_time=n.closed_on_time,
        closed_late=n.closed_late,
        open=n.open,
        overdue=n.overdue,
        avg_days=tenth(mean(days)) if days else None,
        on_time_rate=on_time_rate,
        satisfaction_rate=sat_rate,
        reopened=n.reopened,
        score=score(on_time_rate, sat_rate, n.reopened / n.accepted if n.accepted else None),
        rows=tuple(mine),
        on_time=n.on_time,
        judged=n.judged,
        satisfied=n.satisfied,
        rated=n.rated,
    )


def department_stats(departments: Iterable[Department], by_lead: Mapping[str, Sequence[Row]]) -> list[DepartmentStats]:
    """Figures for every ranked department (the office registers and assigns; it is not judged), by id."""
    return [
        department_figures(dep, by_lead.get(dep.id, ()))
        for dep in sorted(departments, key=lambda d: d.id)
        if dep.ranked
    ]


def ranking(stats: Sequence[DepartmentStats], min_cases: int) -> tuple[list[DepartmentStats], list[DepartmentStats]]:
    """(ranked by score, the rest): departments with too few cases are listed, not ranked.

    Ties share a rank (1, 1, 3: one plus the number of departments scoring higher) and
    are listed by department id."""
    ranked = [s for s in stats if s.assigned >= min_cases and s.score is not None]
    ranked.sort(key=lambda s: (-s.score, s.id))
    ranked = [replace(s, rank=1 + sum(1 for o in ranked if o.score > s.score)) for s in ranked]
    chosen = {s.id for s in ranked}
    return ranked, [s for s in stats if s.id not in chosen]
