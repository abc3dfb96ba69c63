"""Aggregates the public reads: dashboard figures and the department ranking.

Pure functions over plain rows, so the formulas published on the site are the
ones in this file and nowhere else.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from statistics import mean

from minyi import facts, lifecycle
from minyi.ledger import Ledger

SATISFIED = ("满意", "基本满意")
RANKING_FORMULA = ("综合得分 = 50 × 按期答复率 + 40 × 满意率 + 10 × (1 − 重新办理率)。"
                   "按期答复率 = 在办理时限内首次答复的件数 ÷（已答复件数 + 尚未答复且已逾期的件数）；"
                   "满意率 = （满意 + 基本满意）÷ 已测评件数；重新办理率 = 曾被重新办理的件数 ÷ 承办件数。"
                   "承办件数少于 {min_cases} 件的部门只列出数字，不参加排名。人大机关负责登记交办，不参加评议。")


def suggestion_rows(ledger: Ledger, as_of: dt.date) -> list[dict]:
    """One row per suggestion: its data plus derived facts as of `as_of`."""
    office = ledger.settings.office
    rows = []
    for rec in sorted(ledger.of("suggestion"), key=lambda r: r.id):
        d = rec.data
        f = dataclasses.asdict(facts.suggestion_facts(rec.model, as_of, office))  # rows become typed in the site model
        rows.append({"id": rec.id, "data": d, "path": rec.path, **f,
                     "year": int(rec.id[2:6]), "lead": (d.get("departments") or {}).get("lead")})
    return rows


def dashboard(rows: list[dict], as_of: dt.date) -> dict:
    """Headline figures. Closure and real solving are reported apart: closed is not solved."""
    year_rows = [r for r in rows if r["received"] and r["received"].year == as_of.year]
    accepted = [r for r in rows if r["data"]["status"] not in lifecycle.NOT_HANDLED]
    closed = [r for r in accepted if r["data"]["status"] == "closed"]
    answered = [r for r in rows if r["answered_on"] and r["deadline"]]
    overdue = [r for r in rows if r["overdue"]]
    rated = [r for r in rows if r["data"].get("satisfaction")]
    return {
        "total": len(rows),
        "this_year": len(year_rows),
        "accepted": len(accepted),
        "closed": len(closed),
        "solved": sum(1 for r in closed if r["data"].get("outcome") == "solved"),
        "answered": len(answered),
        "on_time": sum(1 for r in answered if r["on_time"]),
        "late_or_overdue": sum(1 for r in answered if not r["on_time"]) + len(overdue),
        "avg_days_to_close": round(mean(r["days_open"] for r in closed), 1) if closed else None,
        "rated": len(rated),
        "satisfied": sum(1 for r in rated if r["data"]["satisfaction"] in SATISFIED),
        "overdue": sorted(overdue, key=lambda r: r["deadline"]),
        "open": sum(1 for r in rows if r["data"]["status"] not in lifecycle.FINISHED),
    }


def count_by(rows: list[dict], key) -> list[tuple[str, int]]:
    c = Counter(key(r) for r in rows)
    return sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))


def department_stats(rows: list[dict], ledger: Ledger) -> list[dict]:
    """Per-department handling figures for every department that leads at least one case."""
    out = []
    for dep in sorted(ledger.of("department"), key=lambda r: r.id):
        if dep.data.get("kind") == "人大机关":
            continue
        mine = [r for r in rows if r["lead"] == dep.id]
        answered = [r for r in mine if r["answered_on"] and r["deadline"]]
        overdue = [r for r in mine if r["overdue"]]
        closed = [r for r in mine if r["data"]["status"] == "closed"]
        rated = [r for r in mine if r["data"].get("satisfaction")]
        reopened = sum(1 for r in mine if r["reopened"])
        days = [(r["answered_on"] - r["assigned_on"]).days for r in mine if r["answered_on"] and r["assigned_on"]]
        on_time = sum(1 for r in answered if r["on_time"])
        judged = len(answered) + len(overdue)
        on_time_rate = on_time / judged if judged else None
        sat_rate = sum(1 for r in rated if r["data"]["satisfaction"] in SATISFIED) / len(rated) if rated else None
        reopen_rate = reopened / len(mine) if mine else 0
        score = None
        if on_time_rate is not None:
            score = round(50 * on_time_rate + 40 * (sat_rate if sat_rate is not None else 0) + 10 * (1 - reopen_rate), 1)
        out.append({
            "id": dep.id, "name": dep.data.get("short_name") or dep.data["name"], "assigned": len(mine),
            "closed_on_time": sum(1 for r in closed if r["on_time"]), "closed_late": sum(1 for r in closed if r["on_time"] is False),
            "open": sum(1 for r in mine if r["data"]["status"] not in lifecycle.FINISHED), "overdue": len(overdue),
            "avg_days": round(mean(days), 1) if days else None, "on_time_rate": on_time_rate, "satisfaction_rate": sat_rate,
            "reopened": reopened, "score": score, "rows": mine,
        })
    return out


def ranking(stats: list[dict], min_cases: int) -> tuple[list[dict], list[dict]]:
    ranked = [s for s in stats if s["assigned"] >= min_cases and s["score"] is not None]
    ranked.sort(key=lambda s: (-s["score"], s["id"]))
    others = [s for s in stats if s not in ranked]
    return ranked, others
