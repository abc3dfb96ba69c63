"""Streets and communities are a controlled vocabulary (settings `streets`), through the real CLI.

A clerk's typo, a full-width space and an attacker's look-alike characters are each
refused with the name the clerk meant, in `minyi validate`, the review gate and
`minyi new`; nothing outside the list can reach the dashboard's street chart.
"""

from __future__ import annotations

from conftest import TODAY, commit, edit, gate, minyi, snapshot

SUG = "records/suggestions/2026/S-2026-0010.yaml"  # place: 华龙街道 / 华龙一村社区, lines 10-11
KNOWN = "东湖街道、梨园街道、振兴街道、华龙街道、城关镇、路北街道"
NEW_HINT = "确是新的街道（镇），先在 records/ledger.yaml 的 streets 中登记"
RETYPE = "重新输入，不要从网页、表格或聊天软件中复制"


def problems(root, *paths):
    proc = minyi("validate", "--today", TODAY, *paths, cwd=root)
    return proc.returncode, proc.stdout.splitlines()


def test_the_demo_vocabulary_covers_every_record(ledger):
    code, lines = problems(ledger)
    assert code == 0 and lines == []


def test_a_street_missing_its_suffix_is_named_with_the_street_meant(ledger):
    edit(ledger, SUG, "  street: 华龙街道", "  street: 华龙街")
    code, lines = problems(ledger)
    assert code == 1
    assert lines == [
        f"{SUG}:10:11: error[street-unknown]: 街道（镇）「华龙街」不在台账设置的街道名单中 (unknown street)"
        f" — 是不是「华龙街道」？可选：{KNOWN}；{NEW_HINT}"
    ]


def test_a_street_nobody_listed_gets_the_list_and_no_guess(ledger):
    edit(ledger, "records/deputies/D-0003.yaml", "street: 城关镇", "street: 滨河街道")
    assert problems(ledger)[1] == [
        "records/deputies/D-0003.yaml:9:9: error[street-unknown]: 街道（镇）「滨河街道」不在台账设置的街道名单中"
        f" (unknown street) — 可选：{KNOWN}；{NEW_HINT}"
    ]


def test_full_width_space_and_look_alike_characters_are_shown_not_charted(ledger):
    # a full-width space, a CJK compatibility ideograph (U+F9E2 looks exactly like 梨), a zero-width space
    edit(ledger, "records/deputies/D-0003.yaml", "street: 城关镇", "street: 城关\u3000镇")
    edit(ledger, "records/stations/ST-01.yaml", "street: 东湖街道", "street: 东\u200b湖街道")
    meeting = next((ledger / "records/meetings").rglob("*.yaml"))
    rel = meeting.relative_to(ledger).as_posix()
    text = meeting.read_text(encoding="utf-8")
    assert "street: 梨园街道" in text
    meeting.write_text(text.replace("street: 梨园街道", "street: \uf9e2园街道"), encoding="utf-8")
    code, lines = problems(ledger)
    look = "看起来一样，但写法不同：含全角、空格、不可见或形近字符 (look-alike street)"
    assert code == 1 and len(lines) == 3
    assert lines[0] == (
        f"records/deputies/D-0003.yaml:9:9: error[street-unknown]: 街道（镇）「城关<U+3000>镇」与名单中的「城关镇」{look}"
        f" — 改成名单中的写法「城关镇」：{RETYPE}"
    )
    assert f"{rel}:" in lines[1] and "「<U+F9E2>园街道」与名单中的「梨园街道」" in lines[1]
    assert lines[2].startswith("records/stations/ST-01.yaml:6:9: error[street-unknown]: 街道（镇）「东<U+200B>湖街道」")


def test_a_community_must_belong_to_the_street_written(ledger):
    edit(ledger, SUG, "  community: 华龙一村社区", "  community: 洋张社区")
    assert problems(ledger, SUG)[1] == [
        f"{SUG}:11:14: error[community-unknown]: 社区（村）「洋张社区」属于路北街道，不属于华龙街道"
        " (community of another street) — 核对地点：街道写 路北街道，或换成华龙街道的社区（村）："
        "华龙一村社区、华龙二村社区、河口社区"
    ]
    edit(ledger, SUG, "  community: 洋张社区", "  community: 华龙1村社区")
    assert problems(ledger, SUG)[1] == [
        f"{SUG}:11:14: error[community-unknown]: 社区（村）「华龙1村社区」与华龙街道名单中的「华龙一村社区」看起来一样，"
        "但写法不同：含全角、空格、不可见或形近字符 (look-alike community)"
        f" — 改成名单中的写法「华龙一村社区」：{RETYPE}"
    ]


def test_new_refuses_an_unknown_street_or_community_with_the_same_guess_and_writes_nothing(ledger):
    before = snapshot(ledger)
    args = ("new", "suggestion", "--title", "路口红绿灯时间太短", "--summary", "路口绿灯只有十几秒，老人过马路来不及",
            "--category", "城市建设", "--channel", "12345", "--today", TODAY)  # fmt: skip
    proc = minyi(*args, "--street", "梨园街", cwd=ledger, check=2)
    assert (
        "错误：'--street' 的值不对：街道（镇）「梨园街」不在台账设置的街道名单中 (unknown street)"
        f" — 是不是「梨园街道」？可选：{KNOWN}；{NEW_HINT}" in proc.stderr
    )
    proc = minyi(*args, "--street", "梨园街道", "--community", "梨园社", cwd=ledger, check=2)
    assert (
        "错误：'--community' 的值不对：社区（村）「梨园社」不在台账设置中梨园街道的社区名单中 (unknown community)"
        " — 是不是「梨园社区」？梨园街道的社区（村）：梨园社区、三官庙社区；"
        "确是新的社区（村），先在 records/ledger.yaml 的 streets → 梨园街道 下登记" in proc.stderr
    )
    proc = minyi("new", "station", "--name", "滨河联络点", "--kind", "联络点", "--street", "梨园\uff3f街道",
                 "--today", TODAY, cwd=ledger, check=2)  # fmt: skip
    assert "「梨园街道」" in proc.stderr and "(unknown street)" in proc.stderr
    assert snapshot(ledger) == before
    made = minyi(*args, "--street", "梨园街道", "--community", "梨园社区", cwd=ledger, check=0).stdout.strip()
    assert "community: 梨园社区\n" in (ledger / made).read_text(encoding="utf-8")


def test_gate_refuses_a_look_alike_street_smuggled_into_the_vocabulary(pr):
    """The attacker adds 梨园街道 spelt with U+F9E2 to the list, so a record using it would validate, and its
    suggestions would make a second 梨园街道 bar; the list itself is refused."""
    edit(pr, "records/ledger.yaml", "  梨园街道: [梨园社区, 三官庙社区]\n",
         "  梨园街道: [梨园社区, 三官庙社区]\n  \uf9e2园街道: [梨园社区]\n")  # fmt: skip
    edit(pr, SUG, "  street: 华龙街道\n  community: 华龙一村社区", "  street: \uf9e2园街道\n  community: 梨园社区")
    commit(pr, "Fix the street of S-2026-0010")
    out = gate(pr).stdout
    assert (
        "records/ledger.yaml:36:3: error[street-vocabulary]: 街道名单中的「<U+F9E2>园街道」含有全角、空格、不可见或形近字符"
        in out
    )
    assert (
        "records/ledger.yaml:36:3: error[street-vocabulary]: 街道名单中的「<U+F9E2>园街道」与「梨园街道」"
        "看起来是同一个名字 (name listed twice) — 只保留一种写法，删除另一个" in out
    )


def test_gate_refuses_renaming_a_street_to_look_alike_characters(pr):
    """Renaming the listed name itself (and every record with it) leaves no twin, but the name is still unclean."""
    edit(pr, "records/ledger.yaml", "  城关镇: [", "  城关\u200b镇: [")
    for path in (pr / "records").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "street: 城关镇" in text:
            path.write_text(text.replace("street: 城关镇", "street: 城关\u200b镇"), encoding="utf-8")
    commit(pr, "Rename a street")
    proc = gate(pr)
    assert proc.returncode == 1
    assert "error[street-vocabulary]: 街道名单中的「城关<U+200B>镇」含有全角、空格、不可见或形近字符" in proc.stdout
    assert "street-unknown" not in proc.stdout  # every record follows the renamed list: only the list is wrong


def test_an_empty_vocabulary_is_valid_until_a_record_names_a_street(tmp_path):
    minyi("init", "ledger", "--district", "测试区", cwd=tmp_path, check=0)
    root = tmp_path / "ledger"
    text = (root / "records/ledger.yaml").read_text(encoding="utf-8")
    assert "\nstreets: {}\n" in text and "#     梨园街道: [梨园社区, 三官庙社区]" in text
    minyi("validate", "--today", TODAY, cwd=root, check=0)
    proc = minyi("new", "station", "--name", "城关联络站", "--kind", "联络站", "--street", "城关街道",
                 "--today", TODAY, cwd=root, check=2)  # fmt: skip
    assert (
        "街道（镇）「城关街道」无法核对：台账设置还没有登记任何街道 (no streets in the settings)"
        " — 先在 records/ledger.yaml 的 streets 中登记本区的街道（镇）和各自的社区（村），写法见 docs/fields.md"
    ) in proc.stderr


def test_a_street_dropped_from_the_list_fails_every_record_naming_it_and_the_build(ledger, tmp_path):
    """What the dashboard's street chart can show is what the list allows: the build runs the same checks."""
    edit(ledger, "records/ledger.yaml", "  城关镇: [老街社区, 前营村, 后营村, 肖王村]\n", "")
    code, lines = problems(ledger)
    on_map = [line for line in lines if "[map-street-unknown]" in line]  # records/map.geojson draws it too
    assert len(on_map) == 1 and "地图中的街道（镇）「城关镇」不在台账设置的街道名单中" in on_map[0]
    lines = [line for line in lines if line not in on_map]
    named = sum(1 for p in (ledger / "records").rglob("*.yaml") if "street: 城关镇" in p.read_text(encoding="utf-8"))
    assert code == 1 and named > 10 and len(lines) == named
    assert all("error[street-unknown]: 街道（镇）「城关镇」不在台账设置的街道名单中" in line for line in lines)
    proc = minyi("build", "--out", str(tmp_path / "site"), "--as-of", TODAY, cwd=ledger, check=1)
    assert "street-unknown" in proc.stderr and not (tmp_path / "site").exists()
