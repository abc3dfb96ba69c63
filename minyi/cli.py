"""The `minyi` command: the clerk's whole toolbox. Help texts double as documentation.

Exit codes: 0 clean, 1 record problems, 2 usage errors (bad arguments, no ledger).
No command prints a traceback: record problems are reported as `Problem`s, and any
usage error as one line starting with "错误".
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from .ledger import NotALedger, find_root
from .problems import Problem, errors, to_json


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"应为 YYYY-MM-DD 日期，得到 {value!r}")


def _root(path: str | None) -> Path:
    try:
        return find_root(Path(path) if path else None)
    except NotALedger as exc:
        raise click.UsageError(str(exc))


def report(problems: list[Problem], fmt: str = "text", stream=None) -> None:
    """Print problems for a human, for GitHub annotations, or as JSON for tools."""
    stream = stream or sys.stdout
    if fmt == "json":
        click.echo(to_json(problems), file=stream)
        return
    for p in problems:
        click.echo(p.text(), file=stream)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            click.echo(p.github(), file=stream)


root_option = click.option("--root", type=click.Path(file_okay=False), default=None,
                           help="台账仓库根目录（含 records/ledger.yaml）；默认从当前目录向上查找。")
today_option = click.option("--today", callback=_date, default=None, metavar="YYYY-MM-DD",
                            help="把“今天”固定为这一天（用于可重复的检查和测试）；默认是系统日期。")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="minyi-ledger")
def main():
    """民意台账（Minyi Ledger）命令行工具。

    \b
    常用流程：
      minyi new suggestion            新建一条意见建议（生成带注释的模板）
      minyi advance ID STATUS ...     推进状态：在时间线末尾追加一条事件
      minyi show ID                   查看记录和派生信息（已办天数、是否逾期）
      minyi validate                  检查整个台账，列出所有问题
      minyi build / minyi serve       生成并预览公开网站
    """


@main.command()
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
    from .validate import validate as run

    base = _root(root)
    only = _select(base, paths) if paths else None
    started = dt.datetime.now()
    ledger, problems = run(base, today, only)
    report(problems, fmt)
    if fmt == "text":
        n = sum(len(v) for v in ledger.records.values())
        secs = (dt.datetime.now() - started).total_seconds()
        bad = len(errors(problems))
        summary = (f"检查了 {n if only is None else len(only)} 个记录文件，用时 {secs:.2f} 秒："
                   + (f"发现 {bad} 个问题 (errors)" if bad else "没有发现问题 (ok)"))
        click.echo(summary, err=True)
    sys.exit(1 if errors(problems) else 0)


def _select(base: Path, paths) -> set[str]:
    """Turn PATH arguments (files or folders, absolute or relative) into record paths."""
    from .ledger import record_files

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


def run():  # pragma: no cover - console entry for `python -m minyi`
    main()
