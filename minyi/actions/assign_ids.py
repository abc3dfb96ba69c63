"""Swap placeholder ids (`...-TMP-xxxxxx`) for the next real numbers, after merge to main.

Runs where only one writer exists (the main branch, by the after-merge workflow),
so numbers cannot collide. Placeholders are random tokens, so replacing their exact
text in every record file is safe and keeps each file's formatting.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import kinds
from ..edit import write_atomic
from ..ledger import YEAR_IN_ID, Ledger, expected_path, record_files
from . import creatable

TMP = re.compile(r"\b(?:" + "|".join(re.escape(k.prefix) for k in creatable()) + r")-(?:\d{4}-)?TMP-[0-9a-f]{6}\b")


def _series(kind: str, rid: str) -> str:
    spec = kinds.get(kind)
    year = YEAR_IN_ID.match(rid) if spec.yearly else None
    return f"{spec.prefix}-{year.group(1)}-" if year else f"{spec.prefix}-"


def _first_date(data: dict) -> str:
    """When a record begins: its first timeline event, or for an untracked kind its own `date`,
    so real numbers follow the order things happened, not the random placeholder tokens."""
    timeline = data.get("timeline")
    first = timeline[0] if isinstance(timeline, list) and timeline and isinstance(timeline[0], dict) else data
    return str(first.get("date") or "")


def plan(ledger: Ledger) -> dict[str, str]:
    """Map each placeholder id to its real id, in order of the date each record begins, then path."""
    mapping: dict[str, str] = {}
    for spec in creatable():
        kind, width = spec.name, spec.id_width
        taken: dict[str, int] = {}
        for rid in ledger.records[kind]:
            series = _series(kind, rid)
            tail = rid[len(series) :]
            if tail.isdigit():
                taken[series] = max(taken.get(series, 0), int(tail))
        pending = [r for r in ledger.records[kind].values() if "TMP-" in r.id]
        pending.sort(key=lambda r: (_first_date(r.data), r.path))
        for rec in pending:
            series = _series(kind, rec.id)
            taken[series] = taken.get(series, 0) + 1
            mapping[rec.id] = f"{series}{taken[series]:0{width}d}"
    return mapping


def apply(ledger: Ledger, mapping: dict[str, str]) -> list[tuple[str, str]]:
    """Rewrite every reference, then rename the files. Returns (old path, new path) pairs."""
    root: Path = ledger.root
    if not mapping:
        return []
    for rel in record_files(root):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        new = TMP.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
        if new != text:
            write_atomic(path, new)
    moves = []
    for old, new in mapping.items():
        rec = ledger.get(old)
        target = root / expected_path(rec.kind, new)
        target.parent.mkdir(parents=True, exist_ok=True)
        (root / rec.path).rename(target)
        moves.append((rec.path, target.relative_to(root).as_posix()))
    return moves
