"""Withdrawals a reviewer must look at twice: a suggestion withdrawn after it was assigned.

Withdrawn suggestions are left out of every rate (issue 11), so withdrawing an overdue,
reopened or 不满意 case would quietly lift its department's figures. The gate allows it — a
duplicate found late is real — but says so loudly: the department, and what the case had
against it when it was withdrawn, so the reviewer checks the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..facts import suggestion_facts
from ..kinds.suggestion import Suggestion
from ..model import from_data

RULE = "withdrawn-after-assignment"


@dataclass(frozen=True)
class Withdrawal:
    id: str
    department: str  # 区住建局（DEP-002）
    signs: str  # what counted against the department: 撤回时已逾期 44 天，重新办理过 1 次，群众评价不满意
    reason: str


def _signs(old: dict, day: dt.date) -> list[str]:
    """What the case had against its department on the day it was withdrawn (the base version, judged that day)."""
    try:
        facts = suggestion_facts(from_data(Suggestion, old), day)
    except (TypeError, ValueError, KeyError, AttributeError):  # a broken base version: the validator says so
        return []
    signs = []
    if facts.overdue:
        signs.append(f"撤回时已逾期 {(day - facts.deadline).days} 天")
    elif facts.on_time is False:
        signs.append("答复超过了办理时限")
    if facts.reopened:
        signs.append(f"重新办理过 {facts.reopened} 次")
    if old.get("satisfaction") == "不满意":
        signs.append("群众评价不满意")
    return signs


def _day(new: dict, today: dt.date) -> dt.date:
    last = (new.get("timeline") or [{}])[-1]
    try:
        return dt.date.fromisoformat(str(last.get("date"))) if isinstance(last, dict) else today
    except ValueError:
        return today


def withdrawal(ledger, kind: str, old: dict, new: dict, today: dt.date) -> Withdrawal | None:
    """The withdrawal this change makes of a suggestion that had been assigned to a department, or None."""
    if kind != "suggestion" or old.get("status") == "withdrawn" or new.get("status") != "withdrawn":
        return None
    departments = old.get("departments")
    lead = departments.get("lead") if isinstance(departments, dict) else None
    if not isinstance(lead, str):
        return None
    signs = _signs(old, _day(new, today)) or ["撤回前没有逾期、重新办理或不满意"]
    return Withdrawal(
        str(new.get("id")), f"{ledger.name(lead)}（{lead}）", "，".join(signs), str(new.get("withdrawn_reason"))
    )
