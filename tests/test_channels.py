"""`--deputy` is needed only where a deputy collected the suggestion, through the real CLI.

12345, 网格 and 小程序 reach the office with no deputy (the ledger settings'
`channels_without_deputy`); 走访 and the other deputy channels still name one.
"""

from __future__ import annotations

import yaml
from conftest import TODAY, commit, gate, git, minyi

NEW = (
    "new",
    "suggestion",
    "--title",
    "路口红绿灯时间太短",
    "--summary",
    "路口绿灯只有十几秒，老人过马路来不及",
    "--category",
)


def _new(pr, channel, *extra):
    return minyi(
        *NEW,
        "城市建设",
        "--channel",
        channel,
        "--street",
        "梨园街道",
        "--date",
        TODAY,
        "--today",
        TODAY,
        *extra,
        cwd=pr,
    )


def test_a_hotline_suggestion_needs_no_deputy_and_starts_with_the_office(pr):
    proc = _new(pr, "12345")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = yaml.safe_load((pr / proc.stdout.strip()).read_text(encoding="utf-8"))
    assert "deputies" not in data and data["timeline"][0]["by"] == "DEP-001"
    shown = minyi("show", data["id"], "--today", TODAY, cwd=pr, check=0).stdout
    assert "DEP-001" in shown  # held by the office until it is registered
    minyi("validate", "--today", TODAY, cwd=pr, check=0)
    commit(pr, "New hotline suggestion")
    result = gate(pr)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_deputy_channel_without_a_deputy_is_refused_and_nothing_is_written(pr):
    proc = _new(pr, "走访")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "deputy-missing" in out and "--deputy" in out and "走访" in out
    assert git(pr, "status", "--porcelain") == ""


def test_a_deputy_channel_with_a_deputy_still_works(pr):
    proc = _new(pr, "走访", "--deputy", "D-0001")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = yaml.safe_load((pr / proc.stdout.strip()).read_text(encoding="utf-8"))
    assert data["deputies"] == ["D-0001"] and data["timeline"][0]["by"] == "D-0001"


def test_the_settings_decide_which_channels_need_a_deputy(pr):
    settings = pr / "records/ledger.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "channels_without_deputy: ['12345']\n", encoding="utf-8")
    proc = _new(pr, "网格")
    assert proc.returncode != 0 and "deputy-missing" in proc.stdout + proc.stderr
