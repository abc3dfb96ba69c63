"""The typed model: what a record *is* once its structure has been checked.

Rules and pages used to read nested dicts (`rec.data["vote"]["for"]`), so nothing told
a reader which shape travelled between stages and a typo was a KeyError at build
time. Each kind declares dataclasses for its records (in `minyi/kinds/<kind>.py`);
`from_data` builds them from schema-valid data, generically, from the dataclass
field types. Line marks stay beside the model in `Loaded`, because only problems
need them.

Dates are `datetime.date`; lists become tuples (records are values, never edited in
memory — edits go through `minyi.edit` to the file).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Event:
    """One step of a tracked record's timeline; only ever appended."""

    date: dt.date
    status: str
    by: str
    note: str
    progress: int | None = None
    deadline: dt.date | None = None  # only on a suggestion's `assigned` event: the deadline it set (minyi.deadlines)
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Correction:
    """A recorded fact put right: the field now holds the corrected value, `previous` what was recorded.

    Facts are never silently rewritten; the review gate accepts a changed fact only
    together with a new correction naming it (see minyi/review).
    """

    date: dt.date
    by: str
    reason: str
    target: str  # dotted path; timeline events numbered from 1: "timeline.3.date"
    previous: object = None


# Schema keys that are Python keywords get a trailing underscore.
_RENAMED = {"for": "for_"}


def field_name(key: str) -> str:
    return _RENAMED.get(key, key)


@cache
def _fields(cls) -> tuple[tuple[str, str, object], ...]:
    """(attribute, data key, converter) of each field, decided once per class: asking `typing`
    about every value again was most of the time of building 100,000 models."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (f.name, next((k for k, v in _RENAMED.items() if v == f.name), f.name), _converter(hints[f.name]))
        for f in dataclasses.fields(cls)
    )


def _same(value):
    return value


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _float(value):
    return float(value) if isinstance(value, int) else value


@cache
def _converter(tp):
    """The function that turns a (non-None) schema-valid value into type `tp`."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else _same
    if origin is tuple:
        item = _converter(typing.get_args(tp)[0])
        return lambda value: tuple(None if v is None else item(v) for v in value)
    if tp is dt.date:
        return _date
    if tp is float:
        return _float
    if dataclasses.is_dataclass(tp):
        return lambda value: from_data(tp, value) if isinstance(value, dict) else value
    return _same


def from_data(cls, data: dict):
    """Build dataclass `cls` from schema-valid `data`; absent keys take the field's default."""
    kwargs = {}
    for name, key, convert in _fields(cls):
        if key in data:
            value = data[key]
            kwargs[name] = None if value is None else convert(value)
    return cls(**kwargs)


def events_of(model) -> tuple[Event, ...]:
    return getattr(model, "timeline", ())


def first_date(events: tuple[Event, ...], status: str) -> dt.date | None:
    return next((e.date for e in events if e.status == status), None)


def last_date(events: tuple[Event, ...], status: str) -> dt.date | None:
    return next((e.date for e in reversed(events) if e.status == status), None)
