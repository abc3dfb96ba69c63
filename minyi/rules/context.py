"""What a rule may know besides the record itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..ledger import Ledger


@dataclass(frozen=True)
class Context:
    ledger: Ledger  # or a WithRecord view when one record is checked before it is written
    today: dt.date
