"""What validation keeps in the cache, as JSON: one entry per record file, and the last whole answer.

A file's entry is used only when the blob id of its bytes matches (`file_ids`: from git's
index where git vouches for the file, else by hashing it), so an edit that keeps the size
and modification time is still seen. The whole answer is keyed by every file's blob id,
the district map's and "today". Anything that does not decode into exactly the shapes
written here counts as missing: the cache may make a run faster, never different.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import astuple
from pathlib import Path

from .cache import Cache, digest, to_json
from .file_ids import GitIndex, file_ids, named
from .ledger import MAP_FILE
from .load import FileText, Loaded
from .problems import Problem

FILES = "records"
RESULT = "result"
_FIELD_TYPES = (str, int, int, str, str, str, str)  # Problem's fields, in order


def answer_key(root: Path, rels: list[str], today: dt.date, asked: GitIndex | None = None) -> tuple[list[str], str]:
    """The blob id of every record file (in the order of `rels`), and the key of the whole answer
    they, the district map and `today` give. `asked`: git's answer, asked for before the files
    were listed (see `file_ids.GitIndex`)."""
    paths = rels
    if os.path.isfile(root / MAP_FILE):  # named like the records: from git's index when it vouches
        paths = sorted([*rels, MAP_FILE])
    ids = named(root, paths, asked)
    key = result_key(today, paths, ids)
    return (ids if paths is rels else [sha for path, sha in zip(paths, ids) if path != MAP_FILE]), key


def result_key(today: dt.date, paths: list[str], ids: list[str]) -> str:
    """The day, every path, then every id in the paths' order: three joins, not a line per file
    (a path a key is made of has neither NUL nor newline; an id neither)."""
    return digest("\n".join([today.isoformat(), "\0".join(paths), "\0".join(ids)]).encode())


def problems_to_json(problems: list[Problem]) -> list[list]:
    return [list(astuple(p)) for p in problems]


def problems_from_json(rows) -> list[Problem]:
    """Problems back from JSON; raises TypeError or ValueError on anything that is not exactly a problem."""
    if not isinstance(rows, list):
        raise TypeError("not a list")
    out = []
    for fields in rows:
        if (
            not isinstance(fields, list)
            or len(fields) != len(_FIELD_TYPES)
            or not all(type(v) is t for v, t in zip(fields, _FIELD_TYPES, strict=True))
        ):
            raise TypeError("not a problem")
        out.append(Problem(*fields))  # an unknown rule id raises ValueError
    return out


def cached_result(cache: Cache | None, key: str) -> list[Problem] | None:
    entry = cache.get(RESULT, "validate") if cache is not None else None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    try:
        return problems_from_json(entry.get("problems"))
    except (TypeError, ValueError):
        return None


def store_result(cache: Cache | None, key: str, problems: list[Problem]) -> None:
    if cache is not None:
        with cache.batch() as batch:
            batch.put(RESULT, "validate", {"key": key, "problems": problems_to_json(problems)})


def lookup(cache: Cache | None, root: Path, items: list[tuple[str, str]], digests: dict[str, str] | None):
    """Split (path, kind) pairs into rows served by the cache and pairs still to parse.

    Returns (rows, todo, stale): `stale` are cached paths that no longer exist."""
    if cache is None:
        return [], items, []
    stored = cache.items(FILES)
    digests = digests if digests is not None else file_ids(root, [rel for rel, _ in items])
    rows, todo = [], []
    for rel, kind in items:
        row = _row_from_json(root, rel, kind, stored.get(rel), digests[rel])
        if row is None:
            todo.append((rel, kind))
        else:
            rows.append(row)
    present = {rel for rel, _ in items}
    return rows, todo, [rel for rel in stored if rel not in present]


def store(cache: Cache | None, fresh: list[tuple], stale: list[str], texts: dict[str, str] | None = None) -> None:
    """Save newly parsed rows (rel, kind, loaded, problems, schema_ok, sha) and forget vanished files.
    `texts`: entries already encoded by `entry_text` (in the worker processes), by path."""
    if cache is None:
        return
    texts = texts or {}
    with cache.batch() as batch:
        for row in fresh:
            entry = texts[row[0]] if row[0] in texts else entry_text(row)
            if entry is not None:
                batch.put_json(FILES, row[0], entry)
        for rel in stale:
            batch.delete(FILES, rel)


def entry_text(row) -> str | None:
    """The entry of one parsed file as JSON text, or None when its data would not come back from
    JSON unchanged (keys that are not text, NaN): such a file is simply parsed every time."""
    _, _, loaded, problems, schema_ok, sha = row
    data = to_json(loaded.data if loaded is not None else None)
    if loaded is not None:
        try:
            if json.loads(data) != loaded.data:
                return None
        except ValueError:
            return None
    head = to_json({"sha": sha, "problems": problems_to_json(problems), "ok": schema_ok})
    return f'{head[:-1]},"data":{data}}}'  # the data, encoded once above, spliced in


def row_from_text(root: Path, rel: str, kind: str, text: str):
    """The row an `entry_text` stands for, read as a cache hit is: how worker processes hand rows back."""
    entry = json.loads(text)
    return _row_from_json(root, rel, kind, entry, entry.get("sha"))


def _row_from_json(root: Path, rel: str, kind: str, entry, sha: str):
    if not isinstance(entry, dict) or entry.get("sha") != sha:
        return None
    data, schema_ok = entry.get("data"), entry.get("ok")
    if not (data is None or isinstance(data, dict)) or not isinstance(schema_ok, bool):
        return None
    try:
        problems = problems_from_json(entry.get("problems"))
    except (TypeError, ValueError):
        return None
    loaded = Loaded(rel, data, FileText.at(root, rel)) if data is not None else None
    return rel, kind, loaded, problems, schema_ok, sha
