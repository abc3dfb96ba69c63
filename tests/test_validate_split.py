"""Rules that need no other record run in the worker that parsed the record (`rules.OWN_*`), the
rest where the whole ledger is (`rules.CROSS_*`): the problems must be exactly those of running
every rule in one place, in parallel or not, cold or from the cache, and a rule filed as OWN
that looks another record up must fail loudly rather than judge against an empty ledger.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minyi import validate as validation
from minyi.cache import Cache
from minyi.ledger import Record
from minyi.load import parse
from minyi.rules import OWN_ANY, OWN_VALID
from minyi.rules.context import Context, SettingsOnly

TODAY = dt.date(2026, 11, 22)


def _break_records(root):
    """Problems for OWN rules (timeline, places, identity, channels) and CROSS ones (references)."""
    files = sorted((root / "records" / "suggestions").rglob("*.yaml"))
    edits = [
        ("status: closed", "status: answered"),  # status-mismatch (OWN)
        ("deputies:\n  - D-", "deputies:\n  - D-9999\n  - D-"),  # ref-missing (CROSS)
        ("street: ", "street: 不存在"),  # street-unknown (OWN, settings)
        ("channel: ", "channel: 飞鸽"),  # schema-enum from the settings (CROSS: references)
    ]
    changed = 0
    for i, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        old, new = edits[i % len(edits)]
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            changed += 1
    stray = files[0].with_name("S-2099-0001.yaml")  # id-mismatch (OWN); a copy is an id-duplicate
    stray.write_text(files[0].read_text(encoding="utf-8").replace("id: S-", "id: S-9", 1), encoding="utf-8")
    files[1].with_name("S-2099-0002.yaml").write_text(files[1].read_text(encoding="utf-8"), encoding="utf-8")
    assert changed > 8


def _every_rule_in_one_place(root):
    """The reference: no OWN rule runs early, every rule runs over the finished ledger."""
    real = validation._own_context
    try:
        validation._own_context = lambda root, rows, todo, today: (None, todo, [])
        return validation.validate(root, TODAY)[1]
    finally:
        validation._own_context = real


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "workers"])
def test_split_rules_find_what_running_every_rule_in_one_place_finds(records, tmp_path, monkeypatch, parallel):
    _break_records(records)
    want = _every_rule_in_one_place(records)
    rules_found = {p.rule for p in want}
    assert {"status-mismatch", "ref-missing", "street-unknown", "id-mismatch", "id-duplicate"} <= rules_found, (
        rules_found
    )
    if parallel:
        monkeypatch.setattr(validation, "PARALLEL_FROM", 0)
    assert validation.validate(records, TODAY)[1] == want
    cache = Cache(tmp_path / "cache.sqlite3")
    assert validation.validate(records, TODAY, cache=cache)[1] == want  # cold: rows into the cache
    assert validation.validate(records, TODAY, cache=cache)[1] == want  # every row from the cache


def test_settings_changed_under_a_warm_cache(records, tmp_path):
    cache = Cache(tmp_path / "cache.sqlite3")
    validation.validate(records, TODAY, cache=cache)
    settings = records / "records" / "ledger.yaml"
    text = settings.read_text(encoding="utf-8")
    first_street = next(line for line in text.splitlines() if line.startswith("  ") and line.rstrip().endswith("]"))
    settings.write_text(text.replace(first_street + "\n", "", 1), encoding="utf-8")
    suggestion = next((records / "records" / "suggestions").rglob("*.yaml"))
    suggestion.write_text(suggestion.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # parsed again
    assert validation.validate(records, TODAY, cache=cache)[1] == _every_rule_in_one_place(records)


def test_an_own_rule_cannot_look_up_another_record(records):
    path = next((records / "records" / "suggestions").rglob("*.yaml"))
    loaded, _ = parse(path.read_text(encoding="utf-8"), path.relative_to(records).as_posix())
    rec = Record("suggestion", loaded, valid=True)
    ctx = Context(SettingsOnly(None), TODAY)
    for rule in OWN_ANY + OWN_VALID:
        list(rule(rec, ctx))  # settings absent: every OWN rule copes
    with pytest.raises(AttributeError):
        ctx.ledger.get("D-0001")
