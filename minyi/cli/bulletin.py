"""`minyi report`: the bulletin districts publish (月度通报), for a month, a quarter or a year."""

from __future__ import annotations

import datetime as dt
import sys

import click

from .common import ledger_cache, ledger_root, report, root_option, today_option

_PERIODS = ("month", "quarter", "year")


@click.command("report")
@click.option("--month", metavar="YYYY-MM", help="按月通报，如 2026-10。")
@click.option("--quarter", metavar="YYYY-Qn", help="按季度通报，如 2026-Q3。")
@click.option("--year", metavar="YYYY", help="按年度通报，如 2026。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "csv"]),
    default="markdown",
    show_default=True,
    help="markdown 给办事员看、可直接粘贴或打印；csv 与网站开放数据中每月的通报表相同（UTF-8 带 BOM）。",
)
@root_option
@today_option
def report_command(month, quarter, year, fmt, root, today):
    """生成通报（月度通报）：合计、按承办部门、按街道（镇）的件数和比率，以及本期办结的意见建议。

    \b
    本期：收到、交办、按期答复、逾期答复、办结、满意和不满意件数，按时间线上事件的日期计数。
    期末：未办结、逾期件数，办结率、按期办结率等比率；是统计期间最后一天的状态
          （本期尚未结束的为今天），公式与网站驾驶舱相同。口径印在通报里。

    --month、--quarter、--year 三选一。台账有错误时不生成（先运行 minyi validate）。

    \b
    例：
      minyi report --month 2026-10
      minyi report --quarter 2026-Q3 --format csv > 2026-Q3.csv
    """
    from ..bulletin import department_names, of_ledger
    from ..bulletin_text import csv_text, markdown
    from ..period import PeriodError, parse
    from ..problems import errors
    from ..validate import validate

    given = {k: v for k, v in zip(_PERIODS, (month, quarter, year), strict=True) if v is not None}
    if len(given) != 1:
        raise click.UsageError("--month、--quarter、--year 必须给出且只给出一个，如 --month 2026-10")
    (kind, text), today = next(iter(given.items())), today or dt.date.today()
    try:
        period = parse(kind, text)
    except PeriodError as bad:
        raise click.BadParameter(str(bad), param_hint=f"--{kind}") from None
    if period.start > today:
        raise click.BadParameter(f"{period.label}还没有开始（今天是 {today}）", param_hint=f"--{kind}")
    base = ledger_root(root)
    ledger, problems = validate(base, today, cache=ledger_cache(base))
    if errors(problems):
        report(errors(problems), "text", sys.stderr)
        click.echo(
            f"错误：台账有 {len(errors(problems))} 个问题，未生成通报；修正后再运行（minyi validate 列出同样的问题）",
            err=True,
        )
        sys.exit(1)
    found = of_ledger(ledger, period, today)
    if fmt == "csv":
        click.echo(csv_text(found), nl=False)
    else:
        click.echo(markdown(found, department_names(r.model for r in ledger.of("department"))), nl=False)


COMMANDS = (report_command,)
