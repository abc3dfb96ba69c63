"""Write a new, valid record from a commented template, under a collision-free placeholder id.

Two clerks on two branches would both take "the next number" and collide at merge.
So new records get `TMP-<random>` ids; `minyi assign-ids` (run on main after merge)
swaps them for the next real numbers.
"""
from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

from ..ledger import ID_PREFIX, Ledger, expected_path
from ..problems import errors
from ..validate import check_one
from . import Refused

KINDS = ("suggestion", "project", "deputy", "department", "station")


def placeholder_id(kind: str, year: int) -> str:
    token = f"TMP-{secrets.token_hex(3)}"
    prefix = ID_PREFIX[kind]
    return f"{prefix}-{year}-{token}" if kind in ("suggestion", "project") else f"{prefix}-{token}"


def q(value) -> str:
    """A YAML scalar for any text: JSON strings are valid double-quoted YAML."""
    return json.dumps(value, ensure_ascii=False)


def _list(values) -> str:
    return "[" + ", ".join(values) + "]"


def render(kind: str, rid: str, v: dict, day: dt.date) -> str:
    d = q(day.isoformat())
    rel = expected_path(kind, rid)
    head = f"# yaml-language-server: $schema={'../' * rel.count('/')}schemas/{kind}.schema.json\n"
    if kind == "suggestion":
        place = f"  street: {q(v['street'])}\n" + (f"  community: {q(v['community'])}\n" if v.get("community") else "") \
            + (f"  location: {q(v['location'])}\n" if v.get("location") else "")
        return head + f"""# 意见建议：由 minyi new 生成。不要写群众的电话、身份证号、门牌号。
# 推进状态请用 minyi advance {rid} registered --by ... --note ...
id: {rid}
title: {q(v['title'])}
summary: {q(v['summary'])}
category: {q(v['category'])}  # 取值见 records/ledger.yaml 的 categories
channel: {q(v['channel'])}  # 取值见 records/ledger.yaml 的 channels
received: {d}  # 收到日期，等于时间线第一条事件的日期
place:
{place}deputies: {_list(v['deputies'])}
""" + (f"station: {v['station']}\n" if v.get("station") else "") + f"""status: received
timeline:
  - date: {d}
    status: received
    by: {v['deputies'][0]}
    note: {q(v.get('note') or '代表收到群众反映')}
"""
    if kind == "project":
        return head + f"""# 民生实事项目：由 minyi new 生成。票决后补充 vote，实施后用 minyi advance 记录进度。
id: {rid}
title: {q(v['title'])}
year: {v['year']}
theme: {q(v['theme'])}  # 取值见 records/ledger.yaml 的 project_themes
summary: {q(v['summary'])}
""" + (f"lead_department: {v['lead']}\n" if v.get("lead") else "") + f"""status: proposed
timeline:
  - date: {d}
    status: proposed
    by: {v['by']}
    note: {q(v.get('note') or '从群众和代表意见建议中梳理形成候选项目')}
"""
    if kind == "deputy":
        levels = f"levels: {_list(v['levels'])}  # 全国 / 省 / 市 / 区县 / 乡镇\n" if v.get("levels") else ""
        return head + f"""# 代表：由 minyi new 生成。这是公开档案，只写公开信息。
id: {rid}
name: {q(v['name'])}
role: {q(v['role'])}  # 人大代表 / 街道议政代表 / 民情观察员
{levels}term: {q(v['term'])}
street: {q(v['street'])}
""" + (f"station: {v['station']}\n" if v.get("station") else "") + "qr: true\nreceptions: []\n"
    if kind == "department":
        return head + f"""# 承办部门：由 minyi new 生成。
id: {rid}
name: {q(v['name'])}
kind: {q(v['dept_kind'])}  # 政府部门 / 街道办事处 / 镇政府 / 公用事业单位 / 人大机关
""" + (f"street: {q(v['street'])}\n" if v.get("street") else "")
    return head + f"""# 代表联络站：由 minyi new 生成。
id: {rid}
name: {q(v['name'])}
kind: {q(v['station_kind'])}  # 联络总站 / 联络站 / 联络点 / 线上
street: {q(v['street'])}
deputies: []
"""


def new_record(ledger: Ledger, kind: str, values: dict, day: dt.date, today: dt.date) -> Path:
    year = values.get("year") or day.year
    rid = placeholder_id(kind, year)
    rel = expected_path(kind, rid)
    text = render(kind, rid, values, day)
    problems = errors(check_one(ledger, rel, kind, text, today))
    if problems:
        raise Refused(problems)
    path = ledger.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
        fh.write(text)
    return path
