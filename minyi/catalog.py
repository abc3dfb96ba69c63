"""The error catalogue: every rule id the ledger can report, and its words, from catalog.yaml.

Rule ids are English so a clerk can paste them into a search box; titles, examples,
messages and fixes are Chinese because clerks read them. The words are data
(catalog.yaml), not code: each rule's wording is written once, `docs/errors.md` is
generated from it, and `Problem` refuses ids that are not there, so the catalogue can
never miss a rule.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

from . import kinds, resources


class Rule(NamedTuple):
    layer: str
    title: str
    example: str
    fix: str  # the general fix, in the docs and when a problem has no specific hint
    message: str = ""  # the problem's message; {fields} come from the call site
    hint: str = ""  # the problem's specific fix; {fields} as in message
    variants: dict | None = None  # other (message, hint) pairs of the same rule, by name
    flag: str = ""  # what to add to `minyi advance` when the step it writes would break this rule


def _load() -> dict[str, Rule]:
    # Where records may live comes from the kinds registry, so a new kind extends the fix by itself.
    folders = "、".join(f"{k.folder}/<年>/" if k.yearly else f"{k.folder}/" for k in kinds.RECORD_KINDS)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    layers = yaml.load(resources.catalog_file().read_text(encoding="utf-8"), Loader=loader)
    rules = {}
    for layer, entries in layers.items():
        for rule_id, e in entries.items():
            variants = {name: (v["message"], v.get("hint", "")) for name, v in (e.get("variants") or {}).items()}
            rules[rule_id] = Rule(
                layer,
                e["title"],
                e["example"],
                e["fix"].replace("{folders}", folders),
                e.get("message", ""),
                e.get("hint", ""),
                variants or None,
                e.get("flag", ""),
            )
    return rules


RULES: dict[str, Rule] = _load()


def words(rule_id: str, variant: str | None = None, **params) -> tuple[str, str]:
    """The message and fix of one problem: the catalogue's words with the call site's facts filled in.

    Call sites give facts (a date, a field name), never sentences, so each rule's
    wording lives in one place and the docs show the same words the validator prints.
    """
    rule = RULES[rule_id]
    message, hint = rule.variants[variant] if variant else (rule.message, rule.hint)
    return message.format(**params), (hint or rule.fix).format(**params)
