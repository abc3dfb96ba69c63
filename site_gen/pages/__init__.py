"""Page generators, one module per section. `generate` returns every file of the site source.

Section pages are Markdown with raw HTML and go into the nav and search index;
record pages are tiny stubs whose body is an HTML fragment rendered here and
included by the `record.html` template, so MkDocs does no Markdown work for them.
"""
from __future__ import annotations

import datetime as dt

from minyi.ledger import Ledger

from . import dashboard, deputies, departments, opendata, projects, stations, suggestions
from .common import Site

SECTIONS = (suggestions, projects, deputies, departments, stations, opendata, dashboard)


def generate(ledger: Ledger, as_of: dt.date, history=None) -> Site:
    site = Site(ledger, as_of, history or {})
    for section in SECTIONS:
        section.build(site)
    return site
