"""What the Atom feeds say and which feed lists what: entries in the ledger's words.

Why: every feed entry used to be a developer's commit message. An entry now says what
changed in the record ("S-2024-0003 已办结，满意", from minyi.describe at history time),
links the record's page, and links the commit that made the change, for anyone who
wants to check. One feed per record (suggestions, projects, motions, inquiries, opinions, departments), per street
and the whole site; all list the same entry under the same id, so a reader subscribed
to two of them sees it once. Without git history, entries are the timeline events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from minyi import lifecycle
from minyi.ledger import kind_of_id

from .model import SiteModel
from .urls import url_of

SITE_FEED = "feed.xml"
RECORD_FEED_KINDS = ("suggestion", "project", "motion", "inquiry", "opinion", "department")
PER_FEED = 50  # newest entries a feed lists
_SLUG = re.compile(r"[\w·-]{1,40}")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str  # a tag URI, the same in every feed and every build
    record_id: str
    title: str  # "<id> <what changed>"
    record_title: str
    updated: str  # RFC 3339
    url: str  # the record's page, site-relative ("" if it has none)
    summary: str
    commit: str | None = None
    commit_url: str = ""
    author: str = ""


def record_feed(record_id: str) -> str | None:
    """The feed of one record, next to its page."""
    url = url_of(record_id) if kind_of_id(record_id) in RECORD_FEED_KINDS else None
    return f"{url}feed.xml" if url else None


def street_slug(street: str) -> str:
    """A street's name as a file name; a name with other characters gets a stable digest instead."""
    return street if _SLUG.fullmatch(street) else "s-" + hashlib.sha256(street.encode()).hexdigest()[:12]


def street_feed(street: str) -> str:
    return f"feeds/streets/{street_slug(street)}.xml"


def department_calendar(dep_id: str) -> str:
    return f"{url_of(dep_id)}deadlines.ics"


def tag_id(m: SiteModel, day, specific: str) -> str:
    """An Atom id that never changes (RFC 4151): the site's host, the day of the change, what changed.
    `specific` keeps a word between a record id and a commit hash, so their digits never read as
    one number (a phone number, to the output's privacy scan)."""
    host = urlsplit(m.settings.site_url).hostname or "example.invalid"
    return f"tag:{host},{day}:{specific}"


def streets(m: SiteModel) -> dict[str, list[str]]:
    """Street -> ids of its suggestions and street-level projects, in id order."""
    out: dict[str, list[str]] = {}
    for row in m.suggestions:
        out.setdefault(row.model.place.street, []).append(row.id)
    for row in m.projects:
        if row.model.street:
            out.setdefault(row.model.street, []).append(row.id)
    return {s: sorted(ids) for s, ids in sorted(out.items())}


def department_records(m: SiteModel, dep_id: str) -> list[str]:
    """The department itself, the suggestions it leads and the projects it leads."""
    led = [r.id for r in m.index.by_lead.get(dep_id, ())] + [p.id for p in m.index.projects_by_lead.get(dep_id, ())]
    return [dep_id, *led]


def _added_events(rid: str, trail: dict, commit: str, events) -> Iterator[str]:
    """The timeline events a commit recorded, with their dates and notes."""
    for i, rec in sorted(trail.get("events", {}).items(), key=lambda kv: int(kv[0])):
        if rec.get("commit") == commit and int(i) < len(events):
            e = events[int(i)]
            yield f"第 {int(i) + 1} 条事件（{e.date} {lifecycle.label(kind_of_id(rid), e.status)}）：{e.note}"


def _from_commit(m: SiteModel, rid: str, c: dict) -> FeedEntry:
    entry = m.get(rid)
    name = m.name(rid)
    events = getattr(entry.model, "timeline", ()) if entry else ()
    lines = [name, *_added_events(rid, m.history.get(rid) or {}, c["commit"], events)]
    who = f"{c['author']}，拉取请求 #{c['pr']}" if c.get("pr") else c["author"]
    lines.append(f"记录于提交 {c['commit'][:7]}（{c['date']}，{who}）；提交说明：{c['message']}")
    return FeedEntry(
        id=tag_id(m, c["date"], f"{rid}/commit/{c['commit']}"),
        record_id=rid,
        title=f"{rid} {c['headline']}",
        record_title=name,
        updated=c.get("datetime") or f"{c['date']}T00:00:00Z",
        url=url_of(rid) or "",
        summary="\n".join(lines),
        commit=c["commit"],
        commit_url=c.get("commit_url", ""),
        author=c["author"],
    )


def _from_event(m: SiteModel, rid: str, i: int) -> FeedEntry:
    e = m.get(rid).model.timeline[i]
    kind = kind_of_id(rid)
    progress = f"，进度 {e.progress}%" if e.progress is not None else ""
    return FeedEntry(
        id=tag_id(m, e.date, f"{rid}/event/{i + 1}"),
        record_id=rid,
        title=f"{rid} {lifecycle.label(kind, e.status)}{progress}",
        record_title=m.name(rid),
        updated=f"{e.date}T00:00:00Z",
        url=url_of(rid) or "",
        summary=f"{m.name(rid)}\n{e.note}",
    )


def _keys(m: SiteModel, rid: str) -> Iterable[tuple]:
    """Sort keys of a record's entries, larger is newer: commit order with history, else event dates."""
    if m.history:
        trail = m.history.get(rid) or {}
        return ((c["seq"], rid, n) for n, c in enumerate(trail.get("commits", ())))
    entry = m.get(rid)
    return ((e.date.toordinal(), rid, i) for i, e in enumerate(getattr(entry.model, "timeline", ()) if entry else ()))


def entries(m: SiteModel, record_ids: Iterable[str], limit: int = PER_FEED) -> list[FeedEntry]:
    """The newest entries about these records, newest first; only the chosen ones are built."""
    newest = heapq.nlargest(limit, (k for rid in record_ids for k in _keys(m, rid)))
    if m.history:
        return [_from_commit(m, rid, m.history[rid]["commits"][n]) for _, rid, n in newest]
    return [_from_event(m, rid, i) for _, rid, i in newest]


def site_entries(m: SiteModel, limit: int = PER_FEED) -> list[FeedEntry]:
    """The whole ledger's newest entries, among the records the newest commits changed."""
    if not m.history:
        return entries(m, dict.fromkeys(x.record_id for x in m.latest), limit)
    return entries(m, {rid for c in m.changes for rid, _ in c["records"]}, limit)


def updated(m: SiteModel, items: list[FeedEntry]) -> str:
    """A feed's own <updated>: its newest entry's, else the build date (never the clock: builds repeat)."""
    return max((e.updated for e in items), default=f"{m.as_of}T00:00:00Z", key=_instant)


def _instant(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def feeds_of(m: SiteModel, entry) -> list[tuple[str, str, str]]:
    """(site URL, title, short label) of the feeds a record's page offers: its own, its
    department's, its street's; the first is the page's own (or nearest) feed."""
    out = []
    own = record_feed(entry.id)
    if own:
        out.append((own, f"{entry.id} 的更新", "本记录"))
    model = entry.model
    lead = getattr(model, "lead", None) or getattr(model, "lead_department", None)
    if lead and m.get(lead) is not None and lead != entry.id:
        out.append((record_feed(lead), f"承办部门 {m.name(lead)} 的更新", m.name(lead)))
    street = getattr(getattr(model, "place", None), "street", None) or getattr(model, "street", None)
    if isinstance(street, str) and street:
        out.append((street_feed(street), f"{street}辖区的更新", street))
    return out
