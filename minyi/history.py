"""The audit trail: for every record, the commits that changed it and what they changed.

One pass over the repository (`git log --raw` through GitPython, never one call per
file), blobs read through a single `git cat-file --batch` process, and cache entries
(plain JSON) keyed by commit id so a new commit costs only itself. What changed between
two versions of a record is `versions`' business.

What the site claims must be provable from git alone: a pull-request number comes only
from a merge commit on main's first-parent line ("Merge pull request #N from …"), never
from a subject that merely ends in "(#N)" — any direct push can write that. Likewise the
day an event was recorded is the day main took its commit, not a date its author set.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import git

from .cache import Cache
from .describe import headline
from .versions import compare, state

COMMITS, COMMITS_STATE = "history.commits", "history.commits.state"  # cache namespaces
TRAILS, TRAILS_STATE = "history.trails", "history.trails.state"
MERGED_PR = re.compile(r"Merge pull request #(\d+) from \S")
# A commit that brings in records kept before the ledger (an import of a past 台账) says so
# in a trailer: `git commit --trailer "Minyi-Import: true"`. Its events are 导入/补录, not late.
IMPORT_TRAILER = "Minyi-Import"


def head_commit(root: Path) -> str | None:
    """The commit a build of `root` publishes (uncommitted edits are not part of it);
    None outside git or before the first commit. The publish workflow compares the next
    main against it (`minyi check-change --published`)."""
    try:
        return git.Repo(root).head.commit.hexsha
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return None


def build_stamp(root: Path, as_of: dt.date) -> dict:
    """What the site says about its own build, for `data/build.json`."""
    from importlib import metadata

    try:
        version = metadata.version("minyi-ledger")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {"commit": head_commit(root), "as_of": as_of.isoformat(), "generated_by": f"minyi {version}"}


def record_id(path: str) -> str | None:
    if not path.startswith("records/") or not path.endswith(".yaml") or path.endswith("/ledger.yaml"):
        return None
    return path.rsplit("/", 1)[-1][:-5]


def _owners(repo: git.Repo, parents: dict[str, list[str]]) -> dict[str, str]:
    """The commit on HEAD's first-parent line that brought each commit there (itself, for those on it).

    Each merge on that line brings in the commits its other parents reach that main did
    not have yet; a "merge" inside a branch proves nothing."""
    mainline = []
    sha = repo.head.commit.hexsha if parents else None
    while sha in parents:
        mainline.append(sha)
        sha = parents[sha][0] if parents[sha] else None
    owner = {m: m for m in mainline}
    for merge in reversed(mainline):  # oldest first: a commit belongs to the merge that brought it
        stack = list(parents[merge][1:])
        while stack:
            c = stack.pop()
            if c in owner or c not in parents:
                continue
            owner[c] = merge
            stack.extend(parents[c])
    return owner


def _arrivals(repo: git.Repo, rows: list[tuple]) -> dict[str, tuple[int | None, str]]:
    """(PR number, day main took it) of every commit, from (sha, parents, subject, committer date) rows.

    The number comes only from a pull request's merge commit on main (squash merges look
    exactly like direct pushes, so they get none). The day is the committer date of the
    commit on main that brought it: a branch's own dates are whatever its author set, so a
    backfilled event committed "the day after" still shows the day main recorded it.
    """
    parents = {sha: ps for sha, ps, _, _ in rows}
    subjects = {sha: subject for sha, _, subject, _ in rows}
    days = {sha: day[:10] for sha, _, _, day in rows}
    out = {}
    for c, merge in _owners(repo, parents).items():
        match = MERGED_PR.match(subjects[merge])
        out[c] = (int(match.group(1)) if match and len(parents[merge]) > 1 else None, days[merge])
    return out


def _blob_texts(repo: git.Repo, shas: list[str]):
    """Yield the text of each blob in order, through ONE `git cat-file --batch` process fed by a thread."""
    import subprocess
    import threading

    if not shas:
        return
    proc = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)

    def feed():
        try:
            for sha in shas:
                proc.stdin.write(sha.encode() + b"\n")
        finally:
            proc.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out = proc.stdout
    for _ in shas:
        header = out.readline().split()
        size = int(header[2])
        data = out.read(size)
        out.read(1)
        yield data.decode("utf-8", errors="replace")
    writer.join()
    proc.wait()


def _log(repo: git.Repo, since: str | None) -> str:
    trailer = f"%(trailers:key={IMPORT_TRAILER},valueonly,separator=%x2C)"
    args = [
        "--reverse",
        "--topo-order",
        "--raw",
        "--no-abbrev",
        "-M",
        f"--format=%x01%H%x00%P%x00%an%x00%aI%x00{trailer}%x00%s",
    ]
    if since:
        args.append(f"{since}..HEAD")
    return repo.git.log(*args, "--", "records/")


ZERO = "0" * 40


def _row(head: str, files: list[dict]) -> dict:
    """A commit as the log's format line gives it (see `_log`), with its record files."""
    sha, parents, author, date, trailer, subject = head.split("\x00")
    return {
        "commit": sha,
        "parents": parents.split(),
        "author": author,
        "date": date[:10],
        "datetime": date,
        "message": subject,
        "imported": any(v.strip().lower() == "true" for v in trailer.split(",")),
        "files": files,
    }


def _record_files(raw: str, pending: list) -> list[dict]:
    """The record files of one commit's `--raw` lines; each version to read goes on `pending`."""
    files = []
    for line in raw.splitlines():
        if not line.startswith(":"):
            continue
        meta, *paths = line.split("\t")
        _, _, old_sha, new_sha, kind = meta[1:].split(" ")
        old_path, new_path = paths[0], paths[-1]
        if record_id(new_path) is None and record_id(old_path) is None:
            continue
        files.append({"path": new_path, "old_path": old_path, "kind": kind[0]})
        pending.append((files[-1], old_sha, new_sha if kind[0] != "D" else ZERO))
    return files


def _commits(repo: git.Repo, since: str | None) -> list[dict]:
    """One pass: every commit touching records/ after `since`, with its file changes described.

    Each version's text is read once: the old side of a change is nearly always the
    new side of the previous change to the same file, kept parsed in memory.
    """
    rows, pending = [], []
    for chunk in _log(repo, since).split("\x01")[1:]:
        head, _, raw = chunk.partition("\n")
        rows.append(_row(head, _record_files(raw, pending)))
    # Plan the reads: the old side comes from memory when it is the version this run
    # last saw at that path; otherwise it is read. The second loop mirrors the first.
    last_sha: dict[str, str] = {}
    wanted = []
    for entry, old_sha, new_sha in pending:
        if old_sha != ZERO and last_sha.get(entry["old_path"]) != old_sha:
            wanted.append(old_sha)
        if new_sha != ZERO:
            wanted.append(new_sha)
        last_sha.pop(entry["old_path"], None)
        if new_sha != ZERO:
            last_sha[entry["path"]] = new_sha
    texts = _blob_texts(repo, wanted)
    last: dict[str, tuple[str, object]] = {}
    for entry, old_sha, new_sha in pending:
        old = None
        if old_sha != ZERO:
            seen = last.get(entry["old_path"])
            old = seen[1] if seen and seen[0] == old_sha else state(next(texts))
        new = state(next(texts)) if new_sha != ZERO else None
        last.pop(entry["old_path"], None)
        if new_sha != ZERO:
            last[entry["path"]] = (new_sha, new)
        change = compare(old, new)
        if entry["kind"] == "R":
            change["changes"].insert(0, f"改名：{entry['old_path']} → {entry['path']}")
        change["headline"] = headline(record_id(entry["path"]) or record_id(entry["old_path"]), change.pop("facts"))
        entry.update(change)
    return rows


def _arrivals_after(repo: git.Repo, since: str | None) -> dict[str, tuple[int | None, str]]:
    """`_arrivals` of the commits after `since`."""
    args = ["--format=%H%x00%P%x00%cI%x00%s"] + ([f"{since}..HEAD"] if since else [])
    lines = repo.git.log(*args).splitlines()
    graph = [(sha, ps.split(), subj, day) for sha, ps, day, subj in (line.split("\x00", 3) for line in lines)]
    return _arrivals(repo, graph)


def _new_rows(repo: git.Repo, since: str | None) -> list[dict]:
    """The commits after `since` (all when None), described, with their PR numbers and the day main took them."""
    new = _commits(repo, since)
    arrived = _arrivals_after(repo, since)
    for row in new:
        row["pr"], row["arrived"] = arrived.get(row["commit"], (None, row["date"]))
    return new


def _usable(repo: git.Repo, state, head: str) -> bool:
    """A cached state can be extended to `head` only if its head is an ancestor (history not rewritten)."""
    if not isinstance(state, dict) or not isinstance(state.get("head"), str):
        return False
    if state["head"] == head:
        return True
    try:
        return repo.is_ancestor(state["head"], head)
    except (git.GitCommandError, ValueError):
        return False


def _row_key(seq: int) -> str:
    return f"{seq:09d}"


def _cached_rows(cache: Cache, state) -> list[dict] | None:
    """The cached commit rows, in order, or None unless exactly `state["count"]` of them are there."""
    stored = cache.items(COMMITS)
    count = state.get("count")
    if not isinstance(count, int) or len(stored) != count or any(_row_key(i) not in stored for i in range(count)):
        return None
    rows = [stored[_row_key(i)] for i in range(count)]
    return rows if all(isinstance(r, dict) and isinstance(r.get("files"), list) for r in rows) else None


def commits(root: Path, cache: Cache | None = None) -> list[dict]:
    """All commits that touched records, oldest first: from the cache (when given) plus whatever is new."""
    repo = git.Repo(root)
    try:
        head = repo.head.commit.hexsha
    except ValueError:  # a repository without commits
        return []
    state = cache.get(COMMITS_STATE, "state") if cache is not None else None
    old = _cached_rows(cache, state) if _usable(repo, state, head) else None
    if old is not None and state["head"] == head:
        return old
    new = _new_rows(repo, state["head"] if old is not None else None)
    if cache is not None:
        with cache.batch() as batch:
            if old is None:
                batch.clear(COMMITS)
            for seq, row in enumerate(new, len(old or ())):
                batch.put(COMMITS, _row_key(seq), row)
            batch.put(COMMITS_STATE, "state", {"head": head, "count": len(old or ()) + len(new)})
    return (old or []) + new


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
            for i, day in zip(f["added_events"], f.get("event_dates", [])):
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


def _cached_trails(cache: Cache) -> dict[str, dict] | None:
    """Trails back from JSON, with event indexes as numbers again; None if any is malformed."""
    trails = cache.items(TRAILS)
    for trail in trails.values():
        if (
            not isinstance(trail, dict)
            or not isinstance(trail.get("commits"), list)
            or not isinstance(trail.get("events"), dict)
            or not all(k.isdigit() for k in trail["events"])
        ):
            return None
        trail["events"] = {int(k): v for k, v in trail["events"].items()}
    return trails


def derive(root: Path, repository_url: str | None = None, cache: Cache | None = None) -> dict[str, dict]:
    """History per record for the repository at `root`; empty when `root` is not a git repository.

    With a cache, the per-record trails are kept too, so a new commit costs reading
    and grouping only that commit, and rewriting only the trails it touched.
    """
    try:
        repo = git.Repo(root)
        head = repo.head.commit.hexsha
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return {}
    state = cache.get(TRAILS_STATE, "state") if cache is not None else None
    usable = _usable(repo, state, head) and state.get("url") == repository_url and isinstance(state.get("seq"), int)
    trails = _cached_trails(cache) if usable else None
    if trails is not None and state["head"] == head:
        return trails
    if trails is not None:
        before = set(trails)
        new = _new_rows(repo, state["head"])
        trails = per_record(new, repository_url, into=trails, first_seq=state["seq"])
        seq = state["seq"] + len(new)
        changed = {rid for row in new for f in row["files"] if (rid := record_id(f["path"])) in trails}
        gone = before - set(trails)
    else:
        rows = commits(root, cache)
        trails, seq = per_record(rows, repository_url), len(rows)
        changed, gone = set(trails), None
    if cache is not None:
        with cache.batch() as batch:
            if gone is None:
                batch.clear(TRAILS)
            for rid in gone or ():
                batch.delete(TRAILS, rid)
            for rid in changed:
                batch.put(TRAILS, rid, trails[rid])
            batch.put(TRAILS_STATE, "state", {"head": head, "url": repository_url, "seq": seq})
    return trails
