"""Timelines tell the truth: dated in order, legal steps only, status matching the last step,
and the facts each status promises (deadline, answer, outcome, reason, progress) present."""
from __future__ import annotations

import datetime as dt

from .. import lifecycle
from ..ledger import Record


def _date(text):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def timeline_problems(rec: Record, today: dt.date):
    """The checks shared by every tracked kind; also used by `minyi advance` before it writes."""
    kind, data, loaded = rec.kind, rec.data, rec.loaded
    events = data.get("timeline") or []
    if not events:
        return
    first = events[0].get("status")
    start = lifecycle.initial(kind)
    if first != start:
        yield loaded.problem(("timeline", 0, "status"), "timeline-start",
                             f"时间线第一步应是 {start}（{lifecycle.label(kind, start)}），而不是 {first} (timeline start)",
                             f"在最前面补上 {start} 事件")
    previous = None
    for i, event in enumerate(events):
        day = _date(event.get("date"))
        if day and previous and day < previous:
            yield loaded.problem(("timeline", i, "date"), "timeline-date-order",
                                 f"第 {i + 1} 条事件的日期 {day} 早于上一条 {previous} (dates must not decrease)",
                                 "按发生先后追加事件；补录请用新事件并在 note 中说明")
        if day and day > today:
            yield loaded.problem(("timeline", i, "date"), "timeline-future",
                                 f"第 {i + 1} 条事件的日期 {day} 在今天（{today}）之后 (date in the future)",
                                 "只记录已经发生的事，日期写实际发生日")
        previous = day or previous
        if i:
            old, new = events[i - 1].get("status"), event.get("status")
            if not lifecycle.is_legal(kind, old, new):
                message, fix = lifecycle.step_error(kind, old, new)
                yield loaded.problem(("timeline", i, "status"), "transition-illegal", message, fix)
    last = events[-1].get("status")
    if data.get("status") != last:
        yield loaded.problem(("status",), "status-mismatch",
                             f"status 是 {data.get('status')}，但时间线最后一步是 {last} (status must equal last event)",
                             f"把 status 改成 {last}，或在时间线末尾追加新事件")


def _suggestion(rec: Record):
    data, loaded = rec.data, rec.loaded
    events = data["timeline"]
    statuses = [e.get("status") for e in events]
    status = data.get("status")
    if data.get("received") != events[0].get("date"):
        yield loaded.problem(("received",), "received-mismatch",
                             f"received 是 {data.get('received')}，第一条事件日期是 {events[0].get('date')} (received date)",
                             "让两者一致：received 就是收到建议的那一天")
    if "assigned" in statuses:
        assigned_on = events[statuses.index("assigned")].get("date")
        if "departments" not in data:
            yield loaded.problem(("status",), "assignee-missing", "已经交办，但没有写承办部门 (no department)",
                                 "添加 departments: {lead: DEP-xxx}")
        if "deadline" not in data:
            yield loaded.problem(("status",), "deadline-missing", "已经交办，但没有办理时限 (no deadline)",
                                 "添加 deadline: \"YYYY-MM-DD\"（默认交办日起若干天，见 records/ledger.yaml）")
        elif _date(data["deadline"]) and _date(assigned_on) and _date(data["deadline"]) <= _date(assigned_on):
            yield loaded.problem(("deadline",), "deadline-before-assign",
                                 f"办理时限 {data['deadline']} 不晚于交办日期 {assigned_on} (deadline before assignment)",
                                 "deadline 应在交办日期之后")
    if status in lifecycle.ANSWERED and "answer" not in data:
        yield loaded.problem(("status",), "answer-missing", f"状态是 {status}，但没有答复内容 (no answer)",
                             "添加 answer: {date, by, text}")
    if "satisfaction" in data and "answered" not in statuses:
        yield loaded.problem(("satisfaction",), "satisfaction-too-early", "尚未答复，就填写了满意度 (satisfaction before answer)",
                             "先记录 answered 事件和答复内容，再填写满意度")
    if status == "closed" and "outcome" not in data:
        yield loaded.problem(("status",), "outcome-missing", "已办结，但没有办理结果分类 (no outcome)",
                             "添加 outcome: solved / in_hand / explained")
    if status == "not_accepted" and "not_accepted_reason" not in data:
        yield loaded.problem(("status",), "reason-missing", "不予受理，但没有写理由 (no reason)",
                             "添加 not_accepted_reason: ...")
    if status == "merged" and "merged_into" not in data:
        yield loaded.problem(("status",), "merge-target-missing", "已合并，但没有写合并到哪一条 (no merged_into)",
                             "添加 merged_into: S-xxxx-xxxx")


def _project(rec: Record):
    data, loaded = rec.data, rec.loaded
    events = data["timeline"]
    last_progress, last_at = None, None
    for i, event in enumerate(events):
        if "progress" not in event:
            continue
        if last_progress is not None and event["progress"] < last_progress:
            yield loaded.problem(("timeline", i, "progress"), "progress-decrease",
                                 f"进度从 {last_progress}% 降到 {event['progress']}% (progress decreased)",
                                 "进度只增不减；如有返工，在 note 中说明并保持原进度")
        last_progress, last_at = event["progress"], i
    if last_progress is not None and data.get("progress") != last_progress:
        yield loaded.problem(("progress",), "progress-mismatch",
                             f"progress 是 {data.get('progress')}，时间线第 {last_at + 1} 条记录的是 {last_progress} (progress mismatch)",
                             f"把 progress 改成 {last_progress}")
    if data.get("status") in lifecycle.DONE_PROJECT and data.get("progress") != 100:
        yield loaded.problem(("progress",) if "progress" in data else ("status",), "progress-incomplete",
                             f"状态是 {data.get('status')}，进度应为 100，实际是 {data.get('progress')} (completed below 100%)",
                             "完工事件写 progress: 100，并把 progress 改成 100")


def per_record(rec: Record, ctx):
    if rec.kind not in lifecycle.LIFECYCLES:
        return
    yield from timeline_problems(rec, ctx.today)
    yield from (_suggestion if rec.kind == "suggestion" else _project)(rec)
