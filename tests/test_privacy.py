"""Personal data never reaches the public in any disguise.

Every entry of tests/privacy_corpus.yaml is run through the rule itself (in-process,
exact rule id); a few attacks go through the real CLI in a real git ledger, checking
file, line, rule, and that the number never appears unmasked in the output; the
built demo site is scanned file by file for false alarms.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import TODAY, line_of, minyi

from minyi.ledger import Record
from minyi.load import parse
from minyi.rules import privacy
from minyi.textnorm import normalise, reader_text

CORPUS = yaml.safe_load((Path(__file__).parent / "privacy_corpus.yaml").read_text(encoding="utf-8"))
SUG = "records/suggestions/2024/S-2024-0003.yaml"
DEP = "records/departments/DEP-002.yaml"
MOBILE = "13812345678"


def _ids(entries, key):
    return [f"{e[key]}" for e in entries]


def rules_in(text: str) -> set[str]:
    return {f.rule for f in privacy.scan_value(text)}


@pytest.mark.parametrize("entry", CORPUS["positive"], ids=_ids(CORPUS["positive"], "form"))
def test_corpus_positive_is_found_with_its_rule(entry):
    found = privacy.scan_value(entry["text"])
    assert entry["rule"] in {f.rule for f in found}
    for f in found:  # what a message shows is masked
        assert "*" in f.masked and f.found not in f.masked


@pytest.mark.parametrize("entry", CORPUS["negative"], ids=_ids(CORPUS["negative"], "why"))
def test_corpus_negative_is_left_alone(entry):
    assert privacy.scan_value(entry["text"]) == []


def _record(kind: str, fields: dict) -> Record:
    text = "# yaml-language-server: $schema=x\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    loaded, problems = parse(text, f"records/{kind}s/X.yaml")
    assert loaded is not None, problems
    return Record(kind, loaded)


def _department(field: str, value) -> Record:
    return _record("department", {"id": "DEP-009", "name": "青溪区某局", field: value})


@pytest.mark.parametrize("entry", CORPUS["positive"], ids=_ids(CORPUS["positive"], "form"))
def test_corpus_positive_inside_a_record_is_reported(entry):
    """The same, through the rule's cheap whole-record test and its walk over the data."""
    rec = _record("suggestion", {"id": "S-2024-0099", "timeline": [{"date": "2024-03-05", "note": entry["text"]}]})
    problems = list(privacy.per_record(rec))
    assert entry["rule"] in {p.rule for p in problems}
    assert all("timeline[0].note" in p.message for p in problems)


@pytest.mark.parametrize(
    "entry", CORPUS["public_contact"]["allowed"], ids=_ids(CORPUS["public_contact"]["allowed"], "text")
)
def test_public_contact_fields_accept_office_landlines_and_street_addresses(entry):
    assert list(privacy.per_record(_department(entry["field"], entry["text"]))) == []


@pytest.mark.parametrize(
    "entry", CORPUS["public_contact"]["refused"], ids=_ids(CORPUS["public_contact"]["refused"], "text")
)
def test_public_contact_fields_refuse_what_is_personal(entry):
    problems = list(privacy.per_record(_department(entry["field"], entry["text"])))
    assert [p.rule for p in problems] == [entry["rule"]]
    assert "公开联系字段" in problems[0].message and entry["field"] in problems[0].message


def test_same_landline_outside_a_public_contact_field_is_refused():
    problems = list(privacy.per_record(_department("hours", "工作日 8:30-17:30，电话 0571-8801001")))
    assert [p.rule for p in problems] == ["privacy-phone"]


@pytest.mark.parametrize("entry", CORPUS["split"]["positive"], ids=_ids(CORPUS["split"]["positive"], "form"))
def test_numbers_split_across_list_items_are_found(entry):
    rec = _record("suggestion", {"id": "S-2024-0099", "title": "x", "notes": entry["values"]})
    problems = list(privacy.per_record(rec))
    assert entry["rule"] in {p.rule for p in problems}
    assert any("连起来" in p.message for p in problems)


@pytest.mark.parametrize("entry", CORPUS["split"]["negative"], ids=_ids(CORPUS["split"]["negative"], "why"))
def test_adjacent_list_items_that_are_not_one_number_are_left_alone(entry):
    assert list(privacy.per_record(_record("suggestion", {"id": "S-2024-0099", "items": entry["values"]}))) == []


def _escaped_note(text: str) -> Record:
    """A record whose note is written with YAML escapes, as an attacker would write it (YAML
    would turn a raw NEL into a line break before any rule saw it)."""
    quoted = "".join(ch if ch.isprintable() and ch not in '"\\' else f"\\u{ord(ch):04x}" for ch in text)
    loaded, problems = parse(
        f'# yaml-language-server: $schema=x\nid: S-2024-0099\nnote: "{quoted}"\n', "records/x.yaml"
    )
    assert loaded is not None and loaded.data["note"] == text, problems
    return Record("suggestion", loaded)


@pytest.mark.parametrize("entry", CORPUS["hidden"]["positive"], ids=_ids(CORPUS["hidden"]["positive"], "form"))
def test_bidi_and_control_characters_are_refused(entry):
    problems = list(privacy.per_record(_escaped_note(entry["text"])))
    assert entry["rule"] in {p.rule for p in problems}
    assert all(re.search(r"U\+[0-9A-F]{4}", p.message) for p in problems if p.rule == entry["rule"])


@pytest.mark.parametrize("entry", CORPUS["hidden"]["negative"], ids=_ids(CORPUS["hidden"]["negative"], "why"))
def test_tabs_line_breaks_and_emoji_are_not_hidden_characters(entry):
    assert list(privacy.per_record(_escaped_note(entry["text"]))) == []


@pytest.mark.parametrize(
    "value, where",
    [
        (13812345678, ("budget",)),  # a number without quotes
        (13812345678.0, ("budget",)),
        ({MOBILE: "x"}, ("extra", MOBILE)),  # a mapping key
        ([{"title": "答复", "url": f"https://u:{MOBILE}@example.org/"}], ("links", 0, "url")),
        ([{"title": "答复", "url": "https://example.org/a?tel=138-1234-5678"}], ("links", 0, "url")),
        ({"for": 230, "by": "138 1234 5678"}, ("vote", "by")),
    ],
)
def test_every_decoded_value_is_read(value, where):
    fields = {"id": "S-2024-0099", where[0]: value}
    problems = list(privacy.per_record(_record("suggestion", fields)))
    assert [p.rule for p in problems] == ["privacy-phone"]
    assert where[0] in problems[0].message and MOBILE not in problems[0].message  # a key is masked too


def test_settings_are_read():
    rec = _record("ledger", {"id": "ledger", "district": "青溪区（联系人 138 1234 5678）"})
    assert [p.rule for p in privacy.per_record(rec)] == ["privacy-phone"]


def test_normalise_reads_as_a_reader_does():
    assert normalise("三号楼二单元五零一室") == "3号楼2单元501室"
    assert normalise("五百零一室，十二号楼，一千九百五十万元") == "501室,12号楼,1950万元"  # NFKC: ，->,
    assert normalise("１３８\u200b－１２３４") == "138-1234"
    assert normalise("百姓十分满意") == "百姓十分满意"  # units alone are words


def test_normalise_table_covers_every_format_character_and_digit():
    import unicodedata

    from minyi import textnorm

    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Cf":
            assert textnorm.normalise("1" + char + "2") == "12", hex(code)
        elif category == "Nd":
            assert textnorm.normalise(char) == str(unicodedata.digit(char)), hex(code)


@pytest.mark.parametrize(
    "fmt, text, hidden",
    [
        ("html", "<p>联系<b>138</b>1234<i>5678</i></p>", True),  # inline tags do not split a number
        ("html", "<p>&#49;&#51;&#56;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;</p>", True),  # character references
        ("html", '<a href="/x" title="电话 138 1234 5678">联系</a>', True),  # what a title shows
        ("html", '<meta name="description" content="一三八一二三四五六七八">', True),
        ("json", '{"note": "\\u0031\\u0033\\u0038\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038"}', True),
        ("xml", '<entry><content type="html">&lt;p&gt;138 1234 5678&lt;/p&gt;</content></entry>', True),
        ("csv", 'id,note\nS-2024-0001,"联系 138,1234,5678"\n', True),
        ("html", "<tr><td>13</td><td>5</td><td>2024-03-05</td></tr>", False),  # table cells stay apart
        ("json", '{"counts": [13, 5, 20240305], "days": [138, 1234, 5678]}', False),  # separate values stay apart
        ("csv", "id,a,b,c\nS-1,138,1234,5678\n", False),
        ("html", "<p>区人大办电话 0571-8801001</p>", False),  # an office's published landline
    ],
)
def test_scan_text_reads_published_files_as_a_reader_does(fmt, text, hidden):
    allow = frozenset({"05718801001"})
    assert bool(privacy.scan_text(text, fmt, allow)) is hidden


def test_reader_text_keeps_cells_apart_and_inline_text_together():
    text = reader_text("<table><tr><td>1<b>2</b></td><td>3</td></tr></table>", "html")
    assert "12" in text and "123" not in text


# --- through the real CLI, in a real git ledger ---------------------------------------


def _edit(root: Path, rel: str, old: str, new: str) -> str:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _problems(root: Path) -> tuple[list[dict], str]:
    proc = minyi("validate", "--format", "json", "--today", TODAY, cwd=root, check=1)
    text_proc = minyi("validate", "--today", TODAY, cwd=root, check=1)
    output = proc.stdout + proc.stderr + text_proc.stdout + text_proc.stderr
    return json.loads(proc.stdout), output


def _assert_never_unmasked(output: str, number: str = MOBILE) -> None:
    """No seven digits of the number in a row, even with spaces or dashes between them."""
    for run in re.findall(r"[0-9](?:[ .\-]?[0-9])*", output):
        digits = re.sub(r"[^0-9]", "", run)
        assert not any(number[i : i + 7] in digits for i in range(len(number) - 6)), run


@pytest.mark.parametrize(
    "old, new, needle",
    [
        # YAML escapes decode to digits: the raw file text never shows the number
        (
            "note: 华志强走访时收集",
            r'note: "华志强走访时收集，电话\x31\x33\x38\x31\x32\x33\x34\x35\x36\x37\x38"',
            "华志强走访时收集",
        ),
        # a double-quoted line continuation joins the halves
        ("note: 华志强走访时收集", 'note: "华志强走访时收集，电话138\\\n      12345678"', "华志强走访时收集"),
        # the user part of a link
        (
            "outcome: solved",
            f"outcome: solved\nlinks:\n  - title: 答复函\n    url: https://u:{MOBILE}@example.org/a",
            "url: https://u:",
        ),
        # full-width digits and Chinese numerals
        ("note: 华志强走访时收集", "note: 华志强走访时收集，电话一三八一二三四五六七八", "华志强走访时收集"),
    ],
    ids=["yaml escapes", "line continuation", "user part of a link", "chinese numerals"],
)
def test_cli_reports_disguised_numbers_with_file_line_and_rule(ledger, old, new, needle):
    text = _edit(ledger, SUG, old, new)
    problems, output = _problems(ledger)
    hits = [p for p in problems if p["rule"] == "privacy-phone"]
    assert [(p["path"], p["line"]) for p in hits] == [(SUG, line_of(text, needle))]
    assert f"{SUG}:{line_of(text, needle)}:" in output and "error[privacy-phone]" in output
    _assert_never_unmasked(output)


def test_cli_public_contact_field_refuses_a_mobile(ledger):
    text = _edit(ledger, DEP, "phone: 0571-8800201", "phone: 138-1234-5678")
    problems, output = _problems(ledger)
    assert [(p["path"], p["line"], p["rule"]) for p in problems] == [(DEP, line_of(text, "phone:"), "privacy-phone")]
    _assert_never_unmasked(output)


def test_cli_refuses_a_bidi_override(ledger):
    text = _edit(ledger, SUG, "note: 华志强走访时收集", 'note: "华志强走访时收集\\u202e"')
    problems, _ = _problems(ledger)
    assert [(p["path"], p["line"], p["rule"]) for p in problems] == [
        (SUG, line_of(text, "华志强走访时收集"), "text-bidi-control")
    ]


def test_demo_ledger_has_no_false_alarms(ledger):
    from minyi.validate import validate

    _, problems = validate(ledger, dt.date.fromisoformat(TODAY))
    assert [p for p in problems if p.rule.startswith(("privacy-", "text-"))] == []


def test_built_demo_site_has_no_false_alarms_in_any_file(ledger, tmp_path):
    from minyi.validate import validate
    from site_gen.build import build

    out = tmp_path / "site"
    build(ledger, out, as_of=dt.date.fromisoformat(TODAY))
    allow = privacy.public_phones(validate(ledger, dt.date.fromisoformat(TODAY))[0])
    assert allow, "the demo offices publish landlines"
    found, scanned = [], 0
    for path in out.rglob("*"):
        if path.suffix in (".html", ".json", ".csv", ".xml") and "/schemas/" not in path.as_posix():
            scanned += 1
            text = path.read_text(encoding="utf-8")
            found += [
                (path.name, f.kind, f.masked) for f in privacy.scan_text(text, privacy.format_of(path.name), allow)
            ]
    assert scanned > 100 and found == []


def test_cli_other_rules_never_quote_personal_data(ledger):
    """A number in the wrong place also breaks the schema, whose messages quote values: masked too."""
    text = _edit(ledger, SUG, "    by: D-0028", f"    by: '{MOBILE}'")
    text = _edit(ledger, SUG, "outcome: solved", "outcome: solved\n'139 1234 5678': x")
    problems, output = _problems(ledger)
    rules = {(p["rule"], p["line"]) for p in problems}
    assert ("schema-pattern", line_of(text, f"by: '{MOBILE}'")) in rules
    assert ("schema-unknown-key", line_of(text, "'139 1234 5678'")) in rules
    assert ("privacy-phone", line_of(text, "'139 1234 5678'")) in rules
    _assert_never_unmasked(output)
    _assert_never_unmasked(output, "13912345678")
