"""The output folder: killed builds leave nothing behind for good, the swap leaves no moment
without a site, and a folder that cannot take the site is one clear Chinese line."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
import time

import pytest
from conftest import REPO, TODAY, minyi

from site_gen import output
from site_gen.build import BuildFailed, build


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    root = tmp_path_factory.mktemp("ledger")
    shutil.copytree(REPO / "records", root / "records")
    return root


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_killed_builds_are_removed_and_running_ones_kept(tmp_path):
    out = tmp_path / "site"
    dead = tmp_path / f".site.build-{_dead_pid()}-abc123"
    swap = tmp_path / f".site.old-{_dead_pid()}-swap"
    mine = tmp_path / f".site.build-{os.getpid()}-running"
    other = tmp_path / ".site-notes"
    for folder in (dead, swap, mine, other):
        (folder / "x").mkdir(parents=True)
    removed = output.clean_stale(out)
    assert sorted(removed) == sorted([dead, swap])
    assert mine.exists() and other.exists() and not dead.exists() and not swap.exists()


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    (a / "new.txt").parent.mkdir()
    (a / "new.txt").write_text("new")
    (b / "old.txt").parent.mkdir()
    (b / "old.txt").write_text("old")
    if not output._exchange(a, b):
        pytest.skip("this kernel or file system has no renameat2(RENAME_EXCHANGE); the two-rename path is used")
    assert (b / "new.txt").read_text() == "new" and (a / "old.txt").read_text() == "old"


def _settled(folder, want: list[str], seconds: float = 60) -> list[str]:
    """The names in `folder` once the detached deletion of an old site has finished (or the time is up)."""
    deadline = time.monotonic() + seconds
    while (names := sorted(p.name for p in folder.iterdir())) != want and time.monotonic() < deadline:
        time.sleep(0.05)
    return names


def test_a_rebuild_replaces_the_site_and_leaves_no_leftovers(records, tmp_path):
    out = tmp_path / "site"
    for _ in range(2):
        build(records, out, as_of=dt.date.fromisoformat(TODAY))
    assert (out / "index.html").is_file()
    assert _settled(tmp_path, ["site"]) == ["site"]


def test_the_old_site_is_deleted_by_a_detached_process_named_in_its_folder(tmp_path):
    out, old = tmp_path / "site", tmp_path / ".site.build-1-x"
    (old / "site" / "a").mkdir(parents=True)
    (old / "site" / "a" / "index.html").write_text("old")
    output.discard(old, out)
    names = [p.name for p in tmp_path.iterdir()]
    # gone, or renamed after the `rm` deleting it (a live pid: clean_stale leaves it alone)
    assert all(n.startswith(".site.old-") and n.endswith("-trash") for n in names if n != old.name)
    assert _settled(tmp_path, []) == []


@pytest.mark.parametrize(
    "code,words", [(errno.EROFS, "不可写"), (errno.ENOSPC, "磁盘空间不足"), (errno.EBUSY, "挂载点")]
)
def test_an_output_that_cannot_take_the_site_is_one_line_and_the_old_site_stays(
    records, tmp_path, monkeypatch, code, words
):
    out = tmp_path / "site"
    (out / "index.html").parent.mkdir()
    (out / "index.html").write_text("old site")

    def refuse(built, target):
        raise OSError(code, os.strerror(code), str(target))

    monkeypatch.setattr(output, "swap_in", refuse)
    with pytest.raises(BuildFailed) as failed:
        build(records, out, as_of=dt.date.fromisoformat(TODAY))
    assert words in str(failed.value) and "\n" not in str(failed.value)
    assert (out / "index.html").read_text() == "old site"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the workspace went too


def test_the_build_leaves_the_environment_as_it_found_it(records, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    build(records, tmp_path / "site", as_of=dt.date.fromisoformat(TODAY))
    assert "SOURCE_DATE_EPOCH" not in os.environ and "NO_MKDOCS_2_WARNING" not in os.environ


def test_an_output_on_an_unwritable_path_is_reported_by_the_cli(records, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = minyi("build", "--out", str(blocker / "site"), "--as-of", TODAY, "--today", TODAY, cwd=records, check=1)
    assert "输出目录" in proc.stderr and "Traceback" not in proc.stderr
