"""`minyi import`: a district's existing 台账 (Excel or CSV) into records, all or nothing."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import click

from .common import open_ledger, root_option, today_option


def _commit(root: Path, paths: list[Path], source: str) -> str:
    """Commit exactly the written files, marked as an import; the new commit's short id."""
    from ..history import IMPORT_TRAILER

    name = re.sub(r"[\x00-\x1f\x7f]", "", source)[:60]
    message = f"导入台账：{len(paths)} 条意见建议（{name}）\n\n{IMPORT_TRAILER}: true\n"
    rels = [p.relative_to(root).as_posix() for p in paths]
    for args in (["add", "--", *rels], ["commit", "-q", "-F", "-", "--", *rels], ["rev-parse", "--short", "HEAD"]):
        proc = subprocess.run(["git", *args], cwd=root, input=message, capture_output=True, text=True)
        if proc.returncode:
            last = (proc.stderr.strip().splitlines() or ["git 出错"])[-1]
            click.echo(f"错误：已写入 {len(paths)} 个文件，但提交失败：{last}", err=True)
            sys.exit(2)
    return proc.stdout.strip()


def _unused(columns) -> None:
    other = "、".join(c.label for c in columns if c.field != "resident")
    private = "、".join(c.label for c in columns if c.field == "resident")
    if other:
        click.echo(f"未导入的列：{other}", err=True)
    if private:
        click.echo(f"群众个人信息，从不导入：{private}", err=True)


def _listing(planned, dry_run: bool) -> None:
    from ..lifecycle import label

    for p in planned:
        target = p.rel.rsplit("/", 1)[-1][:-5] if dry_run else p.rel
        status = p.draft.steps[-1].status
        click.echo(f"第{p.draft.row}行 → {target}  {label('suggestion', status)}  {p.draft.values['title']}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--kind", required=True, type=click.Choice(["suggestion"]), help="导入成哪类记录；目前只有 suggestion（意见建议）。")  # fmt: skip
@click.option("--mapping", "mapping_path", type=click.Path(dir_okay=False), metavar="FILE", help="映射文件（YAML）：表头 → 字段、工作表、表头行、默认值；不写则用常用表头。")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="只检查并列出将要写入的记录，不写任何文件。")
@click.option("--skip-bad", is_flag=True, help="有问题的行照样报告，但先导入其余没有问题的行（退出码仍为 1）。")
@click.option(
    "--commit", "do_commit", is_flag=True, help="写入后立即提交这些文件，提交说明带 Minyi-Import: true 尾注。"
)
@root_option
@today_option
def import_(file, kind, mapping_path, dry_run, skip_bad, do_commit, root, today):
    """导入过去的台账（.xlsx 或 .csv）：每一行成为一条意见建议，时间线按表中的日期重建。

    \b
    例：
      minyi import 2024年台账.xlsx --kind suggestion --dry-run    先检查，不写文件
      minyi import 2024年台账.xlsx --kind suggestion --commit     写入并提交（标明为导入）
      minyi import 12345工单.csv --kind suggestion --mapping 映射.yaml

    \b
    常用表头（可带空格、全角字符）：序号、收到日期、渠道（或 反映人/渠道）、代表、联络站、标题、
    问题内容、类别、所属街道、社区、地点、交办部门、协办部门、交办日期、办理时限、
    办理结果、答复日期、结果分类、满意度、办结日期、办理状态（只认不予受理）、不予受理理由。部门、代表、联络站写名称或编号都可以。
    反映人、电话、住址等列从不导入。CSV 可以是 UTF-8 或 GB18030（中文 Excel 的默认）编码。

    \b
    每个问题一行，指出第几行、哪一列：
      台账.xlsx:第12行:D列（收到日期）: error[import-date]: …

    只要有一行有问题就什么也不写（--skip-bad 则先导入其余的行）。新记录用临时编号，
    合并后 minyi assign-ids 换成正式编号。提交时要带尾注 Minyi-Import: true（--commit
    自动加上），网站才会把这些事件显示为“导入/补录”，而不是“事后 N 天录入”。
    """
    from .. import importer

    ledger = open_ledger(root)
    today = today or dt.date.today()
    source = Path(file)
    result = importer.plan(ledger, source, file, Path(mapping_path) if mapping_path else None, today)
    for problem in result.problems:
        click.echo(problem.text())
    _unused(result.unused)
    bad = len(result.bad_rows)
    if result.rows:
        click.echo(f"共 {result.rows} 行：{len(result.good)} 行可以导入，{bad} 行有问题。", err=True)
    if dry_run:
        _listing(result.good, dry_run=True)
        click.echo("试运行：没有写入任何文件 (dry run)", err=True)
        sys.exit(1 if result.problems else 0)
    if result.problems and (not skip_bad or not result.rows):
        click.echo("未写入任何文件：先改正上面的问题，或加 --skip-bad 只导入没有问题的行 (nothing written)", err=True)
        sys.exit(1)
    written = importer.write(ledger, result.good)
    _listing(result.good, dry_run=False)
    _after(ledger.root, written, source.name, do_commit)
    sys.exit(1 if result.problems else 0)


def _after(root: Path, written: list[Path], source: str, do_commit: bool) -> None:
    from ..history import IMPORT_TRAILER

    if not written:
        click.echo("没有写入任何文件。", err=True)
        return
    if do_commit:
        sha = _commit(root, written, source)
        click.echo(f"已写入并提交 {len(written)} 条意见建议（提交 {sha}，带 {IMPORT_TRAILER}: true）。", err=True)
        return
    click.echo(
        f"已写入 {len(written)} 条意见建议（临时编号）。提交时加上导入尾注，网站才会显示为“导入/补录”：\n"
        f'  git add records/ && git commit -m "导入台账（{len(written)} 条）" --trailer "{IMPORT_TRAILER}: true"',
        err=True,
    )


COMMANDS = (import_,)
