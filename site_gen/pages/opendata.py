"""开放数据: every record as JSON and CSV per kind, the schemas, datapackage.json and an Atom feed."""
from __future__ import annotations

import csv
import io
import json

from minyi import lifecycle
from minyi.schema import SCHEMA_DIR

from ..html import block, esc, table
from .common import Site, url_of

KINDS = (("suggestion", "suggestions", "意见建议"), ("project", "projects", "民生实事项目"), ("session", "sessions", "票决会议"),
         ("deputy", "deputies", "代表"), ("department", "departments", "承办部门"), ("station", "stations", "代表联络站"))


def _j(v):
    return "；".join(v) if isinstance(v, list) else ("" if v is None else v)


# kind -> [(column, type, meaning, getter(data))]
COLUMNS = {
    "suggestion": [
        ("id", "string", "编号", lambda d: d["id"]), ("title", "string", "标题", lambda d: d["title"]),
        ("category", "string", "类别", lambda d: d["category"]), ("channel", "string", "收集渠道", lambda d: d["channel"]),
        ("street", "string", "街道（镇）", lambda d: d["place"]["street"]), ("community", "string", "社区（村）", lambda d: d["place"].get("community")),
        ("received", "date", "收到日期", lambda d: d["received"]), ("status", "string", "当前状态（英文代码，见 docs/lifecycle.md）", lambda d: d["status"]),
        ("status_label", "string", "当前状态（中文）", lambda d: lifecycle.label("suggestion", d["status"])),
        ("deputies", "string", "转交代表编号，多个用“；”分隔", lambda d: _j(d["deputies"])),
        ("station", "string", "联络站编号", lambda d: d.get("station")),
        ("lead_department", "string", "主办部门编号", lambda d: (d.get("departments") or {}).get("lead")),
        ("assist_departments", "string", "协办部门编号，多个用“；”分隔", lambda d: _j((d.get("departments") or {}).get("assist", []))),
        ("deadline", "date", "办理时限", lambda d: d.get("deadline")),
        ("answered", "date", "答复日期", lambda d: (d.get("answer") or {}).get("date")),
        ("outcome", "string", "办理结果：solved 已解决 / in_hand 正在解决或列入计划 / explained 解释说明", lambda d: d.get("outcome")),
        ("satisfaction", "string", "满意度：满意 / 基本满意 / 不满意", lambda d: d.get("satisfaction")),
        ("merged_into", "string", "合并到的建议编号", lambda d: d.get("merged_into")),
        ("project", "string", "相关民生实事项目编号", lambda d: d.get("project")),
        ("events", "integer", "时间线事件数", lambda d: len(d["timeline"])),
    ],
    "project": [
        ("id", "string", "编号", lambda d: d["id"]), ("title", "string", "项目名称", lambda d: d["title"]),
        ("year", "integer", "年度", lambda d: d["year"]), ("theme", "string", "主题", lambda d: d["theme"]),
        ("level", "string", "层级", lambda d: d.get("level")), ("budget", "number", "预算（万元）", lambda d: d.get("budget")),
        ("lead_department", "string", "牵头部门编号", lambda d: d.get("lead_department")),
        ("status", "string", "当前状态（英文代码）", lambda d: d["status"]), ("progress", "integer", "进度（%）", lambda d: d.get("progress")),
        ("vote_session", "string", "票决会议编号", lambda d: (d.get("vote") or {}).get("session")),
        ("vote_for", "integer", "赞成票", lambda d: (d.get("vote") or {}).get("for")),
        ("vote_against", "integer", "反对票", lambda d: (d.get("vote") or {}).get("against")),
        ("vote_abstain", "integer", "弃权票", lambda d: (d.get("vote") or {}).get("abstain")),
        ("selected", "boolean", "是否当选", lambda d: (d.get("vote") or {}).get("selected")),
        ("rank", "integer", "得票名次", lambda d: (d.get("vote") or {}).get("rank")),
        ("supervisors", "string", "监督代表编号，多个用“；”分隔", lambda d: _j(d.get("supervisors", []))),
        ("satisfaction_rate", "number", "验收满意率（%）", lambda d: (d.get("acceptance") or {}).get("satisfaction_rate")),
    ],
    "session": [
        ("id", "string", "编号", lambda d: d["id"]), ("name", "string", "会议名称", lambda d: d["name"]),
        ("date", "date", "票决日期", lambda d: d["date"]), ("level", "string", "层级", lambda d: d["level"]),
        ("eligible", "integer", "应到代表", lambda d: d["eligible"]), ("present", "integer", "出席代表", lambda d: d["present"]),
        ("cast", "integer", "投票数", lambda d: d["cast"]), ("candidates", "integer", "候选项目数", lambda d: d["candidates"]),
        ("selected", "integer", "当选项目数", lambda d: d["selected"]),
    ],
    "deputy": [
        ("id", "string", "编号", lambda d: d["id"]), ("name", "string", "姓名", lambda d: d["name"]),
        ("role", "string", "身份", lambda d: d["role"]), ("levels", "string", "层级，多个用“；”分隔", lambda d: _j(d.get("levels", []))),
        ("term", "string", "届次", lambda d: d["term"]), ("street", "string", "街道（镇）", lambda d: d["street"]),
        ("station", "string", "联络站编号", lambda d: d.get("station")), ("sector", "string", "界别", lambda d: d.get("sector")),
        ("receptions", "integer", "接待次数", lambda d: len(d.get("receptions", []))),
        ("residents_met", "integer", "接待群众人次", lambda d: sum(r["residents"] for r in d.get("receptions", []))),
    ],
    "department": [
        ("id", "string", "编号", lambda d: d["id"]), ("name", "string", "名称", lambda d: d["name"]),
        ("kind", "string", "类型", lambda d: d["kind"]), ("parent", "string", "上级单位", lambda d: d.get("parent")),
        ("address", "string", "地址", lambda d: d.get("address")), ("phone", "string", "公开办公电话", lambda d: d.get("phone")),
    ],
    "station": [
        ("id", "string", "编号", lambda d: d["id"]), ("name", "string", "名称", lambda d: d["name"]),
        ("kind", "string", "类型", lambda d: d["kind"]), ("street", "string", "街道（镇）", lambda d: d["street"]),
        ("address", "string", "地址", lambda d: d.get("address")), ("hours", "string", "接待时间", lambda d: d.get("hours")),
        ("deputies", "string", "进站代表编号，多个用“；”分隔", lambda d: _j(d.get("deputies", []))),
    ],
}


def to_csv(kind: str, records: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c[0] for c in COLUMNS[kind]])
    for d in records:
        w.writerow(["" if (v := c[3](d)) is None else v for c in COLUMNS[kind]])
    return "\ufeff" + buf.getvalue()  # BOM so spreadsheet software opens it as UTF-8


def datapackage(site: Site) -> dict:
    resources = []
    for kind, plural, title in KINDS:
        resources.append({"name": f"{plural}-csv", "title": f"{title}（CSV）", "path": f"{plural}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8-sig",
                          "schema": {"fields": [{"name": c[0], "type": c[1], "description": c[2]} for c in COLUMNS[kind]]}})
        resources.append({"name": f"{plural}-json", "title": f"{title}（JSON，完整记录）", "path": f"{plural}.json",
                          "format": "json", "mediatype": "application/json", "schema": f"schemas/{kind}.schema.json"})
    return {"name": "minyi-ledger", "title": f"{site.ledger.settings.district}民意台账开放数据",
            "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
            "created": site.as_of.isoformat(), "resources": resources}


def events(site: Site, limit: int):
    """The latest timeline events across all tracked records, newest first."""
    out = []
    for kind in ("suggestion", "project"):
        for rec in site.ledger.of(kind):
            for i, e in enumerate(rec.data["timeline"]):
                out.append((e["date"], rec.id, i, kind, rec, e))
    out.sort(key=lambda x: (x[0], x[1], x[2]), reverse=True)
    return out[:limit]


def _feed_items(site: Site, limit: int):
    """(entry id, title, date, record id, summary): from the git history when there is one."""
    from minyi.history import latest_changes

    commits = latest_changes(site.history, limit)
    if commits:
        for c in commits:
            for rid, changes in c["records"]:
                yield f"{c['commit']}/{rid}", f"{rid} {site.name(rid)}：{'；'.join(changes)}", c["date"], rid, c["message"]
        return
    for day, rid, i, kind, rec, e in events(site, limit):
        yield f"{rid}/event-{i + 1}", f"{rid} {rec.data['title']}：{lifecycle.label(kind, e['status'])}", day, rid, e["note"]


def atom(site: Site) -> str:
    base = site.ledger.settings.site_url.rstrip("/") + "/"
    entries = []
    for key, title, day, rid, summary in list(_feed_items(site, 50))[:50]:
        entries.append(f"<entry><id>{esc(base)}{esc(key)}</id><title>{esc(title)}</title>"
                       f"<updated>{day}T00:00:00Z</updated><link href=\"{esc(base + url_of(rid))}\"/>"
                       f"<summary>{esc(summary)}</summary></entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>{esc(base)}feed.xml</id><title>{esc(site.ledger.settings.district)}民意台账：最新办理进展</title>"
            f"<updated>{site.as_of.isoformat()}T00:00:00Z</updated><link rel=\"self\" href=\"{esc(base)}feed.xml\"/>"
            f"<author><name>{esc(site.ledger.settings.district)}人大常委会</name></author>{''.join(entries)}</feed>\n")


def build(site: Site) -> None:
    rows = []
    for kind, plural, title in KINDS:
        records = [r.data for r in sorted(site.ledger.of(kind), key=lambda r: r.id)]
        site.files[f"data/{plural}.json"] = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=False)
        site.files[f"data/{plural}.csv"] = to_csv(kind, records)
        cols = "<br>".join(f"<code>{esc(c[0])}</code> {esc(c[2])}" for c in COLUMNS[kind])
        rows.append([esc(title), str(len(records)), f'<a href="{plural}.csv">CSV</a> · <a href="{plural}.json">JSON</a> · '
                     f'<a href="schemas/{kind}.schema.json">Schema</a>', f"<details><summary>字段说明</summary>{cols}</details>"])
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        site.files[f"data/schemas/{path.name}"] = path.read_text(encoding="utf-8")
    site.files["data/datapackage.json"] = json.dumps(datapackage(site), ensure_ascii=False, indent=2)
    site.files["feed.xml"] = atom(site)
    site.page("data/index.md", "开放数据", block(
        f"<p>台账的全部公开记录可以自由下载和再利用（CC BY 4.0），数据截至 {site.as_of}。"
        "CSV 为 UTF-8 编码（带 BOM，可直接用表格软件打开），JSON 为完整记录，结构由 JSON Schema 描述。</p>",
        table(["数据", "条数", "下载", "字段"], rows, "开放数据文件"),
        '<p>机器可读的目录：<a href="datapackage.json">datapackage.json</a>（Frictionless Data Package）。'
        '订阅办理进展：<a href="../feed.xml">Atom 订阅源</a>。</p>',
        "<p>CSV 中的状态为英文代码，含义见“办事员文档 → 办理流程”；多个编号用全角分号“；”分隔。"
        "台账不包含群众的电话、身份证号、邮箱和门牌号。</p>"), "下载台账数据：JSON、CSV、Schema 和订阅源", hide=("navigation", "toc"))
