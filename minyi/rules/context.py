"""What a rule may know besides the record itself."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..ledger import Ledger


@dataclass(frozen=True)
class Context:
    ledger: Ledger
    today: dt.date

    def exists(self, record_id) -> bool:
        return isinstance(record_id, str) and self.ledger.get(record_id) is not None
