"""Problems of a spreadsheet, said where the clerk will fix them: the file, the row and the column.

    台账.xlsx:第12行:D列（收到日期）: error[import-date]: 「2024.13.5」不是日期 (not a date) — 写成 …

The rule words are the catalogue's (`Problem.of`); a problem the validator finds in the
record a row would become (a phone number in 问题内容, a channel the settings do not
list) is traced back from the record's line to the field and from the field to the
column it came from, so the clerk never sees a path of a file that was not written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load import parse
from ..personal_data import quotable
from ..problems import Problem
from .mapping import Column


@dataclass(frozen=True)
class CellProblem:
    file: str  # the spreadsheet's (or mapping file's) name as the clerk gave it
    row: int | None
    column: str | None  # "D列（收到日期）", or where a default came from
    problem: Problem

    @property
    def severity(self) -> str:
        return self.problem.severity

    def text(self) -> str:
        where = (
            quotable(self.file) + (f":第{self.row}行" if self.row else "") + (f":{self.column}" if self.column else "")
        )
        p = self.problem
        fix = f" — {p.fix}" if p.fix else ""
        line = f"{where}: {p.severity}[{p.rule}]: {p.message}{fix}"
        return line.replace("\r", "\\r").replace("\n", "\\n")


def cell_problem(file: str, row: int | None, column: Column | str | None, rule: str, variant=None, **facts):
    label = column.label if isinstance(column, Column) else column
    return CellProblem(file, row, label, Problem.of("", 1, 1, rule, variant, **facts))


def _paths_at(text: str, rel: str) -> dict[tuple[int, int], tuple]:
    """Each (line, column) of the record text → the longest field path written there."""
    loaded, _ = parse(text, rel)
    out: dict[tuple[int, int], tuple] = {}
    for path, mark in (loaded.marks if loaded else {}).items():
        if len(path) >= len(out.get(mark, ())):
            out[mark] = path
    return out


def traced(file: str, row: int, text: str, rel: str, problems: list[Problem], source) -> list[CellProblem]:
    """The validator's problems of one row's record, each at the column its field came from.

    `source(path)` names the column (or default) a record path was filled from, None for the row."""
    at = _paths_at(text, rel)
    by_line: dict[int, tuple] = {}
    for (line, _), path in sorted(at.items()):
        by_line.setdefault(line, path)
    placed = [(at.get((p.line, p.col)) or by_line.get(p.line, ()), p) for p in problems]
    # A title made from 问题内容 repeats its problems: say each once, about the content.
    placed.sort(key=lambda item: item[0][:1] == ("title",))
    out, said = [], set()
    for path, p in placed:
        column = source(path)
        if (column, p.rule) not in said:
            said.add((column, p.rule))
            out.append(CellProblem(file, row, column, p))
    return out
