"""Read one record file into plain data plus the line of every node.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, expands
alias bombs, turns `2024-02-30` into a crash and forgets where each value was. We let
libyaml (`CSafeLoader`) compose the node tree, which is fast and never runs tags, and
build the data ourselves so every value keeps its line and every surprise becomes a
`Problem` instead of a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import re

import yaml

from .problems import Problem

MAX_BYTES = 1_000_000
MAX_NODES = 50_000          # an honest record has a few hundred nodes
SCHEMA_COMMENT = "# yaml-language-server: $schema="

# The base loader tags every scalar as a string without calling PyYAML's Python
# resolver (a third of the parse time); `_plain` below types plain scalars the way
# YAML 1.1 does, so `no` still becomes false and is reported, not silently accepted.
Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_BOOL = {"yes": True, "Yes": True, "YES": True, "true": True, "True": True, "TRUE": True, "on": True, "On": True, "ON": True,
         "y": True, "Y": True, "no": False, "No": False, "NO": False, "false": False, "False": False, "FALSE": False,
         "off": False, "Off": False, "OFF": False, "n": False, "N": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")


def _plain(text: str):
    """The value of a plain (unquoted) scalar under YAML 1.1's core rules."""
    if not text:
        return None
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(text):
            return int(text.replace("_", ""))
        if _FLOAT.match(text) and text not in (".", "-", "+"):
            return float(text.replace("_", "").lower().replace(".inf", "inf").replace(".nan", "nan"))
        return text  # dates and everything else stay text; the schema checks formats
    if text in _BOOL:
        return _BOOL[text]
    if text in _NULL:
        return None
    return text

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"

Path_ = tuple  # a path into the data: ("timeline", 3, "date")


@dataclass
class Loaded:
    """A parsed record: its data and, on demand, where each part of it stands in the file.

    Line marks cost more than the data itself and are needed only to report a
    problem, so they are computed from `source` the first time one is asked for.
    """
    path: str                    # as shown to the clerk (relative to the ledger root)
    data: dict
    source: object = None        # the text, or a callable returning it
    _marks: tuple | None = field(default=None, repr=False)

    def __getstate__(self):  # records cross process boundaries without their text
        source = self.source if callable(self.source) else None
        return {"path": self.path, "data": self.data, "source": source, "_marks": None}

    def _all_marks(self) -> tuple[dict, dict]:
        if self._marks is None:
            text = self.source() if callable(self.source) else self.source
            builder = _Builder(self.path, marks=True)
            try:
                builder.build(yaml.compose(text, Loader=Loader), ())
            except Exception:  # the data was built from this text once; marks are best effort
                pass
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

    def report(self, at: Path_, rule: str, variant: str | None = None, key: bool = False, severity: str = "error",
               **facts) -> Problem:
        """A problem at the node `at`, in the catalogue's words for `rule` filled with `facts`."""
        line, col = self.key_where(at) if key else self.where(at)
        return Problem.of(self.path, line, col, rule, variant, severity, **facts)


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Builder:
    """Turns a composed node graph into plain data, counting nodes as it goes.

    With `marks=False` (the fast path) it records no positions; `Loaded` asks for a
    second, marking pass only when a problem has to name a line.
    """

    def __init__(self, shown_path: str, marks: bool = False):
        self.shown = shown_path
        self.with_marks = marks
        self.count = 0
        self.marks: dict = {}
        self.key_marks: dict = {}
        self.problems: list[Problem] = []
        self.stack: set[int] = set()

    def refuse(self, node, rule, variant=None, **facts):
        m = node.start_mark
        raise _Refused(Problem.of(self.shown, m.line + 1, m.column + 1, rule, variant, **facts))

    def build(self, node, path: tuple):
        self.count += 1
        if self.count > MAX_NODES:
            self.refuse(node, "yaml-alias-bomb", limit=MAX_NODES)
        tag = node.tag
        if tag == _STR:
            if self.with_marks:
                self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            return _plain(node.value) if not node.style else node.value
        if tag not in _PLAIN_TAGS:
            self.refuse(node, "yaml-unsafe-tag", tag=tag)
        if id(node) in self.stack:
            self.refuse(node, "yaml-alias-bomb", "recursive")
        if self.with_marks:
            self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if tag == _MAP:
            self.stack.add(id(node))
            out: dict = {}
            seen: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == _STR:  # keys are names: no typing, so `no:` stays a (wrong) key name
                    key = key_node.value
                else:
                    key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(getattr(key_node, "value", key))
                if key in out:
                    m = key_node.start_mark
                    self.problems.append(Problem.of(self.shown, m.line + 1, m.column + 1, "yaml-duplicate-key",
                                                    key=key, first_line=seen[key].start_mark.line + 1))
                    continue
                seen[key] = key_node
                if self.with_marks:
                    kpath = path + (key,)
                    self.key_marks[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    out[key] = self.build(value_node, kpath)
                else:
                    out[key] = self.build(value_node, path)
            self.stack.discard(id(node))
            return out
        if tag == _SEQ:
            self.stack.add(id(node))
            if self.with_marks:
                items = [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            else:
                items = [self.build(child, path) for child in node.value]
            self.stack.discard(id(node))
            return items
        return self.scalar(node)

    def scalar(self, node):
        """Explicitly tagged plain types (`!!int 3`); dates stay text for the schema to check."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        if node.tag == _STR and node.style:
            return node.value
        value = _plain(node.value)
        if node.tag.endswith(":str"):
            return value if not node.style else node.value
        if node.tag.endswith(":timestamp"):
            return node.value
        return value


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


def parse(text: str, shown: str, source=None) -> tuple[Loaded | None, list[Problem]]:
    """Parse YAML text; returns the loaded record (or None) and every problem found."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "语法错误"
        return None, [Problem.of(shown, line, col, "yaml-syntax", what=what)]
    except yaml.YAMLError as exc:  # e.g. a control character libyaml refuses
        return None, [Problem.of(shown, 1, 1, "yaml-syntax", "unreadable", what=exc)]
    if node is None or not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        return None, [Problem.of(shown, line, 1, "yaml-not-mapping")]
    builder = _Builder(shown)
    try:
        data = builder.build(node, ())
    except _Refused as refused:
        return None, builder.problems + [refused.problem]
    except RecursionError:
        return None, [Problem.of(shown, 1, 1, "yaml-alias-bomb", "deep")]
    problems = list(builder.problems)
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

    def __init__(self, path: Path):
        self.path = str(path)

    def __call__(self) -> str:
        return Path(self.path).read_bytes().decode("utf-8-sig")
