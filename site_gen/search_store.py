"""Shard bundles of earlier builds, kept so a shard whose input did not change is not indexed again.

Why: Pagefind takes about 2 ms of CPU a page, so a ledger of 100,000 records costs minutes to
index, while an edit changes a handful of pages. The index is cut into shards by a rule that
depends only on each page's path and the size of its indexed part (site_gen/search_cut.py), so an
edit re-indexes the shards holding the pages it changed (now and then the next one too) and every
other shard is copied from here.

Where and what: a folder beside the ledger's cache (inside the git directory, or
`$MINYI_CACHE_DIR`; never the working tree, where a pull request could plant files), holding one
folder per shard, named by the digest of everything that makes the bundle (the exact text fed
to Pagefind with each page's URL, Pagefind's version, our indexing code). Bundles are data
Pagefind wrote, never code we run. The store is never a source of truth: each folder lists the
SHA-256 of every file in it, a folder whose files differ (edited, truncated, missing, extra) is
deleted and its shard indexed again, and any error reading or writing it only means indexing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

MANIFEST = "minyi-files.json"  # in each stored bundle: {relative path: sha256} of its files


def _link(src: str, dst: str) -> None:
    """A hard link where the two folders share a file system (no bytes copied: a bundle is
    thousands of small files), else a copy. Pagefind's files are never changed in place, and a
    stored file changed through its link is found by `fetch`'s check like any other."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


class BundleStore:
    """Bundles by input digest in `folder`; with no folder, nothing is kept and nothing found."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    @classmethod
    def for_cache(cls, cache) -> BundleStore:
        """The store beside the ledger's cache file (minyi.cache), or none when the build has no cache."""
        file = getattr(cache, "file", None)
        return cls(file.with_name(file.stem + "-search") if file is not None else None)

    def fetch(self, key: str, into: Path) -> bool:
        """Copy the bundle stored under `key` to `into` if it is there and whole; True if copied."""
        if self.folder is None or not (entry := self.folder / key).is_dir():
            return False
        try:
            listed = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
            if _files(entry) != listed:
                raise ValueError(key)
            shutil.copytree(entry, into, ignore=shutil.ignore_patterns(MANIFEST), copy_function=_link)
            return True
        except (OSError, ValueError):  # a bundle we did not write (or a broken one): index again
            shutil.rmtree(entry, ignore_errors=True)
            shutil.rmtree(into, ignore_errors=True)
            return False

    def keep(self, key: str, bundle: Path) -> None:
        """Store a copy of `bundle` under `key` (written aside, then renamed into place)."""
        if self.folder is None or (self.folder / key).exists():
            return
        staging = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
            shutil.copytree(bundle, staging, dirs_exist_ok=True, copy_function=_link)
            (staging / MANIFEST).write_text(json.dumps(_files(staging)), encoding="utf-8")
            os.rename(staging, self.folder / key)
        except OSError:  # a store we cannot write means indexing next time, nothing worse
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)

    def prune(self, keep: set[str]) -> None:
        """Delete every stored bundle but `keep` (the current build's): the store holds one index."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
