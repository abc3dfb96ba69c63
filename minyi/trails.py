"""Audit trails per record: commit rows (minyi.history) grouped by record id, and read back from the cache.

A trail is {"commits": [...], "events": {event index: recording facts}}; the cache keeps one
trail per record (minyi.trail_store), so one record's trail is one indexed lookup and a new
commit rewrites only the trails it touched.
"""

from __future__ import annotations

import datetime as dt

TRAILS_STATE = "history.trails.state"  # cache namespace; the trails themselves: minyi.trail_store


def record_id(path: str) -> str | None:
    if not path.startswith("records/") or not path.endswith(".yaml") or path.endswith("/ledger.yaml"):
        return None
    return path.rsplit("/", 1)[-1][:-5]


def per_record(
    rows: list[dict], repository_url: str | None = None, into: dict | None = None, first_seq: int = 0
) -> dict[str, dict]:
    """Group commits by record id: {"commits": [...], "events": {index: recording facts}}.

    With `into`, the rows are appended to trails built before (they must be newer)."""
    base = (repository_url or "").rstrip("/")
    out: dict[str, dict] = into if into is not None else {}
    for seq, row in enumerate(rows, first_seq):
        commit_url = f"{base}/commit/{row['commit']}" if base else ""
        pr_url = f"{base}/pull/{row['pr']}" if base and row.get("pr") else ""
        for f in row["files"]:
            rid, old_rid = record_id(f["path"]), record_id(f["old_path"])
            if f["kind"] == "R" and old_rid in out and rid not in out:
                out[rid] = out.pop(old_rid)  # placeholder id replaced by the real one: keep its trail
            if rid is None:
                continue
            entry = out.setdefault(rid, {"commits": [], "events": {}})
            entry["commits"].append(
                {
                    "seq": seq,
                    "commit": row["commit"],
                    "date": row["date"],
                    "datetime": row["datetime"],
                    "author": row["author"],
                    "message": row["message"],
                    "imported": row["imported"],
                    "pr": row.get("pr"),
                    "pr_url": pr_url,
                    "commit_url": commit_url,
                    "headline": f["headline"],
                    "changes": f["changes"],
                }
            )
            arrived = row.get("arrived") or row["date"]
            keep = f.get("keep_recorded")  # a first readable version: events already recorded stay so
            for i, day in zip(f["added_events"], f.get("event_dates", [])):
                if keep and i in entry["events"]:
                    continue
                lag = (dt.date.fromisoformat(arrived) - dt.date.fromisoformat(day)).days if day else 0
                entry["events"][i] = {
                    "commit": row["commit"],
                    "date": arrived,
                    "lag_days": lag,
                    "imported": row["imported"],
                    "commit_url": commit_url,
                }
    return out


def latest_changes(history: dict[str, dict], limit: int) -> list[dict]:
    """The newest commits across all records, each with the records it changed as (id, headline), newest first."""
    by_commit: dict[str, dict] = {}
    per_record = ("changes", "headline")
    for rid, trail in history.items():
        for c in trail["commits"]:
            entry = by_commit.setdefault(
                c["commit"], {**{k: v for k, v in c.items() if k not in per_record}, "records": []}
            )
            entry["records"].append((rid, c["headline"]))
    newest = sorted(by_commit.values(), key=lambda c: c["seq"], reverse=True)[:limit]
    for c in newest:
        c["records"].sort()
    return newest


def touched(rows: list[dict]) -> set[str]:
    """The record ids (old and new names) the commit rows change."""
    return {
        rid for row in rows for f in row["files"] for rid in (record_id(f["path"]), record_id(f["old_path"])) if rid
    }
