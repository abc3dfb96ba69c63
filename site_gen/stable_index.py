"""Makes Pagefind's output byte-for-byte reproducible: the same pages give the same index files.

Why: the site is deterministic (same records and as-of date, same bytes), but Pagefind 1.5 writes
its filters from hash maps with a random seed, so the filter chunks list their values, and the
metadata file its filters, in a different order on every run; file names are hashes of the
contents, so names change too. The word index and the fragments are already stable. This module
puts both lists in order, names the rewritten chunks by their content and updates the metadata
and the entry file that point to them. It moves whole CBOR items as bytes (nothing is
re-encoded) and reads only the few heads it needs; Pagefind is pinned (pyproject.toml) because
this relies on its 1.5 file layout, and tests/test_site.py checks two builds are identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

MAGIC = b"pagefind_dcd"


def _head(raw: bytes, pos: int) -> tuple[int, int | None, int]:
    """(major type, argument or None for indefinite length, position after the head)."""
    first = raw[pos]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, pos + 1
    if info == 31:
        return major, None, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(raw[pos + 1 : pos + 1 + size], "big"), pos + 1 + size


def _skip(raw: bytes, pos: int) -> int:
    """The position after the item at `pos`."""
    major, arg, pos = _head(raw, pos)
    if major in (2, 3):  # byte and text strings (Pagefind writes no indefinite ones)
        return pos + arg
    if major in (4, 5):  # arrays and maps
        if arg is None:
            while raw[pos] != 0xFF:
                pos = _skip(raw, pos)
            return pos + 1
        for _ in range(arg * (2 if major == 5 else 1)):
            pos = _skip(raw, pos)
        return pos
    if major == 6:  # a tag and its item
        return _skip(raw, pos)
    return pos  # integers and simple values


def _array(raw: bytes, pos: int) -> tuple[int, list[tuple[int, int]]]:
    """The spans (start, end) of a definite array's items at `pos`, and the position after it."""
    major, count, pos = _head(raw, pos)
    assert major == 4 and count is not None, "Pagefind 1.5 writes definite arrays"
    spans = []
    for _ in range(count):
        end = _skip(raw, pos)
        spans.append((pos, end))
        pos = end
    return pos, spans


def _text(raw: bytes, pos: int) -> str:
    major, size, pos = _head(raw, pos)
    assert major == 3
    return raw[pos : pos + size].decode("utf-8")


def _sorted_items(raw: bytes, pos: int) -> bytes:
    """`raw` with the items of the array at `pos` (each an array starting with a text: a filter
    value with its pages, or a filter name with its chunk) ordered by that text."""
    end, spans = _array(raw, pos)
    first = spans[0][0] if spans else end
    ordered = sorted(spans, key=lambda span: _text(raw, _head(raw, span[0])[2]))
    return raw[:first] + b"".join(raw[a:b] for a, b in ordered) + raw[end:]


def _read(path: Path) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(MAGIC), path
    return raw


def _write(folder: Path, prefix: str, suffix: str, raw: bytes, digits: int) -> str:
    name = f"{prefix}{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def _filter_chunk(path: Path, lang: str) -> str:
    """Rewrite one filter chunk ([name, [[value, pages], …]]) with its values in order; its new name."""
    raw = _read(path)
    _, _, pos = _head(raw, len(MAGIC))  # [name, values]
    pos = _skip(raw, pos)
    raw = _sorted_items(raw, pos)
    path.unlink()
    return _write(path.parent, f"{lang}_", ".pf_filter", raw, 7)


def stabilise(bundle: Path) -> None:
    """Reorder and rename the filter chunks and the metadata of every language in `bundle`."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        raw = _read(meta_file)
        _, _, pos = _head(raw, len(MAGIC))  # [version, pages, index chunks, filters, sorts, meta fields]
        for _ in range(3):
            pos = _skip(raw, pos)
        _, spans = _array(raw, pos)
        renamed = {}
        for start, _end in spans:  # [filter name, chunk hash]
            _, _, at = _head(raw, start)
            chunk = _text(raw, _skip(raw, at))
            renamed[chunk] = _filter_chunk(bundle / "filter" / f"{chunk}.pf_filter", lang)
        for old, new in renamed.items():  # same length: the CBOR heads stay valid
            assert len(old) == len(new)
            raw = raw.replace(old.encode(), new.encode())
        raw = _sorted_items(raw, pos)
        meta_file.unlink()
        info["hash"] = _write(bundle, f"pagefind.{lang}_", ".pf_meta", raw, 10).removeprefix("pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
