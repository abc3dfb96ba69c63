"""Personal data through git history: commit subjects, author names and old record versions.

The site publishes each commit's subject and author name and what it changed. A pull
request that writes a phone number there is refused by the gate like a record holding
one; what is already on main is published redacted, with a warning, and never stops
every build from then on. Each test is a real git repository and the real CLI.
"""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, commit, edit, gate, git, minyi

SUG = "records/suggestions/2024/S-2024-0003.yaml"
PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"


def test_a_phone_in_a_commit_subject_is_refused_and_not_repeated(pr):
    edit(pr, SUG, "note: 登记入台账", "note: 登记入台账。")
    commit(pr, f"Typo; the resident asked to be called on {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}")
    proc = gate(pr)
    hits = [line for line in proc.stdout.splitlines() if "error[commit-personal-data]" in line]
    assert proc.returncode == 1 and hits and hits[0].startswith("records/:1:1:"), proc.stdout
    assert "手机号码" in hits[0] and PHONE[3:7] not in proc.stdout + proc.stderr


def test_an_id_number_in_the_author_name_is_refused(pr):
    edit(pr, SUG, "note: 登记入台账", "note: 登记入台账。")
    git(pr, "add", "-A")
    git(pr, "-c", f"user.name=Clerk {ID_NUMBER}", "commit", "-qm", "Typo")
    proc = gate(pr)
    hits = [line for line in proc.stdout.splitlines() if "error[commit-personal-data]" in line]
    assert proc.returncode == 1 and hits and "作者名" in hits[0] and "身份证号" in hits[0], proc.stdout


def _merged_history_with_personal_data(root: Path) -> str:
    """Main as an older tool left it: a subject with a phone, an author with an ID number, and a
    record version holding a phone that a later commit removed. Returns the published commit."""
    published = git(root, "rev-parse", "HEAD").strip()
    edit(root, SUG, "note: 登记入台账", f"note: 登记入台账，联系 {PHONE}")
    commit(root, f"Record the caller {PHONE}")
    edit(root, SUG, f"note: 登记入台账，联系 {PHONE}", "note: 登记入台账")
    git(root, "add", "-A")
    git(root, "-c", f"user.name=Clerk {ID_NUMBER}", "commit", "-qm", "Remove the number again")
    return published


def test_publishing_warns_about_merged_history_instead_of_refusing_forever(ledger):
    published = _merged_history_with_personal_data(ledger)
    proc = minyi("check-change", "--published", published, "HEAD", "--today", TODAY, cwd=ledger)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    warned = [line for line in proc.stdout.splitlines() if "warning[commit-personal-data]" in line]
    assert len(warned) == 2 and PHONE not in proc.stdout + proc.stderr


def test_merged_history_is_published_redacted_with_a_warning(ledger, tmp_path):
    _merged_history_with_personal_data(ledger)
    site = tmp_path / "site"
    proc = minyi("build", "--out", str(site), "--as-of", TODAY, cwd=ledger)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "网站上已隐去" in proc.stderr and PHONE not in proc.stderr
    page = (site / "suggestions/S-2024-0003/index.html").read_text(encoding="utf-8")
    assert "〔含个人信息，已隐去〕" in page
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert PHONE not in text and ID_NUMBER not in text, path


def test_subjects_with_ids_dates_and_amounts_are_not_personal_data(pr):
    """Held: what honest subjects say (record ids, dates, amounts, a squash merge's "(#12)") passes."""
    edit(pr, SUG, "note: 登记入台账", "note: 登记入台账。")
    commit(pr, "Correct S-2024-0003 and P-2024-06: answered 2024-03-14, budget 1,950,000 元, 8800 户 (#12)")
    proc = gate(pr)
    assert "commit-personal-data" not in proc.stdout, proc.stdout


def test_personal_data_merged_into_a_recorded_fact_can_be_corrected_away(ledger):
    """The correction's `previous` would repeat the number (and be refused by the privacy rule), so a
    phone in a timeline note merged before the rules could never be removed: validation failed forever."""
    edit(ledger, SUG, "note: 登记入台账", f"note: 登记入台账，来电 {PHONE}")
    commit(ledger, "An older tool let this through")
    git(ledger, "checkout", "-qb", "clerk/redact")
    minyi("correct", "S-2024-0003", "--event", "2", "--set", "note=登记入台账", "--note", "删除群众的电话号码",
          "--date", "2026-11-20", "--today", TODAY, cwd=ledger, check=0)  # fmt: skip
    commit(ledger, "Remove a resident's phone number")
    assert "previous: 〔含个人信息，已隐去〕" in (ledger / SUG).read_text(encoding="utf-8")
    proc = gate(ledger)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0


def test_the_review_summary_never_prints_personal_data(pr):
    """The gate refuses a correction whose reason holds a phone, but its summary (a public CI log) showed it."""
    edit(pr, SUG, "satisfaction: 满意", "satisfaction: 基本满意")
    text = (pr / SUG).read_text(encoding="utf-8") + (
        "corrections:\n  - date: '2026-11-20'\n    by: DEP-001\n"
        f"    reason: 回访群众，联系电话 {PHONE}\n    target: satisfaction\n    previous: 满意\n"
    )
    (pr / SUG).write_text(text, encoding="utf-8")
    commit(pr, "Correct")
    proc = gate(pr)
    assert proc.returncode == 1 and "| S-2024-0003 | satisfaction | 满意 |" in proc.stderr
    assert PHONE not in proc.stdout + proc.stderr and PHONE[3:7] not in proc.stderr
