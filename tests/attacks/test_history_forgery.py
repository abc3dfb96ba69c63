"""Forging what git history says about when and how a change arrived.

A commit's author and committer dates are whatever the person committing sets
(GIT_AUTHOR_DATE, GIT_COMMITTER_DATE). The site shows how many days after an event it
was recorded, so a clerk backfilling an event could date the commit the day after the
event and look punctual. What cannot be forged from a branch is when main took the
change: the merge commit GitHub makes (or main's own commit) is dated by main. Each test
is a real git repository; history is read as the site reads it (`minyi.history.derive`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from conftest import TODAY, git

from minyi.history import derive

OPEN = "records/suggestions/2026/S-2026-0010.yaml"
EVENT = "  - date: '2026-10-01'\n    status: closed\n    by: DEP-001\n    note: 回访群众，办结\n"


def _commit_dated(root, day: str, message: str, *extra: str) -> None:
    stamp = f"{day}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", *extra, "-m", message], cwd=root, check=True, env=env)


def _events(root) -> dict:
    return derive(root, "https://github.com/example/ledger")["S-2026-0010"]["events"]


def test_a_backdated_branch_commit_is_recorded_when_main_merged_it(ledger):
    git(ledger, "checkout", "-qb", "clerk/backfill")
    path = ledger / OPEN
    index = path.read_text(encoding="utf-8").count("\n  - date:")  # the new event's index
    path.write_text(path.read_text(encoding="utf-8") + EVENT, encoding="utf-8")
    _commit_dated(ledger, "2026-10-02", "Close S-2026-0010")  # claims: one day after the event
    git(ledger, "checkout", "-q", "main")
    subprocess.run(
        ["git", "merge", "-q", "--no-ff", "--no-commit", "clerk/backfill"], cwd=ledger, check=True, capture_output=True
    )
    _commit_dated(ledger, "2026-11-20", "Merge pull request #5 from qingxi/backfill")
    recorded = _events(ledger)[index]
    assert recorded["date"] == "2026-11-20"
    assert recorded["lag_days"] == (dt.date(2026, 11, 20) - dt.date(2026, 10, 1)).days


def test_a_commit_on_main_is_recorded_on_its_own_date(ledger):
    """Held: a change committed on main itself (the id bot, a maintainer) keeps its own date."""
    path = ledger / OPEN
    index = path.read_text(encoding="utf-8").count("\n  - date:")
    path.write_text(path.read_text(encoding="utf-8") + EVENT, encoding="utf-8")
    _commit_dated(ledger, "2026-10-03", "Close S-2026-0010")
    recorded = _events(ledger)[index]
    assert (recorded["date"], recorded["lag_days"]) == ("2026-10-03", 2)


# --- held: rewriting what was published ---------------------------------------------------

SUG = "records/suggestions/2024/S-2024-0003.yaml"


def _published_then(root, rewrite) -> subprocess.CompletedProcess:
    """Publish HEAD, let `rewrite` change history, then ask the publish gate about the new main."""
    (root / OPEN).write_text((root / OPEN).read_text(encoding="utf-8") + EVENT, encoding="utf-8")
    _commit_dated(root, "2026-10-01", "Close S-2026-0010")
    published = git(root, "rev-parse", "HEAD").strip()
    rewrite(root, published)
    return subprocess.run(
        [sys.executable, "-m", "minyi", "check-change", "--published", published, "HEAD", "--today", TODAY],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_amending_the_published_commit_is_a_rewrite(ledger):
    def amend(root, _):
        (root / SUG).write_text(
            (root / SUG).read_text(encoding="utf-8").replace("纠纷已化解", "纠纷已彻底化解"), "utf-8"
        )
        git(root, "commit", "-q", "-a", "--amend", "--no-edit")

    proc = _published_then(ledger, amend)
    assert proc.returncode == 1 and "records/:1:1: error[history-rewritten]" in proc.stdout, proc.stdout


def test_a_rewrite_that_keeps_the_published_commit_as_a_parent_is_still_checked(ledger):
    """`git merge -s ours` makes the published commit an ancestor again while keeping the rewrite."""

    def rewrite_and_adopt(root, published):
        git(root, "reset", "-q", "--hard", "HEAD~1")
        (root / OPEN).write_text((root / OPEN).read_text(encoding="utf-8") + EVENT, encoding="utf-8")
        (root / SUG).write_text(
            (root / SUG).read_text(encoding="utf-8").replace("纠纷已化解", "纠纷已彻底化解"), "utf-8"
        )
        _commit_dated(root, "2026-10-01", "Close S-2026-0010")
        git(root, "merge", "-q", "-s", "ours", "-m", "Adopt", published)

    proc = _published_then(ledger, rewrite_and_adopt)
    assert proc.returncode == 1 and f"{SUG}:" in proc.stdout and "error[fact-rewritten]" in proc.stdout, proc.stdout
