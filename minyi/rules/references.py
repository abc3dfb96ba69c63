"""Every id a record names must exist, settings-defined words must be known, merges must not loop."""

from __future__ import annotations

from .. import kinds
from ..ledger import Record

ANY_ACTOR = "代表、部门或联络站"


def walk(data, pattern: str, prefix=()):
    """Yield (path, value) for every value matching a dotted pattern with * for list items."""
    head, _, rest = pattern.partition(".")
    if head == "*":
        items = enumerate(data) if isinstance(data, list) else ()
    else:
        items = [(head, data[head])] if isinstance(data, dict) and head in data else ()
    for key, value in items:
        if rest:
            yield from walk(value, rest, prefix + (key,))
        else:
            yield prefix + (key,), value


def per_record(rec: Record, ctx):
    for pattern, kind in kinds.get(rec.kind).refs:
        for path, value in walk(rec.data, pattern):
            target = ctx.ledger.get(value) if isinstance(value, str) else None
            if target is None and isinstance(value, str) and value in ctx.ledger.unreadable:
                continue  # the file is there but unreadable: its own syntax problem says so
            if target is None or (kind is not None and target.kind != kind):
                yield rec.loaded.report(
                    path, "ref-missing", what=kinds.get(kind).title if kind else ANY_ACTOR, value=value
                )
    settings = ctx.ledger.settings
    for field, setting in kinds.get(rec.kind).setting_words if settings else ():
        words = settings.words(setting)
        value = rec.data.get(field)
        if words and value not in words:
            yield rec.loaded.report(
                (field,),
                "schema-enum",
                "settings",
                field=field,
                value=repr(value),
                setting=setting,
                options="、".join(words),
            )


def per_ledger(ledger, ctx):
    suggestions = ledger.records["suggestion"]
    reported = set()
    for start in sorted(suggestions):
        chain, current = [], start
        while (
            isinstance(current, str) and current in suggestions and current not in chain
        ):  # a list or mapping is no id
            chain.append(current)
            current = suggestions[current].data.get("merged_into")
        if current in chain and current not in reported:
            loop = chain[chain.index(current) :]
            reported.update(loop)
            rec = suggestions[current]
            yield rec.loaded.report(("merged_into",), "merge-cycle", loop=" → ".join(loop + [current]))
