"""Actions that change records: scaffold a new one, advance a status, correct a fact, assign real ids.

Each returns what it did; none writes a file the validator would reject.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import kinds


def creatable() -> tuple[kinds.Kind, ...]:
    """Kinds a clerk creates by hand with `minyi new`. Here, not in `scaffold`, because the CLI
    asks it when its record commands load: `minyi history` need not import the editor and templates."""
    return tuple(k for k in kinds.RECORD_KINDS if k.new_options)


class Refused(Exception):
    """The change would make the ledger invalid; carries the validator's problems."""

    def __init__(self, problems, unwritten: bool = False):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
        self.unwritten = unwritten  # the problems are of a text never written: their lines are no help


def write_checked(ledger, rec, new_text: str, today: dt.date) -> Path:
    """Write a record's new text unless it adds problems the old text did not have.

    Problems the file already had are the validator's to report, not a reason to
    refuse an unrelated step; new ones are refused with the validator's own words.
    """
    from .. import edit
    from ..problems import errors
    from ..validate import check_one

    path = ledger.root / rec.path
    existing = errors(check_one(ledger, rec.path, rec.kind, path.read_text(encoding="utf-8"), today))
    if not rec.valid:  # a record whose structure is broken is repaired first, never edited further
        raise Refused(existing)
    before = {(p.rule, p.message) for p in existing}
    introduced = [
        p for p in errors(check_one(ledger, rec.path, rec.kind, new_text, today)) if (p.rule, p.message) not in before
    ]
    if introduced:
        raise Refused(introduced, unwritten=True)
    edit.write_atomic(path, new_text)
    return path
