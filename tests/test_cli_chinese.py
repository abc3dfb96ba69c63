"""click's own words in Chinese, `show` in labels, and one quoting style for every command that writes.

Through the real CLI: the usage line, the error line and the help headings a clerk reads
are Chinese (click's message ids translated by a gettext catalogue, click itself untouched);
`show` says 已解决, not solved; and a text written by `minyi new` looks the same as the
same text written by `minyi advance` into the same file.
"""

from __future__ import annotations

import gettext
import os

import pytest
from conftest import TODAY, minyi
from hypothesis import given, settings
from hypothesis import strategies as st

from minyi import edit
from minyi.cli.zh import MO_FILE, chinese, mo_bytes
from minyi.load import parse


@pytest.mark.parametrize(
    "args,lines",
    [
        (
            ["advance", "S-2026-0022"],
            ["用法: minyi advance [选项] RECORD_ID STATUS", "运行 'minyi advance --help' 查看帮助。", "",
             "错误：缺少参数 'STATUS'."],
        ),
        (
            ["advance", "S-2026-0022", "assigned", "--laed", "DEP-002"],
            ["用法: minyi advance [选项] RECORD_ID STATUS", "运行 'minyi advance --help' 查看帮助。", "",
             "错误：没有这个选项 '--laed'。 你是不是想写 '--lead'？"],
        ),
        (
            ["advnce"],
            ["用法: minyi [选项] 命令 [参数]...", "运行 'minyi --help' 查看帮助。", "",
             "错误：没有这个命令 'advnce'。 你是不是想写 'advance'？"],
        ),
        (
            ["advance", "S-2026-0009", "closed", "--by", "DEP-001", "--note", "x", "--outcome", "solve"],
            ["用法: minyi advance [选项] RECORD_ID STATUS", "运行 'minyi advance --help' 查看帮助。", "",
             "错误：'--outcome' 的值不对：'solve' 不是可选的值（'solved', 'in_hand', 'explained'）之一。"],
        ),
        (["advance", "S-2026-0022", "assigned", "--by", "DEP-001", "--note"], ["错误：选项 '--note' 后面要写一个值。"]),
    ],
    ids=["missing argument", "no such option", "no such command", "bad choice", "option without value"],
)  # fmt: skip
def test_click_speaks_chinese(ledger, args, lines):
    proc = minyi(*args, cwd=ledger, check=2, env={"LANGUAGE": "en_US", "LANG": "en_US.UTF-8"})
    assert proc.stderr.replace("python -m minyi", "minyi").splitlines() == lines


def test_help_headings_and_version_in_chinese(ledger):
    out = minyi("--help", cwd=ledger, check=0).stdout
    assert out.startswith("用法: python -m minyi [选项] 命令 [参数]...\n")
    assert "\n选项:\n  --version   显示版本号并退出。\n  -h, --help  显示本帮助并退出。\n\n命令:\n" in out
    assert minyi("--version", cwd=ledger, check=0).stdout.startswith("python -m minyi，版本 ")
    assert "  -h, --help " in minyi("advance", "-h", cwd=ledger, check=0).stdout


def test_the_language_of_the_process_is_restored():
    """Only the CLI run speaks Chinese: code calling click in the same process afterwards is unchanged."""
    before = (os.environ.get("LANGUAGE"), gettext.bindtextdomain("messages"))
    with chinese():
        assert gettext.gettext("Usage:") == "用法:"
    assert (os.environ.get("LANGUAGE"), gettext.bindtextdomain("messages")) == before


def test_the_compiled_catalogue_is_current():
    assert MO_FILE.read_bytes() == mo_bytes(), "run `python -m minyi.cli.zh` to recompile the catalogue"


def test_show_prints_labels_not_codes(ledger):
    out = minyi("show", "S-2024-0003", "--today", TODAY, cwd=ledger, check=0).stdout.splitlines()
    assert "状态: 已办结（办结清单）" in out
    assert "办理结果: 已解决    满意度: 满意" in out
    assert not any("solved" in line or "closed" in line for line in out[:12])


def test_new_and_advance_write_the_same_quoting_style(ledger):
    """The same text through `new` (a template) and `advance` (ruamel) gives the same line in the file."""
    rel = minyi(
        "new", "suggestion", "--title", "登记: 入台账", "--summary", "路口绿灯只有十几秒，老人过马路来不及",
        "--category", "城市建设", "--channel", "12345", "--street", "梨园街道", "--location", "#3 号楼",
        "--date", "2026-11-20", "--today", TODAY, cwd=ledger, check=0,
    ).stdout.strip()  # fmt: skip
    rid = rel.rsplit("/", 1)[1][: -len(".yaml")]
    minyi("advance", rid, "registered", "--by", "DEP-001", "--note", "登记: 入台账", "--date", "2026-11-21",
          "--today", TODAY, cwd=ledger, check=0)  # fmt: skip
    lines = (ledger / rel).read_text(encoding="utf-8").splitlines()
    assert "title: '登记: 入台账'" in lines and "    note: '登记: 入台账'" in lines
    assert "  location: '#3 号楼'" in lines and "summary: 路口绿灯只有十几秒，老人过马路来不及" in lines
    assert "  - date: '2026-11-20'" in lines and "  - date: '2026-11-21'" in lines
    assert any(line.startswith("received: '2026-11-20'") for line in lines)


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=24))
def test_one_style_reads_back_every_text(text):
    """Whatever the text, the template's rendering equals ruamel's, and the ledger reads it back unchanged."""
    line = f"x: {edit.scalar(text)}\n"
    assert edit.dumps(edit.quoted({"x": text})) == line
    loaded, _ = parse(line, "f.yaml")
    assert loaded is not None and loaded.data["x"] == text
