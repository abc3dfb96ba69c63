"""The kinds registry agrees with the schemas, the templates and the demo ledger.

A kind is declared once (minyi/kinds/<kind>.py) next to its schema and templates;
these checks catch the drift a second declaration would have hidden: a schema field
the model forgot, a reference to a field that does not exist, an option the
scaffold template never uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from pathlib import Path

import pytest

from minyi import kinds, lifecycle, schema
from minyi.model import field_name
from minyi.validate import validate

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "minyi" / "templates" / "scaffold"


def _model_keys(cls) -> set[str]:
    return {next((k for k in ("for",) if field_name(k) == f.name), f.name) for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("kind", kinds.ALL_KINDS, ids=lambda k: k.name)
def test_model_fields_are_exactly_the_schema_properties(kind):
    props = set(schema.bundled(kind.name)["properties"])
    assert _model_keys(kind.model) == props


def _nested(kind, dotted: str):
    """The subschema a dotted reference path points to, following arrays and $refs."""
    node = schema.bundled(kind.name)
    for part in dotted.split("."):
        node = schema.resolve(kind.name, node)
        node = schema.resolve(kind.name, node["items"]) if part == "*" else node["properties"][part]
    return schema.resolve(kind.name, node)


@pytest.mark.parametrize("kind", kinds.ALL_KINDS, ids=lambda k: k.name)
def test_reference_paths_exist_in_the_schema(kind):
    for path, target in kind.refs:
        node = _nested(kind, path)
        assert node.get("type") == "string" or "pattern" in node, (kind.name, path)
        assert target is None or target in kinds.names()


def test_folders_and_prefixes_are_unique():
    assert len({k.folder for k in kinds.RECORD_KINDS}) == len(kinds.RECORD_KINDS)
    assert len({k.prefix for k in kinds.RECORD_KINDS}) == len(kinds.RECORD_KINDS)


@pytest.mark.parametrize("kind", [k for k in kinds.RECORD_KINDS if k.new_options], ids=lambda k: k.name)
def test_every_new_option_is_used_by_the_scaffold_template(kind):
    text = (TEMPLATES / f"{kind.name}.yaml").read_text(encoding="utf-8")
    for opt in kind.new_options:
        assert opt.name in text, f"{kind.name}: option {opt.flag} is never written into the new record"


@pytest.mark.parametrize("kind", kinds.RECORD_KINDS, ids=lambda k: k.name)
def test_recorded_facts_and_columns_name_real_fields(kind):
    props = set(schema.bundled(kind.name)["properties"])
    assert set(kind.recorded) <= props
    for status, fields in kind.set_by_step.items():
        assert status in lifecycle.LIFECYCLES[kind.name][0] and set(fields) <= set(kind.recorded), (status, fields)
    names = [c.name for c in kind.columns]
    assert len(names) == len(set(names)) and names[0] == "id"


def test_demo_ledger_builds_typed_models_with_dates_and_tuples():
    ledger, problems = validate(REPO, dt.date(2026, 11, 22))
    assert problems == []
    for kind in kinds.RECORD_KINDS:
        records = ledger.of(kind.name)
        assert records, kind.name
        for rec in records:
            model = rec.model
            assert isinstance(model, kind.model) and model.id == rec.id
            for f in dataclasses.fields(model):
                value = getattr(model, f.name)
                hint = typing.get_type_hints(kind.model)[f.name]
                if hint is dt.date:
                    assert isinstance(value, dt.date)
                assert not isinstance(value, (list, dict)), (rec.id, f.name)  # lists become tuples, maps dataclasses
    assert ledger.settings.min_cases_for_ranking == 3  # the ledger's value wins over the schema default
    for kind in kinds.RECORD_KINDS:
        for rec in ledger.of(kind.name):
            for column in kind.columns:
                column.get(rec.model)  # every open-data column reads every demo record
