"""How `minyi advance` and `minyi withdraw` talk to the clerk about a step they refused, and which records can be withdrawn.

The step is checked by writing it in memory and validating that text, so the validator's
problems point at lines of a file that was never written. Here they are said in terms of
the command instead: a missing fact names the option that supplies it (the catalogue's
`flag`), an illegal step names the steps that are possible, and an unknown status gets
a did-you-mean. Problems the file already had keep their lines: the clerk must open it.
"""

from __future__ import annotations

import sys

import click

from .. import kinds, lifecycle
from ..catalog import RULES


def status_of(kind: str, typed: str) -> str:
    """The status code for what was typed (code in any case, or Chinese label); a usage error if unknown."""
    code = lifecycle.status_code(kind, typed)
    if code is not None:
        return code
    statuses = lifecycle.LIFECYCLES[kind][0]
    guess = lifecycle.status_guess(kind, typed)
    near = f"你是不是想写 {guess}（{statuses[guess].label}）？" if guess else ""
    known = "、".join(f"{c}（{s.label}）" for c, s in statuses.items())
    raise click.UsageError(f"未知状态「{typed}」。{near}可用的状态（写代码或中文都可以）：{known}")


def refuse_step(record_id: str, refused) -> None:
    """Print why the step was refused and exit 1: the option to add, or the step that is possible."""
    click.echo(f"{record_id}：未写入任何文件，原因如下 (refused, nothing written):", err=True)
    for p in refused.problems:
        if not getattr(refused, "unwritten", False) and p.rule != "transition-illegal":
            click.echo(p.text(), file=sys.stderr)  # the file itself is broken: its lines are real
            continue
        fix = RULES[p.rule].flag or p.fix
        click.echo(f"错误[{p.rule}]：{p.message} — {fix}", err=True)
    sys.exit(1)


def withdrawable(names, text: str):
    """The record `minyi withdraw` names, if its kind has a withdrawn status; else a usage error saying which kinds do."""
    able = lifecycle.kinds_with("withdrawn")
    titles = "、".join(kinds.get(k).title for k in able)
    rec = names.record(text, what=titles)
    if rec.kind not in able:
        raise click.UsageError(f"{rec.id} 是{kinds.get(rec.kind).title}，不能撤回：只有{titles}可以撤回")
    return rec
