"""Recorded facts are append-only: a change to one is accepted only with a correction naming it.

Which fields are recorded facts is declared once per kind (`Kind.recorded` in
minyi/kinds). Appending is always fine — a new event, a new reception, an answer
that did not exist yet. Changing or removing what was recorded needs a new entry in
`corrections` whose `target` names the changed field (or a field containing it) and
whose `previous` is exactly what the base branch recorded. Status changes are the
lifecycle's business (see `lifecycle_problems`).
"""

from __future__ import annotations

from .. import deadlines, kinds, lifecycle
from ..problems import Problem
from ..redact import stated_honestly
from ..rules.corrections import resolve

MISSING = object()


def rewrites(old, new, path: tuple = ()):
    """Dotted paths (lists numbered from 1) where `new` changed or dropped what `old` recorded.

    Additions are not rewrites: a longer list whose first items are unchanged, or a
    mapping with new keys, only appends to the record.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in old.items():
            yield from rewrites(value, new.get(key, MISSING), path + (key,))
    elif isinstance(old, list) and isinstance(new, list):
        for i, value in enumerate(old):
            yield from rewrites(value, new[i] if i < len(new) else MISSING, path + (str(i + 1),))
    elif old != new and not _placeholder_swap(old, new):
        yield ".".join(path)


def _placeholder_swap(old, new) -> bool:
    """`minyi assign-ids` replacing a placeholder id by the real one is bookkeeping, not a rewrite.
    (Its pattern is imported here, where a fact differs, not with the gate: it comes with the editors.)"""
    from ..actions.assign_ids import TMP

    return isinstance(old, str) and isinstance(new, str) and bool(TMP.fullmatch(old)) and not TMP.search(new)


def _covered(target: str, changed: str) -> bool:
    return changed == target or changed.startswith(target + ".")


def _new_corrections(old: dict, new: dict) -> tuple[list[dict], bool]:
    """Corrections appended by this change, and whether the earlier ones were left exactly as they were."""
    before, after = old.get("corrections") or [], new.get("corrections") or []
    if not isinstance(after, list) or after[: len(before)] != before:
        return [], False
    return [c for c in after[len(before) :] if isinstance(c, dict)], True


RULE_OF = {"timeline": "timeline-rewritten", "vote": "vote-changed"}


def fact_problems(loaded_new, kind: str, old: dict, new: dict) -> list[Problem]:
    """Every recorded fact of `old` that `new` rewrote without a matching correction."""
    spec = kinds.get(kind)
    added, intact = _new_corrections(old, new)
    out = [] if intact else [loaded_new.report(("corrections",), "fact-rewritten", "corrections")]
    appended = (new.get("timeline") or [])[len(old.get("timeline") or []) :]
    reset = {f for e in appended if isinstance(e, dict) for f in spec.set_by_step.get(e.get("status"), ())}
    for key in spec.recorded:
        if key in ("status", "corrections") or key not in old or key in reset:
            continue
        for changed in rewrites(old[key], new.get(key, MISSING), (key,)):
            match = next(
                (c for c in added if isinstance(c.get("target"), str) and _covered(c["target"], changed)), None
            )
            if match is None:
                out.append(_unexplained(loaded_new, key, changed, old))
            elif not stated_honestly(match.get("previous"), _recorded(old, match["target"])):
                out.append(loaded_new.report(("corrections",), "fact-rewritten", "previous", target=match["target"]))
    return out + _assignment_deadlines(loaded_new, added, old, new) + _dishonest(loaded_new, added, old, new)


def _assignment_deadlines(loaded_new, added: list[dict], old: dict, new: dict) -> list[Problem]:
    """An assignment recorded without a deadline of its own was set the record's (minyi.deadlines).

    Writing its deadline onto the event is accepted only when it repeats that one, and a change
    of the record's deadline must not silently move it (a reassignment appended without first
    writing the earlier deadline onto the earlier assignment would judge the first answer by
    the new one). Deadlines written on events are recorded facts and the loop above covers them."""
    out = []
    before_events, after_events = old.get("timeline") or [], new.get("timeline") or []
    for i, event in enumerate(before_events if isinstance(before_events, list) else []):
        if not isinstance(event, dict) or event.get("status") != deadlines.ASSIGNED or "deadline" in event:
            continue
        if not isinstance(after_events, list) or i >= len(after_events):
            continue  # a removed event is reported as such
        before, after = deadlines.raw_event_deadline(old, i), deadlines.raw_event_deadline(new, i)
        target = f"timeline.{i + 1}.deadline"
        if before != after and not any(
            isinstance(c.get("target"), str) and _covered(c["target"], target) for c in added
        ):
            out.append(
                loaded_new.report(
                    ("timeline", i), "timeline-rewritten", "deadline", n=i + 1, before=before, after=after
                )
            )
    return out


def _dishonest(loaded_new, added: list[dict], old: dict, new: dict) -> list[Problem]:
    """New corrections that misstate the recorded value or correct nothing.

    Checked whether or not a changed field asked for them: the site publishes every
    correction, so one that changes nothing can still put a false "previous" on record.
    A later correction of a field already corrected in the same change is not checked
    (its "previous" is the value the earlier one set)."""
    out, seen = [], []
    for c in added:
        target = c.get("target")
        if not isinstance(target, str) or any(_covered(t, target) or _covered(target, t) for t in seen):
            continue
        seen.append(target)
        before = _recorded(old, target)
        if not stated_honestly(c.get("previous"), None if before is MISSING else before):
            out.append(loaded_new.report(("corrections",), "fact-rewritten", "previous", target=target))
        elif _recorded(new, target) == before:
            out.append(loaded_new.report(("corrections",), "fact-rewritten", "unchanged", target=target))
    return out


def _recorded(old: dict, target: str):
    try:
        return resolve(old, target)
    except LookupError:
        return MISSING


def _unexplained(loaded_new, key: str, changed: str, old: dict) -> Problem:
    at = tuple(int(p) - 1 if p.isdigit() else p for p in changed.split("."))
    rule = RULE_OF.get(key, "fact-rewritten")
    if key == "timeline" and len(at) >= 2 and at[1] >= len(loaded_new.data.get("timeline") or []):
        event = old["timeline"][at[1]]
        return loaded_new.report(("timeline",), rule, n=at[1] + 1, date=event.get("date"), status=event.get("status"))
    if key == "timeline":
        return loaded_new.report(at[:2], rule, "edited", n=at[1] + 1, what=changed.split(".", 2)[-1])
    if key == "vote":
        return loaded_new.report(at, rule, fields=changed)
    return loaded_new.report(at, rule, target=changed)


def lifecycle_problems(loaded_new, kind: str, old: dict, new: dict) -> list[Problem]:
    """A status change must arrive as appended events that follow the lifecycle."""
    old_status, new_status = old.get("status"), new.get("status")
    if old_status == new_status or kind not in lifecycle.LIFECYCLES:
        return []
    appended = (new.get("timeline") or [])[len(old.get("timeline") or []) :]
    if appended and lifecycle.is_legal(kind, old_status, appended[0].get("status")):
        return []
    route = lifecycle.path_between(kind, old_status, new_status)
    return [
        loaded_new.report(
            ("status",),
            "status-skip",
            None if route else "no-route",
            old=old_status,
            new=new_status,
            route=" → ".join(route or ()),
        )
    ]
