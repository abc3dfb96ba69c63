"""Streets and communities: the ledger's controlled vocabulary, and the did-you-mean for names outside it.

The vocabulary lives in the ledger settings (`streets:` in records/ledger.yaml, street
name -> its communities), not in records of its own: a district has tens of streets
and a few hundred communities, they change by administrative decision (a few times a
decade), and every record already names them by their name, so the name is the key.
Each of the 3,000 district ledgers carries its own list; a name is unique within one
district (YAML refuses a repeated key), which is all the site's charts and a future
map need to join on (a map adds the boundaries keyed by these names or, beside them,
the national 统计用区划代码; records never change for it).

Matching folds what a reader does not see (`textnorm.normalise`: full-width forms,
CJK compatibility ideographs, zero-width characters, Cyrillic letters that look Latin)
and white space, so `梨园街道` written with a compatibility ideograph or a full-width
space is named as a look-alike of the real one instead of becoming a second bar in
the dashboard chart.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from .textnorm import normalise

_BLANKS = re.compile(r"\s+")


def fold(name: str) -> str:
    """A name as a reader sees it, for matching only: no width, case or white-space differences."""
    return _BLANKS.sub("", normalise(name)).casefold()


def shown(name: str) -> str:
    """A name with every character a reader cannot tell apart written as U+XXXX, so a message shows the difference."""
    return "".join(c if _plain(c) else f"<U+{ord(c):04X}>" for c in name)


def _plain(char: str) -> bool:
    if unicodedata.category(char)[0] in "CZM":  # controls, format characters, spaces, combining marks
        return False
    script = unicodedata.name(char, "").split(" ", 1)[0]
    return unicodedata.is_normalized("NFKC", char) and script not in ("CYRILLIC", "GREEK")


def clean(name: str) -> bool:
    """Whether a vocabulary name is written the one plain way (no look-alike or invisible character)."""
    return all(_plain(c) for c in name)


def closest(value: str, known) -> str | None:
    """The known name `value` most likely means: same once folded, a prefix either way, or a close spelling."""
    known = list(known)
    folded = {fold(k): k for k in known}
    key = fold(value)
    if key in folded:
        return folded[key]
    if not key:
        return None
    prefixed = [k for f, k in folded.items() if f.startswith(key) or key.startswith(f)]
    if len(prefixed) == 1:
        return prefixed[0]
    near = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None


@dataclass(frozen=True)
class Verdict:
    """Why a street or community is not in the vocabulary, as the facts of the catalogue's words."""

    rule: str  # street-unknown / community-unknown
    variant: str | None
    facts: dict


def _guess(value: str, match: str | None) -> tuple[str | None, dict]:
    if match is None:
        return None, {"guess": ""}
    if fold(match) == fold(value):
        return "lookalike", {"guess": shown(match), "shown": shown(value)}
    return None, {"guess": f"是不是「{match}」？"}


def street_verdict(streets: dict, street: str) -> Verdict | None:
    if street in streets:
        return None
    if not streets:
        return Verdict("street-unknown", "empty", {"value": street})
    variant, facts = _guess(street, closest(street, streets))
    return Verdict("street-unknown", variant, {"value": street, "known": "、".join(streets), **facts})


def community_verdict(streets: dict, street: str, community: str) -> Verdict | None:
    """Checked only once the street is known: a community belongs to one street."""
    mine = streets.get(street) or ()
    if community in mine:
        return None
    variant, facts = _guess(community, closest(community, mine))
    elsewhere = next((s for s, names in streets.items() if community in names), None)
    if variant is None and elsewhere:
        variant, facts = "elsewhere", {"guess": elsewhere}
    return Verdict(
        "community-unknown",
        variant,
        {"value": community, "street": street, "known": "、".join(mine) or "（无）", **facts},
    )


def vocabulary_faults(streets: dict):
    """(path, variant, facts) for every name of the vocabulary itself written with look-alikes or twice."""
    seen: dict[str, str] = {}
    for street, communities in streets.items():
        if not clean(street):
            yield (street,), None, {"value": shown(street)}
        other = seen.get(fold(street))
        if other is not None:
            yield (street,), "twice", {"value": shown(street), "other": shown(other)}
        seen[fold(street)] = street
        names: dict[str, str] = {}
        for i, community in enumerate(communities or ()):
            if not clean(community):
                yield (street, i), None, {"value": shown(community)}
            if fold(community) in names:
                yield (street, i), "twice", {"value": shown(community), "other": shown(names[fold(community)])}
            names[fold(community)] = community


def flag_verdicts(streets: dict, street: str | None, community: str | None = None):
    """(flag, verdict) for a command's --street and --community values, in the validator's words."""
    if street is None:
        return
    verdict = street_verdict(streets, street)
    if verdict is not None:
        yield "--street", verdict
    elif community is not None and (verdict := community_verdict(streets, street, community)) is not None:
        yield "--community", verdict
