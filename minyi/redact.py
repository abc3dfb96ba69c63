"""Personal data already in git history or in a record is shown redacted, never published and never a build stopper.

The review gate refuses personal data in a pull request's commit subjects and author
names (`review.commits`), and the validator refuses it in records. What reached main
before those rules — a commit subject naming a resident's phone, an old version of a
record quoted by "what changed" — cannot be taken back without rewriting history, which
the ledger refuses. Failing every build on it forever would stop the site, so the site
shows such a text as a placeholder and the build says which commit it hid. A record that
holds it is corrected like any fact, with the placeholder as the correction's `previous`.
"""

from __future__ import annotations

from .personal_data import scan_value

PLACEHOLDER = "〔含个人信息，已隐去〕"


def holds_personal_data(value) -> bool:
    """Whether the privacy rule would refuse `value` (anywhere inside it) in a record."""
    from .rules.privacy import scan_data

    return bool(scan_data([value]))


def stated(recorded):
    """What a correction's `previous` says a recorded value was: the value, or the placeholder when
    repeating it would publish personal data again (and the privacy rule would refuse the correction,
    so a phone number recorded before the rules could never be corrected away)."""
    return PLACEHOLDER if holds_personal_data(recorded) else recorded


def stated_honestly(previous, recorded) -> bool:
    """Whether `previous` is what `stated` says of the recorded value (the value itself is fine too)."""
    return previous == recorded or (previous == PLACEHOLDER and holds_personal_data(recorded))


# The texts of a history entry the site shows (see minyi.trails.per_record).
TEXT_FIELDS = ("message", "author", "headline", "changes")


def _clean(value):
    """(value with every text holding personal data replaced, what was found or None)."""
    if isinstance(value, str):
        found = scan_value(value)
        return (PLACEHOLDER, found[0].what) if found else (value, None)
    if isinstance(value, list):
        pairs = [_clean(v) for v in value]
        what = next((w for _, w in pairs if w), None)
        return ([v for v, _ in pairs] if what else value), what
    return value, None


def redact_trails(trails: dict[str, dict]) -> tuple[dict[str, dict], list[str]]:
    """The trails with personal data hidden, and one Chinese note per commit and field hidden."""
    notes: dict[tuple[str, str], str] = {}
    out = {}
    for rid, trail in trails.items():
        commits = []
        for entry in trail.get("commits") or []:
            fixed = dict(entry)
            for name in TEXT_FIELDS:
                if name not in entry:
                    continue
                fixed[name], what = _clean(entry[name])
                if what:
                    notes[(str(entry.get("commit"))[:7], name)] = what
            commits.append(fixed if fixed != entry else entry)
        out[rid] = {**trail, "commits": commits}
    return out, [f"提交 {sha} 的{_FIELD_WORDS[name]}中有{what}，网站上已隐去" for (sha, name), what in notes.items()]


_FIELD_WORDS = {"message": "说明", "author": "作者名", "headline": "摘要", "changes": "改动内容"}
