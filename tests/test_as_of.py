"""The ledger as of a past day: `minyi build --as-of` reads main's tree of that day, and
`minyi diff` says what changed between two days.

A small ledger with commits on known days (committer dates set through the environment):
S-2025-0001 collected on 2025-03-01 and registered on 2025-09-01, S-2025-0002 added on
2025-10-01, the registration's date corrected on 2025-11-01. The site of 2025-06-30 must show the first as collected and not know the second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import git, minyi

SUGGESTIONS = [  # (day, title, summary)
    ("2025-03-01", "建议修复梨园路", "梨园路路面破损严重，雨天积水，群众出行不便"),
    ("2025-10-01", "建议增设路灯照明", "小区门口道路夜间没有路灯，老人出行不安全"),
]


def _commit(root: Path, day: str, message: str) -> None:
    stamp = f"{day}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True, env=env)


def _suggest(root: Path, day: str, title: str, summary: str) -> None:
    minyi("new", "suggestion", "--title", title, "--summary", summary, "--category", "城市建设", "--channel", "走访",
          "--street", "梨园街道", "--deputy", "D-0001", "--date", day, "--today", day, cwd=root, check=0)  # fmt: skip
    minyi("assign-ids", cwd=root, check=0)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The ledger of the module docstring, in a git repository whose commits carry those days."""
    base = tmp_path_factory.mktemp("as-of")
    minyi("init", "ledger", "--district", "测试区", "--repository-url", "https://github.com/example-org/ledger",
          cwd=base, check=0)  # fmt: skip
    root = base / "ledger"
    shutil.rmtree(root / ".git")  # minyi init commits today; this history starts earlier
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "clerk@example.invalid")
    git(root, "config", "user.name", "Test Clerk")
    settings = root / "records/ledger.yaml"  # the starter's street list is empty: list the one street used
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("\nstreets: {}\n", "\nstreets:\n  梨园街道: []\n"), "utf-8"
    )
    minyi("new", "deputy", "--name", "王某", "--role", "人大代表", "--term", "区第九届", "--street", "梨园街道",
          cwd=root, check=0)  # fmt: skip
    minyi("assign-ids", cwd=root, check=0)
    _suggest(root, *SUGGESTIONS[0])
    _commit(root, "2025-03-01", "Start the ledger")
    minyi("advance", "S-2025-0001", "registered", "--by", "DEP-001", "--note", "登记在册",
          "--date", "2025-09-01", "--today", "2025-09-01", cwd=root, check=0)  # fmt: skip
    _commit(root, "2025-09-01", "Register S-2025-0001")
    _suggest(root, *SUGGESTIONS[1])
    _commit(root, "2025-10-01", "Add S-2025-0002")
    minyi("correct", "S-2025-0001", "--event", "2", "--set", "date=2025-08-30", "--by", "DEP-001",
          "--note", "登记日期以登记表为准", "--today", "2025-11-01", cwd=root, check=0)  # fmt: skip
    _commit(root, "2025-11-01", "Correct S-2025-0001")
    return root


def _page(site: Path, rid: str) -> Path:
    found = [p for p in site.rglob("index.html") if p.parent.name == rid]
    return found[0] if found else site / "missing"


def test_past_day_builds_the_ledger_main_had_then(history, tmp_path):
    site = tmp_path / "site"
    proc = minyi("build", "--as-of", "2025-06-30", "--out", str(site), cwd=history, check=0)
    first = git(history, "rev-list", "--max-parents=0", "HEAD").strip()
    assert first[:12] in proc.stderr
    page = _page(site, "S-2025-0001").read_text("utf-8")
    assert "已收集" in page and "已登记" not in page and "登记在册" not in page
    assert not _page(site, "S-2025-0002").exists()
    assert "S-2025-0002" not in (site / "sitemap.xml").read_text("utf-8")
    assert "minyi-as-of" not in git(history, "worktree", "list")  # the temporary worktree is gone


def test_today_still_builds_the_working_tree(history, tmp_path):
    site = tmp_path / "site"
    minyi("build", "--out", str(site), cwd=history, check=0)
    assert "登记在册" in _page(site, "S-2025-0001").read_text("utf-8")
    assert _page(site, "S-2025-0002").exists()


def test_a_day_before_the_first_commit_is_refused_in_one_line(history, tmp_path):
    proc = minyi("build", "--as-of", "2025-02-28", "--out", str(tmp_path / "site"), cwd=history, check=2)
    assert proc.stderr.strip().count("\n") == 0 and "2025-02-28 及以前 main 上没有任何提交" in proc.stderr
    assert "2025-03-01" in proc.stderr and not (tmp_path / "site").exists()


def test_outside_git_a_past_day_is_refused(history, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(history / "records", plain / "records")
    proc = minyi("build", "--as-of", "2025-06-30", "--out", str(tmp_path / "site"), cwd=plain, check=2)
    assert "不是 git 仓库" in proc.stderr


def test_diff_lists_status_changes_and_added_records(history):
    out = minyi("diff", "--since", "2025-06-30", "--until", "2025-12-31", cwd=history, check=0).stdout
    status, added = out.split("状态变化")[1], out.split("新增记录")[1].split("状态变化")[0]
    assert "S-2025-0001" in status and "已收集 → 已登记" in status
    assert "S-2025-0002" in added and "S-2025-0001" not in added
    early = minyi("diff", "--since", "2025-06-30", "--until", "2025-09-30", cwd=history, check=0).stdout
    assert "S-2025-0001" in early and "S-2025-0002" not in early
    fixed = minyi("diff", "--since", "2025-10-15", cwd=history, check=0).stdout
    assert "更正（1 条）" in fixed and "S-2025-0001  更正：第 2 条事件的日期" in fixed and "S-2025-0002" not in fixed
    quiet = minyi("diff", "--since", "2025-04-01", "--until", "2025-06-30", cwd=history, check=0).stdout
    assert "没有记录发生变化" in quiet


def test_a_past_day_after_the_last_commit_builds_the_files_here(history, tmp_path):
    """Nothing reached main after 2025-12-15, so that day's ledger is the one checked out here."""
    site = tmp_path / "site"
    proc = minyi("build", "--as-of", "2025-12-15", "--out", str(site), cwd=history, check=0)
    assert "按 2025-12-15 的台账生成" not in proc.stderr
    assert _page(site, "S-2025-0002").exists()
