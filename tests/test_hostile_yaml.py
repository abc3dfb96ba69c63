"""Hostile YAML: whatever an attacker or a fuzzer writes into a record becomes a problem with file, line and rule.

Each case is a real file in a plain copy of the demo records, validated in-process as
`minyi validate` does; the cases that once killed the process (50,000 nested brackets
segfaulted libyaml) run through the real CLI in a subprocess. Every case also breaks a
second, unrelated record: the validator must keep going and report that one too.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import jsonschema
import jsonschema_rs
import pytest
from conftest import REPO, TODAY, line_of, minyi

from minyi import schema
from minyi.catalog import RULES
from minyi.load import parse
from minyi.validate import validate

SUG = "records/suggestions/2024/S-2024-0003.yaml"
LINKED = "records/suggestions/2024/S-2024-0017.yaml"
PRJ = "records/projects/2024/P-2024-05.yaml"
DEPUTY = "records/deputies/D-0001.yaml"
SETTINGS = "records/ledger.yaml"
CANARY = "records/stations/ST-01.yaml"  # broken in every case: proof that validation went on
URL = "https://www.qingxi.example.cn/rd/jybl/2024/037.html"


def sub(old, new):
    def edit(text):
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def settings_list(name, new):
    """Replace the list under `name:` in the settings file by `new`."""

    def edit(text):
        start = text.index(f"{name}:\n")
        end = text.index("\n", text.index("\n", start) + 1)
        while text[end + 1 :].startswith("  - "):
            end = text.index("\n", end + 1)
        return text[:start] + new + text[end:]

    return edit


# (case, file, edit, rule, text on the expected line)
CASES = [
    # nesting: the builder's check (200 levels) and the event scan before composing (5,000)
    (
        "200 nested brackets",
        DEPUTY,
        sub("sector: 农业", "sector: " + "[" * 200 + "]" * 200),
        "yaml-too-deep",
        "sector: [[[",
    ),
    (
        "5,000 nested brackets",
        DEPUTY,
        sub("sector: 农业", "sector: " + "[" * 5000 + "]" * 5000),
        "yaml-too-deep",
        "sector: [[[",
    ),
    (
        "5,000 nested mappings",
        DEPUTY,
        sub("sector: 农业", "sector: " + "{a: " * 5000 + "1" + "}" * 5000),
        "yaml-too-deep",
        "sector: {a:",
    ),
    (
        "5,000 nested block lists",
        DEPUTY,
        sub("sector: 农业", "sector:\n" + "- " * 5000 + "x"),
        "yaml-too-deep",
        "- - - -",
    ),
    ("unclosed brackets", DEPUTY, sub("sector: 农业", "sector: " + "[" * 5000), "yaml-too-deep", "sector: [[["),
    (
        "nesting through aliases",
        DEPUTY,
        lambda t: t + "".join(f"x{i}: &x{i} [*x{i - 1}]\n" for i in range(1, 40)).replace("*x0", "1"),
        "yaml-too-deep",
        None,
    ),
    # numbers: text that only looks numeric stays text; numbers JSON cannot carry are refused
    ("plain ._", DEPUTY, sub("residents: 7", "residents: ._"), "schema-type", "residents: ._"),
    ("plain .e+1", DEPUTY, sub("residents: 7", "residents: .e+1"), "schema-type", "residents: .e+1"),
    ("plain -.", DEPUTY, sub("residents: 7", "residents: -."), "schema-type", "residents: -."),
    ("5,000-digit integer", DEPUTY, sub("residents: 7", "residents: " + "9" * 5000), "yaml-number", "residents: 999"),
    (
        "5,000-digit integer as a date",
        SUG,
        sub("received: '2024-02-27'", "received: 1" + "0" * 5000),
        "yaml-number",
        "received: 100",
    ),
    ("NaN", DEPUTY, sub("residents: 7", "residents: .nan"), "yaml-number", "residents: .nan"),
    ("infinity", DEPUTY, sub("residents: 7", "residents: .inf"), "yaml-number", "residents: .inf"),
    ("minus infinity", DEPUTY, sub("residents: 7", "residents: -.inf"), "yaml-number", "residents: -.inf"),
    (
        "float overflowing to infinity",
        PRJ,
        sub("progress: 70\nstatus", "progress: 1.0e+400\nstatus"),
        "yaml-number",
        "progress: 1.0e+400",
    ),
    # a list or mapping where an id or reference is expected
    ("mapping as id", DEPUTY, sub("id: D-0001", "id: {a: 1}"), "schema-type", "id: {a: 1}"),
    ("list as id", DEPUTY, sub("id: D-0001", "id: [D-0001]"), "schema-type", "id: [D-0001]"),
    (
        "mapping as merge target",
        SUG,
        sub("status: closed\ntimeline", "merged_into: {a: 1}\nstatus: closed\ntimeline"),
        "schema-type",
        "merged_into: {a: 1}",
    ),
    (
        "list as merge target",
        SUG,
        sub("status: closed\ntimeline", "merged_into: [S-2024-0001]\nstatus: closed\ntimeline"),
        "ref-missing",
        "merged_into: [S-2024-0001]",
    ),
    (
        "list as vote session",
        PRJ,
        sub("  session: V-2024-district", "  session: [V-2024-district]"),
        "schema-type",
        "session: [V-2024",
    ),
    ("mapping as deputy", SUG, sub("  - D-0006", "  - {id: D-0006}"), "ref-missing", "{id: D-0006}"),
    (
        "mapping as actor",
        SUG,
        sub("    by: DEP-015\n    note: 承办部门", "    by: {a: 1}\n    note: 承办部门"),
        "ref-missing",
        "by: {a: 1}",
    ),
    ("mapping as key", DEPUTY, sub("sector: 农业", "{sector: 1}: 农业"), "schema-unknown-key", "{sector: 1}: 农业"),
    # explicit tags
    ("!!str on a mapping", DEPUTY, sub("sector: 农业", "sector: !!str {a: 1}"), "yaml-tag-mismatch", "sector: !!str"),
    ("!!str on a list", DEPUTY, sub("sector: 农业", "sector: !!str [1]"), "yaml-tag-mismatch", "sector: !!str"),
    ("!!int on text", DEPUTY, sub("residents: 7", "residents: !!int abc"), "yaml-tag-mismatch", "residents: !!int"),
    ("!!bool on text", DEPUTY, sub("sector: 农业", "sector: !!bool maybe"), "yaml-tag-mismatch", "sector: !!bool"),
    ("!!map on text", DEPUTY, sub("sector: 农业", "sector: !!map x"), "yaml-tag-mismatch", "sector: !!map"),
    ("!!seq on a mapping", DEPUTY, sub("sector: 农业", "sector: !!seq {a: 1}"), "yaml-tag-mismatch", "sector: !!seq"),
    ("!!binary", DEPUTY, sub("sector: 农业", "sector: !!binary aGVsbG8="), "yaml-unsafe-tag", "!!binary"),
    (
        "unsafe tag on a key",
        DEPUTY,
        sub("sector: 农业", "!!python/name:os.system sector: 农业"),
        "yaml-unsafe-tag",
        "!!python",
    ),
    # a wrong type in the settings file
    ("settings categories: 3", SETTINGS, settings_list("categories", "categories: 3"), "schema-type", "categories: 3"),
    ("settings office: [x]", SETTINGS, sub("office: DEP-001", "office: [x]"), "schema-type", "office: [x]"),
    (
        "settings district: {a: 1}",
        SETTINGS,
        sub("district: 青溪区", "district: {a: 1}"),
        "schema-type",
        "district: {a: 1}",
    ),
    (
        "settings channels mapping",
        SETTINGS,
        settings_list("channels", "channels: {a: 1}"),
        "schema-type",
        "channels: {a: 1}",
    ),
    # raw control characters: a syntax problem at the character's own line
    *[
        (f"raw {name}", DEPUTY, sub("note: 代表进站接待日", f"note: 代表进站{char}接待日"), "yaml-syntax", "代表进站")
        for name, char in [
            ("NUL", "\x00"),
            ("ESC", "\x1b"),
            ("VT", "\x0b"),
            ("DEL", "\x7f"),
            ("C1 CSI", "\x9b"),
            ("NEL", "\x85"),
            ("line separator", "\u2028"),
            ("paragraph separator", "\u2029"),
            ("U+FFFE", "\ufffe"),
        ]
    ],
    ("raw ESC in a comment", DEPUTY, sub("# 代表 D-0001", "# 代表\x1b[8m D-0001"), "yaml-syntax", "# 代表"),
    # web addresses and patterns both schema libraries must refuse alike
    ("web address with a space", LINKED, sub(URL, URL.replace("037", "0 37")), "schema-format", "url:"),
    ("web address in Chinese", LINKED, sub(URL, URL.replace("jybl", "建议办理")), "schema-format", "url:"),
    ("web address with user info", LINKED, sub(URL, URL.replace("www.", "clerk:secret@www.")), "schema-format", "url:"),
    (
        "site address with a final newline",
        SETTINGS,
        sub("site_url: https://minyi.example.cn/", 'site_url: "https://minyi.example.cn/\\n"'),
        "schema-format",
        "site_url:",
    ),
    (
        "QR template with two fields",
        SETTINGS,
        sub("/deputies/{id}/", "/deputies/{id}/{name}"),
        "schema-pattern",
        "qr_url_pattern:",
    ),
    ("id with a final newline", DEPUTY, sub("id: D-0001", 'id: "D-0001\\n"'), "schema-pattern", 'id: "D-0001'),
    (
        "date with a final newline",
        SUG,
        sub("received: '2024-02-27'", 'received: "2024-02-27\\n"'),
        "schema-format",
        "received:",
    ),
]


@pytest.fixture
def records(tmp_path):
    """A plain copy of the demo records, with an unrelated record broken (its id differs from its file name)."""
    root = tmp_path / "ledger"
    shutil.copytree(REPO / "records", root / "records")
    canary = root / CANARY
    canary.write_text(canary.read_text(encoding="utf-8").replace("id: ST-01", "id: ST-99"), encoding="utf-8")
    return root


def check_all_well_formed(problems):
    for p in problems:
        assert p.line >= 1 and p.col >= 1 and p.rule in RULES and p.message and p.fix, p
        assert "Traceback" not in p.message


@pytest.mark.parametrize("name,rel,edit,rule,expect", CASES, ids=[c[0] for c in CASES])
def test_hostile_record_is_a_problem(records, name, rel, edit, rule, expect):
    path = records / rel
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    _, problems = validate(records, dt.date.fromisoformat(TODAY))
    check_all_well_formed(problems)
    hits = [p for p in problems if p.rule == rule and p.path == rel]
    assert hits, [p.text() for p in problems if p.path == rel]
    if expect is not None:
        assert line_of(path.read_text(encoding="utf-8"), expect) in [p.line for p in hits], [p.text() for p in hits]
    assert any(p.rule == "id-mismatch" and p.path == CANARY for p in problems), "validation stopped early"


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.inf", "1.0e+400", "-1.5e+999"])
def test_no_number_open_data_cannot_carry(value):
    """Whatever the loader gives on, `json.dumps(..., allow_nan=False)` accepts: open data stays valid JSON."""
    loaded, problems = parse(f"# yaml-language-server: $schema=x\nid: D-0001\nn: {value}\nm: [{value}]\n", "f.yaml")
    json.dumps(loaded.data, allow_nan=False)
    assert [(p.rule, p.line) for p in problems] == [("yaml-number", 3), ("yaml-number", 4)]


def test_fifty_thousand_brackets_do_not_kill_the_cli(records):
    """The attack that segfaulted libyaml's composer (exit 139), through the real CLI."""
    cases = {
        DEPUTY: ("sector: 农业", "sector: " + "[" * 50_000 + "]" * 50_000, "sector:"),
        SUG: ("title: 煤电二小区停车费纠纷长期未解决", "title: " + "{a: " * 50_000 + "1" + "}" * 50_000, "title:"),
        PRJ: ("progress: 70\nstatus", "progress:\n" + "- " * 50_000 + "x\nstatus", "- - -"),
    }
    for rel, (old, new, _) in cases.items():
        path = records / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    proc = minyi("validate", "--format", "json", "--today", TODAY, cwd=records)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-500:])
    problems = json.loads(proc.stdout)
    for rel, (_, _, line_text) in cases.items():
        lines = [p["line"] for p in problems if p["path"] == rel and p["rule"] == "yaml-too-deep"]
        assert lines == [line_of((records / rel).read_text(encoding="utf-8"), line_text)], (rel, problems)
    assert any(p["path"] == CANARY for p in problems)


def test_hostile_values_through_the_cli(records):
    """Several hostile files in one run of the real CLI: each named with file, line and rule, exit 1, no traceback."""
    edits = {
        DEPUTY: ("note: 代表进站接待日", "note: 代表进站\x1b接待日", "yaml-syntax"),
        "records/deputies/D-0002.yaml": ("qr: true", "qr: !!str {a: 1}", "yaml-tag-mismatch"),
        PRJ: ("progress: 70\nstatus", "progress: .nan\nstatus", "yaml-number"),
        SUG: ("satisfaction: 满意", "satisfaction: " + "7" * 5000, "yaml-number"),
        SETTINGS: ("district: 青溪区", "district: {a: 1}", "schema-type"),
    }
    for rel, (old, new, _) in edits.items():
        path = records / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    proc = minyi("validate", "--today", TODAY, cwd=records)
    assert proc.returncode == 1, proc.stderr
    for rel, (_, new, rule) in edits.items():
        line = line_of((records / rel).read_text(encoding="utf-8"), new.split("\n")[0])
        assert any(row.startswith(f"{rel}:{line}:") and f"error[{rule}]" in row for row in proc.stdout.splitlines()), (
            rel,
            rule,
            proc.stdout,
        )


# --- the schema layer never accepts what the fast validator refused --------------------------------


def _load(text: str, rel: str = DEPUTY):
    loaded, problems = parse(text, rel)
    assert loaded is not None, problems
    return loaded


class _FindsNothing:
    def iter_errors(self, data):
        return iter(())


class _Breaks:
    def iter_errors(self, data):
        raise RuntimeError("explanation failed")


@pytest.mark.parametrize("slow", [_FindsNothing(), _Breaks()], ids=["finds nothing", "raises"])
def test_refusal_without_explanation_is_still_a_problem(monkeypatch, slow):
    """When jsonschema-rs refuses and the detailed validator has nothing to say, the record is still refused."""
    text = (REPO / DEPUTY).read_text(encoding="utf-8").replace("id: D-0001", "id: D-1")
    monkeypatch.setattr(schema, "_slow", lambda kind: slow)
    problems = schema.check("deputy", _load(text))
    assert [(p.rule, p.line) for p in problems] == [("schema-other", line_of(text, "id: D-1"))]
    assert "id" in problems[0].message and problems[0].fix


def _subschemas(node):
    if isinstance(node, dict):
        if "pattern" in node or "format" in node:
            yield {k: node[k] for k in ("type", "pattern", "format", "minLength", "maxLength") if k in node}
        for value in node.values():
            yield from _subschemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _subschemas(value)


GOOD = [
    "2024-03-05",
    "S-2024-0042",
    "S-2024-12500",
    "P-2024-07",
    "D-0012",
    "D-TMP-0a1b2c",
    "DEP-004",
    "ST-03",
    "V-2024-district",
    "timeline.3.date",
    "0571-8801001",
    "https://a.example.cn/x?y=1#z",
    "http://x.cn:8080/a",
    "https://x.cn/deputies/{id}/",
    "录入时日期写错",
]
EDGES = [
    "",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "\x1c",
    "\x85",
    "\u2028",
    "\u3000",
    "\ufeff",
    "\x00",
    "%",
    "é",
    "青",
    "{",
    "@",
]
ODD_URLS = [
    "https://a b",
    "https://青溪.cn/",
    "https://u:p@x.cn/",
    "https://x.cn/青",
    "http://",
    "https:x",
    "https://x.cn/%zz",
    "https://x.cn/{id}/{id}",
    "https://x.cn/{ID}",
    "https://[::1]/{id}",
    "ftp://x.cn/{id}",
    "javascript:alert(1)//{id}",
]


def test_both_schema_libraries_agree_on_every_pattern_and_format():
    """jsonschema-rs (which decides) and jsonschema (which explains) give the same verdict on every
    pattern and format in schemas/, including values with a final newline (Python's `$` matches before one)."""
    subs = {
        json.dumps(s, sort_keys=True): s
        for p in sorted((REPO / "schemas").glob("*.json"))
        for s in _subschemas(json.loads(p.read_text(encoding="utf-8")))
    }
    corpus = set(ODD_URLS)
    for good in GOOD:
        for edge in EDGES:
            corpus |= {good + edge, edge + good, good[:3] + edge + good[3:], edge * 4}
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for sub_schema in subs.values():
        fast = jsonschema_rs.validator_for(sub_schema, validate_formats=True)
        slow = jsonschema.Draft202012Validator(sub_schema, format_checker=checker)
        disagree = [s for s in sorted(corpus) if fast.is_valid(s) != slow.is_valid(s)]
        assert not disagree, (sub_schema, disagree)
        if sub_schema.get("pattern", "").endswith("$"):
            assert not any(fast.is_valid(s + "\n") or slow.is_valid(s + "\n") for s in GOOD)


def test_format_uri_is_checked_by_the_detailed_validator():
    """The detailed validator itself knows `format: uri` (rfc3986-validator is installed), not only the fast one."""
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert "uri" in checker.checkers
    assert not checker.conforms("https://a b/", "uri") and checker.conforms("https://a.example.cn/", "uri")
