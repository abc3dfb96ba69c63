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

Why the index is split. Pagefind holds every word of every page it indexes in memory, about 140 KB
per record page: one run over 100,000 records would need 16 GB. So pages go to Pagefind in shards of
at most SHARD_PAGES pages and SHARD_BYTES of indexed parts, cut in path order where the paths'
hashes say (search_cut.py: an edit changes the shard its page is in, now and then the next one too): the first shard is the main bundle (pagefind/), the others are bundles in its
sub-folders (pagefind/part-2/ ...) listed in pagefind/parts.json, and assets/search.js merges them in
the browser with Pagefind's `mergeIndex` (results, scores and filter counts merge; one header box,
one list). The shards are indexed two at a time (`JOBS`, one per core), so peak memory is that of
two shards whatever the ledger's size. A shard whose pages are exactly those of an earlier build is
not indexed again: its bundle is copied from the store beside the ledger's cache (search_store.py).

What is published is what was given. Each page's indexed part is read once (a page reused from the
previous site only weighed, as bytes, while its shard is copied: search_parts.py): it is digested (the store's key), handed to the build's leak scan and written for Pagefind; Pagefind publishes that
text with some pieces left out, never anything added (tests/test_search.py), so the scan reads the
text given to Pagefind instead of decoding the index afterwards (343 s at 100,000 pages).

Pages mark what is indexed with `data-pagefind-body` (templates/record.html and
templates/partials/content.html); record pages carry their filters and result fields as
`data-pagefind-filter` / `data-pagefind-meta` (templates/parts/search.html, from `facets`).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from minyi import lifecycle
from minyi.textnorm import BARRIER

from . import stable_index
from .render import template
from .search_cut import END, SHARD_BYTES, SHARD_PAGES, START, shards, weight
from .search_parts import PartDigests, part_digest
from .search_store import BundleStore

BUNDLE = "pagefind"  # the index's folder in the site (the main bundle; the other shards are in its sub-folders)
PARTS = "parts.json"  # in the main bundle: the folders of the other shards, relative to it (assets/search.js)
JOBS = max(1, min(2, os.cpu_count() or 1))  # Pagefind runs at once (each is mostly single-threaded)
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
    shards: int = 1  # bundles merged in the browser
    reused: int = 0  # shards copied from the store (their input unchanged), not indexed


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


def fed(site_dir: Path, pages: Iterable[str]) -> list[tuple[str, str]]:
    """(page, indexed part) of each page that has one: exactly what Pagefind is given (spaced on the way)."""
    parts = ((rel, _indexed_part((site_dir / rel).read_text(encoding="utf-8"))) for rel in pages)
    return [(rel, part) for rel, part in parts if part is not None]


def _write_sources(pages: list[tuple[str, str]], src: Path) -> None:
    """The copy of each page Pagefind reads: its indexed part, spaced, at the page's own path (so
    Pagefind derives the same URL). Files, not Pagefind's service pipe: measured at 10,000 pages,
    the service took a fifth more of Pagefind's CPU than reading files (docs/performance.md)."""
    for rel, part in pages:
        target = src / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f'<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body>{spaced(part)}</body></html>',
            encoding="utf-8",
        )


def _run_pagefind(pages: list[tuple[str, str]], out: Path) -> float:
    """Index `pages` (page, indexed part) into the bundle `out` with the Pagefind binary from the
    wheel (no network); returns its peak memory in MB."""
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise IndexFailed("找不到 Pagefind 程序：请安装 pagefind[extended]（pip install 'pagefind[extended]'）")
    src = out.with_name(out.name + "-source")
    try:
        _write_sources(pages, src)
        cmd = [str(exe), "--site", str(src), "--output-path", str(out), "--force-language", "zh", "--silent"]
        cmd += [arg for selector in NOT_INDEXED for arg in ("--exclude-selectors", selector)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = proc.stdout.read() if proc.stdout else b""
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        shutil.rmtree(src, ignore_errors=True)
    if proc.returncode != 0:
        raise IndexFailed(f"Pagefind 退出码 {proc.returncode}：{output.decode('utf-8', 'replace')[-500:]}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def _part(number: int) -> str:
    """The folder of shard `number` (0 is the main bundle itself) inside the main bundle."""
    return f"part-{number + 1}" if number else ""


@cache
def _code_key() -> str:
    """What else makes a bundle: Pagefind's version, its settings and our code that feeds it."""
    import importlib.metadata

    h = hashlib.sha256()
    for dist in ("pagefind", "pagefind_bin_extended", "pagefind_bin"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            h.update(f"{dist} {importlib.metadata.version(dist)}".encode())
    for module in ("search.py", "search_cut.py", "search_parts.py", "stable_index.py"):
        h.update((Path(__file__).with_name(module)).read_bytes())
    return h.hexdigest()


def part_digests(cache, reused: set[str]) -> PartDigests:
    """The remembered digests of the `reused` pages' indexed parts, valid for this code (`_code_key`)."""
    return PartDigests(cache, reused, _code_key()[:16])


def _key(digests: list[tuple[str, str]]) -> str:
    """The digest of everything a shard's bundle is made of: its pages' paths and the digests of
    their indexed parts (search_parts.part_digest), and `_code_key`."""
    h = hashlib.sha256(_code_key().encode())
    for rel, found in digests:
        h.update(f"{len(rel)}:{rel}{found}:".encode())
    return h.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class _Shard:
    pages: int
    peak_mb: float  # 0 when copied from the store
    key: str


def _read(site_dir: Path, rel: str, check, parts: PartDigests) -> tuple[str | None, str | None]:
    """(indexed part, its digest) of one page read now, handed to `check` (the leak scan) on the way."""
    part = _indexed_part((site_dir / rel).read_text(encoding="utf-8"))
    if part is None:
        return None, None
    if check:
        check(rel, part)
    return part, parts.note(rel, site_dir / rel, part)


def _index_shard(site_dir: Path, group: list[str], out: Path, store: BundleStore, check, parts: PartDigests) -> _Shard:
    """One shard's bundle in `out`: each page read once, handed to `check` (the leak scan) and
    digested, except reused pages whose digest `parts` remembers; copied from the store when it
    holds that digest, else indexed (every page read, keyed by what was read), checked to hold
    every page, made reproducible and stored."""
    texts: dict[str, str] = {}
    digests: list[tuple[str, str]] = []
    for rel in group:
        found = parts.known(rel, site_dir / rel)
        if found is None:
            part, found = _read(site_dir, rel, check, parts)
            if part is None:
                continue
            texts[rel] = part
        digests.append((rel, found))
    key = _key(digests)
    if store.fetch(key, out):
        return _Shard(len(digests), 0.0, key)
    for rel, _ in digests:
        if rel not in texts:
            texts[rel] = _read(site_dir, rel, check, parts)[0] or ""
    pages = [(rel, texts[rel]) for rel, _ in digests]
    key = _key([(rel, part_digest(part)) for rel, part in pages])  # the text given, not a remembered digest
    peak = _run_pagefind(pages, out)
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    if indexed != len(pages):
        raise IndexFailed(f"搜索索引只收录了 {indexed} 个页面，应为 {len(pages)} 个")
    stable_index.stabilise(out)  # the same pages give the same bytes
    store.keep(key, out)
    return _Shard(indexed, peak, key)


def build_index(
    site_dir: Path,
    pages: Iterable[str],
    work: Path,
    store: BundleStore | None = None,
    check=None,
    parts: PartDigests | None = None,
) -> IndexStats:
    """Index `pages` (paths of the built site's pages) into site_dir/pagefind, shard by shard, JOBS
        at a time; shards whose input the `store` holds are copied, not indexed. `check(page, text)`
        is given the indexed part of every page read, as fed to Pagefind (the build's leak scan); `parts`
    holds the remembered digests of pages reused from the previous site, which are then not read."""
    started = time.perf_counter()
    groups = shards(pages, SHARD_PAGES, lambda rel: weight(site_dir, rel), SHARD_BYTES)
    built, store = work / "search-bundles", store or BundleStore(None)
    parts = parts or PartDigests()
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        jobs = [
            pool.submit(_index_shard, site_dir, g, built / str(n), store, check, parts) for n, g in enumerate(groups)
        ]
        wait(jobs, return_when=FIRST_EXCEPTION)
        if failed := next((job for job in jobs if job.done() and job.exception()), None):
            pool.shutdown(cancel_futures=True)  # a failed shard stops the build now
            raise failed.exception()
        results = [job.result() for job in jobs]
    store.prune({r.key for r in results})
    out = site_dir / BUNDLE
    shutil.move(built / "0", out)
    for number in range(1, len(groups)):
        part = shutil.move(built / str(number), out / _part(number))
        for code in [*MAIN_ONLY, *(p.name for p in Path(part).glob("wasm.*.pagefind"))]:
            (Path(part) / code).unlink(missing_ok=True)  # merged shards run on the main bundle's code
    (out / PARTS).write_text(json.dumps([_part(n) for n in range(1, len(groups))]), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    peak = max(r.peak_mb for r in results)  # largest single Pagefind process
    reused = sum(1 for r in results if not r.peak_mb)
    return IndexStats(sum(r.pages for r in results), size, time.perf_counter() - started, peak, len(groups), reused)


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
    the text the index publishes; the word and filter chunks only point into it. The build scans
    the text given to Pagefind instead (much cheaper: see the module's docstring); this reads what
    was published, for tests and for checking a published site. Doc pages are skipped by default:
    they are the clerk documentation, reviewed like code (their examples show made-up numbers)."""
    for path in sorted(p for bundle in bundles(site_dir) for p in (bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{") :])
        filters = data.get("filters", {})
        if set(filters.get("kind", ())) & set(skip_kinds):
            continue
        values = [_BLOCK.sub(BARRIER, data.get("content", "")), *data.get("meta", {}).values()]
        values += [v for vs in filters.values() for v in vs]
        yield path.relative_to(site_dir).as_posix(), joined(BARRIER.join(values))
