"""No resident's phone, ID-card number, e-mail or house number reaches the public, in any disguise.

The rule reads what a reader would read: every decoded value of a record (strings,
numbers, mapping keys, link URLs with their user part and query, settings, vote
fields, fields that only reach open data), never the raw file text, where a YAML
escape or a line continuation hides a number. What counts as personal data, and how
disguises are seen through, is `minyi.personal_data`. Items of one list are also read
together, so an ID number split over two items is found.

Fields the schemas mark `x-public-contact` (offices' phones and addresses) may hold
what is public by nature: office landlines and e-mails of government domains. They
still refuse mobiles, ID numbers, other e-mails and room numbers.

Bidi controls (which make the shown text differ from the stored text) and control
characters are refused in every value. Messages mask what they found, keys included,
because CI logs are public too. `scan_text` is the same detection for the built site.
"""

from __future__ import annotations

import json
import re
from functools import cache

from .. import schema
from ..ledger import Record
from ..personal_data import (
    HIDDEN,
    Finding,
    hidden_characters,
    mask,
    may_hold,
    numbers,
    quotable,
    scan_normalised,
    scan_value,
)
from ..textnorm import BARRIER, format_of, normalise, reader_text, splits_cleanly

__all__ = ["Finding", "format_of", "mask", "per_record", "public_phones", "scan_data", "scan_text", "scan_value"]


# --- decoded data: every value, every key, and adjacent values read together ---------

Path_ = tuple


def _scalar_text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # 13812345678 written without quotes is a number, and still a phone
    return None


_EDGE = "0123456789Xx"
_SEPS = " \t\r\n.-/\\_()[],·・•"


def _touching(left: str, right: str) -> bool:
    """Whether two adjacent values read on as one number (the first ends, the second starts with digits)."""
    end = left.rstrip(_SEPS)[-1:]
    return end != "" and end in _EDGE and right.lstrip(_SEPS)[:1].isdigit()


def _split_numbers(chain: list[tuple[Path_, str]]) -> list[tuple[Path_, Finding, bool, bool]]:
    """Numbers that only appear when adjacent values are read together (110105 | 19491231002X)."""
    if len(chain) < 2:
        return []
    starts, pos = [], 0
    for _, norm in chain:
        starts.append(pos)
        pos += len(norm) + 1
    joined = " ".join(norm for _, norm in chain)
    out = []
    for f in numbers(joined):
        first = max(i for i, s in enumerate(starts) if s <= f.start)
        if first + 1 < len(starts) and f.end > starts[first + 1]:
            out.append((chain[first][0], f, False, True))
    return out


def scan_data(data, path: Path_ = ()) -> list[tuple[Path_, Finding, bool, bool]]:
    """(path, finding, is_key, split) for personal data and hidden characters anywhere in decoded data."""
    out: list[tuple[Path_, Finding, bool, bool]] = []
    _scan_container(data, path, out)
    return out


def _scan_container(data, path: Path_, out: list) -> None:
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    chain: list[tuple[Path_, str]] = []
    for key, value in items:
        here = path + (key,)
        if isinstance(data, dict) and isinstance(key, str):
            out.extend((here, f, True, False) for f in hidden_characters(key) + scan_value(key))
        if isinstance(value, (dict, list)):
            out.extend(_split_numbers(chain))
            chain = []
            _scan_container(value, here, out)
            continue
        text = _scalar_text(value)
        if text is None:
            continue
        norm = normalise(text)
        out.extend((here, f, False, False) for f in hidden_characters(text))
        if may_hold(norm):
            out.extend((here, f, False, False) for f in scan_normalised(norm))
        if not (chain and isinstance(data, list) and _touching(chain[-1][1], norm)):
            out.extend(_split_numbers(chain))
            chain = []
        chain.append((here, norm))
    out.extend(_split_numbers(chain))


# --- the validator rule --------------------------------------------------------------


@cache
def public_keys(kind: str) -> frozenset:
    """Top-level fields declared public contact details in the kind's schema."""
    if kind not in schema.KINDS:
        return frozenset()
    props = schema.bundled(kind).get("properties", {})
    return frozenset(k for k, v in props.items() if schema.resolve(kind, v).get("x-public-contact"))


def public_by_nature(f: Finding) -> bool:
    """What an office may publish as its contact: a landline, or an e-mail of a government domain."""
    if f.kind == "landline":
        return True
    return f.kind == "email" and re.sub(r"\s+|\(dot\)|\[dot\]|点|。", ".", f.found.lower()).endswith(".gov.cn")


def _field(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{quotable(part)}" if out else str(quotable(part)))
    return out or "（顶层）"


# The record as one line of text, for the cheap test: list items are adjacent (" "), a
# key stands between the values of a mapping, as in the walk. JSON encoding runs in C.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(" ", BARRIER)).encode
_ESCAPED_CONTROL = re.compile(r"\\(?:u00[01][0-9a-fA-F]|[bf])")


def _record_may_hold(data) -> bool:
    """One cheap pass over a record's decoded, normalised text: false rules out every finding."""
    try:
        text = _ENCODE(data)
    except (TypeError, ValueError, RecursionError):
        return True
    if "\\" in text:  # JSON escapes control characters (refused) and line breaks (which may split a number)
        if _ESCAPED_CONTROL.search(text):
            return True
        text = text.replace("\\n", " ").replace("\\r", " ").replace("\\t", " ")
    text = text.replace('"', "")
    return bool(HIDDEN.search(text) or may_hold(normalise(text)))


def per_record(rec: Record, ctx=None):
    if not _record_may_hold(rec.data):
        return
    public = public_keys(rec.kind)
    seen = set()
    for path, f, is_key, split in scan_data(rec.data):
        in_public = bool(path) and path[0] in public and not is_key
        if in_public and public_by_nature(f):
            continue
        if (path, f.rule, f.found) in seen:
            continue
        seen.add((path, f.rule, f.found))
        if f.kind in ("bidi", "control"):
            yield rec.loaded.report(path, f.rule, key=is_key, field=_field(path), char=f.found)
            continue
        variant = "public" if in_public else "split" if split else None
        yield rec.loaded.report(path, f.rule, variant, key=is_key, field=_field(path), what=f.what, masked=f.masked)


# --- the built site ------------------------------------------------------------------


def scan_text(text: str, fmt: str = "text", allow: frozenset = frozenset()) -> list[Finding]:
    """Personal data that a reader of a published file would see.

    `fmt` says how to read it (text, html, xml, json, csv; see `format_of`); phone
    numbers in `allow` (from `public_phones`) are offices' published landlines.
    Findings are those of `scan_whole` (tests compare the two): no pattern reads across
    a BARRIER, so each part between barriers is read alone, and a part met before (the
    menu, header and footer every page repeats) is not read again.
    """
    shown = reader_text(text, fmt)
    if not splits_cleanly(shown):
        return _allowed(_scan_normalised_whole(normalise(shown)), allow)
    parts = shown.split(BARRIER)
    reads, fresh = {}, []
    for part in dict.fromkeys(parts):
        read = _PARTS.get(part)
        if read is None:
            fresh.append(part)
        else:
            reads[part] = read
    if fresh:
        reads.update(_read_parts(fresh))
    found, at = [], 0
    for part in parts:
        size, hits = reads[part]
        if hits:
            found += [f._replace(start=f.start + at, end=f.end + at) for f in hits]
        at += size + 1
    found.sort(key=_report_order)
    return _allowed(found, allow)


def scan_whole(text: str, fmt: str = "text", allow: frozenset = frozenset()) -> list[Finding]:
    """`scan_text` read as one piece: the reference the tests hold the part-by-part reading to."""
    return _allowed(_scan_normalised_whole(normalise(reader_text(text, fmt))), allow)


def _scan_normalised_whole(norm: str) -> list[Finding]:
    return scan_normalised(norm) if may_hold(norm) else []


def _allowed(found: list[Finding], allow: frozenset) -> list[Finding]:
    return [f for f in found if not (f.kind == "landline" and f.found in allow)]


# Parts already read: (normalised length, findings at offsets within the part). Bounded by
# the characters it holds; emptied when full (the parts every page repeats come back at once).
_PARTS: dict[str, tuple[int, list[Finding]]] = {}
_PARTS_BUDGET = 4_000_000
_parts_size = 0


def _read_parts(fresh: list[str]) -> dict[str, tuple[int, list[Finding]]]:
    """Read parts not met before, and remember them. They are normalised together, and when
    `may_hold` rules out all of them at once (the usual case), none is read alone."""
    global _parts_size
    norms = normalise(BARRIER.join(fresh)).split(BARRIER)
    if len(norms) != len(fresh):  # a percent-escaped BARRIER: read each part apart
        norms = [normalise(part) for part in fresh]
    hold = may_hold(BARRIER.join(norms))
    reads = {part: (len(norm), _scan_normalised_whole(norm) if hold else []) for part, norm in zip(fresh, norms)}
    size = sum(map(len, fresh))
    if _parts_size + size > _PARTS_BUDGET:
        _PARTS.clear()
        _parts_size = 0
    _PARTS.update(reads)
    _parts_size += size
    return reads


_RANK = {"电话号码": 1, "电子邮箱": 2, "门牌号": 3}  # numbers of runs first, as `scan_normalised` lists them


def _report_order(f: Finding) -> tuple[int, int]:
    return _RANK.get(f.what, 0), f.start


def public_phones(ledger) -> frozenset:
    """The landlines offices and deputies publish in their public contact fields, in national form."""
    phones = set()
    for kind in ("deputy", "department", "station"):
        for rec in ledger.of(kind):
            for key in public_keys(kind):
                text = _scalar_text(rec.data.get(key))
                phones.update(f.found for f in (scan_value(text) if text else ()) if f.kind == "landline")
    return frozenset(phones)


def findings(text: str):
    """(rule, what, found) for personal data in plain text; kept for callers of the old interface."""
    for f in scan_text(text):
        yield f.rule, f.what, f.found
