"""Small value shapers shared by the kinds' open-data columns."""

from __future__ import annotations


def status_label(kind: str):
    """A getter for the status in Chinese, published beside the English code so a reader needs no lookup."""

    def get(record) -> str:
        from ..lifecycle import label  # lifecycle imports the kinds: resolved when a row is written

        return label(kind, record.status)

    return get


def joined(values) -> str:
    """Several ids in one CSV cell, separated the way Chinese spreadsheets expect."""
    return "；".join(values or ())
