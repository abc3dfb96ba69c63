"""`minyi supervise`: list a suggestion as a key supervised suggestion (重点督办)."""

from __future__ import annotations

import datetime as dt

import click

from .common import date_option, open_ledger, refuse, root_option, today_option


@click.command()
@click.argument("record_id")
@click.option("--by", required=True, help="督办的代表（D-）或人大机关（DEP-，如区人大办、街道人大工委）编号。")
@click.option(
    "--level",
    required=True,
    type=click.Choice(["代表督办", "人大督办", "领导督办"]),
    help="督办方式：代表督办 / 人大督办（人大常委会或街道人大工委）/ 领导督办。",
)
@click.option("--reason", required=True, help="为什么列为重点督办（公开），如“群众投诉集中、涉及多个部门”。")
@click.option("--leader", help="领导督办时领导的职务，如“区人大常委会副主任”。")
@date_option
@root_option
@today_option
def supervise(record_id, by, level, reason, leader, day, root, today):
    """把一条意见建议列为重点督办：在 supervision 末尾追加一条督办记录（日期、督办者、方式、理由）。

    \b
    例：
      minyi supervise S-2025-0016 --by DEP-022 --level 人大督办 --reason "无人管理、涉及多个部门，群众投诉率较高"
      minyi supervise S-2026-0017 --by DEP-001 --level 领导督办 --leader 区人大常委会副主任 --reason "超过时限仍未答复"

    督办记录只能追加，不能改写或删除（拉取请求的检查会拒绝）；网站在建议页、意见建议列表（可筛选）、
    首页和开放数据中标出重点督办。
    """
    from ..actions import Refused
    from ..actions.supervise import supervise as run

    ledger = open_ledger(root)
    rec = ledger.get(record_id)
    if rec is None or rec.kind != "suggestion":
        raise click.UsageError(f"找不到建议 {record_id}")
    today = today or dt.date.today()
    try:
        path = run(ledger, record_id, by, level, reason, leader, day or today, today)
    except Refused as refused:
        refuse(refused.problems)
    count = len(ledger.get(record_id).data.get("supervision") or []) + 1
    click.echo(f"{record_id}: 重点督办（{level}，第 {count} 条督办记录）  ({path.relative_to(ledger.root).as_posix()})")


COMMANDS = (supervise,)
