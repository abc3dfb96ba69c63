"""Every published table, defined once: CSV, JSON, the datapackage and SQLite all read these.

A record kind's table is its `columns` (minyi/kinds, read from the typed model) followed by
the facts the site derives as of the build date (days open, overdue, answered on time:
minyi.facts), declared here because they need a date the record does not hold. The other
tables (ranking, timeline events, corrections, the git audit trail) are declared here too.
Rows are produced on demand, one table at a time, so a big ledger is never held twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from minyi import deadlines, kinds, lifecycle
from minyi.kinds import Column, Kind

from ..duty import all_years
from ..model import SiteModel


@dataclass(frozen=True)
class Table:
    name: str  # file stem and SQL table name
    title: str
    description: str
    columns: tuple[Column, ...]  # each `get` reads one row
    rows: Callable[[], Iterable]  # called once per format
    key: tuple[str, ...] = ()


def _col(name: str, type_: str, description: str, path: str) -> Column:
    return Column(name, type_, description, attrgetter(path))


# Facts derived as of the build date, after the kind's own columns (rows are site_gen.model rows).
FACT_COLUMNS: dict[str, tuple[Column, ...]] = {
    "suggestion": (
        _col("first_answered", "date", "首次答复日期：是否按期答复以它为准", "facts.answered_on"),
        _col("days_open", "integer", "已办天数：从收到到终结，未终结的算到数据日期", "facts.days_open"),
        _col(
            "overdue",
            "boolean",
            "当前逾期：正在办理、办理时限已过，且（重新办理后）还没有新的答复（截至数据日期）",
            "facts.overdue",
        ),
        _col(
            "answered_on_time",
            "boolean",
            "按期答复：首次答复在办理时限之内为 true，晚于时限为 false；尚未答复或没有时限的为空",
            "facts.on_time",
        ),
        _col("reopened", "integer", "重新办理的次数（群众不满意、重新交办）", "facts.reopened"),
        _col("holder", "string", "当前待办者编号：代表、人大办或承办部门；已终结的为空", "facts.holder"),
    ),
    "project": (
        _col("selected_on", "date", "票决通过日期", "facts.selected_on"),
        _col("completed_on", "date", "完工日期", "facts.completed_on"),
    ),
}


def _on_model(column: Column) -> Column:
    """A kind's column reads the typed model; the table's rows are site-model entries holding it."""
    get = column.get
    return Column(column.name, column.type, column.description, lambda row: get(row.model))


def record_table(m: SiteModel, kind: Kind) -> Table:
    columns = tuple(_on_model(c) for c in kind.columns) + FACT_COLUMNS.get(kind.name, ())
    return Table(
        kind.folder,
        kind.title,
        f"每条{kind.title}一行（派生的事实截至 {m.as_of}）；完整记录见 {kind.folder}.json。",
        columns,
        lambda: m.of(kind.name),
        ("id",),
    )


RANKING_COLUMNS = (
    _col("rank", "integer", "名次；得分相同的名次并列；不参加排名的部门为空", "rank"),
    _col("department", "string", "部门编号", "id"),
    _col("name", "string", "部门名称（简称）", "name"),
    Column("ranked", "boolean", "是否参加排名", lambda s: s.rank is not None),
    _col("assigned", "integer", "承办件数：主办的全部意见建议", "assigned"),
    _col("closed_on_time", "integer", "按期办结件数", "closed_on_time"),
    _col("closed_late", "integer", "逾期办结件数", "closed_late"),
    _col("open", "integer", "未办结件数", "open"),
    _col("overdue", "integer", "当前逾期件数：正在办理、办理时限已过、（重新办理后）还没有新的答复的件数", "overdue"),
    _col("avg_days", "number", "平均答复天数：从交办到首次答复", "avg_days"),
    _col("on_time", "integer", "在办理时限内首次答复的件数（按期答复率的分子）", "on_time"),
    _col("judged", "integer", "已答复件数 + 尚未答复且已逾期的件数（按期答复率的分母）", "judged"),
    _col("on_time_rate", "number", "按期答复率 = on_time ÷ judged（0 到 1 的小数，未经四舍五入）", "on_time_rate"),
    _col("satisfied", "integer", "测评为满意或基本满意的件数（满意率的分子）", "satisfied"),
    _col("rated", "integer", "已测评件数（满意率的分母）", "rated"),
    _col(
        "satisfaction_rate",
        "number",
        "满意率 = satisfied ÷ rated（0 到 1 的小数）；没有测评的为空",
        "satisfaction_rate",
    ),
    _col("reopened", "integer", "曾被重新办理的件数（重新办理率 = reopened ÷ assigned）", "reopened"),
    _col("score", "number", "综合得分（满分 100，保留一位小数）；无法计算按期答复率的为空", "score"),
)


def ranking_table(m: SiteModel, formula: str) -> Table:
    """Ranked departments in ranking order, then the others by id: the departments page's order."""
    return Table(
        "ranking", "部门工作评议排名", formula, RANKING_COLUMNS, lambda: (*m.ranked, *m.unranked), ("department",)
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One timeline event of a record, with the commit that recorded it (if the history is known)."""

    record_id: str
    kind: str
    n: int
    event: object  # minyi.model.Event
    recorded: object  # minyi.recording.Recording, None when the history is unknown
    deadline: object = None  # the deadline an assignment set (minyi.deadlines); None for other events


def _recorded(step: Step, attr: str):
    return getattr(step.recorded, attr) if step.recorded is not None else None


def _steps(m: SiteModel) -> Iterator[Step]:
    for kind in kinds.RECORD_KINDS:
        for entry in m.of(kind.name) if kind.lifecycle else ():
            recorded = m.recorded(entry.id)
            for i, event in enumerate(entry.model.timeline):
                due = deadlines.event_deadline(entry.model, i) if kind.name == "suggestion" else None
                yield Step(entry.id, kind.name, i + 1, event, recorded.get(i), due)


EVENT_COLUMNS = (
    _col("record_id", "string", "记录编号", "record_id"),
    _col("kind", "string", "记录类型（suggestion、project……）", "kind"),
    _col("n", "integer", "第几步（从 1 起）", "n"),
    _col("date", "date", "事件日期", "event.date"),
    _col("status", "string", "这一步之后的状态（英文代码）", "event.status"),
    Column("status_label", "string", "状态（中文）", lambda s: lifecycle.label(s.kind, s.event.status)),
    _col("by", "string", "经办者编号（代表、部门或联络站）", "event.by"),
    _col("note", "string", "公开说明", "event.note"),
    _col("progress", "integer", "项目进度（%），只有民生实事项目有", "event.progress"),
    _col(
        "deadline",
        "date",
        "这次交办定下的办理时限，只有意见建议的交办（assigned）事件有；首次答复是否按期以答复时有效的时限为准",
        "deadline",
    ),
    Column("recorded_in", "string", "录入这一步的 git 提交（没有 git 历史时为空）", lambda s: _recorded(s, "commit")),
    Column("recorded_on", "date", "录入日期（提交日期）", lambda s: _recorded(s, "recorded_on")),
    Column(
        "imported",
        "boolean",
        "导入或补录：在台账启用前录入，或提交标明为导入（不算晚录）",
        lambda s: _recorded(s, "imported"),
    ),
)


def events_table(m: SiteModel) -> Table:
    return Table(
        "events",
        "办理时间线",
        "每个有时间线的记录的每一步，一行一步。",
        EVENT_COLUMNS,
        lambda: _steps(m),
        ("record_id", "n"),
    )


@dataclass(frozen=True, slots=True)
class Fix:
    record_id: str
    n: int
    correction: object  # minyi.model.Correction


def _fixes(m: SiteModel) -> Iterator[Fix]:
    for kind in kinds.RECORD_KINDS:
        for entry in m.of(kind.name):
            for i, c in enumerate(getattr(entry.model, "corrections", ()) or (), 1):
                yield Fix(entry.id, i, c)


def _previous(fix: Fix) -> str | None:
    """The value before the correction, as text (JSON for anything but text)."""
    value = fix.correction.previous
    return value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


CORRECTION_COLUMNS = (
    _col("record_id", "string", "记录编号", "record_id"),
    _col("n", "integer", "第几条更正（从 1 起）", "n"),
    _col("date", "date", "更正日期", "correction.date"),
    _col("by", "string", "更正人（部门编号）", "correction.by"),
    _col("target", "string", "被更正的字段，如 timeline.3.date", "correction.target"),
    Column("previous", "string", "原来记录的值（非文本的值写成 JSON）", _previous),
    _col("reason", "string", "更正原因", "correction.reason"),
)


def corrections_table(m: SiteModel) -> Table:
    return Table(
        "corrections",
        "更正记录",
        "对已记录事实的每一次公开更正。",
        CORRECTION_COLUMNS,
        lambda: _fixes(m),
        ("record_id", "n"),
    )


def _commits(m: SiteModel) -> Iterator[tuple[str, dict]]:
    for record_id in sorted(m.history):
        for commit in m.history[record_id].get("commits") or ():
            yield record_id, commit


CHANGE_COLUMNS = (
    Column("record_id", "string", "记录编号", lambda rc: rc[0]),
    Column("commit", "string", "git 提交", lambda rc: rc[1].get("commit")),
    Column("date", "date", "提交日期", lambda rc: rc[1].get("date")),
    Column("author", "string", "提交人", lambda rc: rc[1].get("author")),
    Column("pr", "integer", "拉取请求编号", lambda rc: rc[1].get("pr")),
    Column("message", "string", "提交说明", lambda rc: rc[1].get("message")),
    Column(
        "changes",
        "string",
        "这次提交对这条记录改了什么，多项用“；”分隔",
        lambda rc: "；".join(rc[1].get("changes") or ()),
    ),
)


def changes_table(m: SiteModel) -> Table:
    return Table(
        "changes",
        "修改记录",
        "git 历史中改动过每条记录的每一次提交（审计记录）。没有 git 历史时为空。",
        CHANGE_COLUMNS,
        lambda: _commits(m),
        ("record_id", "commit"),
    )


def _rate(part: str, whole: str):
    def get(y):
        n = getattr(y.figures, whole)
        return round(getattr(y.figures, part) / n, 4) if n else None

    return get


YEAR_END_COLUMNS = (
    _col("day", "date", "数据日期：各年的 12 月 31 日，最后一行是网站生成日期", "day"),
    _col(
        "basis",
        "string",
        "来源：实时（当天台账已在本仓库记录）、回推（台账启用前的年份，由导入记录中的日期回推）、当前（生成日期）",
        "basis",
    ),
    _col("received_total", "integer", "截至当天累计收到的意见建议", "figures.total"),
    _col("accepted", "integer", "受理（不含不予受理、已合并、已撤回）", "figures.accepted"),
    _col("closed", "integer", "已办结", "figures.closed"),
    _col("solved", "integer", "已办结且办理结果为“已解决”", "figures.solved"),
    _col("judged", "integer", "按期答复率的分母：已答复（有时限）+ 尚未答复且已逾期", "figures.judged"),
    _col("on_time", "integer", "在办理时限内首次答复", "figures.on_time"),
    _col("rated", "integer", "已测评满意度", "figures.rated"),
    _col("satisfied", "integer", "满意和基本满意", "figures.satisfied"),
    _col("open", "integer", "当天尚未终结", "figures.open"),
    Column("overdue", "integer", "当天已逾期（正在办理、时限已过、还没有新的答复）", lambda y: len(y.figures.overdue)),
    Column("closure_rate", "number", "办结率 = closed ÷ accepted", _rate("closed", "accepted")),
    Column("on_time_rate", "number", "按期答复率 = on_time ÷ judged", _rate("on_time", "judged")),
    Column("satisfaction_rate", "number", "满意率 = satisfied ÷ rated", _rate("satisfied", "rated")),
)


def year_end_table(m: SiteModel) -> Table:
    return Table(
        "year_ends",
        "历年对比",
        "每年年末的主要数字（按公布的公式，截至当天计算），最后一行为生成日期",
        YEAR_END_COLUMNS,
        lambda: m.year_ends,
        ("day",),
    )


def _attr(path: str, attr: str):
    return lambda y: getattr(getattr(y, path), attr) if getattr(y, path) is not None else None


DUTY_COLUMNS = (
    _col("deputy", "string", "代表编号", "deputy"),
    _col("year", "integer", "年度", "year"),
    _col("receptions", "integer", "进站接待次数（代表档案中这一年的接待记录）", "receptions"),
    _col("residents", "integer", "接待群众人次", "residents"),
    _col("suggestions", "integer", "转交的意见建议：这一年收到、转交代表中有本代表的件数", "suggestions"),
    _col("closed", "integer", "其中已办结的件数（截至数据日期）", "closed"),
    _col("solved", "integer", "已办结且办理结果为“已解决”的件数", "solved"),
    _col("open", "integer", "其中尚未终结的件数（截至数据日期）", "open"),
    _col("overdue", "integer", "尚未终结且当前逾期的件数（截至数据日期）", "overdue"),
    _col("meetings", "integer", "出席的会议：这一年召开、出席代表中有本代表的会议数", "meetings"),
    _col("projects", "integer", "监督的民生实事：这一年的项目中监督代表有本代表的个数", "projects"),
    _col("motions_led", "integer", "领衔提出的议案件数（按议案年度）", "motions_led"),
    _col("motions_cosigned", "integer", "联名提出的议案件数（按议案年度）", "motions_cosigned"),
    _col("inquiries", "integer", "这一年召开、本代表提问的专题询问次数", "inquiries"),
    Column("report_date", "date", "述职日期（代表档案的 annual_reports）；没有述职的为空", _attr("report", "date")),
    Column("report_to", "string", "述职对象", _attr("report", "to")),
    Column("evaluation_date", "date", "评议日期（代表档案的 evaluations）", _attr("evaluation", "date")),
    Column("evaluation_result", "string", "评议结果：满意、基本满意或不满意", _attr("evaluation", "result")),
)


def duty_table(m: SiteModel) -> Table:
    return Table(
        "duty_records",
        "履职档案",
        f"每位代表每个有履职记录的年度一行，由台账记录统计（建议的办理情况截至 {m.as_of}）。",
        DUTY_COLUMNS,
        lambda: all_years(m.duty),
        ("deputy", "year"),
    )


def all_tables(m: SiteModel, formula: str) -> list[Table]:
    """Every published table: one per record kind, then the ranking, year ends, duty records, events,
    corrections, changes."""
    return [
        *(record_table(m, kind) for kind in kinds.RECORD_KINDS),
        ranking_table(m, formula),
        year_end_table(m),
        duty_table(m),
        events_table(m),
        corrections_table(m),
        changes_table(m),
    ]
