"""驾驶舱, 最近更新 and 历年对比: one screen with this year's figures, overdue items, charts, projects and
the latest changes; the list of recent commits; and the finder's index of every record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import mean

from minyi import kinds, lifecycle, stats

from ..charts import bar_chart
from ..model import VOTED_IN, SiteModel
from ..render import rate
from ..urls import url_of
from .sections import SourceFile, page


@dataclass(frozen=True, slots=True)
class ProjectYear:
    year: int
    level: str  # which body voted them: 区人代会 or 街道议政代表会
    count: int
    done: int
    avg_progress: int  # mean of recorded progress, a project without one counting 0
    budget: float


def project_years(m: SiteModel) -> list[ProjectYear]:
    """Voted-in projects per year and level, newest year first."""
    voted = [p for p in m.projects if p.model.status in VOTED_IN]
    out = []
    for year, level in sorted({(p.model.year, p.level_label) for p in voted}, key=lambda k: (-k[0], k[1])):
        mine = [p.model for p in voted if p.model.year == year and p.level_label == level]
        out.append(
            ProjectYear(
                year,
                level,
                len(mine),
                sum(1 for p in mine if p.status in lifecycle.DONE_PROJECT),
                round(mean(p.progress or 0 for p in mine)),
                sum(p.budget or 0 for p in mine),
            )
        )
    return out


def figure_cards(f: stats.Figures, year: int) -> list[tuple[str, object, str]]:
    """(name, value, what it counts) of each headline figure; every rate says what it divides."""
    cards = [("今年收到", f.this_year, f"{year} 年收到的意见建议（累计 {f.total} 条）")]
    cards += [(r.name, rate(r.value), f"{r.part_words} {r.part} ÷ {r.whole_words} {r.whole}") for r in f.rates]
    days = "—" if f.avg_days_to_close is None else f.avg_days_to_close
    cards += [("平均办结天数", days, "从收到到办结的平均天数"), ("当前逾期", len(f.overdue), "超过办理时限仍未答复")]
    return cards


def slipping(m: SiteModel) -> list:
    """Projects flagged 滞后 or 长期未更新 (minyi.slippage), the longest behind first."""
    flagged = [p for p in m.projects if p.slip.labels]
    return sorted(flagged, key=lambda p: (-(p.slip.days_behind or 0), -(p.slip.days_since_update or 0), p.id))


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


def known_words(model) -> str:
    """What residents know a record by besides its id and title: its street, community and place
    (小区、道路), and an office's full name; words of a summary come from the search index."""
    place = getattr(model, "place", None)
    words = (getattr(model, "name", None), getattr(model, "street", None), *(
        (place,) if isinstance(place, str) else (getattr(place, k, None) for k in ("street", "community", "location"))
    ))  # fmt: skip
    return " ".join(dict.fromkeys(w for w in words if w))


def finder_index(m: SiteModel) -> str:
    """[id, title or name, url, known words] of every record with a page: the finder's data."""
    items = []
    for kind in kinds.RECORD_KINDS:
        if kind.section:
            items.extend(
                [
                    e.id,
                    getattr(e.model, "title", None) or getattr(e.model, "name", None),
                    url_of(e.id),
                    known_words(e.model),
                ]
                for e in m.of(kind.name)
            )
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def key_supervised(m: SiteModel) -> list:
    """重点督办: every suggestion listed for key supervision, still open first, then by the latest listing."""
    rows = [r for r in m.suggestions if r.model.supervision]
    rows.sort(key=lambda r: (r.facts.finished_on is None, r.model.supervision[-1].date, r.id), reverse=True)
    return rows


def files(m: SiteModel) -> Iterator[SourceFile]:
    yield page(
        "index.md",
        "pages/dashboard.html",
        m=m,
        here="",
        charts=charts(m),
        project_years=project_years(m),
        cards=figure_cards(m.figures, m.as_of.year),
        slipping=slipping(m),
        key=key_supervised(m),
    )
    yield page("changes/index.md", "pages/changes.html", m=m, here="changes/")
    yield page("years/index.md", "pages/yearend.html", m=m, here="years/")
    yield SourceFile("data/finder.json", finder_index(m), scan=False)
