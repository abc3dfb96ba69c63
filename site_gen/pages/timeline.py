"""The vertical timeline every tracked record shows, and its audit trail from git."""
from __future__ import annotations

from ..html import badge, esc
from .common import Site


def timeline(site: Site, kind: str, record_id: str, events: list[dict], url: str) -> str:
    trail = site.history.get(record_id, {})
    recorded = trail.get("events", {})
    items = []
    for i, e in enumerate(events):
        extra = ""
        if "progress" in e:
            extra += f'<span class="mi-tl-progress">进度 {int(e["progress"])}%</span>'
        if e.get("corrects"):
            extra += f'<span class="mi-tl-correct">更正第 {int(e["corrects"])} 条事件</span>'
        links = "".join(f'<li><a href="{esc(l["url"])}">{esc(l["title"])}</a></li>' for l in e.get("links", []))
        rec = recorded.get(i)
        audit = ""
        if rec:
            lag = rec["lag_days"]
            lag_text = "当天录入" if lag == 0 else (f"事后 {lag} 天录入" if lag > 0 else f"提前 {-lag} 天录入")
            css = " mi-late" if lag > 7 else ""
            audit = (f'<p class="mi-tl-audit{css}">记录于 <a href="{esc(rec["commit_url"])}">'
                     f'<code>{esc(rec["commit"][:7])}</code></a>（{esc(rec["date"])}，{lag_text}）</p>')
        items.append(
            f'<li class="mi-tl-item"><time datetime="{esc(e["date"])}">{esc(e["date"])}</time>'
            f'<div class="mi-tl-body"><p class="mi-tl-head">{badge(kind, e["status"])} '
            f'<span class="mi-tl-by">{site.link(url, e["by"])}</span>{extra}</p>'
            f'<p class="mi-tl-note">{esc(e["note"])}</p>'
            + (f'<ul class="mi-tl-links">{links}</ul>' if links else "") + audit + "</div></li>")
    return (f'<section aria-labelledby="tl-h"><h2 id="tl-h">办理时间线（{len(events)} 步）</h2>'
            f'<ol class="mi-timeline">{"".join(items)}</ol></section>')


def audit_trail(site: Site, record_id: str) -> str:
    """修改记录: every commit that changed the record, newest first, from the git history."""
    trail = site.history.get(record_id)
    if not trail:
        return ""
    rows = []
    for c in reversed(trail["commits"]):
        pr = f'，<a href="{esc(c["pr_url"])}">拉取请求 #{c["pr"]}</a>' if c.get("pr") else ""
        changes = "；".join(c["changes"]) or "—"
        rows.append(f'<li><a href="{esc(c["commit_url"])}"><code>{esc(c["commit"][:7])}</code></a> '
                    f'<time datetime="{esc(c["date"])}">{esc(c["date"])}</time> {esc(c["author"])}{pr}：'
                    f'{esc(c["message"])}<br><span class="mi-changes">{esc(changes)}</span></li>')
    return (f'<section aria-labelledby="audit-h"><h2 id="audit-h">修改记录（{len(rows)} 次提交）</h2>'
            f'<p>以下是 git 仓库中改动过这条记录的每一次提交；任何人都可以核对谁在什么时候记录了什么。</p>'
            f'<ol class="mi-audit">{"".join(rows)}</ol></section>')
