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
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import git

from .cache import Cache
from .describe import headline
from .gitstream import AHEAD, Blobs, diff_tree_lines, log_lines
from .heap import no_cycle_collection
from .trail_store import TRAILS, at_head, cached_trail, cached_trails, save
from .trails import TRAILS_STATE, per_record, record_id, touched
from .versions import Version, compare, state, unreadable

COMMITS, COMMITS_STATE = "history.commits", "history.commits.state"  # cache namespaces
MERGED_PR = re.compile(r"Merge pull request #(\d+) from \S")
# A commit that brings in records kept before the ledger (an import of a past 台账) says so
# in a trailer: `git commit --trailer "Minyi-Import: true"`. Its events are 导入/补录, not late.
IMPORT_TRAILER = "Minyi-Import"
NOT_A_FILE = "不是文件（子模块）"  # why a submodule's commit where a record file should be is unreadable


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


TRAILER = f"%(trailers:key={IMPORT_TRAILER},valueonly,separator=%x2C)"
FORMAT = f"--format=%x01%H%x00%P%x00%an%x00%aI%x00{TRAILER}%x00%s"


def _log_args(since: str | None) -> list[str]:
    args = ["--reverse", "--topo-order", "--raw", "--no-abbrev", "-M", FORMAT]
    if since:
        args.append(f"{since}..HEAD")
    return [*args, "--", "records/"]


def _log(repo: git.Repo, since: str | None) -> Iterator[str]:
    """The lines of `git log _log_args(since)`, the cheapest way git gives exactly them.

    Limited to records/, `git log` compares every commit's records/ tree with its parent's
    twice: once to decide whether to show it, once for the diff (git is two thirds of a
    cold run at 100,000 records). In a history without merge commits, "shown" is
    simply "its diff is not empty", so the same lines come from `git diff-tree --stdin`
    fed the commits in the same order, which compares each commit once. Merges make git
    simplify history (a merge that changed nothing in records/ hides a side of it), so a
    history with merges is read by `git log` itself."""
    revisions = f"{since}..HEAD" if since else "HEAD"
    if repo.git.rev_list("--merges", "--max-count=1", revisions):
        return log_lines(repo, *_log_args(since))
    order = repo.git.rev_list("--reverse", "--topo-order", revisions).split()
    return diff_tree_lines(repo, order, "--root", "-r", "--raw", "--no-abbrev", "-M", FORMAT, "--", "records/")


ZERO = "0" * 40


def _row(head: str, files: list[dict]) -> dict:
    """A commit as the log's format line gives it (see `_log_args`), with its record files."""
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


def _record_file(line: str) -> tuple[dict, str, str] | None:
    """(file entry, old blob, new blob) of one `--raw` line, None when it is not a record file."""
    meta, *paths = line.split("\t")
    _, _, old_sha, new_sha, kind = meta[1:].split(" ")
    old_path, new_path = paths[0], paths[-1]
    if record_id(new_path) is None and record_id(old_path) is None:
        return None
    return {"path": new_path, "old_path": old_path, "kind": kind[0]}, old_sha, new_sha if kind[0] != "D" else ZERO


def _commits(repo: git.Repo, since: str | None) -> list[dict]:
    """One pass: every commit touching records/ after `since`, with its file changes described.

    The log is read as git writes it, each version asked of `git cat-file` as soon as its
    line arrives and described a little later (see minyi.gitstream): git diffs trees on
    one core while the versions are described on the other. Each version's text is read
    once: the old side of a change is nearly always the new side of the previous change
    to the same file, kept parsed in memory.
    """
    rows: list[dict] = []
    ahead: deque = deque()  # (entry, old blob, new blob, old blob asked for), in log order
    last_sha: dict[str, str] = {}  # path -> the blob this run last saw there (as asked)
    last: dict[str, tuple[str, object]] = {}  # path -> (blob, parsed version) (as described)
    blobs = Blobs(repo)
    try:
        files: list[dict] | None = None
        for line in _log(repo, since):
            if line.startswith("\x01"):
                files = []
                rows.append(_row(line[1:], files))
            elif line.startswith(":") and files is not None and (found := _record_file(line)):
                entry, old_sha, new_sha = found
                files.append(entry)
                read_old = old_sha != ZERO and last_sha.get(entry["old_path"]) != old_sha
                for sha in (old_sha,) * read_old + (new_sha,) * (new_sha != ZERO):
                    blobs.ask(sha)
                last_sha.pop(entry["old_path"], None)
                if new_sha != ZERO:
                    last_sha[entry["path"]] = new_sha
                ahead.append((entry, old_sha, new_sha, read_old))
                while blobs.waiting() > AHEAD:
                    _describe(*ahead.popleft(), blobs, last)
        while ahead:
            _describe(*ahead.popleft(), blobs, last)
    finally:
        blobs.close()
    return rows


def _describe(entry: dict, old_sha: str, new_sha: str, read_old: bool, blobs: Blobs, last: dict) -> None:
    """Describe one file change of `_commits` into its entry: its versions come from `blobs`
    (in the order they were asked for) or, for the old side, from `last`."""
    old = None
    if old_sha != ZERO:
        old = _version(blobs) if read_old else last[entry["old_path"]][1]
    new = _version(blobs) if new_sha != ZERO else None
    last.pop(entry["old_path"], None)
    if new_sha != ZERO:
        last[entry["path"]] = (new_sha, new)
    change = compare(old, new)
    if entry["kind"] == "R":
        change["changes"].insert(0, f"改名：{entry['old_path']} → {entry['path']}")
    change["headline"] = headline(record_id(entry["path"]) or record_id(entry["old_path"]), change.pop("facts"))
    entry.update(change)


def _version(blobs: Blobs) -> Version:
    """The next version `blobs` reads; a submodule's commit where a record file should be is unreadable."""
    data = blobs.data()
    return state(data) if data is not None else unreadable(NOT_A_FILE)


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


def commits(root: Path, cache: Cache | None = None, save: bool = True) -> list[dict]:
    """All commits that touched records, oldest first: from the cache (when given) plus whatever is new.

    `save=False` reads the cache but does not write it: `derive` keeps the trails instead,
    and encoding every commit row as well would double its cache writes."""
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
    if cache is not None and save:
        with cache.batch() as batch:
            if old is None:
                batch.clear(COMMITS)
            for seq, row in enumerate(new, len(old or ())):
                batch.put(COMMITS, _row_key(seq), row)
            batch.put(COMMITS_STATE, "state", {"head": head, "count": len(old or ()) + len(new)})
    return (old or []) + new


def _refresh(repo: git.Repo, head: str, repository_url: str | None, cache: Cache) -> bool:
    """Bring the cached trails up to `head`, reading only the new commits and rewriting only the
    trails they touch; False when the cache cannot be extended (none yet, history rewritten,
    another repository address, a malformed trail), and the caller derives everything."""
    if at_head(cache, head, repository_url):
        return True
    state = cache.get(TRAILS_STATE, "state")
    if not (_usable(repo, state, head) and state.get("url") == repository_url and isinstance(state.get("seq"), int)):
        return False
    new = _new_rows(repo, state["head"])
    trails = {}
    for rid in touched(new):
        readable, trail = cached_trail(cache, rid, repository_url)
        if not readable:
            return False
        if trail is not None:
            trails[rid] = trail
    before = set(trails)
    trails = per_record(new, repository_url, into=trails, first_seq=state["seq"])
    changed = {rid for row in new for f in row["files"] if (rid := record_id(f["path"])) in trails}
    with cache.batch() as batch:
        for rid in before - set(trails):  # renamed: the trail moved to the new id
            batch.delete(TRAILS, rid)
        save(batch, ((rid, trails[rid]) for rid in changed))
        batch.put(TRAILS_STATE, "state", {"head": head, "url": repository_url, "seq": state["seq"] + len(new)})
    return True


def _head(root: Path) -> tuple[git.Repo, str] | None:
    try:
        repo = git.Repo(root)
        return repo, repo.head.commit.hexsha
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return None


def derive(root: Path, repository_url: str | None = None, cache: Cache | None = None) -> dict[str, dict]:
    """History per record for the repository at `root`; empty when `root` is not a git repository.

    With a cache, the per-record trails are kept too, so a new commit costs reading and
    grouping only that commit, and rewriting only the trails it touched (`_refresh`).
    """
    found = _head(root)
    if found is None:
        return {}
    with no_cycle_collection():
        return _derive(root, *found, repository_url, cache)


def _derive(root: Path, repo: git.Repo, head: str, repository_url: str | None, cache: Cache | None) -> dict[str, dict]:
    if cache is not None and _refresh(repo, head, repository_url, cache):
        trails = cached_trails(cache, repository_url)
        if trails is not None:
            return trails
    rows = commits(root, cache, save=False)
    trails = per_record(rows, repository_url)
    seq = len(rows)
    del rows  # the trails share its strings; the rest can go before the trails are encoded
    if cache is not None:
        with cache.batch() as batch:
            batch.clear(TRAILS)
            save(batch, trails.items())
            batch.put(TRAILS_STATE, "state", {"head": head, "url": repository_url, "seq": seq})
    return trails


def trail(root: Path, rid: str, repository_url: str | None = None, cache: Cache | None = None) -> dict | None:
    """One record's history: with a cache brought up to HEAD, one indexed lookup (the other
    records' trails are never read); otherwise derived with the rest."""
    found = _head(root)
    if found is None:
        return None
    repo, head = found
    if cache is not None and _refresh(repo, head, repository_url, cache):
        readable, one = cached_trail(cache, rid, repository_url)
        if readable:
            return one
    return derive(root, repository_url, cache).get(rid)
