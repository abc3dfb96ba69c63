"""民生实事项目: a livelihood project, proposed, voted by deputies, built and accepted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Correction, Event, Link
from .base import ACTORS, Column, Kind, Option
from .columns import joined, status_label


@dataclass(frozen=True, slots=True)
class Vote:
    session: str
    for_: int
    against: int
    abstain: int
    selected: bool
    rank: int | None = None

    @property
    def total(self) -> int:
        return self.for_ + self.against + self.abstain


@dataclass(frozen=True, slots=True)
class Milestone:
    title: str
    planned: dt.date
    done: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Report:
    date: dt.date
    body: str
    note: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Acceptance:
    date: dt.date
    note: str
    satisfaction_rate: float | None = None
    respondents: int | None = None


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    title: str
    year: int
    theme: str
    summary: str
    status: str
    timeline: tuple[Event, ...]
    level: str | None = None
    street: str | None = None
    budget: float | None = None
    lead_department: str | None = None
    departments: tuple[str, ...] = ()
    source_suggestions: tuple[str, ...] = ()
    vote: Vote | None = None
    supervisors: tuple[str, ...] = ()
    supervision_group: str | None = None
    milestones: tuple[Milestone, ...] = ()
    reports: tuple[Report, ...] = ()
    progress: int | None = None
    acceptance: Acceptance | None = None
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()


def _vote(attr):
    return lambda p: getattr(p.vote, attr) if p.vote else None


KIND = Kind(
    name="project",
    order=20,
    title="民生实事项目",
    folder="projects",
    prefix="P",
    model=Project,
    id_width=2,
    yearly=True,
    lifecycle=True,
    section="projects",
    find_fields=("summary",),
    refs=(
        ("lead_department", "department"),
        ("departments.*", "department"),
        ("source_suggestions.*", "suggestion"),
        ("vote.session", "session"),
        ("supervisors.*", "deputy"),
        ("timeline.*.by", None),
        ("corrections.*.by", None),
    ),
    setting_words=(("theme", "project_themes"),),
    places=(("street", None),),
    recorded=("timeline", "status", "vote", "acceptance", "milestones", "reports", "corrections"),
    set_by_step={"accepted": ("acceptance",)},
    columns=(
        Column("id", "string", "编号", lambda p: p.id),
        Column("title", "string", "项目名称", lambda p: p.title),
        Column("year", "integer", "年度", lambda p: p.year),
        Column("theme", "string", "主题", lambda p: p.theme),
        Column("level", "string", "层级", lambda p: p.level),
        Column("budget", "number", "预算（万元）", lambda p: p.budget),
        Column("lead_department", "string", "牵头部门编号", lambda p: p.lead_department),
        Column("status", "string", "当前状态（英文代码）", lambda p: p.status),
        Column("status_label", "string", "当前状态（中文）", status_label("project")),
        Column("progress", "integer", "进度（%）", lambda p: p.progress),
        Column("vote_session", "string", "票决会议编号", _vote("session")),
        Column("vote_for", "integer", "赞成票", _vote("for_")),
        Column("vote_against", "integer", "反对票", _vote("against")),
        Column("vote_abstain", "integer", "弃权票", _vote("abstain")),
        Column("selected", "boolean", "是否当选", _vote("selected")),
        Column("rank", "integer", "得票名次", _vote("rank")),
        Column("supervisors", "string", "监督代表编号，多个用“；”分隔", lambda p: joined(p.supervisors)),
        Column(
            "satisfaction_rate",
            "number",
            "验收满意率（%）",
            lambda p: p.acceptance.satisfaction_rate if p.acceptance else None,
        ),
    ),
    new_options=(
        Option("--title", "项目名称。", required=True),
        Option("--year", "项目年度。", required=True, type=int),
        Option("--theme", "主题，取值见 records/ledger.yaml 的 project_themes。", required=True),
        Option("--summary", "建设内容和目标。", required=True),
        Option("--lead", "牵头部门编号或名称。", refers=("department",)),
        Option("--by", "提出候选项目的部门或代表编号（或名称）。", required=True, refers=ACTORS),
        Option("--note", "第一条事件的公开说明。"),
    ),
    new_help="新建一个候选民生实事项目（状态 proposed）。",
    dated=True,
)
