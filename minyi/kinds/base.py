"""What declaring a record kind means: one `Kind` value holds everything the tool
needs to know about it, so the loader, validator, review gate, scaffolding, docs,
site and open data iterate the registry instead of naming kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Who can act on a record (a timeline event's `by`, refs with kind None): a deputy, a department or a station.
ACTORS = ("deputy", "department", "station")


@dataclass(frozen=True)
class Column:
    """One open-data column: name, Frictionless type, Chinese meaning, and how to read it from the model."""

    name: str
    type: str
    description: str
    get: Callable[[object], object]


@dataclass(frozen=True)
class Option:
    """One `minyi new <kind>` option; `field` is the scaffold template's variable."""

    flag: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    multiple: bool = False
    type: type = str
    field: str = ""
    # Kinds whose id or name the value may be given as (minyi/lookup.py resolves it to the id)
    refers: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.field or self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Kind:
    name: str  # English key used in code, schemas and docs: "suggestion"
    title: str  # what a clerk calls one record: "意见建议"
    folder: str  # records/<folder>/
    prefix: str  # id prefix: "S" in S-2024-0001
    model: type  # the dataclass a schema-valid record becomes
    id_width: int = 4  # digits of a real id's number (assign-ids pads to this)
    yearly: bool = False  # records/<folder>/<year>/ and the year in the id
    lifecycle: bool = False  # tracked: has status and timeline (steps in minyi/lifecycle.py)
    # (dotted path with * for list items, kind the value must name; None = any actor kind)
    refs: tuple[tuple[str, str | None], ...] = ()
    # (field, settings list its value must come from)
    setting_words: tuple[tuple[str, str], ...] = ()
    # (street path, community path or None): names that must come from the ledger's streets vocabulary
    places: tuple[tuple[str, str | None], ...] = ()
    # Recorded facts: top-level fields that change only by appending (the review gate refuses edits)
    # or by a correction naming them.
    recorded: tuple[str, ...] = ()
    # Facts a lifecycle step (re)sets: a change appending an event of that status may change them
    # (a reassignment sets a new deadline, a re-answer a new answer), with no correction.
    set_by_step: dict = field(default_factory=dict)
    columns: tuple[Column, ...] = ()
    new_options: tuple[Option, ...] = ()  # `minyi new <kind>`; empty = not created by hand
    section: str | None = None  # site URL folder with a page per record; None = no pages
    name_fields: tuple[str, ...] = ("short_name", "name", "title")
    # More text `minyi find` matches besides the id and name_fields (dotted paths): summaries, locations
    find_fields: tuple[str, ...] = ()
    order: int = 100  # where the kind appears in docs, menus and open data
    new_help: str = ""  # the help of `minyi new <kind>` (click shows it as the command's documentation)
    dated: bool = False  # `minyi new <kind>` takes --date (the day the record starts)

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    def display_name(self, model, default: str) -> str:
        for attr in self.name_fields:
            value = getattr(model, attr, None)
            if value:
                return value
        return default
