"""Finding things by what a clerk calls them: `minyi find`, and every CLI flag that names
a deputy, department, station, street or record (--lead 区住建局, --by 张某某, s-2026-0012).

One index of the ledger's names, one way to fold text (NFKC, case, spaces), one resolver:
a name resolves when exactly one thing answers to it, else the clerk gets the candidates
(name → id) and nothing is written. Ids are matched case-insensitively on input only;
an id written into a record is always the canonical one the index holds.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from . import kinds, lifecycle
from .kinds.base import ACTORS
from .ledger import Ledger

# The places a record names are a vocabulary read from the records themselves.
PLACE_GROUPS = {"street": "街道（镇）", "community": "社区（村）"}
SHOWN = 10  # candidates listed in one message


@cache
def _dropped() -> dict[int, None]:
    """White space and invisible format characters (zero-width joiners, BOM, bidi marks) of the BMP."""
    return {c: None for c in range(0x10000) if chr(c).isspace() or unicodedata.category(chr(c)) == "Cf"}


def fold(text: str) -> str:
    """Text as it is compared: NFKC (full-width letters and digits are ASCII), case-folded,
    without spaces or invisible format characters."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_dropped())


@dataclass(frozen=True)
class Entry:
    group: str  # a kind name, "street" or "community"
    id: str  # the record id, or the place's own name
    name: str  # what a clerk reads
    detail: str  # a few words telling two look-alikes apart (street, status...)
    keys: tuple[str, ...]  # folded id and names: what a flag may be given as
    text: tuple[str, ...] = ()  # folded titles, summaries, locations: matched by `minyi find` only

    def shown(self) -> str:
        """`name（detail）→ id`, the form of every candidate list."""
        if self.group in PLACE_GROUPS:
            return self.name
        return f"{self.name}（{self.detail}） → {self.id}" if self.detail else f"{self.name} → {self.id}"


def group_title(group: str) -> str:
    return PLACE_GROUPS.get(group) or kinds.get(group).title


def _strings(data, path: str) -> list[str]:
    """The text at a dotted path (a.b) of raw record data, or nothing."""
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return [data] if isinstance(data, str) and data.strip() else []


def _detail(kind: str, data: dict) -> str:
    words = []
    if kind in lifecycle.LIFECYCLES and isinstance(data.get("status"), str):
        words.append(lifecycle.label(kind, data["status"]))
    name = data.get("name")
    if kind == "department":  # its full name: a department's own street says nothing about who it is
        return name if isinstance(name, str) and name != data.get("short_name") else ""
    return "，".join(words + (_strings(data, "place.street") or _strings(data, "street")))


def _record_entry(kind, rec) -> Entry | None:
    data = rec.data
    rid = rec.id
    if not isinstance(rid, str) or not isinstance(data, dict):
        return None
    names = [v for f in kind.name_fields for v in _strings(data, f)]
    text = [v for f in kind.find_fields for v in _strings(data, f)]
    return Entry(
        group=kind.name,
        id=rid,
        name=names[0] if names else rid,
        detail=_detail(kind.name, data),
        keys=tuple(dict.fromkeys(fold(v) for v in (rid, *names))),
        text=tuple(fold(v) for v in text),
    )


@dataclass(frozen=True)
class Index:
    entries: tuple[Entry, ...]

    def of(self, groups) -> list[Entry]:
        return [e for e in self.entries if e.group in groups]


def _places(ledger: Ledger) -> list[Entry]:
    """The streets and communities of the ledger's vocabulary (settings `streets`), each with how
    many records name it; without settings, the names the records use."""
    counts: dict[str, Counter] = {g: Counter() for g in PLACE_GROUPS}
    for kind in kinds.RECORD_KINDS:
        for rec in ledger.of(kind.name):
            for street_path, community_path in kind.places:
                counts["street"].update(v.strip() for v in _strings(rec.data, street_path))
                counts["community"].update(v.strip() for v in _strings(rec.data, community_path or ""))
    streets = ledger.settings.streets if ledger.settings else None
    if streets is None:
        streets = dict.fromkeys(counts["street"], ())
    entries = [Entry("street", s, s, f"{counts['street'][s]} 条记录", (fold(s),)) for s in streets]
    for street, communities in streets.items():
        for c in communities or ():
            entries.append(Entry("community", c, c, f"{street}，{counts['community'][c]} 条记录", (fold(c),)))
    return entries


def canonical_id(ledger: Ledger, text: str) -> str | None:
    """The id of an existing record given in any case or width (s-2026-0012, Ｓ－２０２６－００１２),
    else None. Ids are upper case but for a placeholder's hex (S-2026-TMP-3f9a2c); no index needed."""
    raw = unicodedata.normalize("NFKC", text).translate(_dropped())
    head, sep, tail = raw.upper().partition("-TMP-")
    for candidate in (raw, head + sep + tail.lower()):
        rec = ledger.get(candidate)
        if rec is not None:
            return rec.id
    return None


def build(ledger: Ledger) -> Index:
    """Every named thing of the ledger: records of every kind, then the streets and communities."""
    entries: list[Entry] = []
    for kind in kinds.RECORD_KINDS:
        for rec in ledger.of(kind.name):
            entry = _record_entry(kind, rec)
            if entry:
                entries.append(entry)
    return Index(tuple(entries + _places(ledger)))


class Unresolved(ValueError):
    """A flag's value names nothing, or more than one thing: the Chinese line says which and lists candidates."""


def _what(groups) -> str:
    return "、".join(group_title(g) for g in groups) if set(groups) != set(ACTORS) else "代表、部门或联络站"


def _listed(found: list[Entry]) -> str:
    more = f"，等 {len(found)} 个" if len(found) > SHOWN else ""
    return "；".join(e.shown() for e in found[:SHOWN]) + more


def id_like(text: str, groups) -> bool:
    """Whether `text` is written as an id of one of `groups` (D-0999, dep-002): such text is
    matched as an id only, never as part of a name (DEP-02 must not quietly become DEP-020)."""
    prefixes = {kinds.get(g).prefix.casefold() for g in groups if g not in PLACE_GROUPS}
    head, dash, rest = fold(text).partition("-")
    return bool(dash and rest and head in prefixes and rest.replace("-", "").isalnum() and rest.isascii())


def matches(index: Index, text: str, groups, partial: bool = True) -> list[Entry]:
    """What `text` names among `groups`: the exact matches (id or name) if any, else (with `partial`)
    the names containing it."""
    key = fold(text)
    pool = index.of(groups)
    exact = [e for e in pool if key in e.keys]
    if exact or not key or id_like(text, groups) or not partial:
        return exact
    return [e for e in pool if any(key in k for k in e.keys)]


def resolve(index: Index, text: str, groups, flag: str, unknown_ids: bool = True, partial: bool = False) -> Entry:
    """The one entry `text` names among `groups`, or Unresolved with the candidates (name → id).

    With `unknown_ids`, an id that names no record is passed on as written (NFKC): a command
    writing it has the validator report it (ref-missing) with every other problem of the
    record, in its file-and-line style. Filters (minyi list) want only what exists.
    Only with `partial` (filters) may part of a name stand for it: a value written into a record
    must be an id, a full name or a declared short name, or the clerk is asked which one was meant."""
    if not fold(text):
        raise Unresolved(f"{flag} 不能为空：写{_what(groups)}的编号或名称")
    found = matches(index, text, groups, partial)
    if not found and unknown_ids and id_like(text, groups):
        written = unicodedata.normalize("NFKC", text).strip()
        return Entry(groups[0], written, written, "", ())
    if len(found) == 1:
        return found[0]
    what = _what(groups)
    part = [] if found or partial else matches(index, text, groups)
    if part:
        head = f"{flag}「{text}」" if flag else f"「{text}」"
        raise Unresolved(f"{head}只是名称的一部分，写入记录须写{what}的编号、全称或简称；是不是：{_listed(part)}？")
    if found:
        raise Unresolved(f"{flag}「{text}」对应 {len(found)} 个{what}，请写完整名称或编号：{_listed(found)}")
    names = {k: e for e in index.of(groups) for k in e.keys[e.group not in PLACE_GROUPS :]}  # names, not ids
    close = [] if id_like(text, groups) else difflib.get_close_matches(fold(text), list(names), n=3, cutoff=0.5)
    hint = f"；你是不是想写：{_listed(list(dict.fromkeys(names[k] for k in close)))}" if close else ""
    head = f"{flag}：" if flag else ""
    raise Unresolved(f"{head}找不到{what}「{text}」{hint}（minyi find 可以按名称查编号）")


def find(index: Index, text: str) -> list[tuple[str, list[Entry]]]:
    """`minyi find`: every entry whose id, name, title, summary or location contains `text`, by group."""
    key = fold(text)
    if not key:
        return []
    hits = [e for e in index.entries if any(key in k for k in (*e.keys, *e.text))]
    groups = list(dict.fromkeys(_GROUP_ORDER))
    return [(g, [e for e in hits if e.group == g]) for g in groups if any(e.group == g for e in hits)]


# Who and where first (the brief's order: deputies, departments, stations, places), then the records.
_GROUP_ORDER = (
    "deputy",
    "department",
    "station",
    *PLACE_GROUPS,
    *(k.name for k in kinds.RECORD_KINDS),
)
