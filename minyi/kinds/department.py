"""承办部门: a department or street office that handles suggestions and is ranked on it."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Column, Kind, Option

OFFICE_KIND = "人大机关"  # registers and assigns; never ranked


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    kind: str
    short_name: str | None = None
    parent: str | None = None
    street: str | None = None
    address: str | None = None
    hours: str | None = None
    phone: str | None = None
    deputies: tuple[str, ...] = ()

    @property
    def ranked(self) -> bool:
        return self.kind != OFFICE_KIND


KIND = Kind(
    name="department",
    order=50,
    title="承办部门",
    folder="departments",
    prefix="DEP",
    model=Department,
    id_width=3,
    section="departments",
    refs=(("deputies.*", "deputy"),),
    places=(("street", None),),
    columns=(
        Column("id", "string", "编号", lambda d: d.id),
        Column("name", "string", "名称", lambda d: d.name),
        Column("short_name", "string", "简称", lambda d: d.short_name),
        Column("kind", "string", "类型", lambda d: d.kind),
        Column("ranked", "boolean", "是否参加部门工作评议（人大机关登记交办，不参加）", lambda d: d.ranked),
        Column("parent", "string", "上级单位", lambda d: d.parent),
        Column("address", "string", "地址", lambda d: d.address),
        Column("phone", "string", "公开办公电话", lambda d: d.phone),
    ),
    new_options=(
        Option("--name", "部门全称。", required=True),
        Option(
            "--kind",
            "类型。",
            required=True,
            choices=("政府部门", "街道办事处", "镇政府", "公用事业单位", OFFICE_KIND),
            field="dept_kind",
        ),
        Option("--street", "所在街道（街道办事处等），取值见 records/ledger.yaml 的 streets。"),
    ),
    new_help="新建一个承办部门。",
)
