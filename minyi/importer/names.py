"""Names a spreadsheet uses for departments and deputies, resolved to ids through the ledger's
shared name index (minyi.lookup, the one `minyi find` and every flag use).

A clerk's 台账 says 区住建局 or 青溪区住房和城乡建设局, never DEP-002. A name resolves as a flag's
does: exactly one id or name, else exactly one name containing it. An id that names no record
is passed on as written, so the validator reports it (ref-missing) at its column. Anything else
is refused with the candidates (ambiguous) or the closest names (unknown), never guessed.
Streets and communities are not resolved here: they are the settings' vocabulary
(minyi.places), and a name outside it is the validator's street-unknown, with its did-you-mean.
"""

from __future__ import annotations

import difflib
import unicodedata

from .. import kinds, lookup


class Unresolved(Exception):
    """A name that is not exactly one record: `candidates` are ambiguous matches or close names."""

    def __init__(self, ambiguous: bool, candidates: list[str]):
        super().__init__("ambiguous" if ambiguous else "unknown")
        self.ambiguous = ambiguous
        self.candidates = candidates


class Names:
    """The ledger's name index, built once per import."""

    def __init__(self, ledger):
        self.index = lookup.build(ledger)

    @staticmethod
    def what(group: str) -> str:
        return kinds.get(group).title

    def resolve(self, text: str, group: str) -> str:
        found = lookup.matches(self.index, text, (group,))
        if not found and lookup.id_like(text, (group,)):
            return unicodedata.normalize("NFKC", text).strip()
        if len(found) == 1:
            return found[0].id
        if found:
            raise Unresolved(True, [e.shown() for e in found[: lookup.SHOWN]])
        names = {k: e for e in self.index.of((group,)) for k in e.keys[1:]}  # names, not ids
        close = difflib.get_close_matches(lookup.fold(text), list(names), n=3, cutoff=0.5)
        raise Unresolved(False, list(dict.fromkeys(names[k].shown() for k in close)))
