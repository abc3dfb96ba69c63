"""One spreadsheet row → the facts of one suggestion and its reconstructed timeline, or its problems.

The timeline is rebuilt from the dated columns, in the only order the lifecycle allows:
received (收到日期) → registered (the same day: old ledgers do not record it) → assigned
(交办日期, or the day received; with 办理时限) → answered (答复日期, with 办理结果) →
closed (办结日期, or the answer's day; with 结果分类 and 满意度). Each event's note says it
was imported and which day was not in the old ledger. Who the resident was (反映人,
电话 …) is never read: a 反映人/渠道 cell gives its channel and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import places
from ..lookup import fold
from . import cells
from .cells import CellError
from .mapping import BY_NAME, Column, Layout
from .names import Unresolved
from .report import CellProblem, cell_problem
from .sheet import Formula

ORDER = ("received", "assigned", "answered", "closed")  # dated columns, in the order things happen
TITLE_CHARS = 30


@dataclass
class Context:
    file: str
    layout: Layout
    settings: object  # minyi.kinds.settings.Settings
    names: object  # names.Names: department and deputy names -> ids
    office: str
    label: object  # record id -> the name the public reads (Ledger.name)


@dataclass
class Step:
    status: str
    day: dt.date
    by: str
    note: str
    source: str  # the field whose column dated it
    deadline: dt.date | None = None  # an assignment's own deadline (minyi.deadlines)


@dataclass
class Draft:
    row: int
    values: dict = field(default_factory=dict)  # what the `new` template takes
    fields: dict = field(default_factory=dict)  # what later steps set (departments, deadline, answer ...)
    steps: list[Step] = field(default_factory=list)
    sources: dict = field(default_factory=dict)  # field -> "D列（收到日期）" or the mapping default
    problems: list[CellProblem] = field(default_factory=list)
    received: dt.date | None = None

    @property
    def key(self) -> tuple:
        """What makes two rows the same suggestion."""
        return (self.received, fold(self.values.get("summary", "")), self.values.get("street"))


class RowReader:
    """Reads the cells of one row, collecting every problem instead of stopping at the first."""

    def __init__(self, ctx: Context, number: int, values: tuple):
        self.ctx, self.values = ctx, values
        self.draft = Draft(number)
        self._raw: dict = {}

    def raw(self, name: str):
        if name not in self._raw:
            self._raw[name] = self._read(name)
        return self._raw[name]

    def present(self, name: str) -> bool:
        """Whether the row fills this field (a cell that could not be read counts: it was filled)."""
        return self.raw(name) is not None or self.said(name)

    def said(self, name: str) -> bool:
        """Whether a problem was already reported at this field's column."""
        label = self.where(name)
        return label is not None and any(p.column == label for p in self.draft.problems)

    def _read(self, name: str):
        col = self.ctx.layout.columns.get(name)
        if col is not None:
            value = self.values[col.index - 1] if col.index <= len(self.values) else None
            if isinstance(value, Formula):
                self.fail(name, CellError("import-formula", formula=value[:40]))
                return None
            self.draft.sources[name] = col.label
            return None if cells.text(value) == "" else value
        if name in self.ctx.layout.defaults:
            self.draft.sources[name] = f"映射文件 defaults.{name}"
            return self.ctx.layout.defaults[name] or None
        return None

    def where(self, name: str) -> str | None:
        """The label of the field's column ("D列（收到日期）") or of the default it came from."""
        col = self.ctx.layout.columns.get(name)
        return col.label if isinstance(col, Column) else self.draft.sources.get(name)

    def fail(self, name: str, err: CellError) -> None:
        self.draft.problems.append(
            cell_problem(self.ctx.file, self.draft.row, self.where(name), err.rule, err.variant, **err.facts)
        )

    def get(self, name: str, parse=None, required: bool = False):
        """The parsed cell, or None when it is empty (a problem if required) or cannot be read (a problem)."""
        value = self.raw(name)
        if value is None:
            if required and not self.said(name):
                self.fail(name, CellError("import-missing", title=BY_NAME[name].title))
            return None
        try:
            return parse(value) if parse else cells.text(value)
        except CellError as err:
            self.fail(name, err)
            return None

    def resolve(self, name: str, group: str, text: str) -> str | None:
        try:
            return self.ctx.names.resolve(text, group)
        except Unresolved as err:
            what, found = self.ctx.names.what(group), "；".join(err.candidates)
            if err.ambiguous:
                self.fail(name, CellError("import-name", "ambiguous", value=text, what=what, candidates=found))
            else:
                close = (
                    f"你是不是想写：{found}？"
                    if found
                    else "写台账中已有的全称、简称或编号（minyi find 可以按名称查编号）"
                )
                self.fail(name, CellError("import-name", value=text, what=what, close=close))
            return None

    def names(self, name: str, kind: str) -> list[str]:
        value = self.raw(name)
        found = [self.resolve(name, kind, part) for part in cells.split_names(value)] if value is not None else []
        return list(dict.fromkeys(f for f in found if f))

    def needed(self, name: str, because: str) -> None:
        """`name` is empty but the cell `because` says a later step happened."""
        if not self.said(name):
            title, later = BY_NAME[name].title, BY_NAME[because].title
            self.fail(name, CellError("import-missing", "needed", title=title, because=later))


def _title(summary: str) -> str:
    """The first sentence of 问题内容, or its beginning when that sentence is too short to be a title."""
    first = re.split(r"[。！？；!?;\n]", summary.strip(), maxsplit=1)[0].strip()
    first = first if len(first) >= 4 else summary.strip()
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"


def _plain(name: str | None, known) -> str | None:
    """The vocabulary's own spelling of a street or community typed with full-width forms or spaces;
    anything else is left as typed, for the validator's street-unknown and its did-you-mean."""
    if not name:
        return name
    return next((k for k in known if places.fold(k) == places.fold(name)), name)


def _channel(r: RowReader) -> str | None:
    words = tuple(r.ctx.settings.channels)
    if r.ctx.layout.columns.get("channel") is None and r.ctx.layout.columns.get("resident_channel") is not None:
        return r.get("resident_channel", lambda v: cells.channel_in(v, words), required=True)
    return r.get("channel", lambda v: cells.setting_word(v, words, "渠道"), required=True)


def _what(r: RowReader) -> None:
    """The suggestion itself: what, where, through whom."""
    d, settings = r.draft, r.ctx.settings
    d.received = r.get("received", cells.date, required=True)
    summary = r.get("summary", required=True)
    title = r.get("title") or (summary and _title(summary))
    if "title" not in d.sources and summary:
        d.sources["title"] = d.sources.get("summary")
    category = r.get("category", lambda v: cells.setting_word(v, tuple(settings.categories), "类别"), required=True)
    street = _plain(r.get("street", required=True), settings.streets)
    d.values = {
        "title": title,
        "summary": summary,
        "category": category,
        "channel": _channel(r),
        "street": street,
        "community": _plain(r.get("community"), (settings.streets or {}).get(street) or ()),
        "location": r.get("location"),
        "deputies": r.names("deputy", "deputy"),
        "station": next(iter(r.names("station", "station")), None),
    }


LATER = ("assigned", "deadline", "answer", "answered", "outcome", "satisfaction", "closed")
CLOSING = ("outcome", "satisfaction", "closed")


def _consistent(r: RowReader) -> None:
    """A later column filled means every step before it happened: its columns must be filled too."""
    later = [n for n in LATER if r.present(n)]
    if later and not r.present("lead"):
        r.needed("lead", later[0])
    for a, b in (("answer", "answered"), ("answered", "answer")):
        if r.present(a) and not r.present(b):
            r.needed(b, a)
    closing = [n for n in CLOSING if r.present(n)]
    if closing and not r.present("answer") and not r.present("answered"):
        r.needed("answer", closing[0])
    if closing and not r.present("outcome"):
        r.needed("outcome", closing[0])


def _in_order(r: RowReader, days: dict) -> None:
    dated = [(n, days[n]) for n in ORDER if days.get(n)]
    for (before, previous), (name, day) in zip(dated, dated[1:]):
        if day < previous:
            title, before_title = BY_NAME[name].title, BY_NAME[before].title
            r.fail(name, CellError("import-date", "order", title=title, day=day.isoformat(), before=before_title, previous=previous.isoformat()))  # fmt: skip


def _handling(r: RowReader) -> dict:
    """The handling columns, parsed: who, by when, the answer, the closing."""
    d = r.draft
    leads = r.names("lead", "department")
    assigned = r.get("assigned", cells.date)
    start = assigned or d.received
    out = {
        "lead": leads[0] if leads else None,
        "assist": list(dict.fromkeys(leads[1:] + [a for a in r.names("assist", "department") if a not in leads])),
        "assigned": assigned,
        "deadline": r.get("deadline", lambda v: cells.deadline(v, start)) if start else None,
        "answer": r.get("answer"),
        "answered": r.get("answered", cells.date),
        "outcome": r.get(
            "outcome", lambda v: cells.choice(v, cells.OUTCOME, "结果分类", "已解决、正在解决、列入计划、解释说明")
        ),
        "satisfaction": r.get(
            "satisfaction", lambda v: cells.choice(v, cells.SATISFACTION, "满意度", "满意、基本满意、不满意")
        ),
        "closed": r.get("closed", cells.date),
    }
    _consistent(r)
    _in_order(r, {"received": d.received, **out})
    return out


def _steps(r: RowReader, h: dict) -> None:
    d, ctx = r.draft, r.ctx
    d.values["note"] = (
        "导入：代表收到群众反映" if d.values["deputies"] else f"导入：收到群众反映（{d.values['channel']}）"
    )
    d.steps = [
        Step("registered", d.received, ctx.office, "导入：登记入台账（原台账未记登记日期，按收到日期记）", "received")
    ]
    if not h["lead"]:
        return
    day = h["assigned"] or d.received
    who = ctx.label(h["lead"]) + "主办" + (f"，{'、'.join(map(ctx.label, h['assist']))}协办" if h["assist"] else "")
    unknown = "" if h["assigned"] else "（原台账未记交办日期，按收到日期记）"
    deadline = h["deadline"] or day + dt.timedelta(days=ctx.settings.default_deadline_days)
    d.steps.append(Step("assigned", day, ctx.office, f"导入：交办{who}{unknown}", "assigned", deadline))
    d.fields["departments"] = {"lead": h["lead"], **({"assist": h["assist"]} if h["assist"] else {})}
    d.fields["deadline"] = deadline.isoformat()
    if not h["answer"]:
        return
    d.steps.append(Step("answered", h["answered"], h["lead"], f"导入：{ctx.label(h['lead'])}答复", "answered"))
    d.fields["answer"] = {"date": h["answered"].isoformat(), "by": h["lead"], "text": h["answer"]}
    if not h["outcome"]:
        return
    said = f"，满意度：{h['satisfaction']}" if h["satisfaction"] else ""
    unknown = "" if h["closed"] else "（原台账未记办结日期，按答复日期记）"
    d.steps.append(Step("closed", h["closed"] or h["answered"], ctx.office, f"导入：回访办结{said}{unknown}", "closed"))
    d.fields["outcome"] = h["outcome"]
    if h["satisfaction"]:
        d.fields["satisfaction"] = h["satisfaction"]


REFUSED = ("不予受理", "不受理")
HANDLED = ("lead", "assist", "assigned", "deadline", "outcome", "satisfaction")


def _refused(r: RowReader) -> str | None:
    """The reason of a row whose 办理状态 is 不予受理 ("" when it has none: a problem); None for any other row,
    whose status the dated columns tell (other 办理状态 words are not read)."""
    state = r.get("state")
    if not state or fold(state) not in REFUSED:
        return None
    handled = [n for n in HANDLED if r.present(n)]
    if handled:
        title = BY_NAME[handled[0]].title
        r.fail(handled[0], CellError("import-value", "refused", title=title, state=state))
    reason = r.get("reason")
    if not reason and (reason := r.get("answer")):
        r.draft.sources["reason"] = r.draft.sources.get("answer")
    if not reason:
        r.needed("reason", "state")
    return reason or ""


def _refusal(r: RowReader, reason: str) -> None:
    d, ctx = r.draft, r.ctx
    day = r.get("closed", cells.date) or r.get("answered", cells.date)
    _steps(r, {"lead": None})
    unknown = "" if day else "（原台账未记日期，按收到日期记）"
    d.steps.append(Step("not_accepted", day or d.received, ctx.office, f"导入：不予受理{unknown}", "state"))
    d.fields["not_accepted_reason"] = reason


def read_row(ctx: Context, number: int, values: tuple) -> Draft:
    """The draft of one row: its facts and steps, or (with problems) as much as could be read."""
    r = RowReader(ctx, number, values)
    _what(r)
    reason = _refused(r)
    handling = _handling(r) if reason is None else {}
    if r.draft.problems:
        return r.draft
    if reason is None:
        _steps(r, handling)
    else:
        _refusal(r, reason)
    return r.draft
