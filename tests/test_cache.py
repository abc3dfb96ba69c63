"""The cache, as an attacker and as a user: planted caches never run or lie, damaged ones are
rebuilt, content edits are always seen, and no run leaves anything in the working tree.

Every test drives the real CLI in a real git repository under tmp_path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO, TODAY, close_answered, git, minyi

from minyi import cache as cache_mod
from minyi import history, record_cache
from minyi.cache import Cache, location
from minyi.ledger import record_files
from minyi.validate import validate

DEPUTY = "records/deputies/D-0001.yaml"


def armed_pickle(marker: Path) -> bytes:
    """A protocol-0 pickle that, when loaded, opens `marker` for writing (creating it)."""
    return f"cbuiltins\nopen\n(V{marker}\nVw\ntR.".encode()


def test_the_planted_payload_is_armed(tmp_path):
    """Guard for the tests below: the payload really would create the marker if anything unpickled it."""
    import pickle  # only here, on purpose: to prove the attack file is live

    marker = tmp_path / "armed"
    pickle.loads(armed_pickle(marker)).close()
    assert marker.exists()


def lying_db(path: Path, payload: bytes, key: str) -> None:
    """A cache file in our exact layout and stamp, claiming the ledger has no problems."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    for sql in cache_mod._TABLES.values():
        db.execute(sql)
    db.execute("INSERT INTO meta VALUES ('stamp', ?)", (cache_mod._stamp(),))
    db.execute("INSERT INTO entries VALUES ('result', 'validate', ?)", (json.dumps({"key": key, "problems": []}),))
    db.execute("INSERT INTO entries VALUES ('records', ?, ?)", (DEPUTY, payload.decode()))
    db.commit()
    db.close()


def break_deputy(root: Path) -> str:
    """Same size, new meaning: the deputy now points at a station that does not exist."""
    path = root / DEPUTY
    good = path.read_text(encoding="utf-8")
    assert "station: ST-06" in good
    path.write_text(good.replace("station: ST-06", "station: ST-99"), encoding="utf-8")
    return good


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MINYI_CACHE_DIR", str(folder))
    return folder


def test_planted_caches_never_run_or_decide(ledger, tmp_path, cache_dir):
    marker = tmp_path / "pwned"
    payload = armed_pickle(marker)
    good = break_deputy(ledger)
    _, key = record_cache.answer_key(ledger, record_files(ledger), dt.date.fromisoformat(TODAY))  # as validate
    for name in ("records", "result", "history", "trails", "qr"):
        (ledger / ".minyi-cache").mkdir(exist_ok=True)
        (ledger / f".minyi-cache/{name}.pickle").write_bytes(payload)
    for folder in (".minyi-cache", "minyi-cache"):  # the new file name, wherever a checkout could put it
        lying_db(ledger / folder / location(ledger).name, payload, key)
    git(ledger, "add", "-f", ".minyi-cache", "minyi-cache", DEPUTY)
    git(ledger, "commit", "-qm", "A pull request carrying caches")

    out = minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout
    assert f"{DEPUTY}:" in out and "ref-missing" in out
    (ledger / DEPUTY).write_text(good, encoding="utf-8")
    git(ledger, "commit", "-qam", "Fix the station")
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0
    git(ledger, "checkout", "-qb", "clerk/change")
    close_answered(ledger)
    git(ledger, "commit", "-qam", "Close S-2026-0010")
    assert minyi("check-change", "main", "--today", TODAY, cwd=ledger).returncode == 0
    shown = minyi("history", "S-2026-0010", cwd=ledger, check=0).stdout
    assert "Close S-2026-0010" in shown and "状态 answered → closed" in shown
    site = tmp_path / "site"
    minyi("build", "--out", str(site), "--as-of", TODAY, cwd=ledger, check=0)
    assert "Close S-2026-0010" in (site / "suggestions/S-2026-0010/index.html").read_text(encoding="utf-8")
    assert not marker.exists()
    assert location(ledger).is_file() and cache_dir in location(ledger).parents


def damage(path: Path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(b"\x80\x04this is not a database" * 100)
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    elif how == "empty":
        path.write_bytes(b"")
    elif how in ("foreign-layout", "other-code", "bad-values"):
        db = sqlite3.connect(path)
        if how == "foreign-layout":
            db.execute("CREATE TABLE sneaky (x)")
        elif how == "other-code":
            db.execute("UPDATE meta SET value = '1:0000000000000000' WHERE key = 'stamp'")
            db.execute("UPDATE entries SET value = '{\"key\": 1}'")
        else:  # right layout and stamp, values that are not what we wrote
            db.execute("UPDATE entries SET value = 'not json {' WHERE ns = 'records'")
            db.execute("""UPDATE entries SET value = '{"key": "x", "problems": [["a", "1", 1, "x", "", "", ""]]}'
                          WHERE ns = 'result'""")
        db.commit()
        db.close()


@pytest.mark.parametrize("how", ["garbage", "truncated", "empty", "foreign-layout", "other-code", "bad-values"])
def test_damaged_cache_is_discarded_and_rebuilt(ledger, cache_dir, how):
    break_deputy(ledger)
    first = minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout
    assert "ref-missing" in first
    damage(location(ledger), how)
    assert minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout == first
    assert minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout == first
    db = sqlite3.connect(location(ledger))
    assert db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()[0] == cache_mod._stamp()
    assert db.execute("SELECT count(*) FROM entries WHERE ns = 'records'").fetchone()[0] > 100


def test_edit_keeping_size_and_mtime_is_seen(ledger, cache_dir):
    path = ledger / DEPUTY
    before = path.stat()
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0
    good = break_deputy(ledger)
    path.write_text(path.read_text(encoding="utf-8").replace("王惠敏", "王惠英"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert "ref-missing" in minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout
    assert "王惠英" in minyi("show", "D-0001", "--today", TODAY, cwd=ledger, check=0).stdout
    path.write_text(good, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0


def test_cached_results_equal_uncached(ledger, tmp_path):
    """What comes back from JSON is exactly what parsing gives: problems, records, trails."""
    today = dt.date.fromisoformat(TODAY)
    break_deputy(ledger)
    store = Cache(tmp_path / "c.sqlite3")
    plain_ledger, plain = validate(ledger, today)
    for _ in range(2):  # cold, then every file from the cache
        cached_ledger, cached = validate(ledger, today, cache=Cache(tmp_path / "c.sqlite3"))
        assert cached == plain and any(p.rule == "ref-missing" for p in cached)
        assert {k: {i: r.data for i, r in v.items()} for k, v in cached_ledger.records.items()} == {
            k: {i: r.data for i, r in v.items()} for k, v in plain_ledger.records.items()
        }
    url = "https://example.invalid/ledger"
    assert history.derive(ledger, url, store) == history.derive(ledger, url)
    close_answered(ledger)
    git(ledger, "commit", "-qam", "Close S-2026-0010")
    warm = history.derive(ledger, url, Cache(tmp_path / "c.sqlite3"))  # incremental: one new commit
    assert warm == history.derive(ledger, url) and warm["S-2026-0010"]["events"][5]["commit"]
    assert history.derive(ledger, url, Cache(tmp_path / "c.sqlite3")) == warm  # all from JSON


def test_one_record_history_is_an_indexed_lookup_after_a_new_commit(ledger, tmp_path, monkeypatch):
    """`minyi history ID` reads one trail: the new commit is grouped into the trails it touches only."""
    url = "https://example.invalid/ledger"
    history.derive(ledger, url, Cache(tmp_path / "c.sqlite3"))
    close_answered(ledger)
    git(ledger, "commit", "-qam", "Close S-2026-0010")
    whole = history.derive(ledger, url)

    def no_scan(self, ns):
        raise AssertionError(f"read every entry of {ns}")

    monkeypatch.setattr(Cache, "items", no_scan)
    one = history.trail(ledger, "S-2026-0010", url, Cache(tmp_path / "c.sqlite3"))
    assert one == whole["S-2026-0010"] and one["commits"][-1]["message"] == "Close S-2026-0010"
    assert history.trail(ledger, "S-2024-0003", url, Cache(tmp_path / "c.sqlite3")) == whole["S-2024-0003"]
    monkeypatch.undo()
    assert history.derive(ledger, url, Cache(tmp_path / "c.sqlite3")) == whole  # the others untouched


def test_malformed_history_entries_are_rebuilt(ledger, tmp_path):
    url = "https://example.invalid/ledger"
    store = Cache(tmp_path / "c.sqlite3")
    expected = history.derive(ledger, url, store)
    with store.batch() as batch:
        batch.put(history.TRAILS, "S-2026-0010", {"commits": "oops", "events": {"x": 1}})
        batch.put(history.COMMITS_STATE, "state", {"head": "not a commit", "count": "many"})
    assert history.derive(ledger, url, Cache(tmp_path / "c.sqlite3")) == expected
    assert history.derive(ledger, url, Cache(tmp_path / "c.sqlite3")) == expected


def test_default_location_is_outside_the_working_tree(ledger, tmp_path, monkeypatch):
    monkeypatch.delenv("MINYI_CACHE_DIR")
    env = {"MINYI_CACHE_DIR": ""}
    minyi("validate", "--today", TODAY, cwd=ledger, env=env, check=0)
    assert location(ledger).parent == (ledger / ".git/minyi-cache").resolve() and location(ledger).is_file()
    assert git(ledger, "status", "--porcelain", "--ignored") == ""  # nothing new in the working tree

    plain = tmp_path / "plain"  # not a git repository: the user's cache folder
    shutil.copytree(ledger / "records", plain / "records")
    env = {"MINYI_CACHE_DIR": "", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    minyi("validate", "--today", TODAY, cwd=plain, env=env, check=0)
    assert location(plain).parent == tmp_path / "xdg/minyi" and location(plain).is_file()
    assert sorted(p.name for p in plain.iterdir()) == ["records"]


def test_cache_dir_inside_the_checkout_is_refused(ledger, tmp_path, monkeypatch):
    """Even when told to, the cache is never read from a folder a pull request can fill."""
    armed = tmp_path / "outside"
    monkeypatch.setenv("MINYI_CACHE_DIR", str(armed))
    name = location(ledger).name
    planted = ledger / ".minyi-cache"
    monkeypatch.setenv("MINYI_CACHE_DIR", str(planted))
    assert location(ledger) is None
    break_deputy(ledger)
    _, key = record_cache.answer_key(ledger, record_files(ledger), dt.date.fromisoformat(TODAY))  # as validate
    lying_db(planted / name, b"{}", key)
    git(ledger, "add", "-f", ".minyi-cache", DEPUTY)
    git(ledger, "commit", "-qm", "A pull request carrying a cache")
    out = minyi("validate", "--today", TODAY, cwd=ledger, env={"MINYI_CACHE_DIR": str(planted)}, check=1).stdout
    assert "ref-missing" in out
    # The same file where only this machine writes would be believed: why its location is the defence.
    lying_db(armed / name, b"{}", key)
    assert minyi("validate", "--today", TODAY, cwd=ledger, env={"MINYI_CACHE_DIR": str(armed)}).returncode == 0


def test_unwritable_cache_location_means_no_cache(ledger, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    env = {"MINYI_CACHE_DIR": str(blocker / "cache")}
    break_deputy(ledger)
    for _ in range(2):
        assert "ref-missing" in minyi("validate", "--today", TODAY, cwd=ledger, env=env, check=1).stdout
    minyi("history", "S-2026-0010", cwd=ledger, env=env, check=0)
    assert Cache(blocker / "cache" / "x.sqlite3").items("records") == {}


def test_cli_in_this_checkout_leaves_nothing(tmp_path):
    """Running the CLI on the demo ledger in place writes its cache where it is told, not here."""
    old_cache = sorted((REPO / ".minyi-cache").rglob("*")) if (REPO / ".minyi-cache").exists() else None
    env = {"MINYI_CACHE_DIR": str(tmp_path / "cache")}
    minyi("validate", "--today", TODAY, cwd=REPO, env=env)  # others may be editing records: no exit code asserted
    assert not (REPO / "minyi-cache").exists()
    assert (sorted((REPO / ".minyi-cache").rglob("*")) if (REPO / ".minyi-cache").exists() else None) == old_cache
    assert list((tmp_path / "cache").glob("*.sqlite3"))


def test_no_pickle_in_the_code():
    """Data only: no module of the tool or its benchmarks loads or writes pickles."""
    sources = [*(REPO / "minyi").rglob("*.py"), *(REPO / "site_gen").rglob("*.py"), *(REPO / "bench").rglob("*.py")]
    offenders = [
        p.relative_to(REPO).as_posix()
        for p in sources
        if any(word in p.read_text(encoding="utf-8") for word in ("import pickle", "pickle.load", "pickle.dump"))
    ]
    assert offenders == []
