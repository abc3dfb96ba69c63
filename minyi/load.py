"""Read one record file into plain data plus the line of every node.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, expands
alias bombs, turns `2024-02-30` into a crash and forgets where each value was. We let
libyaml (`CBaseLoader`) compose the node tree, which is fast and never runs tags, and
build the data ourselves so every value keeps its line and every surprise becomes a
`Problem` instead of a traceback. Before libyaml sees a text, `prescan` refuses what
would kill the process (deep nesting) or shift its line numbers (raw control characters).
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import prescan, yaml_syntax
from .composer import Loader
from .problems import Problem

MAX_BYTES = 1_000_000
MAX_NODES = 50_000  # an honest record has a few hundred nodes
# Text the data may hold once aliases are expanded: twice what a file may hold. Without
# aliases the data holds less text than the file; an alias costs four bytes in the file
# and a full copy in every reader that encodes or copies the data (JSON, the schema check).
MAX_EXPANDED = 2 * MAX_BYTES
MAX_DEPTH = prescan.MAX_DEPTH
MAX_DIGITS = 100  # no count or year is longer; Python refuses to turn 4,300+ digits into text at all
SCHEMA_COMMENT = "# yaml-language-server: $schema="

# The base loader (`composer.Loader`) tags every scalar as a string without calling PyYAML's
# Python resolver (a third of the parse time); `_typed` below types plain scalars the way
# YAML 1.1 does, so `no` still becomes false and is reported, not silently accepted.
_BOOL = {
    "yes": True,
    "Yes": True,
    "YES": True,
    "true": True,
    "True": True,
    "TRUE": True,
    "on": True,
    "On": True,
    "ON": True,
    "y": True,
    "Y": True,
    "no": False,
    "No": False,
    "NO": False,
    "false": False,
    "False": False,
    "FALSE": False,
    "off": False,
    "Off": False,
    "OFF": False,
    "n": False,
    "N": False,
}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def _number(text: str):
    """(value, fault) of a plain scalar that starts like a number.

    YAML 1.1's float pattern admits `._`, `.e+1` and `-.`, which are no number at all:
    they stay text. A number open data cannot carry (NaN, infinity, or more digits than
    any count has) is returned as its text with a fault: the (variant, facts) of the
    catalogue's `yaml-number` rule, so the loader can say so.
    """
    if _INT.match(text):
        digits = text.replace("_", "")
        if len(digits.lstrip("+-")) > MAX_DIGITS:
            return text, ("long", {"digits": len(digits.lstrip("+-")), "limit": MAX_DIGITS})
        return int(digits), None
    if _FLOAT.match(text):
        try:
            value = float(text.replace("_", "").lower().replace(".inf", "inf").replace(".nan", "nan"))
        except ValueError:
            return text, None
        return (value, None) if math.isfinite(value) else (text, (None, {}))
    return text, None  # dates and everything else stay text; the schema checks formats


def _typed(text: str):
    """(value, fault) of a plain (unquoted) scalar under YAML 1.1's core rules; fault as in `_number`."""
    if not text:
        return None, None
    first = text[0]
    if first.isdigit() or first in "+-.":
        return _number(text)
    if text in _BOOL:
        return _BOOL[text], None
    if text in _NULL:
        return None, None
    return text, None


def plain_scalar(text: str):
    """The value of a plain scalar; a number open data cannot hold stays text (the schema then refuses it)."""
    return _typed(text)[0]


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_SCALAR = yaml.ScalarNode
# What an explicitly tagged scalar must turn out to be (`!!int abc` is a mistake, not text).
_TAG_TYPES = {
    "tag:yaml.org,2002:int": (int,),
    "tag:yaml.org,2002:float": (int, float),
    "tag:yaml.org,2002:bool": (bool,),
    "tag:yaml.org,2002:null": (type(None),),
}

Path_ = tuple  # a path into the data: ("timeline", 3, "date")


@dataclass
class Loaded:
    """A parsed record: its data and, on demand, where each part of it stands in the file.

    Line marks cost more than the data itself and are needed only to report a
    problem, so they are computed from `source` the first time one is asked for.
    """

    path: str  # as shown to the clerk (relative to the ledger root)
    data: dict
    source: object = None  # the text, or a callable returning it
    _marks: tuple | None = field(default=None, repr=False)

    def __getstate__(self):  # records cross process boundaries without their text
        source = self.source if callable(self.source) else None
        return {"path": self.path, "data": self.data, "source": source, "_marks": None}

    def _all_marks(self) -> tuple[dict, dict]:
        if self._marks is None:
            builder = _Builder(self.path, "", marks=True)
            # The data was built from this text once; marks are best effort. If the file
            # changed or vanished since, the marks found so far stand (else line 1).
            with contextlib.suppress(Exception):
                builder.text = self.source() if callable(self.source) else self.source
                node, _ = compose(builder.text, self.path)
                if node is not None:
                    builder.build(node, ())
            self._marks = (builder.marks, builder.key_marks)
        return self._marks

    @property
    def marks(self) -> dict:
        return self._all_marks()[0]

    def where(self, path: Path_ = ()) -> tuple[int, int]:
        """Line and column of the deepest existing node on `path` (1-based)."""
        marks = self.marks
        path = tuple(path)
        while path and path not in marks:
            path = path[:-1]
        return marks.get(path, (1, 1))

    def key_where(self, path: Path_) -> tuple[int, int]:
        return self._all_marks()[1].get(tuple(path)) or self.where(path)

    def problem(self, path: Path_, rule: str, message: str, fix: str = "", key: bool = False) -> Problem:
        line, col = self.key_where(path) if key else self.where(path)
        return Problem(self.path, line, col, rule, message, fix)

    def report(
        self, at: Path_, rule: str, variant: str | None = None, key: bool = False, severity: str = "error", **facts
    ) -> Problem:
        """A problem at the node `at`, in the catalogue's words for `rule` filled with `facts`."""
        line, col = self.key_where(at) if key else self.where(at)
        return Problem.of(self.path, line, col, rule, variant, severity, **facts)


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Builder:
    """Turns a composed node graph into plain data, counting nodes and depth as it goes.

    With `marks=False` (the fast path) it records no positions; `Loaded` asks for a
    second, marking pass only when a problem has to name a line. Problems that do not
    stop reading (a duplicate key, a tag that does not fit its value, a number open data
    cannot hold) are collected; the rest raise `_Refused`.
    """

    def __init__(self, shown_path: str, text: str, marks: bool = False):
        self.shown = shown_path
        self.text = text
        self.with_marks = marks
        self.count = 0
        self.size = 0  # characters of scalar text built, each alias expansion counted again
        self.marks: dict = {}
        self.key_marks: dict = {}
        self.problems: list[Problem] = []
        self.stack: set[int] = set()

    def at(self, node, rule, variant=None, **facts) -> Problem:
        if "tag" in facts:  # as the clerk wrote it: `!!binary`, not `tag:yaml.org,2002:binary`
            facts["tag"] = facts["tag"].replace("tag:yaml.org,2002:", "!!", 1)
        m = node.start_mark
        return Problem.of(self.shown, m.line + 1, m.column + 1, rule, variant, **facts)

    def refuse(self, node, rule, variant=None, **facts):
        raise _Refused(self.at(node, rule, variant, **facts))

    def snippet(self, node) -> str:
        """The node's source text on one line, shortened: how a clerk recognises it in a message."""
        text = " ".join(self.text[node.start_mark.index : node.end_mark.index].split())
        if text.startswith("!") and " " in text:  # the tag is named apart
            text = text.split(" ", 1)[1]
        return text if len(text) <= 40 else text[:39] + "…"

    def build(self, node, path: tuple, depth: int = 1):
        self.count += 1
        if self.count > MAX_NODES:
            self.refuse(node, "yaml-alias-bomb", limit=MAX_NODES)
        if self.with_marks:
            self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.__class__ is _SCALAR:
            self.size += len(node.value)
            if self.size > MAX_EXPANDED:
                self.refuse(node, "yaml-alias-bomb", "size", limit=MAX_EXPANDED)
            if node.tag == _STR:  # an untagged scalar, the common case: inline for speed
                if node.style:
                    return node.value
                value, fault = _typed(node.value)
                return value if fault is None else self.bad_number(node, value, fault)
            return self.tagged(node)
        if node.tag not in _PLAIN_TAGS:
            self.refuse(node, "yaml-unsafe-tag", tag=node.tag)
        if depth > MAX_DEPTH:
            self.refuse(node, "yaml-too-deep", limit=MAX_DEPTH)
        if id(node) in self.stack:
            self.refuse(node, "yaml-alias-bomb", "recursive")
        is_map = isinstance(node, yaml.MappingNode)
        if node.tag != (_MAP if is_map else _SEQ):  # `!!str {a: 1}`, `!!map [1]`: read as written, say so
            self.problems.append(self.at(node, "yaml-tag-mismatch", tag=node.tag, value=self.snippet(node)))
        self.stack.add(id(node))
        out = self.mapping(node, path, depth) if is_map else self.sequence(node, path, depth)
        self.stack.discard(id(node))
        return out

    def mapping(self, node, path: tuple, depth: int) -> dict:
        out: dict = {}
        seen: dict = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key in out:
                self.problems.append(
                    self.at(key_node, "yaml-duplicate-key", key=key, first_line=seen[key].start_mark.line + 1)
                )
                continue
            seen[key] = key_node
            if self.with_marks:
                kpath = path + (key,)
                self.key_marks[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, kpath, depth + 1)
            else:
                out[key] = self.build(value_node, path, depth + 1)
        return out

    def sequence(self, node, path: tuple, depth: int) -> list:
        if self.with_marks:
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        return [self.build(child, path, depth + 1) for child in node.value]

    def key(self, node) -> str:
        """A mapping key as a field name. Keys are names, so `no:` stays the (wrong) name "no";
        a list or mapping used as a key becomes its source text, which no schema knows."""
        if not isinstance(node, yaml.ScalarNode):
            return self.snippet(node)
        if node.tag not in _PLAIN_TAGS:
            self.refuse(node, "yaml-unsafe-tag", tag=node.tag)
        return node.value

    def bad_number(self, node, text: str, fault: tuple) -> str:
        self.problems.append(self.at(node, "yaml-number", fault[0], value=self.snippet(node), **fault[1]))
        return text

    def tagged(self, node):
        """An explicitly tagged scalar (`!!int 3`): the tag must fit the value. `!!int abc` or
        `!!map x` is reported and read as the text it is; dates stay text for the schema to check."""
        tag, text = node.tag, node.value
        if tag not in _PLAIN_TAGS:
            self.refuse(node, "yaml-unsafe-tag", tag=tag)
        value, fault = _typed(text)
        if fault is not None:
            return self.bad_number(node, value, fault)
        fits = _DATE.match(text) if tag.endswith(":timestamp") else isinstance(value, _TAG_TYPES.get(tag, ()))
        if not fits or (isinstance(value, bool) and tag != "tag:yaml.org,2002:bool"):
            self.problems.append(self.at(node, "yaml-tag-mismatch", tag=tag, value=self.snippet(node)))
            return text
        return text if tag.endswith(":timestamp") else value


def read_text(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [Problem.of(shown, 1, 1, "file-too-large", size=len(raw), limit=MAX_BYTES)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "，看起来是 GBK/GB18030 编码"
        except UnicodeDecodeError:
            pass
        return None, [Problem.of(shown, line, 1, "file-encoding", gbk_note=hint)]


def _in_text(text: str, line: int, col: int) -> tuple[int, int]:
    """A position the clerk's editor has: libyaml puts the end of a file without a final
    newline on the line after the last one; that is the end of the last line."""
    last = text.count("\n") + 1
    if line <= last:
        return line, col
    return last, len(text) - text.rfind("\n")


def compose(text: str, shown: str):
    """The node tree of the text, or the problem that stops reading it; never raises, never crashes.

    The text is checked before libyaml sees it (see `prescan`): too deep a nesting would
    kill the process inside libyaml, where no `except` reaches.
    """
    refused = prescan.refusal(text, shown)
    if refused is not None:
        return None, refused
    try:
        return yaml.compose(text, Loader=Loader), None
    except yaml.MarkedYAMLError as exc:  # in Chinese, at the line of its cause (see yaml_syntax)
        return None, yaml_syntax.explain(text, exc, shown)
    except Exception as exc:  # noqa: BLE001 — a control character libyaml refuses, or whatever else: the file's fault
        return None, prescan.raw_control(text, shown) or Problem.of(shown, 1, 1, "yaml-syntax", "unreadable", what=exc)


def parse(text: str, shown: str, source=None) -> tuple[Loaded | None, list[Problem]]:
    """Parse YAML text; returns the loaded record (or None) and every problem found."""
    node, refused = compose(text, shown)
    if refused is not None:
        return None, [refused]
    if node is None or not isinstance(node, yaml.MappingNode):
        return None, [yaml_syntax.not_a_mapping(text, node, shown)]
    builder = _Builder(shown, text)
    try:
        data = builder.build(node, ())
    except _Refused as refused:
        return None, builder.problems + [refused.problem]
    except RecursionError:  # only if a caller is already deep in its own stack: the depth limit is far lower
        return None, [Problem.of(shown, 1, 1, "yaml-too-deep", limit=MAX_DEPTH)]
    problems = builder.problems + yaml_syntax.lookalikes(node, text, shown)
    if not text.startswith(SCHEMA_COMMENT):
        problems.append(Problem.of(shown, 1, 1, "schema-comment-missing"))
    return Loaded(shown, data, source if source is not None else text), problems


def load_file(path: Path, shown: str, keep_text: bool = False) -> tuple[Loaded | None, list[Problem]]:
    """Parse one file. With keep_text the text stays in `source` (callers drop it when done)."""
    raw = path.read_bytes()
    text, problems = read_text(raw, shown)
    if text is None:
        return None, problems
    return parse(text, shown, source=text if keep_text else FileText(path))


class FileText:
    """Re-reads a record's text when its line marks are needed: records from the cache or another
    process travel without their text, and only a problem report needs it again."""

    def __init__(self, path: Path | str):
        self.path = str(path)

    @classmethod
    def at(cls, root: Path, rel: str) -> FileText:
        """The file `rel` (a clean relative POSIX path) under `root`, joined as text: a hundred
        thousand `Path` joins cost a second of a cold validation."""
        return cls(f"{root}/{rel}")

    def __call__(self) -> str:
        return Path(self.path).read_bytes().decode("utf-8-sig")
