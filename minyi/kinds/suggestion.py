"""意见建议: a resident's suggestion carried by a deputy, tracked from receipt to closure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import deadlines
from ..model import Correction, Event, Link
from .base import Column, Kind, Option
from .columns import joined, status_label


@dataclass(frozen=True, slots=True)
class Place:
    street: str
    community: str | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class Departments:
    lead: str
    assist: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    date: dt.date
    by: str
    text: str


@dataclass(frozen=True, slots=True)
class Supervision:
    """One listing as a key supervised suggestion (重点督办): when, by whom, how, why. Only appended."""

    date: dt.date
    by: str
    level: str  # 代表督办 / 人大督办 / 领导督办
    reason: str
    leader: str | None = None  # the leader's post, for 领导督办


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    title: str
    summary: str
    category: str
    channel: str
    received: dt.date
    place: Place
    status: str
    timeline: tuple[Event, ...]
    deputies: tuple[str, ...] = ()  # none for channels without a deputy (12345, 网格, 小程序)
    station: str | None = None
    departments: Departments | None = None
    deadline: dt.date | None = None
    answer: Answer | None = None
    outcome: str | None = None
    satisfaction: str | None = None
    project: str | None = None
    merged_into: str | None = None
    not_accepted_reason: str | None = None
    withdrawn_reason: str | None = None
    supervision: tuple[Supervision, ...] = ()
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def year(self) -> int:
        return int(self.id[2:6])

    @property
    def key_supervised(self) -> bool:
        """重点督办: listed at least once (listings are only appended, never flipped off)."""
        return bool(self.supervision)

    @property
    def lead(self) -> str | None:
        return self.departments.lead if self.departments else None

    @property
    def assist(self) -> tuple[str, ...]:
        return self.departments.assist if self.departments else ()


OUTCOME = {"solved": "已解决", "in_hand": "正在解决或列入计划", "explained": "解释说明（暂不能解决）"}


KIND = Kind(
    name="suggestion",
    order=10,
    title="意见建议",
    folder="suggestions",
    prefix="S",
    model=Suggestion,
    id_width=4,
    yearly=True,
    lifecycle=True,
    section="suggestions",
    find_fields=("summary", "place.location"),
    refs=(
        ("deputies.*", "deputy"),
        ("station", "station"),
        ("departments.lead", "department"),
        ("departments.assist.*", "department"),
        ("answer.by", "department"),
        ("project", "project"),
        ("merged_into", "suggestion"),
        ("supervision.*.by", None),
        ("timeline.*.by", None),
        ("corrections.*.by", None),
    ),
    setting_words=(("category", "categories"), ("channel", "channels")),
    places=(("place.street", "place.community"),),
    set_by_step={
        "assigned": ("deadline", "departments"),
        "answered": ("answer",),
        "closed": ("outcome", "satisfaction"),
        "reopened": ("satisfaction", "outcome"),
    },
    recorded=(
        "received",
        "timeline",
        "deadline",
        "departments",
        "answer",
        "outcome",
        "satisfaction",
        "deputies",
        "merged_into",
        "not_accepted_reason",
        "withdrawn_reason",
        "supervision",
        "status",
        "corrections",
    ),
    columns=(
        Column("id", "string", "编号", lambda s: s.id),
        Column("title", "string", "标题", lambda s: s.title),
        Column("summary", "string", "内容摘要", lambda s: s.summary),
        Column("category", "string", "类别", lambda s: s.category),
        Column("channel", "string", "收集渠道", lambda s: s.channel),
        Column("street", "string", "街道（镇）", lambda s: s.place.street),
        Column("community", "string", "社区（村）", lambda s: s.place.community),
        Column("location", "string", "小区、道路或地标", lambda s: s.place.location),
        Column("received", "date", "收到日期", lambda s: s.received),
        Column("status", "string", "当前状态（英文代码，见 docs/lifecycle.md）", lambda s: s.status),
        Column("status_label", "string", "当前状态（中文）", status_label("suggestion")),
        Column("deputies", "string", "转交代表编号，多个用“；”分隔", lambda s: joined(s.deputies)),
        Column("station", "string", "联络站编号", lambda s: s.station),
        Column("lead_department", "string", "主办部门编号", lambda s: s.lead),
        Column("assist_departments", "string", "协办部门编号，多个用“；”分隔", lambda s: joined(s.assist)),
        Column(
            "deadline",
            "date",
            "现行办理时限：最近一次交办定下的（每次交办的时限见时间线表 events 的 deadline 列）",
            deadlines.in_force,
        ),
        Column("answered", "date", "答复日期（最近一次答复）", lambda s: s.answer.date if s.answer else None),
        Column("answered_by", "string", "答复部门编号", lambda s: s.answer.by if s.answer else None),
        Column("answer_text", "string", "答复内容", lambda s: s.answer.text if s.answer else None),
        Column(
            "outcome",
            "string",
            "办理结果：solved 已解决 / in_hand 正在解决或列入计划 / explained 解释说明",
            lambda s: s.outcome,
        ),
        Column("outcome_label", "string", "办理结果（中文）", lambda s: OUTCOME.get(s.outcome)),
        Column("satisfaction", "string", "满意度：满意 / 基本满意 / 不满意", lambda s: s.satisfaction),
        Column("merged_into", "string", "合并到的建议编号", lambda s: s.merged_into),
        Column("project", "string", "相关民生实事项目编号", lambda s: s.project),
        Column("events", "integer", "时间线事件数", lambda s: len(s.timeline)),
        Column("key_supervised", "boolean", "是否重点督办（列为重点督办建议）", lambda s: s.key_supervised),
        Column(
            "supervised_since",
            "date",
            "第一次列为重点督办的日期",
            lambda s: s.supervision[0].date if s.supervision else None,
        ),
        Column(
            "supervision_level",
            "string",
            "督办方式（最近一次）：代表督办 / 人大督办 / 领导督办",
            lambda s: s.supervision[-1].level if s.supervision else None,
        ),
        Column(
            "supervised_by",
            "string",
            "督办者编号，多个用“；”分隔",
            lambda s: joined(dict.fromkeys(x.by for x in s.supervision)),
        ),
        Column(
            "supervision_reason",
            "string",
            "督办理由（最近一次）",
            lambda s: s.supervision[-1].reason if s.supervision else None,
        ),
    ),
    new_options=(
        Option("--title", "一句话标题，如“建议拓宽锦绣路至24米”。", required=True),
        Option("--summary", "诉求内容摘要（不含个人信息）。", required=True),
        Option("--category", "类别，取值见 records/ledger.yaml 的 categories。", required=True),
        Option("--channel", "收集渠道，如 联络站接待、代表码、走访、网格、小程序、12345。", required=True),
        Option("--street", "街道（镇），取值见 records/ledger.yaml 的 streets。", required=True),
        Option("--community", "社区（村），取值见 records/ledger.yaml 的 streets 中这个街道下的名单。"),
        Option("--location", "小区、道路或地标（不写门牌号）。"),
        Option(
            "--deputy",
            "收集建议的代表编号或姓名，可重复；12345、网格、小程序等没有代表的渠道可以不写"
            "（见 records/ledger.yaml 的 channels_without_deputy）。",
            multiple=True,
            field="deputies",
            refers=("deputy",),
        ),
        Option("--station", "联络站编号或名称。", refers=("station",)),
        Option("--note", "第一条事件的公开说明。"),
    ),
    new_help="新建一条意见建议（状态 received）。",
    dated=True,
)
