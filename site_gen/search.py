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

Why the index is split. Pagefind holds every word of every page it indexes in memory, about 160 KB
per record page: one run over 100,000 records would need 16 GB. So pages go to Pagefind in shards of
at most SHARD_PAGES (in path order, so a section's years stay together): the first shard is the main
bundle (pagefind/), the others are bundles in its sub-folders (pagefind/part-2/ ...) listed in
pagefind/parts.json, and assets/search.js merges them in the browser with Pagefind's `mergeIndex`
(results, scores and filter counts merge; one header box, one list). The shards are indexed two at a
time (`JOBS`, one per core) while the next shard's sources are written, so peak memory is that of two
shards whatever the ledger's size. A ledger of up to SHARD_PAGES pages has a single bundle.

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
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from minyi import lifecycle
from minyi.textnorm import BARRIER

from . import stable_index
from .render import template

BUNDLE = "pagefind"  # the index's folder in the site (the main bundle; the other shards are in its sub-folders)
PARTS = "parts.json"  # in the main bundle: the folders of the other shards, relative to it (assets/search.js)
SHARD_PAGES = 5000  # pages per Pagefind run: about 0.8 GB of Pagefind's memory at record pages' size
JOBS = max(1, min(2, os.cpu_count() or 1))  # Pagefind runs at once (each is mostly single-threaded)
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
MAIN_ONLY = ("pagefind.js", "pagefind-worker.js")  # with the WebAssembly, only the main bundle's is loaded
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
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
    peak_mb: float  # Pagefind's peak resident memory (its largest process)
    shards: int = 1  # Pagefind runs (bundles merged in the browser)


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
    return "".join(part if i % 2 else _HAN_RUN.sub(_space_run, part) for i, part in enumerate(_FACETS.split(html)))


def _space_run(match: re.Match) -> str:
    """One run of Han characters, each followed by a space (a run at a time: half the time of one per character)."""
    return " ".join(match.group()) + " "


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


def shards(pages: Iterable[str], size: int | None = None) -> list[list[str]]:
    """The pages in path order, cut into runs of at most `size` (SHARD_PAGES); at least one, maybe empty."""
    ordered, size = sorted(pages), size or SHARD_PAGES
    return [ordered[i : i + size] for i in range(0, len(ordered), size)] or [[]]


def _part(number: int) -> str:
    """The folder of shard `number` (0 is the main bundle itself) inside the main bundle."""
    return f"part-{number + 1}" if number else ""


def _index_shard(src: Path, out: Path, written: int) -> tuple[int, float]:
    """Index one shard's sources into `out`, check it holds every page written, make it reproducible."""
    try:
        peak = _run_pagefind(src, out)
    finally:
        shutil.rmtree(src, ignore_errors=True)
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    if indexed != written:
        raise IndexFailed(f"搜索索引只收录了 {indexed} 个页面，应为 {written} 个")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    stable_index.stabilise(out)  # the same pages give the same bytes
    return indexed, peak


def build_index(site_dir: Path, pages: Iterable[str], work: Path) -> IndexStats:
    """Index `pages` (paths of the built site's pages) into site_dir/pagefind, shard by shard."""
    started = time.perf_counter()
    groups, built = shards(pages), work / "search-bundles"
    futures: list[Future] = []
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        try:
            for number, group in enumerate(groups):  # the next shard's sources are written while others index
                while len(pending := [f for f in futures if not f.done()]) > JOBS:
                    wait(pending, return_when=FIRST_COMPLETED)
                for done in futures:
                    done.result() if done.done() else None  # a failed shard stops the build now
                src = work / "search-source" / str(number)
                written = write_sources(site_dir, group, src)
                futures.append(pool.submit(_index_shard, src, built / str(number), written))
            results = [job.result() for job in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    indexed = sum(count for count, _ in results)
    peak = max(p for _, p in results)  # largest single Pagefind process
    out = site_dir / BUNDLE
    shutil.move(built / "0", out)
    for number in range(1, len(groups)):
        part = shutil.move(built / str(number), out / _part(number))
        for code in [*MAIN_ONLY, *(p.name for p in Path(part).glob("wasm.*.pagefind"))]:
            (Path(part) / code).unlink(missing_ok=True)  # merged shards run on the main bundle's code
    (out / PARTS).write_text(json.dumps([_part(n) for n in range(1, len(groups))]), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return IndexStats(indexed, size, time.perf_counter() - started, peak, len(groups))


def bundles(site_dir: Path) -> list[Path]:
    """The folders of every shard of the site's index, the main bundle first."""
    main = site_dir / BUNDLE
    parts = main / PARTS
    return (
        [main, *(main / name for name in json.loads(parts.read_text(encoding="utf-8")))] if parts.exists() else [main]
    )


# ---------- what the index publishes ----------


def fragments(site_dir: Path, skip_kinds: tuple[str, ...] = (DOC_KIND,)) -> Iterable[tuple[str, str]]:
    """(file, text) of every page the index holds, decoded from Pagefind's compressed fragments: the
    page's text as readers see it (`joined`, with Pagefind's block breaks as the privacy scan's
    barriers), its result fields and its filters.

    Every word of the index comes from some page's fragment, so reading the fragments reads all
    the text the index publishes; the word and filter chunks only point into it. Doc pages are
    skipped by default: they are the clerk documentation, reviewed like code and never scanned by
    the build (their examples show made-up numbers); the scan is the net behind the records."""
    for path in sorted(p for bundle in bundles(site_dir) for p in (bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{") :])
        filters = data.get("filters", {})
        if set(filters.get("kind", ())) & set(skip_kinds):
            continue
        values = [_BLOCK.sub(BARRIER, data.get("content", "")), *data.get("meta", {}).values()]
        values += [v for vs in filters.values() for v in vs]
        yield path.relative_to(site_dir).as_posix(), joined(BARRIER.join(values))
