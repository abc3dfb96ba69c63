"""Small value shapers shared by the kinds' open-data columns."""

from __future__ import annotations


def joined(values) -> str:
    """Several ids in one CSV cell, separated the way Chinese spreadsheets expect."""
    return "；".join(values or ())
