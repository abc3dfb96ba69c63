"""Commands about the ledger on past days: what changed between two of them."""

from __future__ import annotations

import sys

import click

from .common import iso_date, ledger_root, root_option


@click.command("diff")
@click.option(
    "--since", callback=iso_date, required=True, metavar="YYYY-MM-DD", help="从哪一天的台账比起（含这一天的提交）。"
)
@click.option("--until", callback=iso_date, default=None, metavar="YYYY-MM-DD", help="比到哪一天的台账；默认现在。")
@root_option
def diff(since, until, root):
    """列出两天之间台账的变化：新增的记录、状态变化、更正、其他修改和删除。

    每一天的台账是 main 上那一天及以前最后一次提交的记录（按提交进入 main 的日期），
    与 minyi build --as-of 那一天生成的网站一致。早于第一次提交的日期按空台账比较。

    \b
    例：
      minyi diff --since 2025-01-01 --until 2025-06-30
    """
    from ..datediff import as_text, between
    from ..snapshot import NoSnapshot

    if until is not None and until < since:
        raise click.BadParameter(f"--until {until} 早于 --since {since}", param_hint="--until")
    base = ledger_root(root)
    try:
        found = between(base, since, until)
    except NoSnapshot as missing:
        click.echo(f"错误：{missing}", err=True)
        sys.exit(2)
    click.echo(as_text(found, since, until))


COMMANDS = (diff,)
