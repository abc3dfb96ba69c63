"""Correct recorded facts the only honest way: change the value and append a correction saying so.

The review gate refuses a changed fact that no new correction names, so a typo in a
closed record is fixed with `minyi correct`, never by editing the file: the correction
keeps what was recorded (`previous`), who corrected it, when and why, and the site
shows it in the record's timeline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import edit, schema
from ..ledger import Ledger
from ..load import plain_scalar
from ..problems import Problem
from ..redact import stated
from ..rules.corrections import resolve, target_problem
from . import Refused, write_checked


def typed(kind: str, target: str, text: str):
    """A command-line value in the type the schema wants at `target` (text stays text, 12 becomes 12 for numbers)."""
    want = schema.subschema_at(kind, target.split(".")).get("type")
    if want in ("integer", "number", "boolean"):
        return plain_scalar(text)
    return text


def plan(kind: str, data: dict, sets: list[tuple[str, str]], event: int | None) -> list[tuple[str, object, object]]:
    """(target, previous value, new value) for each FIELD=VALUE; refuses targets that are not correctable facts."""
    out = []
    for field, text in sets:
        target = f"timeline.{event}.{field}" if event else field
        bad = target_problem(kind, target, data)
        if bad:
            raise Refused([Problem.of("", 1, 1, "correction-target", target=target, why=bad[0], fix=bad[1])])
        previous, value = resolve(data, target), typed(kind, target, text)
        if previous == value:
            raise Refused(
                [
                    Problem.of(
                        "",
                        1,
                        1,
                        "correction-target",
                        target=target,
                        why="新值与原记录相同",
                        fix="检查要更正的字段和新值",
                    )
                ]
            )
        out.append((target, previous, value))
        out += _mirror(data, target, previous, value)
    return out


def _mirror(data: dict, target: str, previous, value) -> list[tuple[str, object, object]]:
    """The record's `deadline` repeats the last assignment's: correcting either corrects both."""
    events = data.get("timeline") or []
    last = max((i for i, e in enumerate(events) if isinstance(e, dict) and e.get("status") == "assigned"), default=-1)
    own = events[last].get("deadline") if last >= 0 else None
    if target == f"timeline.{last + 1}.deadline" and data.get("deadline") == previous:
        return [("deadline", previous, value)]
    if target == "deadline" and own is not None and own == previous:
        return [(f"timeline.{last + 1}.deadline", previous, value)]
    return []


def correct(
    ledger: Ledger,
    record_id: str,
    sets: list[tuple[str, str]],
    event: int | None,
    reason: str,
    by: str,
    day: dt.date,
    today: dt.date,
) -> Path:
    """Apply the corrections to `record_id` and append one correction entry per changed field."""
    rec = ledger.get(record_id)
    if rec is None:
        raise KeyError(record_id)
    changes = plan(rec.kind, rec.data, sets, event)
    path = ledger.root / rec.path
    doc = edit.read(path)
    for target, previous, value in changes:
        edit.set_path(doc, rec.kind, target, value)
        edit.append_to(
            doc,
            rec.kind,
            "corrections",
            {"date": day.isoformat(), "by": by, "reason": reason, "target": target, "previous": stated(previous)},
        )
    return write_checked(ledger, rec, edit.dumps(doc), today)
