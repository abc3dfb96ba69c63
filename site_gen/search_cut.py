"""Where the search index is cut into shards (site_gen/search.py indexes each with its own Pagefind run).

Why by bytes as well as pages. Pagefind's memory follows the words it is given: about 140 KB per
record page, but a deputy's, a department's or a station's page lists hundreds of suggestions (at
100,000 suggestions one department page was 20 MB). A first shard of 3,056 pages, 2,501 of them
deputy pages and 251 department pages, 113 MB of indexed parts, took 1.6 GB, while shards of 4,000
record pages took 0.5 GB. Pagefind took 17 (record pages) to 20 (deputy pages) bytes of memory per
byte of indexed part given, so a shard holds at most SHARD_BYTES of them as well as SHARD_PAGES pages.

Why shards are cut near full. Every shard costs the browser: each query fetches an index chunk of
every shard for every word (about 15 KB each, whatever the shard's size) and opening the box fetches
each shard's metadata and filters. So a shard ends between three quarters and all of its budget
(`shards`), and the budget is what two Pagefind processes can hold at once within 1.5 GB. Measured
at 100,000 suggestions in Chromium at phone width: 57 shards of about 1,700 pages fetched 0.85-2.3
MB in 60-160 files per query, 37 shards cut near full 0.64-2.1 MB in 40-120 files, a single index
would fetch one chunk per word (at 10,000: one index 40-120 KB, 8 shards 120-380 KB per query).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from pathlib import Path

SHARD_PAGES = 5000  # most pages per shard, however small
SHARD_BYTES = 36_000_000  # most bytes of indexed parts per shard: about 0.7 GB of Pagefind's memory at most
FULL, SPREAD = 0.75, 16  # a shard is cut at a hash mark once this full; marks about 1/SPREAD of a shard apart
START, END = "<div data-pagefind-body>", "</div><!--/pagefind-body-->"  # where a page's indexed part is
_START, _END = START.encode(), END.encode()


def weight(site_dir: Path, rel: str) -> int:
    """Bytes of page `rel`'s indexed part (0 without one): what its shard's budget counts. Read as
    bytes, not decoded, digested or scanned (a page reused from the previous site is not: see
    site_gen/search_parts.py); about 3 s of CPU for 100,000 pages. Read from the page, never
    remembered, so shards are cut alike in every build, whatever a cache says."""
    with open(os.path.join(site_dir, rel), "rb") as file:
        data = file.read()
    start = data.find(_START)
    end = data.find(_END, start)
    return end - start if start >= 0 and end >= 0 else 0


def shards(pages: Iterable[str], size: int | None = None, weigh=None, budget: int | None = None) -> list[list[str]]:
    """The pages in path order, cut into shards of at most `size` pages (SHARD_PAGES) and `budget`
    bytes (SHARD_BYTES) of indexed parts, `weigh(page)` giving a page's bytes (none: pages only).
    Each page fills its shard by the larger of its two shares; a page that would overfill a shard
    starts the next one (a page over the whole budget is a shard alone); a shard at least FULL is
    cut after a page whose path's hash falls below its share times SPREAD. At least one shard, maybe empty.

    Why by the path's hash: where a shard ends depends on its own pages, not on how many come
    before, so adding, removing or changing a record changes the shard it is in (and the next one
    when the cut moves past a mark: about one edit in six), and every other shard has the same pages
    as last time and is copied from the store (site_gen/search_store.py). Where a few heavy pages
    fill a shard (list pages of hundreds of records), cuts fall at the budget and move together to
    the end of such a run; those pages change with almost every edit anyway. Cutting at a fixed count
    would shift every later shard. Why near full: fewer shards, fewer files per query (module docstring)."""
    size, budget = size or SHARD_PAGES, budget or SHARD_BYTES
    whole = size * budget  # shares in whole numbers: a page's share is its bytes times `size`, at least `budget`
    out: list[list[str]] = [[]]
    fill = 0
    for rel in sorted(pages):
        share = max(budget, (weigh(rel) if weigh else 0) * size)
        if out[-1] and fill + share > whole:
            out.append([])
            fill = 0
        out[-1].append(rel)
        fill += share
        if fill >= whole * FULL and zlib.crc32(rel.encode("utf-8")) * whole < share * SPREAD * 2**32:
            out.append([])
            fill = 0
    return [group for group in out if group] or [[]]
