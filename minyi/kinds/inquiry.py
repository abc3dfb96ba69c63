"""专题询问: a standing-committee hearing where members question department heads on one topic.

Its own record because the public asks what was asked, what the departments answered and
promised, and whether the promises were kept: each commitment has a deadline and a
follow-up trail. Tracked: held → opinion issued → commitments followed up → closed
(minyi/lifecycle.py); the review opinion the hearing produced is an `opinion` record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Correction, Event, Link
from .base import ACTORS, Column, Kind, Option
from .columns import joined, status_label

FOLLOW_UP_RESULTS = ("已落实", "部分落实", "未落实")


@dataclass(frozen=True, slots=True)
class Answer:
    """Who answered (the office held, never a person's name) and what they said, in summary."""

    role: str
    text: str


@dataclass(frozen=True, slots=True)
class Question:
    by: str  # the member (deputy id) who asked
    to: str  # the department questioned
    text: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class FollowUp:
    date: dt.date
    result: str
    note: str


@dataclass(frozen=True, slots=True)
class Commitment:
    text: str
    by: str  # the department that promised
    deadline: dt.date
    follow_ups: tuple[FollowUp, ...] = ()

    @property
    def last_result(self) -> str | None:
        return self.follow_ups[-1].result if self.follow_ups else None


@dataclass(frozen=True, slots=True)
class Inquiry:
    id: str
    title: str
    date: dt.date
    meeting: str
    summary: str
    departments: tuple[str, ...]
    questions: tuple[Question, ...]
    status: str
    timeline: tuple[Event, ...]
    commitments: tuple[Commitment, ...] = ()
    opinion: str | None = None
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def year(self) -> int:
        return self.date.year


def _count(result: str | None = None):
    if result is None:
        return lambda q: sum(1 for c in q.commitments if c.follow_ups)
    return lambda q: sum(1 for c in q.commitments if c.last_result == result)


KIND = Kind(
    name="inquiry",
    order=75,
    title="专题询问",
    folder="inquiries",
    prefix="IQ",
    model=Inquiry,
    id_width=2,
    yearly=True,
    lifecycle=True,
    section="inquiries",
    refs=(
        ("departments.*", "department"),
        ("questions.*.by", "deputy"),
        ("questions.*.to", "department"),
        ("commitments.*.by", "department"),
        ("opinion", "opinion"),
        ("timeline.*.by", None),
        ("corrections.*.by", None),
    ),
    recorded=("date", "questions", "commitments", "opinion", "timeline", "status", "corrections"),
    columns=(
        Column("id", "string", "编号", lambda q: q.id),
        Column("title", "string", "询问主题", lambda q: q.title),
        Column("date", "date", "询问日期", lambda q: q.date),
        Column("meeting", "string", "询问所在的常委会会议", lambda q: q.meeting),
        Column("status", "string", "当前状态（英文代码）", lambda q: q.status),
        Column("status_label", "string", "当前状态（中文）", status_label("inquiry")),
        Column("departments", "string", "被询问部门编号，多个用“；”分隔", lambda q: joined(q.departments)),
        Column("questions", "integer", "提问数", lambda q: len(q.questions)),
        Column("commitments", "integer", "部门承诺数", lambda q: len(q.commitments)),
        Column("commitments_followed", "integer", "已跟踪的承诺数（至少跟踪过一次）", _count()),
        Column("commitments_done", "integer", "最近一次跟踪为“已落实”的承诺数", _count("已落实")),
        Column("opinion", "string", "询问后形成的审议意见编号", lambda q: q.opinion),
    ),
    new_options=(
        Option("--title", "询问主题，如“安全生产属地监管”。", required=True),
        Option("--meeting", "询问所在的常委会会议，如“区人大常委会第十二次会议”。", required=True),
        Option("--summary", "为什么询问、询问了什么（一两句）。", required=True),
        Option(
            "--department",
            "被询问的部门编号或名称，可重复。",
            required=True,
            multiple=True,
            field="departments",
            refers=("department",),
        ),
        Option("--by", "记录这次询问的部门编号或名称（通常是人大办）。", refers=ACTORS),
    ),
    new_help="记录一次专题询问（--date 为询问日期；状态 held）。会后在文件中补写提问、答问和部门承诺。",
    dated=True,
)
