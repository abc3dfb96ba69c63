"""Rules that look past one record's structure: one module per concern.

Each module exposes `per_record(rec, ctx)` and/or `per_ledger(ledger, ctx)`, both
yielding `Problem`s. `ALL` is the order they run in; `minyi.validate` runs them.
"""

from . import (
    channels,
    corrections,
    duty,
    identity,
    lifecycle_rules,
    milestones,
    motions,
    oversight,
    places,
    privacy,
    references,
    supervision,
    votes,
)

# Identity and references only need ids, so they run on every parsed record;
# lifecycle and vote rules trust the structure, so they wait for a schema-valid one.
# The OWN rules read nothing but the record, "today" and the settings (`Context` with a
# `SettingsOnly` ledger), so validation runs them in the worker that parsed the record;
# the CROSS rules look other records up and run where the whole ledger is.
OWN_ANY = (identity.per_record,)
CROSS_ANY = (references.per_record,)
OWN_VALID = (
    lifecycle_rules.per_record,
    corrections.per_record,
    milestones.per_record,
    channels.per_record,
    places.per_record,
    motions.per_record,
    supervision.per_record,
    duty.per_record,
)
CROSS_VALID = (votes.per_record, oversight.per_record)
PER_RECORD_ANY = OWN_ANY + CROSS_ANY
PER_RECORD_VALID = OWN_VALID + CROSS_VALID
PER_LEDGER = (references.per_ledger, votes.per_ledger, motions.per_ledger)
# Privacy runs even on records whose structure is broken: leaking a phone number
# is worse than a typo, and it only needs the strings.
PRIVACY = privacy.per_record
