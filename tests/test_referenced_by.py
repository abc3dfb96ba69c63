"""引用本条的记录: every record page lists the records that name it, from the kinds registry's
`refs` (site_gen/backrefs.py), with no page code per kind."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO, TODAY

from minyi import kinds
from minyi.validate import validate
from site_gen import backrefs
from site_gen.model import build_model
from site_gen.pages import record_pages


@pytest.fixture(scope="module")
def model():
    today = dt.date.fromisoformat(TODAY)
    ledger, problems = validate(REPO, today)
    assert problems == []
    return build_model(ledger, today)


def _groups(m, record_id, skip=()):
    return {g.key: g.sources for g in m.backrefs.of(record_id, skip)}


def test_index_holds_who_names_each_record(model):
    assert _groups(model, "S-2026-0019")["meeting:suggestions.*"] == ("M-2026-02", "M-2026-01")
    deputy = _groups(model, "D-0016")
    assert deputy["motion:lead_deputy"] == ("MO-2024-01",)
    assert deputy["motion:cosigners.*"] == ("MO-2024-03",)
    assert deputy["meeting:present.*"] == ("M-2024-02",)
    assert _groups(model, "P-2021-03")["meeting:projects.*"] == (
        "M-2026-01",
        "M-2021-04",
        "M-2021-03",
        "M-2021-02",
        "M-2021-01",
    )
    assert "motion:cosigners.*" not in _groups(model, "D-0016", skip=("motion:cosigners.*",))


def test_actor_references_are_left_out(model):
    """Who acted in a timeline or corrected a record names the office on nearly every record: not listed."""
    keys = {g.key for g in model.backrefs.of("DEP-001")}
    assert not [k for k in keys if k.endswith("timeline.*.by") or k.endswith("corrections.*.by")]


def test_every_targeted_reference_of_the_registry_is_indexed(model):
    declared = {f"{k.name}:{path}" for k in kinds.RECORD_KINDS for path, target in k.refs if target}
    assert set(model.backrefs.meta) == declared
    labels = {key: meta[3] for key, meta in model.backrefs.meta.items()}
    assert labels["meeting:present.*"] == "会议：出席代表"
    assert labels["motion:cosigners.*"] == "议案：联名代表"
    assert labels["suggestion:departments.assist.*"] == "意见建议：协办部门"


def _page(m, kind, record_id):
    spec = kinds.get(kind)
    return next(p.body for p in record_pages(m, spec) if p.path == f"{spec.section}/{record_id}/index.html")


def test_pages_show_the_block_without_what_they_already_list(model):
    suggestion = _page(model, "suggestion", "S-2026-0019")
    assert '<h2 id="cited-h">引用本条的记录</h2>' in suggestion
    assert "会议：提出或督办的意见建议（2）" in suggestion and "M-2026-01 梨园街道议政代表会季度会议" in suggestion
    deputy = _page(model, "deputy", "D-0016")
    assert "议案：领衔代表（1）" in deputy and "MO-2024-01 关于加快推进老旧小区改造和加装电梯的议案" in deputy
    assert '<span class="mi-badge mi-s-closed">已办结</span>' in deputy
    assert "会议：出席代表（1）" in deputy
    assert "意见建议：提出（转交）的代表" not in deputy, "the profile lists the suggestions carried already"
    project = _page(model, "project", "P-2021-03")
    assert "会议：票决或监督的民生实事（5）" in project


def test_long_groups_are_cut_and_counted(model, monkeypatch):
    monkeypatch.setattr(backrefs, "SHOWN", 2)
    deputy = _page(model, "deputy", "D-0021")
    assert "会议：出席代表（7）" in deputy
    assert '共 7 条，这里列出编号最新的 2 条；全部见<a href="../../meetings/">会议</a>栏目和开放数据。' in deputy
    assert "M-2026-02" in deputy and "M-2021-01 " not in deputy
