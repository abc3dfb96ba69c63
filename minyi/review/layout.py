"""Which changed paths are records, which are code, and which are neither.

A clerk's pull request changes records and nothing else. Anything outside records/
— the checker's own code, schemas, site generator, `mkdocs.yml` (whose `hooks:` run
Python during the build), scripts, workflows, `.gitattributes`, submodules, docs
(Markdown reaches the site as unescaped HTML) — is code or configuration: the gate
names every such path and refuses it unless the run is the maintainers' one. Under
records/, a path is judged by the same `layout_fault` the validator uses, with the
file type taken from the git mode.
"""

from __future__ import annotations

from typing import NamedTuple

from ..ledger import kind_of, layout_fault, shown_path
from ..problems import Problem
from .gitdiff import Entry, filetype

RECORDS = "records"
NONE = "000000"


class Split(NamedTuple):
    code: list[Entry]  # every entry touching a path outside records/
    records: list[Entry]  # entries under records/; a rename across the border becomes a deletion or an addition


def in_records(path: str) -> bool:
    return path == RECORDS or path.startswith(RECORDS + "/")


def split(entries: list[Entry]) -> Split:
    code, records = [], []
    for e in entries:
        old_in, new_in = in_records(e.old_path), in_records(e.new_path)
        if not (old_in and new_in):
            code.append(e)
        if old_in and new_in:
            records.append(e)
        elif old_in:
            records.append(Entry("D", e.old_mode, NONE, e.old_path, e.old_path))
        elif new_in:
            records.append(Entry("A", NONE, e.new_mode, e.new_path, e.new_path))
    return Split(code, records)


def _was_record(e: Entry) -> bool:
    return (
        e.letter != "A" and kind_of(e.old_path) is not None and layout_fault(e.old_path, filetype(e.old_mode)) is None
    )


def record_problems(e: Entry, base: str) -> list[Problem]:
    """What is wrong with a changed path under records/ before its content is even read.

    A record deleted, or renamed to something that is not a record (S-2024-0003.yaml →
    S-2024-0003.yaml.bak), is a deletion; any new side that is not a record file is a
    problem of its own. Removing a stray file is fine.
    """
    old, new = shown_path(e.old_path), shown_path(e.new_path)
    if e.letter == "D":
        return [Problem.of(old, 1, 1, "record-deleted", base=base, file=old)] if _was_record(e) else []
    fault = layout_fault(e.new_path, filetype(e.new_mode))
    if fault is None:
        return []
    out = [Problem.of(new, 1, 1, *fault, file=new)]
    if e.old_path != e.new_path and _was_record(e):
        out.append(Problem.of(old, 1, 1, "record-deleted", "renamed-away", base=base, file=old, new=new))
    return out


def as_addition(e: Entry) -> Entry:
    """A rename (or type change) from something that was not a record adds a record; it renames none."""
    return e if e.letter not in "RT" or _was_record(e) else Entry("A", NONE, e.new_mode, e.new_path, e.new_path)


def code_problems(code: list[Entry], base: str) -> list[Problem]:
    """One problem per path outside records/ that the change adds, edits, removes or renames."""
    paths = sorted({p for e in code for p in (e.old_path, e.new_path) if not in_records(p)})
    return [Problem.of(shown_path(p), 1, 1, "code-changed", base=base, file=shown_path(p)) for p in paths]
