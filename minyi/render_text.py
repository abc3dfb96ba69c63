"""Plain-text views of records for the terminal (`minyi show`)."""
from __future__ import annotations

import datetime as dt

from . import facts, lifecycle
from .ledger import Ledger, Record


def show_record(ledger: Ledger, rec: Record, today: dt.date) -> str:
    d = rec.data
    lines = [f"{rec.id}  {d.get('title') or d.get('name') or ''}", f"文件: {rec.path}"]
    if rec.kind == "suggestion":
        f = facts.suggestion_facts(d, today, ledger.settings.get("office"))
        holder = f"{ledger.name(f['holder'])}({f['holder']})" if f["holder"] else "无（已终结）"
        lines += [
            f"状态: {d['status']}（{f['label']}，{f['stage']}）",
            f"类别: {d.get('category')}    渠道: {d.get('channel')}    地点: {d['place'].get('street')} {d['place'].get('community', '')}",
            f"代表: {'、'.join(ledger.name(x) + f'({x})' for x in d.get('deputies', []))}",
            f"收到: {d.get('received')}    已办: {f['days_open']} 天（截至 {today}）",
            f"办理时限: {f['deadline'] or '未交办'}" + (f"    {'已逾期' if f['overdue'] else '未逾期'}"
                                                      + (f"，剩 {f['days_to_deadline']} 天" if f['days_to_deadline'] is not None and not f['overdue'] else "")
                                                      if f['deadline'] else ""),
            f"当前办理: {holder}",
        ]
        if f["on_time"] is not None:
            lines.append(f"按期答复: {'是' if f['on_time'] else '否'}")
        if d.get("outcome"):
            lines.append(f"办理结果: {d['outcome']}    满意度: {d.get('satisfaction', '未测评')}")
    elif rec.kind == "project":
        f = facts.project_facts(d, today)
        lines += [f"状态: {d['status']}（{f['label']}）    进度: {f['progress']}%    主题: {d.get('theme')}"]
        if d.get("vote"):
            v = d["vote"]
            lines.append(f"票决: 赞成 {v['for']} 反对 {v['against']} 弃权 {v['abstain']}  {'当选' if v['selected'] else '未当选'}")
    if "timeline" in d:
        lines.append("时间线:")
        for i, e in enumerate(d["timeline"], 1):
            label = lifecycle.label(rec.kind, e["status"])
            progress = f" {e['progress']}%" if "progress" in e else ""
            lines.append(f"  {i:>2}. {e['date']}  {label:<5}{progress}  {ledger.name(e['by'])}：{e['note']}")
    return "\n".join(lines)
