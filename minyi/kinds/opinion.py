"""审议意见: the standing committee's review opinion after hearing a report, and what became of it.

Its own record because the opinion is a promise the public can hold the government to:
problems and requirements item by item, a deadline for the handling report, the report,
and the members' satisfaction evaluation (满意度测评); an unsatisfied evaluation sends it
back for re-handling. Tracked: issued → report received → evaluated → closed / re-handling
(minyi/lifecycle.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Correction, Event, Link
from .base import ACTORS, Column, Kind, Option
from .columns import joined, status_label
from .handling import Evaluation, HandlingReport

SOURCES = ("专项工作报告", "民生实事进展报告", "执法检查", "专题询问")
RESULTS = ("满意", "不满意")


@dataclass(frozen=True, slots=True)
class Item:
    """One problem the committee found and what it requires the government to do about it."""

    problem: str
    requirement: str


@dataclass(frozen=True, slots=True)
class Opinion:
    id: str
    title: str
    source: str
    meeting: str
    report: str
    issued: dt.date
    to: str
    items: tuple[Item, ...]
    report_due: dt.date
    status: str
    timeline: tuple[Event, ...]
    departments: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    inquiry: str | None = None
    reports: tuple[HandlingReport, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def evaluation(self) -> Evaluation | None:
        return self.evaluations[-1] if self.evaluations else None


def _evaluation(attr: str):
    return lambda o: getattr(o.evaluation, attr) if o.evaluation else None


KIND = Kind(
    name="opinion",
    order=76,
    title="审议意见",
    folder="opinions",
    prefix="OP",
    model=Opinion,
    id_width=2,
    yearly=True,
    lifecycle=True,
    section="opinions",
    refs=(
        ("departments.*", "department"),
        ("projects.*", "project"),
        ("inquiry", "inquiry"),
        ("reports.*.by", "department"),
        ("timeline.*.by", None),
        ("corrections.*.by", None),
    ),
    recorded=("issued", "items", "report_due", "reports", "evaluations", "timeline", "status", "corrections"),
    set_by_step={"rehandling": ("report_due",)},
    columns=(
        Column("id", "string", "编号", lambda o: o.id),
        Column("title", "string", "审议意见标题", lambda o: o.title),
        Column("source", "string", "来源：专项工作报告 / 民生实事进展报告 / 执法检查 / 专题询问", lambda o: o.source),
        Column("meeting", "string", "审议所在的常委会会议", lambda o: o.meeting),
        Column("issued", "date", "交办日期", lambda o: o.issued),
        Column("to", "string", "交办对象", lambda o: o.to),
        Column("departments", "string", "承办部门编号，多个用“；”分隔", lambda o: joined(o.departments)),
        Column("projects", "string", "涉及的民生实事项目编号，多个用“；”分隔", lambda o: joined(o.projects)),
        Column("inquiry", "string", "来源专题询问编号", lambda o: o.inquiry),
        Column("items", "integer", "问题和要求的条数", lambda o: len(o.items)),
        Column("report_due", "date", "研究处理情况报告的期限（重新办理时为新期限）", lambda o: o.report_due),
        Column("reports", "integer", "已收到的处理情况报告份数", lambda o: len(o.reports)),
        Column("evaluations", "integer", "满意度测评次数", lambda o: len(o.evaluations)),
        Column("present", "integer", "最近一次测评的出席人数", _evaluation("present")),
        Column("satisfied", "integer", "最近一次测评的满意票", _evaluation("satisfied")),
        Column("basically_satisfied", "integer", "最近一次测评的基本满意票", _evaluation("basically_satisfied")),
        Column("unsatisfied", "integer", "最近一次测评的不满意票", _evaluation("unsatisfied")),
        Column("result", "string", "最近一次测评结果：满意 / 不满意", _evaluation("result")),
        Column("status", "string", "当前状态（英文代码）", lambda o: o.status),
        Column("status_label", "string", "当前状态（中文）", status_label("opinion")),
    ),
    new_options=(
        Option("--title", "审议意见标题，如“关于民生实事项目推进情况报告的审议意见”。", required=True),
        Option("--source", "审议的是什么。", required=True, choices=SOURCES),
        Option("--meeting", "审议所在的常委会会议。", required=True),
        Option("--report", "审议的报告或检查的名称。", required=True),
        Option("--to", "交办对象，如“区人民政府”。", required=True),
        Option(
            "--department", "承办部门编号或名称，可重复。", multiple=True, field="departments", refers=("department",)
        ),
        Option("--project", "涉及的民生实事项目编号，可重复。", multiple=True, field="projects", refers=("project",)),
        Option("--inquiry", "来源专题询问编号（来源为专题询问时必填）。", refers=("inquiry",)),
        Option("--due", "研究处理情况报告的期限 YYYY-MM-DD。", required=True, field="report_due"),
        Option("--by", "发出审议意见的部门编号或名称（通常是人大办）。", refers=ACTORS),
    ),
    new_help="记录一份审议意见（--date 为交办日期；状态 issued）。新建后在文件中逐条写明问题和要求。",
    dated=True,
)
