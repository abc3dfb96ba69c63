"""The ledger check-change checks against (minyi/lazy_ledger.py): an id at its expected path is
found without listing records/, and every other question gets the listing's answer."""

from __future__ import annotations

import os
import shutil

from minyi import lazy_ledger
from minyi.lazy_ledger import index_ledger


def listed(ledger) -> bool:
    return ledger.records["deputy"]._listing._by_kind is not None


def test_an_id_at_its_expected_path_is_found_without_listing(records):
    ledger = index_ledger(records)
    assert "D-0001" in ledger.records["deputy"]
    assert ledger.get("S-2026-0001").data["id"] == "S-2026-0001"
    assert ledger.records["ledger"].get("ledger") is not None
    assert not listed(ledger)


def test_missing_misfiled_and_linked_records_get_the_listings_answer(records, tmp_path):
    shutil.move(records / "records/suggestions/2026/S-2026-0002.yaml", records / "records/suggestions/2025/")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(records / "records/stations", elsewhere / "stations")
    os.symlink(elsewhere / "stations", records / "records/stations")  # the walk never follows a link
    ledger = index_ledger(records)
    assert ledger.get("S-2026-0002").path == "records/suggestions/2025/S-2026-0002.yaml"
    assert listed(ledger)
    assert "D-0999" not in ledger.records["deputy"] and ledger.get("D-0999") is None
    assert "ST-06" not in ledger.records["station"] and ledger.get("ST-06") is None
    assert "../deputies/D-0001" not in ledger.records["deputy"]


def test_listing_a_kind_lists_every_record(records):
    ledger = index_ledger(records)
    deputies = sorted(p.stem for p in (records / "records/deputies").glob("*.yaml"))
    assert sorted(ledger.records["deputy"]) == deputies and len(ledger.records["deputy"]) == len(deputies)
    assert sorted(r.id for r in ledger.records["deputy"].values()) == deputies
    assert lazy_ledger._expected("suggestion", "S-2026-0001") == "records/suggestions/2026/S-2026-0001.yaml"
    assert lazy_ledger._expected("suggestion", "S-0001") is None  # a yearly kind's id names its year
