"""驾驶舱: one screen with this year's figures, overdue items, charts, projects and the latest changes."""
from __future__ import annotations

import json
from statistics import mean

from minyi import lifecycle

from .. import stats
from ..charts import bar_chart
from ..html import badge, block, esc, pct, progress, table
from .common import Site, url_of
from .opendata import events

PAGE = ""


def finder(page_url: str) -> str:
    """The id/title finder: looks up any record by id or words of its title."""
    return block(
        '<form class="mi-finder" role="search" aria-label="按编号或标题查找记录">',
        '<label for="mi-finder-q">按编号或标题查找</label>',
        '<input id="mi-finder-q" type="search" name="q" autocomplete="off" placeholder="如 S-2024-0003 或 锦绣路" '
        'aria-describedby="mi-finder-help" aria-controls="mi-finder-results">',
        '<button type="submit" class="md-button md-button--primary">查找</button>',
        '<p id="mi-finder-help" class="mi-help">输入编号可直接打开；输入标题中的词会列出匹配的记录。</p>',
        '<ul id="mi-finder-results" class="mi-finder-results" aria-live="polite"></ul></form>')


def cards(site: Site, f: dict) -> str:
    items = [
        ("今年收到", f"{f['this_year']}", f"{site.as_of.year} 年收到的意见建议（累计 {f['total']} 条）"),
        ("办结率", pct(f["closed"], f["accepted"]), f"已办结 {f['closed']} ÷ 受理 {f['accepted']}（不含不予受理、合并）"),
        ("实际解决率", pct(f["solved"], f["closed"]), f"办结中“已解决”{f['solved']} 条；办结不等于解决"),
        ("按期答复率", pct(f["on_time"], f["answered"] + len(f["overdue"])), f"按期答复 {f['on_time']}，逾期答复或当前逾期 {f['late_or_overdue']}"),
        ("平均办结天数", "—" if f["avg_days_to_close"] is None else f"{f['avg_days_to_close']}", "从收到到办结的平均天数"),
        ("满意率", pct(f["satisfied"], f["rated"]), f"满意和基本满意 {f['satisfied']} ÷ 已测评 {f['rated']}"),
        ("当前逾期", f"{len(f['overdue'])}", "超过办理时限仍未答复"),
    ]
    return '<ul class="mi-cards">' + "".join(
        f'<li class="mi-card"><span class="mi-card-label">{esc(a)}</span><strong class="mi-card-value" data-figure="{esc(a)}">{esc(b)}</strong>'
        f'<span class="mi-card-note">{esc(c)}</span></li>' for a, b, c in items) + "</ul>"


def overdue_table(site: Site, f: dict) -> str:
    if not f["overdue"]:
        return "<p>目前没有逾期未答复的意见建议。</p>"
    rows = [[site.link(PAGE, r["id"], f'{r["id"]} {r["data"]["title"]}'), site.link(PAGE, r["lead"]), esc(r["data"]["deadline"]),
             f'{(site.as_of - r["deadline"]).days} 天'] for r in f["overdue"]]
    return table(["建议", "承办部门", "办理时限", "已超期"], rows, "逾期未答复的意见建议")


def projects_overview(site: Site) -> str:
    projects = [p for p in site.ledger.of("project") if p.data["status"] not in ("proposed", "shortlisted", "not_selected")]
    years = sorted({p.data["year"] for p in projects}, reverse=True)
    rows = []
    for y in years:
        mine = [p for p in projects if p.data["year"] == y]
        done = sum(1 for p in mine if p.data["status"] in lifecycle.DONE_PROJECT)
        avg = round(mean(p.data.get("progress", 0) for p in mine))
        rows.append([f'<a href="projects/#y{y}">{y} 年</a>', str(len(mine)), str(done),
                     progress(avg, f"{y} 年项目平均进度"), esc(f'{sum(p.data.get("budget") or 0 for p in mine):,.0f} 万元')])
    return table(["年度", "项目", "已完工", "平均进度", "总投资"], rows, "民生实事项目进展")


def latest(site: Site, n: int, page_url: str) -> str:
    rows = [[f'<time datetime="{esc(day)}">{esc(day)}</time>', site.link(page_url, rid, f'{rid} {rec.data["title"]}'),
             badge(kind, e["status"]), esc(e["note"])] for day, rid, i, kind, rec, e in events(site, n)]
    return table(["日期", "记录", "状态", "说明"], rows, "最新办理进展")


def build(site: Site) -> None:
    f = stats.dashboard(site.rows, site.as_of)
    rows = site.rows
    charts = block(
        '<div class="mi-charts">',
        bar_chart("c-status", "按状态", [(lifecycle.label("suggestion", s), n) for s, n in stats.count_by(rows, lambda r: r["data"]["status"])]),
        bar_chart("c-category", "按类别", stats.count_by(rows, lambda r: r["data"]["category"])),
        bar_chart("c-street", "按街道（镇）", stats.count_by(rows, lambda r: r["data"]["place"]["street"])),
        bar_chart("c-channel", "按收集渠道", stats.count_by(rows, lambda r: r["data"]["channel"])),
        "</div>")
    district = site.ledger.settings.district
    body = block(
        f'<p class="mi-asof">数据截至 <time datetime="{site.as_of}">{site.as_of.year} 年 {site.as_of.month} 月 {site.as_of.day} 日</time>；'
        "“已办天数”“逾期”均按这一天计算。</p>",
        finder(PAGE), '<h2 id="figures">总览</h2>', cards(site, f),
        '<h2 id="overdue">逾期未答复</h2>', overdue_table(site, f),
        '<h2 id="charts">意见建议分布</h2>', charts,
        '<h2 id="projects">民生实事</h2>', projects_overview(site),
        '<h2 id="latest">最新进展</h2>', latest(site, 12, PAGE),
        '<p><a href="changes/">查看全部最近更新</a> · <a href="feed.xml">订阅（Atom）</a></p>')
    site.page("index.md", f"{district}民意台账", body, f"{district}人大代表收集的意见建议、民生实事项目和部门评议，一屏总览",
              hide=("navigation", "toc"))
    site.page("changes/index.md", "最近更新", changes_page(site), "台账最近的修改：谁在什么时候记录了什么")
    site.files["data/finder.json"] = finder_index(site)


def changes_page(site: Site) -> str:
    """最近更新 from the git history: who recorded what, when, through which pull request."""
    from minyi.history import latest_changes

    commits = latest_changes(site.history, 100)
    if not commits:
        return block("<p>台账还没有 git 历史；下面是最近的办理事件，按事件日期从新到旧排列。</p>", latest(site, 100, "changes/"))
    rows = []
    for c in commits:
        pr = f'<a href="{esc(c["pr_url"])}">#{c["pr"]}</a>' if c.get("pr") else "—"
        what = "<br>".join(f'{site.link("changes/", rid, rid)}：{esc("；".join(ch))}' for rid, ch in c["records"][:20])
        more = f"<br>……共 {len(c['records'])} 条记录" if len(c["records"]) > 20 else ""
        commit = f'<a href="{esc(c["commit_url"])}"><code>{esc(c["commit"][:7])}</code></a>' if c["commit_url"] else f"<code>{esc(c['commit'][:7])}</code>"
        rows.append([f'<time datetime="{esc(c["date"])}">{esc(c["date"])}</time>', commit, esc(c["author"]), pr,
                     esc(c["message"]), what + more])
    return block("<p>台账在 git 仓库中的最近 100 次修改，从新到旧。每次修改都经过拉取请求审核，任何人都可以核对。"
                 "各记录页面的“修改记录”列出了该记录的全部修改。</p>",
                 table(["日期", "提交", "作者", "拉取请求", "说明", "改动的记录"], rows, "最近的修改"))


def finder_index(site: Site) -> str:
    items = []
    for kind in ("suggestion", "project", "deputy", "department", "station"):
        for rec in sorted(site.ledger.of(kind), key=lambda r: r.id):
            items.append([rec.id, rec.data.get("title") or rec.data.get("name"), url_of(rec.id)])
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))
