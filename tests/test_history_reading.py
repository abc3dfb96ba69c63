"""How the audit trail reads git and events fast, without changing what it says.

An event made only of simple `key: value` lines is read line by line instead of composed
as YAML; the log is read while git writes it. Both must give exactly what the slow way gives.
"""

from __future__ import annotations

import random
import subprocess

import pytest

from minyi import gitstream, history, versions

TRICKY = [
    "date: '2026-11-22'\nstatus: received\nby: D-0187\nnote: \"代表收到群众反映\"",
    "date: 2026-11-22\nstatus: closed",
    "note: a: b",  # a mapping inside a value: YAML refuses it
    "note: a #comment",
    "note: 'it''s'",
    'note: "say \\"hi\\""',
    'note: "tab\there"',
    "note: x\n  continued",
    "note: |\n  block",
    "note: >-\n  folded",
    "note: &a x\nby: *a",
    "note: !!str x",
    "note: - x",
    "note: -x",
    "note: ?x",
    "note: [a, b]",
    "note: {a: b}",
    "note: x,y[z]",
    "note: 'a'  ",
    "note: trailing \u3000",
    "note: \ufeffbom",
    "note: line\u2028break",
    "note: nel\x85",
    "note: ctrl\x07",
    "note: x\r\nby: y",
    "status: a\nstatus: b",  # duplicate keys: the first counts
    "note:",
    "note: ''",
    'note: ""',
    "- a",
    "",
    "plain text",
    "x" * 1500 + ": y",
    "note: " + "x" * 995,
    "note: " + "-[{" * 400,
    "k: v\n\nby: x",
    "note: ~",
    "note: null",
    "note: ...",
    "note: ---",
    "note: 中文：全角冒号 ＃ 号",
    "note: 'single\\slash'",
    "note: %x",
    "note: @x",
    "note: `x",
]


@pytest.mark.parametrize("text", TRICKY)
def test_simple_items_read_as_yaml_reads_them(text):
    assert versions._item(text) == versions._composed_item(text)


def test_random_items_read_as_yaml_reads_them():
    rnd = random.Random(12)
    alphabet = list("ab 'x\"\\:#-?,[]{}&*!|>%@`\t.~09") + ["\u3000", "\x85", "\ufeff", "中", "\x7f", "é", "\U0001f600"]
    for _ in range(20000):
        value = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8)))
        quote = rnd.choice(["", "'", '"'])
        text = f"{rnd.choice(['note', 'by', 'x_1', '1a'])}{rnd.choice([': ', ':  ', ':'])}{quote}{value}{quote}"
        if rnd.random() < 0.5:
            text += "\nstatus: " + rnd.choice(["closed", "a b", "'q'", "x:"])
        assert versions._item(text) == versions._composed_item(text), repr(text)


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_streamed_log_equals_reading_it_whole(ledger, monkeypatch):
    """With only a few blobs asked for ahead (many more versions than that), every row is what
    describing the whole log at once gives: the read-ahead never skips or reorders a version."""
    rec = ledger / "records/suggestions/2026/S-2026-0010.yaml"
    for i in range(6):
        with open(rec, "a", encoding="utf-8") as fh:
            fh.write(f"# 第 {i} 次\n")
        git(ledger, "mv", str(rec), str(rec.with_name(f"S-2026-09{i:02d}.yaml")))
        rec = rec.with_name(f"S-2026-09{i:02d}.yaml")
        git(ledger, "commit", "-qam", f"step {i}")
    import git as gitpython

    repo = gitpython.Repo(ledger)
    wide = history._commits(repo, None)
    monkeypatch.setattr(history, "AHEAD", 1)
    narrow = history._commits(repo, None)
    assert narrow == wide
    assert [f["kind"] for f in wide[-1]["files"]] == ["R"]
    whole = git(ledger, "log", *history._log_args(None)).splitlines()
    assert [r["commit"] for r in wide] == [line[1:41] for line in whole if line.startswith("\x01")]


def test_log_lines_raise_when_git_fails(ledger):
    import git as gitpython

    with pytest.raises(gitpython.GitCommandError):
        list(gitstream.log_lines(gitpython.Repo(ledger), "no-such-revision"))


@pytest.mark.parametrize(
    "stored",
    [
        None,
        [],
        {"commits": [], "events": {}},  # the old layout
        {"c": "oops", "e": []},
        {"c": [[1, "a", "2026-01-01T00:00:00+08:00", "x", "m", False, None, "h"]], "e": []},  # one short
        {"c": [["1", "a", "2026-01-01T00:00:00+08:00", "x", "m", False, None, "h", []]], "e": []},
        {"c": [[1, "a", "2026-01-01T00:00:00+08:00", "x", "m", False, None, "h", "not a list"]], "e": []},
        {"c": [[1, ["a"], "2026-01-01T00:00:00+08:00", "x", "m", False, None, "h", []]], "e": []},
        {"c": [[1, "a", 5, "x", "m", False, None, "h", []]], "e": []},
        {"c": [], "e": [["0", "a", "2026-01-01", 0, False]]},
        {"c": [], "e": [[0, "a", "2026-01-01", 0]]},
    ],
)
def test_a_stored_trail_that_is_not_ours_is_unreadable(stored):
    from minyi import trail_store

    assert trail_store.unpack(stored, "https://example.org/x") is None


def test_stored_trails_share_nothing_they_should_not(ledger):
    """Two trails read together share one copy of a commit's facts, but a planted trail that
    says something else about the same commit keeps its own (the cache never mixes them)."""
    from minyi import trail_store

    row = [1, "a" * 40, "2026-01-02T10:00:00+08:00", "Clerk", "Advance", False, 7, "已办结", ["状态 a → b"]]
    other = [*row[:3], "Someone else", *row[4:]]
    shared: dict = {}
    one = trail_store.unpack({"c": [row], "e": [[5, "a" * 40, "2026-01-02", 1, False]]}, "https://x.org/l/", shared)
    two = trail_store.unpack({"c": [row], "e": []}, "https://x.org/l/", shared)
    three = trail_store.unpack({"c": [other], "e": []}, "https://x.org/l/", shared)
    assert one["commits"][0]["author"] == "Clerk" and three["commits"][0]["author"] == "Someone else"
    assert one["commits"][0]["pr_url"] == "https://x.org/l/pull/7" and one["commits"][0]["date"] == "2026-01-02"
    assert one["events"] == {
        5: {
            "commit": "a" * 40,
            "date": "2026-01-02",
            "lag_days": 1,
            "imported": False,
            "commit_url": "https://x.org/l/commit/" + "a" * 40,
        }
    }
    assert one["commits"] == two["commits"] and one["commits"][0] is not two["commits"][0]
    assert trail_store.pack(one) == {"c": [row], "e": [[5, "a" * 40, "2026-01-02", 1, False]]}


def _rows_by_log(repo, since):
    """`_commits` as it was: every history read by `git log` itself."""
    real = history._log
    history._log = lambda repo, since: gitstream.log_lines(repo, *history._log_args(since))
    try:
        return history._commits(repo, since)
    finally:
        history._log = real


@pytest.mark.parametrize("merge", [False, True])
def test_diff_tree_reads_what_git_log_shows(ledger, merge):
    """Without merges the commits come from `git diff-tree --stdin` (one tree comparison each),
    with merges from `git log`; either way the rows are exactly what `git log` gives, from the
    first commit or from a cached head on."""
    import git as gitpython

    first = git(ledger, "rev-parse", "HEAD").strip()
    git(ledger, "checkout", "-qb", "side")
    with open(ledger / "records/suggestions/2026/S-2026-0010.yaml", "a", encoding="utf-8") as fh:
        fh.write("# 边上改的\n")
    (ledger / "README.md").write_text("not a record\n", encoding="utf-8")
    git(ledger, "add", "-A")
    git(ledger, "commit", "-qm", "side")
    git(ledger, "commit", "-q", "--allow-empty", "-m", "empty")
    git(ledger, "checkout", "-q", "main")
    if merge:
        git(ledger, "rm", "-q", "records/suggestions/2026/S-2026-0011.yaml")
        git(ledger, "commit", "-qm", "main side")
        git(ledger, "merge", "-q", "--no-ff", "side", "-m", "Merge pull request #7 from x/side")
    else:
        git(ledger, "merge", "-q", "--ff-only", "side")
    repo = gitpython.Repo(ledger)
    for since in (None, first):
        rows = history._commits(repo, since)
        assert rows == _rows_by_log(repo, since)
    shown = {r["message"] for r in history._commits(repo, first)}
    assert shown == ({"side", "main side", "Merge pull request #7 from x/side"} if merge else {"side"})
