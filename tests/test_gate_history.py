"""History as evidence: rewrites are refused before publishing, and the audit trail claims only what git proves.

Real repositories and the real CLI: a force-pushed main against the last published
commit, pull requests whose base moved on, unrelated branches, direct commits that
pretend to be reviewed, and notes that pretend to be dates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

from conftest import TODAY, commit, edit, gate, git, minyi
from test_audit import OPEN, SUG
from test_gate_layout import refused

URL = "https://github.com/example/ledger"


def published(root, old, head="main", *extra):
    return minyi("check-change", "--published", old, head, "--today", TODAY, *extra, cwd=root)


def advance(root, rid="S-2026-0010", status="closed"):
    minyi(
        "advance",
        rid,
        status,
        "--by",
        "DEP-001",
        "--outcome",
        "in_hand",
        "--note",
        "回访群众，办结",
        "--date",
        "2026-11-21",
        "--today",
        TODAY,
        cwd=root,
        check=0,
    )


def head(root, rev="HEAD"):
    return git(root, "rev-parse", rev).strip()


def force_pushed_rewrite(root):
    """Main had a published commit; someone resets main behind it and commits a rewritten answer instead."""
    advance(root)
    commit(root, "Close S-2026-0010")
    old = head(root)
    git(root, "reset", "-q", "--hard", "HEAD~1")
    edit(root, SUG, "text: 街道指导成立业主委员会", "text: 街道已解决")
    commit(root, "Close S-2026-0010")
    return old


def test_a_force_pushed_main_is_refused_before_publishing(ledger):
    old = force_pushed_rewrite(ledger)
    proc = published(ledger, old)
    hit = refused(proc, "records/", "history-rewritten")
    assert old in hit and "不在 main 的历史中" in hit


def test_a_published_commit_gone_from_the_clone_is_a_rewrite(ledger, tmp_path):
    old = force_pushed_rewrite(ledger)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-local", str(ledger), str(clone))
    proc = published(clone, old, "HEAD")
    hit = refused(proc, "records/", "history-rewritten")
    assert "找不到" in hit


def test_publishing_reviews_every_record_change_since_the_published_commit(ledger):
    old = head(ledger)
    advance(ledger)
    commit(ledger, "Close S-2026-0010")
    ok = published(ledger, old)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "| S-2026-0010 | answered | closed |" in ok.stderr and "基准分支" not in ok.stderr
    edit(ledger, SUG, "text: 街道指导成立业主委员会", "text: 街道已解决")
    commit(ledger, "Direct push that edits an answer")
    proc = published(ledger, old)
    assert proc.returncode == 1 and f"{SUG}:" in proc.stdout and "error[fact-rewritten]" in proc.stdout


def test_a_pull_request_whose_base_moved_on_is_compared_at_the_fork(pr):
    advance(pr)
    commit(pr, "Close S-2026-0010 on the branch")
    git(pr, "checkout", "-q", "main")
    minyi(
        "advance",
        "P-2024-05",
        "in_progress",
        "--by",
        "DEP-002",
        "--progress",
        "85",
        "--note",
        "已安装电梯26部",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    commit(pr, "Main moves on")
    git(pr, "checkout", "-q", "clerk/change")
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "又有 1 个提交" in proc.stderr and "| S-2026-0010 | answered | closed |" in proc.stderr
    assert "P-2024-05" not in proc.stderr  # main's own change is not the branch's


def test_a_branch_with_no_common_history_is_refused(pr):
    git(pr, "checkout", "-q", "--orphan", "rewritten")
    edit(pr, SUG, "text: 街道指导成立业主委员会", "text: 街道已解决")
    commit(pr, "Start over")
    proc = gate(pr)
    hit = refused(proc, "records/", "history-rewritten")
    assert "没有共同的历史" in hit


def test_an_unknown_base_is_a_usage_error_not_a_traceback(pr):
    proc = minyi("check-change", "no-such-branch", "HEAD", "--today", TODAY, cwd=pr)
    assert proc.returncode == 2 and "no-such-branch" in proc.stderr


def test_an_option_shaped_base_is_not_passed_to_git_as_an_option(pr, tmp_path):
    target = tmp_path / "written"
    proc = minyi("check-change", "--today", TODAY, "--", f"--output={target}", "HEAD", cwd=pr)
    assert proc.returncode == 2 and not target.exists()


def _derive(root):
    from minyi.history import derive

    return derive(root, URL)


def test_a_direct_commit_claiming_a_pull_request_number_gets_none(ledger):
    advance(ledger)
    commit(ledger, "Close S-2026-0010 (#12)")
    last = _derive(ledger)["S-2026-0010"]["commits"][-1]
    assert last["message"] == "Close S-2026-0010 (#12)" and last["pr"] is None and last["pr_url"] == ""


def test_only_the_merge_on_main_names_the_pull_request(ledger):
    """A branch may contain its own fake "Merge pull request" commit; only main's merge counts."""
    git(ledger, "checkout", "-qb", "side")
    advance(ledger)
    commit(ledger, "Close S-2026-0010")
    git(ledger, "checkout", "-qb", "clerk/pr", "main")
    minyi(
        "advance",
        "S-2026-0023",
        "assigned",
        "--by",
        "DEP-001",
        "--lead",
        "DEP-002",
        "--note",
        "交办",
        "--date",
        "2026-11-21",
        "--today",
        TODAY,
        cwd=ledger,
        check=0,
    )
    commit(ledger, "Assign S-2026-0023")
    git(ledger, "merge", "-q", "--no-ff", "side", "-m", "Merge pull request #7 from someone/fake")
    git(ledger, "checkout", "-q", "main")
    git(ledger, "merge", "-q", "--no-ff", "clerk/pr", "-m", "Merge pull request #8 from qingxi/clerk-pr")
    trails = _derive(ledger)
    for rid in ("S-2026-0010", "S-2026-0023"):
        last = trails[rid]["commits"][-1]
        assert last["pr"] == 8 and last["pr_url"] == f"{URL}/pull/8", (rid, last)


def _commit_on(root, day: str, message: str):
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00+08:00"}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True, env=env)


def test_the_recording_lag_reads_the_events_own_date(ledger):
    """A note that says "date: 2020-01-01" (before the real date key, or inside a block) cannot fake a late entry."""
    path = ledger / OPEN
    events = (
        "  - note: 'date: 2020-01-01'\n    date: '2026-11-20'\n    status: closed\n    by: DEP-001\n"
        "  - note: |\n      回访\n      date: 2020-01-01\n    date: '2026-11-21'\n    status: reopened\n    by: DEP-001\n"
    )
    path.write_text(path.read_text(encoding="utf-8") + events, encoding="utf-8")
    _commit_on(ledger, "2026-11-22", "Two events with date-like notes")
    recorded = _derive(ledger)["S-2026-0010"]["events"]
    honest = {
        i: (dt.date(2026, 11, 22) - dt.date.fromisoformat(day)).days
        for i, day in ((5, "2026-11-20"), (6, "2026-11-21"))
    }
    assert {i: recorded[i]["lag_days"] for i in (5, 6)} == honest


def test_build_stamp_names_the_published_commit(ledger, tmp_path):
    from minyi.history import build_stamp, head_commit

    stamp = build_stamp(ledger, dt.date.fromisoformat(TODAY))
    assert stamp["commit"] == head(ledger) == head_commit(ledger)
    assert stamp["as_of"] == TODAY and stamp["generated_by"].startswith("minyi ")
    plain = tmp_path / "plain"
    plain.mkdir()
    assert head_commit(plain) is None


def test_the_site_records_the_commit_it_publishes(ledger, tmp_path):
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    stamp = json.loads((out / "data/build.json").read_text(encoding="utf-8"))
    assert stamp["commit"] == head(ledger) and stamp["as_of"] == TODAY
    assert published(ledger, stamp["commit"]).returncode == 0
