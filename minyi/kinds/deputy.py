"""代表: a deputy's public profile — the target of the deputy's QR code (代表码)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Correction, Link
from .base import Column, Kind, Option
from .columns import joined


@dataclass(frozen=True, slots=True)
class Reception:
    date: dt.date
    station: str
    residents: int
    suggestions: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """述职: the deputy reports a year's work to voters or the street council."""

    date: dt.date
    year: int  # the year reported on
    to: str  # 向谁述职: 选区选民、代表小组、街道议政代表会……
    summary: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Evaluation:
    """评议: the result of evaluating a deputy's year (满意度测评 by voters or the council)."""

    date: dt.date
    year: int
    by: str  # 评议主体
    result: str  # 满意 / 基本满意 / 不满意
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Deputy:
    id: str
    name: str
    role: str
    term: str
    street: str
    levels: tuple[str, ...] = ()
    constituency: str | None = None
    station: str | None = None
    sector: str | None = None
    group: str | None = None
    office_phone: str | None = None
    qr: bool | None = None
    receptions: tuple[Reception, ...] = ()
    annual_reports: tuple[AnnualReport, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    corrections: tuple[Correction, ...] = ()


KIND = Kind(
    name="deputy",
    order=40,
    title="代表",
    folder="deputies",
    prefix="D",
    model=Deputy,
    id_width=4,
    section="deputies",
    refs=(("station", "station"), ("receptions.*.station", "station"), ("corrections.*.by", None)),
    places=(("street", None),),
    recorded=("receptions", "annual_reports", "evaluations", "corrections"),
    columns=(
        Column("id", "string", "编号", lambda d: d.id),
        Column("name", "string", "姓名", lambda d: d.name),
        Column("role", "string", "身份", lambda d: d.role),
        Column("levels", "string", "层级，多个用“；”分隔", lambda d: joined(d.levels)),
        Column("term", "string", "届次", lambda d: d.term),
        Column("street", "string", "街道（镇）", lambda d: d.street),
        Column("station", "string", "联络站编号", lambda d: d.station),
        Column("sector", "string", "界别", lambda d: d.sector),
        Column("receptions", "integer", "接待次数", lambda d: len(d.receptions)),
        Column("residents_met", "integer", "接待群众人次", lambda d: sum(r.residents for r in d.receptions)),
    ),
    new_options=(
        Option("--name", "姓名。", required=True),
        Option("--role", "身份。", required=True, choices=("人大代表", "街道议政代表", "民情观察员")),
        Option(
            "--level",
            "人大代表的层级，可重复。",
            multiple=True,
            choices=("全国", "省", "市", "区县", "乡镇"),
            field="levels",
        ),
        Option("--term", "届次或任期，如“区第九届”。", required=True),
        Option("--street", "所在街道（镇），取值见 records/ledger.yaml 的 streets。", required=True),
        Option("--station", "所属联络站编号或名称。", refers=("station",)),
    ),
    new_help="新建一位代表的公开档案。",
)
