"""Round-trip edits of record files that keep the clerk's comments, key order and quoting.

PyYAML drops comments and reorders nothing but also remembers nothing; ruamel.yaml's
round-trip mode keeps comments, key order, quotes and indentation, so a reviewer sees
only the lines the command really changed. Writes are atomic (temp file + rename).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from . import schema
from .load import plain_scalar


def _yaml() -> YAML:
    y = YAML()  # round-trip mode
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.preserve_quotes = True
    y.allow_unicode = True
    return y


def read(path: Path) -> CommentedMap:
    return _yaml().load(path.read_text(encoding="utf-8"))


def dumps(doc) -> str:
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    return buf.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Replace the file in one step, so a crash never leaves half a record."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# Text that starts like YAML structure or holds it (`: `, ` #`) cannot be written plain.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_STRUCTURE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |:$| #|\s$|[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]")


def needs_quotes(text: str) -> bool:
    """Whether a text must be quoted to read back as the same text. Dates are quoted so no
    YAML 1.1 reader turns them into date objects; `yes`, `007` or `null` would come back as
    a boolean, a number or nothing (the ledger reads plain scalars as YAML 1.1 does)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return True
    return plain_scalar(text) != text or not isinstance(plain_scalar(text), str) or bool(_STRUCTURE.search(text))


def scalar(text) -> str:
    """One text as `minyi new` writes it into a template: exactly as `minyi advance` and `correct`
    write it through ruamel (plain when it reads back unchanged, else single quotes; double
    quotes with escapes for line breaks and control characters)."""
    line = dumps(quoted({"x": str(text)}))
    return line[len("x: ") :].rstrip("\n")


def quoted(value):
    """A value as ruamel should write it: texts in the style of `scalar`."""
    if isinstance(value, str) and not isinstance(value, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        if not needs_quotes(value):
            return value
        if _CONTROL.search(value):
            return DoubleQuotedScalarString(value)
        return SingleQuotedScalarString(value)
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = quoted(v)
        return out
    if isinstance(value, list):
        return CommentedSeq([quoted(v) for v in value])
    return value


def set_field(doc: CommentedMap, kind: str, key: str, value) -> None:
    """Set a top-level field; a new key goes where the schema's property order puts it."""
    value = quoted(value)
    if key in doc:
        doc[key] = value
        return
    order = list(schema.raw_schema(kind)["properties"])
    after = order[order.index(key) + 1 :] if key in order else []
    keys = list(doc.keys())
    for i, existing in enumerate(keys):
        if existing in after:
            doc.insert(i, key, value)
            return
    doc[key] = value


def append_event(doc: CommentedMap, event: dict) -> None:
    doc["timeline"].append(quoted(event))


def set_path(doc: CommentedMap, kind: str, target: str, value) -> None:
    """Set a nested field named by a dotted path (list items numbered from 1, as corrections name them)."""
    head, *rest = target.split(".")
    if not rest:
        set_field(doc, kind, head, value)
        return
    node = doc[head]
    for part in rest[:-1]:
        node = node[int(part) - 1] if isinstance(node, list) else node[part]
    last = rest[-1]
    if isinstance(node, list):
        node[int(last) - 1] = quoted(value)
    elif head == "timeline" and last not in node and "note" in node:
        node.insert(list(node).index("note"), last, quoted(value))  # an event's facts come before its note
    else:
        node[last] = quoted(value)


def append_to(doc: CommentedMap, kind: str, key: str, item: dict) -> None:
    """Append to a top-level list, creating it (in schema order) when the record has none yet."""
    if key not in doc:
        set_field(doc, kind, key, [])
    doc[key].append(quoted(item))
