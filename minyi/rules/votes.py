"""Vote numbers add up: for + against + abstain <= cast <= present <= eligible,
the session's selected count matches the projects, and status agrees with the ballot."""

from __future__ import annotations

from collections import Counter

from ..ledger import Record


def _session(rec: Record):
    s = rec.model
    if not s.cast <= s.present <= s.eligible:
        yield rec.loaded.report(("cast",), "vote-tally", cast=s.cast, present=s.present, eligible=s.eligible)
    if s.selected > s.candidates:
        yield rec.loaded.report(("selected",), "vote-selected-count", selected=s.selected, candidates=s.candidates)


def _project(rec: Record, ctx):
    p = rec.model
    statuses = {e.status for e in p.timeline}
    if p.vote is None:
        if "selected" in statuses:
            yield rec.loaded.report(("status",), "vote-status-mismatch")
        return
    session = ctx.ledger.get(p.vote.session)
    if session is not None and session.kind == "session" and session.model and p.vote.total > session.model.cast:
        yield rec.loaded.report(("vote", "for"), "vote-tally", "project", total=p.vote.total, cast=session.model.cast)
    if p.vote.selected and "not_selected" in statuses:
        yield rec.loaded.report(("vote", "selected"), "vote-status-mismatch", "selected")
    if not p.vote.selected and "selected" in statuses:
        yield rec.loaded.report(("vote", "selected"), "vote-status-mismatch", "not-selected")


def per_record(rec: Record, ctx):
    if rec.kind == "session":
        yield from _session(rec)
    elif rec.kind == "project":
        yield from _project(rec, ctx)


def per_ledger(ledger, ctx):
    """Each session's declared candidate and selected counts against the projects that name it."""
    chosen, candidates = Counter(), Counter()
    for rec in ledger.of("project"):
        vote = rec.data.get("vote")
        if isinstance(vote, dict) and isinstance(vote.get("session"), str):  # a list or mapping is no session id
            candidates[vote.get("session")] += 1
            chosen[vote.get("session")] += bool(vote.get("selected"))
    for rec in ledger.of("session"):
        d = rec.data
        if chosen[rec.id] != d.get("selected"):
            yield rec.loaded.report(
                ("selected",), "vote-selected-count", "selected", declared=d.get("selected"), counted=chosen[rec.id]
            )
        if candidates[rec.id] != d.get("candidates"):
            yield rec.loaded.report(
                ("candidates",),
                "vote-selected-count",
                "candidates",
                declared=d.get("candidates"),
                counted=candidates[rec.id],
            )
