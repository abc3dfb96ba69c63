"""意见建议: the filterable list (problem / assignment / closed views) and one page per suggestion."""
from __future__ import annotations

import json

from minyi import lifecycle

from ..html import badge, block, esc, facts, flag
from .common import Site, href, url_of
from .timeline import audit_trail, timeline

OUTCOME = {"solved": "已解决", "in_hand": "正在解决或列入计划", "explained": "解释说明（暂不能解决）"}
FIELDS = ["id", "title", "status", "label", "stage", "category", "street", "lead", "lead_name", "received",
          "deadline", "overdue", "days_open", "outcome", "satisfaction", "url"]
VIEWS = (("index", "全部意见建议", None), ("problems", "问题清单", "问题清单"),
         ("assigned", "交办清单", "交办清单"), ("closed", "办结清单", "办结清单"))


def list_rows(site: Site) -> dict[int, list[list]]:
    by_year: dict[int, list[list]] = {}
    for r in site.rows:
        d = r["data"]
        by_year.setdefault(r["year"], []).append([
            r["id"], d["title"], d["status"], r["label"], r["stage"], d["category"], d["place"]["street"],
            r["lead"] or "", site.name(r["lead"]) if r["lead"] else "", d["received"], d.get("deadline", ""),
            1 if r["overdue"] else 0, r["days_open"], OUTCOME.get(d.get("outcome"), ""), d.get("satisfaction", ""),
            url_of(r["id"])])
    return by_year


def _options(name: str, label: str, values, all_label="全部") -> str:
    opts = f'<option value="">{esc(all_label)}</option>' + "".join(
        f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in values)
    return f'<label>{esc(label)}<select name="{name}">{opts}</select></label>'


def list_widget(site: Site, preset_stage: str | None, page_url: str) -> str:
    rows = site.rows
    years = sorted({r["year"] for r in rows}, reverse=True)
    statuses = [(k, v.label) for k, v in lifecycle.SUGGESTION_STATUSES.items()
                if preset_stage is None or v.stage == preset_stage]
    depts = sorted({r["lead"] for r in rows if r["lead"]})
    streets = sorted({r["data"]["place"]["street"] for r in rows})
    form = block(
        '<form class="mi-filters" role="search" aria-label="筛选意见建议">',
        _options("year", "年份", [(y, f"{y} 年") for y in years], "全部年份"),
        _options("status", "状态", statuses),
        _options("category", "类别", [(c, c) for c in site.ledger.settings.categories]),
        _options("street", "街道（镇）", [(s, s) for s in streets]),
        _options("lead", "承办部门", [(d, site.name(d)) for d in depts]),
        '<label class="mi-check"><input type="checkbox" name="overdue" value="1">只看逾期</label>',
        '<label>排序<select name="sort"><option value="received-desc">收到日期（新→旧）</option>'
        '<option value="received-asc">收到日期（旧→新）</option><option value="days-desc">已办天数（多→少）</option>'
        '<option value="deadline-asc">办理时限（近→远）</option></select></label>',
        '<label>关键词<input type="search" name="q" placeholder="标题、编号"></label>',
        '</form>')
    head = "".join(f'<th scope="col">{h}</th>' for h in ("编号", "标题", "状态", "类别", "街道", "承办部门", "收到", "时限", "已办天数"))
    return block(
        f'<div class="mi-list" data-preset-stage="{esc(preset_stage or "")}">', form,
        '<p class="mi-count" role="status" aria-live="polite">正在加载……</p>',
        f'<div class="mi-table-wrap" role="region" aria-label="意见建议列表" tabindex="0"><table class="mi-list-table"><caption class="mi-sr">意见建议列表，可用上方条件筛选</caption>'
        f'<thead><tr>{head}</tr></thead><tbody></tbody></table></div>',
        '<button type="button" class="md-button mi-more" hidden>显示更多</button>',
        f'<noscript><p>列表需要 JavaScript。也可以直接下载<a href="{esc(href(page_url, "data/suggestions.csv"))}">全部意见建议（CSV）</a>。</p></noscript>',
        '</div>')


def stage_counts(site: Site, page_url: str) -> str:
    counts = {s: 0 for s in lifecycle.STAGES}
    for r in site.rows:
        counts[r["stage"]] += 1
    parts = [f'<a class="mi-stat" href="{esc(href(page_url, "suggestions/" + slug + "/"))}"><strong>{counts[stage]}</strong>{esc(stage)}</a>'
             for slug, _, stage in VIEWS[1:]]
    return f'<nav class="mi-stats" aria-label="三张清单">{"".join(parts)}</nav>'


def suggestion_fragment(site: Site, r: dict) -> str:
    d = r["data"]
    url = url_of(r["id"])
    flags = badge("suggestion", d["status"])
    if d.get("outcome"):
        flags += " " + flag(OUTCOME[d["outcome"]], f"mi-o-{d['outcome']}")
    if r["overdue"]:
        flags += " " + flag(f"已逾期 {-r['days_to_deadline']} 天", "mi-overdue")
    elif r["days_to_deadline"] is not None:
        flags += " " + flag(f"距时限 {r['days_to_deadline']} 天", "mi-due")
    deps = d.get("departments") or {}
    place = " · ".join(esc(x) for x in (d["place"].get("street"), d["place"].get("community"), d["place"].get("location")) if x)
    holder = site.link(url, r["holder"]) if r["holder"] else "无（已终结）"
    days = f"{r['days_open']} 天" + ("（至办结）" if r["finished_on"] else f"（截至 {site.as_of}）")
    on_time = "" if r["on_time"] is None else ("是" if r["on_time"] else "否（超过时限才答复）")
    key = facts([
        ("编号", f"<code>{esc(r['id'])}</code>"), ("状态", f"{esc(r['label'])}（{esc(r['stage'])}）"),
        ("当前办理", holder), ("类别", esc(d["category"])), ("收集渠道", esc(d["channel"])),
        ("收到日期", esc(d["received"])), ("地点", place),
        ("转交代表", "、".join(site.link(url, x) for x in d["deputies"])),
        ("联络站", site.link(url, d.get("station"))),
        ("主办部门", site.link(url, deps.get("lead"))),
        ("协办部门", "、".join(site.link(url, x) for x in deps.get("assist", []))),
        ("办理时限", esc(d.get("deadline", ""))), ("按期答复", esc(on_time)), ("已办天数", esc(days)),
        ("办理结果", esc(OUTCOME.get(d.get("outcome"), ""))), ("满意度", esc(d.get("satisfaction", ""))),
        ("重新办理", f"{r['reopened']} 次" if r["reopened"] else ""),
        ("相关民生实事", site.link(url, d.get("project"))), ("合并到", site.link(url, d.get("merged_into"))),
    ])
    answer = ""
    if d.get("answer"):
        a = d["answer"]
        answer = (f'<section aria-labelledby="ans-h"><h2 id="ans-h">答复</h2><blockquote><p>{esc(a["text"])}</p>'
                  f'<p>—— {site.link(url, a["by"])}，<time datetime="{esc(a["date"])}">{esc(a["date"])}</time></p></blockquote></section>')
    reason = (f'<section aria-labelledby="na-h"><h2 id="na-h">不予受理理由</h2><p>{esc(d["not_accepted_reason"])}</p></section>'
              if d.get("not_accepted_reason") else "")
    docs = "".join(f'<li><a href="{esc(l["url"])}">{esc(l["title"])}</a></li>' for l in d.get("links", []))
    docs = f'<section aria-labelledby="doc-h"><h2 id="doc-h">公开文件</h2><ul>{docs}</ul></section>' if docs else ""
    merged_here = site.merged_from.get(r["id"], [])
    merged = ("<p>合并到本条一并办理：" + "、".join(site.link(url, x["id"], f'{x["id"]} {x["data"]["title"]}') for x in merged_here) + "</p>"
              if merged_here else "")
    return block(
        '<article class="mi-record">', f'<p class="mi-flags">{flags}</p>', key,
        f'<section aria-labelledby="sum-h"><h2 id="sum-h">群众反映</h2><p>{esc(d["summary"])}</p>{merged}</section>',
        answer, reason, docs, timeline(site, "suggestion", r["id"], d["timeline"], url), audit_trail(site, r["id"]),
        f'<p class="mi-source">{site.source_link(r["id"])}</p>', '</article>')


def build(site: Site) -> None:
    for slug, title, stage in VIEWS:
        intro = {"index": "群众通过代表、联络站和线上渠道反映的每一条意见建议，以及它们办到了哪一步。",
                 "problems": "问题清单：已收集、已登记、尚未交办的意见建议。",
                 "assigned": "交办清单：已交办给承办部门、正在办理或已答复待回访的意见建议。",
                 "closed": "办结清单：已办结、不予受理或合并办理的意见建议。“办结”不等于“已解决”，请看办理结果。"}[slug]
        page_url = "suggestions/" if slug == "index" else f"suggestions/{slug}/"
        site.page(f"{page_url}index.md", title,
                  block(f"<p>{esc(intro)}</p>", stage_counts(site, page_url), list_widget(site, stage, page_url)), intro)
    by_year = list_rows(site)
    files = {}
    for year, rows in sorted(by_year.items()):
        name = f"suggestions-{year}.json"
        site.files[f"data/list/{name}"] = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        files[str(year)] = {"file": name, "count": len(rows)}
    site.files["data/list/index.json"] = json.dumps({"fields": FIELDS, "years": files}, ensure_ascii=False, sort_keys=True)
    for r in site.rows:
        site.record(r["id"], f'{r["id"]} {r["data"]["title"]}', suggestion_fragment(site, r), r["data"]["summary"][:120])
