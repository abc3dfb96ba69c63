"""What every section shares: URLs, links between records, and the Site being assembled."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cached_property

from minyi.ledger import Ledger, kind_of_id

from .. import stats
from ..html import esc

SECTION_DIR = {"suggestion": "suggestions", "project": "projects", "deputy": "deputies",
               "department": "departments", "station": "stations"}


def url_of(record_id: str) -> str:
    kind = kind_of_id(record_id)
    if kind == "session":
        return f"projects/#{record_id}"
    return f"{SECTION_DIR[kind]}/{record_id}/"


def href(from_url: str, to_url: str) -> str:
    """Relative link between two site URLs (directory style), so the site works under any base path.

    Written out by hand because posixpath.relpath dominated the build at 100,000 links.
    """
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    f = [p for p in from_url.split("/") if p]
    t = [p for p in to_url.split("/") if p]
    i = 0
    while i < len(f) and i < len(t) and f[i] == t[i]:
        i += 1
    rest = "/".join(t[i:])
    rel = "../" * (len(f) - i) + rest + ("/" if rest and to_url.endswith("/") else "")
    return (rel or "./") + anchor


@dataclass
class Site:
    ledger: Ledger
    as_of: dt.date
    history: dict
    files: dict = field(default_factory=dict)       # path under docs_dir -> text or bytes
    records: dict = field(default_factory=dict)     # page path -> (title, description, body html), all escaped

    @cached_property
    def rows(self) -> list[dict]:
        return stats.suggestion_rows(self.ledger, self.as_of)

    @cached_property
    def merged_from(self) -> dict[str, list[dict]]:
        """Suggestions merged into each suggestion (an index, so pages are not quadratic)."""
        out: dict[str, list[dict]] = {}
        for r in self.rows:
            if r["data"].get("merged_into"):
                out.setdefault(r["data"]["merged_into"], []).append(r)
        return out

    @cached_property
    def by_project(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self.rows:
            if r["data"].get("project"):
                out.setdefault(r["data"]["project"], []).append(r["id"])
        return out

    @cached_property
    def repo_blob(self) -> str:
        return self.ledger.settings.blob_url

    def name(self, record_id: str) -> str:
        return self.ledger.name(record_id)

    def link(self, from_url: str, record_id: str | None, text: str | None = None) -> str:
        if not record_id:
            return ""
        if self.ledger.get(record_id) is None:
            return esc(text or record_id)
        return f'<a href="{esc(href(from_url, url_of(record_id)))}">{esc(text or self.name(record_id))}</a>'

    def page(self, path: str, title: str, body: str, description: str = "", hide: tuple = ()) -> None:
        """A section page: Markdown file whose body is one raw HTML block."""
        front = {"title": title}
        if hide:
            front["hide"] = list(hide)
        if description:
            front["description"] = description
        self.files[path] = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) \
            + "---\n\n" + body + "\n"

    def record(self, record_id: str, title: str, body: str, description: str = "") -> None:
        """A record page. Its body is complete HTML; the build pours it into the section's shell page."""
        self.records[url_of(record_id) + "index.html"] = (esc(title), esc(description or title), body)

    def source_link(self, record_id: str) -> str:
        rec = self.ledger.get(record_id)
        return f'<a href="{esc(self.repo_blob + rec.path)}">查看原始记录文件（{esc(rec.path)}）</a>'
