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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text 给人看；json 给工具用。",
)
def validate(paths, root, today, fmt):
    """检查台账记录，一次列出全部问题。

    每个问题一行：文件:行:列: error[规则编号]: 说明 — 修改方法。
    规则编号可在 docs/errors.md（错误目录）中搜索。在 GitHub Actions 中
    还会输出 ::error 注解，问题直接显示在 PR 的对应行上。

    PATHS 为空时检查整个台账；给出文件或目录时只报告这些文件的问题
    （引用检查仍然对照整个台账）。本命令从不修改任何文件。

    退出码：0 无问题，1 有记录问题，2 用法错误。
    """
    from ..answer import problems_only

    base = ledger_root(root)
    only = _select(base, paths) if paths else None
    started = dt.datetime.now()
    n, problems = problems_only(base, today or dt.date.today(), only, cache=ledger_cache(base))
    report(problems, fmt)
    if fmt == "text":
        secs = (dt.datetime.now() - started).total_seconds()
        bad = len(errors(problems))
        summary = f"检查了 {n if only is None else len(only)} 个记录文件，用时 {secs:.2f} 秒：" + (
            f"发现 {bad} 个问题 (errors)" if bad else "没有发现问题 (ok)"
        )
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
            raise click.UsageError(f"{raw} 不在台账 {base} 之内") from None
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
@click.option(
    "--allow-code",
    is_flag=True,
    help="维护者的审查：records/ 以外的改动只列在摘要里，不算问题；记录照常检查。只用于维护者的工作流。",
)
@click.option(
    "--published",
    is_flag=True,
    help="BASE 是网站上次发布的提交（网站 data/build.json 中的 commit）：它必须在 HEAD 的历史中。",
)
@root_option
@today_option
def check_change(base, head, root, today, allow_code, published):
    """审查一次变更（拉取请求）：BASE 是基准分支，HEAD 默认是当前工作区。

    \b
    拉取请求：minyi check-change origin/main HEAD
      比较 HEAD 从基准分支分出之后的改动（基准分支之后又有新提交是正常的）；
      新记录的编号还要和基准分支现在的编号比对。两者没有共同历史时拒绝。
    发布前：minyi check-change --published 上次发布的提交 HEAD
      上次发布的提交必须在 HEAD 的历史中，否则说明 main 被强制推送改写过
      （history-rewritten），不发布；然后像拉取请求一样审查其间所有记录的改动。
    维护者：minyi check-change --allow-code origin/main HEAD

    除了检查改动过的记录，还拒绝：删除或改名记录（改成 .bak 等非记录文件名也算
    删除）、改动编号、改写已记录的事实、跳过流程的状态变化、新记录编号与基准分支
    冲突；records/ 中不是记录的文件（其他扩展名、未知目录、符号链接、子模块、可执行
    文件）；以及 records/ 以外的任何改动（code-changed）：代码、schema、网站生成器、
    mkdocs.yml（其中的 hooks 会在生成网站时运行 Python）、脚本、工作流、
    .gitattributes、子模块和 docs/。docs/ 也算：Markdown 里的 HTML 原样进入公开网站。
    这些改动由维护者在单独的拉取请求中审查，用 --allow-code 检查。

    问题的格式与 minyi validate 相同。变更摘要（新增记录、状态变化、项目进度、
    代码和配置的改动、提醒）写入 $GITHUB_STEP_SUMMARY，不在 GitHub Actions 中时打印出来。

    退出码：0 无问题，1 有问题（包括历史被改写），2 用法错误（如 BASE 不存在）。
    """
    import git

    from ..review import check_change as run
    from ..review import summary

    base_dir = ledger_root(root)
    try:
        change = run(base_dir, base, head, today or dt.date.today(), allow_code=allow_code, published=published)
    except git.GitCommandError as exc:
        raise click.UsageError(f"无法比较 {base} 和 {head or '工作区'}：{exc.stderr.strip() or exc}") from None
    except git.InvalidGitRepositoryError:
        raise click.UsageError(f"{base_dir} 不是 git 仓库") from None
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
