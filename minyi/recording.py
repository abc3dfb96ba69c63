"""When a timeline event was recorded, and whether that counts as late.

Why: the recording lag (commit date − the event's own date) shows residents when a
clerk wrote an event down weeks after it happened. But a district that imports its
past 台账 records years of events in one commit; calling those "late" would bury the
real signal. So an event is 导入/补录 (imported), never late, when
- the commit that recorded it carries the trailer `Minyi-Import: true`, or
- the ledger settings name the day live recording began (`recording_since`) and the
  commit is older than that day, or the event itself happened before it (the ledger
  did not exist yet, so it could only be written down afterwards).
Every other event is judged by its lag: more than LATE_AFTER_DAYS days is late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LATE_AFTER_DAYS = 7


@dataclass(frozen=True, slots=True)
class Recording:
    commit: str
    commit_url: str
    recorded_on: dt.date
    event_date: dt.date
    lag_days: int
    imported: bool
    why_imported: str  # "" unless imported: the trailer, or recording_since

    @property
    def late(self) -> bool:
        return not self.imported and self.lag_days > LATE_AFTER_DAYS


def recording(rec: dict, recording_since: dt.date | None = None) -> Recording:
    """An event's recording facts from its history entry (minyi.history: commit, date, lag_days, imported)."""
    recorded_on = dt.date.fromisoformat(rec["date"])
    lag = int(rec.get("lag_days") or 0)
    event_date = recorded_on - dt.timedelta(days=lag)
    why = ""
    if rec.get("imported"):
        why = "提交标明为导入（Minyi-Import）"
    elif recording_since and recorded_on < recording_since:
        why = f"在台账启用日 {recording_since} 之前录入"
    elif recording_since and event_date < recording_since:
        why = f"事件发生在台账启用日 {recording_since} 之前"
    return Recording(
        commit=rec["commit"],
        commit_url=rec.get("commit_url", ""),
        recorded_on=recorded_on,
        event_date=event_date,
        lag_days=lag,
        imported=bool(why),
        why_imported=why,
    )


def describe(r: Recording) -> str:
    """The lag in words, as the terminal and the record page say it."""
    if r.imported:
        return f"导入/补录（{r.why_imported}）"
    if r.lag_days == 0:
        return "当天录入"
    if r.lag_days > 0:
        return f"事后 {r.lag_days} 天录入"
    return f"提前 {-r.lag_days} 天录入"
