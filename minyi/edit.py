"""Round-trip edits of record files that keep the clerk's comments, key order and quoting.

PyYAML drops comments and reorders nothing but also remembers nothing; ruamel.yaml's
round-trip mode keeps comments, key order, quotes and indentation, so a reviewer sees
only the lines the command really changed. Writes are atomic (temp file + rename).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from . import schema


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


def quoted(value):
    """Dates are written quoted so YAML 1.1 does not turn them into date objects."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
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
