"""Escaping of record text: every value a template prints goes through `esc` (see render.py).

Record text is shown as text, never as markup: `esc` escapes HTML, and also braces,
so that `{{ ... }}` in a record can never become template code in any renderer the
pages pass through (MkDocs' Jinja today, another tool tomorrow).
"""

from __future__ import annotations

# The translation table of `esc`, shared with the template environment's output path.
ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "{": "&#123;", "}": "&#125;"}
)


def esc(value) -> str:
    """html.escape plus braces, in one pass (this runs millions of times on a big ledger)."""
    return ("" if value is None else str(value)).translate(ESCAPES)
