"""通报: a printable page per month, the list of months, and each month's CSV in open data.

The figures are minyi.bulletin's, from the site model (`m.reports`); the words of the
definitions and the CSV are minyi.bulletin_text's, so a page, its CSV and
`minyi report --month` print the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator

from minyi import bulletin_text

from ..model import SiteModel
from .sections import SourceFile, page

FOLDER = "reports"


def csv_path(key: str) -> str:
    return f"data/{FOLDER}/{key}.csv"


def files(m: SiteModel) -> Iterator[SourceFile]:
    reports = m.reports
    yield page(f"{FOLDER}/index.md", "pages/reports.html", m=m, here=f"{FOLDER}/", reports=reports, csv_path=csv_path)
    for i, b in enumerate(reports):
        here = f"{FOLDER}/{b.period.key}/"
        names = {d.key: d.name for d in b.departments}
        yield page(
            f"{here}index.md",
            "pages/report.html",
            m=m,
            here=here,
            b=b,
            newer=reports[i - 1] if i else None,
            older=reports[i + 1] if i + 1 < len(reports) else None,
            csv=csv_path(b.period.key),
            summary=bulletin_text.summary(b),
            rates=bulletin_text.rates(b),
            definitions=bulletin_text.DEFINITIONS,
            line_head=bulletin_text.LINE_HEAD,
            line_cells=bulletin_text.line_cells,
            closure_head=bulletin_text.CLOSURE_HEAD,
            closure_rows=list(bulletin_text.closure_cells(b, names)),
        )
        yield SourceFile(csv_path(b.period.key), bulletin_text.csv_text(b), scan=False)
