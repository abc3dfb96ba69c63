"""The build's own scan reads every file a reader can download, open data included.

The validator reads every record value; the build's scan is the second net behind it,
for whatever a page or an export puts together that no single value held. Open data
files (CSV, JSON) were produced as streams and skipped by that scan. Here an export that
carries a phone number the pages do not show must stop the build, before MkDocs runs
and before the old site is touched.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY

from site_gen import build as build_mod
from site_gen.pages import SourceFile

PHONE = "139 1234 5678"


@pytest.mark.parametrize("name, chunks", [("data/extra.csv", ["id,note\n", f"S-1,回访 {PHONE}\n"]),
                                           ("data/extra.json", ['[{"note": "', PHONE, '"}]'])])  # fmt: skip
def test_open_data_is_scanned_even_when_streamed_and_unmarked(ledger, tmp_path, monkeypatch, name, chunks):
    real = build_mod.pages.source_files

    def with_export(model, kept=None):
        yield from real(model, kept)
        yield SourceFile(name, iter(chunks), scan=False)

    monkeypatch.setattr(build_mod.pages, "source_files", with_export)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old site", encoding="utf-8")
    with pytest.raises(build_mod.BuildFailed) as failed:
        build_mod.build(ledger, out, dt.date.fromisoformat(TODAY))
    assert f"{name}: 手机号码" in str(failed.value) and "1234" not in str(failed.value)
    assert (out / "index.html").read_text(encoding="utf-8") == "old site"
