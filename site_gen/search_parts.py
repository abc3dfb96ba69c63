"""The digest of each page's indexed part, kept with the identity of the file it was cut from.

Why: whether a search shard's bundle can be copied from the store (search_store.py) is decided by a
digest of every page's indexed part, and reading and cutting all 10,000 pages to get it was most of
the index's time in a rebuild after one edit. A record page the build took over from the previous
site (site_gen/reuse.py) is a hard link to the file digested last time: same device, inode, size and
modification time. So the digest of such a page is taken from here instead of decoding, cutting and
digesting it again (its bytes are still read to weigh its shard: site_gen/search.py `weight`, about 3 s
of CPU for 100,000 pages, and never remembered, so a cache cannot move a cut).

Only pages the build reused are looked up; their leak check was done in the build that made them
(build.LeakScan marks them checked), so skipping their text skips no check. Any other page, or one
whose file's identity differs, is read as before. Entries are plain JSON in the ledger's cache,
checked for shape; a missing or malformed one means the page is read. A shard that must be indexed
again is keyed by the digests of the text actually given to Pagefind, never by a remembered one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

NAMESPACE = "search-parts"  # page path -> [device, inode, size, mtime_ns, code key, digest]


def part_digest(part: str) -> str:
    return hashlib.sha256(part.encode("utf-8")).hexdigest()[:32]


def _identity(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


class PartDigests:
    """Digests of indexed parts for one build: those remembered for `reused` pages, those read now."""

    def __init__(self, cache=None, reused: set[str] | frozenset = frozenset(), code: str = ""):
        self.cache, self.reused, self.code = cache, reused, code
        self.previous = cache.items(NAMESPACE) if cache is not None and reused else {}
        self.now: dict[str, list] = {}  # entries of this build's pages
        self.read: set[str] = set()  # pages whose entry was made by reading them (to be saved)

    def known(self, rel: str, path: Path) -> str | None:
        """The remembered digest of reused page `rel` if its file is the one digested; else None."""
        if rel not in self.reused:
            return None
        entry = self.previous.get(rel)
        if not (
            isinstance(entry, list)
            and len(entry) == 6
            and all(isinstance(x, int) for x in entry[:4])
            and entry[4] == self.code
            and isinstance(entry[5], str)
        ):
            return None
        if _identity(path) != entry[:4]:
            return None
        self.now[rel] = entry
        return entry[5]

    def note(self, rel: str, path: Path, part: str) -> str:
        """The digest of `part`, read now from `path`, remembered with the file's identity."""
        found = part_digest(part)
        identity = _identity(path)
        if identity is not None:
            self.now[rel] = [*identity, self.code, found]
            self.read.add(rel)
        return found

    def save(self) -> None:
        """Keep the entries of this build's pages (the swap renames the site, which keeps each file's identity)."""
        if self.cache is None:
            return
        stored = self.previous if self.reused else self.cache.items(NAMESPACE)
        with self.cache.batch() as batch:
            for rel in stored.keys() - self.now.keys():
                batch.delete(NAMESPACE, rel)
            for rel in self.read:
                if stored.get(rel) != self.now[rel]:
                    batch.put(NAMESPACE, rel, self.now[rel])
