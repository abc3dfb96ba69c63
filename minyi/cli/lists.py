"""Finding and listing without opening folders: `minyi find` and `minyi list`."""

from __future__ import annotations

import datetime as dt
import sys

import click

from .common import open_ledger, root_option, today_option
from .names import Names


@click.command()
@click.argument("text")
@root_option
def find(text, root):
    """按名称、简称、编号或文字查找：代表、部门、联络站、街道（镇）、社区（村）和各类记录。

    \b
    例：
      minyi find 区住建局        → 承办部门 DEP-002
      minyi find 梨园             → 梨园街道的部门、联络站、街道、社区和建议
      minyi find s-2026-0012      编号不分大小写，全角字母数字也可以

    匹配编号、名称、简称，以及建议和项目的标题、摘要、地点；不分大小写和全角半角。
    找到时按类别列出（退出码 0），什么也没找到时说明一句（退出码 1）。
    """
    from .. import lookup

    ledger = open_ledger(root)
    found = lookup.find(Names(ledger).index, text)
    if not found:
        click.echo(f"没有找到与「{text}」相关的代表、部门、联络站、街道、社区或记录。")
        sys.exit(1)
    for group, entries in found:
        click.echo(f"{lookup.group_title(group)}（{len(entries)}）")
        for e in entries:
            detail = f"  {e.detail}" if e.detail else ""
            click.echo(f"  {e.id}  {e.name}{detail}" if e.id != e.name else f"  {e.name}{detail}")


def _statuses(kind: str, values) -> tuple[str, ...]:
    from .. import lifecycle
    from ..listing import status_code

    out = []
    for value in values:
        code = status_code(kind, value)
        if code is None:
            known = "、".join(f"{c}（{s.label}）" for c, s in lifecycle.LIFECYCLES[kind][0].items())
            raise click.UsageError(f"--status：未知状态「{value}」，可以写：{known}")
        out.append(code)
    return tuple(out)


def _filters(names: Names, kind: str, options: dict):
    from ..listing import Filters

    if options["due_within"] is not None and kind != "suggestion":
        raise click.UsageError("--due-within 只用于意见建议（项目按节点计划看是否滞后：--overdue）")
    return Filters(
        kind=kind,
        statuses=_statuses(kind, options["status"]),
        overdue=options["overdue"],
        due_within=options["due_within"],
        street=names.one(options["street"], ("street",), "--street", existing=True, partial=True),
        department=names.one(options["dept"], ("department",), "--dept", existing=True, partial=True),
        deputy=names.one(options["deputy"], ("deputy",), "--deputy", existing=True, partial=True),
        station=names.one(options["station"], ("station",), "--station", existing=True, partial=True),
        year=options["year"],
    )


@click.command("list")
@click.option(
    "--kind",
    type=click.Choice(["suggestion", "project"]),
    default="suggestion",
    show_default=True,
    help="列出意见建议（suggestion）还是民生实事项目（project）。",
)
@click.option("--overdue", is_flag=True, help="只列逾期的建议（项目：滞后于节点计划的）。")
@click.option(
    "--due-within",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="只列 DAYS 天内（含今天）到期、尚未答复的建议；与 --overdue 同用时列出两者之一。",
)
@click.option("--status", multiple=True, metavar="S", help="状态：代码或中文，如 in_progress 或 办理中；可重复。")
@click.option("--street", help="街道（镇）名称，如 梨园街道。")
@click.option("--dept", help="部门：编号或名称，如 DEP-002 或 区住建局；主办或协办都算。")
@click.option("--deputy", help="代表：编号或姓名。")
@click.option("--station", help="联络站：编号或名称。")
@click.option("--year", type=int, help="年度（建议的编号年份、项目的年度）。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="table 表格；csv、json 含代码和中文（csv 为 UTF-8 带 BOM，Excel 直接打开不乱码）；markdown 按部门分组（每周提醒的议题正文）。",
)
@root_option
@today_option
def list_(kind, fmt, root, today, **options):
    """列出符合条件的建议或项目：逾期、即将到期、按状态、街道、部门、代表、年度筛选。

    \b
    例：
      minyi list --overdue                      逾期未答复的建议，逾期最久的在前
      minyi list --due-within 7 --dept 区住建局  区住建局 7 天内到期的建议
      minyi list --status 办理中 --street 梨园街道 --format csv > 梨园.csv
      minyi list --overdue --due-within 7 --format markdown   每周提醒的议题正文

    逾期、办理时限、当前办理者与 minyi show 和网站用同一套计算（minyi/facts.py）：
    交办后（含重新办理）尚未答复、已过办理时限的为逾期。
    """
    from ..listing import broken_line, select
    from ..listing_markdown import as_markdown
    from ..listing_render import as_csv, as_json, as_table, summary

    ledger = open_ledger(root)
    filters = _filters(Names(ledger), kind, options)
    today = today or dt.date.today()
    found = select(ledger, today, filters)
    if fmt == "csv":
        click.echo(as_csv(ledger, found), nl=False)
    elif fmt == "json":
        click.echo(as_json(ledger, found, filters, today))
    elif fmt == "markdown":
        click.echo(as_markdown(ledger, found, filters, today), nl=False)
    elif found:
        click.echo(as_table(ledger, found, kind))
        click.echo(summary(found, filters, today))
    else:
        click.echo(filters.none_line(today))
    warning = broken_line(ledger, kind)
    if warning:
        click.echo(warning, err=True)


COMMANDS = (find, list_)
