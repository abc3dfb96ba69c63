"""会议: a meeting of a street deliberation council (街道议政代表会) or of a deputy group.

Its own record because a meeting is where deputies raise residents' suggestions, vote
on or supervise livelihood projects and hear departments report: the public asks who
was there and what was decided. Not tracked: a meeting has no lifecycle, only the
facts recorded once it was held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Correction, Link
from .base import Column, Kind, Option
from .columns import joined

BODIES = ("街道议政代表会", "议政代表小组", "人大代表小组")


@dataclass(frozen=True, slots=True)
class Hearing:
    """A report the meeting heard: what it was, who gave it, where it is published."""

    title: str
    by: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    id: str
    name: str
    date: dt.date
    body: str
    street: str
    present: tuple[str, ...]
    agenda: tuple[str, ...]
    group: str | None = None
    place: str | None = None
    suggestions: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    reports: tuple[Hearing, ...] = ()
    decisions: tuple[str, ...] = ()
    note: str | None = None
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def year(self) -> int:
        return self.date.year


KIND = Kind(
    name="meeting",
    order=70,
    title="会议",
    folder="meetings",
    prefix="M",
    model=Meeting,
    id_width=2,
    yearly=True,
    section="meetings",
    find_fields=("place",),
    refs=(
        ("present.*", "deputy"),
        ("suggestions.*", "suggestion"),
        ("projects.*", "project"),
        ("reports.*.by", "department"),
        ("corrections.*.by", None),
    ),
    places=(("street", None),),
    recorded=("date", "present", "decisions", "corrections"),
    columns=(
        Column("id", "string", "编号", lambda m: m.id),
        Column("name", "string", "会议名称", lambda m: m.name),
        Column("date", "date", "会议日期", lambda m: m.date),
        Column("body", "string", "会议类型：街道议政代表会 / 议政代表小组 / 人大代表小组", lambda m: m.body),
        Column("street", "string", "街道（镇）", lambda m: m.street),
        Column("group", "string", "代表小组", lambda m: m.group),
        Column("present", "string", "出席代表编号，多个用“；”分隔", lambda m: joined(m.present)),
        Column("present_count", "integer", "出席代表人数", lambda m: len(m.present)),
        Column("agenda", "string", "议程，多项用“；”分隔", lambda m: joined(m.agenda)),
        Column(
            "suggestions", "string", "会上提出或督办的意见建议编号，多个用“；”分隔", lambda m: joined(m.suggestions)
        ),
        Column("projects", "string", "票决或监督的民生实事项目编号，多个用“；”分隔", lambda m: joined(m.projects)),
        Column("reports", "integer", "听取的报告数", lambda m: len(m.reports)),
        Column("decisions", "string", "会议决定，多项用“；”分隔", lambda m: joined(m.decisions)),
    ),
    new_options=(
        Option("--name", "会议名称，如“梨园街道议政代表会第一次监督会议”。", required=True),
        Option("--body", "会议类型。", required=True, choices=BODIES),
        Option("--street", "所在街道（镇），取值见 records/ledger.yaml 的 streets。", required=True),
        Option("--group", "代表小组名称（小组会议时填写），如“议政第3组”。"),
        Option("--place", "会议地点，如“议政代表工作室”（不写门牌号）。"),
        Option(
            "--deputy",
            "出席代表编号或姓名，可重复。",
            required=True,
            multiple=True,
            field="present",
            refers=("deputy",),
        ),
        Option("--agenda", "一项议程，可重复。", required=True, multiple=True),
        Option(
            "--suggestion",
            "会上提出或督办的意见建议编号，可重复。",
            multiple=True,
            field="suggestions",
            refers=("suggestion",),
        ),
        Option(
            "--project", "票决或监督的民生实事项目编号，可重复。", multiple=True, field="projects", refers=("project",)
        ),
    ),
    new_help="记录一次街道议政代表会或代表小组会议（--date 为开会日期）。",
    dated=True,
)
