"""Vote numbers add up: for + against + abstain <= cast <= present <= eligible,
the session's selected count matches the projects, and status agrees with the ballot."""
from __future__ import annotations

from collections import defaultdict

from ..ledger import Record


def per_record(rec: Record, ctx):
    if rec.kind == "session":
        d = rec.data
        if not d["cast"] <= d["present"] <= d["eligible"]:
            yield rec.loaded.problem(("cast",), "vote-tally",
                                     f"投票数 {d['cast']}、出席 {d['present']}、应到 {d['eligible']} 不满足 投票数 ≤ 出席 ≤ 应到 (tally)",
                                     "核对会议记录中的人数")
        if d["selected"] > d["candidates"]:
            yield rec.loaded.problem(("selected",), "vote-selected-count",
                                     f"当选 {d['selected']} 项多于候选 {d['candidates']} 项 (selected > candidates)", "核对会议决议")
        return
    if rec.kind != "project":
        return
    vote = rec.data.get("vote")
    statuses = [e.get("status") for e in rec.data["timeline"]]
    if vote is None:
        if "selected" in statuses:
            yield rec.loaded.problem(("status",), "vote-status-mismatch", "项目已票决通过，但没有票决结果 vote (no vote)",
                                     "添加 vote: {session, for, against, abstain, selected}")
        return
    session = ctx.ledger.get(vote["session"])
    total = vote["for"] + vote["against"] + vote["abstain"]
    if session is not None and session.kind == "session" and total > session.data.get("cast", total):
        yield rec.loaded.problem(("vote", "for"), "vote-tally",
                                 f"赞成+反对+弃权 = {total}，多于会议投票数 {session.data['cast']} (tally)",
                                 "核对计票结果；如需更正，写入 vote.corrections")
    if vote["selected"] and "not_selected" in statuses:
        yield rec.loaded.problem(("vote", "selected"), "vote-status-mismatch", "票决当选，但时间线写着未当选 (vote vs status)",
                                 "让 vote.selected 与时间线一致")
    if not vote["selected"] and "selected" in statuses:
        yield rec.loaded.problem(("vote", "selected"), "vote-status-mismatch", "票决未当选，但时间线写着票决通过 (vote vs status)",
                                 "让 vote.selected 与时间线一致")


def per_ledger(ledger, ctx):
    chosen, candidates = defaultdict(int), defaultdict(int)
    for rec in ledger.of("project"):
        vote = rec.data.get("vote")
        if isinstance(vote, dict):
            candidates[vote.get("session")] += 1
            chosen[vote.get("session")] += bool(vote.get("selected"))
    for rec in ledger.of("session"):
        d = rec.data
        if chosen[rec.id] != d.get("selected"):
            yield rec.loaded.problem(("selected",), "vote-selected-count",
                                     f"会议决定当选 {d.get('selected')} 项，记录中 vote.selected 为 true 的项目有 {chosen[rec.id]} 项 (selected count)",
                                     "核对各项目的 vote.selected 和会议的 selected")
        if candidates[rec.id] != d.get("candidates"):
            yield rec.loaded.problem(("candidates",), "vote-selected-count",
                                     f"会议有 {d.get('candidates')} 个候选项目，记录中有 {candidates[rec.id]} 个 (candidate count)",
                                     "为每个候选项目建立记录并写上 vote.session")
