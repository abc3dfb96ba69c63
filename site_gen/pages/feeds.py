"""订阅: the Atom feeds (site, street, department, record), each department's deadline
calendar (ICS), and the page that lists them.

The site-wide and street feeds and the list page go through MkDocs with the section
pages; the feeds and calendars of single records are written straight into the built
site with the record pages (`record_files`), as MkDocs has nothing to do with them and
a big ledger has one per record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from minyi import lifecycle

from .. import feeds, ics
from ..model import SiteModel
from ..render import template
from ..urls import url_of
from .sections import RecordFile, SourceFile, page


def feed(m: SiteModel, path: str, title: str, page_url: str, items: list, scan: bool = True) -> SourceFile:
    text = template("pages/feed.xml").render(
        m=m,
        base=m.settings.site_url.rstrip("/") + "/",
        path=path,
        title=title,
        page=page_url,
        updated=feeds.updated(m, items),
        entries=items,
    )
    return SourceFile(path, text, scan)


def files(m: SiteModel) -> Iterator[SourceFile]:
    """The site-wide feed, a feed per street, and the 订阅 page."""
    district = m.settings.district
    yield feed(m, feeds.SITE_FEED, f"{district}民意台账：最近更新", "changes/", feeds.site_entries(m))
    by_street = feeds.streets(m)
    for street, ids in by_street.items():
        yield feed(
            m, feeds.street_feed(street), f"{district}{street}：意见建议和民生实事的更新", "", feeds.entries(m, ids)
        )
    yield page("feeds/index.md", "pages/feeds.html", m=m, here="feeds/", streets=list(by_street), paths=feeds)


def _deadlines(m: SiteModel, dep_id: str) -> list[ics.CalendarEvent]:
    """Answers still owed by the department (overdue ones too) and milestones of its projects not yet done."""
    base = m.settings.site_url.rstrip("/") + "/"
    out = []
    for r in m.index.by_lead.get(dep_id, ()):
        if r.facts.days_to_deadline is None:
            continue
        late = "（已逾期）" if r.facts.overdue else ""
        out.append(
            ics.CalendarEvent(
                uid=f"{r.id}-deadline-{r.facts.deadline}",
                day=r.facts.deadline,
                summary=f"答复时限{late}：{r.id} {r.model.title}",
                description=f"{r.model.summary}\n{base}{url_of(r.id)}",
                url=f"{base}{url_of(r.id)}",
            )
        )
    for p in m.index.projects_by_lead.get(dep_id, ()):
        if p.model.status not in lifecycle.PROJECT_UNDERWAY:
            continue
        for n, ms in enumerate(p.model.milestones, 1):
            if ms.done is None:
                behind = "（滞后）" if ms in p.slip.missed else ""
                out.append(
                    ics.CalendarEvent(
                        uid=f"{p.id}-milestone-{n}-{ms.planned}",
                        day=ms.planned,
                        summary=f"节点计划{behind}：{p.id} {p.model.title}——{ms.title}",
                        description=f"{p.model.summary}\n{base}{url_of(p.id)}",
                        url=f"{base}{url_of(p.id)}",
                    )
                )
    return sorted(out, key=lambda e: (e.day, e.uid))


def record_files(m: SiteModel) -> Iterator[RecordFile]:
    """A feed per suggestion, project and department, and each department's deadline calendar.

    They are not read by the output's personal-data scan (scan=False): every word in them is
    on the pages of the records they list (titles, summaries, event notes, the redacted commit
    lines of 修改记录), which are scanned; scanning them again cost 3 ms a file, minutes at
    100,000 records. The site-wide and street feeds are scanned."""
    for kind in feeds.RECORD_FEED_KINDS:
        for entry in m.of(kind):
            yield RecordFile(entry, feeds.record_feed(entry.id), lambda v, e=entry, k=kind: _record_feed(v, e, k))
    for entry in m.of("department"):
        yield RecordFile(entry, feeds.department_calendar(entry.id), lambda v, e=entry: _calendar(v, e))


def _record_feed(m: SiteModel, entry, kind: str) -> SourceFile:
    items = feeds.entries(m, feeds.department_records(m, entry.id) if kind == "department" else [entry.id])
    path = feeds.record_feed(entry.id)
    return feed(m, path, f"{entry.id} {m.name(entry.id)}：办理进展", url_of(entry.id), items, scan=False)


def _calendar(m: SiteModel, entry) -> SourceFile:
    stamp = dt.datetime.combine(m.as_of, dt.time(), dt.UTC)
    text = ics.calendar(f"{m.name(entry.id)}：办理时限和项目节点", _deadlines(m, entry.id), stamp, m.settings.site_url)
    return SourceFile(feeds.department_calendar(entry.id), text, scan=False)
