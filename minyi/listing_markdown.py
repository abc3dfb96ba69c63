"""`minyi list --format markdown`: the list grouped by the department that must act, for the
weekly GitHub issue (.github/workflows/overdue.yml) and for pasting into a report.

Record text is untrusted here: whatever a title says, it stays text in one table cell.
No @mention (it would notify a user), no #12 (it would link and notify an issue), no
tag, link (https: and a bare www. alike), image or emphasis, no line break and no `|`
that would end the cell.
"""

from __future__ import annotations

import re
from collections import defaultdict

from . import kinds
from .ledger import Ledger
from .listing import Filters, Row, broken_line, when_text
from .listing_render import summary

_ESCAPED = re.compile(r"([\\`*_{}\[\]()!|~:])")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)  # GitHub links a bare www.example.cn as it links https:


def inert(text: str) -> str:
    """Record text as literal Markdown on GitHub: one line, nothing it can link, mention or open."""
    text = "".join(c if c.isprintable() else " " for c in str(text))
    text = _ESCAPED.sub(r"\\\1", text)
    text = _WWW.sub(r"\1\\.", text)  # www\.evil.cn shows as www.evil.cn and links nowhere
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("@", "＠").replace("#", "＃")  # full-width: never a mention or an issue link


def _link(ledger: Ledger, row: Row) -> str:
    section = kinds.get(row.kind).section
    site = ledger.settings.site_url if ledger.settings else ""
    if not (section and site.startswith("https://")):
        return row.id
    return f"[{row.id}]({site.rstrip('/')}/{section}/{row.id}/)"


def _heading(ledger: Ledger, holder: str | None, group: list[Row], kind: str) -> str:
    name = f"{inert(ledger.name(holder))}（{holder}）" if holder else "无人办理"
    late = sum(r.overdue for r in group)
    word = "逾期" if kind == "suggestion" else "滞后"
    parts = [f"{word} {late} 件"] * bool(late) + [f"其他 {len(group) - late} 件"] * bool(len(group) - late)
    return f"### {name}：{'，'.join(parts)}"


def as_markdown(ledger: Ledger, rows: list[Row], filters: Filters, today) -> str:
    """A heading with the totals, then one table per department (most overdue first)."""
    lines = [f"**{summary(rows, filters, today)}**" if rows else filters.none_line(today)]
    warning = broken_line(ledger, filters.kind)
    lines += ["", f"> {inert(warning)}"] if warning else []
    groups: dict[str | None, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row.holder if row.kind == "suggestion" else row.lead].append(row)
    order = sorted(groups, key=lambda h: (-sum(r.overdue for r in groups[h]), h is None, h or ""))
    for holder in order:
        lines += ["", _heading(ledger, holder, groups[holder], filters.kind), ""]
        lines += ["| 编号 | 标题 | 状态 | 办理时限 | 情况 |", "| --- | --- | --- | --- | --- |"]
        for r in groups[holder]:
            deadline = r.deadline.isoformat() if r.deadline else ""
            lines.append(f"| {_link(ledger, r)} | {inert(r.title)} | {r.status_label} | {deadline} | {when_text(r)} |")
    return "\n".join(lines) + "\n"
