"""Each record's YAML on the site, at data/<its path in the repository>.

Why: "查看原始记录文件" must work where the repository is private or its address a
placeholder. The file published is the validated record (its data, in its key order),
under the same folder layout as the repository, so its `$schema` line points at the
published schemas exactly as the repository's line points at schemas/.
"""

from __future__ import annotations

import posixpath

import yaml

from minyi.kinds import Kind

from ..model import Entry
from ..urls import record_file
from .schemas import FOLDER as SCHEMAS

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def site_path(entry: Entry) -> str:
    """Where a record's YAML is published: data/records/<folder>/[<year>/]<id>.yaml."""
    return record_file(entry.path)


def yaml_text(entry: Entry, kind: Kind, as_of) -> str:
    here = posixpath.dirname(site_path(entry))
    schema = posixpath.relpath(f"{SCHEMAS}/{kind.schema_file}", here)
    head = (
        f"# yaml-language-server: $schema={schema}\n"
        f"# {kind.title} {entry.id}：台账中的记录（数据截至 {as_of}），字段说明见网站“字段参考”\n"
    )
    body = yaml.dump(
        entry.data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096
    )
    return head + body
