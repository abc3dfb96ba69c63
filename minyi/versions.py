"""How two versions of one record file differ, in words a resident can read.

Versions are compared by their top-level blocks and timeline items as text, which is
much faster than parsing YAML and sees exactly what a reviewer sees in the diff. Only
the facts a resident is told are read as YAML: each added event's own `date`, for the
recording lag (a note that mentions "date: …" is text, not the event's date), and the
facts a change is described by (status, progress, satisfaction, what a correction names),
so feeds and 最近更新 can say "已办结，满意" instead of quoting a commit message.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# An event whose text has more collection openers than this could nest deep enough to
# overflow libyaml's recursive composer; honest events have a few dozen.
MAX_OPENERS = 1000
EVENT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
STATUS_LINE = re.compile(r"^status:\s*['\"]?([a-z_]+)", re.MULTILINE)
PROGRESS_LINE = re.compile(r"^progress:\s*(\d+)", re.MULTILINE)
WORD_LINE = {  # top-level scalars a change is described by: key -> its line
    key: re.compile(rf"^{key}:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)
    for key in ("satisfaction", "outcome")
}
RATE_LINE = re.compile(r"^\s+satisfaction_rate:\s*([0-9.]+)", re.MULTILINE)


class Version(NamedTuple):
    """One version of a record file, as much as compare() reads."""

    blocks: dict
    events: list
    status: str | None
    progress: str | None
    words: dict  # satisfaction, outcome, acceptance rate: as written, when present
    corrections: list  # correction items as text
    unreadable: str | None = None  # why this version is not a record at all (then it holds nothing else)


HAS_NUL = "含有 NUL 字节（二进制内容）"


def unreadable(reason: str) -> Version:
    """A version git holds that cannot be read as a record: a clerk's bad commit merged anyway,
    a force-push, an import. The trail says so at its commit instead of stopping."""
    return Version({}, [], None, None, {}, [], reason)


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


def state(text: str | bytes | None) -> Version | None:
    """What compare() looks at, parsed once per version; None for no version (the file is not there).

    Bytes are decoded as the ledger reads files (UTF-8, an opening byte-order mark allowed).
    A version that is not UTF-8, holds a NUL byte (binary) or has no top-level `key:` line
    (empty, a list, a scalar) is `unreadable`: it has no fields to compare."""
    if text is None:
        return None
    if isinstance(text, bytes):  # as git gives it: the NUL test and strict decoding are cheapest on bytes
        if b"\x00" in text:
            return unreadable(HAS_NUL)
        try:
            text = text.decode().removeprefix("\ufeff")
        except UnicodeDecodeError:
            return unreadable("不是 UTF-8 编码的文本")
    elif "\x00" in text:
        return unreadable(HAS_NUL)
    b = blocks(text)
    if not b:
        return unreadable("没有“字段: 值”形式的顶层字段")
    status = STATUS_LINE.search(text)
    progress = PROGRESS_LINE.search(text)
    words = {k: m.group(1).strip() for k, rx in WORD_LINE.items() if (m := rx.search(text))}
    rate = RATE_LINE.search(b.get("acceptance", ""))
    if rate:
        words["acceptance_rate"] = rate.group(1)
    return Version(
        b,
        events(b.get("timeline")),
        status.group(1) if status else None,
        progress.group(1) if progress else None,
        words,
        events(b.get("corrections")),
    )


def compare(old: Version | None, new: Version | None) -> dict:
    """What changed between two parsed versions of a record file: phrases for the audit trail,
    and `facts` for describing the change in the ledger's words (minyi.describe)."""
    if new is None:
        return {"changes": ["删除记录"], "added_events": [], "status": None, "facts": {"deleted": True}}
    if new.unreadable:
        return {
            "changes": [f"无法读取的版本：{new.unreadable}"],
            "added_events": [],
            "status": None,
            "facts": {"unreadable": True},
        }
    if old is None or old.unreadable:
        return _first_readable(new, "new" if old is None else "restored")
    changes = []
    if old.status != new.status:
        changes.append(f"状态 {old.status or '（无）'} → {new.status or '（无）'}")
    added = []
    if new.events[: len(old.events)] == old.events and len(new.events) > len(old.events):
        added = list(range(len(old.events), len(new.events)))
        changes.append(f"新增事件第 {len(old.events) + 1}" + (f"–{len(new.events)}" if len(added) > 1 else "") + " 条")
    elif new.events != old.events:
        changes.append("改动了已有的时间线事件")
    ob, nb = old.blocks, new.blocks
    fields = [k for k in sorted(set(ob) | set(nb)) if k not in ("timeline", "status") and ob.get(k) != nb.get(k)]
    if fields:
        changes.append("修改字段：" + "、".join(fields))
    if new.progress and new.progress != old.progress:
        changes.append(f"进度 {old.progress or 0}% → {new.progress}%")
    items = [_item(new.events[i]) for i in added]
    return {
        "changes": changes or ["字段和时间线没有改动（只改了格式、注释或重复的字段）"],
        "added_events": added,
        "status": new.status,
        "event_dates": [_date(i) for i in items],
        "facts": _facts(old, new, [i.get("status") for i in items], fields),
    }


def _first_readable(new: Version, how: str) -> dict:
    """A version with no readable one before it: a new file (or one deleted and added again),
    or the first readable version after unreadable ones (`how`: "new" or "restored").

    Its events are recorded by this commit only where no earlier commit recorded them
    (`keep_recorded`, see minyi.trails.per_record): a clerk's bad commit, undone, does not
    make every event look recorded on the day it was undone."""
    items = [_item(e) for e in new.events]
    facts = {how: True, "status": [None, new.status], "events": [i.get("status") for i in items]}
    return {
        "changes": ["新建记录" if how == "new" else "恢复为可读取的版本"],
        "added_events": list(range(len(new.events))),
        "keep_recorded": True,
        "status": new.status,
        "event_dates": [_date(i) for i in items],
        "facts": {**facts, **_words(new)},
    }


def _facts(old: Version, new: Version, statuses: list, fields: list[str]) -> dict:
    """The change as facts: only what differs (see minyi.describe for how it is read)."""
    facts: dict = {"events": statuses}
    if old.status != new.status:
        facts["status"] = [old.status, new.status]
    if new.progress and new.progress != old.progress:
        facts["progress"] = [old.progress or "0", new.progress]
    if not statuses and new.events != old.events:
        facts["rewrote_events"] = True
    grown = new.corrections[: len(old.corrections)] == old.corrections
    if grown and len(new.corrections) > len(old.corrections):
        facts["corrected"] = [_item(c).get("target") for c in new.corrections[len(old.corrections) :]]
    quiet = {"corrections", "progress", *new.words}  # described by their own facts
    facts["fields"] = [k for k in fields if k not in quiet]
    return {**facts, **_words(new, old)}


def _words(new: Version, old: Version | None = None) -> dict:
    """Satisfaction, outcome and acceptance rate of the new version, when new or changed."""
    return {k: v for k, v in new.words.items() if old is None or old.words.get(k) != v}


def _date(item: dict) -> str | None:
    """The event's own `date` (from its YAML mapping: a note that mentions "date: …" is just text)."""
    day = item.get("date")
    return day if isinstance(day, str) and ISO_DAY.fullmatch(day) else None


def _item(item_text: str) -> dict[str, str]:
    """The top-level scalars of one list item (an event, a correction), read from its YAML mapping.

    An item that is only `key: value` lines with plain or simply quoted values (what the CLI
    and clerks write) is read line by line: composing it costs ten times more and gives the
    same scalars. Anything else is composed (no construction, every scalar a string)."""
    simple = _simple_item(item_text) if len(item_text) <= MAX_OPENERS else None
    return simple if simple is not None else _composed_item(item_text)


# A line `key: value` whose value YAML reads as exactly the text shown: plain (no indicator
# first, no `:` or `#` anywhere, no trailing space), or quoted with nothing to unescape.
SIMPLE_LINE = re.compile(
    r"""([A-Za-z_][A-Za-z0-9_]{0,200}): +(?:'([^'\n]*)'|"([^"\\\n]*)"|([^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^:#\n]*[^:#\s])?))"""
)
# Characters YAML rejects or reads as line breaks, tabs and byte-order marks: the composer decides.
UNSIMPLE = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|\u2028|\u2029")


def _simple_item(item_text: str) -> dict[str, str] | None:
    """`_item` of an item made only of simple `key: value` lines; None for anything else."""
    if not item_text or UNSIMPLE.search(item_text):
        return None
    scalars: dict[str, str] = {}
    for line in item_text.split("\n"):
        m = SIMPLE_LINE.fullmatch(line)
        if m is None:
            return None
        key, single, double, plain = m.groups()
        scalars.setdefault(key, single if single is not None else double if double is not None else plain)
    return scalars


def _composed_item(item_text: str) -> dict[str, str]:
    """`_item` through libyaml's composer."""
    if len(item_text) > MAX_OPENERS and sum(map(item_text.count, "[{-?:")) > MAX_OPENERS:
        return {}
    try:
        node = yaml.compose(item_text, Loader=EVENT_LOADER)
    except (yaml.YAMLError, ValueError, RecursionError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    scalars: dict[str, str] = {}
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode):
            scalars.setdefault(k.value, v.value)  # the first of duplicate keys, as before
    return scalars
