"""Run every layer over the ledger and gather all problems: parse, schema, rules, privacy.

Validation only reads. It returns the ledger it built, so `show`, `build` and the
review gate reuse one load instead of reading the files again.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path

from . import district_map, record_cache, rules, schema
from .answer import layout_problems
from .cache import Cache
from .file_ids import blob_id
from .heap import no_cycle_collection
from .ledger import Ledger, Record, WithRecord, kind_of, record_files, stray_files
from .load import FileText, parse, read_text
from .problems import Problem
from .rules.context import Context

PARALLEL_FROM = 3000  # below this, starting worker processes costs more than it saves


def _local_checks(kind: str, loaded) -> tuple[list[Problem], bool]:
    """Checks that need no other record (schema, privacy); also says whether the structure is valid."""
    schema_problems = schema.check(kind, loaded)
    return schema_problems + list(rules.PRIVACY(Record(kind, loaded))), not schema_problems


def _context_checks(rec: Record, ctx: Context, schema_ok: bool) -> list[Problem]:
    """Rules that look at other records; lifecycle and votes only trust a schema-valid record."""
    checks = rules.PER_RECORD_ANY + (rules.PER_RECORD_VALID if schema_ok else ())
    return [p for rule in checks for p in rule(rec, ctx)]


def _load_one(root: Path, rel: str, kind: str):
    """Parse, schema-check and privacy-check one file: the part of validation that needs no other record.

    The row carries the blob id of the very bytes parsed, so the cache entry matches what was checked."""
    with open(f"{root}/{rel}", "rb") as file:  # a `Path` join and `read_bytes` cost twice as much
        raw = file.read()
    text, problems = read_text(raw, rel)
    loaded, problems = parse(text, rel, source=text) if text is not None else (None, problems)
    if loaded is None:
        return rel, kind, None, problems, False, blob_id(raw)
    found, schema_ok = _local_checks(kind, loaded)
    loaded.source = FileText.at(root, rel)  # marks, if ever needed, re-read the file
    return rel, kind, loaded, problems + found, schema_ok, blob_id(raw)


def _load_chunk(args):
    """A worker's share, each row sent back as its cache entry's JSON text where it has one:
    decoding that costs the main process less than unpickling the row and encoding it again."""
    root, items = args
    out = []
    for rel, kind in items:
        row = _load_one(root, rel, kind)
        text = record_cache.entry_text(row)
        out.append((rel, kind, text, None if text is not None else row))
    return out


def _load_all(root: Path, items: list[tuple[str, str]]) -> tuple[list[tuple], dict[str, str]]:
    """The rows of these files, and the cache entries the workers already encoded (by path)."""
    if len(items) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [_load_one(root, rel, kind) for rel, kind in items], {}
    import multiprocessing

    workers = min(os.cpu_count() or 2, 4)
    size = max(200, len(items) // (workers * 8))
    chunks = [(root, items[i : i + size]) for i in range(0, len(items), size)]
    rows, texts = [], {}
    # gc.enable: workers keep nothing from file to file, so the collector costs them nothing;
    # they inherit it paused from `no_cycle_collection`.
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:
        for part in pool.imap(_load_chunk, chunks):
            for rel, kind, text, row in part:
                if text is not None:
                    texts[rel] = text
                    row = record_cache.row_from_text(root, rel, kind, text) or _load_one(root, rel, kind)
                rows.append(row)
    return rows, texts


def load_ledger(root: Path, cache: Cache | None = None) -> tuple[Ledger, list[Problem], set[str]]:
    """Parse and schema-check every record; returns the ledger, problems and the paths of schema-valid records.

    With a cache, files whose bytes are unchanged come from it; the rest are parsed,
    on all cores when there are many.
    """
    return _load_ledger(root, cache, None)


def load_files(root: Path, rels: list[str]) -> Ledger:
    """A ledger of just these files (the settings and one record, for a command about that record):
    no other file is listed or read, and no cache is needed."""
    ledger = Ledger(root)
    for rel in rels:
        kind = kind_of(rel)
        if kind is None or not (root / rel).is_file():
            continue
        _, _, loaded, _, schema_ok, _ = _load_one(root, rel, kind)
        rid = loaded.data.get("id") if loaded is not None and isinstance(loaded.data, dict) else None
        if isinstance(rid, str):
            ledger.records[kind][rid] = Record(kind, loaded, valid=schema_ok)
    return ledger


def _load_ledger(root: Path, cache: Cache | None, digests: dict[str, str] | None):
    with no_cycle_collection():
        return _build_ledger(root, cache, digests)


def _build_ledger(root: Path, cache: Cache | None, digests: dict[str, str] | None):
    ledger = Ledger(root)
    problems: list[Problem] = []
    valid: set[str] = set()
    rels = sorted(digests) if digests is not None else record_files(root)  # the ids name every file
    items = [(rel, kind_of(rel)) for rel in rels]
    rows, todo, stale = record_cache.lookup(cache, root, items, digests)
    fresh, texts = _load_all(root, todo)
    record_cache.store(cache, fresh, stale, texts)
    rows = sorted(rows + fresh, key=lambda r: r[0])
    for rel, kind, loaded, found, schema_ok, _ in rows:
        problems.extend(found)
        if loaded is None:
            ledger.unreadable.add(Path(rel).stem)
            continue
        rid = loaded.data.get("id")
        if not isinstance(rid, str):
            continue
        if rid in ledger.records[kind]:
            other = ledger.records[kind][rid]
            problems.append(loaded.report(("id",), "id-duplicate", id=rid, other=other.path))
            continue
        ledger.records[kind][rid] = Record(kind, loaded, valid=schema_ok)
        if schema_ok:
            valid.add(rel)
    return ledger, problems, valid


def validate(
    root: Path, today: dt.date | None = None, only: set[str] | None = None, cache: Cache | None = None
) -> tuple[Ledger, list[Problem]]:
    """All problems of the ledger at `root`; with `only`, just those in these paths."""
    ledger, problems = validate_records(root, today, only, cache, None)
    return ledger, sorted(set(problems + layout_problems(stray_files(root), only)))


def validate_records(
    root: Path, today: dt.date | None, only: set[str] | None, cache: Cache | None, digests: dict[str, str] | None
) -> tuple[Ledger, list[Problem]]:
    """Every problem but the layout's (which no cache holds); `digests`: the blob ids, when known already."""
    with no_cycle_collection():
        return _check_records(root, today, only, cache, digests)


def _check_records(root, today, only, cache, digests) -> tuple[Ledger, list[Problem]]:
    ledger, problems, valid = _load_ledger(root, cache, digests)
    ctx = Context(ledger, today or dt.date.today())
    for kind_records in ledger.records.values():
        for rec in kind_records.values():
            problems.extend(_context_checks(rec, ctx, rec.path in valid))
    for rule in rules.PER_LEDGER:
        problems.extend(rule(ledger, ctx))
    if ledger.settings is not None:
        problems.extend(district_map.check(root, ledger.settings.streets))
    if only is not None:
        problems = [p for p in problems if p.path in only]
    return ledger, sorted(set(problems))


def check_one(ledger: Ledger, rel: str, kind: str, text: str, today: dt.date) -> list[Problem]:
    """Problems of one record as it would be written, checked against the rest of the ledger.

    Commands that edit records call this before writing, so they refuse exactly what
    the validator would reject, with the same messages.
    """
    loaded, problems = parse(text, rel)
    if loaded is None:
        return problems
    found, schema_ok = _local_checks(kind, loaded)
    problems += found
    rec = Record(kind, loaded, valid=schema_ok)
    problems += _context_checks(rec, ctx=Context(WithRecord(ledger, rec), today), schema_ok=schema_ok)
    return sorted(set(problems))
