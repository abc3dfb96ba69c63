"""Generate the clerk's reference pages from the code that enforces them.

docs/fields.md comes from the schemas, docs/errors.md from the rule catalogue,
docs/lifecycle.md from the lifecycle tables: the docs cannot drift from what the
validator does, and a test fails if the committed copies are stale.
"""

from __future__ import annotations

from pathlib import Path

from . import kinds, lifecycle, schema
from .catalog import RULES
from .cli.reference_page import cli_md

_TYPES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "true/false",
    "array": "列表",
    "object": "映射",
}
GENERATED = "<!-- 本页由 `minyi docs` 根据代码生成，请勿手工修改。 -->\n\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _type(kind: str, prop: dict) -> str:
    prop = schema.resolve(kind, prop)
    if "enum" in prop:
        return "取值之一"
    if "const" in prop:
        return f"固定为 `{prop['const']}`"
    t = prop.get("type", "")
    if t == "array":
        items = schema.resolve(kind, prop.get("items", {}))
        inner = "映射" if items.get("type") == "object" else _TYPES.get(items.get("type"), "值")
        return f"{inner}的列表"
    if prop.get("format") == "date":
        return "日期"
    return _TYPES.get(t, t)


def _rows(kind: str, obj: dict, prefix: str = ""):
    obj = schema.resolve(kind, obj)
    required = set(obj.get("required", []))
    for name, prop in obj.get("properties", {}).items():
        full = f"{prefix}{name}"
        res = schema.resolve(kind, prop)
        desc = res.get("description", "")
        values = res.get("enum") or schema.resolve(kind, res.get("items", {})).get("enum")
        if values:
            notes = (
                res.get("enumDescriptions") or schema.resolve(kind, res.get("items", {})).get("enumDescriptions") or []
            )
            desc += "<br>" + "；".join(
                f"`{v}`" + (f" {notes[i]}" if i < len(notes) else "") for i, v in enumerate(values)
            )
        yield f"| `{full}` | {_cell(res.get('title', ''))} | {_type(kind, prop)} | {'是' if name in required else ''} | {_cell(desc)} |"
        if res.get("type") == "object":
            yield from _rows(kind, res, full + ".")
        items = schema.resolve(kind, res.get("items", {})) if res.get("type") == "array" else {}
        if (items.get("type") == "object" or "$ref" in res.get("items", {})) and items.get("properties"):
            yield from _rows(kind, items, full + "[].")


def fields_md() -> str:
    out = [
        "# 字段参考",
        "",
        GENERATED.strip(),
        "",
        "每条记录是一个 YAML 文件，由 `schemas/` 中的 JSON Schema 检查。编辑器（VS Code 的 YAML 插件）会根据文件第一行的",
        "`# yaml-language-server: $schema=...` 自动补全和提示。未列出的字段一律视为错误（防止拼写错误悄悄丢失数据）。",
        "",
    ]
    for kind in kinds.names():
        s = schema.raw_schema(kind)
        out += [
            f"## {s['title']}",
            "",
            s.get("description", ""),
            "",
            "| 字段 | 名称 | 类型 | 必填 | 说明 |",
            "|---|---|---|---|---|",
            *_rows(kind, schema.bundled(kind)),
            "",
        ]
    return "\n".join(out)


def errors_md() -> str:
    out = [
        "# 错误目录",
        "",
        GENERATED.strip(),
        "",
        "`minyi validate` 和 `minyi check-change` 报告的每个问题都带一个英文规则编号，格式为",
        "`文件:行:列: error[规则编号]: 说明 — 修改方法`。在本页搜索规则编号即可找到解释和修改方法。",
        "",
    ]
    layer = None
    for rule_id, rule in RULES.items():
        if rule.layer != layer:
            layer = rule.layer
            out += [f"## {layer}", ""]
        out += [
            f"### `{rule_id}`",
            "",
            f"**{rule.title}**",
            "",
            "例：",
            "",
            "```yaml",
            rule.example,
            "```",
            "",
            f"修改方法：{rule.fix}",
            "",
        ]
        if rule.flag:
            out += [f"用 `minyi advance` 推进时：{rule.flag}", ""]
    return "\n".join(out)


def _main_path(kind: str) -> str:
    """The usual path through a lifecycle, as one line of text (no diagram script needed)."""
    statuses, steps, start = lifecycle.LIFECYCLES[kind]
    route, seen = [start], {start}
    while True:
        nxt = [
            s
            for s in steps[route[-1]]
            if s not in seen and s not in ("not_accepted", "merged", "not_selected", "suspended", "reopened")
        ]
        if not nxt:
            return " → ".join(f"{s}（{statuses[s].label}）" for s in route)
        route.append(nxt[0] if route[-1] != "in_progress" or "answered" not in nxt else "answered")
        seen.add(route[-1])


def recorded_md() -> list[str]:
    """The table of recorded facts (append-only, corrected only with `minyi correct`), from the kinds registry."""
    out = [
        "## 已记录的事实：只能追加或更正",
        "",
        "下表中的字段一经记录，就不能直接改写或删除：拉取请求的检查（`minyi check-change`）会拒绝。",
        "可以追加（新的事件、新的接待记录、第一次填写的答复），确需更正时运行 `minyi correct`，",
        "它改正字段，并在 `corrections` 末尾写明原记录、更正人、日期和原因，网站公开显示。",
        "标题、摘要等描述性文字不在表中，可以直接改进措辞。",
        "",
        "| 记录类型 | 已记录的事实 | 由办理步骤重新设定（随新事件一起改动，不需要更正） |",
        "|---|---|---|",
    ]
    for spec in kinds.RECORD_KINDS:
        if spec.recorded:
            steps = "；".join(
                f"`{status}`：" + "、".join(f"`{f}`" for f in fields) for status, fields in spec.set_by_step.items()
            )
            out.append(f"| {spec.title} | {'、'.join(f'`{f}`' for f in spec.recorded)} | {steps or '—'} |")
    return out + [""]


def lifecycle_md() -> str:
    out = ["# 办理流程", "", GENERATED.strip(), ""]
    for spec in (k for k in kinds.RECORD_KINDS if k.lifecycle):
        kind, title = spec.name, spec.title
        statuses, steps, start = lifecycle.LIFECYCLES[kind]
        out += [f"## {title}", "", "| 状态 | 名称 | 清单 | 含义 | 下一步可以是 |", "|---|---|---|---|---|"]
        for key, st in statuses.items():
            nxt = "、".join(f"`{s}`" for s in steps[key]) or "（终结）"
            out.append(f"| `{key}` | {st.label} | {st.stage} | {_cell(st.meaning)} | {nxt} |")
        out += ["", f"通常路径：{_main_path(kind)}", ""]
    out += recorded_md()
    out += [
        "“问题清单 → 交办清单 → 办结清单”是同一本台账按阶段的三种视图。",
        "不满意的建议回到 `reopened` 重新办理；“办结”不等于“已解决”，请看办理结果分类 `outcome`。",
        "",
    ]
    return "\n".join(out)


PAGES = {"fields.md": fields_md, "errors.md": errors_md, "lifecycle.md": lifecycle_md, "cli.md": cli_md}


def write_all(docs_dir: Path) -> list[Path]:
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in PAGES.items():
        path = docs_dir / name
        path.write_text(make(), encoding="utf-8")
        written.append(path)
    return written
