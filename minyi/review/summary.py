"""The Markdown a reviewer reads first: what a change does to the ledger."""
from __future__ import annotations

from ..problems import errors


def summary(change, base: str, head: str | None) -> str:
    bad = errors(change.problems)
    notes = [p for p in change.problems if p.severity == "warning"]
    lines = [f"## 民意台账变更摘要（{base} → {head or '工作区'}）", "",
             f"- 检查了 {change.checked} 个改动的记录文件：" + (f"**发现 {len(bad)} 个问题**" if bad else "没有发现问题 ✅")]
    if change.added:
        kinds: dict[str, list[str]] = {}
        for kind, rid in change.added:
            kinds.setdefault(kind, []).append(rid)
        lines.append("- 新增记录：" + "；".join(f"{k} {len(v)} 条（{'、'.join(v[:10])}{'…' if len(v) > 10 else ''}）"
                                           for k, v in kinds.items()))
    if change.moves:
        lines += ["", "### 状态变化", "", "| 记录 | 原状态 | 新状态 |", "|---|---|---|"]
        lines += [f"| {rid} | {old} | {new} |" for rid, old, new in change.moves]
    if change.progress:
        lines += ["", "### 项目进度", "", "| 项目 | 原进度 | 新进度 |", "|---|---|---|"]
        lines += [f"| {rid} | {a}% | {b}% |" for rid, a, b in change.progress]
    if change.corrections:
        lines += ["", "### 更正", "", "| 记录 | 字段 | 原记录 | 原因 |", "|---|---|---|---|"]
        lines += [f"| {rid} | {target} | {previous} | {reason} |" for rid, target, previous, reason in change.corrections]
    if notes:
        lines += ["", "### 提醒", ""] + [f"- {p.message} — {p.fix}" for p in notes]
    if bad:
        lines += ["", "### 问题", ""] + [f"- `{p.path}:{p.line}` **{p.rule}**：{p.message} — {p.fix}" for p in bad[:50]]
    return "\n".join(lines) + "\n"
