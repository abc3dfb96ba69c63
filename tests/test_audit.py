"""Git as the audit trail: the review gate and per-record history, on real repositories."""

from __future__ import annotations

from conftest import TODAY, close_answered, commit, edit, gate, git, line_of, minyi

SUG = "records/suggestions/2024/S-2024-0003.yaml"
OPEN = "records/suggestions/2026/S-2026-0010.yaml"  # answered in the demo ledger
REG = "records/suggestions/2026/S-2026-0023.yaml"  # registered
PRJ = "records/projects/2024/P-2024-05.yaml"


def test_legitimate_advance_passes(pr):
    close_answered(pr, "--satisfaction", "满意", outcome="in_hand", note="回访群众，办结", date="2026-11-21")
    commit(pr)
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "| S-2026-0010 | answered | closed |" in proc.stderr


def test_summary_goes_to_github_step_summary(pr, tmp_path):
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
    commit(pr)
    target = tmp_path / "summary.md"
    proc = gate(pr, env={"GITHUB_STEP_SUMMARY": str(target), "GITHUB_ACTIONS": "true"})
    assert proc.returncode == 0
    text = target.read_text(encoding="utf-8")
    assert "民意台账变更摘要" in text and "| P-2024-05 | 70% | 85% |" in text


def _rule_at(proc, rel, rule, line):
    want = f"{rel}:{line}:"
    hits = [l for l in proc.stdout.splitlines() if l.startswith(want) and f"error[{rule}]" in l]
    assert proc.returncode == 1 and hits, proc.stdout


def test_deleted_record_is_rejected(pr):
    git(pr, "rm", "-q", SUG)
    commit(pr)
    _rule_at(gate(pr), SUG, "record-deleted", 1)


def test_renamed_record_is_rejected(pr):
    git(pr, "mv", SUG, "records/suggestions/2024/S-2024-0099.yaml")
    edit(pr, "records/suggestions/2024/S-2024-0099.yaml", "id: S-2024-0003", "id: S-2024-0099")
    commit(pr)
    proc = gate(pr)
    assert "error[record-renamed]" in proc.stdout and proc.returncode == 1


def test_edited_event_is_rejected(pr):
    path = edit(pr, SUG, "note: 登记入台账", "note: 登记入台账（已核实）")
    commit(pr)
    _rule_at(gate(pr), SUG, "timeline-rewritten", line_of(path.read_text(encoding="utf-8"), "- date: '2024-02-28'"))


def test_reordered_events_are_rejected(pr):
    path = pr / SUG
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("timeline:\n")
    items = ["  - " + i for i in tail.split("  - ")[1:]]
    items[1], items[2] = items[2], items[1]
    path.write_text(head + "timeline:\n" + "".join(items), encoding="utf-8")
    commit(pr)
    proc = gate(pr)
    assert "error[timeline-rewritten]" in proc.stdout


def test_removed_event_is_rejected(pr):
    path = pr / OPEN
    text = path.read_text(encoding="utf-8")
    last = text.rindex("  - date:")
    path.write_text(text[:last].replace("status: answered", "status: in_progress"), encoding="utf-8")
    commit(pr)
    proc = gate(pr)
    assert "error[timeline-rewritten]" in proc.stdout and "删除了已有的第 5 条事件" in proc.stdout


def test_changed_id_is_rejected(pr):
    path = edit(pr, SUG, "id: S-2024-0003", "id: S-2024-0004")
    commit(pr)
    _rule_at(gate(pr), SUG, "id-changed", line_of(path.read_text(encoding="utf-8"), "id: S-2024-0004"))


def test_status_skip_is_rejected(pr):
    path = edit(pr, REG, "status: registered\n", "status: closed\n")
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - date: '2026-11-21'\n    status: closed\n    by: DEP-001\n    note: 直接办结\n",
        encoding="utf-8",
    )
    commit(pr)
    proc = gate(pr)
    _rule_at(proc, REG, "status-skip", line_of(path.read_text(encoding="utf-8"), "status: closed"))
    assert "依次追加事件：assigned → answered → closed" in proc.stdout


def test_vote_change_needs_a_correction(pr):
    path = edit(pr, PRJ, "for: 209", "for: 211")
    commit(pr)
    _rule_at(gate(pr), PRJ, "vote-changed", line_of(path.read_text(encoding="utf-8"), "for: 211"))
    edit(pr, PRJ, "for: 211", "for: 209")
    minyi(
        "correct",
        "P-2024-05",
        "--set",
        "vote.for=211",
        "--note",
        "经大会秘书处复核计票，更正赞成票数",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    commit(pr, "Correct the tally with a reason")
    assert gate(pr).returncode == 0


def test_new_record_colliding_with_base_is_rejected(pr):
    """A clerk took "the next number" by hand on a branch while main got the same number."""
    src = (pr / SUG).read_text(encoding="utf-8")
    rel = "records/suggestions/2024/S-2024-0100.yaml"
    git(pr, "checkout", "-q", "main")
    (pr / rel).write_text(src.replace("S-2024-0003", "S-2024-0100"), encoding="utf-8")
    commit(pr, "Main gets S-2024-0100")
    git(pr, "checkout", "-q", "clerk/change")
    (pr / rel).write_text(
        src.replace("S-2024-0003", "S-2024-0100").replace("煤电二小区停车费纠纷", "煤电三小区停车费纠纷"),
        encoding="utf-8",
    )
    commit(pr, "Branch adds S-2024-0100 too")
    _rule_at(gate(pr), rel, "id-collision", line_of(src, "id: S-2024-0003"))


def test_history_lists_each_commit_in_order(ledger):
    for i, (status, by, extra) in enumerate(
        (
            ("closed", "DEP-001", ["--outcome", "in_hand"]),
            ("reopened", "DEP-001", ["--satisfaction", "不满意"]),
            ("in_progress", "DEP-008", []),
        )
    ):
        minyi(
            "advance",
            "S-2026-0010",
            status,
            "--by",
            by,
            "--note",
            f"第{i + 1}步",
            "--date",
            f"2026-11-{18 + i}",
            "--today",
            TODAY,
            *extra,
            cwd=ledger,
            check=0,
        )
        commit(ledger, f"Advance S-2026-0010 to {status}")
    out = minyi("history", "S-2026-0010", cwd=ledger, check=0).stdout
    lines = [l for l in out.splitlines() if l.startswith("  2")]
    assert len(lines) == 4  # import + three advances
    assert [l.split()[-1] for l in lines[1:]] == ["closed", "reopened", "in_progress"]
    assert "状态 answered → closed" in out and "新增事件第 6 条" in out


def test_history_picks_up_pull_request_numbers(ledger):
    git(ledger, "checkout", "-qb", "clerk/pr")
    close_answered(ledger)
    commit(ledger, "Close S-2026-0010")
    git(ledger, "checkout", "-q", "main")
    git(ledger, "merge", "-q", "--no-ff", "clerk/pr", "-m", "Merge pull request #42 from qingxi/clerk-pr")
    from minyi.history import derive

    trail = derive(ledger, "https://github.com/example/ledger")["S-2026-0010"]
    last = trail["commits"][-1]
    assert last["pr"] == 42 and last["pr_url"] == "https://github.com/example/ledger/pull/42"
    assert trail["events"][5]["commit"] == last["commit"]


def test_history_cache_takes_only_new_commits(ledger):
    from minyi import history
    from minyi.cache import Cache

    store = Cache(ledger.parent / "cache.sqlite3")
    first = history.commits(ledger, store)
    cache = store.get(history.COMMITS_STATE, "state")
    assert cache["head"] == git(ledger, "rev-parse", "HEAD").strip()
    close_answered(ledger)
    commit(ledger, "One more")
    calls = []
    real = history._commits
    history._commits = lambda repo, since: calls.append(since) or real(repo, since)
    try:
        second = history.commits(ledger, store)
    finally:
        history._commits = real
    assert calls == [cache["head"]] and len(second) == len(first) + 1


def test_site_shows_audit_trail(ledger, tmp_path):
    close_answered(ledger)
    commit(ledger, "Close S-2026-0010")
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    page = (out / "suggestions/S-2026-0010/index.html").read_text(encoding="utf-8")
    assert "修改记录（2 次提交）" in page and "Close S-2026-0010" in page
    assert "/commit/" in page and "记录于" in page
    changes = (out / "changes/index.html").read_text(encoding="utf-8")
    assert "Close S-2026-0010" in changes
