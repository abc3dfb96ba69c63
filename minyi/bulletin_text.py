"""The bulletin (minyi/bulletin.py) as the clerk's Markdown and as CSV.

The CSV's columns are declared once here (open-data Columns): `minyi report --format csv`
and the site's data/reports/<period>.csv are the same text. The definitions printed in the
bulletin (DEFINITIONS) are the ones the site's 通报 pages print.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import NamedTuple

from .bulletin import Bulletin, Line
from .kinds.base import Column
from .kinds.suggestion import OUTCOME
from .spreadsheet import BOM, inert
from .stats import Rate, percent, tenth

# What each figure counts: printed under every bulletin (Markdown and site) and in the CSV's schema.
DEFINITIONS = (
    "“本期”各项按时间线上事件的日期计数：收到（收到日期在本期）、交办（首次交办在本期）、"
    "按期答复和逾期答复（首次答复在本期，与办理时限比较）、办结（本期办结、期末仍为已办结）、"
    "满意和不满意（本期办结或重新办理时记录的测评；满意含基本满意）。",
    "“期末”各项是统计期间最后一天（本期尚未结束的为今天）的状态，范围是那一天以前收到的全部意见建议，"
    "与驾驶舱同一公式：未办结、逾期（正在办理、办理时限已过、重新办理后还没有新的答复）、"
    "办结率 = 已办结 ÷ 受理，按期办结率 = 按期办结 ÷ （按期办结 + 逾期办结）（按首次答复是否在办理时限内区分），"
    "按期答复率 = 在办理时限内首次答复 ÷ （已答复 + 尚未答复且已逾期），满意率 = 满意和基本满意 ÷ 已测评。",
    "期末状态由时间线重算：那一天以后的事件和它们记下的事实不计；之后重新测评改写了的满意度不再可知，不计入已测评。",
    "不予受理、已合并和已撤回的只计入“收到”，不计入其他各项和比率。部门按主办部门统计，部门没有“收到”一项。",
    "比率保留一位小数，四舍五入；分母为 0 的写作“—”。",
)


class CsvRow(NamedTuple):
    bulletin: Bulletin
    line: Line


def _col(name: str, type_: str, description: str, get) -> Column:
    return Column(name, type_, description, get)


def _state(name: str, description: str) -> Column:
    return Column(name, "integer", description, lambda r: getattr(r.line.state, name))


def _rate(name: str, description: str, which: str) -> Column:
    return Column(name, "number", description, lambda r: _percent_number(getattr(r.line, which)))


def _percent_number(r: Rate) -> float | None:
    return None if r.value is None else tenth(100 * r.value)


CSV_COLUMNS = (
    _col("period", "string", "统计期间：2026-10（月）、2026-Q3（季度）或 2026（年）", lambda r: r.bulletin.period.key),
    _col("start", "date", "统计期间第一天", lambda r: r.bulletin.period.start),
    _col("end", "date", "统计期间最后一天", lambda r: r.bulletin.period.end),
    _col("as_of", "date", "期末状态截至的日期：统计期间最后一天，本期尚未结束的为数据日期", lambda r: r.bulletin.day),
    _col("group", "string", "合计、部门（主办部门）或街道（街道、镇）", lambda r: r.line.group),
    _col("key", "string", "部门编号或街道名称；合计为空", lambda r: r.line.key or None),
    _col("name", "string", "名称", lambda r: r.line.name),
    _col("received", "integer", "本期收到件数（部门为空）", lambda r: r.line.received),
    _col("assigned", "integer", "本期首次交办件数", lambda r: r.line.assigned),
    _col("answered_on_time", "integer", "本期首次答复、在办理时限内的件数", lambda r: r.line.answered_on_time),
    _col("answered_late", "integer", "本期首次答复、晚于办理时限的件数", lambda r: r.line.answered_late),
    _col("closed", "integer", "本期办结、期末仍为已办结的件数", lambda r: r.line.closed),
    _col("satisfied", "integer", "本期测评为满意或基本满意的件数", lambda r: r.line.satisfied),
    _col("dissatisfied", "integer", "本期测评为不满意的件数", lambda r: r.line.dissatisfied),
    _state("open", "期末未办结件数"),
    _state("overdue", "期末逾期件数"),
    _state("accepted", "期末受理件数（办结率的分母）"),
    _col("closed_total", "integer", "期末已办结件数（办结率的分子）", lambda r: r.line.state.closed),
    _state("closed_on_time", "期末已办结中按期答复的件数（按期办结率的分子）"),
    _state("closed_late", "期末已办结中逾期答复的件数"),
    _rate("closure_rate", "办结率（百分比，保留一位小数）= closed_total ÷ accepted", "closure_rate"),
    _rate(
        "on_time_closure_rate",
        "按期办结率（百分比，保留一位小数）= closed_on_time ÷ （closed_on_time + closed_late）",
        "on_time_closure_rate",
    ),
)


def _cell(value) -> str:
    return "" if value is None else str(value)


def _csv_cell(column: Column, row: CsvRow) -> str:
    text = _cell(column.get(row))
    return inert(text) if column.type == "string" else text  # a name never runs as a formula


def csv_text(b: Bulletin, bom: bool = True) -> str:
    """One row per line of the bulletin (合计, then departments, then streets). With a byte-order
    mark, as all open data, so spreadsheet software reads the Chinese (site_gen/exports/formats.py)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow([c.name for c in CSV_COLUMNS])
    for line in b.lines:
        out.writerow([_csv_cell(c, CsvRow(b, line)) for c in CSV_COLUMNS])
    return (BOM if bom else "") + buf.getvalue()


def _md(value) -> str:
    """A Markdown table cell: pipes escaped, line breaks flattened."""
    return " ".join(_cell(value).split()).replace("|", "\\|")


def _table(head: list[str], rows: Iterator[list]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]
    return out


LINE_HEAD = ["交办", "按期答复", "逾期答复", "办结", "满意", "不满意", "期末未办结", "期末逾期", "办结率", "按期办结率"]


def line_cells(line: Line) -> list:
    n = line.state
    return [
        line.assigned,
        line.answered_on_time,
        line.answered_late,
        line.closed,
        line.satisfied,
        line.dissatisfied,
        n.open,
        n.overdue,
        percent(line.closure_rate.value),
        percent(line.on_time_closure_rate.value),
    ]


def summary(b: Bulletin) -> str:
    t = b.total
    return (
        f"本期收到意见建议 {t.received} 件，交办 {t.assigned} 件；首次答复 {t.answered_on_time + t.answered_late} 件，"
        f"其中按期 {t.answered_on_time} 件、逾期 {t.answered_late} 件；办结 {t.closed} 件；"
        f"测评满意（含基本满意）{t.satisfied} 件、不满意 {t.dissatisfied} 件。"
        f"截至 {b.day}，未办结 {t.state.open} 件，其中逾期 {t.state.overdue} 件。"
    )


def rates(b: Bulletin) -> list[Rate]:
    """The district's rates on the bulletin's day: 办结率 and 按期办结率, then the dashboard's others."""
    t = b.total
    return [t.closure_rate, t.on_time_closure_rate, *(r for r in b.figures.rates if r.name != "办结率")]


def closure_cells(b: Bulletin, names: dict[str, str]) -> Iterator[list]:
    for r in b.closures:
        s, f = r.model, r.facts
        on_time = {True: "按期", False: "逾期", None: "—"}[f.on_time]
        yield [s.id, s.title, names.get(s.lead, s.lead), s.place.street, f.closed_on, f.days_open, on_time,
               OUTCOME.get(s.outcome, "—"), s.satisfaction or "—"]  # fmt: skip


CLOSURE_HEAD = ["编号", "标题", "承办部门", "街道（镇）", "办结日期", "办理天数", "首次答复", "办理结果", "满意度"]


def markdown(b: Bulletin, names: dict[str, str]) -> str:
    """The bulletin for the clerk: overview, definitions, departments, streets, closures."""
    p = b.period
    out = [f"# {b.district}民意台账 {p.label}通报", ""]
    out += [
        f"- 统计期间：{p.start} 至 {p.end}",
        f"- 期末状态截至：{b.day}" + ("（本期尚未结束）" if b.running else ""),
        "",
    ]
    out += ["## 概况", "", summary(b), ""]
    out += _table(
        ["比率", "数值", "计算"],
        ([r.name, percent(r.value), f"{r.part_words} {r.part} ÷ {r.whole_words} {r.whole}"] for r in rates(b)),
    )
    out += ["", "## 口径", ""] + [f"- {d}" for d in DEFINITIONS]
    out += ["", "## 按承办部门", ""]
    out += (
        _table(["部门", *LINE_HEAD], ([f"{d.name}（{d.key}）", *line_cells(d)] for d in b.departments))
        if b.departments
        else ["（无）"]
    )
    out += ["", "## 按街道（镇）", ""]
    out += (
        _table(["街道（镇）", "收到", *LINE_HEAD], ([s.name, s.received, *line_cells(s)] for s in b.streets))
        if b.streets
        else ["（无）"]
    )
    out += ["", "## 本期办结", ""]
    if b.closures:
        more = f"，列出办理时间最长的 {len(b.closures)} 件" if b.closed_count > len(b.closures) else ""
        out += [f"本期办结 {b.closed_count} 件{more}。", ""] + _table(CLOSURE_HEAD, closure_cells(b, names))
    else:
        out += ["本期没有办结的意见建议。"]
    return "\n".join(out) + "\n"
