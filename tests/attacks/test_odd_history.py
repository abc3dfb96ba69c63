"""Odd versions of a record in git history: the audit trail says what it can, never a traceback.

What a clerk's commit that CI rejected but was merged anyway, a force-push or an import can
leave in history: a version without a status line, a status that is a list, a file that is
not a mapping, not UTF-8, binary, a YAML bomb, a submodule or a symlink where a record
should be, a record renamed away and back, deleted and added again. HEAD is valid again
each time, so `minyi history` and `minyi build` must succeed and the trail must name the
odd commit ("无法读取的版本" where there is nothing to read). Each test is a real git
repository and the real CLI.
"""

from __future__ import annotations

import pytest
from conftest import TODAY, commit, git, minyi

from minyi.history import derive

REL = "records/suggestions/2026/S-2026-0010.yaml"
RID = "S-2026-0010"
STATUS = b"\nstatus: answered\n"
BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n".encode() for p, k in zip("abcdef", "bcdefg")
)

# (name, the odd version made from the good text, what the odd commit's line says)
ODD_VERSIONS = [
    ("no status line", lambda t: t.replace(STATUS, b"\n"), "状态 answered → （无）"),
    ("status a list", lambda t: t.replace(STATUS, b"\nstatus: [answered, closed]\n"), "状态 answered → （无）"),
    ("status a mapping", lambda t: t.replace(STATUS, b"\nstatus: {a: b}\n"), "状态 answered → （无）"),
    ("status a number", lambda t: t.replace(STATUS, b"\nstatus: 5\n"), "状态 answered → （无）"),
    ("status a tagged binary", lambda t: t.replace(STATUS, b"\nstatus: !!binary aGk=\n"), "状态 answered → （无）"),
    ("a top-level list", lambda t: b"- id: S-2026-0010\n- status: closed\n", "无法读取的版本：没有“字段: 值”"),
    ("a top-level scalar", lambda t: b"just some text\n", "无法读取的版本：没有“字段: 值”"),
    ("an empty file", lambda t: b"", "无法读取的版本：没有“字段: 值”"),
    ("invalid UTF-8", lambda t: t.replace("幼儿园".encode(), b"\xff\xfe\xc3("), "无法读取的版本：不是 UTF-8"),
    ("UTF-16", lambda t: t.decode().encode("utf-16"), "无法读取的版本：含有 NUL 字节"),
    ("a NUL byte", lambda t: t.replace(b"title:", b"ti\x00tle:"), "无法读取的版本：含有 NUL 字节"),
    ("a binary blob", lambda t: bytes(range(256)) * 40, "无法读取的版本：含有 NUL 字节"),
    ("a YAML bomb", lambda t: BOMB + b"status: *g\ntimeline: *g\n", "状态 answered → （无）"),
    ("a 5 MB file", lambda t: t + b"notes: |\n  " + b"x" * 5_000_000 + b"\n", "修改字段：notes"),
    ("duplicate keys", lambda t: t + b"status: closed\nstatus: answered\n", "字段和时间线没有改动"),
    ("a python tag", lambda t: t.replace(b"title: ", b"title: !!python/object/apply:os.system ['id'] #"), "title"),
    ("timeline a scalar", lambda t: t.split(b"timeline:")[0] + b"timeline: none\n", "改动了已有的时间线事件"),
    ("events not mappings", lambda t: t.split(b"timeline:")[0] + b"timeline:\n  - a\n  - [b]\n  - - c\n", "时间线"),
    ("deep nesting", lambda t: t + b"x: " + b"[" * 100_000 + b"\n", "修改字段：x"),
    ("a byte-order mark and CRLF", lambda t: b"\xef\xbb\xbf" + t.replace(b"\n", b"\r\n"), "字段和时间线没有改动"),
]


def _history(root) -> str:
    return minyi("history", RID, cwd=root, check=0).stdout


def _commit_lines(out: str) -> list[str]:
    """Each commit's line and its changes line after it, as one string."""
    lines = out.splitlines()
    return [f"{a}\n{b}" for a, b in zip(lines, lines[1:]) if a.startswith("  2026-")]


def _recorded_by(root) -> set[str]:
    """The commits the trail says recorded the record's events."""
    return {e["commit"] for e in derive(root)[RID]["events"].values()}


def _odd_then_restored(root, odd: bytes, message: str) -> None:
    path = root / REL
    good = path.read_bytes()
    path.write_bytes(odd)
    commit(root, message)
    path.write_bytes(good)
    commit(root, "Restore")


@pytest.mark.parametrize(("name", "make", "says"), ODD_VERSIONS, ids=[c[0] for c in ODD_VERSIONS])
def test_an_odd_version_in_history_is_described_not_a_traceback(ledger, name, make, says):
    imported = git(ledger, "rev-parse", "HEAD").strip()
    _odd_then_restored(ledger, make((ledger / REL).read_bytes()), f"Bad {name}")
    lines = _commit_lines(_history(ledger))
    assert len(lines) == 3 and "Bad" in lines[1] and says in lines[1], lines
    if "无法读取的版本" in says:
        assert "恢复为可读取的版本" in lines[2]
        # undoing the bad commit does not make every event look recorded that day
        assert _recorded_by(ledger) == {imported}


def test_the_audit_trail_reads_the_same_from_the_cache_and_from_git(ledger):
    """An odd version read by a later, incremental run (the cache extended) says what a cold run says."""
    minyi("history", RID, cwd=ledger, check=0)  # the cache now holds the trail up to the import
    _odd_then_restored(ledger, b"- not a mapping\n", "Bad list")
    warm = _history(ledger)
    cold = minyi("history", RID, "--no-cache", cwd=ledger, check=0).stdout
    assert warm == cold and "无法读取的版本" in warm


def _submodule_commit(root) -> None:
    """A gitlink (mode 160000) committed where the record file is: git has no blob for it."""
    head = git(root, "rev-parse", "HEAD").strip()
    git(root, "rm", "-q", "--cached", REL)
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{head},{REL}")
    git(root, "commit", "-qm", "Bad submodule")
    git(root, "rm", "-q", "--cached", REL)
    commit(root, "Restore")


def _symlink_commit(root) -> None:
    path = root / REL
    good = path.read_bytes()
    path.unlink()
    path.symlink_to("../../ledger.yaml")
    commit(root, "Bad symlink")
    path.unlink()
    path.write_bytes(good)
    commit(root, "Restore")


def _renamed_away_and_back(root) -> None:
    other = root / "records/suggestions/2026/S-2026-0990.yaml"
    git(root, "mv", REL, str(other))
    commit(root, "Bad rename")
    git(root, "mv", str(other), REL)
    commit(root, "Restore")


def _deleted_and_added_again(root) -> None:
    good = (root / REL).read_bytes()
    git(root, "rm", "-q", REL)
    commit(root, "Bad delete")
    (root / REL).write_bytes(good)
    commit(root, "Restore")


def _odd_paths(root) -> None:
    """Files whose names git quotes (newline, Unicode) or that hold a space, added and removed."""
    folder = root / "records/suggestions/2026"
    names = ["S-2026 0991.yaml", "S-2026-0992\n.yaml", "建议 0993.yaml", "S-2026-0994\t.yaml"]
    for name in names:
        (folder / name).write_bytes((root / REL).read_bytes())
    commit(root, "Bad names")
    for name in names:
        (folder / name).unlink()
    commit(root, "Restore")


def _merged_bad_branch(root) -> None:
    """A branch holding an unreadable version, merged into main with a merge commit; main restores it."""
    good = (root / REL).read_bytes()
    git(root, "checkout", "-qb", "clerk/bad")
    (root / REL).write_bytes(b"\xff\xfe binary")
    commit(root, "Bad on a branch")
    git(root, "checkout", "-q", "main")
    with (root / "records/suggestions/2026/S-2026-0001.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# 主线上的改动\n")
    commit(root, "Meanwhile on main")
    git(root, "merge", "-q", "--no-ff", "clerk/bad", "-m", "Merge pull request #7 from qingxi/bad")
    (root / REL).write_bytes(good)
    commit(root, "Restore")


# (name, what is done to the repository, what the odd commit's line says)
ODD_HISTORIES = [
    ("a submodule entry", _submodule_commit, "无法读取的版本：不是文件（子模块）"),
    ("a symlink", _symlink_commit, "无法读取的版本"),
    ("renamed to another id and back", _renamed_away_and_back, "改名"),
    ("deleted and added again", _deleted_and_added_again, "删除记录"),
    ("odd file names", _odd_paths, None),
    ("a merge bringing an unreadable version", _merged_bad_branch, "无法读取的版本：不是 UTF-8"),
]


@pytest.mark.parametrize(("name", "make", "says"), ODD_HISTORIES, ids=[c[0] for c in ODD_HISTORIES])
def test_an_odd_history_is_described_not_a_traceback(ledger, name, make, says):
    imported = git(ledger, "rev-parse", "HEAD").strip()
    make(ledger)
    lines = _commit_lines(_history(ledger))
    if says is not None:
        assert any("Bad" in line and says in line for line in lines), lines
        assert _recorded_by(ledger) == {imported}
    assert "Traceback" not in str(derive(ledger))


def test_the_site_builds_over_every_odd_version(ledger, tmp_path):
    """All the odd versions and histories in one repository: HEAD is valid, so the build succeeds
    and the record's page lists the odd commits."""
    for name, make, _ in ODD_VERSIONS:
        _odd_then_restored(ledger, make((ledger / REL).read_bytes()), f"Bad {name}")
    for _, make, _ in ODD_HISTORIES:
        make(ledger)
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    page = (out / "suggestions" / RID / "index.html").read_text(encoding="utf-8")
    assert "无法读取的版本" in page and "Bad a binary blob" in page
    assert "无法读取的版本" in _history(ledger)
