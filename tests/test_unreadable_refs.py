"""A record that cannot be read is one problem, not two: the meeting that names it must not also
be told the record does not exist (the clerk would go looking for a file that is right there)."""

from __future__ import annotations

from conftest import problems_json


def test_a_reference_to_an_unreadable_record_is_not_also_missing(ledger):
    path = ledger / "records/suggestions/2026/S-2026-0023.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "links: [unclosed\n", encoding="utf-8")  # a bracket never closed: unreadable
    code, problems = problems_json(ledger)
    assert code == 1
    assert [(p["path"].rsplit("/", 1)[-1], p["rule"]) for p in problems] == [("S-2026-0023.yaml", "yaml-syntax")]


def test_a_reference_to_a_record_that_is_really_gone_is_still_missing(ledger):
    (ledger / "records/suggestions/2026/S-2026-0023.yaml").unlink()
    code, problems = problems_json(ledger)
    missing = [p for p in problems if p["rule"] == "ref-missing"]
    assert code == 1 and missing and all("S-2026-0023" in p["message"] for p in missing)
    assert any(p["path"].endswith("M-2026-02.yaml") for p in missing)
