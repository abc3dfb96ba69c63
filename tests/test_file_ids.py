"""File identity from git's index (minyi/file_ids.py): an unchanged ledger is not re-read, and
every edit is still seen, whether git is asked or not.

Each case is a real git repository under tmp_path. The unit tests check the ids against
`git hash-object`; the CLI tests check that `minyi validate`, with its cache warm, sees an
edit git was told to ignore, made in the same second, or made outside git.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import TODAY, edit, git, minyi

from minyi.file_ids import blob_id, file_ids, vouched_ids
from minyi.ledger import record_files

DEPUTY = "records/deputies/D-0001.yaml"
BROKEN = ("station: ST-06", "station: ST-99")  # same size, now a reference to nothing


def hash_object(root: Path, rel: str) -> str:
    return git(root, "hash-object", "--no-filters", rel).strip()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MINYI_CACHE_DIR", str(folder))
    return folder


def validate(root: Path, check: int) -> str:
    return minyi("validate", "--today", TODAY, cwd=root, check=check).stdout


def test_blob_id_is_gits():
    assert blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def settle(root) -> None:
    """Let a second pass and have git write its index again: files changed in the second of the
    index write are hashed, not vouched for (see GitIndex._settled), as in a fresh checkout."""
    time.sleep(1.05 - time.time() % 1)
    git(root, "update-index", "-q", "--refresh", "--force-write-index")


def test_clean_files_come_from_the_index_and_match_their_bytes(ledger):
    settle(ledger)
    rels = record_files(ledger)
    vouched = vouched_ids(ledger, rels)
    assert set(rels) <= set(vouched)
    assert all(vouched[rel] == hash_object(ledger, rel) for rel in rels[:20])
    assert file_ids(ledger, rels) == {rel: vouched[rel] for rel in rels}


def test_edited_untracked_deleted_and_renamed_files(ledger):
    rels = record_files(ledger)
    edited, gone, moved, plain_moved = rels[1], rels[2], rels[3], rels[4]
    (ledger / edited).write_text((ledger / edited).read_text(encoding="utf-8") + "# 改过\n", encoding="utf-8")
    (ledger / gone).unlink()
    git(ledger, "mv", moved, moved.replace(".yaml", "-1.yaml"))
    os.rename(ledger / plain_moved, ledger / plain_moved.replace(".yaml", "-2.yaml"))
    shutil.copy(ledger / rels[5], ledger / "records/deputies/D-0999.yaml")  # untracked
    now = record_files(ledger)
    vouched = vouched_ids(ledger, now)
    assert edited not in vouched and "records/deputies/D-0999.yaml" not in vouched
    assert plain_moved.replace(".yaml", "-2.yaml") not in vouched
    ids = file_ids(ledger, now)
    assert set(ids) == set(now) and gone not in ids
    assert all(ids[rel] == hash_object(ledger, rel) for rel in now)


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_entries_git_does_not_check_are_not_trusted(ledger, flag):
    git(ledger, "update-index", flag, DEPUTY)
    edit(ledger, DEPUTY, *BROKEN)
    assert git(ledger, "diff", "--name-only") == ""  # git itself no longer sees the edit
    assert DEPUTY not in vouched_ids(ledger, record_files(ledger))
    assert file_ids(ledger, [DEPUTY])[DEPUTY] == hash_object(ledger, DEPUTY)


def test_an_index_entry_naming_other_bytes_is_not_believed(ledger):
    """An entry whose stat data does not match the file (here: rewritten by hand) is checked, not trusted."""
    other = blob_id(b"id: D-0001\n")
    git(ledger, "update-index", "--cacheinfo", f"100644,{other},{DEPUTY}")
    assert DEPUTY not in vouched_ids(ledger, [DEPUTY])
    assert file_ids(ledger, [DEPUTY])[DEPUTY] == hash_object(ledger, DEPUTY)


def test_text_conversion_means_hashing(ledger):
    """Where git converts text on its way in, its blob is not the bytes on disk."""
    settle(ledger)
    rels = record_files(ledger)
    (ledger / ".gitattributes").write_text("records/deputies/*.yaml ident\n", encoding="utf-8")
    vouched = vouched_ids(ledger, rels)
    assert DEPUTY not in vouched and any(rel.startswith("records/suggestions/") for rel in vouched)
    (ledger / ".gitattributes").write_text("records/deputies/*.yaml -text\n", encoding="utf-8")
    assert DEPUTY in vouched_ids(ledger, rels)  # -text converts nothing
    git(ledger, "config", "core.autocrlf", "input")
    assert vouched_ids(ledger, rels) == {}
    assert file_ids(ledger, [DEPUTY])[DEPUTY] == hash_object(ledger, DEPUTY)


def test_outside_git_every_file_is_hashed(ledger, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(ledger / "records", plain / "records")
    rels = record_files(plain)
    assert vouched_ids(plain, rels) == {}
    assert file_ids(plain, rels) == {rel: hash_object(ledger, rel) for rel in rels}


def test_validate_sees_edits_git_was_told_to_ignore(ledger, cache_dir):
    assert "ref-missing" not in validate(ledger, 0)
    git(ledger, "update-index", "--assume-unchanged", DEPUTY)
    edit(ledger, DEPUTY, *BROKEN)
    assert f"{DEPUTY}:" in validate(ledger, 1)
    git(ledger, "update-index", "--no-assume-unchanged", DEPUTY)
    git(ledger, "update-index", "--skip-worktree", DEPUTY)
    edit(ledger, DEPUTY, *reversed(BROKEN))
    assert "ref-missing" not in validate(ledger, 0)


def test_validate_sees_same_size_edits_within_one_second(ledger, cache_dir):
    """Two edits of the same size with the very same modification time, the index refreshed in between:
    git's stat data (ctime) and its racy-entry check still tell them apart."""
    path = ledger / DEPUTY
    stamp = path.stat()
    assert "ref-missing" not in validate(ledger, 0)
    edit(ledger, DEPUTY, *BROKEN)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert f"{DEPUTY}:" in validate(ledger, 1)
    subprocess.run(["git", "update-index", "--refresh"], cwd=ledger, capture_output=True, check=False)
    edit(ledger, DEPUTY, *reversed(BROKEN))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert "ref-missing" not in validate(ledger, 0)
    edit(ledger, DEPUTY, *BROKEN)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert f"{DEPUTY}:" in validate(ledger, 1)


def test_validate_sees_untracked_deleted_and_renamed_records(ledger, cache_dir):
    assert validate(ledger, 0) == ""
    (ledger / "records/stations/ST-06.yaml").unlink()  # D-0001 refers to it
    assert f"{DEPUTY}:" in validate(ledger, 1)
    git(ledger, "checkout", "--", "records/stations/ST-06.yaml")
    git(ledger, "mv", "records/stations/ST-06.yaml", "records/stations/ST-66.yaml")  # id no longer its name
    assert "records/stations/ST-66.yaml:" in validate(ledger, 1)
    git(ledger, "mv", "records/stations/ST-66.yaml", "records/stations/ST-06.yaml")
    assert validate(ledger, 0) == ""
    text = (ledger / DEPUTY).read_text(encoding="utf-8")
    (ledger / "records/deputies/D-0998.yaml").write_text(text, encoding="utf-8")  # untracked copy: a duplicate id
    assert "records/deputies/D-0998.yaml:" in validate(ledger, 1)


def test_validate_outside_git_sees_edits(ledger, tmp_path, cache_dir):
    plain = tmp_path / "plain"
    shutil.copytree(ledger / "records", plain / "records")
    assert validate(plain, 0) == ""
    edit(plain, DEPUTY, *BROKEN)
    assert f"{DEPUTY}:" in validate(plain, 1)


def test_files_changed_in_the_second_git_wrote_its_index_are_hashed(ledger):
    """An edit and an index write in one second (as a checkout does): git's to-the-second times
    cannot vouch for the file, so its bytes are hashed; once a later second's index holds it, git can."""
    rels = record_files(ledger)
    time.sleep(1.02 - time.time() % 1)  # the start of a second: edit and index write fall in it
    edit(ledger, DEPUTY, *BROKEN)
    git(ledger, "add", DEPUTY)
    assert DEPUTY not in vouched_ids(ledger, rels)
    assert file_ids(ledger, [DEPUTY])[DEPUTY] == hash_object(ledger, DEPUTY)
    settle(ledger)
    assert vouched_ids(ledger, rels)[DEPUTY] == hash_object(ledger, DEPUTY)
