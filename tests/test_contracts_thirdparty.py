"""Every record validates under two JSON Schema implementations that are not ours, as a reader
would run them: ajv (JavaScript, 2020-12, strict mode) on the published JSON with the published
script, and check-jsonschema (Python) on the repository's records and on the published YAML,
resolving the cross-file `$ref`s through the published `$id`s from a live web server. The
published YAML also passes our own validator, so the copy on the site is the validated record.

The ajv tests skip, saying why, only when Node.js or the npm packages are missing (`npm install`
in the checkout installs them; scripts/setup.sh does it for CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, init_repo, minyi
from published_site import published  # noqa: F401  (the fixture)

from minyi import kinds

NODE_MODULES = REPO / "node_modules"
AJV_MISSING = (
    "Node.js is not installed"
    if shutil.which("node") is None
    else "npm packages ajv and ajv-formats are missing: run `npm install` in the checkout"
    if not all((NODE_MODULES / p / "package.json").is_file() for p in ("ajv", "ajv-formats"))
    else ""
)
needs_ajv = pytest.mark.skipif(bool(AJV_MISSING), reason=AJV_MISSING or "ajv available")


def ajv(data_dir, *pairs):
    """Run the published ajv script as the open-data page tells a reader to (node, in the data folder)."""
    return subprocess.run(
        ["node", "schemas/ajv-check.cjs", *pairs],
        cwd=data_dir,
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
    )


def check_jsonschema(*args, cwd):
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


@needs_ajv
def test_ajv_strict_accepts_every_published_record(published):  # noqa: F811
    pairs = [x for k in kinds.RECORD_KINDS for x in (f"schemas/{k.schema_file}", f"{k.folder}.json")]
    proc = ajv(published.data, *pairs)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for kind in kinds.RECORD_KINDS:
        count = len(json.loads((published.data / f"{kind.folder}.json").read_text(encoding="utf-8")))
        assert f"{kind.folder}.json: {count} records checked against {kind.schema_file}" in proc.stdout


@needs_ajv
def test_ajv_refuses_a_broken_record(published, tmp_path):  # noqa: F811
    records = json.loads((published.data / "suggestions.json").read_text(encoding="utf-8"))
    records[0]["status"] = "finished"
    records[1]["received"] = "2024-02-30"  # a date that does not exist: formats are checked
    records[2]["deputies"] = ["王惠敏"]  # a name where the common schema's deputy id pattern applies
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    proc = ajv(published.data, "schemas/suggestion.schema.json", str(broken))
    assert proc.returncode == 1 and "3 invalid records" in proc.stdout, proc.stdout + proc.stderr
    assert f"{records[0]['id']}/status" in proc.stdout and f"{records[2]['id']}/deputies/0" in proc.stdout


@pytest.mark.parametrize("kind", kinds.RECORD_KINDS, ids=lambda k: k.name)
def test_check_jsonschema_accepts_the_repository_records(kind):
    files = sorted(str(p) for p in (REPO / "records" / kind.folder).rglob("*.yaml"))
    proc = check_jsonschema("--schemafile", str(REPO / "schemas" / kind.schema_file), *files, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_resolves_published_refs_through_the_site(published, tmp_path):  # noqa: F811
    for kind in kinds.RECORD_KINDS:
        files = sorted(str(p) for p in (published.data / "records" / kind.folder).rglob("*.yaml"))
        schema = published.data / "schemas" / kind.schema_file
        # Run away from the files: common.schema.json can only come from the server, by $id.
        proc = check_jsonschema("--schemafile", str(schema), *files, cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    wrong = tmp_path / "S-2024-9999.yaml"
    text = (published.data / "records/suggestions/2024/S-2024-0003.yaml").read_text(encoding="utf-8")
    wrong.write_text(text.replace("- D-0028", "- 华志强"), encoding="utf-8")
    proc = check_jsonschema(
        "--schemafile", str(published.data / "schemas/suggestion.schema.json"), str(wrong), cwd=tmp_path
    )
    assert proc.returncode == 1 and "deputies" in proc.stdout, proc.stdout + proc.stderr


def test_published_yaml_passes_our_validator(published, tmp_path):  # noqa: F811
    root = tmp_path / "ledger"
    shutil.copytree(published.data / "records", root / "records")
    shutil.copy2(published.ledger / "records/ledger.yaml", root / "records/ledger.yaml")
    init_repo(root)
    proc = minyi("validate", "--today", "2026-11-22", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
