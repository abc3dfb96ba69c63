"""`minyi import`: bring a district's existing 台账 (an Excel or CSV sheet) into the ledger.

Every row becomes one suggestion written from the same template as `minyi new` (under a
placeholder id that `assign-ids` numbers), with the timeline its dated columns tell
(see rows.py), and is checked by the validator against the ledger before anything is
written. Problems are collected for the whole file at once and said by row and column
(report.py); nothing is written while any row is bad, unless the clerk asks to skip
the bad rows. The commit that adds the records says `Minyi-Import: true`, so the site
shows their events as 导入/补录 rather than as entered late (minyi.recording).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..actions.scaffold import bare, flow_list, placeholder_id, q, render
from ..ledger import Ledger, expected_path
from ..lookup import fold
from ..problems import errors
from ..validate import check_one
from . import mapping as mapping_mod
from . import names, rows, sheet
from .mapping import BY_NAME, Column, Layout
from .report import CellProblem, cell_problem, traced

KIND = "suggestion"  # the only kind a 台账 import makes today
REQUIRED = ("received", "summary", "street", "category", "channel")
RECORD_FIELDS = {  # a record path's first parts -> the import field its value came from
    ("title",): "title",
    ("summary",): "summary",
    ("category",): "category",
    ("channel",): "channel",
    ("received",): "received",
    ("place", "community"): "community",
    ("place", "location"): "location",
    ("place",): "street",
    ("deputies",): "deputy",
    ("station",): "station",
    ("departments", "assist"): "assist",
    ("departments",): "lead",
    ("deadline",): "deadline",
    ("answer", "date"): "answered",
    ("answer", "by"): "lead",
    ("answer",): "answer",
    ("outcome",): "outcome",
    ("satisfaction",): "satisfaction",
    ("not_accepted_reason",): "reason",
}


@dataclass
class Planned:
    draft: rows.Draft
    rel: str
    text: str


@dataclass
class Plan:
    problems: list[CellProblem] = field(default_factory=list)
    good: list[Planned] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)
    unused: list[Column] = field(default_factory=list)
    rows: int = 0


def _header_problems(shown: str, layout: Layout) -> list[CellProblem]:
    out = []
    for first, second in layout.duplicates:
        title = BY_NAME[second.field].title
        out.append(cell_problem(shown, layout.header_row, second, "import-header", "duplicate", title=title, first=first.label, second=second.label))  # fmt: skip
    present = set(layout.columns) | set(layout.defaults)
    if "resident_channel" in present:
        present.add("channel")
    for name in REQUIRED:
        if name not in present:
            f = BY_NAME[name]
            note = f"，或在 defaults 中写每行都用的{f.title}" if name in ("channel", "category") else ""
            out.append(cell_problem(shown, layout.header_row, None, "import-header", "missing", title=f.title, headings="、".join(f.headings), default_note=note))  # fmt: skip
    return out


def _source(draft: rows.Draft):
    def source(path: tuple):
        if path[:1] == ("timeline",) and path[2:3] == ("deadline",):
            name = "deadline"
        elif path[:1] == ("timeline",) and len(path) > 1 and isinstance(path[1], int):
            index = path[1]
            name = "received" if index == 0 else draft.steps[min(index, len(draft.steps)) - 1].source
        elif path[:1] == ("status",):
            name = draft.steps[-1].source if draft.steps else "received"
        else:
            name = next((f for p, f in RECORD_FIELDS.items() if path[: len(p)] == p), None)
        if name == "channel" and "channel" not in draft.sources:
            name = "resident_channel"
        if name == "assist" and "assist" not in draft.sources:
            name = "lead"
        return draft.sources.get(name) if name else None

    return source


def _field(key: str, value, indent: str = "") -> str:
    """One field as YAML text in `minyi new`'s style: ids and codes bare, every other value a quoted string."""
    if isinstance(value, dict):
        return f"{indent}{key}:\n" + "".join(_field(k, v, indent + "  ") for k, v in value.items())
    if isinstance(value, list):
        return f"{indent}{key}: {flow_list(value)}\n"
    return f"{indent}{key}: {bare(value) if key in IDS else q(value)}\n"


IDS = ("lead", "by", "outcome")  # ids and codes stay bare, as `minyi new` and `advance` write them


def record_text(ledger: Ledger, draft: rows.Draft) -> tuple[str, str]:
    """The record file one good row becomes: `minyi new`'s template, its later facts before `status`
    (where the schema orders them) and the later steps after the first event. Written as text, not
    through ruamel's round trip, which took 30 ms a row; the validator checks the result either way."""
    rid = placeholder_id(KIND, draft.received.year)
    text = render(KIND, rid, {"office": ledger.settings.office, **draft.values}, draft.received)
    text = text.replace("由 minyi new 生成", f"由 minyi import 从原台账第 {draft.row} 行导入", 1)
    text = text.replace(f"# 推进状态请用 minyi advance {rid} registered", f"# 继续办理请用 minyi advance {rid}", 1)
    head, status, first = text.partition("\nstatus: received\n")
    later = "".join(_field(k, v) for k, v in draft.fields.items())
    events = "".join(
        f"  - date: {q(s.day.isoformat())}\n    status: {s.status}\n    by: {bare(s.by)}\n"
        + (f"    deadline: {q(s.deadline.isoformat())}\n" if s.deadline else "")
        + f"    note: {q(s.note)}\n"
        for s in draft.steps
    )
    assert status, "the suggestion template ends with status and the first event"
    return expected_path(KIND, rid), f"{head}\n{later}status: {draft.steps[-1].status}\n{first}{events}"


def _existing(ledger: Ledger) -> dict[tuple, str]:
    """The duplicate key of every suggestion already in the ledger → its id."""
    out = {}
    for rec in ledger.of(KIND):
        d = rec.data
        place = d.get("place") if isinstance(d.get("place"), dict) else {}
        try:
            day = dt.date.fromisoformat(str(d.get("received")))
        except ValueError:
            continue
        out[(day, fold(str(d.get("summary", ""))), place.get("street"))] = rec.id
    return out


def _duplicate(shown: str, draft: rows.Draft, seen: dict, existing: dict) -> CellProblem | None:
    if draft.key in existing:
        return cell_problem(shown, draft.row, None, "import-duplicate", "existing", rid=existing[draft.key])
    if draft.key in seen:
        return cell_problem(shown, draft.row, None, "import-duplicate", other=seen[draft.key])
    seen[draft.key] = draft.row
    return None


def _open(shown: str, path: Path, mapping_path: Path | None) -> tuple[list[CellProblem], object, Layout | None]:
    try:
        mapping = mapping_mod.load_mapping(mapping_path)
    except mapping_mod.MappingError as err:
        return [cell_problem(str(mapping_path), None, None, "import-mapping", err.variant, **err.facts)], None, None
    try:
        data = sheet.read(path, mapping.sheet)
    except sheet.SheetError as err:
        return [cell_problem(shown, None, None, "import-file", err.variant, **err.facts)], None, None
    layout = mapping_mod.find_layout(data.rows, mapping)
    if layout is None:
        return [cell_problem(shown, None, None, "import-header", rows=mapping_mod.HEADING_SCAN)], None, None
    return _header_problems(shown, layout), data, layout


def plan(ledger: Ledger, path: Path, shown: str, mapping_path: Path | None, today: dt.date) -> Plan:
    """Read, map and check every row; write nothing."""
    out = Plan()
    out.problems, data, layout = _open(shown, path, mapping_path)
    if out.problems or layout is None:
        return out
    out.unused = layout.unused
    body = [(n, v) for n, v in data.rows if n > layout.header_row]
    if not body:
        out.problems.append(cell_problem(shown, None, None, "import-file", "empty"))
        return out
    ctx = rows.Context(shown, layout, ledger.settings, names.Names(ledger), ledger.settings.office, ledger.name)
    seen, existing = {}, _existing(ledger)
    for number, values in body:
        out.rows += 1
        draft = rows.read_row(ctx, number, values)
        problems = list(draft.problems)
        if not problems:
            dup = _duplicate(shown, draft, seen, existing)
            rel, text = record_text(ledger, draft)
            found = errors(check_one(ledger, rel, KIND, text, today))
            problems = ([dup] if dup else []) + traced(shown, number, text, rel, found, _source(draft))
        if problems:
            out.problems += problems
            out.bad_rows.add(number)
        else:
            out.good.append(Planned(draft, rel, text))
    return out


def write(ledger: Ledger, planned: list[Planned]) -> list[Path]:
    """Write the planned records; "x" mode, so an existing file is never overwritten."""
    written = []
    for p in planned:
        target = ledger.root / p.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(p.text)
        written.append(target)
    return written
