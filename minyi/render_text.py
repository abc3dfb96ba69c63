"""Plain-text views of records for the terminal (`minyi show`)."""

from __future__ import annotations

import datetime as dt

from . import deadlines, facts, lifecycle
from .kinds.suggestion import OUTCOME
from .ledger import Ledger, Record


def _deadline_line(f: facts.SuggestionFacts) -> str:
    if not f.deadline:
        return "办理时限: 未交办"
    state = "已逾期" if f.overdue else "未逾期"
    left = f"，剩 {f.days_to_deadline} 天" if f.days_to_deadline is not None and not f.overdue else ""
    return f"办理时限: {f.deadline}    {state}{left}"


def _suggestion_lines(ledger: Ledger, s, today: dt.date) -> list[str]:
    office = ledger.settings.office if ledger.settings else None
    f = facts.suggestion_facts(s, today, office)
    holder = f"{ledger.name(f.holder)}({f.holder})" if f.holder else "无（已终结）"
    lines = [
        f"状态: {f.label}（{f.stage}）",
        f"类别: {s.category}    渠道: {s.channel}    地点: {s.place.street} {s.place.community or ''}",
        f"代表: {'、'.join(ledger.name(x) + f'({x})' for x in s.deputies)}",
        f"收到: {s.received}    已办: {f.days_open} 天（截至 {today}）",
        _deadline_line(f),
        f"当前办理: {holder}",
    ]
    if f.on_time is not None:
        judged = f"（按答复时有效的时限 {f.answer_deadline} 计）" if f.answer_deadline != f.deadline else ""
        lines.append(f"按期答复: {'是' if f.on_time else '否'}{judged}")
    if s.outcome:
        lines.append(f"办理结果: {OUTCOME.get(s.outcome, s.outcome)}    满意度: {s.satisfaction or '未测评'}")
    return lines


def _project_lines(p, today: dt.date) -> list[str]:
    f = facts.project_facts(p, today)
    lines = [f"状态: {f.label}    进度: {f.progress}%    主题: {p.theme}"]
    if p.vote:
        v = p.vote
        lines.append(f"票决: 赞成 {v.for_} 反对 {v.against} 弃权 {v.abstain}  {'当选' if v.selected else '未当选'}")
    return lines


def _motion_lines(ledger: Ledger, mo) -> list[str]:
    lines = [
        f"状态: {lifecycle.label('motion', mo.status)}    {mo.number}号议案    {ledger.name(mo.session)}",
        f"领衔代表: {ledger.name(mo.lead_deputy)}({mo.lead_deputy})    联名代表: {len(mo.cosigners)} 位",
    ]
    if mo.departments:
        lines.append(f"主办单位: {ledger.name(mo.departments.lead)}({mo.departments.lead})    办理期限: {mo.deadline}")
    ev = mo.evaluation
    if ev:
        lines.append(
            f"测评: {ev.result}（参加 {ev.present} 人：满意 {ev.satisfied}，"
            f"基本满意 {ev.basically_satisfied}，不满意 {ev.unsatisfied}）"
        )
    return lines


def _inquiry_lines(ledger: Ledger, q, today: dt.date) -> list[str]:
    lines = [
        f"状态: {lifecycle.label('inquiry', q.status)}    {q.meeting}    询问日期: {q.date}",
        f"被询问部门: {'、'.join(ledger.name(x) + f'({x})' for x in q.departments)}    提问: {len(q.questions)} 个",
        f"审议意见: {q.opinion or '尚未发出'}",
    ]
    for i, c in enumerate(q.commitments, 1):
        late = "，已过时限" if c.deadline < today and c.last_result != "已落实" else ""
        state = f"{c.follow_ups[-1].date} {c.last_result}" if c.follow_ups else "未跟踪"
        lines.append(f"承诺 {i}: {ledger.name(c.by)} — {c.text}（时限 {c.deadline}；{state}{late}）")
    return lines


def _opinion_lines(o, today: dt.date) -> list[str]:
    waiting = o.status in ("issued", "rehandling")
    due = f"报告期限: {o.report_due}" + ("（已超期，未收到报告）" if waiting and o.report_due < today else "")
    lines = [
        f"状态: {lifecycle.label('opinion', o.status)}    来源: {o.source}    交办: {o.issued}",
        f"{due}    问题和要求: {len(o.items)} 条    处理情况报告: {len(o.reports)} 份",
    ]
    ev = o.evaluation
    if ev:
        lines.append(
            f"测评: {ev.result}（{ev.date}，出席 {ev.present} 人：满意 {ev.satisfied}，"
            f"基本满意 {ev.basically_satisfied}，不满意 {ev.unsatisfied}）"
        )
    return lines


def show_record(ledger: Ledger, rec: Record, today: dt.date) -> str:
    d = rec.data
    lines = [f"{rec.id}  {d.get('title') or d.get('name') or ''}", f"文件: {rec.path}"]
    model = rec.model
    if model is None:
        lines.append("（这条记录的结构有问题，运行 minyi validate 查看；下面只显示原始字段）")
    elif rec.kind == "suggestion":
        lines += _suggestion_lines(ledger, model, today)
    elif rec.kind == "project":
        lines += _project_lines(model, today)
    elif rec.kind == "motion":
        lines += _motion_lines(ledger, model)
    elif rec.kind == "inquiry":
        lines += _inquiry_lines(ledger, model, today)
    elif rec.kind == "opinion":
        lines += _opinion_lines(model, today)
    events = d.get("timeline") if isinstance(d.get("timeline"), list) else []
    if events:
        lines.append("时间线:")
        for i, e in enumerate(events, 1):
            if not isinstance(e, dict):
                continue
            label = lifecycle.label(rec.kind, e.get("status"))
            progress = f" {e['progress']}%" if "progress" in e else ""
            due = deadlines.raw_event_deadline(d, i - 1) if rec.kind == "suggestion" else None
            progress += f" 时限 {due}" if due else ""
            lines.append(
                f"  {i:>2}. {e.get('date')}  {label:<5}{progress}  {ledger.name(e.get('by'))}：{e.get('note')}"
            )
    return "\n".join(lines)
