"""Flags and arguments that name something, resolved the one way every command shares
(minyi/lookup.py): ids in any case or width, or names. A value naming nothing or more
than one thing is a usage error (exit 2) listing the candidates; nothing is written.
"""

from __future__ import annotations

import click

from .. import lookup
from ..kinds.base import ACTORS


class Names:
    """The ledger's index of names, built once per command run, with the click-facing answers."""

    def __init__(self, ledger):
        self.ledger = ledger
        self._index = None

    @property
    def index(self) -> lookup.Index:
        if self._index is None:
            self._index = lookup.build(self.ledger)
        return self._index

    def one(self, text: str | None, groups, flag: str, existing: bool = False, partial: bool = False) -> str | None:
        """The id (or place name) `text` names among `groups`; None stays None. An unknown id is
        passed on for the validator to report, unless only `existing` records will do (filters).
        Part of a name will do only with `partial` (filters): what is written must be named in full."""
        if text is None:
            return None
        rid = lookup.canonical_id(self.ledger, text)
        if rid is not None and self.ledger.get(rid).kind in groups:  # an id: no index to build
            if rid != text:
                click.echo(f"{flag} {text}：{self.ledger.name(rid)} → {rid}".strip(), err=True)
            return rid
        try:
            entry = lookup.resolve(self.index, text, groups, flag, unknown_ids=not existing, partial=partial)
        except lookup.Unresolved as exc:
            raise click.UsageError(str(exc)) from None
        if text != entry.id:
            click.echo(f"{flag} {text}：{entry.shown()}".strip(), err=True)
        return entry.id

    def each(self, values, groups, flag: str) -> list[str]:
        return [self.one(v, groups, flag) for v in values or ()]

    def actor(self, text: str | None, flag: str = "--by") -> str | None:
        return self.one(text, ACTORS, flag)

    def record(self, text: str, kinds=None, named=(), what: str = "记录", partial: bool = False):
        """The record an argument names: its id in any case or width, or the name of a record of `named` kinds
        (part of a name only with `partial`: commands that only read); only records of `kinds` (None: any)."""
        rid = lookup.canonical_id(self.ledger, text)
        if rid is None and named and lookup.matches(self.index, text, named):
            rid = self.one(text, named, "", partial=partial)
        elif rid is not None and rid != text:
            click.echo(f"{text}：{rid}", err=True)
        rec = self.ledger.get(rid) if rid else None
        if rec is None or (kinds and rec.kind not in kinds):
            raise click.UsageError(f"找不到{what} {text}（minyi find 可以按名称查编号）")
        return rec

    def options(self, spec, values: dict) -> dict:
        """`minyi new <kind>` values with every option that refers to records resolved to ids."""
        out = dict(values)
        for opt in spec.new_options:
            if opt.refers and out.get(opt.name) is not None:
                resolve = self.each if opt.multiple else self.one
                out[opt.name] = resolve(out[opt.name], opt.refers, opt.flag)
        return out
