"""Commands that only read the ledger and judge it: whole-ledger checks and pull-request review."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from ..problems import errors
from .common import ledger_cache, ledger_root, report, root_option, today_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@root_option
@today_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text 给人看；json 给工具用。")
def validate(paths, root, today, fmt):
    """检查台账记录，一次列出全部问题。

    每个问题一行：文件:行:列: error[规则编号]: 说明 — 修改方法。
    规则编号可在 docs/errors.md（错误目录）中搜索。在 GitHub Actions 中
    还会输出 ::error 注解，问题直接显示在 PR 的对应行上。

    PATHS 为空时检查整个台账；给出文件或目录时只报告这些文件的问题
    （引用检查仍然对照整个台账）。本命令从不修改任何文件。

    退出码：0 无问题，1 有记录问题，2 用法错误。
    """
    from ..validate import problems_only

    base = ledger_root(root)
    only = _select(base, paths) if paths else None
    started = dt.datetime.now()
    n, problems = problems_only(base, today or dt.date.today(), only, cache=ledger_cache(base))
    report(problems, fmt)
    if fmt == "text":
        secs = (dt.datetime.now() - started).total_seconds()
        bad = len(errors(problems))
        summary = (f"检查了 {n if only is None else len(only)} 个记录文件，用时 {secs:.2f} 秒："
                   + (f"发现 {bad} 个问题 (errors)" if bad else "没有发现问题 (ok)"))
        click.echo(summary, err=True)
    sys.exit(1 if errors(problems) else 0)


def _select(base: Path, paths) -> set[str]:
    """Turn PATH arguments (files or folders, absolute or relative) into record paths."""
    from ..ledger import record_files

    wanted = set()
    every = record_files(base)
    for raw in paths:
        p = Path(raw).resolve()
        try:
            rel = p.relative_to(base).as_posix()
        except ValueError:
            raise click.UsageError(f"{raw} 不在台账 {base} 之内")
        if p.is_dir():
            wanted.update(f for f in every if f == rel or f.startswith(rel.rstrip("/") + "/") or rel == ".")
        elif p.is_file():
            wanted.add(rel)
        else:
            raise click.UsageError(f"找不到 {raw}")
    return wanted


@click.command("check-change")
@click.argument("base")
@click.argument("head", required=False)
@root_option
@today_option
def check_change(base, head, root, today):
    """审查一次变更（拉取请求）：BASE 是基准分支，HEAD 默认是当前工作区。

    除了检查改动过的记录，还拒绝：删除或改名记录、改动编号、修改/调换/删除
    已有的时间线事件、跳过流程的状态变化、没有更正说明就改动票数、新记录
    编号与基准分支冲突。问题的格式与 minyi validate 相同。

    变更摘要（新增记录、状态变化、项目进度、提醒）写入 $GITHUB_STEP_SUMMARY，
    不在 GitHub Actions 中时打印出来。
    """
    import git

    from ..review import check_change as run, summary

    base_dir = ledger_root(root)
    try:
        change = run(base_dir, base, head, today or dt.date.today())
    except git.GitCommandError as exc:
        raise click.UsageError(f"无法比较 {base} 和 {head or '工作区'}：{exc.stderr.strip() or exc}")
    except git.InvalidGitRepositoryError:
        raise click.UsageError(f"{base_dir} 不是 git 仓库")
    report(change.problems)
    text = summary(change, base, head)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, err=True)
    sys.exit(1 if errors(change.problems) else 0)



COMMANDS = (validate, check_change)
