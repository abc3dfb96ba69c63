"""代表联络站: where residents meet deputies, and what was collected there."""
from __future__ import annotations

from ..html import badge, block, esc, facts, table
from .common import Site, url_of

PAGE = "stations/"


def build(site: Site) -> None:
    stations = sorted(site.ledger.of("station"), key=lambda r: r.id)
    collected = {s.id: [r for r in site.rows if r["data"].get("station") == s.id] for s in stations}
    rows = [[site.link(PAGE, s.id), esc(s.data["kind"]), esc(s.data["street"]), esc(s.data.get("address", "")),
             esc(s.data.get("hours", "")), str(len(s.data.get("deputies", []))), str(len(collected[s.id]))] for s in stations]
    site.page("stations/index.md", "代表联络站", block(
        "<p>代表联络站是代表接待群众、收集意见的地方，也包括扫代表码、小程序等线上渠道。</p>",
        table(["联络站", "类型", "街道（镇）", "地址", "接待时间", "进站代表", "收集建议"], rows, "代表联络站")),
        "代表联络站的地址、接待时间和进站代表", hide=("navigation", "toc"))
    for s in stations:
        url = url_of(s.id)
        d = s.data
        key = facts([("类型", esc(d["kind"])), ("街道（镇）", esc(d["street"])), ("地址", esc(d.get("address", ""))),
                     ("接待时间", esc(d.get("hours", ""))), ("电话", esc(d.get("phone", ""))), ("说明", esc(d.get("note", "")))])
        deps = "、".join(site.link(url, x) for x in d.get("deputies", [])) or "暂无"
        sug = [[site.link(url, r["id"], f'{r["id"]} {r["data"]["title"]}'), badge("suggestion", r["data"]["status"]), esc(r["data"]["received"])]
               for r in sorted(collected[s.id], key=lambda r: r["data"]["received"], reverse=True)]
        site.record(s.id, d["name"], block(
            '<article class="mi-record">', key, f'<h2 id="dep-h">进站代表</h2><p>{deps}</p>',
            f'<h2 id="sug-h">在这里收集的意见建议（{len(sug)} 条）</h2>',
            table(["建议", "状态", "收到"], sug, "收集的意见建议") if sug else "<p>暂无。</p>",
            f'<p class="mi-source">{site.source_link(s.id)}</p>', "</article>"), f'{d["kind"]}，{d["street"]}')
