"""Shared fixtures: a real copy of the demo ledger in a real git repository, and the real CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def init_repo(path: Path) -> Path:
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "clerk@example.invalid")
    git(path, "config", "user.name", "Test Clerk")
    git(path, "add", "-A")
    git(path, "commit", "-qm", "Import ledger")
    return path


@pytest.fixture(autouse=True, scope="session")
def cache_outside_checkout(tmp_path_factory):
    """Every CLI run of the suite keeps its cache in a temporary folder: never in this checkout
    (nor its .git), even for tests that build the demo ledger in place."""
    os.environ["MINYI_CACHE_DIR"] = str(tmp_path_factory.mktemp("minyi-cache"))


@pytest.fixture
def records(tmp_path) -> Path:
    """A plain copy of the demo records (no git): what the validator reads."""
    root = tmp_path / "ledger"
    shutil.copytree(REPO / "records", root / "records")
    return root


@pytest.fixture
def ledger(tmp_path) -> Path:
    """The demo ledger, copied into a fresh git repository."""
    root = tmp_path / "ledger"
    root.mkdir()
    shutil.copytree(REPO / "records", root / "records")
    return init_repo(root)


def minyi(*args, cwd, env=None, check=None):
    """Run the real `minyi` CLI in a subprocess, as a clerk would."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if not (env and "GITHUB_ACTIONS" in env) else None
    proc = subprocess.run([sys.executable, "-m", "minyi", *args], cwd=cwd, capture_output=True, text=True, env=full_env)
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def close_answered(root, *extra, rid="S-2026-0010", outcome="solved", note="办结", date="2026-11-20"):
    """Close an answered demo suggestion through the real CLI, dated before TODAY (never the real day)."""
    args = ["advance", rid, "closed", "--by", "DEP-001", "--outcome", outcome, "--note", note, *extra]
    return minyi(*args, "--date", date, "--today", TODAY, cwd=root, check=0)


def problems_json(root, *paths, today=TODAY):
    proc = minyi("validate", "--format", "json", "--today", today, *paths, cwd=root)
    return proc.returncode, json.loads(proc.stdout)


def snapshot(root: Path) -> dict:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "records").rglob("*")) if p.is_file()
    }


def line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not found")


@pytest.fixture
def pr(ledger):
    """A pull-request branch off main in the demo repository."""
    git(ledger, "checkout", "-qb", "clerk/change")
    return ledger


def gate(root, *extra, env=None):
    proc = minyi("check-change", "main", "HEAD", "--today", TODAY, *extra, cwd=root, env=env)
    return proc


def commit(root, message="Change"):
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def replace_once(old, new):
    """An edit of a record's text for a table of broken-record cases: `old` must be there."""

    def edit_text(text):
        assert old in text, old
        return text.replace(old, new, 1)

    return edit_text


def edit(root, rel, old, new):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture(autouse=True, scope="session")
def _commits_dated_on_the_test_day():
    """Every commit a test makes is dated TODAY (noon, UTC), whatever the real date.

    Tests build and validate `--as-of TODAY`; a build as of a day before the ledger's last
    commit is built from that day's tree (minyi build --as-of a past date), so commits made
    on the real, later day would turn every such build into "no commit by then". Tests that
    date their commits on purpose pass their own GIT_*_DATE, which wins over these defaults.
    """
    noon = dt.datetime.combine(dt.date.fromisoformat(TODAY), dt.time(12), dt.UTC)
    stamp = f"{int(noon.timestamp())} +0000"  # git's own format, which GitPython parses too
    os.environ.setdefault("GIT_AUTHOR_DATE", stamp)
    os.environ.setdefault("GIT_COMMITTER_DATE", stamp)
    yield
