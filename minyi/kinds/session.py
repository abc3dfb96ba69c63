"""票决会议: the congress or council session where deputies vote on livelihood projects.

Its own record because a vote's meaning depends on the session's eligible, present
and cast counts, which all the session's projects share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Correction, Link
from .base import Column, Kind


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    name: str
    date: dt.date
    level: str
    eligible: int
    present: int
    cast: int
    candidates: int
    selected: int
    street: str | None = None
    method: str | None = None
    note: str | None = None
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()


KIND = Kind(
    name="session",
    order=30,
    title="票决会议",
    folder="sessions",
    prefix="V",
    model=Session,
    id_width=2,
    refs=(("corrections.*.by", None),),
    places=(("street", None),),
    recorded=("date", "eligible", "present", "cast", "candidates", "selected", "corrections"),
    columns=(
        Column("id", "string", "编号", lambda s: s.id),
        Column("name", "string", "会议名称", lambda s: s.name),
        Column("date", "date", "票决日期", lambda s: s.date),
        Column("level", "string", "层级", lambda s: s.level),
        Column("eligible", "integer", "应到代表", lambda s: s.eligible),
        Column("present", "integer", "出席代表", lambda s: s.present),
        Column("cast", "integer", "投票数", lambda s: s.cast),
        Column("candidates", "integer", "候选项目数", lambda s: s.candidates),
        Column("selected", "integer", "当选项目数", lambda s: s.selected),
    ),
)
