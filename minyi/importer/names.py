"""Names a spreadsheet uses for departments, deputies and streets, resolved to the ledger's ids.

A clerk's 台账 says 区住建局 or 青溪区住房和城乡建设局, never DEP-002. A name resolves when
it is exactly one record's id, name or short name (compared after NFKC and without
spaces, so full-width letters and stray spaces do not matter), or, failing that, when it
is contained in exactly one of those names (住建局 → 区住建局). Anything else is refused
with the candidates (ambiguous) or the closest names (unknown), never guessed.

Note: this is a small resolver of the import's own; if a shared name resolver lands
(minyi find / names on flags), the import should use it instead.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field


def norm(text: str) -> str:
    """What two spellings of one name have in common: NFKC, no whitespace, no zero-width marks."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


class Unresolved(Exception):
    """A name that is not exactly one record: `candidates` are ambiguous matches or close names."""

    def __init__(self, ambiguous: bool, candidates: list[str]):
        super().__init__("ambiguous" if ambiguous else "unknown")
        self.ambiguous = ambiguous
        self.candidates = candidates


@dataclass
class Names:
    """Every spelling of one kind of thing (departments, deputies, streets) → its id."""

    what: str  # 部门, 代表, 街道: how messages name the kind
    spellings: dict[str, set[str]] = field(default_factory=dict)  # normalized spelling -> ids
    shown: dict[str, str] = field(default_factory=dict)  # id -> how a candidate is shown

    def add(self, rid: str, *names: str) -> None:
        self.shown.setdefault(rid, f"{names[0]}（{rid}）" if names and names[0] != rid else rid)
        for name in (rid, *names):
            if isinstance(name, str) and name.strip():
                self.spellings.setdefault(norm(name), set()).add(rid)

    def resolve(self, text: str) -> str:
        key = norm(text)
        exact = self.spellings.get(key) or self.spellings.get(key.upper())
        found = exact or {rid for spelling, ids in self.spellings.items() if key and key in spelling for rid in ids}
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise Unresolved(True, sorted(self.shown[r] for r in found))
        close = difflib.get_close_matches(key, list(self.spellings), n=3, cutoff=0.5)
        raise Unresolved(False, sorted({self.shown[r] for c in close for r in self.spellings[c]}))


def from_ledger(ledger) -> dict[str, Names]:
    """Departments (id, name, short name) and deputies (id, name). Streets are the settings' vocabulary (rows.py)."""
    depts, deputies = Names("部门"), Names("代表")
    for rec in ledger.of("department"):
        d = rec.data
        depts.add(rec.id, *(d.get(k) for k in ("short_name", "name") if isinstance(d.get(k), str)))
    for rec in ledger.of("deputy"):
        if isinstance(rec.data.get("name"), str):
            deputies.add(rec.id, rec.data["name"])
    return {"department": depts, "deputy": deputies}
