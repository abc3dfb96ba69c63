"""How two versions of one record file differ, in words a resident can read.

Versions are compared by their top-level blocks and timeline items as text, which is
much faster than parsing YAML and sees exactly what a reviewer sees in the diff. Only
the facts a resident is told are read as YAML: each added event's own `date`, for the
recording lag (a note that mentions "date: …" is text, not the event's date).
"""

from __future__ import annotations

import re

import yaml

TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# An event whose text has more collection openers than this could nest deep enough to
# overflow libyaml's recursive composer; honest events have a few dozen.
MAX_OPENERS = 1000
EVENT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
STATUS_LINE = re.compile(r"^status:\s*['\"]?([a-z_]+)", re.MULTILINE)
PROGRESS_LINE = re.compile(r"^progress:\s*(\d+)", re.MULTILINE)


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
    """Timeline items as text, one string per `- ` item (block style, as clerks and the CLI write).

    Each item is dedented to its own keys' column, so it is itself a YAML mapping:
    nested text (a block scalar in a note) keeps its place under its key."""
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
            items[-1].append(line[indent + 2 :] if line[: indent + 2].isspace() else stripped)
    return ["\n".join(i) for i in items]


def state(text: str | None):
    """What compare() looks at, parsed once per version: blocks, timeline items, status, progress."""
    if text is None:
        return None
    b = blocks(text)
    status = STATUS_LINE.search(text)
    progress = PROGRESS_LINE.search(text)
    return b, events(b.get("timeline")), status.group(1) if status else None, progress.group(1) if progress else None


def compare(old, new) -> dict:
    """What changed between two parsed versions of a record file, in words a resident can read."""
    if new is None:
        return {"changes": ["删除记录"], "added_events": [], "status": None}
    nb, nev, status, nprog = new
    if old is None:
        return {
            "changes": ["新建记录"],
            "added_events": list(range(len(nev))),
            "status": status,
            "event_dates": [_date(e) for e in nev],
        }
    ob, oev, old_status, oprog = old
    changes = []
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
    if nprog and nprog != oprog:
        changes.append(f"进度 {oprog or 0}% → {nprog}%")
    return {"changes": changes, "added_events": added, "status": status, "event_dates": [_date(nev[i]) for i in added]}


def _date(event_text: str) -> str | None:
    """The event's own `date`, read from the item's YAML mapping: a note that mentions "date: …" is just text.

    Composing (no construction, every scalar a string) is all this needs and the cheapest parse."""
    if len(event_text) > MAX_OPENERS and sum(map(event_text.count, "[{-?:")) > MAX_OPENERS:
        return None
    try:
        node = yaml.compose(event_text, Loader=EVENT_LOADER)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    day = next(
        (
            v.value
            for k, v in node.value
            if isinstance(k, yaml.ScalarNode) and k.value == "date" and isinstance(v, yaml.ScalarNode)
        ),
        None,
    )
    return day if isinstance(day, str) and ISO_DAY.fullmatch(day) else None
