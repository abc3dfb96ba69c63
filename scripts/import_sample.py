"""Make docs/import-sample.xlsx: a 台账 as the demo district (青溪区) keeps it in Excel, for `minyi import`.

The sheet looks like a real one: a title row, a blank row, headings with stray spaces,
a line break and a full-width colon, dates typed three ways and as Excel date cells,
a 反映人 and a 联系电话 column (never imported), a 备注 column. Rows 4-13 are clean;
rows 14-19 hold one deliberate mistake each (see MISTAKES), which the guide and
tests/test_import.py show. Run it again after changing a row:

    python scripts/import_sample.py            # writes docs/import-sample.xlsx
    python scripts/import_sample.py out.csv    # the same rows as CSV (GB18030 when named *.gb18030.csv)
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

D = dt.date
TITLE = "青溪区2025年群众意见建议办理台账"
HEADINGS = ("序号", "收到 日期", "反映人", "联系电话", "渠道", "代表", "问题内容", "类别", "所属街道", "社区",
            "交办部门\n", "交办日期", "办理时限", "办理结果", "答复日期", "结果分类", "满意度：", "办结日期", "备注")  # fmt: skip

CLEAN = [
    ("2025-3-5", "王女士", "138****0001", "代表码", "何莹", "梨园后街路灯损坏多盏，夜间出行不便，建议尽快维修。", "城市建设", "梨园街道", "梨园社区",
     "区城管局", "2025/3/7", "15天", "已更换路灯12盏，恢复夜间照明。", "2025年3月20日", "已解决", "满意", D(2025, 3, 28), ""),
    (D(2025, 3, 12), "李先生", "", "走访", "赵振国", "东湖小区雨污管道堵塞，雨天污水漫溢，影响居民出行。", "生态环境", "东湖街道", "湖滨社区",
     "区住建局、东湖街道", D(2025, 3, 14), D(2025, 4, 14), "完成雨污管道清淤改造，加装截流井两处。", D(2025, 4, 10), "已解决", "基本满意", D(2025, 4, 18), "回访两次"),
    ("2025/4/2", "居民", "", "12345", "", "城关镇农贸市场周边占道经营严重，早高峰车辆通行困难。", "城市管理", "城关镇", "",
     "区城管局", "2025/4/3", "10个工作日", "划定临时疏导点，早高峰安排人员值守。", "2025/4/16", "正在解决", "满意", "2025/4/25", ""),
    ("2025年4月18日", "张阿姨", "139****0002", "联络站接待", "许国平", "梨园小学门口上下学时段拥堵，建议增设护学岗和临时停车泊位。", "科教文卫", "梨园街道", "梨园社区",
     "区交警大队", "2025年4月21日", "30天", "已在上下学时段增派警力，临时泊位需规划论证。", "2025年5月15日", "解释说明", "基本满意", "", ""),
    ("2025-5-9", "", "", "网格", "", "华龙街道老旧小区电动自行车充电桩不足，居民飞线充电存在隐患。", "社会事务", "华龙街道", "",
     "区住建局", "2025-5-12", "", "新建充电桩40个，开展飞线充电专项整治。", "2025-6-6", "已解决", "满意", "2025-6-20", ""),
    ("2025-6-3", "周先生", "", "代表码", "李红梅", "振兴路公交站台无遮雨棚，老人候车日晒雨淋。", "城市建设", "振兴街道", "复兴社区",
     "区交通局", "2025-6-5", "2025-7-5", "已将站台改造列入年度计划。", "2025-7-1", "", "", "", "待回访"),
    ("2025-7-14", "", "", "小程序", "", "路北街道农贸市场活禽宰杀区卫生较差，夏季异味明显。", "食品安全", "路北街道", "",
     "区市场监管局", "2025-7-15", "15日", "", "", "", "", "", ""),
    ("2025-8-20", "孙女士", "", "走访", "吴国强", "华龙公园健身器材老化，部分器材存在安全隐患。", "社会事务", "华龙街道", "",
     "", "", "", "", "", "", "", "", "已登记，待交办"),
    ("2025-9-2", "", "", "12345", "", "东湖街道部分路段夜间施工噪音扰民，影响居民休息。", "环境保护", "东湖街道", "",
     "区生态环境分局", "2025-9-3", "", "已责令施工单位调整作业时间，夜间停止高噪声作业。", "2025-9-12", "已解决", "不满意", "2025-9-20", ""),
    ("2025-10-11", "", "", "网格", "", "城关镇部分农田灌溉渠年久失修，渗漏严重，影响秋种。", "农业农村", "城关镇", "",
     "区农业农村局", "2025-10-13", "20天", "已修复渗漏渠段1.2公里。", "2025-10-30", "已解决", "满意", "2025-11-8", ""),
]  # fmt: skip

MISTAKES = [  # (what is wrong, the row) — each row has exactly one mistake
    ("收到日期写成 2025.13.5", ("2025.13.5", "", "", "网格", "", "东湖街道东湖路段人行道地砖松动，雨天溅水。", "城市建设", "东湖街道", "",
     "区住建局", "2025-3-10", "15天", "", "", "", "", "", "")),
    ("交办部门写成台账中没有的“城建局”", ("2025-3-18", "", "", "12345", "", "梨园街道梨香路积水严重，暴雨后车辆无法通行。", "城市建设", "梨园街道", "",
     "城建局", "2025-3-19", "15天", "", "", "", "", "", "")),
    ("问题内容里有全角数字写的手机号", ("2025-4-8", "", "", "网格", "", "华龙街道小区楼道堆放杂物，联系电话１３９１２３４５６７８。", "城市管理", "华龙街道", "",
     "区城管局", "2025-4-9", "", "", "", "", "", "", "")),
    ("所属街道写成“东湖街”", ("2025-5-6", "", "", "网格", "", "东湖社区垃圾分类亭破损，分类投放无法进行。", "环境保护", "东湖街", "",
     "东湖街道", "2025-5-7", "", "", "", "", "", "", "")),
    ("满意度写成“很满意”", ("2025-6-16", "", "", "小程序", "", "振兴街道社区卫生服务站周末不开诊，老人看病不便。", "科教文卫", "振兴街道", "",
     "区卫健局", "2025-6-17", "", "已安排周六上午门诊。", "2025-7-1", "已解决", "很满意", "2025-7-8", "")),
    ("与第 4 行重复", CLEAN[0]),
]  # fmt: skip


def rows(mistakes: bool = True) -> list[tuple]:
    """The data rows, numbered: each is (序号, cells...)."""
    chosen = CLEAN + ([row for _, row in MISTAKES] if mistakes else [])
    return [(n, *row) for n, row in enumerate(chosen, start=1)]


def write_xlsx(path: Path, data: list[tuple]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "2025年台账"
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADINGS))
    ws.append([])
    ws.append(list(HEADINGS))
    for row in data:
        ws.append([None if v == "" else v for v in row])
    for cells in ws.iter_rows(min_row=4):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    stamp = dt.datetime(2025, 11, 30, 9, 0)  # fixed, so the file does not change with the day it is made
    book.properties.created = book.properties.modified = stamp
    book.save(path)


def write_csv(path: Path, data: list[tuple], encoding: str = "utf-8-sig") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        out.writerow([TITLE])
        out.writerow([])
        out.writerow(HEADINGS)
        for row in data:
            out.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])


if __name__ == "__main__":
    target = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs/import-sample.xlsx"
    )
    if target.suffix == ".csv":
        write_csv(target, rows(), "gb18030" if target.name.endswith(".gb18030.csv") else "utf-8-sig")
    else:
        write_xlsx(target, rows())
    print(target)
