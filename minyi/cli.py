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
    from .validate import problems_only

    base = _root(root)
    only = _select(base, paths) if paths else None
    started = dt.datetime.now()
    n, problems = problems_only(base, today or dt.date.today(), only)
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


def _ledger(root):
    """Load the ledger for commands that need it whole; usage errors become exit 2."""
    from .validate import load_ledger

    base = _root(root)
    ledger, _, _ = load_ledger(base)
    return ledger


def _refused(problems) -> None:
    click.echo("未写入任何文件，原因如下 (refused, nothing written):", err=True)
    report(problems, "text", sys.stderr)
    sys.exit(1)


@main.group()
def new():
    """新建一条记录：生成带 schema 行和注释的文件，并打印它的路径。

    新记录使用临时编号（如 S-2026-TMP-3f9a2c），两位办事员在不同分支上
    同时新建也不会冲突；合并到 main 后运行 minyi assign-ids 换成正式编号。
    生成的文件一定能通过 minyi validate，否则什么也不写。
    """


def _create(root, kind, values, day, today):
    from .actions import Refused
    from .actions.scaffold import new_record

    ledger = _ledger(root)
    day = day or dt.date.today()
    try:
        path = new_record(ledger, kind, values, day, today or dt.date.today())
    except Refused as refused:
        _refused(refused.problems)
    click.echo(path.relative_to(ledger.root).as_posix())


date_option = click.option("--date", "day", callback=_date, default=None, metavar="YYYY-MM-DD",
                           help="事件发生的日期；默认今天。")


@new.command("suggestion")
@click.option("--title", required=True, help="一句话标题，如“建议拓宽锦绣路至24米”。")
@click.option("--summary", required=True, help="诉求内容摘要（不含个人信息）。")
@click.option("--category", required=True, help="类别，取值见 records/ledger.yaml 的 categories。")
@click.option("--channel", required=True, help="收集渠道，如 联络站接待、代表码、走访、网格、小程序、12345。")
@click.option("--street", required=True, help="街道（镇）。")
@click.option("--community", help="社区（村）。")
@click.option("--location", help="小区、道路或地标（不写门牌号）。")
@click.option("--deputy", "deputies", multiple=True, required=True, help="收集建议的代表编号，可重复。")
@click.option("--station", help="联络站编号。")
@click.option("--note", help="第一条事件的公开说明。")
@date_option
@root_option
@today_option
def new_suggestion(root, today, day, **values):
    """新建一条意见建议（状态 received）。"""
    values["deputies"] = list(values["deputies"])
    _create(root, "suggestion", values, day, today)


@new.command("project")
@click.option("--title", required=True, help="项目名称。")
@click.option("--year", type=int, required=True, help="项目年度。")
@click.option("--theme", required=True, help="主题，取值见 records/ledger.yaml 的 project_themes。")
@click.option("--summary", required=True, help="建设内容和目标。")
@click.option("--lead", help="牵头部门编号。")
@click.option("--by", required=True, help="提出候选项目的部门或代表编号。")
@click.option("--note", help="第一条事件的公开说明。")
@date_option
@root_option
@today_option
def new_project(root, today, day, **values):
    """新建一个候选民生实事项目（状态 proposed）。"""
    _create(root, "project", values, day, today)


@new.command("deputy")
@click.option("--name", required=True, help="姓名。")
@click.option("--role", required=True, type=click.Choice(["人大代表", "街道议政代表", "民情观察员"]), help="身份。")
@click.option("--level", "levels", multiple=True, type=click.Choice(["全国", "省", "市", "区县", "乡镇"]),
              help="人大代表的层级，可重复。")
@click.option("--term", required=True, help="届次或任期，如“区第九届”。")
@click.option("--street", required=True, help="所在街道（镇）。")
@click.option("--station", help="所属联络站编号。")
@root_option
@today_option
def new_deputy(root, today, **values):
    """新建一位代表的公开档案。"""
    values["levels"] = list(values["levels"])
    _create(root, "deputy", values, None, today)


@new.command("department")
@click.option("--name", required=True, help="部门全称。")
@click.option("--kind", "dept_kind", required=True,
              type=click.Choice(["政府部门", "街道办事处", "镇政府", "公用事业单位", "人大机关"]), help="类型。")
@click.option("--street", help="所在街道（街道办事处等）。")
@root_option
@today_option
def new_department(root, today, **values):
    """新建一个承办部门。"""
    _create(root, "department", values, None, today)


@new.command("station")
@click.option("--name", required=True, help="联络站名称。")
@click.option("--kind", "station_kind", required=True, type=click.Choice(["联络总站", "联络站", "联络点", "线上"]), help="类型。")
@click.option("--street", required=True, help="所在街道（镇）。")
@root_option
@today_option
def new_station(root, today, **values):
    """新建一个代表联络站。"""
    _create(root, "station", values, None, today)


@main.command()
@click.argument("record_id")
@click.argument("status")
@click.option("--by", required=True, help="办理这一步的代表、部门或联络站编号（人大办也是部门）。")
@click.option("--note", required=True, help="向公众说明这一步做了什么（不含个人信息）。")
@date_option
@click.option("--lead", help="交办（assigned）时的主办部门编号。")
@click.option("--assist", multiple=True, help="交办时的协办部门编号，可重复。")
@click.option("--deadline", callback=_date, help="交办时的办理时限；默认交办日加台账设置的天数。")
@click.option("--answer", help="答复（answered）时的答复内容摘要。")
@click.option("--outcome", type=click.Choice(["solved", "in_hand", "explained"]),
              help="办结（closed）时的结果：solved 已解决 / in_hand 正在解决或列入计划 / explained 解释说明。")
@click.option("--satisfaction", type=click.Choice(["满意", "基本满意", "不满意"]), help="群众或代表的满意度。")
@click.option("--reason", help="不予受理（not_accepted）的理由。")
@click.option("--into", help="合并（merged）到的建议编号。")
@click.option("--progress", type=click.IntRange(0, 100), help="项目进度百分比（项目 in_progress 时）。")
@root_option
@today_option
def advance(record_id, status, by, note, day, root, today, **options):
    """推进一条建议或项目：在时间线末尾追加事件，并更新 status。

    
    例：
      minyi advance S-2024-0042 assigned --by DEP-001 --lead DEP-002 --note "交办区住建局"
      minyi advance S-2024-0042 answered --by DEP-002 --answer "已列入年度计划" --note "书面答复"
      minyi advance S-2024-0042 closed --by DEP-001 --outcome solved --satisfaction 满意 --note "回访办结"

    不合流程的跳转（如 received 直接 closed）会被拒绝，提示与 minyi validate
    相同；文件的注释、字段顺序和格式保持不变，只在末尾追加新内容。
    """
    from .actions import Refused
    from .actions.advance import advance as run, step_fields
    from .ledger import kind_of_id

    ledger = _ledger(root)
    rec = ledger.get(record_id)
    if rec is None or kind_of_id(record_id) not in ("suggestion", "project"):
        raise click.UsageError(f"找不到建议或项目 {record_id}")
    today = today or dt.date.today()
    day = day or today
    extra = step_fields(rec.kind, status, ledger.settings, rec.data, day, by, options)
    try:
        path = run(ledger, record_id, status, by, note, day, today, extra)
    except Refused as refused:
        _refused(refused.problems)
    click.echo(f"{record_id}: {rec.data.get('status')} → {status}  ({path.relative_to(ledger.root).as_posix()})")


@main.command()
@click.argument("record_id")
@root_option
@today_option
def show(record_id, root, today):
    """显示一条记录和派生信息：已办天数、办理时限、是否逾期、当前由谁办理。"""
    from .render_text import show_record

    ledger = _ledger(root)
    rec = ledger.get(record_id)
    if rec is None:
        raise click.UsageError(f"找不到记录 {record_id}")
    click.echo(show_record(ledger, rec, today or dt.date.today()))


@main.command("assign-ids")
@root_option
@click.option("--dry-run", is_flag=True, help="只打印将要做的替换，不改文件。")
def assign_ids(root, dry_run):
    """把临时编号（…-TMP-xxxxxx）换成正式编号，并更新所有引用。

    在 main 分支合并后运行（仓库的合并后工作流会自动运行并提交）。
    编号按第一条事件日期排序，接在已有最大编号之后。
    """
    from .actions.assign_ids import apply, plan

    ledger = _ledger(root)
    mapping = plan(ledger)
    for old, new_id in mapping.items():
        click.echo(f"{old} → {new_id}")
    if not mapping:
        click.echo("没有临时编号 (nothing to do)", err=True)
    elif not dry_run:
        apply(ledger, mapping)


def _build_once(base: Path, out: Path, as_of):
    from site_gen.build import BuildFailed, build

    try:
        result = build(base, out, as_of, history=True)
    except BuildFailed as failed:
        report(failed.problems, "text", sys.stderr)
        click.echo(f"错误：{failed}", err=True)
        return None
    size = sum(p.stat().st_size for p in result.out.rglob("*") if p.is_file())
    click.echo(f"网站已生成：{result.out}（{result.pages} 个页面，{size / 1e6:.1f} MB，{result.records} 条记录，"
               f"用时 {result.seconds:.1f} 秒，数据截至 {as_of or dt.date.today()}）", err=True)
    return result


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default="site", show_default=True, help="网站输出目录。")
@click.option("--as-of", "as_of", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="统计截至哪一天（“已办天数”“逾期”按这一天算）；默认今天。同样的记录和日期生成完全相同的网站。")
@root_option
def build(out, as_of, root):
    """检查台账并生成公开网站（MkDocs Material）。

    先运行与 minyi validate 相同的检查，有错误就不生成；网站先在临时目录中
    生成，完整成功后才替换 OUT，失败时原来的网站保持不变。
    """
    base = _root(root)
    if _build_once(base, Path(out), as_of) is None:
        sys.exit(1)


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default="site", show_default=True, help="网站输出目录。")
@click.option("--as-of", "as_of", callback=_date, default=None, metavar="YYYY-MM-DD", help="统计截至哪一天；默认今天。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", default=8000, show_default=True, type=int, help="端口。")
@root_option
def serve(out, as_of, host, port, root):
    """生成网站并在本机预览；修改记录、文档或样式后自动重新生成并刷新浏览器。"""
    from mkdocs.livereload import LiveReloadServer

    base = _root(root)
    out_path = Path(out).resolve()
    if _build_once(base, out_path, as_of) is None:
        click.echo("台账有错误，先修正再预览。", err=True)
        sys.exit(1)
    here = Path(__file__).resolve().parent.parent
    server = LiveReloadServer(builder=lambda: _build_once(base, out_path, as_of), host=host, port=port, root=str(out_path))
    for watched in (base / "records", here / "docs", here / "schemas", here / "site_gen", here / "mkdocs.yml"):
        if watched.exists():
            server.watch(str(watched))
    click.echo(f"预览地址：http://{host}:{port}/  （Ctrl+C 退出）", err=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@main.command("check-change")
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

    from .review import check_change as run, summary

    base_dir = _root(root)
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


@main.command()
@click.argument("record_id")
@root_option
@click.option("--no-cache", is_flag=True, help="不用缓存，重新读取整个历史。")
def history(record_id, root, no_cache):
    """显示一条记录的修改记录：每次提交的日期、作者、拉取请求和改动内容，
    以及每条时间线事件是哪次提交录入的、比事件日期晚了几天。"""
    from .history import derive

    ledger = _ledger(root)
    rec = ledger.get(record_id)
    if rec is None:
        raise click.UsageError(f"找不到记录 {record_id}")
    trail = derive(ledger.root, ledger.settings.get("repository_url"), use_cache=not no_cache).get(record_id)
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
        for i, e in enumerate(events):
            r = trail["events"].get(i)
            where = f"{r['commit'][:10]} 于 {r['date']} 录入，晚 {r['lag_days']} 天" if r else "尚未提交"
            click.echo(f"  {i + 1:>2}. {e['date']} {e['status']:<13} {where}")


@main.command("docs")
@click.option("--out", type=click.Path(file_okay=False), default="docs", show_default=True, help="写到哪个目录。")
def docs_cmd(out):
    """根据 schema、规则目录和流程表重新生成 docs/ 中的字段参考、错误目录和办理流程。"""
    from .reference import write_all

    for path in write_all(Path(out)):
        click.echo(path.as_posix())


def run():  # pragma: no cover - console entry for `python -m minyi`
    main()
