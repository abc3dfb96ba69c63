"""引用本条的记录: for every record, the records that name it, from the kinds registry's `refs`.

Built once per build, in one pass over every record's declared references (minyi/kinds
`Kind.refs`), so a kind added to the registry shows up on the pages it names with no
page code: a suggestion's page lists the meetings that raised it, a deputy's the meetings
attended and the motions signed, a project's the meetings that supervised it. References
to any actor (`None` targets: who acted in a timeline, who corrected) are left out: they
name the office on nearly every record. Pages show each group's newest few (`SHOWN`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minyi import kinds, schema
from minyi.rules.references import walk

SHOWN = 20  # references a page lists per group; the rest are counted


@dataclass(frozen=True, slots=True)
class Group:
    """The records of one kind that name a record in one field."""

    key: str  # "<kind>:<path>", what a page template's `referenced_skip` names
    kind: str
    title: str  # the referencing kind's title: 会议
    section: str | None  # its site section, for the "see all" link
    label: str  # 会议：出席代表
    tracked: bool  # the referencing kind has a status (shown as a badge)
    sources: tuple[str, ...]  # referencing record ids, newest (highest id) first

    @property
    def shown(self) -> tuple[str, ...]:
        return self.sources[:SHOWN]


def field_title(kind: str, path: str) -> str:
    """The schema title of the field a reference path ends in (list steps skipped)."""
    node, title = schema.bundled(kind), path
    for part in path.split("."):
        node = schema.resolve(kind, node)
        if part == "*":
            node = node["items"]
            continue
        node = node["properties"][part]
        title = schema.resolve(kind, node).get("title", part)
    return title


@dataclass(frozen=True)
class Backrefs:
    by_target: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # id -> key -> source ids
    meta: dict[str, tuple] = field(default_factory=dict)  # key -> (kind, title, section, label, tracked)

    def of(self, record_id: str, skip=()) -> list[Group]:
        """Who names `record_id`, one group per referencing kind and field, in registry order."""
        found = self.by_target.get(record_id) or {}
        return [
            Group(key, *self.meta[key], tuple(sorted(set(found[key]), reverse=True)))
            for key in self.meta
            if key in found and key not in skip
        ]


def build(entries: dict[str, tuple]) -> Backrefs:
    """One pass over every record's declared references (raw data, as the reference rule reads it)."""
    out = Backrefs()
    for kind in kinds.RECORD_KINDS:
        for path, target in kind.refs:
            if target is None:
                continue
            key = f"{kind.name}:{path}"
            label = f"{kind.title}：{field_title(kind.name, path)}"
            out.meta[key] = (kind.name, kind.title, kind.section, label, kind.lifecycle)
            for entry in entries.get(kind.name, ()):
                for _, value in walk(entry.data, path):
                    if isinstance(value, str) and value != entry.id:
                        out.by_target.setdefault(value, {}).setdefault(key, []).append(entry.id)
    return out
