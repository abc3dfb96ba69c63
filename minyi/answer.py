"""What `minyi validate` prints: the last answer again when no record changed, else a new one.

Kept apart from `validate` so that an unchanged ledger is answered without importing the
rules, the schemas and the validators (a tenth of a second of a half-second budget): this
lists the files, names their contents (`file_ids`), and reuses the cached answer when the
key matches. Layout problems (files under records/ that are not records) are never cached:
the listing finds them every time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import record_cache
from .cache import Cache
from .file_ids import GitIndex
from .ledger import scan
from .problems import Problem


def layout_problems(strays, only: set[str] | None = None) -> list[Problem]:
    """Files under records/ that are not records (links, FIFOs, other names and folders), from
    `ledger.stray_files`.

    Kept out of the caches, which are keyed by the record files and so cannot see these.
    Leftovers of an operating system or editor (.DS_Store, *~) are only warnings here;
    the review gate refuses them once committed."""
    return [
        Problem.of(rel, 1, 1, rule, variant, "warning" if variant == "leftover" else "error")
        for rel, (rule, variant) in strays
        if only is None or rel in only
    ]


def problems_only(
    root: Path, today: dt.date, only: set[str] | None = None, cache: Cache | None = None
) -> tuple[int, list[Problem]]:
    """What `minyi validate` prints. With a cache, when no record file's bytes changed since the
    last run (same names and blob ids, same code, same "today"), the previous answer is reused."""
    asked = GitIndex(root) if cache is not None else None  # git stats the files while we list them
    files, strays = scan(root)
    if cache is None:
        from . import validate

        return len(files), validate.validate(root, today, only)[1]
    ids, key = record_cache.answer_key(root, files, today, asked)
    problems = record_cache.cached_result(cache, key)
    if problems is None:
        from . import validate

        _, problems = validate.validate_records(root, today, None, cache, dict(zip(files, ids)))
        record_cache.store_result(cache, key, problems)
    problems = sorted(set(problems + layout_problems(strays)))
    if only is not None:
        problems = [p for p in problems if p.path in only]
    return len(files), problems
