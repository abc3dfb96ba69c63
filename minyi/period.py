"""The periods a bulletin covers (minyi report, the site's 通报): a month, a quarter or a year.

A period is whole days from its first to its last, both included; its key is what the
clerk types (`2026-10`, `2026-Q3`, `2026`) and its label what the bulletin prints.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

QUARTER_WORDS = "一二三四"
_FORMS = {
    "month": (re.compile(r"(\d{4})-(\d{1,2})"), "YYYY-MM，如 2026-10"),
    "quarter": (re.compile(r"(\d{4})-[Qq]([1-4])"), "YYYY-Qn，如 2026-Q3"),
    "year": (re.compile(r"(\d{4})"), "YYYY，如 2026"),
}


class PeriodError(ValueError):
    """A period the clerk typed that is not one; the message is the Chinese line to print."""


@dataclass(frozen=True, slots=True)
class Period:
    kind: str  # month, quarter or year
    key: str  # 2026-10, 2026-Q3, 2026
    label: str  # 2026 年 10 月, 2026 年第三季度, 2026 年
    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(
        "month", f"{year}-{number:02d}", f"{year} 年 {number} 月", dt.date(year, number, 1), dt.date(year, number, last)
    )


def quarter(year: int, number: int) -> Period:
    first, last = month(year, 3 * number - 2), month(year, 3 * number)
    return Period("quarter", f"{year}-Q{number}", f"{year} 年第{QUARTER_WORDS[number - 1]}季度", first.start, last.end)


def year(number: int) -> Period:
    return Period("year", str(number), f"{number} 年", dt.date(number, 1, 1), dt.date(number, 12, 31))


def parse(kind: str, text: str) -> Period:
    """The period of kind `kind` written as `text`; PeriodError says what was expected."""
    pattern, form = _FORMS[kind]
    found = pattern.fullmatch(text.strip())
    if not found or not 1 <= int(found.group(1)) <= 9999:
        raise PeriodError(f"“{text}”不是{_NAMES[kind]}，应写作 {form}")
    numbers = [int(g) for g in found.groups()]
    if kind == "month" and not 1 <= numbers[1] <= 12:
        raise PeriodError(f"“{text}”不是月份：月份应在 1 到 12 之间，应写作 {form}")
    return {"month": month, "quarter": quarter, "year": year}[kind](*numbers)


_NAMES = {"month": "月份", "quarter": "季度", "year": "年份"}


def months_between(first: dt.date, last: dt.date) -> list[Period]:
    """Every month from the one holding `first` to the one holding `last`, oldest first."""
    out, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        out.append(month(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
