"""The review gate (`minyi check-change BASE [HEAD]`): what a pull request does to the ledger.

Validation alone cannot see history: a rewritten timeline can be perfectly valid.
This compares each changed record with its BASE version and rejects deletions,
renames, changed ids, edited or removed timeline events, skipped steps, silently
changed vote tallies and ids that collide with BASE. It validates only the changed
files, against the working tree for references.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import git

from . import lifecycle
from .ledger import kind_of
from .load import parse
from .problems import Problem, errors
from .validate import check_one, index_ledger

PLACEHOLDER = "-TMP-"
TALLY = ("for", "against", "abstain", "selected")


@dataclass
class Change:
    problems: list[Problem] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)      # (kind, id)
    moves: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old status, new status)
    progress: list[tuple[str, int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checked: int = 0


def _show(repo: git.Repo, rev: str, path: str) -> str | None:
    try:
        return repo.git.show(f"{rev}:{path}")
    except git.GitCommandError:
        return None


def _diff(repo: git.Repo, base: str, head: str | None) -> list[tuple[str, str, str]]:
    """(status letter, old path, new path) for every record file changed from base to head (or the work tree)."""
    args = ["--name-status", "-M", "--no-color", base] + ([head] if head else []) + ["--", "records/"]
    out = []
    for line in repo.git.diff(*args).splitlines():
        parts = line.split("\t")
        letter = parts[0][0]
        out.append((letter, parts[1], parts[-1]))
    if head is None:  # untracked new files are part of the change too
        for path in repo.untracked_files:
            if path.startswith("records/"):
                out.append(("A", path, path))
    return out


def _events_problems(loaded_new, kind: str, old: dict, new: dict, path: str) -> list[Problem]:
    out = []
    old_ev, new_ev = old.get("timeline") or [], new.get("timeline") or []
    for i, event in enumerate(old_ev):
        if i >= len(new_ev):
            out.append(loaded_new.report(("timeline",), "timeline-rewritten", n=i + 1, date=event.get("date"),
                                         status=event.get("status")))
            break
        if new_ev[i] != event:
            what = "、".join(k for k in sorted(set(event) | set(new_ev[i])) if event.get(k) != new_ev[i].get(k))
            out.append(loaded_new.report(("timeline", i), "timeline-rewritten", "edited", n=i + 1, what=what))
    old_status, new_status = old.get("status"), new.get("status")
    if not out and old_status != new_status and kind in lifecycle.LIFECYCLES:
        appended = new_ev[len(old_ev):]
        if not appended or not lifecycle.is_legal(kind, old_status, appended[0].get("status")):
            route = lifecycle.path_between(kind, old_status, new_status)
            out.append(loaded_new.report(("status",), "status-skip", None if route else "no-route", old=old_status,
                                         new=new_status, route=" → ".join(route or ())))
    return out


def _vote_problems(loaded_new, old: dict, new: dict, path: str) -> list[Problem]:
    ov, nv = old.get("vote"), new.get("vote")
    if not isinstance(ov, dict):
        return []
    if not isinstance(nv, dict):
        return [loaded_new.report((), "vote-changed", "removed")]
    changed = [k for k in TALLY if ov.get(k) != nv.get(k)]
    corrected = len(nv.get("corrections") or []) > len(ov.get("corrections") or [])
    if changed and not corrected:
        return [loaded_new.report(("vote", changed[0]), "vote-changed", fields="、".join(changed))]
    return []


def check_change(root: Path, base: str, head: str | None = None, today: dt.date | None = None) -> Change:
    """Everything wrong with the change from `base` to `head` (default: the working tree)."""
    today = today or dt.date.today()
    repo = git.Repo(root, search_parent_directories=False)
    merge_base = repo.git.merge_base(base, head or "HEAD")
    result = Change()
    diff = _diff(repo, merge_base, head)
    if not diff:
        return result
    ledger = index_ledger(root)  # ids from file names; records parsed only when referenced
    # Ids on the fork point and on the base branch as it is now: main may have taken an id since.
    base_ids = {PurePosixPath(p).stem for rev in {merge_base, base}
                for p in repo.git.ls_tree("-r", "--name-only", rev, "--", "records/").splitlines()}
    for letter, old_path, new_path in diff:
        kind = kind_of(new_path)
        if kind is None:
            continue
        if letter == "D":
            result.problems.append(Problem.of(old_path, 1, 1, "record-deleted", base=base, file=old_path))
            continue
        text = _show(repo, head, new_path) if head else (root / new_path).read_text(encoding="utf-8", errors="replace")
        if text is None:
            continue
        result.checked += 1
        found = check_one(ledger, new_path, kind, text, today)
        result.problems.extend(found)
        loaded, _ = parse(text, new_path)
        if loaded is None:
            continue
        new = loaded.data
        rid = new.get("id")
        if letter == "R":
            old_id = PurePosixPath(old_path).stem
            if not (PLACEHOLDER in old_id and PLACEHOLDER not in str(rid)):
                result.problems.append(Problem.of(new_path, 1, 1, "record-renamed", old=old_path))
                continue
        if letter == "A":
            if rid in base_ids:
                result.problems.append(loaded.report(("id",), "id-collision", id=rid))
            result.added.append((kind, str(rid)))
            continue
        old_text = _show(repo, merge_base, old_path)
        old_loaded, _ = parse(old_text, old_path) if old_text else (None, [])
        if old_loaded is None:
            continue
        old = old_loaded.data
        if old.get("id") != rid and letter != "R":
            result.problems.append(loaded.report(("id",), "id-changed", old=old.get("id"), new=rid))
        result.problems.extend(_events_problems(loaded, kind, old, new, new_path))
        if kind == "project":
            result.problems.extend(_vote_problems(loaded, old, new, new_path))
            if old.get("progress") != new.get("progress"):
                result.progress.append((str(rid), old.get("progress") or 0, new.get("progress") or 0))
        if old.get("status") != new.get("status"):
            result.moves.append((str(rid), str(old.get("status")), str(new.get("status"))))
        late = [e for e in (new.get("timeline") or [])[len(old.get("timeline") or []):]
                if _days_before(e.get("date"), today) > 30]
        if late:
            result.warnings.append(f"{rid}：新增事件中有 {len(late)} 条发生在 30 天以前（补录），请核对日期")
    result.problems = sorted(set(result.problems))
    return result


def _days_before(day, today: dt.date) -> int:
    try:
        return (today - dt.date.fromisoformat(day)).days
    except (TypeError, ValueError):
        return 0


def summary(change: Change, base: str, head: str | None) -> str:
    """The Markdown a reviewer reads first: what this change does to the ledger."""
    bad = errors(change.problems)
    lines = [f"## 民意台账变更摘要（{base} → {head or '工作区'}）", "",
             f"- 检查了 {change.checked} 个改动的记录文件：" + (f"**发现 {len(bad)} 个问题**" if bad else "没有发现问题 ✅")]
    if change.added:
        kinds: dict[str, list[str]] = {}
        for kind, rid in change.added:
            kinds.setdefault(kind, []).append(rid)
        lines.append("- 新增记录：" + "；".join(f"{k} {len(v)} 条（{'、'.join(v[:10])}{'…' if len(v) > 10 else ''}）" for k, v in kinds.items()))
    if change.moves:
        lines += ["", "### 状态变化", "", "| 记录 | 原状态 | 新状态 |", "|---|---|---|"]
        lines += [f"| {rid} | {old} | {new} |" for rid, old, new in change.moves]
    if change.progress:
        lines += ["", "### 项目进度", "", "| 项目 | 原进度 | 新进度 |", "|---|---|---|"]
        lines += [f"| {rid} | {a}% | {b}% |" for rid, a, b in change.progress]
    if change.warnings:
        lines += ["", "### 提醒", ""] + [f"- {w}" for w in change.warnings]
    if bad:
        lines += ["", "### 问题", ""] + [f"- `{p.path}:{p.line}` **{p.rule}**：{p.message} — {p.fix}" for p in bad[:50]]
    return "\n".join(lines) + "\n"
