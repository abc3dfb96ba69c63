"""JSON Schema layer: fast yes/no with jsonschema-rs, detailed Chinese messages with jsonschema.

Why two libraries: jsonschema-rs answers "is this record valid?" about 200x faster,
which matters at 100,000 records; the pure-Python `jsonschema` gives the keyword,
path and schema of each error, which we need to name the line and explain the fix.
Only records that fail the fast check pay for the slow one, and only a run that meets
such a record imports `jsonschema` at all (a tenth of a second of every start otherwise).
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from functools import cache
from pathlib import Path

import jsonschema_rs

from . import kinds, resources, yaml_syntax
from .load import Loaded
from .problems import Problem

SCHEMA_DIR = resources.schema_dir()
KINDS = kinds.names()
COMMON_REF = "common.schema.json#/$defs/"

_TYPE_ZH = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值",
    "array": "列表",
    "object": "映射（字段: 值）",
    "null": "空值",
}


def _py_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _inline_common(node, common_defs: dict):
    """Rewrite refs to common.schema.json into local refs, so no registry is needed."""
    if isinstance(node, dict):
        return {
            k: (
                f"#/$defs/{v[len(COMMON_REF) :]}"
                if k == "$ref" and isinstance(v, str) and v.startswith(COMMON_REF)
                else _inline_common(v, common_defs)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_inline_common(v, common_defs) for v in node]
    return node


@cache
def raw_schema(kind: str, schema_dir: Path = SCHEMA_DIR) -> dict:
    return json.loads((schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def bundled(kind: str) -> dict:
    """The kind's schema with the shared definitions copied in."""
    common = raw_schema("common")["$defs"]
    schema = _inline_common(copy.deepcopy(raw_schema(kind)), common)
    schema.setdefault("$defs", {}).update(copy.deepcopy(common))
    return schema


@cache
def _fast(kind: str):
    return jsonschema_rs.validator_for(bundled(kind), validate_formats=True)


@cache
def _slow(kind: str):
    import jsonschema

    return jsonschema.Draft202012Validator(bundled(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def resolve(kind: str, subschema: dict) -> dict:
    """Follow a local $ref once, keeping sibling titles (they override the target's)."""
    ref = subschema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = bundled(kind)["$defs"][ref[len("#/$defs/") :]]
        merged = {**target, **{k: v for k, v in subschema.items() if k != "$ref"}}
        if "properties" in target and "properties" in subschema:
            merged["properties"] = {**target["properties"], **subschema["properties"]}
        return merged
    return subschema


def subschema_at(kind: str, parts) -> dict:
    """The schema of the value at a path (`*` or a number for list items), following $refs; {} if unknown."""
    node = bundled(kind)
    for part in parts:
        node = resolve(kind, node)
        if str(part) == "*" or str(part).isdigit():
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return resolve(kind, node)


def property_names(kind: str, subschema: dict) -> list[str]:
    return list(resolve(kind, subschema).get("properties", {}))


def field_title(kind: str, subschema: dict, name: str) -> str:
    prop = resolve(kind, subschema).get("properties", {}).get(name, {})
    return resolve(kind, prop).get("title", name)


def _dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(文件)"


def check(kind: str, loaded: Loaded) -> list[Problem]:
    """Every schema violation of one record, each at the line of the offending node.

    The fast validator decides; the detailed one only explains. Where they disagree
    (a regex or format detail one library reads differently), the record is still
    refused, at the node the fast one names: never accepted silently.
    """
    if _fast(kind).is_valid(loaded.data):
        return []
    problems = []
    try:
        for err in sorted(_slow(kind).iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path))):
            problems.extend(_explain(kind, loaded, err))
    except Exception:  # noqa: BLE001 — an explanation that fails must not hide the refusal
        problems = []
    return problems or _unexplained(kind, loaded)


def _unexplained(kind: str, loaded: Loaded) -> list[Problem]:
    """The fast validator's own findings, when the detailed one has none to explain."""
    out = []
    for err in _fast(kind).iter_errors(loaded.data):
        path = tuple(err.instance_path)
        keyword = str(err.schema_path[-1]) if err.schema_path else "schema"
        out.append(
            loaded.report(
                path,
                "schema-other",
                "unexplained",
                where=_dotted(path),
                keyword=keyword,
                detail=_short(err.message, 120),
            )
        )
    return out or [loaded.report((), "schema-other", "unexplained", where=_dotted(()), keyword="schema", detail="")]


def _short(text: str, limit: int = 60) -> str:
    """Text for a message: a 5,000-character value is shown by its start."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value) -> str:
    return _short(repr(value))


def _required(kind, loaded, err, path, where, label):
    name = re.match(r"'(.+?)' is a required property", err.message)
    name = name.group(1) if name else str(err.validator_value)
    return [
        loaded.report(
            path,
            "schema-required",
            where=f"「{where}」" if path else "",
            name=name,
            title=field_title(kind, err.schema, name),
        )
    ]


def _unknown(kind, loaded, err, path, where, label):
    known = property_names(kind, err.schema)
    out = []
    for extra in [k for k in err.instance if k not in known]:
        guess = difflib.get_close_matches(_short(str(extra)), known, n=1, cutoff=0.6)
        out.append(
            loaded.report(
                path + (extra,),
                "schema-unknown-key",
                None if guess else "no-guess",
                key=True,
                field=extra,
                guess=guess[0] if guess else "",
                known=", ".join(known),
            )
        )
    return out


def _type(kind, loaded, err, path, where, label):
    value, inst = err.validator_value, err.instance
    want = value if isinstance(value, list) else [value]
    note = "（YAML 会把 yes/no/on/off/true/false 读成布尔值）" if isinstance(inst, bool) else ""
    return [
        loaded.report(
            path,
            "schema-type",
            "quote" if "string" in want else None,
            label=label,
            want="或".join(_TYPE_ZH[w] for w in want),
            got=_TYPE_ZH[_py_type(inst)],
            value=_shown(inst),
            note=note,
        )
    ]


def _enum(kind, loaded, err, path, where, label):
    options = err.validator_value if err.validator == "enum" else [err.validator_value]
    guess = difflib.get_close_matches(_short(str(err.instance)), [str(o) for o in options], n=1, cutoff=0.5)
    return [
        loaded.report(
            path,
            "schema-enum",
            label=label,
            value=_shown(err.instance),
            guess=f"你是不是想写「{guess[0]}」？" if guess else "",
            options="、".join(map(str, options)),
        )
    ]


def _format(kind, loaded, err, path, where, label):
    uri = err.validator_value == "uri" or resolve(kind, err.schema).get("format") == "uri"
    return [loaded.report(path, "schema-format", "uri" if uri else None, label=label, value=_shown(err.instance))]


def _pattern(kind, loaded, err, path, where, label):
    if err.validator_value.startswith("^[0-9]{4}-[0-9]{2}") or resolve(kind, err.schema).get("format") == "uri":
        return _format(kind, loaded, err, path, where, label)  # say "not a date / web address", not "bad pattern"
    desc = resolve(kind, err.schema).get("description", f"格式 {err.validator_value}")
    return [loaded.report(path, "schema-pattern", label=label, value=_shown(err.instance), description=desc)]


def _range(kind, loaded, err, path, where, label):
    bound = "不小于" if "inimum" in err.validator else "不大于"
    return [
        loaded.report(
            path, "schema-range", label=label, value=_shown(err.instance), bound=bound, limit=err.validator_value
        )
    ]


def _length(kind, loaded, err, path, where, label):
    n = err.validator_value
    need = {
        "minLength": f"至少 {n} 个字",
        "maxLength": f"最多 {n} 个字",
        "minItems": f"至少 {n} 项",
        "maxItems": f"最多 {n} 项",
        "uniqueItems": "删除重复的项",
    }[err.validator]
    return [loaded.report(path, "schema-length", label=label, keyword=err.validator, need=need)]


def _other(kind, loaded, err, path, where, label):
    return [loaded.report(path, "schema-other", label=label, detail=_short(err.message, 120), keyword=err.validator)]


_EXPLAIN = {
    "required": _required,
    "additionalProperties": _unknown,
    "unevaluatedProperties": _unknown,
    "type": _type,
    "enum": _enum,
    "const": _enum,
    "format": _format,
    "pattern": _pattern,
    "minimum": _range,
    "maximum": _range,
    "exclusiveMinimum": _range,
    "exclusiveMaximum": _range,
    "minLength": _length,
    "maxLength": _length,
    "minItems": _length,
    "maxItems": _length,
    "uniqueItems": _length,
}


def _explain(kind: str, loaded: Loaded, err) -> list[Problem]:
    """One jsonschema error in the catalogue's words, at the line of the offending node."""
    path = tuple(err.absolute_path)
    where = _dotted(path)
    title = resolve(kind, err.schema).get("title", "")
    label = f"「{where}」" + (
        f"（{title}）" if title and err.validator not in ("required", "additionalProperties") else ""
    )
    return _mistyped(loaded, path, err.instance) or _EXPLAIN.get(err.validator, _other)(
        kind, loaded, err, path, where, label
    )


def _mistyped(loaded: Loaded, path, value) -> list[Problem]:
    """A value refused because of how it was typed (`‘2026-11-06’`, `-D-0021`) is that typing mistake."""
    if not isinstance(value, str) or not loaded.source:
        return []
    line, col = loaded.where(path)
    text = loaded.source() if callable(loaded.source) else loaded.source
    cause = yaml_syntax.mistyped_value(text or "", line, col, value)
    return [Problem.of(loaded.path, line, cause[2] + 1, cause[0], cause[1], **cause[3])] if cause else []
