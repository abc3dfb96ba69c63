"""Pieces every `minyi` command shares: the --root/--today/--date options, finding and
loading the ledger, and printing problems. Kept here so the exit-code contract
(1 record problems, 2 usage) is decided in one place rather than per command.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from ..ledger import NotALedger, find_root
from ..problems import Problem, to_json


def iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"应为 YYYY-MM-DD 日期，得到 {value!r}") from None


def ledger_root(path: str | None) -> Path:
    try:
        return find_root(Path(path) if path else None)
    except NotALedger as exc:
        raise click.UsageError(str(exc)) from None


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


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False),
    metavar="DIRECTORY",  # click names the type in the language active when the module is imported
    default=None,
    help="台账仓库根目录（含 records/ledger.yaml）；默认从当前目录向上查找。",
)
today_option = click.option(
    "--today",
    callback=iso_date,
    default=None,
    metavar="YYYY-MM-DD",
    help="把“今天”固定为这一天（用于可重复的检查和测试）；默认是系统日期。",
)

date_option = click.option(
    "--date", "day", callback=iso_date, default=None, metavar="YYYY-MM-DD", help="事件发生的日期；默认今天。"
)


def ledger_cache(base: Path):
    """The one cache of this command run (see minyi/cache.py), handed down to every layer using it."""
    from ..cache import Cache

    return Cache.for_ledger(base)


def open_ledger(root):
    """Load the ledger for commands that need it whole; usage errors become exit 2."""
    return open_ledger_with_cache(root)[0]


def open_ledger_with_cache(root):
    """The ledger and the cache it was loaded through, for commands that read more (history)."""
    from ..validate import load_ledger

    base = ledger_root(root)
    cache = ledger_cache(base)
    ledger, _, _ = load_ledger(base, cache)
    if ledger.settings is None:  # every command that changes or explains records reads the settings
        raise click.UsageError("台账设置 records/ledger.yaml 缺失或有错误，先运行 minyi validate 并修正它")
    return ledger, cache


def open_record_with_cache(root, record_id: str):
    """The settings and one record for a command about that record, the cache beside them: two files
    read when the record sits at its expected path (a city ledger holds 100,000), else the whole ledger."""
    from ..ledger import SETTINGS_FILE, expected_path, kind_of_id
    from ..validate import load_files

    base = ledger_root(root)
    kind = kind_of_id(record_id)
    if kind is not None:
        ledger = load_files(base, [SETTINGS_FILE, expected_path(kind, record_id)])
        if ledger.settings is not None and ledger.get(record_id) is not None:
            return ledger, ledger_cache(base)
    return open_ledger_with_cache(root)


def check_places(settings, street: str | None, community: str | None = None) -> None:
    """Refuse a --street or --community outside the ledger's vocabulary with the validator's words and did-you-mean."""
    from .. import places
    from ..catalog import words

    for flag, verdict in places.flag_verdicts(settings.streets, street, community):
        message, fix = words(verdict.rule, verdict.variant, **verdict.facts)
        raise click.BadParameter(f"{message} — {fix}", param_hint=f"'{flag}'")


def refuse(problems) -> None:
    click.echo("未写入任何文件，原因如下 (refused, nothing written):", err=True)
    report(problems, "text", sys.stderr)
    sys.exit(1)
