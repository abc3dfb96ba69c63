"""The audit trail: for every record, the commits that changed it and what they changed.

One pass over the repository (`git log --raw` through GitPython, never one call per
file), blobs read through a single `git cat-file --batch` process, and a cache keyed
by commit so a new commit costs only itself. Record texts are compared by their
top-level blocks and timeline items as text, which is much faster than parsing YAML
and sees exactly what a reviewer sees in the diff.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import git

CACHE_VERSION = 2
CACHE_FILE = ".minyi-cache/history.json"
PR_PATTERNS = (re.compile(r"^Merge pull request #(\d+)"), re.compile(r"\(#(\d+)\)\s*$"))
TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
EVENT_DATE = re.compile(r"date:\s*['\"]?(\d{4}-\d{2}-\d{2})")
EVENT_STATUS = re.compile(r"status:\s*['\"]?([a-z_]+)")
STATUS_LINE = re.compile(r"^status:\s*['\"]?([a-z_]+)", re.M)
PROGRESS_LINE = re.compile(r"^progress:\s*(\d+)", re.M)


def blocks(text: str) -> dict[str, str]:
    """Top-level key -> its text (the key line and everything indented under it)."""
    out: dict[str, list[str]] = {}
    key = None
    for line in text.splitlines():
        m = TOP_KEY.match(line)
        if m:
            key = m.group(1)
            out[key] = [line]
        elif key is not None and line.strip() and not line.startswith("#"):
            out[key].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def events(timeline_block: str | None) -> list[str]:
    """Timeline items as text, one string per `- ` item (block style, as clerks and the CLI write)."""
    if not timeline_block:
        return []
    lines = timeline_block.splitlines()[1:]
    items: list[list[str]] = []
    indent = None
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("- ") and (indent is None or len(line) - len(stripped) == indent):
            indent = len(line) - len(stripped)
            items.append([stripped[2:]])
        elif items:
            items[-1].append(stripped)
    return ["\n".join(i) for i in items]


def describe(old: str | None, new: str | None) -> dict:
    """What changed between two versions of a record file, in words a resident can read."""
    if new is None:
        return {"changes": ["删除记录"], "added_events": [], "status": None}
    nb = blocks(new)
    nev = events(nb.get("timeline"))
    status = STATUS_LINE.search(new)
    status = status.group(1) if status else None
    if old is None:
        return {"changes": ["新建记录"], "added_events": list(range(len(nev))), "status": status,
                "event_dates": [_date(e) for e in nev]}
    ob = blocks(old)
    oev = events(ob.get("timeline"))
    changes = []
    old_status = STATUS_LINE.search(old)
    old_status = old_status.group(1) if old_status else None
    if old_status != status:
        changes.append(f"状态 {old_status} → {status}")
    added = []
    if nev[: len(oev)] == oev and len(nev) > len(oev):
        added = list(range(len(oev), len(nev)))
        changes.append(f"新增事件第 {len(oev) + 1}" + (f"–{len(nev)}" if len(nev) - len(oev) > 1 else "") + " 条")
    elif nev != oev:
        changes.append("改动了已有的时间线事件")
    fields = [k for k in sorted(set(ob) | set(nb)) if k not in ("timeline", "status") and ob.get(k) != nb.get(k)]
    if fields:
        changes.append("修改字段：" + "、".join(fields))
    op, np_ = PROGRESS_LINE.search(old), PROGRESS_LINE.search(new)
    if np_ and (not op or op.group(1) != np_.group(1)):
        changes.append(f"进度 {op.group(1) if op else 0}% → {np_.group(1)}%")
    return {"changes": changes, "added_events": added, "status": status,
            "event_dates": [_date(nev[i]) for i in added]}


def _date(event_text: str) -> str | None:
    m = EVENT_DATE.search(event_text)
    return m.group(1) if m else None


def record_id(path: str) -> str | None:
    if not path.startswith("records/") or not path.endswith(".yaml") or path.endswith("/ledger.yaml"):
        return None
    return path.rsplit("/", 1)[-1][:-5]


def _pr_numbers(repo: git.Repo, rows: list[tuple]) -> dict[str, int]:
    """PR number of every commit that arrived through a merge or squash naming one."""
    parents = {sha: ps for sha, ps, _ in rows}
    pr: dict[str, int] = {}
    head = repo.head.commit.hexsha if rows else None
    mainline = set()
    sha = head
    while sha and sha in parents:
        mainline.add(sha)
        sha = parents[sha][0] if parents[sha] else None
    for sha, ps, subject in rows:
        number = next((int(m.group(1)) for p in PR_PATTERNS if (m := p.search(subject))), None)
        if number is None:
            continue
        pr.setdefault(sha, number)
        stack = list(ps[1:])
        while stack:
            c = stack.pop()
            if c in mainline or c in pr or c not in parents:
                continue
            pr[c] = number
            stack.extend(parents[c])
    return pr


class _Blobs:
    """Reads many blobs through GitPython's one persistent `git cat-file --batch` process."""

    def __init__(self, repo: git.Repo):
        self.repo = repo

    def text(self, sha: str) -> str | None:
        if set(sha) == {"0"}:
            return None
        _, _, _, stream = self.repo.git.stream_object_data(sha)
        return stream.read().decode("utf-8", errors="replace")


def _log(repo: git.Repo, since: str | None) -> str:
    args = ["--reverse", "--topo-order", "--raw", "--no-abbrev", "-M", "--format=%x01%H%x00%P%x00%an%x00%aI%x00%s"]
    if since:
        args.append(f"{since}..HEAD")
    return repo.git.log(*args, "--", "records/")


def _commits(repo: git.Repo, since: str | None) -> list[dict]:
    """One pass: every commit touching records/ after `since`, with its file changes described."""
    blobs = _Blobs(repo)
    out = []
    for chunk in _log(repo, since).split("\x01")[1:]:
        head, _, raw = chunk.partition("\n")
        sha, parents, author, date, subject = head.split("\x00")
        files = []
        for line in raw.splitlines():
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            _, _, old_sha, new_sha, kind = meta[1:].split(" ")
            old_path, new_path = paths[0], paths[-1]
            if record_id(new_path) is None and record_id(old_path) is None:
                continue
            change = describe(blobs.text(old_sha), blobs.text(new_sha) if kind[0] != "D" else None)
            if kind[0] == "R":
                change["changes"].insert(0, f"改名：{old_path} → {new_path}")
            files.append({"path": new_path, "old_path": old_path, "kind": kind[0], **change})
        out.append({"commit": sha, "parents": parents.split(), "author": author, "date": date[:10],
                    "datetime": date, "message": subject, "files": files})
    return out


def _load_cache(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if data.get("version") == CACHE_VERSION else None
    except (OSError, ValueError):
        return None


def _save_cache(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def commits(root: Path, use_cache: bool = True) -> list[dict]:
    """All commits that touched records, oldest first, from the cache plus whatever is new."""
    repo = git.Repo(root)
    try:
        head = repo.head.commit.hexsha
    except ValueError:  # a repository without commits
        return []
    cache_path = root / CACHE_FILE
    cached = _load_cache(cache_path) if use_cache else None
    if cached and cached["head"] != head:
        try:
            if not repo.is_ancestor(cached["head"], head):  # history was rewritten: start again
                cached = None
        except git.GitCommandError:
            cached = None
    if cached and cached["head"] == head:
        rows = cached["commits"]
    else:
        rows = (cached["commits"] if cached else []) + _commits(repo, cached["head"] if cached else None)
        if use_cache:
            _save_cache(cache_path, {"version": CACHE_VERSION, "head": head, "commits": rows})
    merges = repo.git.log("--format=%H%x00%P%x00%s").splitlines()
    graph = [(sha, ps.split(), s) for sha, ps, s in (line.split("\x00") for line in merges)]
    pr = _pr_numbers(repo, graph)
    for row in rows:
        row["pr"] = pr.get(row["commit"])
    return rows


def per_record(rows: list[dict], repository_url: str | None = None) -> dict[str, dict]:
    """Group commits by record id: {"commits": [...], "events": {index: recording facts}}."""
    base = (repository_url or "").rstrip("/")
    out: dict[str, dict] = {}
    for seq, row in enumerate(rows):
        commit_url = f"{base}/commit/{row['commit']}" if base else ""
        pr_url = f"{base}/pull/{row['pr']}" if base and row.get("pr") else ""
        for f in row["files"]:
            rid, old_rid = record_id(f["path"]), record_id(f["old_path"])
            if f["kind"] == "R" and old_rid in out and rid not in out:
                out[rid] = out.pop(old_rid)  # placeholder id replaced by the real one: keep its trail
            if rid is None:
                continue
            entry = out.setdefault(rid, {"commits": [], "events": {}})
            entry["commits"].append({"seq": seq, "commit": row["commit"], "date": row["date"], "author": row["author"],
                                     "message": row["message"], "pr": row.get("pr"), "pr_url": pr_url,
                                     "commit_url": commit_url, "changes": f["changes"]})
            for i, day in zip(f["added_events"], f.get("event_dates", [])):
                lag = (dt.date.fromisoformat(row["date"]) - dt.date.fromisoformat(day)).days if day else 0
                entry["events"][i] = {"commit": row["commit"], "date": row["date"], "lag_days": lag,
                                      "commit_url": commit_url}
    return out


def latest_changes(history: dict[str, dict], limit: int) -> list[dict]:
    """The newest commits across all records, each with the records it changed, newest first."""
    by_commit: dict[str, dict] = {}
    for rid, trail in history.items():
        for c in trail["commits"]:
            entry = by_commit.setdefault(c["commit"], {**{k: v for k, v in c.items() if k != "changes"}, "records": []})
            entry["records"].append((rid, c["changes"]))
    newest = sorted(by_commit.values(), key=lambda c: c["seq"], reverse=True)[:limit]
    for c in newest:
        c["records"].sort()
    return newest


def derive(root: Path, repository_url: str | None = None, use_cache: bool = True) -> dict[str, dict]:
    """History per record for the repository at `root`; empty when `root` is not a git repository."""
    try:
        rows = commits(root, use_cache)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return {}
    return per_record(rows, repository_url)
