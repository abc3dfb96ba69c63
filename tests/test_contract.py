"""The public contract stays consistent: schemas, lifecycle, docs, demo ledger, repo workflow files."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import yaml
from conftest import REPO, TODAY

from minyi import lifecycle, reference, schema
from minyi.catalog import RULES
from minyi.validate import validate


def test_status_enums_come_from_lifecycle():
    for kind in lifecycle.LIFECYCLES:
        s = schema.raw_schema(kind)
        statuses = list(lifecycle.LIFECYCLES[kind][0])
        assert s["properties"]["status"]["enum"] == statuses
        assert s["properties"]["timeline"]["items"]["properties"]["status"]["enum"] == statuses
        assert len(s["properties"]["status"]["enumDescriptions"]) == len(statuses)


def test_every_property_has_a_chinese_title_and_description():
    def walk(kind, node, path):
        node = schema.resolve(kind, node)
        for name, prop in node.get("properties", {}).items():
            res = schema.resolve(kind, prop)
            assert res.get("title") and res.get("description"), f"{kind}: {path}{name}"
            if "enum" in res:
                assert len(res.get("enumDescriptions", [])) == len(res["enum"]), f"{kind}: {path}{name} enum"
            walk(kind, res, f"{path}{name}.")
            items = res.get("items")
            if isinstance(items, dict):
                walk(kind, items, f"{path}{name}[].")

    for kind in schema.KINDS:
        walk(kind, schema.bundled(kind), "")
        assert schema.raw_schema(kind)["$schema"].endswith("2020-12/schema")
        assert schema.raw_schema(kind).get("additionalProperties") is False


def test_generated_docs_are_up_to_date():
    for name, make in reference.PAGES.items():
        assert (REPO / "docs" / name).read_text(encoding="utf-8") == make(), f"run `minyi docs` to refresh docs/{name}"


def test_error_catalogue_lists_every_rule():
    text = (REPO / "docs/errors.md").read_text(encoding="utf-8")
    for rule_id in RULES:
        assert f"### `{rule_id}`" in text


def test_every_record_file_starts_with_schema_line():
    for path in (REPO / "records").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: schema line points to {target}"


def test_demo_ledger_is_valid_and_realistic():
    ledger, problems = validate(REPO, dt.date.fromisoformat(TODAY))
    assert problems == []
    sugg = [r.data for r in ledger.of("suggestion")]
    assert len(sugg) >= 60
    assert set(Counter(s["status"] for s in sugg)) == set(lifecycle.SUGGESTION_STATUSES)
    assert {s["category"] for s in sugg} == set(ledger.settings.categories)
    assert {s["channel"] for s in sugg} == set(ledger.settings.channels)
    assert {s.get("outcome") for s in sugg} >= {"solved", "in_hand", "explained"}
    projects = [r.data for r in ledger.of("project")]
    district = [p for p in projects if p.get("vote", {}).get("session") == "V-2024-district"]
    assert len(district) == 24 and sum(p["vote"]["selected"] for p in district) == 19
    assert {p["theme"] for p in district} == set(ledger.settings.project_themes)
    session = ledger.get("V-2024-district").data
    assert session["present"] == 246 and session["selected"] == 19
    assert sum(p["budget"] for p in district if p["vote"]["selected"]) == 19500  # about 195 million yuan
    street = [p for p in projects if p.get("vote", {}).get("session") == "V-2021-liyuan" and p["vote"]["selected"]]
    assert len(street) == 4
    assert {p["status"] for p in projects} == set(lifecycle.PROJECT_STATUSES)
    deputies = [r.data for r in ledger.of("deputy")]
    assert len(deputies) >= 30 and {d["role"] for d in deputies} == {"人大代表", "街道议政代表", "民情观察员"}
    assert {lvl for d in deputies for lvl in d.get("levels", [])} == {"全国", "省", "市", "区县", "乡镇"}
    assert len(ledger.of("department")) >= 10 and len(ledger.of("station")) >= 5


def test_workflow_and_hook_files():
    pr = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    steps = " ".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in pr["jobs"]["check"]["steps"])
    assert "minyi validate" in steps and "minyi check-change" in steps and "actions/upload-artifact@" in steps
    pub = (REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    assert "actions/deploy-pages@" in pub and "actions/upload-pages-artifact@" in pub and "minyi assign-ids" in pub
    for f in (".github/pull_request_template.md", ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/suggestion.yml"):
        assert (REPO / f).is_file()
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "minyi-validate" and hooks[0]["entry"] == "minyi validate"
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/suggestion.yml").read_text(encoding="utf-8"))
    assert {b.get("id") for b in form["body"]} >= {"title", "summary", "category", "street"}
