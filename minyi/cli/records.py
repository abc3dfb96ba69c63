"""Commands that create, change or inspect single records: what a clerk does day to day."""

from __future__ import annotations

import dataclasses
import datetime as dt

import click

from ..actions import creatable
from .common import (
    check_places,
    date_option,
    iso_date,
    open_ledger,
    open_record_with_cache,
    refuse,
    root_option,
    today_option,
)
from .names import Names

# `show`, `correct` and `history` also take a deputy's, department's or station's name for its id.
NAMED = ("deputy", "department", "station")


@click.group()
def new():
    """新建一条记录：生成带 schema 行和注释的文件，并打印它的路径。

    新记录使用临时编号（如 S-2026-TMP-3f9a2c），两位办事员在不同分支上
    同时新建也不会冲突；合并到 main 后运行 minyi assign-ids 换成正式编号。
    生成的文件一定能通过 minyi validate，否则什么也不写。
    """


def _create(root, kind, values, day, today):
    from .. import kinds
    from ..actions import Refused
    from ..actions.scaffold import new_record

    ledger = open_ledger(root)
    values = Names(ledger).options(kinds.get(kind), values)
    check_places(ledger.settings, values.get("street"), values.get("community"))
    today = today or dt.date.today()
    day = day or today  # --today fixes the day of the first event too
    try:
        path = new_record(ledger, kind, values, day, today)
    except Refused as refused:
        refuse(refused.problems)
    click.echo(path.relative_to(ledger.root).as_posix())


def _new_command(spec):
    """`minyi new <kind>`, built from the kind's declared options, so a new kind needs no CLI code."""

    def command(root, today, day=None, **values):
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
        _create(root, spec.name, values, day, today)

    command.__doc__ = spec.new_help or f"新建一条{spec.title}记录。"
    command = root_option(today_option(command))
    if spec.dated:
        command = date_option(command)
    for opt in reversed(spec.new_options):
        kind = click.Choice(list(opt.choices)) if opt.choices else opt.type
        command = click.option(
            opt.flag, opt.name, required=opt.required, multiple=opt.multiple, type=kind, help=opt.help
        )(command)
    return new.command(spec.name)(command)


for _spec in creatable():
    _new_command(_spec)


def _counts(ctx, param, value):
    """--evaluation 42,30,9,3: four whole numbers."""
    if value is None:
        return None
    parts = value.replace("，", ",").split(",")
    if len(parts) != 4 or not all(p.strip().isdigit() for p in parts):
        raise click.BadParameter(f"应写成 出席,满意,基本满意,不满意 四个整数，如 42,30,9,3，得到 {value!r}")
    return tuple(int(p) for p in parts)


@click.command()
@click.argument("record_id")
@click.argument("status")
@click.option("--by", required=True, help="办理这一步的代表、部门或联络站：编号或名称（人大办也是部门）。")
@click.option("--note", required=True, help="向公众说明这一步做了什么（不含个人信息）。")
@date_option
@click.option("--lead", help="交办（assigned）时的主办部门：编号或名称，如 DEP-002 或 区住建局。")
@click.option("--assist", multiple=True, help="交办时的协办部门：编号或名称，可重复。")
@click.option(
    "--deadline",
    callback=iso_date,
    help="交办时的办理时限，默认交办日加台账设置的天数；审议意见重新办理（rehandling）时的新报告期限。",
)
@click.option(
    "--answer",
    help="答复（answered）时的答复内容摘要；议案报告（reported）、审议意见已报告（report_received）时的处理情况报告摘要。",
)
@click.option(
    "--outcome",
    type=click.Choice(["solved", "in_hand", "explained"]),
    help="办结（closed）时的结果：solved 已解决 / in_hand 正在解决或列入计划 / explained 解释说明。",
)
@click.option("--satisfaction", type=click.Choice(["满意", "基本满意", "不满意"]), help="群众或代表的满意度。")
@click.option(
    "--reason",
    help="不予受理（not_accepted）、撤回（withdrawn）或议案不予立案（not_filed）的理由；撤回也可用 minyi withdraw。",
)
@click.option("--into", help="合并（merged）到的建议编号（大小写不限）。")
@click.option("--progress", type=click.IntRange(0, 100), help="项目进度百分比（项目 in_progress 时）。")
@click.option(
    "--evaluation",
    callback=_counts,
    metavar="出席,满意,基本满意,不满意",
    help="议案办结（closed）或重新办理（reopened）时代表满意度测评的人数和票数，如 42,30,9,3；议案的测评结果必须用 --satisfaction 写明。"
    "审议意见测评（evaluated）时是常委会组成人员的测评，结果按票数得出。",
)
@click.option("--opinion", help="专题询问发出审议意见（opinion_issued）时，那份审议意见的编号。")
@root_option
@today_option
def advance(record_id, status, by, note, day, root, today, **options):
    """推进一条建议、项目、议案、专题询问或审议意见：在时间线末尾追加事件，并更新 status。

    
    例：
      minyi advance S-2024-0042 assigned --by DEP-001 --lead DEP-002 --note "交办区住建局"
      minyi advance S-2024-0042 answered --by DEP-002 --answer "已列入年度计划" --note "书面答复"
      minyi advance S-2024-0042 closed --by DEP-001 --outcome solved --satisfaction 满意 --note "回访办结"
      minyi advance MO-2024-01 closed --by DEP-001 --evaluation 42,30,9,3 --satisfaction 满意 --note "代表测评满意"
      minyi advance OP-2025-03 evaluated --by DEP-001 --evaluation 27,15,8,4 --note "常委会满意度测评"
      minyi advance OP-2025-02 rehandling --by DEP-001 --deadline 2026-12-31 --note "测评不满意，重新办理"

    审议意见的处理情况报告用 --answer、测评用 --evaluation 随这一步写入；专题询问的提问、
    承诺和跟踪先在文件中追加，再用本命令记录这一步；缺了就会被拒绝。
    不合流程的跳转（如 received 直接 closed）会被拒绝，提示与 minyi validate
    相同；文件的注释、字段顺序和格式保持不变，只在末尾追加新内容。
    """
    from ..actions import Refused
    from ..actions.advance import advance as run
    from ..actions.advance import step_fields
    from ..lifecycle import LIFECYCLES
    from .steps import refuse_step, status_of  # the error catalogue: loaded only by the commands that need it

    ledger = open_ledger(root)
    names = Names(ledger)
    rec = names.record(record_id, tuple(LIFECYCLES), what="有办理流程的记录（建议、项目、议案、专题询问、审议意见）")
    record_id, by = rec.id, names.actor(by)
    options.update(
        lead=names.one(options["lead"], ("department",), "--lead"),
        assist=names.each(options["assist"], ("department",), "--assist"),
        into=names.one(options["into"], ("suggestion",), "--into"),
        opinion=names.one(options["opinion"], ("opinion",), "--opinion"),
    )
    today, status = today or dt.date.today(), status_of(rec.kind, status)
    day = day or today
    extra = step_fields(rec.kind, status, ledger.settings, rec.data, day, by, options)
    try:
        path = run(ledger, record_id, status, by, note, day, today, extra)
    except Refused as refused:
        refuse_step(record_id, refused)
    click.echo(f"{record_id}: {rec.data.get('status')} → {status}  ({path.relative_to(ledger.root).as_posix()})")


@click.command()
@click.argument("record_id")
@root_option
@today_option
def show(record_id, root, today):
    """显示一条记录和派生信息：已办天数、办理时限、是否逾期、当前由谁办理。"""
    from ..render_text import show_record

    ledger = open_ledger(root)
    rec = Names(ledger).record(record_id, named=NAMED, partial=True)
    click.echo(show_record(ledger, rec, today or dt.date.today()))


def _pairs(ctx, param, values):
    out = []
    for raw in values:
        field, sep, value = raw.partition("=")
        if not sep or not field.strip():
            raise click.BadParameter(f"应写成 字段=新值，如 date=2024-03-01，得到 {raw!r}")
        out.append((field.strip(), value))
    return out


@click.command()
@click.argument("record_id")
@click.option(
    "--event", type=click.IntRange(min=1), help="更正第几条时间线事件（从 1 开始）；不写则更正记录本身的字段。"
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    required=True,
    callback=_pairs,
    metavar="FIELD=VALUE",
    help="改正后的值，可重复。配合 --event 时 FIELD 是事件的 date、by、note、progress；"
    "否则是记录的字段，如 deadline、answer.text、satisfaction、vote.for。",
)
@click.option("--note", required=True, help="更正原因（公开），如“录入时日期写错，以答复函为准”。")
@click.option("--by", help="作出更正的部门、代表或联络站（编号或名称）；默认台账设置中的人大办。")
@date_option
@root_option
@today_option
def correct(record_id, event, sets, note, by, day, root, today):
    """更正已记录的事实：改正字段，并在 corrections 末尾追加一条更正（原值、谁、哪天、为什么）。

    \b
    例：
      minyi correct S-2024-0003 --event 3 --set date=2024-02-28 --note "交办日期录入有误，以交办单为准"
      minyi correct S-2024-0003 --set answer.text="……" --note "答复摘要漏了一句"
      minyi correct P-2024-05 --set vote.for=210 --note "计票复核更正"

    已记录的事实（时间线事件、交办、时限、答复、满意度、票数……）不能直接改写，
    拉取请求的检查会拒绝；用本命令更正，记录的状态不变，网站在时间线中公开更正。
    事件的状态不能更正：状态变化只能追加新事件。
    """
    from .. import edit
    from ..actions import Refused
    from ..actions.correct import correct as run

    ledger = open_ledger(root)
    names = Names(ledger)
    record_id = names.record(record_id, named=NAMED).id
    today = today or dt.date.today()
    by = names.actor(by) or (ledger.settings.office if ledger.settings else None)
    before = len(ledger.get(record_id).data.get("corrections") or [])
    try:
        path = run(ledger, record_id, sets, event, note, by, day or today, today)
    except Refused as refused:
        refuse([p if p.path else dataclasses.replace(p, path=ledger.get(record_id).path) for p in refused.problems])
    done = len(edit.read(path).get("corrections") or []) - before  # a deadline's copy on the record counts too
    click.echo(f"{record_id}: 已更正 {done} 处（{path.relative_to(ledger.root).as_posix()}）")


@click.command()
@click.argument("record_id")
@click.option("--reason", required=True, help="撤回理由（公开），如“与 S-2026-0012 重复录入”。")
@click.option("--by", help="撤回这条建议的部门或联络站（编号或名称）；默认台账设置中的人大办。")
@date_option
@root_option
@today_option
def withdraw(record_id, reason, by, day, root, today):
    """撤回一条录入有误或重复的建议：状态改为 withdrawn（已撤回），理由公开。

    \b
    例：
      minyi withdraw S-2026-0012 --reason "与 S-2026-0011 重复录入"

    记录不能删除：撤回的建议仍在网站上公开，连同理由，但不计入办结率、按期答复率等统计。
    只有尚未终结的建议可以撤回（已办结、不予受理、已合并的不行）。
    """
    from ..actions import Refused
    from ..actions.advance import advance as run
    from .steps import refuse_step, withdrawable

    ledger = open_ledger(root)
    names = Names(ledger)
    rec = withdrawable(names, record_id)
    record_id = rec.id
    today = today or dt.date.today()
    by = names.actor(by) or (ledger.settings.office if ledger.settings else None)
    try:
        path = run(
            ledger, record_id, "withdrawn", by, f"撤回：{reason}", day or today, today, {"withdrawn_reason": reason}
        )
    except Refused as refused:
        refuse_step(record_id, refused)
    click.echo(f"{record_id}: {rec.data.get('status')} → withdrawn  ({path.relative_to(ledger.root).as_posix()})")


@click.command("assign-ids")
@root_option
@click.option("--dry-run", is_flag=True, help="只打印将要做的替换，不改文件。")
def assign_ids(root, dry_run):
    """把临时编号（…-TMP-xxxxxx）换成正式编号，并更新所有引用。

    在 main 分支合并后运行（仓库的合并后工作流会自动运行并提交）。
    编号按第一条事件日期排序，接在已有最大编号之后。
    """
    from ..actions.assign_ids import apply, plan

    ledger = open_ledger(root)
    mapping = plan(ledger)
    for old, new_id in mapping.items():
        click.echo(f"{old} → {new_id}")
    if not mapping:
        click.echo("没有临时编号 (nothing to do)", err=True)
    elif not dry_run:
        apply(ledger, mapping)


@click.command()
@click.argument("record_id")
@root_option
@click.option("--no-cache", is_flag=True, help="不用缓存，重新读取整个历史。")
def history(record_id, root, no_cache):
    """显示一条记录的修改记录：每次提交的日期、作者、拉取请求和改动内容，
    以及每条时间线事件是哪次提交录入的、比事件日期晚了几天（导入的历史记录标为“导入/补录”：
    提交说明带 Minyi-Import: true 尾注，或早于台账设置的 recording_since）。"""
    from ..recording import describe, recording
    from ..trail_store import current_trail

    ledger, cache = open_record_with_cache(root, record_id)
    rec = Names(ledger).record(record_id, named=NAMED, partial=True)
    record_id = rec.id
    url = ledger.settings.repository_url
    current, trail = (False, None) if no_cache else current_trail(ledger.root, record_id, url, cache)
    if not current:  # new commits to read, or no cache: GitPython and the whole machinery
        from ..history import trail as history_of

        trail = history_of(ledger.root, record_id, url, None if no_cache else cache)
    if not trail:
        click.echo(f"{record_id} 没有 git 历史（文件尚未提交，或台账不在 git 仓库中）")
        return
    click.echo(f"{record_id} 的修改记录（{len(trail['commits'])} 次提交）：")
    for c in trail["commits"]:
        pr = f"  PR #{c['pr']}" if c.get("pr") else ""
        click.echo(f"  {c['date']}  {c['commit'][:10]}  {c['author']}{pr}  {c['message']}")
        click.echo(f"      {'；'.join(c['changes'])}")
    events = rec.data.get("timeline") or []
    if events:
        click.echo("时间线事件的录入：")
        since = ledger.settings.recording_since
        for i, e in enumerate(events):
            r = trail["events"].get(i)
            where = f"{r['commit'][:10]} 于 {r['date']} 录入，{describe(recording(r, since))}" if r else "尚未提交"
            click.echo(f"  {i + 1:>2}. {e['date']} {e['status']:<13} {where}")


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--district", required=True, help="地区名称，如 某某区；写进台账设置、网站标题和人大办的名称。")
@click.option(
    "--repository-url",
    help="本台账公开仓库的地址，如 https://github.com/example-org/ledger ；"
    "用于“查看原始记录”“修改记录”链接。默认是占位地址，之后在 records/ledger.yaml 中修改。",
)
@click.option("--site-url", help="公开网站的地址；默认：GitHub 仓库对应的 GitHub Pages 地址，否则是占位地址。")
@click.option("--minyi", "minyi_requirement", help="工作流安装的 minyi 版本（pip 的写法）；默认是当前安装的版本。")
@click.option(
    "--git/--no-git", default=True, show_default=True, help="是否运行 git init（主分支 main）并做第一次提交。"
)
def init(directory, district, repository_url, site_url, minyi_requirement, git):
    """新建一个地区的台账仓库：生成的台账马上就能通过 minyi validate 并生成网站。

    \b
    例：
      minyi init 某某区台账 --district 某某区 --repository-url https://github.com/example-org/ledger
      cd 某某区台账 && minyi validate && minyi serve

    \b
    DIRECTORY 必须不存在或是空目录，否则什么也不写（退出码 2）。生成的内容：
      records/ledger.yaml               台账设置：地区名称、人大办编号、默认的类别、渠道、民生实事主题、办理时限
      records/departments/DEP-001.yaml  人大办（登记、交办建议的部门），设置中的 office 指向它
      mkdocs.yml                        网站标题等本地区设置；主题、搜索、导航由 minyi 软件包提供
      .github/workflows/                拉取请求检查、合并后发布网站和每周逾期提醒：安装固定版本的
                                        minyi，检查程序从不取自拉取请求中的代码
      .github/CODEOWNERS                工作流、mkdocs.yml 和台账设置由维护人员审核，记录由办事员审核
      .github/ISSUE_TEMPLATE/           群众提交意见建议的表单
      .pre-commit-config.yaml           提交前自动运行 minyi validate
      .gitignore、README.md             办事员说明：安装、日常命令、维护人员第一次设置

    默认运行 git init 并提交一次（--no-git 则不做）。之后请维护人员按 README.md
    的“第一次设置”核对仓库地址和网站地址、改好 CODEOWNERS 中的团队名。
    """
    import sys
    from pathlib import Path

    from ..starter import PLACEHOLDER_URL, StarterError, init_ledger, settings

    target, options = (
        Path(directory),
        {"repository_url": repository_url, "site_url": site_url, "minyi_requirement": minyi_requirement},
    )
    try:
        written = init_ledger(target, district, git=git, **options)
    except StarterError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    for path in written:
        click.echo(path.relative_to(target).as_posix())
    click.echo(f"已在 {target} 创建{district}的台账（{len(written)} 个文件）。", err=True)
    values = settings(district, **options)
    if values["repository_url"].startswith(PLACEHOLDER_URL) or values["site_url"].startswith(PLACEHOLDER_URL):
        click.echo("提醒：仓库地址或网站地址还是占位地址，请在 records/ledger.yaml 中改成真实地址。", err=True)


COMMANDS = (new, advance, correct, withdraw, show, assign_ids, history, init)
