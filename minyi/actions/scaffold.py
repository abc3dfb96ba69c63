"""Write a new, valid record from its kind's commented template, under a collision-free placeholder id.

Two clerks on two branches would both take "the next number" and collide at merge.
So new records get `TMP-<random>` ids; `minyi assign-ids` (run on main after merge)
swaps them for the next real numbers. Templates live in `minyi/templates/scaffold/<kind>.yaml`:
adding a kind adds a template, not code here.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from functools import lru_cache
from pathlib import Path

import jinja2

from .. import edit, kinds
from ..ledger import Ledger, expected_path
from ..load import SCHEMA_COMMENT
from ..problems import errors
from ..validate import check_one
from . import Refused

_PLAIN = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9_\-\u4e00-\u9fff]*$")


def placeholder_id(kind: str, year: int) -> str:
    spec = kinds.get(kind)
    token = f"TMP-{secrets.token_hex(3)}"
    return f"{spec.prefix}-{year}-{token}" if spec.yearly else f"{spec.prefix}-{token}"


def q(value) -> str:
    """A YAML scalar for any text, in the one style every command writes (see `edit.scalar`)."""
    return edit.scalar(value)


def bare(value) -> str:
    """Ids and plain words stay bare as clerks write them; anything else is quoted, so no value can add YAML structure."""
    return str(value) if _PLAIN.match(str(value)) else q(value)


def flow_list(values) -> str:
    return "[" + ", ".join(bare(v) for v in values) + "]"


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("minyi", "templates/scaffold"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["q"] = q
    env.filters["ids"] = flow_list
    env.filters["bare"] = bare
    return env


def render(kind: str, rid: str, values: dict, day: dt.date) -> str:
    rel = expected_path(kind, rid)
    head = f"{SCHEMA_COMMENT}{'../' * rel.count('/')}schemas/{kinds.get(kind).schema_file}\n"
    fields = {o.name: None for o in kinds.get(kind).new_options}
    body = _env().get_template(f"{kind}.yaml").render({**fields, **values, "id": rid, "day": day.isoformat()})
    return head + body


def new_record(ledger: Ledger, kind: str, values: dict, day: dt.date, today: dt.date) -> Path:
    year = values.get("year") or day.year
    rid = placeholder_id(kind, year)
    rel = expected_path(kind, rid)
    office = ledger.settings.office if ledger.settings else None
    text = render(kind, rid, {"office": office, **values}, day)
    problems = errors(check_one(ledger, rel, kind, text, today))
    if problems:
        raise Refused(problems)
    path = ledger.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
        fh.write(text)
    return path
