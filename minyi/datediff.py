"""What changed in the ledger between two days: records added, status changes, corrections.

Why: anyone comparing two published snapshots wants the difference in the ledger's
words, not a git diff. Each day is read as main's tree on that day (minyi.snapshot);
the paths that differ come from the review gate's git reading, and each record's two
versions are described by the same code as the audit trail (versions + describe).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import git

from . import lifecycle
from .describe import SEPARATOR, headline
from .history import NOT_A_FILE, record_id
from .ledger import kind_of_id
from .review.gitdiff import GITLINK, changed
from .snapshot import NoSnapshot, commit_on
from .versions import Version, compare, state, unreadable

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's tree with nothing in it
SECTIONS = (
    ("added", "新增记录"),
    ("status", "状态变化"),
    ("corrected", "更正"),
    ("other", "其他修改"),
    ("deleted", "删除记录"),
)


class Line(NamedTuple):
    section: str  # one of SECTIONS' keys
    record: str
    text: str


class DateDiff(NamedTuple):
    since: str  # the commit read for the first day (EMPTY_TREE before the ledger began)
    until: str
    lines: list[Line]


def _section(facts: dict) -> str:
    if facts.get("deleted"):
        return "deleted"
    if facts.get("new"):
        return "added"
    if facts.get("status"):
        return "status"
    return "corrected" if facts.get("corrected") else "other"


def _status_words(rid: str, facts: dict) -> str:
    """ "办理中 → 已办结" for a record with a lifecycle; the change's headline otherwise."""
    kind = kind_of_id(rid)
    old, new = facts["status"]
    if not (kind in lifecycle.LIFECYCLES and old and new):
        return headline(rid, facts)
    moved = f"{lifecycle.label(kind, old)} → {headline(rid, {k: v for k, v in facts.items() if k != 'corrected'})}"
    fixed = headline(rid, {"corrected": facts["corrected"]}) if facts.get("corrected") else ""
    return SEPARATOR.join(filter(None, (moved, fixed)))


def _version(repo: git.Repo, rev: str, path: str, mode: str) -> Version | None:
    """One side of a change, read as the audit trail reads it: from the blob's bytes, so a version
    that is not UTF-8 or holds a NUL byte is unreadable (text decoded by GitPython would not say
    so), and a submodule where a record file should be is unreadable, not its commit shown."""
    if mode == GITLINK:
        return unreadable(NOT_A_FILE)
    try:
        data = repo.git.cat_file("blob", f"{rev}:{path}", stdout_as_string=False, strip_newline_in_stdout=False)
    except git.GitCommandError:
        return None
    return state(data)


def _describe(repo: git.Repo, base: str, head: str, entry) -> Line | None:
    rid = record_id(entry.new_path) or record_id(entry.old_path)
    if rid is None:
        return None
    old = _version(repo, base, entry.old_path, entry.old_mode) if entry.letter != "A" else None
    new = _version(repo, head, entry.new_path, entry.new_mode) if entry.letter != "D" else None
    facts = compare(old, new)["facts"]
    section = _section(facts)
    text = _status_words(rid, facts) if section == "status" else headline(rid, facts)
    return Line(section, rid, text)


def between(root: Path, since: dt.date, until: dt.date | None) -> DateDiff:
    """The changes from main's tree on `since` to its tree on `until` (HEAD when None).

    A `since` before the first commit compares with an empty ledger: everything is new."""
    try:
        base = commit_on(root, since)
    except NoSnapshot:
        commit_on(root, until or dt.date.max)  # no commit at all, or not a repository: say so
        base = EMPTY_TREE
    repo = git.Repo(root)
    head = commit_on(root, until) if until else repo.head.commit.hexsha
    entries = [e for e in changed(repo, base, head) if e.new_path.startswith("records/")]
    lines = [line for e in entries if (line := _describe(repo, base, head, e))]
    return DateDiff(base, head, sorted(lines, key=lambda x: ([k for k, _ in SECTIONS].index(x.section), x.record)))


def as_text(diff: DateDiff, since: dt.date, until: dt.date | None) -> str:
    """The changes grouped by section, one record a line, in Chinese."""
    end = until.isoformat() if until else "现在"
    start = "（台账开始以前）" if diff.since == EMPTY_TREE else f"（提交 {diff.since[:12]}）"
    out = [f"{since.isoformat()}{start} → {end}（提交 {diff.until[:12]}）的变化："]
    for key, title in SECTIONS:
        rows = [x for x in diff.lines if x.section == key]
        if rows:
            out.append(f"{title}（{len(rows)} 条）：")
            out.extend(f"  {x.record}  {x.text}" for x in rows)
    if not diff.lines:
        out.append("没有记录发生变化。")
    return "\n".join(out)
