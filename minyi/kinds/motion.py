"""议案: a motion deputies put to a congress session (the articles' 人代会1号议案).

Its own record because a motion is not a resident's suggestion: it is signed by a lead
deputy and co-signers at one session, filed (立案) or not by the presidium, assigned
to a handling body with a deadline, answered by a handling report to the standing
committee, and judged by the deputies' satisfaction evaluation (满意度测评); an
unsatisfied evaluation sends it back for re-handling. Tracked: statuses in
minyi/lifecycle.py (MOTION_STATUSES).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Correction, Event, Link
from .base import Column, Kind, Option
from .columns import joined, status_label
from .handling import Evaluation, HandlingReport
from .suggestion import Departments

RESULTS = ("满意", "基本满意", "不满意")


@dataclass(frozen=True, slots=True)
class Motion:
    id: str
    number: int
    title: str
    session: str
    lead_deputy: str
    cosigners: tuple[str, ...]
    subject: str
    summary: str
    status: str
    timeline: tuple[Event, ...]
    departments: Departments | None = None
    deadline: dt.date | None = None
    report: HandlingReport | None = None
    evaluation: Evaluation | None = None
    not_filed_reason: str | None = None
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def year(self) -> int:
        return int(self.id[3:7])

    @property
    def signers(self) -> tuple[str, ...]:
        """Every deputy who signed: the lead deputy first."""
        return (self.lead_deputy, *self.cosigners)


def _eval(attr):
    return lambda m: getattr(m.evaluation, attr) if m.evaluation else None


KIND = Kind(
    name="motion",
    order=25,
    title="议案",
    folder="motions",
    prefix="MO",
    model=Motion,
    id_width=2,
    yearly=True,
    lifecycle=True,
    section="motions",
    refs=(
        ("session", "session"),
        ("lead_deputy", "deputy"),
        ("cosigners.*", "deputy"),
        ("departments.lead", "department"),
        ("departments.assist.*", "department"),
        ("report.by", "department"),
        ("timeline.*.by", None),
        ("corrections.*.by", None),
    ),
    setting_words=(("subject", "categories"),),
    recorded=(
        "number",
        "session",
        "lead_deputy",
        "cosigners",
        "timeline",
        "departments",
        "deadline",
        "report",
        "evaluation",
        "not_filed_reason",
        "status",
        "corrections",
    ),
    set_by_step={
        "assigned": ("departments", "deadline"),
        "reported": ("report",),
        "closed": ("evaluation",),
        "reopened": ("evaluation",),
    },
    columns=(
        Column("id", "string", "编号", lambda m: m.id),
        Column("number", "integer", "议案号（大会的第几号议案）", lambda m: m.number),
        Column("title", "string", "案由（议案标题）", lambda m: m.title),
        Column("session", "string", "提出议案的会议编号", lambda m: m.session),
        Column("lead_deputy", "string", "领衔代表编号", lambda m: m.lead_deputy),
        Column("cosigners", "string", "联名代表编号，多个用“；”分隔", lambda m: joined(m.cosigners)),
        Column("signers", "integer", "联名代表人数（含领衔代表）", lambda m: len(m.signers)),
        Column("subject", "string", "所属领域（台账设置的类别）", lambda m: m.subject),
        Column("summary", "string", "议案内容摘要", lambda m: m.summary),
        Column("status", "string", "当前状态（英文代码，见 docs/lifecycle.md）", lambda m: m.status),
        Column("status_label", "string", "当前状态（中文）", status_label("motion")),
        Column("lead_department", "string", "主办单位编号", lambda m: m.departments.lead if m.departments else None),
        Column(
            "assist_departments",
            "string",
            "协办单位编号，多个用“；”分隔",
            lambda m: joined(m.departments.assist) if m.departments else None,
        ),
        Column("deadline", "date", "办理期限", lambda m: m.deadline),
        Column("reported", "date", "办理情况报告日期（最近一次）", lambda m: m.report.date if m.report else None),
        Column("report_summary", "string", "办理情况报告摘要", lambda m: m.report.summary if m.report else None),
        Column("evaluated", "date", "满意度测评日期（最近一次）", _eval("date")),
        Column("evaluation_present", "integer", "参加测评的代表人数", _eval("present")),
        Column("evaluation_satisfied", "integer", "测评满意票数", _eval("satisfied")),
        Column("evaluation_basically", "integer", "测评基本满意票数", _eval("basically_satisfied")),
        Column("evaluation_unsatisfied", "integer", "测评不满意票数", _eval("unsatisfied")),
        Column("evaluation_result", "string", "测评结果：满意 / 基本满意 / 不满意", _eval("result")),
        Column("not_filed_reason", "string", "不予立案的理由", lambda m: m.not_filed_reason),
        Column("events", "integer", "时间线事件数", lambda m: len(m.timeline)),
    ),
    new_options=(
        Option("--title", "案由，如“关于加快老旧小区改造和加装电梯的议案”。", required=True),
        Option("--number", "议案号：大会议案组编的号，如 1（即 1号议案）。", required=True, type=int),
        Option("--session", "提出议案的会议编号或名称，如 V-2024-district。", required=True, refers=("session",)),
        Option("--lead-deputy", "领衔代表编号或姓名。", required=True, refers=("deputy",)),
        Option(
            "--cosigner",
            "联名代表编号或姓名，可重复（不含领衔代表）。",
            required=True,
            multiple=True,
            field="cosigners",
            refers=("deputy",),
        ),
        Option("--subject", "所属领域，取值见 records/ledger.yaml 的 categories。", required=True),
        Option("--summary", "议案内容摘要：案由、依据和建议办法。", required=True),
        Option("--note", "第一条事件的公开说明。"),
    ),
    new_help="登记一件代表在人代会上提出的议案（状态 submitted，--date 为提出日期）。",
    dated=True,
)
