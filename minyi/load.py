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

import yaml

from .problems import Problem

MAX_BYTES = 1_000_000
MAX_NODES = 50_000          # an honest record has a few hundred nodes
SCHEMA_COMMENT = "# yaml-language-server: $schema="

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}

Path_ = tuple  # a path into the data: ("timeline", 3, "date")


@dataclass
class Loaded:
    """A parsed record: its data and where each part of it stands in the file."""
    path: str                    # as shown to the clerk (relative to the ledger root)
    data: dict
    marks: dict = field(default_factory=dict)      # path -> (line, col) of the value
    key_marks: dict = field(default_factory=dict)  # path -> (line, col) of the key

    def where(self, path: Path_ = ()) -> tuple[int, int]:
        """Line and column of the deepest existing node on `path` (1-based)."""
        path = tuple(path)
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def key_where(self, path: Path_) -> tuple[int, int]:
        return self.key_marks.get(tuple(path)) or self.where(path)

    def problem(self, path: Path_, rule: str, message: str, fix: str = "", key: bool = False) -> Problem:
        line, col = self.key_where(path) if key else self.where(path)
        return Problem(self.path, line, col, rule, message, fix)


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Builder:
    """Turns a composed node graph into plain data, counting nodes as it goes."""

    def __init__(self, shown_path: str):
        self.shown = shown_path
        self.count = 0
        self.marks: dict = {}
        self.key_marks: dict = {}
        self.problems: list[Problem] = []
        self.stack: set[int] = set()
        self.scalars = Loader("")  # only its scalar constructors are used

    def refuse(self, node, rule, message, fix):
        m = node.start_mark
        raise _Refused(Problem(self.shown, m.line + 1, m.column + 1, rule, message, fix))

    def build(self, node, path: tuple):
        self.count += 1
        if self.count > MAX_NODES:
            self.refuse(node, "yaml-alias-bomb", f"展开后超过 {MAX_NODES} 个节点，已停止读取 (alias expansion limit)",
                        "不要使用 & 锚点和 * 别名，直接写出内容")
        if id(node) in self.stack:
            self.refuse(node, "yaml-alias-bomb", "别名引用了自身，无法展开 (recursive alias)",
                        "不要使用 & 锚点和 * 别名，直接写出内容")
        if node.tag not in _PLAIN_TAGS:
            self.refuse(node, "yaml-unsafe-tag", f"不允许的 YAML 标签 {node.tag} (unsafe tag)",
                        "删除以 ! 开头的标签，只写普通的文本、数字、日期、列表和映射")
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            self.stack.add(id(node))
            out: dict = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(getattr(key_node, "value", key))
                kpath = path + (key,)
                if key in out:
                    first = self.key_marks[kpath]
                    m = key_node.start_mark
                    self.problems.append(Problem(
                        self.shown, m.line + 1, m.column + 1, "yaml-duplicate-key",
                        f"字段「{key}」重复，第 {first[0]} 行已经写过 (duplicate key)",
                        "删除其中一个；YAML 只保留最后一个，前一个会悄悄丢失"))
                    continue
                self.key_marks[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, kpath)
            self.stack.discard(id(node))
            return out
        if isinstance(node, yaml.SequenceNode):
            self.stack.add(id(node))
            items = [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            self.stack.discard(id(node))
            return items
        return self.scalar(node)

    def scalar(self, node):
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Keep dates as the text the clerk wrote: the schema checks the format,
            # so `2024-02-30` becomes a format error instead of a ValueError.
            return node.value
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        return self.scalars.construct_object(node, deep=True)


def read_text(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, 1, 1, "file-too-large",
                              f"文件有 {len(raw):,} 字节，超过上限 {MAX_BYTES:,} (file too large)",
                              "一条记录只写一件事；附件请放公开链接 links")]
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
        return None, [Problem(shown, line, 1, "file-encoding",
                              f"文件不是 UTF-8 编码{hint} (not UTF-8)",
                              "用编辑器“另存为 UTF-8”后重新提交")]


def parse(text: str, shown: str) -> tuple[Loaded | None, list[Problem]]:
    """Parse YAML text; returns the loaded record (or None) and every problem found."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "语法错误"
        return None, [Problem(shown, line, col, "yaml-syntax", f"YAML 语法错误：{what} (syntax error)",
                              "检查该行的缩进、冒号后的空格和引号是否成对")]
    except yaml.YAMLError as exc:  # e.g. a control character libyaml refuses
        return None, [Problem(shown, 1, 1, "yaml-syntax", f"YAML 无法读取：{exc} (syntax error)",
                              "删除不可见的控制字符，检查缩进")]
    if node is None or not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        return None, [Problem(shown, line, 1, "yaml-not-mapping", "文件顶层应是“字段: 值”的映射 (top level must be a mapping)",
                              "文件应以 id: ... 这样的字段开头")]
    builder = _Builder(shown)
    try:
        data = builder.build(node, ())
    except _Refused as refused:
        return None, builder.problems + [refused.problem]
    problems = list(builder.problems)
    if not text.startswith(SCHEMA_COMMENT):
        problems.append(Problem(shown, 1, 1, "schema-comment-missing",
                                "第一行缺少 schema 注释 (missing yaml-language-server schema line)",
                                "第一行加上 # yaml-language-server: $schema=<到 schemas/ 的相对路径>"))
    return Loaded(shown, data, builder.marks, builder.key_marks), problems


def load_file(path: Path, shown: str) -> tuple[Loaded | None, list[Problem]]:
    raw = path.read_bytes()
    text, problems = read_text(raw, shown)
    if text is None:
        return None, problems
    return parse(text, shown)
