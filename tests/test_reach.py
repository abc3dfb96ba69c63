"""What happens next (site_gen/reach.py) on the demo ledger, and the settings behind the QR pages.

The expectations are worked out here from the records themselves (the timeline, the
deadline, the milestones, the departments' and stations' contact fields), not copied
from the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO, TODAY, minyi

from minyi import lifecycle
from minyi.validate import validate
from site_gen import reach
from site_gen.model import build_model

AS_OF = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def model():
    ledger, problems = validate(REPO, AS_OF)
    assert not [p for p in problems if p.severity == "error"]
    return build_model(ledger, AS_OF)


def test_a_suggestion_being_handled_waits_on_its_lead_until_its_deadline(model):
    handled = [r for r in model.suggestions if r.model.status in ("assigned", "in_progress") and r.model.deadline]
    assert handled
    for row in handled:
        s = row.model
        step = reach.suggestion_step(model, row)
        answered = any(e.status == "answered" for e in s.timeline)
        assert step.open and step.holder == s.lead
        if answered:
            assert step.due is None and not step.overdue
        else:
            assert step.due == s.deadline and step.due_what == "answer"
            assert step.days_left == (s.deadline - AS_OF).days
            assert step.overdue == (s.deadline < AS_OF)
        lead = model.get(s.lead).model
        assert step.contacts[0].id == s.lead and step.contacts[0].phone == lead.phone


def test_the_contact_line_adds_the_station_where_the_suggestion_was_collected(model):
    rows = [r for r in model.suggestions if r.model.status in lifecycle.HANDLING and r.model.station]
    assert rows
    for row in rows:
        station = model.get(row.model.station).model
        ids = [c.id for c in reach.suggestion_step(model, row).contacts]
        if station.address or station.hours or station.phone:
            assert ids[-1] == station.id and len(ids) == len(set(ids))


def test_a_suggestion_just_received_is_held_by_its_deputy_reachable_at_the_station(model):
    rows = [r for r in model.suggestions if r.model.status == "received" and r.model.deputies]
    assert rows
    for row in rows:
        step = reach.suggestion_step(model, row)
        deputy = model.get(row.model.deputies[0]).model
        assert step.holder == deputy.id and step.due is None
        first = step.contacts[0]
        if first.kind == "deputy":
            assert first.station is None or first.station.id == deputy.station


def test_finished_records_say_when_they_ended_and_name_no_holder(model):
    for row in model.suggestions:
        if row.model.status in lifecycle.FINISHED:
            step = reach.suggestion_step(model, row)
            assert not step.open and step.holder is None and step.contacts == ()
            assert step.ended_on == row.model.timeline[-1].date


def test_a_project_underway_is_due_at_its_earliest_unfinished_milestone(model):
    underway = [p for p in model.projects if p.model.status in lifecycle.PROJECT_UNDERWAY]
    assert underway
    for row in underway:
        p = row.model
        step = reach.project_step(model, row)
        assert step.open and step.holder == p.lead_department
        pending = [ms for ms in p.milestones if ms.done is None]
        if not pending:
            assert step.due is None
            continue
        first = min(pending, key=lambda ms: ms.planned)
        assert (step.due, step.due_what) == (first.planned, first.title)
        assert step.overdue == (first.planned < AS_OF)


def test_candidate_projects_wait_on_the_office(model):
    candidates = [p for p in model.projects if p.model.status in ("proposed", "shortlisted")]
    assert candidates
    for row in candidates:
        step = reach.project_step(model, row)
        assert step.open and step.holder == model.settings.office and step.due is None


def test_a_deputy_is_reached_through_office_phone_and_station(model):
    for entry in model.of("deputy"):
        d = entry.model
        c = reach.contact(model, d.id)
        assert c.phone == d.office_phone
        assert (c.station.id if c.station else None) == (d.station if model.get(d.station) else None)


def test_demo_settings_configure_intake_channels_and_station_codes(model):
    s = model.settings
    assert s.intake.hotline and s.intake.mini_program_url.startswith("https://")
    assert s.intake.issue_form_url.startswith("https://")
    assert s.station_url_pattern.format(id="ST-03").endswith("/stations/ST-03/")


def _settings(root, old: str, new: str) -> None:
    path = root / "records/ledger.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    "pattern",
    [
        "http://minyi.example.cn/stations/{id}/",  # not https
        "https://minyi.example.cn/stations/",  # no {id}
        "https://minyi.example.cn/stations/{id}/{id}/",  # two
        "https://minyi.example.cn/stations/{name}/",  # another field
    ],
)
def test_station_code_pattern_is_checked_like_the_deputies(records, pattern):
    _settings(
        records, "station_qr_url_pattern: https://minyi.example.cn/stations/{id}/", f"station_qr_url_pattern: {pattern}"
    )
    line = (
        (records / "records/ledger.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
        .index(f"station_qr_url_pattern: {pattern}")
    )
    _, problems = validate(records, AS_OF)
    assert [(p.rule, p.line) for p in problems] == [("schema-pattern", line + 1)], problems


def test_without_a_station_pattern_codes_lead_to_the_station_pages_of_the_site(records):
    _settings(records, "station_qr_url_pattern: https://minyi.example.cn/stations/{id}/\n", "")
    ledger, problems = validate(records, AS_OF)
    assert problems == []
    assert ledger.settings.station_qr_url_pattern is None
    assert ledger.settings.station_url_pattern == ledger.settings.site_url.rstrip("/") + "/stations/{id}/"


def test_a_landline_hotline_is_published_not_refused_as_personal_data(ledger, tmp_path):
    """The settings' intake is public contact: the validator and the build's output scan both let it through."""
    _settings(ledger, "hotline: '12345'", "hotline: 0571-88001234")
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    page = (out / "stations/ST-03/index.html").read_text(encoding="utf-8")
    assert 'href="tel:0571-88001234"' in page
