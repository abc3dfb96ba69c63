"""How audit trails are kept in the cache: one compact JSON value per record.

Why compact: at 100,000 records the trails are half a million commit entries. Stored as
the dicts the site reads, every entry repeated a dozen keys and two addresses, and reading
them all back held a separate copy of each commit's id, author, message and addresses per
record (2 GB). Stored as lists without what can be derived (addresses from the repository
address, the day from the time), they are encoded and decoded in a fraction of the time,
and read back with one shared copy of each commit's facts.

A stored trail is {"c": [[seq, commit, datetime, author, message, imported, pr, headline,
changes], ...], "e": [[event index, commit, date, lag_days, imported], ...]}. Anything else
is unreadable, and the caller derives the trail again from git.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from .cache import Cache
from .trails import TRAILS_STATE

TRAILS = "history.trails"  # cache namespace: record id -> stored trail


def pack(trail: dict) -> dict:
    """A trail (minyi.trails.per_record) as it is stored."""
    commits = [
        [c["seq"], c["commit"], c["datetime"], c["author"], c["message"], c["imported"], c["pr"]]
        + [c["headline"], c["changes"]]
        for c in trail["commits"]
    ]
    events = [[i, e["commit"], e["date"], e["lag_days"], e["imported"]] for i, e in trail["events"].items()]
    return {"c": commits, "e": events}


def _urls(base: str, sha: str, pr) -> tuple[str, str]:
    """(commit address, pull request address), as minyi.trails.per_record writes them."""
    return (f"{base}/commit/{sha}" if base else "", f"{base}/pull/{pr}" if base and pr else "")


def _commit_facts(base: str, shared: dict, sha, when, author, message, imported, pr) -> dict:
    """The facts of one commit that every record it changed repeats: one copy for all of them."""
    key = (sha, when, author, message, imported, pr)
    facts = shared.get(key)  # a planted value that cannot be a key (a list) raises TypeError: unreadable
    if facts is None:
        if not (isinstance(sha, str) and isinstance(when, str)):
            raise TypeError("not a stored commit")
        commit_url, pr_url = _urls(base, sha, pr)
        facts = shared[key] = {
            "commit": sha,
            "date": when[:10],
            "datetime": when,
            "author": author,
            "message": message,
            "imported": imported,
            "pr": pr,
            "pr_url": pr_url,
            "commit_url": commit_url,
        }
    return facts


def unpack(stored, repository_url: str | None, shared: dict | None = None) -> dict | None:
    """A stored trail back as per_record made it; None if it is not what `pack` writes.
    `shared` keeps one copy of each commit's facts across the trails read together."""
    base = (repository_url or "").rstrip("/")
    shared = {} if shared is None else shared
    try:
        commits = []
        for seq, sha, when, author, message, imported, pr, headline, changes in stored["c"]:
            facts = shared.get((sha, when, author, message, imported, pr))
            if facts is None:
                facts = _commit_facts(base, shared, sha, when, author, message, imported, pr)
            if type(seq) is not int or type(changes) is not list:
                return None
            commits.append({"seq": seq, **facts, "headline": headline, "changes": changes})
        events = {}
        for i, sha, day, lag, imported in stored["e"]:
            if type(i) is not int or type(sha) is not str:
                return None
            url = f"{base}/commit/{sha}" if base else ""
            events[i] = {"commit": sha, "date": day, "lag_days": lag, "imported": imported, "commit_url": url}
    except (TypeError, ValueError, KeyError):
        return None
    return {"commits": commits, "events": events}


def save(batch, trails: Iterable[tuple[str, dict]]) -> None:
    """Put trails into a cache batch (minyi.cache), stored compactly."""
    batch.put_each(TRAILS, ((rid, pack(trail)) for rid, trail in trails))


def cached_trails(cache: Cache, repository_url: str | None) -> dict[str, dict] | None:
    """Every cached trail; None if any is unreadable."""
    stored = cache.items(TRAILS)
    shared: dict = {}
    for rid in list(stored):
        trail = unpack(stored[rid], repository_url, shared)
        if trail is None:
            return None
        stored[rid] = trail
    return stored


def cached_trail(cache: Cache, rid: str, repository_url: str | None) -> tuple[bool, dict | None]:
    """(readable, trail) of one record: a missing trail is readable (the record has no commits)."""
    stored = cache.get(TRAILS, rid)
    if stored is None:
        return True, None
    trail = unpack(stored, repository_url)
    return trail is not None, trail


def at_head(cache: Cache, head: str, repository_url: str | None) -> bool:
    """Whether the cached trails are those of commit `head` for this repository address: nothing new to read."""
    state = cache.get(TRAILS_STATE, "state")
    return (
        isinstance(state, dict)
        and state.get("head") == head
        and state.get("url") == repository_url
        and isinstance(state.get("seq"), int)
    )


def current_trail(root: Path, rid: str, repository_url: str | None, cache: Cache) -> tuple[bool, dict | None]:
    """(True, the record's trail or None) when the cached trails are at HEAD; (False, None) when the
    caller must ask minyi.history (new commits, no cache, a ledger that is not the repository's top).

    Why here: `minyi history ID` with nothing new is one `git rev-parse` and one lookup, without
    importing GitPython (a tenth of the command's time)."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-prefix", "--verify", "-q", "HEAD"], cwd=root, capture_output=True, check=False
        )
    except OSError:
        return False, None
    lines = proc.stdout.decode("utf-8", "surrogateescape").split("\n")
    if proc.returncode != 0 or len(lines) < 2 or lines[0] != "" or len(lines[1]) != 40:
        return False, None
    return cached_trail(cache, rid, repository_url) if at_head(cache, lines[1], repository_url) else (False, None)
