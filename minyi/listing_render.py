"""`minyi list` output: a table for the terminal (Chinese headers and labels), CSV and JSON
with codes and labels side by side, and Markdown grouped by department for the weekly
GitHub issue (.github/workflows/overdue.yml).

Record text reaches a GitHub issue and a spreadsheet, so it is made inert on the way:
in Markdown no title can mention a user (@), link an issue (#12), open a tag or break
the table; in CSV no cell starts a formula.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable

from .ledger import Ledger
from .listing import Filters, Row, when_text
from .spreadsheet import BOM, inert

# (key, header): the columns of CSV and JSON, codes beside their labels.
FIELDS = (
    ("id", "编号"),
    ("kind", "记录类型"),
    ("title", "标题"),
    ("status", "状态代码"),
    ("status_label", "状态"),
    ("year", "年度"),
    ("street", "街道（镇）"),
    ("community", "社区（村）"),
    ("lead_department", "主办部门编号"),
    ("lead_department_name", "主办部门"),
    ("assist_departments", "协办部门编号"),
    ("holder", "当前办理者编号"),
    ("holder_name", "当前办理者"),
    ("received", "收到日期"),
    ("deadline", "办理时限"),
    ("days_to_deadline", "距办理时限天数"),
    ("overdue", "逾期"),
    ("progress", "进度"),
    ("situation", "情况"),
)


def record(ledger: Ledger, row: Row) -> dict:
    """One row as codes and labels (CSV and JSON)."""
    name = ledger.name
    return {
        "id": row.id,
        "kind": row.kind,
        "title": row.title,
        "status": row.status,
        "status_label": row.status_label,
        "year": row.year,
        "street": row.street,
        "community": row.community,
        "lead_department": row.lead,
        "lead_department_name": name(row.lead) if row.lead else None,
        "assist_departments": list(row.assist),
        "holder": row.holder,
        "holder_name": name(row.holder) if row.holder else None,
        "received": row.received.isoformat() if row.received else None,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "days_to_deadline": row.days_to_deadline,
        "overdue": row.overdue,
        "progress": row.progress,
        "situation": when_text(row),
    }


def as_json(ledger: Ledger, rows: list[Row], filters: Filters, today) -> str:
    items = [record(ledger, r) for r in rows]
    doc = {"as_of": today.isoformat(), "listed": filters.describe(), "count": len(items), "items": items}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _cell(value) -> object:
    if isinstance(value, list):
        value = "；".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return inert(value)  # a spreadsheet shows it as text, never runs it
    return "" if value is None else value


def as_csv(ledger: Ledger, rows: list[Row]) -> str:
    """With a byte-order mark, as `minyi report --format csv` and the open data (minyi.spreadsheet)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([key for key, _ in FIELDS])
    for row in rows:
        data = record(ledger, row)
        writer.writerow([_cell(data[key]) for key, _ in FIELDS])
    return out.getvalue()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _columns(ledger: Ledger, kind: str) -> tuple[tuple[str, Callable[[Row], str]], ...]:
    dept = ledger.name
    if kind == "project":
        return (
            ("编号", lambda r: r.id),
            ("状态", lambda r: r.status_label),
            ("年度", lambda r: str(r.year or "")),
            ("牵头部门", lambda r: dept(r.lead) if r.lead else ""),
            ("进度", lambda r: f"{r.progress}%" if r.progress is not None else ""),
            ("情况", when_text),
            ("名称", lambda r: r.title),
        )
    return (
        ("编号", lambda r: r.id),
        ("状态", lambda r: r.status_label),
        ("街道（镇）", lambda r: r.street or ""),
        ("主办部门", lambda r: dept(r.lead) if r.lead else ""),
        ("办理时限", lambda r: r.deadline.isoformat() if r.deadline else ""),
        ("情况", when_text),
        ("标题", lambda r: r.title),
    )


def _flat(text: str) -> str:
    """One line of printable text: a name cannot move the cursor or start a new row."""
    return "".join(c if c.isprintable() else " " for c in text)


def as_table(ledger: Ledger, rows: list[Row], kind: str) -> str:
    columns = _columns(ledger, kind)
    cells = [[_flat(get(r)) for _, get in columns] for r in rows]
    heads = [head for head, _ in columns]
    widths = [max(_width(x) for x in (h, *(c[i] for c in cells))) for i, h in enumerate(heads)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    lines += ["  ".join(_pad(x, w) for x, w in zip(c, widths, strict=True)).rstrip() for c in cells]
    return "\n".join(lines)


def summary(rows: list[Row], filters: Filters, today) -> str:
    """共 N 件 (其中逾期 a 件): the line under the table and on top of the issue."""
    overdue = sum(r.overdue for r in rows)
    word = "逾期" if filters.kind == "suggestion" else "滞后"
    part = f"，其中{word} {overdue} 件" if overdue and len(rows) > overdue else ""
    return f"截至 {today.isoformat()}，{filters.describe()}共 {len(rows)} 件{part}。"
