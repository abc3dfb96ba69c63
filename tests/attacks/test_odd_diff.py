"""Odd versions of a record between two days: `minyi diff` says what the audit trail says.

The odd versions of test_odd_history (not UTF-8, UTF-16, a NUL byte, binary, a byte-order
mark, a file that is not a mapping, a submodule where a record should be …) are committed
the day after the ledger began and restored the day after that. `minyi diff` across the odd
commit must call the version unreadable exactly when `minyi history` does, never read a
version that is not UTF-8 as text, and never print a traceback. Each test is a real git
repository and the real CLI.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import git, minyi
from test_odd_history import ODD_VERSIONS, REL, RID

ODD, RESTORED = "2026-11-23", "2026-11-24"  # the ledger fixture commits on TODAY, 2026-11-22
UNREADABLE = "无法读取的版本"


def _commit_on(root, day: str, message: str, add: bool = True) -> None:
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    if add:
        git(root, "add", "-A")
    subprocess.run(["git", "commit", "-qm", message], cwd=root, env=env, check=True)


def _diff(root, since: str, until: str | None = None) -> str:
    proc = minyi("diff", "--since", since, *(["--until", until] if until else []), cwd=root, check=0)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.stdout


def _line(out: str) -> str:
    return next((line for line in out.splitlines() if RID in line), "")


@pytest.mark.parametrize(("name", "make", "says"), ODD_VERSIONS, ids=[c[0] for c in ODD_VERSIONS])
def test_an_odd_version_between_two_days_reads_as_in_the_audit_trail(ledger, name, make, says):
    path = ledger / REL
    good = path.read_bytes()
    path.write_bytes(make(good))
    _commit_on(ledger, ODD, f"Bad {name}")
    path.write_bytes(good)
    _commit_on(ledger, RESTORED, "Restore")
    into, out_of = _line(_diff(ledger, "2026-11-22", ODD)), _line(_diff(ledger, ODD, RESTORED))
    if UNREADABLE in says:
        assert UNREADABLE in into, into
        assert UNREADABLE not in out_of and out_of, out_of
    else:
        assert UNREADABLE not in into + out_of, (into, out_of)
    assert "没有记录发生变化" in _diff(ledger, "2026-11-22")  # restored: nothing changed over both days


def test_a_submodule_where_a_record_was_is_unreadable(ledger):
    head = git(ledger, "rev-parse", "HEAD").strip()
    git(ledger, "rm", "-q", "--cached", REL)
    git(ledger, "update-index", "--add", "--cacheinfo", f"160000,{head},{REL}")
    _commit_on(ledger, ODD, "Bad submodule", add=False)
    assert UNREADABLE in _line(_diff(ledger, "2026-11-22", ODD))
