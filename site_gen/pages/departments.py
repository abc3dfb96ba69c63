"""部门工作评议: the public ranking of departments with its formula.

Custom because the list page is the ranking (minyi/stats.py computes it; the site model
holds it); each department's page comes from `templates/kinds/department.html`.
"""

from __future__ import annotations

from minyi import stats

from .. import feeds
from ..model import Entry, SiteModel
from .sections import Hooks


def list_context(m: SiteModel) -> dict:
    return {
        "formula": [line.format(min_cases=m.settings.min_cases_for_ranking) for line in stats.RANKING_FORMULA],
        "others": [s for s in m.unranked if s.assigned],
    }


def record_context(m: SiteModel, entry: Entry) -> dict:
    """Its figures if it is ranked; else the suggestions it registered, assigned or followed up. Suggestions
    withdrawn after they were assigned to it are named apart: they are left out of its figures."""
    figures = m.department_figures(entry.id)
    rows = figures.rows if figures else m.index.handled_by.get(entry.id, ())
    led = m.index.by_lead.get(entry.id, ())
    return {
        "figures": figures,
        "rows": sorted(rows, key=lambda r: r.id, reverse=True),
        "withdrawn": [r for r in led if r.model.status == "withdrawn" and r.facts.assigned_on],
        "calendar": feeds.department_calendar(entry.id),
    }


HOOKS = Hooks(list_context=list_context, record_context=record_context)
