"""A value written into a record names its deputy, department or station in full: an id (any case
or width), a full name or a declared short name. Part of a name is refused (exit 2) with the
candidates and nothing is written; `minyi find` and the `minyi list` filters still take a part."""

from __future__ import annotations

from conftest import TODAY, minyi, snapshot

NEW = (
    "new", "suggestion", "--title", "路灯不亮", "--summary", "村口的路灯坏了一个多月，晚上看不见路",
    "--category", "城市建设", "--channel", "代表码", "--street", "梨园街道", "--date", TODAY, "--today", TODAY,
)  # fmt: skip
ASSIGN = ("advance", "S-2026-0023", "assigned", "--note", "交办", "--date", "2026-11-21", "--today", TODAY)


def test_one_character_of_a_deputy_is_refused_with_the_candidate(ledger):
    before = snapshot(ledger)
    proc = minyi(*NEW, "--deputy", "何", cwd=ledger, check=2)
    assert proc.stderr.splitlines()[-1] == (
        "错误：--deputy「何」只是名称的一部分，写入记录须写代表的编号、全称或简称；是不是：何莹（梨园街道） → D-0021？"
    )
    assert snapshot(ledger) == before


def test_part_of_a_department_is_refused_for_by_and_lead(ledger):
    before = snapshot(ledger)
    by = minyi(*ASSIGN, "--by", "区住建", "--lead", "DEP-002", cwd=ledger, check=2)
    assert by.stderr.splitlines()[-1] == (
        "错误：--by「区住建」只是名称的一部分，写入记录须写代表、部门或联络站的编号、全称或简称；"
        "是不是：区住建局（青溪区住房和城乡建设局） → DEP-002？"
    )
    lead = minyi(*ASSIGN, "--by", "DEP-001", "--lead", "住建", cwd=ledger, check=2)
    assert lead.stderr.splitlines()[-1] == (
        "错误：--lead「住建」只是名称的一部分，写入记录须写承办部门的编号、全称或简称；"
        "是不是：区住建局（青溪区住房和城乡建设局） → DEP-002？"
    )
    assert snapshot(ledger) == before


def test_correct_takes_no_part_of_a_name_for_the_record_it_changes(ledger):
    before = snapshot(ledger)
    proc = minyi("correct", "住建", "--set", "phone=1", "--note", "x", "--today", TODAY, cwd=ledger, check=2)
    assert proc.stderr.splitlines()[-1] == (
        "错误：「住建」只是名称的一部分，写入记录须写代表、部门或联络站的编号、全称或简称；"
        "是不是：区住建局（青溪区住房和城乡建设局） → DEP-002？"
    )
    assert snapshot(ledger) == before
    assert minyi("show", "住建", cwd=ledger, check=0).stdout.startswith("DEP-002  青溪区住房和城乡建设局")


def test_full_names_short_names_and_ids_in_any_width_are_written(ledger):
    proc = minyi(*NEW, "--deputy", "何 莹", cwd=ledger, check=0)
    assert "by: D-0021" in (ledger / proc.stdout.strip()).read_text(encoding="utf-8")
    args = ("--by", "区住建局", "--lead", "青溪区住房和城乡建设局", "--assist", "ｄｅｐ－００７")
    done = minyi(*ASSIGN, *args, cwd=ledger, check=0)
    assert done.stdout == "S-2026-0023: registered → assigned  (records/suggestions/2026/S-2026-0023.yaml)\n"
    text = (ledger / "records/suggestions/2026/S-2026-0023.yaml").read_text(encoding="utf-8")
    assert "lead: DEP-002" in text and "- DEP-007" in text and "by: DEP-002" in text


def test_filters_and_find_still_take_part_of_a_name(ledger):
    listed = minyi("list", "--deputy", "何", "--today", TODAY, cwd=ledger, check=0)
    assert listed.stderr == "--deputy 何：何莹（梨园街道） → D-0021\n"
    assert "D-0021  何莹" in minyi("find", "何", cwd=ledger, check=0).stdout
