"""A change to a record as one line in the ledger's words: "已办结，满意", "进度 70% → 85%",
"更正：第 3 条事件的日期".

Why: feeds and 最近更新 used to show a developer's commit message ("Advance S-2024-0003
to closed"), which says nothing to a resident and anything its author liked. The line
is built from what the two versions of the file show (minyi.versions' facts): status
labels from minyi.lifecycle, field names from the schemas' Chinese titles. The commit
stays beside it as a link, for anyone who wants to check.
"""

from __future__ import annotations

from . import lifecycle, schema
from .kinds.suggestion import OUTCOME
from .ledger import kind_of_id

SEPARATOR = "；"


def target_words(kind: str, target: str) -> str:
    """A correction's dotted target in words: "timeline.3.date" -> "第 3 条事件的日期"."""
    parts = target.split(".")
    words = []
    for i, part in enumerate(parts):
        if part.isdigit():
            continue
        title = schema.field_title(kind, schema.subschema_at(kind, parts[:i]), part)
        n = parts[i + 1] if i + 1 < len(parts) and parts[i + 1].isdigit() else None
        words.append(title if n is None else f"第 {n} 条事件" if part == "timeline" else f"{title}第 {n} 项")
    return "的".join(words)


def _status(kind: str, status: str, facts: dict) -> str:
    """The new status, with the fact that matters most at that step (satisfaction when closed)."""
    text = lifecycle.label(kind, status)
    if status == "closed" and facts.get("satisfaction"):
        return f"{text}，{facts['satisfaction']}"
    if status in ("answered", "closed") and facts.get("outcome"):
        return f"{text}（{OUTCOME.get(facts['outcome'], facts['outcome'])}）"
    if status == "accepted" and facts.get("acceptance_rate"):
        return f"{text}，满意率 {facts['acceptance_rate']}%"
    return text


def _fields(kind: str, facts: dict) -> list[str]:
    parts = []
    if facts.get("satisfaction") and not facts.get("status"):
        parts.append(f"满意度：{facts['satisfaction']}")
    if facts.get("outcome") and not facts.get("status"):
        parts.append(f"办理结果：{OUTCOME.get(facts['outcome'], facts['outcome'])}")
    if facts.get("fields"):
        top = schema.bundled(kind)
        parts.append("修改：" + "、".join(schema.field_title(kind, top, f) for f in facts["fields"]))
    return parts


def headline(record_id: str | None, facts: dict) -> str:
    """What one commit did to one record, in one line (without the record's id)."""
    kind = kind_of_id(record_id) if record_id else None
    if facts.get("deleted"):
        return "删除记录"
    if facts.get("unreadable"):
        return "无法读取的版本"
    if kind is None:
        return "修改记录"
    tracked = kind in lifecycle.LIFECYCLES
    status = facts.get("status")
    if facts.get("new") or facts.get("restored"):
        lead = "新增记录" if facts.get("new") else "恢复为可读取的版本"
        return f"{lead}：{lifecycle.label(kind, status[1])}" if tracked and status and status[1] else lead
    parts = []
    if facts.get("corrected"):
        parts.append("更正：" + "、".join(target_words(kind, t) for t in facts["corrected"] if t))
    if tracked and status:  # a version may lack a readable status line: say so, never print None
        parts.append(_status(kind, status[1], facts) if status[1] else "状态缺失或无法识别")
    if facts.get("progress"):
        old, new = facts["progress"]
        parts.append(f"进度 {old}% → {new}%")
    elif tracked and facts.get("events") and not status:
        parts.append(f"新增办理进展（{lifecycle.label(kind, facts['events'][-1]) or '状态未写'}）")
    if facts.get("rewrote_events") and not facts.get("corrected"):
        parts.append("改动了已有的时间线事件")
    parts.extend(_fields(kind, facts))
    return SEPARATOR.join(parts) or "修改记录"
