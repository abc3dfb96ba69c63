"""民生实事: vote results per session, progress by year and theme, one page per project."""
from __future__ import annotations

from minyi import facts as derive
from minyi import lifecycle

from ..html import badge, block, esc, facts, progress, table
from .common import Site, url_of
from .timeline import audit_trail, timeline

PAGE = "projects/"


def _money(wan) -> str:
    return f"{wan:,.0f} 万元" if wan is not None else ""


def session_section(site: Site, session, projects) -> str:
    s = session.data
    mine = sorted([p for p in projects if p.data.get("vote", {}).get("session") == session.id],
                  key=lambda p: (p.data["vote"].get("rank") or 999, p.id))
    chosen = [p for p in mine if p.data["vote"]["selected"]]
    rows = [[str(p.data["vote"].get("rank", "")), site.link(PAGE, p.id, p.data["title"]), esc(p.data["theme"]),
             str(p.data["vote"]["for"]), str(p.data["vote"]["against"]), str(p.data["vote"]["abstain"]),
             "当选" if p.data["vote"]["selected"] else "未当选", esc(_money(p.data.get("budget")))] for p in mine]
    budget = sum(p.data.get("budget") or 0 for p in chosen)
    key = facts([("票决日期", esc(s["date"])), ("表决方式", esc(s.get("method", ""))), ("应到代表", str(s["eligible"])),
                 ("出席代表", str(s["present"])), ("投票数", str(s["cast"])), ("候选项目", str(s["candidates"])),
                 ("当选项目", str(s["selected"])), ("当选项目总投资", esc(_money(budget)))])
    corrections = [c for p in mine for c in p.data["vote"].get("corrections", [])]
    note = f"<p>{esc(s['note'])}</p>" if s.get("note") else ""
    fix = f"<p>本次票决有 {len(corrections)} 项计票更正，详见各项目页。</p>" if corrections else ""
    return block(f'<section id="{esc(session.id)}" aria-labelledby="{esc(session.id)}-h">',
                 f'<h2 id="{esc(session.id)}-h">{esc(s["name"])}</h2>', note, key, fix,
                 table(["名次", "项目", "主题", "赞成", "反对", "弃权", "结果", "预算"], rows, f"{s['name']}票决结果"),
                 "</section>")


def progress_section(site: Site, year: int, projects) -> str:
    mine = [p for p in projects if p.data["year"] == year and p.data["status"] not in ("proposed", "shortlisted", "not_selected")]
    if not mine:
        return ""
    rows = []
    for p in sorted(mine, key=lambda p: (p.data["theme"], p.id)):
        f = derive.project_facts(p.model, site.as_of)
        rows.append([site.link(PAGE, p.id, p.data["title"]), esc(p.data["theme"]), badge("project", p.data["status"]),
                     progress(f.progress, f"{p.data['title']}进度"), site.link(PAGE, p.data.get("lead_department"))])
    done = sum(1 for p in mine if p.data["status"] in lifecycle.DONE_PROJECT)
    return block(f'<h2 id="y{year}">{year} 年民生实事进展</h2>', f"<p>{len(mine)} 个项目，已完工 {done} 个。</p>",
                 table(["项目", "主题", "状态", "进度", "牵头部门"], rows, f"{year} 年项目进展"))


def candidates_section(site: Site, projects) -> str:
    mine = [p for p in projects if p.data["status"] in ("proposed", "shortlisted")]
    if not mine:
        return ""
    rows = [[site.link(PAGE, p.id, p.data["title"]), str(p.data["year"]), esc(p.data["theme"]), badge("project", p.data["status"]),
             esc(_money(p.data.get("budget")))] for p in sorted(mine, key=lambda p: p.id)]
    return block('<h2 id="candidates">征集中的候选项目</h2>', table(["项目", "年度", "主题", "状态", "预算"], rows, "候选项目"))


def project_fragment(site: Site, rec) -> str:
    d = rec.data
    url = url_of(rec.id)
    f = derive.project_facts(rec.model, site.as_of)
    vote = d.get("vote")
    vote_text = ""
    if vote:
        session = site.ledger.get(vote["session"])
        vote_text = (f'赞成 {vote["for"]}，反对 {vote["against"]}，弃权 {vote["abstain"]}，'
                     f'{"当选" if vote["selected"] else "未当选"}' + (f'（第 {vote["rank"]} 名）' if vote.get("rank") else "")
                     + (f'；投票数 {session.data["cast"]}' if session else ""))
    key = facts([
        ("编号", f"<code>{esc(rec.id)}</code>"), ("年度", str(d["year"])), ("主题", esc(d["theme"])),
        ("层级", esc(d.get("level", ""))), ("街道", esc(d.get("street", ""))), ("预算", esc(_money(d.get("budget")))),
        ("牵头部门", site.link(url, d.get("lead_department"))),
        ("配合部门", "、".join(site.link(url, x) for x in d.get("departments", []))),
        ("票决会议", site.link(url, vote["session"]) if vote else ""), ("票决结果", esc(vote_text)),
        ("监督代表", "、".join(site.link(url, x) for x in d.get("supervisors", []))),
        ("监督小组", esc(d.get("supervision_group", ""))),
    ])
    ms = d.get("milestones", [])
    ms_html = table(["节点", "计划", "完成"], [[esc(m["title"]), esc(m["planned"]), esc(m.get("done", "未完成"))] for m in ms],
                    "节点计划") if ms else ""
    reports = "".join(f'<li><time datetime="{esc(r["date"])}">{esc(r["date"])}</time> {esc(r["body"])}：{esc(r["note"])}</li>'
                      for r in d.get("reports", []))
    reports = f'<section aria-labelledby="rep-h"><h2 id="rep-h">听取报告（{len(d.get("reports", []))} 次）</h2><ol>{reports}</ol></section>' if reports else ""
    acc = d.get("acceptance")
    acc_html = ""
    if acc:
        rate = f"，满意率 {acc['satisfaction_rate']}%（{acc.get('respondents', '—')} 人参加测评）" if "satisfaction_rate" in acc else ""
        acc_html = f'<section aria-labelledby="acc-h"><h2 id="acc-h">验收与满意度</h2><p>{esc(acc["date"])}：{esc(acc["note"])}{esc(rate)}</p></section>'
    corr = vote.get("corrections", []) if vote else []
    corr_html = ("".join(f'<li>{esc(c["date"])}：{esc(c["reason"])}（原记录：{esc(c["previous"])}）</li>' for c in corr))
    corr_html = f'<section aria-labelledby="cor-h"><h2 id="cor-h">计票更正</h2><ul>{corr_html}</ul></section>' if corr else ""
    sources = list(d.get("source_suggestions", [])) + site.by_project.get(rec.id, [])
    src = ("<p>来源于意见建议：" + "、".join(site.link(url, x, f"{x} {site.name(x)}") for x in dict.fromkeys(sources)) + "</p>") if sources else ""
    return block(
        '<article class="mi-record">', f'<p class="mi-flags">{badge("project", d["status"])}</p>',
        progress(f.progress, "项目进度"), key,
        f'<section aria-labelledby="sum-h"><h2 id="sum-h">项目内容</h2><p>{esc(d["summary"])}</p>{src}</section>',
        f'<section aria-labelledby="ms-h"><h2 id="ms-h">节点计划</h2>{ms_html}</section>' if ms_html else "",
        reports, acc_html, corr_html, timeline(site, "project", rec.id, d["timeline"], url), audit_trail(site, rec.id),
        f'<p class="mi-source">{site.source_link(rec.id)}</p>', "</article>")


def build(site: Site) -> None:
    projects = site.ledger.of("project")
    sessions = sorted(site.ledger.of("session"), key=lambda s: s.data["date"], reverse=True)
    years = sorted({p.data["year"] for p in projects}, reverse=True)
    toc = " · ".join(f'<a href="#{esc(s.id)}">{esc(s.data["name"])}</a>' for s in sessions)
    body = block("<p>民生实事项目从群众意见中来，经政府论证后提交人民代表大会（或街道议政代表会）无记名投票票决，"
                 "再由代表分组跟踪监督、验收测评。</p>", f'<p class="mi-toc">票决会议：{toc}</p>',
                 *(progress_section(site, y, projects) for y in years), candidates_section(site, projects),
                 *(session_section(site, s, projects) for s in sessions))
    site.page("projects/index.md", "民生实事", body, "民生实事项目的票决结果、实施进度和验收情况", hide=("navigation", "toc"))
    for rec in projects:
        site.record(rec.id, f'{rec.id} {rec.data["title"]}', project_fragment(site, rec), rec.data["summary"][:120])

