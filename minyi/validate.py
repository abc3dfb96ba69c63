"""Run every layer over the ledger and gather all problems: parse, schema, rules, privacy.

Validation only reads. It returns the ledger it built, so `show`, `build` and the
review gate reuse one load instead of reading the files again.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import rules, schema
from .ledger import Ledger, Record, kind_of, record_files
from .load import load_file, parse
from .problems import Problem
from .rules.context import Context


def load_ledger(root: Path) -> tuple[Ledger, list[Problem], set[str]]:
    """Parse and schema-check every record; returns the ledger, problems and the ids of schema-valid records."""
    ledger = Ledger(root)
    problems: list[Problem] = []
    valid: set[str] = set()
    for rel in record_files(root):
        kind = kind_of(rel)
        if kind is None:
            problems.append(Problem(rel, 1, 1, "file-unknown-kind", "这个文件不在已知的记录目录中 (unknown record folder)",
                                    "记录放在 records/suggestions/<年>/、projects/<年>/、deputies/、departments/、stations/、sessions/ 之下"))
            continue
        loaded, found = load_file(root / rel, rel)
        problems.extend(found)
        if loaded is None:
            continue
        rec = Record(kind, loaded)
        schema_problems = schema.check(kind, loaded)
        problems.extend(schema_problems)
        problems.extend(rules.PRIVACY(rec))
        rid = loaded.data.get("id")
        if not isinstance(rid, str):
            continue
        if rid in ledger.records[kind]:
            other = ledger.records[kind][rid]
            problems.append(loaded.problem(("id",), "id-duplicate", f"id「{rid}」已被 {other.path} 使用 (duplicate id)",
                                           "给这条记录换一个新编号（minyi new 会生成临时编号）"))
            continue
        ledger.records[kind][rid] = rec
        if not schema_problems:
            valid.add(rel)
    return ledger, problems, valid


def validate(root: Path, today: dt.date | None = None, only: set[str] | None = None) -> tuple[Ledger, list[Problem]]:
    """All problems of the ledger at `root`; with `only`, just those in these paths."""
    ledger, problems, valid = load_ledger(root)
    ctx = Context(ledger, today or dt.date.today())
    for kind_records in ledger.records.values():
        for rec in kind_records.values():
            checks = rules.PER_RECORD_ANY + (rules.PER_RECORD_VALID if rec.path in valid else ())
            for rule in checks:
                problems.extend(rule(rec, ctx))
    for rule in rules.PER_LEDGER:
        problems.extend(rule(ledger, ctx))
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
    rec = Record(kind, loaded)
    schema_problems = schema.check(kind, loaded)
    problems += schema_problems + list(rules.PRIVACY(rec))
    previous = ledger.records[kind].get(rec.id)
    if isinstance(rec.id, str):
        ledger.records[kind][rec.id] = rec
    try:
        ctx = Context(ledger, today)
        checks = rules.PER_RECORD_ANY + (() if schema_problems else rules.PER_RECORD_VALID)
        for rule in checks:
            problems.extend(rule(rec, ctx))
    finally:
        if previous is not None:
            ledger.records[kind][rec.id] = previous
        elif isinstance(rec.id, str):
            ledger.records[kind].pop(rec.id, None)
    return sorted(set(problems))
