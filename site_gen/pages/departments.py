"""部门工作评议: the public ranking of departments, with its formula, and a page per department."""
from __future__ import annotations

from ..html import badge, block, esc, facts, table
from .. import stats
from .common import Site, url_of

PAGE = "departments/"
HEAD = ["承办", "按期办结", "逾期办结", "未办结", "当前逾期", "平均答复天数", "按期答复率", "满意率", "重新办理"]


def _rate(x) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _cells(s: dict) -> list[str]:
    return [str(s["assigned"]), str(s["closed_on_time"]), str(s["closed_late"]), str(s["open"]), str(s["overdue"]),
            "—" if s["avg_days"] is None else str(s["avg_days"]), _rate(s["on_time_rate"]), _rate(s["satisfaction_rate"]),
            str(s["reopened"])]


def build(site: Site) -> None:
    min_cases = site.ledger.settings.min_cases_for_ranking
    all_stats = stats.department_stats(site.rows, site.ledger)
    ranked, others = stats.ranking(all_stats, min_cases)
    rank_rows = [[str(i), site.link(PAGE, s["id"], s["name"]), *_cells(s), f'<strong>{s["score"]}</strong>']
                 for i, s in enumerate(ranked, 1)]
    other_rows = [[site.link(PAGE, s["id"], s["name"]), *_cells(s)] for s in others if s["assigned"]]
    body = block(
        f"<p>按承办意见建议的办理情况公开评议各承办单位（统计截至 {site.as_of}）。</p>",
        f'<div class="mi-formula" role="note"><h2 id="formula">计分方法</h2><p>{esc(stats.RANKING_FORMULA.format(min_cases=min_cases))}</p></div>',
        '<h2 id="ranking">排名</h2>', table(["名次", "部门", *HEAD, "综合得分"], rank_rows, "部门工作评议排名"),
        '<h2 id="unranked">件数不足、暂不排名的单位</h2>' if other_rows else "",
        table(["部门", *HEAD], other_rows, "暂不排名的单位") if other_rows else "")
    site.page("departments/index.md", "部门工作评议", body, "承办部门按期答复率、满意率和重新办理情况的公开排名", hide=("navigation", "toc"))
    by_id = {s["id"]: s for s in all_stats}
    for dep in site.ledger.of("department"):
        site.record(dep.id, dep.data["name"], page(site, dep, by_id.get(dep.id)), f'{dep.data["kind"]}：{dep.data["name"]}')


def page(site: Site, dep, s) -> str:
    url = url_of(dep.id)
    d = dep.data
    key = facts([("类型", esc(d["kind"])), ("上级单位", esc(d.get("parent", ""))), ("街道", esc(d.get("street", ""))),
                 ("地址", esc(d.get("address", ""))), ("办公时间", esc(d.get("hours", ""))), ("电话", esc(d.get("phone", ""))),
                 ("联系代表", "、".join(site.link(url, x) for x in d.get("deputies", [])))])
    if s is None:
        rows = [r for r in site.rows if any(e["by"] == dep.id for e in r["data"]["timeline"])]
        intro = f"<p>本单位负责登记、交办和回访，经手意见建议 {len(rows)} 条，不参加部门评议。</p>"
    else:
        rows = s["rows"]
        intro = table(HEAD, [_cells(s)], "办理情况") + (f'<p>综合得分：<strong>{s["score"]}</strong></p>' if s["score"] is not None else "")
    sug = [[site.link(url, r["id"], f'{r["id"]} {r["data"]["title"]}'), badge("suggestion", r["data"]["status"]),
            esc(r["data"].get("deadline", "")), "已逾期" if r["overdue"] else ("按期" if r["on_time"] else ("逾期答复" if r["on_time"] is False else ""))]
           for r in sorted(rows, key=lambda r: r["id"], reverse=True)]
    projects = [p for p in site.ledger.of("project") if p.data.get("lead_department") == dep.id]
    prj = [[site.link(url, p.id, p.data["title"]), badge("project", p.data["status"]), f'{p.data.get("progress", 0)}%'] for p in projects]
    return block('<article class="mi-record">', key, '<h2 id="stat-h">办理情况</h2>', intro,
                 f'<h2 id="sug-h">意见建议（{len(sug)} 条）</h2>', table(["建议", "状态", "时限", "按期"], sug, "承办的意见建议") if sug else "<p>暂无。</p>",
                 f'<h2 id="prj-h">牵头的民生实事（{len(prj)} 个）</h2>' + (table(["项目", "状态", "进度"], prj, "牵头的民生实事") if prj else "<p>暂无。</p>"),
                 f'<p class="mi-source">{site.source_link(dep.id)}</p>', "</article>")

