"""Every street and community a record names is in the ledger's vocabulary (settings `streets`).

Which fields carry a street (and its community) is declared once per kind (`Kind.places`);
the words and the did-you-mean come from `minyi.places`, shared with `minyi new`, so the
validator and the command's flags refuse the same names with the same suggestion.
"""

from __future__ import annotations

from .. import kinds, places
from ..ledger import Record
from .references import walk


def _at(path: str) -> tuple:
    return tuple(path.split("."))


def per_record(rec: Record, ctx):
    settings = ctx.ledger.settings
    if rec.kind == "ledger":
        for at, variant, facts in places.vocabulary_faults(settings.streets if settings else {}):
            yield rec.loaded.report(("streets", *at), "street-vocabulary", variant, key=len(at) == 1, **facts)
        return
    if settings is None:
        return
    for street_path, community_path in kinds.get(rec.kind).places:
        for _, street in walk(rec.data, street_path):
            if not isinstance(street, str):
                continue
            at, verdict = street_path, places.street_verdict(settings.streets, street)
            community = dict(walk(rec.data, community_path)).get(_at(community_path)) if community_path else None
            if verdict is None and isinstance(community, str):
                at, verdict = community_path, places.community_verdict(settings.streets, street, community)
            if verdict is not None:
                yield rec.loaded.report(_at(at), verdict.rule, verdict.variant, **verdict.facts)
