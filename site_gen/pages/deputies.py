"""代表: roster by role, level and station; a profile per deputy with QR code and record of duty."""
from __future__ import annotations

from collections import defaultdict

from ..html import badge, block, esc, facts, table
from ..qr import qr_figure
from .common import Site, url_of

PAGE = "deputies/"
ROLES = ("人大代表", "街道议政代表", "民情观察员")


def build(site: Site) -> None:
    deputies = sorted(site.ledger.of("deputy"), key=lambda r: r.id)
    carried = defaultdict(list)
    for r in site.rows:
        for dep in r["data"]["deputies"]:
            carried[dep].append(r)
    supervised = defaultdict(list)
    for p in site.ledger.of("project"):
        for dep in p.data.get("supervisors", []):
            supervised[dep].append(p)
    sections = []
    for role in ROLES:
        mine = [d for d in deputies if d.data["role"] == role]
        rows = [[site.link(PAGE, d.id), esc("、".join(d.data.get("levels", [])) or "—"), esc(d.data["street"]),
                 site.link(PAGE, d.data.get("station")), esc(d.data.get("sector", "")), str(len(carried[d.id])),
                 str(sum(x["residents"] for x in d.data.get("receptions", [])))] for d in mine]
        sections.append(block(f'<h2 id="{esc(role)}">{esc(role)}（{len(mine)} 位）</h2>',
                              table(["姓名", "层级", "街道（镇）", "联络站", "界别", "转交建议", "接待群众人次"], rows, role)))
    site.page("deputies/index.md", "代表", block(
        "<p>各级人大代表、街道议政代表和民情观察员的公开履职档案：扫描代表码可以直接向代表反映意见。</p>", *sections),
        "代表名册、代表码和履职记录", hide=("navigation", "toc"))
    pattern = site.ledger.settings.qr_url_pattern
    for d in deputies:
        site.record(d.id, d.data["name"], profile(site, d, carried[d.id], supervised[d.id], pattern),
                    f'{d.data["role"]}，{d.data["street"]}')


def profile(site: Site, d, carried, supervised, pattern) -> str:
    url = url_of(d.id)
    x = d.data
    key = facts([("身份", esc(x["role"])), ("层级", esc("、".join(x.get("levels", [])))), ("届次", esc(x["term"])),
                 ("街道（镇）", esc(x["street"])), ("选区或代表团", esc(x.get("constituency", ""))),
                 ("联络站", site.link(url, x.get("station"))), ("界别", esc(x.get("sector", ""))),
                 ("代表小组", esc(x.get("group", ""))), ("办公电话", esc(x.get("office_phone", "")))])
    qr = qr_figure(pattern.format(id=d.id), x["name"]) if x.get("qr", True) else ""
    rec = x.get("receptions", [])
    rec_rows = [[esc(r["date"]), site.link(url, r["station"]), str(r["residents"]), str(r["suggestions"]), esc(r.get("note", ""))] for r in rec]
    rec_html = table(["日期", "地点", "接待人次", "收集建议", "说明"], rec_rows, "接待记录") if rec else "<p>暂无接待记录。</p>"
    done = sum(1 for r in carried if r["data"]["status"] == "closed")
    solved = sum(1 for r in carried if r["data"].get("outcome") == "solved")
    sug_rows = [[site.link(url, r["id"], f'{r["id"]} {r["data"]["title"]}'), badge("suggestion", r["data"]["status"]),
                 esc(r["data"]["received"])] for r in sorted(carried, key=lambda r: r["data"]["received"], reverse=True)]
    sug_html = table(["建议", "状态", "收到"], sug_rows, "转交的意见建议") if carried else "<p>暂无。</p>"
    proj_rows = [[site.link(url, p.id, p.data["title"]), badge("project", p.data["status"]), f'{p.data.get("progress", 0)}%'] for p in supervised]
    proj_html = table(["项目", "状态", "进度"], proj_rows, "监督的民生实事") if supervised else "<p>暂无。</p>"
    return block(
        '<article class="mi-record mi-profile">', '<div class="mi-profile-head">', key, qr, "</div>",
        f'<section aria-labelledby="rec-h"><h2 id="rec-h">进站接待（{len(rec)} 次，{sum(r["residents"] for r in rec)} 人次）</h2>{rec_html}</section>',
        f'<section aria-labelledby="sug-h"><h2 id="sug-h">转交的意见建议（{len(carried)} 条，已办结 {done} 条，其中已解决 {solved} 条）</h2>{sug_html}</section>',
        f'<section aria-labelledby="prj-h"><h2 id="prj-h">监督的民生实事（{len(supervised)} 个）</h2>{proj_html}</section>',
        f'<p class="mi-source">{site.source_link(d.id)}</p>', "</article>")
