"""Hostile YAML inside a record that otherwise looks valid: it must cost no more than the file's size.

An anchor on one long string and thousands of aliases to it keep the file small (an alias
is four bytes) while every reader of the data — the privacy scan encoding the record as
JSON, the schema validator copying it, the cache — expands each alias again: a 580 KB
record once held 23 GB of memory for a minute and a half. The loader now counts the
text it builds, aliases included, and refuses the record when that exceeds what any file
may hold.
"""

from __future__ import annotations

import shutil
import subprocess
import time

from conftest import REPO, TODAY, minyi

from minyi.load import MAX_BYTES, parse

SUG = "records/suggestions/2024/S-2024-0003.yaml"


def amplified(text: str, chars: int, aliases: int) -> str:
    """The record with one anchored string of `chars` characters and `aliases` aliases to it."""
    return (
        text
        + f"summary_extra: &big '{'A' * chars}'\n"
        + "extra_list:\n"
        + "".join("  - *big\n" for _ in range(aliases))
    )


def test_aliases_expanding_past_the_file_limit_are_refused_with_a_line():
    text = amplified((REPO / SUG).read_text(encoding="utf-8"), 100_000, 2_000)  # 200 MB expanded, 116 KB file
    loaded, problems = parse(text, SUG)
    assert loaded is None
    bombs = [p for p in problems if p.rule == "yaml-alias-bomb"]
    anchor_line = text[: text.index("summary_extra:")].count("\n") + 1  # an alias is its anchor's node
    assert bombs and (bombs[0].line, bombs[0].col) == (anchor_line, 16)
    assert str(2 * MAX_BYTES) in bombs[0].message


def test_honest_aliases_within_the_limit_are_still_read():
    text = amplified((REPO / SUG).read_text(encoding="utf-8"), 1_000, 50)
    loaded, problems = parse(text, SUG)
    assert loaded is not None and loaded.data["extra_list"] == ["A" * 1_000] * 50
    assert not [p for p in problems if p.rule == "yaml-alias-bomb"]


def test_the_cli_refuses_an_amplified_record_quickly(tmp_path):
    root = tmp_path / "ledger"
    shutil.copytree(REPO / "records", root / "records")
    path = root / SUG
    path.write_text(amplified(path.read_text(encoding="utf-8"), 300_000, 40_000), encoding="utf-8")  # 12 GB expanded
    started = time.monotonic()
    try:
        proc = minyi("validate", "--today", TODAY, cwd=root)
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure this test exists for
        raise AssertionError("validate did not finish") from None
    assert time.monotonic() - started < 30
    assert proc.returncode == 1 and f"{SUG}:" in proc.stdout and "error[yaml-alias-bomb]" in proc.stdout


# Held: a tag spelled through a %TAG directive or verbatim is still the tag it names.
DISGUISED_TAGS = {
    "directive": ("%TAG !! tag:yaml.org,2002:python/\n---\n", "x: !!object/apply:os.system ['true']\n"),
    "verbatim": ("", "x: !<tag:yaml.org,2002:python/object/apply:os.system> ['true']\n"),
    "local handle": ("%TAG !e! tag:yaml.org,2002:python/name:\n---\n", "x: !e!os.system ''\n"),
}


def test_python_tags_in_disguise_are_refused():
    body = (REPO / SUG).read_text(encoding="utf-8")
    for name, (head, tail) in DISGUISED_TAGS.items():
        text = head + body + tail
        loaded, problems = parse(text, SUG)
        assert loaded is None, name
        assert [(p.rule, p.line) for p in problems][-1] == ("yaml-unsafe-tag", text.count("\n")), name


def test_a_long_run_of_digits_is_read_in_linear_time():
    """The house-number pattern tried every position of a digit run again: 20,000 digits took 14 s,
    a megabyte (what a file may hold) hours, in the validator, the review gate and the build."""
    from minyi.ledger import Record
    from minyi.rules import privacy

    text = (REPO / SUG).read_text(encoding="utf-8").replace("note: 登记入台账", f"note: 登记{'1' * 100_000}", 1)
    loaded, _ = parse(text, SUG)
    started = time.monotonic()
    list(privacy.per_record(Record("suggestion", loaded)))
    assert time.monotonic() - started < 3
