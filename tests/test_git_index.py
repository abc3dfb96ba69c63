"""Blob ids read from git's index file itself (minyi/git_index.py, used by minyi/file_ids.py).

Each case is a real git repository under tmp_path: the entries read from the file must be the
ones `git ls-files -s` lists; the index versions and extensions the reader does not handle
(version 4, a split index) must fall back to asking git and still see every edit; an index
rewritten while git was asked must not be believed; and the CLI, its cache warm, must not
reuse an answer for bytes that were changed in the second git wrote its index.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import TODAY, edit, git, init_repo, minyi
from test_file_ids import BROKEN, DEPUTY, hash_object, settle

from minyi import git_index
from minyi.file_ids import GitIndex, file_ids, vouched_ids
from minyi.ledger import record_files


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MINYI_CACHE_DIR", str(folder))
    return folder


def listed(root: Path) -> dict[str, str]:
    """{path: id} of the stage-0 regular files, as git lists them."""
    out = {}
    for line in git(root, "ls-files", "-s", "-z").split("\0"):
        if line:
            mode, sha, stage = line.split("\t", 1)[0].split()
            if stage == "0" and mode in ("100644", "100755"):
                out[line.split("\t", 1)[1]] = sha
    return out


def test_the_entries_read_are_the_ones_git_lists(ledger):
    settle(ledger)
    index = git_index.read(str(ledger / ".git/index"))
    paths, ids = index.plain()
    assert {p.decode(): sha.hex() for p, sha in zip(paths, ids)} == listed(ledger)
    assert GitIndex(ledger)._index is not None  # the file is read, not git's listing


def test_flagged_entries_are_left_out_of_a_version_3_index(ledger):
    """skip-worktree needs version 3's extended flags: the other entries are still read from the file."""
    settle(ledger)
    git(ledger, "update-index", "--skip-worktree", DEPUTY)
    git(ledger, "update-index", "--assume-unchanged", "records/ledger.yaml")
    settle(ledger)
    assert (ledger / ".git/index").read_bytes()[4:8] == (3).to_bytes(4, "big")
    paths, _ = git_index.read(str(ledger / ".git/index")).plain()
    assert DEPUTY.encode() not in paths and b"records/ledger.yaml" not in paths
    vouched = vouched_ids(ledger, record_files(ledger))
    assert DEPUTY not in vouched and "records/ledger.yaml" not in vouched
    assert len(vouched) == len(record_files(ledger)) - 2


@pytest.mark.parametrize(
    "how", [("update-index", "--index-version", "4"), ("update-index", "--split-index")], ids=["v4", "split"]
)
def test_an_index_not_read_falls_back_to_git_and_sees_edits(ledger, cache_dir, how):
    git(ledger, *how)
    settle(ledger)
    ask = GitIndex(ledger)
    ask.ids([DEPUTY])
    assert ask._index is None or ask._index.plain() is None  # not read: git listed the entries
    rels = record_files(ledger)
    assert file_ids(ledger, rels) == {rel: hash_object(ledger, rel) for rel in rels}
    assert vouched_ids(ledger, rels).keys() == set(rels)
    assert "ref-missing" not in minyi("validate", "--today", TODAY, cwd=ledger, check=0).stdout
    path = ledger / DEPUTY
    stamp = path.stat()
    edit(ledger, DEPUTY, *BROKEN)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same size, same modification time
    assert f"{DEPUTY}:" in minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout


def test_an_index_rewritten_while_git_was_asked_is_not_believed(ledger):
    """The index read here and the one git compared must be the same file, or git is asked again."""
    settle(ledger)
    ask = GitIndex(ledger)  # reads the index now
    edit(ledger, DEPUTY, *BROKEN)
    git(ledger, "add", DEPUTY)  # a new index: the one read above names the old bytes
    settle(ledger)
    assert ask.ids([DEPUTY]) in ([hash_object(ledger, DEPUTY)], [None])
    assert file_ids(ledger, [DEPUTY], GitIndex(ledger)) == {DEPUTY: hash_object(ledger, DEPUTY)}


def test_a_ledger_in_a_folder_of_a_larger_repository(tmp_path, ledger):
    outer = tmp_path / "outer"
    shutil.copytree(ledger / "records", outer / "city" / "records")
    (outer / "README.md").write_text("城市\n", encoding="utf-8")
    init_repo(outer)
    root = outer / "city"
    settle(outer)
    rels = record_files(root)
    vouched = vouched_ids(root, rels)
    assert vouched.keys() == set(rels)
    assert all(vouched[rel] == hash_object(root, rel) for rel in rels)
    edit(root, DEPUTY, *BROKEN)
    assert DEPUTY not in vouched_ids(root, rels)
    assert file_ids(root, [DEPUTY])[DEPUTY] == hash_object(root, DEPUTY)


def test_validate_hashes_bytes_changed_in_the_second_git_wrote_its_index(ledger, cache_dir):
    """The cached answer is for a broken record; then, in one second, the broken bytes are added
    (the index names them, their change time that second) and the record is fixed with the same
    size, its modification time set back a minute as before: git's stat data match and the entry
    is not racy, only the change time's second, the index's own, says the entry cannot vouch.
    The fix must be seen."""
    path = ledger / DEPUTY
    good = path.read_text(encoding="utf-8")
    edit(ledger, DEPUTY, *BROKEN)
    assert f"{DEPUTY}:" in minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout
    broken = path.read_text(encoding="utf-8")
    for _ in range(5):  # the three steps must share one second; retry if the machine is slow
        time.sleep(1.02 - time.time() % 1)
        second = int(time.time())
        path.write_text(broken, encoding="utf-8")
        os.utime(path, (second - 60, second - 60))  # out of git's racy window
        git(ledger, "add", DEPUTY)
        path.write_text(good, encoding="utf-8")
        os.utime(path, (second - 60, second - 60))
        if int(path.stat().st_ctime) == second == int((ledger / ".git/index").stat().st_mtime):
            break
    else:
        pytest.skip("the machine is too slow to edit, add and edit again within one second")
    assert git(ledger, "ls-files", "-m") == ""  # git's stat data vouch for the broken bytes
    assert "ref-missing" not in minyi("validate", "--today", TODAY, cwd=ledger, check=0).stdout
