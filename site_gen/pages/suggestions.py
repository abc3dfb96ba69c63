"""意见建议: the filterable list in four views (all, problem, assignment and closed lists) and
its data, JSON files per year (a big year in parts) that the browser filters and sorts.

Custom because one kind gets four list pages and data files; record pages come from
`templates/kinds/suggestion.html` like every kind's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from minyi import lifecycle
from minyi.kinds import Kind
from minyi.kinds.suggestion import OUTCOME

from ..model import SiteModel, SuggestionRow
from ..urls import url_of
from .sections import Hooks, SourceFile, page

# The browser's list reads rows by these names (site_gen/assets/minyi.js).
FIELDS = [
    "id",
    "title",
    "status",
    "label",
    "stage",
    "category",
    "street",
    "lead",
    "lead_name",
    "received",
    "deadline",
    "overdue",
    "days_open",
    "outcome",
    "satisfaction",
    "url",
    "place",  # community and location: the keyword box matches them (and the summary) too
    "summary",
    "key",  # 重点督办: 1 when listed (the badge and the 只看重点督办 filter)
]
# Rows the list page carries in its HTML, newest first: what a reader without JavaScript sees
# (and what the script replaces with the filtered list).
SERVER_ROWS = 50
# (slug, stage it presets; None = all)
VIEWS = (("index", None), ("problems", "问题清单"), ("assigned", "交办清单"), ("closed", "办结清单"))


def list_row(m: SiteModel, r: SuggestionRow) -> list:
    """One suggestion as the list shows it, in FIELDS order (text as data: the script sets textContent)."""
    s, f = r.model, r.facts
    return [
        s.id,
        s.title,
        s.status,
        f.label,
        f.stage,
        s.category,
        s.place.street,
        s.lead or "",
        m.name(s.lead) if s.lead else "",
        s.received.isoformat(),
        f.deadline.isoformat() if f.deadline else "",
        1 if f.overdue else 0,
        f.days_open,
        OUTCOME.get(s.outcome, ""),
        s.satisfaction or "",
        url_of(s.id),
        " ".join(w for w in (s.place.community, s.place.location) if w),
        s.summary,
        1 if s.key_supervised else 0,
    ]


def newest(m: SiteModel, stage: str | None, n: int = SERVER_ROWS) -> list[dict]:
    """The view's `n` newest suggestions as the list's rows (FIELDS by name), in the script's default order."""
    rows = [r for r in m.suggestions if stage is None or r.facts.stage == stage]
    rows.sort(key=lambda r: (r.model.received, r.id), reverse=True)
    return [dict(zip(FIELDS, list_row(m, r), strict=True)) for r in rows[:n]]


# Rows per list data file: a row is ~370 bytes (measured at 100,000 suggestions, 12,500 a
# year), so a part is about 0.9 MB and stays under the 2 MB download target even if real
# titles and summaries run twice as long as the benchmark's.
PART_ROWS = 2500


def year_parts(years: dict[int, int], part_rows: int | None = None) -> list[tuple[int, str, str, slice]]:
    """(year, file name, link text, rows slice) for every list data file, years in order.

    A year that fits in one file keeps the plain name suggestions-<year>.json; a bigger one
    is cut in order into suggestions-<year>-1.json, -2 … of `part_rows` rows each."""
    part_rows = part_rows or PART_ROWS
    out = []
    for year, count in sorted(years.items()):
        if count <= part_rows:
            out.append((year, f"suggestions-{year}.json", f"{year} 年", slice(0, count)))
            continue
        for n, start in enumerate(range(0, count, part_rows), 1):
            out.append((year, f"suggestions-{year}-{n}.json", f"{year} 年第 {n} 部分", slice(start, start + part_rows)))
    return out


def _by_year(m: SiteModel) -> dict[int, list[SuggestionRow]]:
    years: dict[int, list[SuggestionRow]] = {}
    for r in m.suggestions:
        years.setdefault(r.year, []).append(r)
    return years


def list_data(m: SiteModel) -> Iterator[SourceFile]:
    """data/list/ files (see year_parts), and the index of years, their files and the fields."""
    years = _by_year(m)
    index: dict[str, dict] = {}
    for year, name, _, part in year_parts({y: len(rows) for y, rows in years.items()}):
        data = json.dumps([list_row(m, r) for r in years[year][part]], ensure_ascii=False, separators=(",", ":"))
        yield SourceFile(f"data/list/{name}", data, scan=False)
        entry = index.setdefault(str(year), {"files": [], "count": len(years[year])})
        entry["files"].append(name)
    yield SourceFile(
        "data/list/index.json",
        json.dumps({"fields": FIELDS, "years": index}, ensure_ascii=False, sort_keys=True),
        scan=False,
    )


def filters(m: SiteModel) -> dict:
    """The choices of the list's filters, computed once for the four views."""
    rows = m.suggestions
    leads = sorted({r.model.lead for r in rows if r.model.lead})
    return {
        "years": [(y, f"{y} 年") for y in sorted({r.year for r in rows}, reverse=True)],
        "downloads": [(name, text) for _, name, text, _ in year_parts(Counter(r.year for r in rows))],
        "categories": [(c, c) for c in m.settings.categories],
        "streets": [(s, s) for s in sorted({r.model.place.street for r in rows})],
        "leads": [(d, m.name(d)) for d in leads],
        "stage_counts": Counter(r.facts.stage for r in rows),
    }


def list_files(m: SiteModel, kind: Kind) -> Iterator[SourceFile]:
    choices = filters(m)
    for slug, stage in VIEWS:
        here = "suggestions/" if slug == "index" else f"suggestions/{slug}/"
        statuses = [(k, v.label) for k, v in lifecycle.SUGGESTION_STATUSES.items() if stage in (None, v.stage)]
        yield page(
            f"{here}index.md",
            "kinds/suggestion_list.html",
            m=m,
            kind=kind,
            here=here,
            slug=slug,
            stage=stage,
            views=VIEWS,
            statuses=statuses,
            rows=newest(m, stage),
            blank=dict.fromkeys(FIELDS, ""),
            total=len(m.suggestions) if stage is None else choices["stage_counts"][stage],
            **choices,
        )
    yield from list_data(m)


HOOKS = Hooks(list_files=list_files)
