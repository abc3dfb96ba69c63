"""驾驶舱 and 最近更新: one screen with this year's figures, overdue items, charts, projects and
the latest changes; the list of recent commits; and the finder's index of every record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import mean

from minyi import kinds, lifecycle

from .. import stats
from ..charts import bar_chart
from ..model import VOTED_IN, SiteModel
from ..urls import url_of
from .sections import SourceFile, page


@dataclass(frozen=True, slots=True)
class ProjectYear:
    year: int
    count: int
    done: int
    avg_progress: int  # mean of recorded progress, a project without one counting 0
    budget: float


def project_years(m: SiteModel) -> list[ProjectYear]:
    """Voted-in projects per year, newest first."""
    voted = [p for p in m.projects if p.model.status in VOTED_IN]
    out = []
    for year in sorted({p.model.year for p in voted}, reverse=True):
        mine = [p.model for p in voted if p.model.year == year]
        out.append(
            ProjectYear(
                year,
                len(mine),
                sum(1 for p in mine if p.status in lifecycle.DONE_PROJECT),
                round(mean(p.progress or 0 for p in mine)),
                sum(p.budget or 0 for p in mine),
            )
        )
    return out


def charts(m: SiteModel) -> list:
    rows = m.suggestions
    return [
        bar_chart(
            "c-status",
            "按状态",
            [(lifecycle.label("suggestion", s), n) for s, n in stats.count_by(rows, lambda r: r.model.status)],
        ),
        bar_chart("c-category", "按类别", stats.count_by(rows, lambda r: r.model.category)),
        bar_chart("c-street", "按街道（镇）", stats.count_by(rows, lambda r: r.model.place.street)),
        bar_chart("c-channel", "按收集渠道", stats.count_by(rows, lambda r: r.model.channel)),
    ]


def finder_index(m: SiteModel) -> str:
    """[id, title or name, url] of every record with a page: the finder's data."""
    items = []
    for kind in kinds.RECORD_KINDS:
        if kind.section:
            items.extend(
                [e.id, getattr(e.model, "title", None) or getattr(e.model, "name", None), url_of(e.id)]
                for e in m.of(kind.name)
            )
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def files(m: SiteModel) -> Iterator[SourceFile]:
    yield page("index.md", "pages/dashboard.html", m=m, here="", charts=charts(m), project_years=project_years(m))
    yield page("changes/index.md", "pages/changes.html", m=m, here="changes/")
    yield SourceFile("data/finder.json", finder_index(m), scan=False)
