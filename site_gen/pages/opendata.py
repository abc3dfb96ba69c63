"""开放数据: every record kind as JSON and CSV, the schemas, datapackage.json and an Atom feed.

Kinds and their CSV columns come from the registry (`minyi.kinds`, each kind's `columns`):
a new kind is published here without touching this file. The JSON files are the records
as written; big files are produced in chunks so a 100,000-record ledger never holds them whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from minyi import kinds, lifecycle, resources
from minyi.kinds import Kind

from ..model import SiteModel
from ..render import num, template
from ..urls import url_of
from .sections import SourceFile, page

_JSON = json.JSONEncoder(ensure_ascii=False, indent=1)


def cell(value):
    return "" if value is None else num(value)


def csv_rows(kind: Kind, entries: Iterable) -> Iterator[str]:
    """The kind's CSV, a chunk per thousand rows; BOM first so spreadsheet software reads UTF-8."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow([c.name for c in kind.columns])
    yield "\ufeff"
    for i, entry in enumerate(entries, 1):
        out.writerow([cell(c.get(entry.model)) for c in kind.columns])
        if i % 1000 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def datapackage(m: SiteModel) -> dict:
    """The Frictionless Data Package describing every file, with each CSV column's type and meaning."""
    described = []
    for kind in kinds.RECORD_KINDS:
        plural = kind.folder
        described.append(
            {
                "name": f"{plural}-csv",
                "title": f"{kind.title}（CSV）",
                "path": f"{plural}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {
                    "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in kind.columns]
                },
            }
        )
        described.append(
            {
                "name": f"{plural}-json",
                "title": f"{kind.title}（JSON，完整记录）",
                "path": f"{plural}.json",
                "format": "json",
                "mediatype": "application/json",
                "schema": f"schemas/{kind.schema_file}",
            }
        )
    return {
        "name": "minyi-ledger",
        "title": f"{m.settings.district}民意台账开放数据",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "created": m.as_of.isoformat(),
        "resources": described,
    }


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # unique within the feed: commit/record or record/event-n
    title: str
    day: object
    url: str  # site URL of the record ("" if it has no page)
    summary: str


def feed_entries(m: SiteModel, limit: int = 50) -> list[FeedEntry]:
    """The newest changes: one entry per record a commit changed, else per timeline event."""
    if m.changes:
        out = [
            FeedEntry(
                f"{c['commit']}/{rid}",
                f"{rid} {m.name(rid)}：{'；'.join(changes)}",
                c["date"],
                url_of(rid) or "",
                c["message"],
            )
            for c in m.changes[:limit]
            for rid, changes in c["records"]
        ]
    else:
        out = [
            FeedEntry(
                f"{x.record_id}/event-{x.index + 1}",
                f"{x.record_id} {x.title}：{lifecycle.label(x.kind, x.event.status)}",
                x.date,
                url_of(x.record_id) or "",
                x.event.note,
            )
            for x in m.latest[:limit]
        ]
    return out[:limit]


def feed(m: SiteModel) -> str:
    return template("pages/feed.xml").render(m=m, base=m.settings.site_url.rstrip("/") + "/", entries=feed_entries(m))


def files(m: SiteModel) -> Iterator[SourceFile]:
    for kind in kinds.RECORD_KINDS:
        entries = m.of(kind.name)
        yield SourceFile(f"data/{kind.folder}.json", _JSON.iterencode([e.data for e in entries]), scan=False)
        yield SourceFile(f"data/{kind.folder}.csv", csv_rows(kind, entries), scan=False)
    for path in sorted(resources.schema_dir().glob("*.schema.json")):
        yield SourceFile(f"data/schemas/{path.name}", path.read_text(encoding="utf-8"), scan=False)
    yield SourceFile("data/datapackage.json", json.dumps(datapackage(m), ensure_ascii=False, indent=2), scan=False)
    yield SourceFile("feed.xml", feed(m))
    yield page("data/index.md", "pages/data.html", m=m, here="data/", kinds=kinds.RECORD_KINDS)
