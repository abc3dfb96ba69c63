"""minyi report (月度通报): figures worked out by hand, and the exact output for a small ledger.

The demo's June 2026 is checked against lists of record ids written here with the reason
each counts (the records' timelines read by eye), not against the code's own numbers.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from conftest import REPO, TODAY, init_repo, minyi

from minyi.bulletin_text import DEFINITIONS
from minyi.kinds.suggestion import Suggestion
from minyi.model import from_data
from minyi.rewind import rewound

# ---- The demo ledger, June 2026 (state as of 2026-06-30) ----------------------------------
# Received by 2026-06-30: every 2024 and 2025 suggestion (22 + 16, all closed by 2026-01-15, all
# solved but four, all rated 满意 or 基本满意) and S-2026-0001 … S-2026-0008.
OLDER = [f"S-2024-{n:04d}" for n in range(1, 23)] + [f"S-2025-{n:04d}" for n in range(1, 17)]
# Not handled on 2026-06-30: merged (0002, 0003), not accepted (0006 on 06-03, 0007 on 06-05).
# S-2026-0008 was refused only on 07-02: on 06-30 it was registered, so accepted and open.
NOT_HANDLED = ["S-2026-0002", "S-2026-0003", "S-2026-0006", "S-2026-0007"]
OPEN = [
    "S-2026-0001",  # reopened 05-05, no answer since
    "S-2026-0004",  # closed 06-19, reopened 06-24
    "S-2026-0008",  # registered 06-27
]
CLOSED = OLDER + ["S-2026-0005"]  # 0005 closed 06-22; reopened only on 07-01
# Overdue on 06-30: handled, deadline passed, no answer since reopening.
OVERDUE = ["S-2026-0001", "S-2026-0004"]  # deadlines 04-28 and 06-22
# First answers after the deadline, among the closed (read off each timeline).
LATE_CLOSED = ["S-2024-0009", "S-2024-0010", "S-2024-0014", "S-2024-0016", "S-2024-0017", "S-2024-0021", "S-2025-0006"]
# Solved among the closed: the older ones but four 正在解决 (in_hand); 0005's outcome was
# re-recorded at its reopening on 07-01, so on 06-30 it is not known.
IN_HAND = ["S-2024-0002", "S-2024-0006", "S-2024-0020", "S-2024-0022"]
# Rated on 06-30: every older one (满意 or 基本满意), 0001 and 0004 不满意 at their reopening;
# 0005's rating at its closure was replaced when it was reopened on 07-01.
RATED_UNSATISFIED = ["S-2026-0001", "S-2026-0004"]
# Answered with a deadline (all the closed but 0005 plus 0001, 0004, 0005): late ones as above.
ANSWERED = OLDER + ["S-2026-0001", "S-2026-0004", "S-2026-0005"]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%"


@pytest.fixture(scope="module")
def june(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "ledger"
    shutil.copytree(REPO / "records", root / "records")
    init_repo(root)
    out = minyi("report", "--month", "2026-06", "--today", TODAY, cwd=root, check=0).stdout
    csv_out = minyi("report", "--month", "2026-06", "--format", "csv", "--today", TODAY, cwd=root, check=0).stdout
    return out, {(r.split(",")[4], r.split(",")[5]): r.split(",") for r in csv_out.lstrip("\ufeff").splitlines()[1:]}


def test_the_hand_made_lists_cover_the_demo_as_it_is():
    """A suggestion added to the demo before July 2026 changes June's figures: recount them by hand."""
    received = {
        p.stem
        for p in (REPO / "records/suggestions").rglob("S-*.yaml")
        if str(yaml.safe_load(p.read_text(encoding="utf-8"))["received"]) <= "2026-06-30"
    }
    assert received == set(OLDER + [f"S-2026-{n:04d}" for n in range(1, 9)])


def test_june_district_figures_by_hand(june):
    out, rows = june
    accepted = len(OLDER) + 8 - len(NOT_HANDLED)
    assert accepted == 42
    closed, on_time_closed = len(CLOSED), len(CLOSED) - len(LATE_CLOSED)
    # June itself: received 0008 (06-26); first answers 0004 (06-14 ≤ 06-22) and 0005 (06-19 ≤ 06-25);
    # closed 0005 (06-22, still closed on 06-30; 0004's closure of 06-19 was undone on 06-24);
    # rated in June: 0004 不满意 at its reopening.
    assert (
        "本期收到意见建议 1 件，交办 0 件；首次答复 2 件，其中按期 2 件、逾期 0 件；办结 1 件；"
        f"测评满意（含基本满意）0 件、不满意 1 件。截至 2026-06-30，未办结 {len(OPEN)} 件，其中逾期 {len(OVERDUE)} 件。"
    ) in out
    solved = len(OLDER) - len(IN_HAND)
    assert (
        f"| 办结率 | {pct(closed, accepted)} | 已办结 {closed} ÷ 受理（不含不予受理、已合并、已撤回） {accepted} |"
        in out
    )
    assert (
        f"| 按期办结率 | {pct(on_time_closed, closed)} | 按期办结 {on_time_closed} ÷ 已办结（有办理时限） {closed} |"
        in out
    )
    assert f"| 已办结中已解决的比例 | {pct(solved, closed)} |" in out
    on_time = len(ANSWERED) - len(LATE_CLOSED)
    assert f"| 按期答复率 | {pct(on_time, len(ANSWERED))} |" in out  # 34 ÷ 41: nobody overdue without an answer
    rated = len(OLDER) + len(RATED_UNSATISFIED)
    assert f"| 满意率 | {pct(len(OLDER), rated)} | 满意和基本满意 {len(OLDER)} ÷ 已测评 {rated} |" in out
    total = rows[("合计", "")]
    assert ",".join(total[7:]) == "1,0,2,0,1,0,1,3,2,42,39,32,7,92.9,82.1"


def test_june_department_and_street_lines_by_hand(june):
    out, rows = june
    # 区交通局 leads S-2024-0014 and S-2024-0017 (closed, answered late), S-2025-0007 and S-2025-0012
    # (closed on time) and S-2026-0004 (answered on time in June, reopened 06-24: open, overdue, 不满意).
    assert "| 区交通局（DEP-003） | 0 | 1 | 0 | 0 | 0 | 1 | 1 | 1 | 80.0% | 50.0% |" in out
    assert ",".join(rows[("部门", "DEP-003")][7:]) == ",0,1,0,0,0,1,1,1,5,4,2,2,80.0,50.0"
    # 华龙街道: S-2024-0004, 0007, 0011, 0021 (late), 0022, S-2025-0001, 0004, 0005, 0013, 0016 and
    # S-2026-0005 (answered and closed in June): 11 closed, 10 on time; S-2026-0007 was not accepted on 06-05.
    assert "| 华龙街道 | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 100.0% | 90.9% |" in out
    # The month's one closure: S-2026-0005, received 05-22, closed 06-22 (31 days), answered on time.
    assert "| S-2026-0005 | 建议在河道两侧建设健身步道 | 区水利局 | 华龙街道 | 2026-06-22 | 31 | 按期 | — | — |" in out


def test_october_counts_what_happened_in_october(ledger):
    out = minyi("report", "--month", "2026-10", "--today", TODAY, cwd=ledger, check=0).stdout
    # Received: S-2026-0021 (10-01); first assigned: S-2026-0020 (10-07) and S-2026-0021 (10-09).
    # Open on 10-31: 0001, 0004, 0005 (reopened), 0009, 0010, 0011, 0013, 0015, 0018 (answered),
    # 0012, 0014, 0016, 0017 (in progress), 0019, 0020, 0021 (assigned) = 16; overdue: the three
    # reopened and 0012, 0014, 0016, 0017, 0019 and 0021 (deadline 10-24) = 9.
    assert "本期收到意见建议 1 件，交办 2 件；首次答复 0 件" in out
    assert "截至 2026-10-31，未办结 16 件，其中逾期 9 件。" in out
    assert "本期没有办结的意见建议。" in out


# ---- A small ledger: the exact output -------------------------------------------------------
SMALL = ("S-2026-0004", "S-2026-0005", "S-2026-0009", "S-2026-0021")


@pytest.fixture
def small(tmp_path):
    """The demo's settings, departments, deputies and stations, and four suggestions; S-2026-0009
    closed through the CLI on 2026-08-10 (满意, 已解决)."""
    root = tmp_path / "small"
    (root / "records" / "suggestions" / "2026").mkdir(parents=True)
    for part in ("ledger.yaml", "departments", "deputies", "stations"):
        copy = shutil.copytree if (REPO / "records" / part).is_dir() else shutil.copy
        copy(REPO / "records" / part, root / "records" / part)
    for rid in SMALL:
        shutil.copy(REPO / f"records/suggestions/2026/{rid}.yaml", root / "records/suggestions/2026")
    init_repo(root)
    close = ["advance", "S-2026-0009", "closed", "--by", "DEP-001", "--outcome", "solved", "--satisfaction", "满意"]
    minyi(*close, "--note", "回访办结", "--date", "2026-08-10", "--today", TODAY, cwd=root, check=0)
    return root


AUGUST = """# 青溪区民意台账 2026 年 8 月通报

- 统计期间：2026-08-01 至 2026-08-31
- 期末状态截至：2026-08-31

## 概况

本期收到意见建议 0 件，交办 0 件；首次答复 1 件，其中按期 1 件、逾期 0 件；办结 1 件；测评满意（含基本满意）1 件、不满意 0 件。截至 2026-08-31，未办结 2 件，其中逾期 2 件。

| 比率 | 数值 | 计算 |
|---|---|---|
| 办结率 | 33.3% | 已办结 1 ÷ 受理（不含不予受理、已合并、已撤回） 3 |
| 按期办结率 | 100.0% | 按期办结 1 ÷ 已办结（有办理时限） 1 |
| 已办结中已解决的比例 | 100.0% | 办理结果为“已解决”的已办结件 1 ÷ 已办结 1 |
| 全部受理中已解决的比例 | 33.3% | 办理结果为“已解决”的已办结件 1 ÷ 受理 3 |
| 按期答复率 | 100.0% | 在办理时限内首次答复 3 ÷ （已答复 + 尚未答复且已逾期） 3 |
| 满意率 | 33.3% | 满意和基本满意 1 ÷ 已测评 3 |

## 口径

{definitions}

## 按承办部门

| 部门 | 交办 | 按期答复 | 逾期答复 | 办结 | 满意 | 不满意 | 期末未办结 | 期末逾期 | 办结率 | 按期办结率 |
|---|---|---|---|---|---|---|---|---|---|---|
| 区交通局（DEP-003） | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 0.0% | — |
| 区水利局（DEP-005） | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 0.0% | — |
| 区城管局（DEP-007） | 0 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 100.0% | 100.0% |

## 按街道（镇）

| 街道（镇） | 收到 | 交办 | 按期答复 | 逾期答复 | 办结 | 满意 | 不满意 | 期末未办结 | 期末逾期 | 办结率 | 按期办结率 |
|---|---|---|---|---|---|---|---|---|---|---|---|
| 振兴街道 | 0 | 0 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 100.0% | 100.0% |
| 华龙街道 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 0.0% | — |
| 城关镇 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 0.0% | — |

## 本期办结

本期办结 1 件。

| 编号 | 标题 | 承办部门 | 街道（镇） | 办结日期 | 办理天数 | 首次答复 | 办理结果 | 满意度 |
|---|---|---|---|---|---|---|---|---|
| S-2026-0009 | 建议开辟临时停车泊位缓解停车难 | 区城管局 | 振兴街道 | 2026-08-10 | 26 | 按期 | 已解决 | 满意 |
"""


def test_small_ledger_markdown_exact(small):
    # streets in the order of the ledger's street list (东湖, 梨园, 振兴, 华龙, 城关镇, 路北)
    # S-2026-0004 and 0005 (answered on time in June, reopened 06-24 and 07-01, 不满意) are open and
    # overdue on 08-31; S-2026-0009 was answered on 08-02 (deadline 08-20) and closed on 08-10;
    # S-2026-0021 was received only on 10-01.
    out = minyi("report", "--month", "2026-08", "--today", TODAY, cwd=small, check=0).stdout
    assert out == AUGUST.replace("{definitions}", "\n".join(f"- {d}" for d in DEFINITIONS))


def test_small_ledger_csv_exact(small):
    out = minyi("report", "--month", "2026-08", "--format", "csv", "--today", TODAY, cwd=small, check=0).stdout
    head = "2026-08,2026-08-01,2026-08-31,2026-08-31"
    assert out == (
        "\ufeffperiod,start,end,as_of,group,key,name,received,assigned,answered_on_time,answered_late,closed,"
        "satisfied,dissatisfied,open,overdue,accepted,closed_total,closed_on_time,closed_late,closure_rate,"
        "on_time_closure_rate\n"
        f"{head},合计,,合计,0,0,1,0,1,1,0,2,2,3,1,1,0,33.3,100.0\n"
        f"{head},部门,DEP-003,区交通局,,0,0,0,0,0,0,1,1,1,0,0,0,0.0,\n"
        f"{head},部门,DEP-005,区水利局,,0,0,0,0,0,0,1,1,1,0,0,0,0.0,\n"
        f"{head},部门,DEP-007,区城管局,,0,1,0,1,1,0,0,0,1,1,1,0,100.0,100.0\n"
        f"{head},街道,振兴街道,振兴街道,0,0,1,0,1,1,0,0,0,1,1,1,0,100.0,100.0\n"
        f"{head},街道,华龙街道,华龙街道,0,0,0,0,0,0,0,1,1,1,0,0,0,0.0,\n"
        f"{head},街道,城关镇,城关镇,0,0,0,0,0,0,0,1,1,1,0,0,0,0.0,\n"
    )


def test_quarter_still_running_says_so_and_year_reads_the_whole_year(small):
    out = minyi("report", "--quarter", "2026-q4", "--today", TODAY, cwd=small, check=0).stdout
    assert out.startswith("# 青溪区民意台账 2026 年第四季度通报\n\n- 统计期间：2026-10-01 至 2026-12-31\n")
    assert "- 期末状态截至：2026-11-22（本期尚未结束）\n" in out
    assert "本期收到意见建议 1 件，交办 1 件；" in out  # S-2026-0021
    out = minyi("report", "--year", "2026", "--today", TODAY, cwd=small, check=0).stdout
    # All four received and assigned in 2026; six first answers … three: 0004, 0005, 0009, all on time.
    assert "本期收到意见建议 4 件，交办 4 件；首次答复 3 件，其中按期 3 件、逾期 0 件；办结 1 件；" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--month、--quarter、--year 必须给出且只给出一个，如 --month 2026-10"),
        (("--month", "2026-10", "--year", "2026"), "--month、--quarter、--year 必须给出且只给出一个"),
        (("--month", "2026-13"), "“2026-13”不是月份：月份应在 1 到 12 之间，应写作 YYYY-MM，如 2026-10"),
        (("--month", "十月"), "“十月”不是月份，应写作 YYYY-MM，如 2026-10"),
        (("--quarter", "2026-Q5"), "“2026-Q5”不是季度，应写作 YYYY-Qn，如 2026-Q3"),
        (("--year", "2027"), "2027 年还没有开始（今天是 2026-11-22）"),
    ],
)
def test_bad_periods_are_one_chinese_line(small, args, message):
    proc = minyi("report", *args, "--today", TODAY, cwd=small, check=2)
    assert message in proc.stderr
    assert proc.stdout == ""


def test_a_broken_ledger_gives_no_bulletin(small):
    path = small / "records/suggestions/2026/S-2026-0021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("received: '2026-10-01'", "received: 2026-10-xx"), "utf-8")
    proc = minyi("report", "--month", "2026-10", "--today", TODAY, cwd=small, check=1)
    assert proc.stdout == ""
    assert "S-2026-0021.yaml" in proc.stderr
    assert "错误：台账有 1 个问题，未生成通报" in proc.stderr


def test_a_rating_given_again_after_the_day_is_unknown_on_the_day():
    # S-2026-0005 was closed on 06-22 and reopened on 07-01, which recorded 不满意 over the closure's
    # rating: on 06-30 it was closed with a rating nobody can read any more, not 不满意.
    data = yaml.safe_load((REPO / "records/suggestions/2026/S-2026-0005.yaml").read_text(encoding="utf-8"))
    s = rewound("suggestion", from_data(Suggestion, data), dt.date(2026, 6, 30))
    assert (s.status, s.satisfaction, s.outcome, s.deadline) == ("closed", None, None, dt.date(2026, 6, 25))
