"""Which spreadsheet column holds which field: the default 台账 headings, or a mapping file.

Headings are compared after NFKC (full-width letters and brackets become half-width),
without whitespace or line breaks, and without the marks clerks add (*必填, a trailing
colon), so "收到 日期", "收到日期：" and "＊收到日期" are one heading. The heading row is
the first of the top ten rows naming at least three known fields, since a 台账 often
starts with a title row ("青溪区 2024 年意见建议台账") and a blank one.

A mapping file (YAML) may name the sheet and the heading row, map more headings to
fields, and give a default for a field the sheet has no column for:

    sheet: 2024年台账
    header_row: 3
    columns: {群众诉求: summary, 转办单位: lead, 来电人: resident}
    defaults: {channel: '12345', category: 城市管理}
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..personal_data import quotable
from .sheet import column_letter


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    headings: tuple[str, ...]
    required: bool = False


# Headings naming a resident or how to reach one: never read, whatever a mapping says.
_RESIDENT = """反映人 来电人 来访人 来信人 投诉人 举报人 诉求人 求助人 当事人 群众姓名 姓名 反映人姓名 来电人姓名 投诉人姓名
    联系人 联系方式 联系电话 来电号码 电话 电话号码 手机 手机号 手机号码 身份证 身份证号 身份证号码 证件号码
    住址 家庭住址 联系地址"""
RESIDENT_HEADINGS = tuple(_RESIDENT.split())

FIELDS = (
    Field("seq", "序号", ("序号", "编号", "序")),
    Field(
        "received", "收到日期", ("收到日期", "受理日期", "反映日期", "收集日期", "登记日期", "收到时间", "日期"), True
    ),
    Field("channel", "渠道", ("渠道", "反映渠道", "收集渠道", "来源", "来源渠道")),
    Field(
        "resident_channel", "反映人/渠道（只取渠道）", ("反映人/渠道", "反映人(渠道)", "反映人及渠道", "反映人/来源")
    ),
    Field("deputy", "代表", ("代表", "转交代表", "收集代表", "代表姓名", "反映代表")),
    Field("station", "联络站", ("联络站", "所属联络站", "接待联络站", "代表联络站")),
    Field("title", "标题", ("标题", "问题标题", "建议标题", "事由")),
    Field(
        "summary",
        "问题内容",
        ("问题内容", "反映内容", "问题描述", "主要内容", "反映问题", "意见建议内容", "内容"),
        True,
    ),
    Field("category", "类别", ("类别", "问题类别", "分类", "问题分类")),
    Field("street", "所属街道", ("所属街道", "街道", "街道(镇)", "镇街", "街镇", "所属镇街"), True),
    Field("community", "社区", ("社区", "所属社区", "村(社区)", "社区(村)")),
    Field("location", "地点", ("地点", "具体位置", "具体地点", "位置")),
    Field("lead", "交办部门", ("交办部门", "承办部门", "主办部门", "责任单位", "承办单位")),
    Field("assist", "协办部门", ("协办部门", "协办单位")),
    Field("assigned", "交办日期", ("交办日期", "交办时间")),
    Field("deadline", "办理时限", ("办理时限", "办结时限", "答复时限", "时限")),
    Field("answer", "办理结果", ("办理结果", "答复内容", "办理情况", "答复意见")),
    Field("answered", "答复日期", ("答复日期", "答复时间", "反馈日期")),
    Field("outcome", "结果分类", ("结果分类", "办理结果分类", "解决情况")),
    Field("satisfaction", "满意度", ("满意度", "群众满意度", "回访满意度", "满意度评价")),
    Field("closed", "办结日期", ("办结日期", "回访日期", "销号日期", "办结时间")),
    Field("state", "办理状态", ("办理状态", "状态", "受理情况", "是否受理")),
    Field("reason", "不予受理理由", ("不予受理理由", "不受理理由", "不予受理原因")),
    # Never read: who the resident is. Listed so that a mapping cannot send them into a record.
    Field(
        "resident",
        "群众个人信息（从不导入）",
        RESIDENT_HEADINGS,
    ),
    Field("ignore", "不导入", ("备注", "附件")),
)
BY_NAME = {f.name: f for f in FIELDS}
PRIVATE = "resident"
SKIPPED = ("ignore", PRIVATE, "seq")  # read for nothing but the row's own reference
HEADING_SCAN = 10
_MARKS = re.compile(r"^[*＊]+|[*＊:：]+$")


def heading_key(text) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return _MARKS.sub("", text)


DEFAULT_HEADINGS = {heading_key(h): f.name for f in FIELDS for h in f.headings}


class MappingError(Exception):
    """A mapping file that cannot be used; `variant` and `facts` are the import-mapping words."""

    def __init__(self, variant: str | None, **facts):
        super().__init__(variant or "mapping")
        self.variant = variant
        self.facts = facts


@dataclass(frozen=True)
class Column:
    index: int  # 1-based
    heading: str
    field: str

    @property
    def label(self) -> str:
        """How messages name the column; a heading's invisible characters are spelled out (\\u001b)."""
        return f"{column_letter(self.index)}列（{quotable(self.heading)}）"


@dataclass
class Mapping:
    sheet: str | None = None
    header_row: int | None = None
    headings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_HEADINGS))
    defaults: dict[str, str] = field(default_factory=dict)


@dataclass
class Layout:
    header_row: int
    columns: dict[str, Column]  # field -> its column
    unused: list[Column]  # columns not imported (unknown headings, ignore, resident)
    defaults: dict[str, str]
    duplicates: list[tuple[Column, Column]] = field(default_factory=list)


def _text_map(data, key: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise MappingError("shape", key=key)
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def load_mapping(path: Path | None) -> Mapping:
    """The default mapping, overridden by a mapping file's sheet, header_row, columns and defaults."""
    mapping = Mapping()
    if path is None:
        return mapping
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError("unreadable", why=type(exc).__name__) from None
    if not isinstance(data, dict) or set(data) - {"sheet", "header_row", "columns", "defaults"}:
        raise MappingError("shape", key="、".join(map(str, set(data) - {"sheet", "header_row", "columns", "defaults"})) if isinstance(data, dict) else "（整个文件）")  # fmt: skip
    for heading, name in _text_map(data, "columns").items():
        if name not in BY_NAME:
            raise MappingError("field", heading=heading, name=name, choices="、".join(BY_NAME))
        key = heading_key(heading)
        if DEFAULT_HEADINGS.get(key) == PRIVATE and name not in (PRIVATE, "ignore"):
            raise MappingError("private", heading=heading, name=name)
        mapping.headings[key] = name
    for name, value in _text_map(data, "defaults").items():
        if name not in BY_NAME or name in SKIPPED:
            raise MappingError("field", heading=f"defaults.{name}", name=name, choices="、".join(BY_NAME))
        mapping.defaults[name] = value
    mapping.sheet = None if data.get("sheet") is None else str(data["sheet"])
    row = data.get("header_row")
    if row is not None and (not isinstance(row, int) or isinstance(row, bool) or row < 1):
        raise MappingError("shape", key="header_row")
    mapping.header_row = row
    return mapping


def _named(values: tuple, mapping: Mapping) -> int:
    return sum(1 for v in values if v is not None and mapping.headings.get(heading_key(v)) not in (None, "ignore"))


def find_layout(rows: list[tuple[int, tuple]], mapping: Mapping) -> Layout | None:
    """The heading row and each field's column; None when no heading row is found."""
    if mapping.header_row is not None:
        header = next(((n, v) for n, v in rows if n == mapping.header_row), None)
    else:
        header = next(((n, v) for n, v in rows[:HEADING_SCAN] if _named(v, mapping) >= 3), None)
    if header is None:
        return None
    number, values = header
    columns: dict[str, Column] = {}
    unused, duplicates = [], []
    for index, value in enumerate(values, start=1):
        if value is None or not str(value).strip():
            continue
        name = mapping.headings.get(heading_key(value))
        col = Column(index, str(value).strip(), name or "ignore")
        if name is None or name in ("ignore", PRIVATE):
            unused.append(col)
        elif name in columns:
            duplicates.append((columns[name], col))
        else:
            columns[name] = col
    return Layout(number, columns, unused, dict(mapping.defaults), duplicates)
