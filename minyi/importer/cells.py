"""One cell's text or value → the value a record holds, or the reason it cannot be.

Dates come as clerks type them (2024-3-5, 2024/03/05, 2024.3.5, 2024年3月5日, 20240305,
with or without a time) or as Excel date cells; a plain number in an Excel date column
is Excel's day count (45356 is 2024-03-05). A deadline is a date or a span after the
assignment (15天, 15日, 10个工作日 — working days skip weekends, not public holidays).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..lookup import fold

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SPAN = re.compile(r"^(\d{1,3})\s*(个工作日|工作日|天|日|个自然日|自然日)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(32874, 73051)  # 1990-01-01 .. 2099-12-31 as Excel day counts
BLANKS = frozenset({"", "-", "—", "——", "/", "无", "暂无"})

SATISFACTION = {
    "满意": "满意",
    "基本满意": "基本满意",
    "不满意": "不满意",
    "比较满意": "基本满意",
    "较满意": "基本满意",
}
OUTCOME = {
    "solved": "solved",
    "已解决": "solved",
    "解决": "solved",
    "in_hand": "in_hand",
    "正在解决": "in_hand",
    "列入计划": "in_hand",
    "正在解决或列入计划": "in_hand",
    "explained": "explained",
    "解释说明": "explained",
    "暂不能解决": "explained",
    "解释说明(暂不能解决)": "explained",
}


class CellError(Exception):
    """A cell that cannot be read: the catalogue's rule, variant and facts."""

    def __init__(self, rule: str, variant: str | None = None, **facts):
        super().__init__(rule)
        self.rule = rule
        self.variant = variant
        self.facts = facts


def shown(value) -> str:
    """How a cell is quoted back to the clerk."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text(value) -> str:
    """A cell as text, trimmed; "" for a blank cell and the marks clerks put in empty cells (-, /, 无)."""
    if value is None:
        return ""
    out = shown(value).strip()
    return "" if unicodedata.normalize("NFKC", out) in BLANKS else out


def _checked(year: int, month: int, day: int, raw) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("import-date", "impossible", value=shown(raw)) from None


def date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()
    if number and int(value) in _SERIALS:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = unicodedata.normalize("NFKC", shown(value)).strip()
    match = _DATE.match(raw) or _COMPACT.match(raw)
    if not match:
        raise CellError("import-date", value=shown(value))
    return _checked(*(int(g) for g in match.groups()), value)


def _working_days_after(start: dt.date, count: int) -> dt.date:
    day = start
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def deadline(value, assigned: dt.date) -> dt.date:
    """A date, or a span counted from the day it was assigned."""
    raw = unicodedata.normalize("NFKC", shown(value)).strip()
    span = _SPAN.match(raw)
    if span and not isinstance(value, (dt.date, dt.datetime)) and int(span.group(1)) < 1000:
        days = int(span.group(1))
        if "工作日" in (span.group(2) or ""):
            return _working_days_after(assigned, days)
        return assigned + dt.timedelta(days=days)
    try:
        return date(value)
    except CellError:
        raise CellError("import-date", "deadline", value=shown(value)) from None


def choice(value, table: dict[str, str], what: str, choices: str) -> str:
    """A word from a fixed list (满意度, 结果分类), compared without spaces and full-width forms."""
    key = fold(value)
    for word, out in table.items():
        if fold(word) == key:
            return out
    raise CellError("import-value", value=shown(value), what=what, choices=choices)


def setting_word(value, words: tuple[str, ...], what: str) -> str:
    """A word the ledger settings list (类别, 渠道), in the spelling the settings use."""
    key = fold(value)
    for word in words:
        if fold(word) == key:
            return word
    raise CellError("import-value", value=shown(value), what=what, choices="、".join(words))


def channel_in(value, words: tuple[str, ...]) -> str:
    """The channel named somewhere in a 反映人/渠道 cell; the rest (a resident's name) is never kept or shown.

    A channel of digits (12345) counts only as a number of its own, never inside a longer
    one: 13912345678 and 139 1234 5678 are a resident's phone, not the hotline. Spaces
    between two digits are kept for that test, so the digits of 12345 13912345678 stay apart;
    a channel of words may follow a number directly (13912345678代表码)."""
    key = fold(value)
    # Folded per word, one space kept where it separates two digits.
    numbers = _DIGIT_GAP.sub("", " ".join(fold(part) for part in shown(value).split()))
    found = [w for w in words if fold(w) and _names(fold(w), key, numbers)]
    if len(found) == 1 or (found and all(f in max(found, key=len) for f in found)):
        return max(found, key=len)
    raise CellError("import-value", "private", choices="、".join(words))


_DIGIT_GAP = re.compile(r"(?<!\d) | (?!\d)")


def _names(word: str, key: str, numbers: str) -> bool:
    """Whether a folded channel word is in a cell: a word with a digit at either end only where
    no other digit touches that end."""
    if not (word[0].isdigit() or word[-1].isdigit()):
        return word in key
    before = r"(?<!\d)" if word[0].isdigit() else ""
    after = r"(?!\d)" if word[-1].isdigit() else ""
    return re.search(before + re.escape(word) + after, numbers) is not None


def split_names(value) -> list[str]:
    """Several names in one cell: 区住建局、区城管局 / 区住建局,区城管局 / one per line."""
    parts = re.split(r"[、,，;；/\n]+", text(value))
    return [p.strip() for p in parts if p.strip()]
