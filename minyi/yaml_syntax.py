"""Why libyaml refused a text, said the way a Chinese typist can act on it.

libyaml names a symptom in English, often one line below its cause: a key typed with a
full-width colon `name：张三` is reported as "could not find expected ':'" at the start of
the *next* line. Here the lines around libyaml's marks are scanned for the causes an
input method produces (full-width colon, comma, quote or space, a tab, a colon or dash
without its space), and what remains is translated from libyaml's reason, at the line
the cause stands on: the key for a missing colon, the opening quote or bracket for one
never closed. Every answer is a `Problem` of the catalogue; nothing here raises.

Texts libyaml reads fine can still hide a full-width mistake that only changes the
data (`{lead：DEP-001}` is one key, `[农业，工业]` one item); `lookalikes` names those.
"""

from __future__ import annotations

import re

import yaml

from .problems import Problem

_QUOTES = "“”‘’＂＇"
_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*"
_ITEM = r"[ \t]*(?:-[ \t]+)*"  # indentation and list dashes before a key
_FW_COLON = re.compile(rf"^{_ITEM}(?:{_KEY}|[^\s:：#'\"“‘\[{{][^\s:：]{{0,20}})[ \t\u3000]*(：)")
_NO_SPACE = re.compile(rf"^{_ITEM}({_KEY}):(?![ \t/])(?=\S)")
_DASH = re.compile(r"^[ \t]*-(?=[^\s-])")
_FW_SPACE = re.compile(rf"^[ \t-]*(\u3000)|^{_ITEM}{_KEY}:[ \t]*(\u3000)")
_TAB = re.compile(r"^ *(\t)")
_FW_QUOTE = re.compile(rf"(?:^|:[ \t]+|-[ \t]+|[\[{{,][ \t]*)([{_QUOTES}])")
_CLOSE = {"[": "]", "{": "}", '"': '"', "'": "'"}
# libyaml's reasons that need no look at the text: (rule, variant)
_REASONS = {
    "found undefined alias": ("yaml-syntax", "alias"),
    "did not find expected alphabetic or numeric character": ("yaml-syntax", "alias"),
    "but found another document": ("yaml-syntax", "documents"),
    "found unknown escape character": ("yaml-syntax", "escape"),
    "block sequence entries are not allowed in this context": ("yaml-indent", "dash-inline"),
    "did not find expected '-' indicator": ("yaml-indent", "list"),
    "found a tab character that violates indentation": ("yaml-tab", None),
}
# Other reasons, in Chinese, for the catalogue's general message.
_WORDS = {
    "found unknown directive name": "以 % 开头的行不是 YAML 能读的内容",
    "mapping keys are not allowed in this context": "这里不能出现“? ”",
    "did not find expected comment or line break": "“|”或“>”后面只能换行",
    "found unexpected end of stream": "文件在一个值还没写完时就结束了",
    "found character that cannot start any token": "这个字符不能放在值的开头",
    "did not find expected node content": "这里缺少一个值",
}


def _short(line: str) -> str:
    line = line.strip()
    return line if len(line) <= 60 else line[:59] + "…"


def _previous(lines: list[str], index: int) -> int | None:
    """The nearest line above `index` with content (not blank, not only a comment)."""
    for i in range(min(index, len(lines)) - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


def _flow_comma(line: str) -> int:
    """Where a `，` stands inside `[…]` or `{…}` on this line with no `,` before it there, or -1.
    (Found by `find`, not a regex: a line of 30,000 brackets must not take quadratic time.)"""
    at = line.find("，")
    opened = max(line.rfind("[", 0, at), line.rfind("{", 0, at)) if at >= 0 else -1
    return at if opened >= 0 and "," not in line[opened:at] else -1


def _flow_comma_line(text: str) -> bool:
    """Whether `_flow_comma` finds a comma on some line: only the lines holding a `，` are cut out
    and looked at (a record has a few; splitting it into all its lines cost more than the check)."""
    at = text.find("，")
    while at >= 0:
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if _flow_comma(text[text.rfind("\n", 0, at) + 1 : end]) >= 0:
            return True
        at = text.find("，", end)
    return False


def _cause(line: str, weak: bool = True):
    """(rule, variant, column, facts) of a typing mistake on this line, or None. Full-width quotes
    and commas are `weak` causes: they are also ordinary Chinese text, so they are named only
    when no line around holds a stronger one."""
    if m := _TAB.search(line):
        return "yaml-tab", None, m.start(1), {}
    if m := _FW_SPACE.search(line):
        at = m.start(1) if m.group(1) else m.start(2)
        fixed = re.sub("^[ \t\u3000-]*", lambda i: i.group().replace("\u3000", " "), line).replace(":\u3000", ": ")
        return "yaml-fullwidth", "space", at, {"example": _short(fixed)}
    if m := _FW_COLON.search(line):
        head, tail = line[: m.start(1)].rstrip(" \t\u3000"), line[m.end(1) :].lstrip(" \t\u3000")
        return "yaml-fullwidth", None, m.start(1), {"example": _short(f"{head}: {tail}")}
    if m := _NO_SPACE.search(line):
        fixed = line[: m.end(1) + 1] + " " + line[m.end(1) + 1 :]
        return "yaml-missing-space", None, m.end(1), {"key": m.group(1), "example": _short(fixed)}
    if m := _DASH.search(line):
        return "yaml-missing-space", "dash", m.end(), {"example": _short(line[: m.end()] + " " + line[m.end() :])}
    if not weak:
        return None
    if (at := _flow_comma(line)) >= 0:
        return "yaml-fullwidth", "comma", at, {"example": _short(line.replace("，", ", "))}
    if m := _FW_QUOTE.search(line):
        fixed = re.sub(f"[{_QUOTES}]", '"', line)
        return "yaml-fullwidth", "quote", m.start(1), {"char": m.group(1), "example": _short(fixed)}
    return None


def _clamp(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """A 0-based position the clerk's editor has: libyaml may point past the last line."""
    last = len(lines) - 1
    if last > 0 and lines[last] == "":
        last -= 1  # the text ends with a newline: its last line is the one before
    if line > last:
        return max(last, 0), len(lines[max(last, 0)]) if lines else 0
    return line, col


def explain(text: str, exc: yaml.MarkedYAMLError, shown: str) -> Problem:
    """The catalogue's problem for libyaml's refusal, at the line of its cause."""
    try:
        return _explain(text, exc, shown)
    except Exception:  # noqa: BLE001 — a diagnosis that fails still owes the clerk a line
        mark = exc.problem_mark or exc.context_mark
        line = min(mark.line + 1, text.count("\n") + 1) if mark else 1
        return Problem.of(shown, line, 1, "yaml-syntax", what=_translate(exc.problem or exc.context or ""))


def _explain(text: str, exc: yaml.MarkedYAMLError, shown: str) -> Problem:
    lines = text.split("\n")
    pm, cm = exc.problem_mark, exc.context_mark
    if pm is None and cm is None:
        return Problem.of(shown, 1, 1, "yaml-syntax", what=_translate(exc.problem or exc.context or ""))
    pline, pcol = _clamp(lines, *((pm.line, pm.column) if pm else (cm.line, cm.column)))
    cline = _clamp(lines, cm.line, cm.column)[0] if cm else pline
    candidates = [cline, pline, _previous(lines, pline)]
    for weak in (False, True):
        for index in dict.fromkeys(i for i in candidates if i is not None):
            cause = _cause(lines[index], weak)
            if cause is not None:
                rule, variant, col, facts = cause
                return Problem.of(shown, index + 1, col + 1, rule, variant, **facts)
    return _by_reason(lines, exc, (pline, pcol), shown)


def _by_reason(lines: list[str], exc, at: tuple[int, int], shown: str) -> Problem:
    """No typing mistake on the lines around: say what libyaml's reason means, where it means it."""
    problem, context = exc.problem or "", exc.context or ""
    line, col = at
    cm = exc.context_mark
    cline, ccol = _clamp(lines, cm.line, cm.column) if cm else at

    def here(rule, variant=None, where=(line, col), **facts):
        return Problem.of(shown, where[0] + 1, where[1] + 1, rule, variant, **facts)

    if problem in _REASONS:
        return here(*_REASONS[problem])
    text = lines[line] if line < len(lines) else ""
    char = text[col : col + 1]
    if "quoted scalar" in context and "end of stream" in problem:
        quote = lines[cline][ccol : ccol + 1] or '"'
        return here("yaml-syntax", "unclosed-quote", (cline, ccol), quote=quote)
    if problem.startswith("did not find expected ','"):
        bracket = lines[cline][ccol : ccol + 1] or "["
        return here("yaml-syntax", "unclosed-bracket", (cline, ccol), bracket=bracket, close=_CLOSE.get(bracket, "]"))
    if problem == "could not find expected ':'":
        return here("yaml-syntax", "key-expected", (cline, ccol))
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_value(lines, line, col, here)
    if problem == "did not find expected key":
        if opened := _quote_run_on(lines, line):  # `a: '2026-11-06` closed by the next line's opening quote
            return here("yaml-syntax", "quote-run-on", opened[:2], quote=opened[2], until=line + 1)
        if (item := _item_out_of_line(lines, line)) is not None:
            return here("yaml-indent", "item", where=item[:2], spaces=item[2])
        if text[:col].strip():  # something after a value on the same line: `a: "x" y`
            return here("yaml-syntax", "text-after-quote", example=_short(_requoted(text)))
        return here("yaml-indent", where=(line, len(text) - len(text.lstrip())))
    if problem == "found character that cannot start any token" and char == "\t":
        return here("yaml-tab")
    if problem == "found character that cannot start any token" and char:
        return here("yaml-syntax", "bad-start", char=char, example=_short(_requoted(text)))
    return here("yaml-syntax", what=_translate(problem or context))


def _quote_run_on(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of a quoted value that opened on an earlier line and ran over lines that
    look like fields (`received: '2026-11-06` never closed, so `place:` … `- date: '` are its text), or None."""
    last = None
    try:
        for token in yaml.scan("\n".join(lines), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
            if token.start_mark.line > line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"') and token.end_mark.line == line:
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.start_mark.line == line:
        return None
    inside = lines[last.start_mark.line + 1 : line + 1]
    if not any(re.match(rf"^[ \t]*(?:-[ \t]+)?{_KEY}:(\s|$)", row) for row in inside):
        return None
    return last.start_mark.line, last.start_mark.column, last.style


def _item_out_of_line(lines: list[str], line: int) -> tuple[int, int, int] | None:
    """(line, column, the items' indentation) where the list item above `line` has its `-` out of line
    with the list's later items, when `line` is in line with those (` - date: …` / `    status: …` /
    `  - date: …`): the mistake is the item's, not the field's below it."""
    above = _previous(lines, line)
    dash = re.match(r"^( *)- ", lines[above]) if above is not None else None
    indent = len(lines[line]) - len(lines[line].lstrip(" "))
    if dash is None or indent < 2 or indent - 2 == len(dash.group(1)):
        return None
    want, floor = indent - 2, min(indent - 2, len(dash.group(1)))
    for row in lines[line + 1 :]:
        depth = len(row) - len(row.lstrip(" "))
        if depth == want and row[depth:].startswith("- "):
            return above, len(dash.group(1)), want
        if row.strip() and not row.lstrip().startswith("#") and depth <= floor:
            return None  # the list ended, or has its items where the one above has
    return None


def _colon_in_value(lines, line, col, here) -> Problem:
    """`a: b: c` is a value with a colon in it; `c: d` indented under `a: b` is a wrong indentation."""
    text = lines[line]
    indent = len(text) - len(text.lstrip())
    above = _previous(lines, line)
    key = re.match(rf"^\s*({_KEY}):(\s|$)", text)
    if key and above is not None and indent > len(lines[above]) - len(lines[above].lstrip()):
        return here("yaml-indent", "under-value", where=(line, indent), key=key.group(1))
    return here("yaml-syntax", "colon-in-value", example=_short(_requoted(text)))


def _requoted(line: str) -> str:
    """The line with its value in double quotes: `title: a: b` → `title: "a: b"`."""
    m = re.match(rf"^({_ITEM}{_KEY}:[ \t]+|{_ITEM})(.*)$", line.rstrip())
    head, value = (m.group(1), m.group(2)) if m else ("", line.strip())
    value = re.sub(f"[{_QUOTES}]", "", value).replace('"', "").strip()
    return f'{head}"{value}"'


def _translate(reason: str) -> str:
    words = _WORDS.get(reason)
    return f"{words}（{reason}）" if words else f"无法识别的写法（{reason or 'unknown'}）"


# --- texts libyaml reads, with a full-width mistake that only changes the data -----------------

_KEY_NO_SPACE = re.compile(r"^[ \t-]*[A-Za-z_][\w.-]*:[^\s/]", re.M)
_KEY_FW = re.compile(rf"^{_KEY}(：)")


# A colon right after an ASCII letter or underscore: full-width, or ASCII with no space after it.
# Written colon first, so the engine jumps from colon to colon.
_KEY_COLON = re.compile(r"[:：](?<=[A-Za-z_][:：])(?:(?<=：)|(?=[^\s/]))")


def _suspect(text: str) -> bool:
    """Whether the text may hold a full-width or missing-space mistake libyaml read as text. The
    regex engine finds the few colons that follow a key's last letter without a space; an honest
    record has none, and costs a microsecond or two here."""
    if "\u3000" in text:
        return True
    if "：" not in text and text.count(":") == text.count(": ") + text.count(":\n") + text.count(":/") + text.endswith(
        ":"
    ):
        return False  # every colon has a space, a line end or a slash after it: counted in C
    for found in _KEY_COLON.finditer(text):
        if found.group() == "：" or _KEY_NO_SPACE.match(text, text.rfind("\n", 0, found.start()) + 1):
            return True
    return False


def lookalikes(node, text: str, shown: str) -> list[Problem]:
    """`{lead：DEP-001}` (one key, no value), `[农业，工业]` (one item), `- deadline：2026-12-01` (a text):
    full-width punctuation that libyaml reads as text where the clerk meant YAML's own."""
    commas = _flow_comma_line(text)
    if node is None or not (commas or _suspect(text)):
        return []
    lines = text.split("\n")
    out: list[Problem] = []
    stack = [(node, False)]
    seen: set[int] = set()
    while stack:
        current, in_flow = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            if not current.style:  # plain: quoted text is what the clerk meant
                out.extend(_scalar_lookalike(current, in_flow, lines, shown))
            continue
        flow = bool(current.flow_style)
        children = (
            [n for pair in current.value for n in pair] if isinstance(current, yaml.MappingNode) else current.value
        )
        stack.extend((child, flow) for child in children)
    return sorted(out)


def _scalar_lookalike(node, in_flow: bool, lines: list[str], shown: str) -> list[Problem]:
    mark = node.start_mark
    line = lines[mark.line] if mark.line < len(lines) else ""
    if m := _KEY_FW.match(node.value):
        col = mark.column + m.start(1)
        fixed = line[:col] + ": " + line[col + 1 :].lstrip(" \u3000")
        return [Problem.of(shown, mark.line + 1, col + 1, "yaml-fullwidth", example=_short(fixed))]
    own_line = re.match(rf"^{_ITEM}$", line[: mark.column]) is not None
    if own_line and (m := _NO_SPACE.match(line)):  # `departments:` then `  lead:DEP-010`: one text, no field
        fixed = line[: m.end(1) + 1] + " " + line[m.end(1) + 1 :].lstrip("\u3000")
        return [
            Problem.of(shown, mark.line + 1, m.end(1) + 1, "yaml-missing-space", key=m.group(1), example=_short(fixed))
        ]
    if node.value.startswith("\u3000") or (own_line and _FW_SPACE.search(line)):
        # `\u3000\u3000note: …` is a key spelled with two spaces in it; `lead:\u3000DEP-002` one text
        rule, variant, col, facts = _cause(line, weak=False) or (
            "yaml-fullwidth",
            "space",
            mark.column,
            {"example": ""},
        )
        return [Problem.of(shown, mark.line + 1, col + 1, rule, variant, **facts)]
    for index in range(mark.line + 1, min(node.end_mark.line + 1, len(lines))):  # continuation lines
        if m := re.match("^[ \t]*(\u3000)", lines[index]):
            fixed = lines[index].replace("\u3000", " ")
            return [Problem.of(shown, index + 1, m.start(1) + 1, "yaml-fullwidth", "space", example=_short(fixed))]
    if in_flow and "，" in node.value and mark.line == node.end_mark.line:
        col = line.find("，", mark.column)
        if col >= 0:
            return [
                Problem.of(
                    shown, mark.line + 1, col + 1, "yaml-fullwidth", "comma", example=_short(line.replace("，", ", "))
                )
            ]
    return []


def mistyped_value(text: str, line: int, col: int, value) -> tuple | None:
    """(rule, variant, column, facts) when a value the schema refuses (1-based `line`, `col`) is a typing
    mistake libyaml read as text: `‘2026-11-06’` in full-width quotes, `-D-0021` a list item without its
    space. Quotes around one whole word only: `“代表在身边”集中接待` is prose, and prose is not refused."""
    rows = text.split("\n")
    row = rows[line - 1] if isinstance(value, str) and 0 < line <= len(rows) else ""
    if not value or not row[col - 1 :].startswith(value):
        return None
    inner = value[1:-1]
    if len(value) > 2 and value[0] in _QUOTES and value[-1] in _QUOTES and not any(q in inner for q in _QUOTES):
        fixed = f'{row[: col - 1]}"{inner}"{row[col - 1 + len(value) :]}'
        return "yaml-fullwidth", "quote", col - 1, {"char": value[0], "example": _short(fixed)}
    if (m := _DASH.match(row)) and m.end() == col:
        return "yaml-missing-space", "dash", m.end(), {"example": _short(row[: m.end()] + " " + row[m.end() :])}
    return None


def not_a_mapping(text: str, node, shown: str) -> Problem:
    """The top of the file is not `field: value`: most often a first line typed with `：`."""
    line = node.start_mark.line if node is not None else 0
    lines = text.split("\n")
    cause = _cause(lines[line]) if line < len(lines) else None
    if cause is not None and cause[0] == "yaml-fullwidth":
        rule, variant, col, facts = cause
        return Problem.of(shown, line + 1, col + 1, rule, variant, **facts)
    return Problem.of(shown, line + 1, 1, "yaml-not-mapping")
