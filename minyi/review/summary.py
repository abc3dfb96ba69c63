"""The Markdown a reviewer reads first: what a change does to the ledger.

Everything in it that a pull request wrote — record ids and values, correction reasons,
file names, problem messages quoting them — is made inert first (`_inert`): one line, no
table pipes, no HTML, no links or code spans. Otherwise a correction's reason could close
its table row, print "no problems" and open an HTML comment that hides the rest.
"""

from __future__ import annotations

import re

from ..ledger import shown_path
from ..personal_data import quotable
from ..problems import errors
from .withdrawals import RULE as WITHDRAWN

ACTION = {"A": "新增", "M": "修改", "D": "删除", "R": "改名", "T": "改变类型", "C": "复制"}
WHAT = {"120000": "（符号链接）", "160000": "（子模块）", "100755": "（可执行）"}


_MARKUP = str.maketrans({"|": "\\|", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`"})


def _inert(value) -> str:
    """Text from a pull request as Markdown that shows it and does nothing else; masked if it holds
    personal data (the summary is printed in public CI logs even when the gate refuses the change)."""
    return re.sub(r"\s+", " ", str(quotable(value))).strip().translate(_MARKUP)


def summary(change, base: str, head: str | None) -> str:
    bad = errors(change.problems)
    notes = [p for p in change.problems if p.severity == "warning" and p.rule != WITHDRAWN]  # own section below
    lines = [
        f"## 民意台账变更摘要（{base} → {head or '工作区'}）",
        "",
        f"- 检查了 {change.checked} 个改动的记录文件：" + (f"**发现 {len(bad)} 个问题**" if bad else "没有发现问题 ✅"),
    ]
    if change.behind:
        lines.append(f"- 基准分支在这个分支分出之后又有 {change.behind} 个提交；按分叉点比较，只审查这个分支自己的改动")
    if change.added:
        kinds: dict[str, list[str]] = {}
        for kind, rid in change.added:
            kinds.setdefault(kind, []).append(rid)
        lines.append(
            "- 新增记录："
            + "；".join(
                f"{k} {len(v)} 条（{_inert('、'.join(v[:10]))}{'…' if len(v) > 10 else ''}）" for k, v in kinds.items()
            )
        )
    lines += _withdrawals(change.withdrawals)
    if change.moves:
        lines += ["", "### 状态变化", "", "| 记录 | 原状态 | 新状态 |", "|---|---|---|"]
        lines += [f"| {_inert(rid)} | {_inert(old)} | {_inert(new)} |" for rid, old, new in change.moves]
    if change.progress:
        lines += ["", "### 项目进度", "", "| 项目 | 原进度 | 新进度 |", "|---|---|---|"]
        lines += [f"| {_inert(rid)} | {_inert(a)}% | {_inert(b)}% |" for rid, a, b in change.progress]
    if change.corrections:
        lines += ["", "### 更正", "", "| 记录 | 字段 | 原记录 | 原因 |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(map(_inert, row)) + " |" for row in change.corrections]
    if change.code:
        lines += [
            "",
            "### 代码和配置的改动",
            "",
            "以维护者身份审查（--allow-code）：请逐项核对。"
            if change.allow_code
            else "**记录的拉取请求不能改动这些文件**，需要维护者单独审查：",
            "",
        ]
        lines += [_code_line(e) for e in change.code[:200]] + (["- …"] if len(change.code) > 200 else [])
    if notes:
        lines += ["", "### 提醒", ""] + [f"- {_inert(p.message)} — {_inert(p.fix)}" for p in notes]
    if bad:
        lines += ["", "### 问题", ""] + [
            f"- `{_code(p.path)}:{p.line}` **{p.rule}**：{_inert(p.message)} — {_inert(p.fix)}" for p in bad[:50]
        ]
    return "\n".join(lines) + "\n"


def _withdrawals(found) -> list[str]:
    """Suggestions withdrawn after assignment, first and loud: they leave their department's figures."""
    if not found:
        return []
    return [
        "",
        f"### ⚠️ 交办后撤回的建议（{len(found)} 条）：请核对撤回理由",
        "",
        "**撤回的建议不计入部门的办理统计。** 确是登记有误或重复录入才可撤回；"
        "不能用撤回让逾期、重新办理或不满意的建议从部门统计中消失。",
        "",
        "| 建议 | 承办部门 | 撤回前的情况 | 撤回理由 |",
        "|---|---|---|---|",
    ] + ["| " + " | ".join(map(_inert, (w.id, w.department, w.signs, w.reason))) + " |" for w in found]


def _code_line(e) -> str:
    path = (
        shown_path(e.new_path) if e.old_path == e.new_path else f"{shown_path(e.old_path)} → {shown_path(e.new_path)}"
    )
    return f"- {ACTION.get(e.letter, e.letter)} `{_code(path)}`{WHAT.get(e.new_mode, WHAT.get(e.old_mode, ''))}"


def _code(path: str) -> str:
    """A path inside a code span, where only a backtick could end it early."""
    return path.replace("`", "'")
