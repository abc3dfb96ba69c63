"""Site search: one Pagefind index of every record page, section page and doc page, built in the
build's temporary folder before the new site is swapped in (a failed index leaves the old site whole).

Why every Han character is its own word in the index. Pagefind (extended) segments Chinese with its
own dictionary when it indexes, but the browser segments a query with `Intl.Segmenter`, whose
dictionary differs: the index holds 梨园 and 煤电 as words, while Chromium splits the queries into
梨|园 and 煤|电, and Pagefind then looks for two separate words and finds nothing; 后街, in turn, is
后|街 in the index. Names of communities, places and offices, the words residents search for, are
exactly the words the two dictionaries disagree on. So the text given to Pagefind has a space after
every Han character (a copy written for the indexer only; the published pages are unchanged), and
the header box searches Chinese as an exact phrase of characters (assets/search.js): 后街 finds
梨园后街, 煤电二小区 finds its suggestion, with the precision of a substring search.

Pages mark what is indexed with `data-pagefind-body` (templates/record.html and
templates/partials/content.html); record pages carry their filters and result fields as
`data-pagefind-filter` / `data-pagefind-meta` (templates/parts/search.html, from `facets`).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from minyi import lifecycle
from minyi.textnorm import BARRIER

from . import stable_index
from .render import template

BUNDLE = "pagefind"  # the index's folder in the site
START, END = "<div data-pagefind-body>", "</div><!--/pagefind-body-->"
DOC_KIND, SECTION_KIND = "办事员文档", "栏目页面"  # the kind filter of pages that are not records
# Pagefind's ready-made interfaces: the header box is our own (assets/search.js), so they are not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")  # fmt: skip
# Parts of a page nobody searches for, repeated on thousands of pages: the audit trail and each
# event's commit line, the contact lines of the handling office, the source file link and the
# feed links. Leaving them out makes the index a third smaller and Pagefind's memory 40 % lower.
NOT_INDEXED = (
    'section[aria-labelledby="audit-h"]', ".mi-tl-audit", ".mi-next-reach", ".mi-source", ".mi-subscribe",
)  # fmt: skip
_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_FACETS = re.compile(r'(<div class="mi-facets" hidden>.*?</div>)', re.S)
_JOINED = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]) ")
_BLOCK = re.compile(r"\u200b*\. \u200b*")  # where Pagefind's content joins two blocks of a page


class IndexFailed(Exception):
    """Pagefind could not index the site; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What the build's summary line reports about the search index."""

    pages: int
    bytes: int
    seconds: float
    peak_mb: float  # Pagefind's peak resident memory (its own process)


# ---------- what a record page tells the index ----------


def _first(*values):
    return next((v for v in values if v not in (None, "")), None)


def facets(kind, record) -> tuple[dict[str, str], dict[str, str]]:
    """A record's search filters (kind, status, street, category, year) and the fields a result
    shows (id, title, status label and code, street, kind), for any kind: fields it lacks are left out."""
    place = getattr(record, "place", None)  # a suggestion's place has its street; a meeting's is a name
    status = getattr(record, "status", None) if kind.lifecycle else None
    received, day = getattr(record, "received", None), getattr(record, "date", None)
    year = _first(getattr(record, "year", None), received and received.year, day and day.year)
    common = {
        "kind": kind.title,
        "status": lifecycle.label(kind.name, status) if status else None,
        "street": _first(getattr(record, "street", None), getattr(place, "street", None)),
    }
    filters = {
        **common,
        "category": _first(getattr(record, "category", None), getattr(record, "theme", None)),
        "year": str(year) if year else None,
    }
    meta = {
        **common,
        "id": record.id,
        "title": kind.display_name(record, record.id),
        "state": status,
    }
    keep = lambda d: {k: str(v) for k, v in d.items() if v not in (None, "")}  # noqa: E731
    return keep(filters), keep(meta)


def tags(kind, record) -> str:
    """The record's facets as the attributes Pagefind reads (parts/search.html), for the page body."""
    filters, meta = facets(kind, record)
    return str(template("parts/search.html").module.facets(filters, meta))


# ---------- the index ----------


def spaced(html: str) -> str:
    """The page with a space after every Han character, except in its facets (the filter and
    result values, parts/search.html). Other attributes get spaces too, which Pagefind ignores:
    one pass over the whole page is three times faster than one per text node."""
    return "".join(part if i % 2 else _HAN.sub(r"\1 ", part) for i, part in enumerate(_FACETS.split(html)))


def joined(text: str) -> str:
    """Indexed text as a reader sees it: the spaces `spaced` added (and Pagefind's word breaks) removed."""
    return _JOINED.sub(r"\1", text.replace("\u200b", ""))


def _indexed_part(html: str) -> str | None:
    start = html.find(START)
    end = html.find(END, start)
    return html[start:end] + "</div>" if start >= 0 and end >= 0 else None


def write_sources(site_dir: Path, pages: Iterable[str], src: Path) -> int:
    """For each page with an indexed part, the copy Pagefind reads: that part, spaced, at the
    page's own path (so Pagefind derives the same URL). Returns how many pages were written."""
    count = 0
    for rel in pages:
        part = _indexed_part((site_dir / rel).read_text(encoding="utf-8"))
        if part is None:
            continue
        target = src / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f'<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body>{spaced(part)}</body></html>',
            encoding="utf-8",
        )
        count += 1
    return count


def _run_pagefind(src: Path, out: Path) -> float:
    """Run the Pagefind binary from the wheel (no network); returns its peak memory in MB."""
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise IndexFailed("找不到 Pagefind 程序：请安装 pagefind[extended]（pip install 'pagefind[extended]'）")
    cmd = [str(exe), "--site", str(src), "--output-path", str(out), "--force-language", "zh", "--silent"]
    cmd += [arg for selector in NOT_INDEXED for arg in ("--exclude-selectors", selector)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise IndexFailed(f"Pagefind 退出码 {proc.returncode}：{output.decode('utf-8', 'replace')[-500:]}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def build_index(site_dir: Path, pages: Iterable[str], work: Path) -> IndexStats:
    """Index `pages` (paths of the built site's pages) into site_dir/pagefind."""
    started = time.perf_counter()
    src = work / "search-source"
    count = write_sources(site_dir, pages, src)
    out = site_dir / BUNDLE
    try:
        peak = _run_pagefind(src, out)
    finally:
        shutil.rmtree(src, ignore_errors=True)
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    if indexed != count:
        raise IndexFailed(f"搜索索引只收录了 {indexed} 个页面，应为 {count} 个")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    stable_index.stabilise(out)  # the same pages give the same bytes
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return IndexStats(indexed, size, time.perf_counter() - started, peak)


# ---------- what the index publishes ----------


def fragments(site_dir: Path, skip_kinds: tuple[str, ...] = (DOC_KIND,)) -> Iterable[tuple[str, str]]:
    """(file, text) of every page the index holds, decoded from Pagefind's compressed fragments: the
    page's text as readers see it (`joined`, with Pagefind's block breaks as the privacy scan's
    barriers), its result fields and its filters.

    Every word of the index comes from some page's fragment, so reading the fragments reads all
    the text the index publishes; the word and filter chunks only point into it. Doc pages are
    skipped by default: they are the clerk documentation, reviewed like code and never scanned by
    the build (their examples show made-up numbers); the scan is the net behind the records."""
    for path in sorted((site_dir / BUNDLE / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{") :])
        filters = data.get("filters", {})
        if set(filters.get("kind", ())) & set(skip_kinds):
            continue
        values = [_BLOCK.sub(BARRIER, data.get("content", "")), *data.get("meta", {}).values()]
        values += [v for vs in filters.values() for v in vs]
        yield path.relative_to(site_dir).as_posix(), joined(BARRIER.join(values))
