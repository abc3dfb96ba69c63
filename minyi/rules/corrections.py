"""Corrections say what they correct: an existing recorded fact, dated when the correction was made.

A correction is the only way a recorded fact may change (the review gate enforces
that); these checks make sure each correction is itself honest — it names a real
recorded field, it is not dated in the future, and corrections are appended in order.
Event statuses are never corrected: a status change is a new event.
"""

from __future__ import annotations

from .. import deadlines, kinds
from ..ledger import Record

EVENT_FIELDS = ("date", "by", "note", "progress", "deadline", "links")


def resolve(data, target: str):
    """The value a correction target names (timeline events numbered from 1), or raise LookupError.

    An assignment's deadline (`timeline.N.deadline`) is the one it was set, written on the event or,
    in records from before deadlines were kept per assignment, the record's (minyi.deadlines)."""
    parts = target.split(".")
    if len(parts) == 3 and parts[0] == "timeline" and parts[1].isdigit() and parts[2] == "deadline":
        value = deadlines.raw_event_deadline(data, int(parts[1]) - 1)
        if value is None:
            raise LookupError(target)
        return value
    node = data
    for part in target.split("."):
        if isinstance(node, list) and part.isdigit() and 1 <= int(part) <= len(node):
            node = node[int(part) - 1]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise LookupError(part)
    return node


def target_problem(kind: str, target: str, data: dict) -> tuple[str, str] | None:
    """Why `target` cannot be corrected (and how to fix it), or None when it is a correctable recorded fact."""
    head, *rest = target.split(".")
    if head not in kinds.get(kind).recorded or head == "corrections":
        return "这不是已记录的事实", "标题、摘要等描述性文字可以直接修改，不需要更正记录"
    if head == "timeline":
        if rest[-1:] == ["status"]:
            return "事件的状态不能更正", "状态变化只能在时间线末尾追加事件；记录有误时在 note 中说明"
        if len(rest) != 2 or not rest[0].isdigit() or rest[1] not in EVENT_FIELDS:
            return "没有写清是第几条事件的哪个字段", f"写成 timeline.<序号>.<{'/'.join(EVENT_FIELDS)}>"
        if int(rest[0]) > len(data.get("timeline") or []):
            return f"时间线只有 {len(data.get('timeline') or [])} 条事件", "序号从 1 开始，不超过事件数"
    if head == "status":
        return "状态不能更正", "状态变化只能在时间线末尾追加事件"
    try:
        resolve(data, target)
    except LookupError:
        return "记录中没有这个字段", "先写入改正后的值，再追加更正；target 与字段名一致"
    return None


def per_record(rec: Record, ctx):
    model = rec.model
    for i, c in enumerate(getattr(model, "corrections", ())):
        bad = target_problem(rec.kind, c.target, rec.data)
        if bad:
            yield rec.loaded.report(
                ("corrections", i, "target"), "correction-target", target=c.target, why=bad[0], fix=bad[1]
            )
        if c.date > ctx.today:
            yield rec.loaded.report(
                ("corrections", i, "date"), "correction-date", n=i + 1, day=c.date, why=f"在今天（{ctx.today}）之后"
            )
        if i and c.date < model.corrections[i - 1].date:
            yield rec.loaded.report(
                ("corrections", i, "date"),
                "correction-date",
                n=i + 1,
                day=c.date,
                why=f"早于前一条更正 {model.corrections[i - 1].date}",
            )
