"""What a Chinese typist gets wrong in YAML, and the exact line `minyi validate` prints for it.

An input method in Chinese mode types `：`, `，`, `“”` and the full-width space U+3000;
editors insert tabs; the space after `:` or `-` is forgotten; a line is indented one
space too far. Each case is one edit of a demo deputy record, validated through the real
CLI, and the test states the whole line the clerk reads: the line and column of the
mistake (not the line below it, where libyaml notices), the rule, the cause and the fix.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, TODAY, minyi

from minyi.load import parse

REL = "records/deputies/D-0001.yaml"
P = f"{REL}:"

# (case, old text, new text, the exact line printed)
CASES = [
    (
        "full-width colon",
        "name: 王惠敏",
        "name：王惠敏",
        f"{P}4:5: error[yaml-fullwidth]: 用了全角冒号“：”，YAML 只认半角冒号“:” (full-width colon)"
        " — 改成半角冒号加一个空格：name: 王惠敏",
    ),
    (
        "full-width colon and a space",
        "sector: 农业",
        "sector： 农业",
        f"{P}12:7: error[yaml-fullwidth]: 用了全角冒号“：”，YAML 只认半角冒号“:” (full-width colon)"
        " — 改成半角冒号加一个空格：sector: 农业",
    ),
    (
        "full-width colon in a flow mapping",
        "sector: 农业",
        "sector: {lead：DEP-001}",
        f"{P}12:14: error[yaml-fullwidth]: 用了全角冒号“：”，YAML 只认半角冒号“:” (full-width colon)"
        " — 改成半角冒号加一个空格：sector: {lead: DEP-001}",
    ),
    (
        "full-width comma in a list",
        "levels:\n  - 区县",
        "levels: [区县，街道]",
        f"{P}6:12: error[yaml-fullwidth]: 列表中用了全角逗号“，”，YAML 只认半角逗号“,”分隔列表项 (full-width comma)"
        " — 改成半角逗号：levels: [区县, 街道]",
    ),
    (
        "full-width quotes around a value with a colon",
        "group: 第5代表小组",
        "group: “第5代表小组: 农业”",
        f"{P}13:8: error[yaml-fullwidth]: 用了全角引号 “，它只是文字，不起引号的作用 (full-width quote)"
        ' — 改用半角引号 "…"：group: "第5代表小组: 农业"',
    ),
    (
        "full-width space in the indentation",
        "  - 区县",
        "\u3000\u3000- 区县",
        f"{P}7:1: error[yaml-fullwidth]: 用了全角空格（U+3000），YAML 只认半角空格 (full-width space)"
        " — 删除全角空格，缩进和冒号后都用半角空格：- 区县",
    ),
    (
        "full-width space after the colon",
        "term: 区第九届",
        "term:\u3000区第九届",
        f"{P}8:6: error[yaml-fullwidth]: 用了全角空格（U+3000），YAML 只认半角空格 (full-width space)"
        " — 删除全角空格，缩进和冒号后都用半角空格：term: 区第九届",
    ),
    (
        "tab in the indentation",
        "    station: ST-06\n    residents: 7",
        "    station: ST-06\n\tresidents: 7",
        f"{P}19:1: error[yaml-tab]: 这一行用 Tab 缩进，YAML 只认空格 (tab in indentation)"
        " — 把行首的 Tab 换成半角空格（每层两个）；在编辑器中打开“按 Tab 键插入空格”",
    ),
    (
        "no space after the colon",
        "street: 路北街道",
        "street:路北街道",
        f"{P}9:7: error[yaml-missing-space]: 字段「street」的冒号后缺少空格 (missing space after colon)"
        " — 冒号后加一个半角空格：street: 路北街道",
    ),
    (
        "no space after the dash",
        "  - 区县",
        "  - 区县\n  -街道",
        f"{P}8:4: error[yaml-missing-space]: 列表项的“-”后缺少空格 (missing space after dash)"
        " — “-”后加一个半角空格：- 街道",
    ),
    (
        "a field indented one space too far",
        "street: 路北街道",
        " street: 路北街道",
        f"{P}9:2: error[yaml-indent]: 字段「street」缩进在一个已经写了值的字段下面 (wrong indentation)"
        " — 如果它与上一行是同一层，删去行首多余的空格使两行左边对齐；写了值的字段下面不能再有下一层",
    ),
    (
        "a field of a list item indented one space too few",
        "    residents: 7",
        "   residents: 7",
        f"{P}19:4: error[yaml-indent]: 这一行的缩进与上面的列表项对不齐 (wrong indentation)"
        " — 同一个列表的每一项“- ”左边对齐；列表项下的字段比“-”多缩进两个空格",
    ),
    (
        "a colon and a space inside a value",
        "group: 第5代表小组",
        "group: 第5代表小组: 农业",
        f"{P}13:14: error[yaml-syntax]: 值里有“冒号加空格”，YAML 把它当成了新的字段 (colon in value)"
        ' — 给整个值加半角引号：group: "第5代表小组: 农业"；或把这个冒号换成全角“：”',
    ),
    (
        "an unclosed quote",
        "name: 王惠敏",
        'name: "王惠敏',
        f'{P}4:7: error[yaml-syntax]: 引号 " 从这里开始，到文件末尾都没有闭合 (unclosed quote)'
        ' — 在这个值的末尾补上另一个 "；值里本身有这种引号时，整段改用另一种引号',
    ),
]


SUGGESTION = "records/suggestions/2026/S-2026-0023.yaml"
S = f"{SUGGESTION}:"

# The same on a suggestion, where the schema refuses what libyaml read as text, or libyaml notices
# many lines below the cause. (case, old text, new text, the exact lines printed for the file)
SUGGESTION_CASES = [
    (
        "full-width single quotes around a date",
        "received: '2026-11-06'",
        "received: ‘2026-11-06’",
        [
            f"{S}8:11: error[yaml-fullwidth]: 用了全角引号 ‘，它只是文字，不起引号的作用 (full-width quote)"
            ' — 改用半角引号 "…"：received: "2026-11-06"'
        ],
    ),
    (
        "full-width double quotes around a status",
        "status: registered\ntimeline:",
        "status: “registered”\ntimeline:",
        [
            f"{S}16:9: error[yaml-fullwidth]: 用了全角引号 “，它只是文字，不起引号的作用 (full-width quote)"
            ' — 改用半角引号 "…"：status: "registered"'
        ],
    ),
    (
        "no space after the dash of the only item",
        "  - D-0021",
        "  -D-0021",
        [
            f"{S}14:4: error[yaml-missing-space]: 列表项的“-”后缺少空格 (missing space after dash)"
            " — “-”后加一个半角空格：- D-0021"
        ],
    ),
    (
        "a quote left open, closed by a quote ten lines below",
        "received: '2026-11-06'",
        "received: '2026-11-06",
        [
            f"{S}8:11: error[yaml-syntax]: 引号 ' 从这里开始没有在本行闭合，一直读到第 18 行的 ' 才结束 (unclosed quote)"
            " — 在这个值的末尾补上另一个 '；值里本身有这种引号时，整段改用另一种引号"
        ],
    ),
    (
        "the first item of a list indented one space too few",
        "  - date: '2026-11-06'",
        " - date: '2026-11-06'",
        [
            f"{S}18:2: error[yaml-indent]: 这一项的“-”与同一列表下面的各项对不齐 (wrong indentation)"
            " — 同一个列表的每一项“- ”左边对齐，这个列表的“-”前是 2 个空格；列表项下的字段比“-”多缩进两个空格"
        ],
    ),
    ("a note wholly in full-width quotes is prose", "note: 登记入台账", "note: “登记入台账”", []),
]


def _broken_copy(tmp_path_factory, rel: str, old: str, new: str):
    root = tmp_path_factory.mktemp("typo") / "ledger"
    shutil.copytree(REPO / "records", root / "records")
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """One copy of the demo records per case, all validated by one run of the real CLI each."""
    out = {name: _broken_copy(tmp_path_factory, REL, old, new) for name, old, new, _ in CASES}
    out.update({name: _broken_copy(tmp_path_factory, SUGGESTION, old, new) for name, old, new, _ in SUGGESTION_CASES})
    return out


@pytest.mark.parametrize("name,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_the_typist_reads_the_cause_on_its_line(broken, name, old, new, expected):
    proc = minyi("validate", "--today", TODAY, cwd=broken[name], check=1)
    rows = [row for row in proc.stdout.splitlines() if row.startswith(P)]
    assert expected in rows, rows  # what libyaml reads as text can break a field too: the schema says so beside it


@pytest.mark.parametrize("name,old,new,expected", SUGGESTION_CASES, ids=[c[0] for c in SUGGESTION_CASES])
def test_the_typist_reads_the_cause_not_the_schema_nor_a_line_below(broken, name, old, new, expected):
    proc = minyi("validate", "--today", TODAY, cwd=broken[name], check=1 if expected else 0)
    assert [row for row in proc.stdout.splitlines() if row.startswith(S)] == expected


def test_libyaml_no_longer_points_one_line_too_low():
    """The case of the issue: a key with a full-width colon was reported at the start of the next line."""
    text = "# yaml-language-server: $schema=x\nid: D-0001\nname： 王惠敏\nsector: 农业\n"
    _, problems = parse(text, "f.yaml")
    assert [(p.line, p.col, p.rule) for p in problems] == [(3, 5, "yaml-fullwidth")]


@pytest.mark.parametrize(
    "line,rule,at",
    [
        ("name: 张三\n---\nid: D-0002", "yaml-syntax", (4, 1)),  # a second document
        ("name: `张三`", "yaml-syntax", (3, 7)),  # a backquote cannot start a value
        ('name: "张三" 李四', "yaml-syntax", (3, 12)),  # text after the closing quote
        ("levels: - 区县", "yaml-indent", (3, 9)),  # a list item on the key's line
        ("levels: [区县", "yaml-syntax", (3, 9)),  # a bracket never closed
        ("name: 张三\nlevels:\n  - 区县\n - 街道", "yaml-indent", (6, 2)),
        ("departments:\n  lead:DEP-002", "yaml-missing-space", (4, 7)),  # read as one text, not a field
        ("departments:\n  lead:\u3000DEP-002", "yaml-fullwidth", (4, 8)),
        ("levels:\n  - 区县\n\u3000\u3000note: 街道", "yaml-fullwidth", (5, 1)),  # a key with two spaces in it
    ],
)
def test_other_mistakes_name_their_line(line, rule, at):
    _, problems = parse(f"# yaml-language-server: $schema=x\nid: D-0001\n{line}\n", "f.yaml")
    assert [(p.rule, (p.line, p.col)) for p in problems] == [(rule, at)], [p.text() for p in problems]


@pytest.mark.parametrize(
    "line",
    ["note: 主题接待：停车难，老旧小区改造", "note: “代表在身边”集中接待", "url: https://x.example.cn/a", "t: '10:30'"],
)
def test_full_width_punctuation_in_text_is_text(line):
    """Chinese prose is full of `：`, `，` and `“”`: only where YAML's own punctuation was meant is it a mistake."""
    loaded, problems = parse(f"# yaml-language-server: $schema=x\nid: D-0001\n{line}\n", "f.yaml")
    assert problems == [] and loaded is not None
