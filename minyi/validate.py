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
from .ledger import SETTINGS_FILE, Ledger, Record, WithRecord, kind_of, record_files, stem, stray_files
from .load import FileText, parse, read_text
from .problems import Problem
from .rules.context import Context, SettingsOnly

PARALLEL_FROM = 3000  # below this, starting worker processes costs more than it saves


def _local_checks(kind: str, loaded) -> tuple[list[Problem], bool]:
    """Checks that need no other record (schema, privacy); also says whether the structure is valid."""
    schema_problems = schema.check(kind, loaded)
    return schema_problems + list(rules.PRIVACY(Record(kind, loaded))), not schema_problems


def _checks(rec: Record, ctx: Context, schema_ok: bool, any_rules: tuple, valid_rules: tuple) -> list[Problem]:
    """Problems of these rules; lifecycle and votes only trust a schema-valid record."""
    checks = any_rules + (valid_rules if schema_ok else ())
    return [p for rule in checks for p in rule(rec, ctx)]


def _context_checks(rec: Record, ctx: Context, schema_ok: bool) -> list[Problem]:
    """Every rule beyond structure and privacy, those that look at other records included."""
    return _checks(rec, ctx, schema_ok, rules.PER_RECORD_ANY, rules.PER_RECORD_VALID)


def _load_one(root: Path, rel: str, kind: str, own: Context | None = None) -> tuple[tuple, list[Problem] | None]:
    """Parse, schema-check and privacy-check one file: the part of validation that needs no other record.

    The row carries the blob id of the very bytes parsed, so the cache entry matches what was checked.
    With `own` (a context whose ledger is `SettingsOnly`), the rules that need no other record run
    too, while the text is at hand for line marks: their problems come second (None when not run).
    They depend on "today" and the settings, so they never go into the cache with the row."""
    with open(f"{root}/{rel}", "rb") as file:  # a `Path` join and `read_bytes` cost twice as much
        raw = file.read()
    text, problems = read_text(raw, rel)
    loaded, problems = parse(text, rel, source=text) if text is not None else (None, problems)
    if loaded is None:
        return (rel, kind, None, problems, False, blob_id(raw)), None
    found, schema_ok = _local_checks(kind, loaded)
    checked = None
    if own is not None and isinstance(loaded.data.get("id"), str):  # the rules run on records with an id
        checked = _checks(Record(kind, loaded, valid=schema_ok), own, schema_ok, rules.OWN_ANY, rules.OWN_VALID)
    loaded.source = FileText.at(root, rel)  # marks, if ever needed, re-read the file
    return (rel, kind, loaded, problems + found, schema_ok, blob_id(raw)), checked


def _load_chunk(args):
    """A worker's share, each row sent back as its cache entry's JSON text where it has one:
    decoding that costs the main process less than unpickling the row and encoding it again."""
    root, items, own = args
    out = []
    for rel, kind in items:
        row, checked = _load_one(root, rel, kind, own)
        text = record_cache.entry_text(row)
        out.append((rel, kind, text, None if text is not None else row, checked))
    return out


def _load_all(root: Path, items: list[tuple[str, str]], own: Context | None):
    """The rows of these files, the cache entries the workers already encoded (by path), and
    the problems of the rules that need no other record where `own` let them run (by path)."""
    if len(items) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        done = [_load_one(root, rel, kind, own) for rel, kind in items]
        return [row for row, _ in done], {}, {row[0]: checked for row, checked in done if checked is not None}
    import multiprocessing

    workers = min(os.cpu_count() or 2, 4)
    # Small chunks: the last one a worker takes is what the other may wait for at the end
    # (6,400 files, some 2.5 s, at 100,000 records with eight per worker; 1,600 with 32).
    size = max(200, len(items) // (workers * 32))
    chunks = [(root, items[i : i + size], own) for i in range(0, len(items), size)]
    rows, texts, checked_by_path = [], {}, {}
    # gc.enable: workers keep nothing from file to file, so the collector costs them nothing;
    # they inherit it paused from `no_cycle_collection`.
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:
        for part in pool.imap(_load_chunk, chunks):
            for rel, kind, text, row, checked in part:
                if text is not None:
                    row = record_cache.row_from_text(root, rel, kind, text)
                    if row is None:  # cannot happen for text just encoded; parse again rather than trust it
                        row, checked = _load_one(root, rel, kind, own)
                    else:
                        texts[rel] = text
                rows.append(row)
                if checked is not None:
                    checked_by_path[rel] = checked
    return rows, texts, checked_by_path


def load_ledger(root: Path, cache: Cache | None = None) -> tuple[Ledger, list[Problem], set[str]]:
    """Parse and schema-check every record; returns the ledger, problems and the paths of schema-valid records.

    With a cache, files whose bytes are unchanged come from it; the rest are parsed,
    on all cores when there are many.
    """
    return _load_ledger(root, cache, None)[:3]


def load_files(root: Path, rels: list[str]) -> Ledger:
    """A ledger of just these files (the settings and one record, for a command about that record):
    no other file is listed or read, and no cache is needed."""
    ledger = Ledger(root)
    for rel in rels:
        kind = kind_of(rel)
        if kind is None or not (root / rel).is_file():
            continue
        (_, _, loaded, _, schema_ok, _), _ = _load_one(root, rel, kind)
        rid = loaded.data.get("id") if loaded is not None and isinstance(loaded.data, dict) else None
        if isinstance(rid, str):
            ledger.records[kind][rid] = Record(kind, loaded, valid=schema_ok)
    return ledger


def _load_ledger(root: Path, cache: Cache | None, digests: dict[str, str] | None, today: dt.date | None = None):
    """(ledger, problems, paths of schema-valid records, problems of the OWN rules by path): the
    last only for records parsed now, and only when `today` says the rules are to run."""
    with no_cycle_collection():
        return _build_ledger(root, cache, digests, today)


def _own_context(root: Path, rows: list[tuple], todo: list[tuple[str, str]], today: dt.date):
    """(the context the OWN rules run in, the files still to parse, the settings file's row if
    it was parsed here). The settings come from the settings file's row, from the cache or read
    here first, so the workers and the ledger share that one reading."""
    row = next((row for row in rows if row[0] == SETTINGS_FILE), None)
    parsed = []
    if row is None and (SETTINGS_FILE, "ledger") in todo:
        row = _load_one(root, SETTINGS_FILE, "ledger")[0]
        parsed.append(row)
        todo = [item for item in todo if item[0] != SETTINGS_FILE]
    loaded = row[2] if row is not None else None
    is_settings = loaded is not None and loaded.data.get("id") == "ledger"  # as `Ledger.settings` finds it
    settings = Record("ledger", loaded, valid=row[4]).model if is_settings else None
    return Context(SettingsOnly(settings), today), todo, parsed


def _build_ledger(root: Path, cache: Cache | None, digests: dict[str, str] | None, today: dt.date | None):
    ledger = Ledger(root)
    problems: list[Problem] = []
    valid: set[str] = set()
    rels = sorted(digests) if digests is not None else record_files(root)  # the ids name every file
    items = [(rel, kind_of(rel)) for rel in rels]
    rows, todo, stale = record_cache.lookup(cache, root, items, digests)
    own, todo, parsed = _own_context(root, rows, todo, today) if today is not None else (None, todo, [])
    fresh, texts, checked = _load_all(root, todo, own)
    fresh = parsed + fresh
    record_cache.store(cache, fresh, stale, texts)
    rows = sorted(rows + fresh, key=lambda r: r[0])
    for rel, kind, loaded, found, schema_ok, _ in rows:
        problems.extend(found)
        if loaded is None:
            ledger.unreadable.add(stem(rel))
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
    return ledger, problems, valid, checked


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
    today = today or dt.date.today()
    ledger, problems, valid, checked = _load_ledger(root, cache, digests, today)
    ctx = Context(ledger, today)
    for kind_records in ledger.records.values():
        for rec in kind_records.values():
            own = checked.get(rec.path)
            if own is None:  # from the cache, or the settings: every rule here
                problems.extend(_context_checks(rec, ctx, rec.path in valid))
            else:  # the worker ran the rest
                problems.extend(own + _checks(rec, ctx, rec.path in valid, rules.CROSS_ANY, rules.CROSS_VALID))
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
