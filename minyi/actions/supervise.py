"""List a suggestion as a key supervised suggestion (重点督办): append a dated supervision entry.

Not a flag flipped in place: each listing is its own entry (when, by whom, how, why),
appended like a timeline event, so the review gate keeps every earlier one as recorded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import edit
from ..ledger import Ledger
from . import write_checked


def supervise(
    ledger: Ledger, record_id: str, by: str, level: str, reason: str, leader: str | None, day: dt.date, today: dt.date
) -> Path:
    rec = ledger.get(record_id)
    if rec is None or rec.kind != "suggestion":
        raise KeyError(record_id)
    doc = edit.read(ledger.root / rec.path)
    entry = {
        "date": day.isoformat(),
        "by": by,
        "level": level,
        **({"leader": leader} if leader else {}),
        "reason": reason,
    }
    if isinstance(doc.get("supervision"), list):
        doc["supervision"].append(edit.quoted(entry))
    else:
        edit.set_field(doc, "suggestion", "supervision", [entry])
    return write_checked(ledger, rec, edit.dumps(doc), today)
