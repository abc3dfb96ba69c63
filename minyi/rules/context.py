"""What a rule may know besides the record itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..ledger import Ledger


@dataclass(frozen=True)
class Context:
    ledger: Ledger  # or a WithRecord view when one record is checked before it is written
    today: dt.date


class SettingsOnly:
    """The ledger as the OWN rules (`rules.OWN_ANY`, `rules.OWN_VALID`) see it in a worker process:
    its settings and nothing else, so a rule that looks another record up fails loudly there."""

    __slots__ = ("settings",)

    def __init__(self, settings):
        self.settings = settings
