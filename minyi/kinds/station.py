"""代表联络站: where residents meet deputies; its page says when and how to reach them."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Column, Kind, Option
from .columns import joined


@dataclass(frozen=True, slots=True)
class Station:
    id: str
    name: str
    kind: str
    street: str
    address: str | None = None
    hours: str | None = None
    phone: str | None = None
    deputies: tuple[str, ...] = ()
    note: str | None = None


KIND = Kind(
    name="station",
    order=60,
    title="代表联络站",
    folder="stations",
    prefix="ST",
    model=Station,
    id_width=2,
    section="stations",
    find_fields=("address",),
    refs=(("deputies.*", "deputy"),),
    places=(("street", None),),
    columns=(
        Column("id", "string", "编号", lambda s: s.id),
        Column("name", "string", "名称", lambda s: s.name),
        Column("kind", "string", "类型", lambda s: s.kind),
        Column("street", "string", "街道（镇）", lambda s: s.street),
        Column("address", "string", "地址", lambda s: s.address),
        Column("hours", "string", "接待时间", lambda s: s.hours),
        Column("deputies", "string", "进站代表编号，多个用“；”分隔", lambda s: joined(s.deputies)),
    ),
    new_options=(
        Option("--name", "联络站名称。", required=True),
        Option(
            "--kind", "类型。", required=True, choices=("联络总站", "联络站", "联络点", "线上"), field="station_kind"
        ),
        Option("--street", "所在街道（镇），取值见 records/ledger.yaml 的 streets。", required=True),
    ),
    new_help="新建一个代表联络站。",
)
