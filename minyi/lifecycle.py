"""The lifecycles of tracked records: the ONE place where legal status steps live.

The validator, `minyi advance`, the review gate, the schemas' status enums and the
clerk docs (docs/lifecycle.md) all read these tables, so a step allowed here is
allowed everywhere and nowhere else.
"""

from __future__ import annotations

from typing import NamedTuple


class Status(NamedTuple):
    label: str  # the word the public reads
    stage: str  # problem list / assignment list / closed list, see STAGES
    meaning: str


SUGGESTION_STATUSES: dict[str, Status] = {
    "received": Status("已收集", "问题清单", "代表或联络站收到群众的意见建议"),
    "registered": Status("已登记", "问题清单", "人大办（工委）登记入台账"),
    "assigned": Status("已交办", "交办清单", "交办给承办部门，并定下办理时限"),
    "in_progress": Status("办理中", "交办清单", "承办部门正在办理"),
    "answered": Status("已答复", "交办清单", "承办部门已答复群众或代表"),
    "closed": Status("已办结", "办结清单", "办结销号；“办结”不等于“已解决”，见办理结果分类"),
    "reopened": Status("重新办理", "交办清单", "群众或代表不满意，重新交办"),
    "not_accepted": Status("不予受理", "办结清单", "依法不属于受理范围，写明理由"),
    "merged": Status("已合并", "办结清单", "与另一条建议合并办理"),
    "withdrawn": Status("已撤回", "办结清单", "登记有误或重复录入，撤回并写明理由；记录保留，不计入办理统计"),
}

SUGGESTION_STEPS: dict[str, tuple[str, ...]] = {
    "received": ("registered", "not_accepted", "merged", "withdrawn"),
    "registered": ("assigned", "not_accepted", "merged", "withdrawn"),
    "assigned": ("assigned", "in_progress", "answered", "merged", "withdrawn"),
    "in_progress": ("assigned", "in_progress", "answered", "withdrawn"),
    "answered": ("closed", "reopened", "in_progress", "withdrawn"),
    "closed": ("reopened",),
    "reopened": ("assigned", "in_progress", "answered", "withdrawn"),
    "not_accepted": (),
    "merged": (),
    "withdrawn": (),
}

PROJECT_STATUSES: dict[str, Status] = {
    "proposed": Status("征集", "候选", "从群众意见中提出的候选项目"),
    "shortlisted": Status("入围", "候选", "经政府研究论证，列入票决候选"),
    "selected": Status("票决通过", "实施", "代表大会无记名投票当选"),
    "not_selected": Status("未当选", "未当选", "票决未当选或未入围"),
    "in_progress": Status("实施中", "实施", "正在建设或实施，代表小组跟踪监督"),
    "suspended": Status("暂停", "实施", "因故暂停，写明原因"),
    "completed": Status("已完工", "完成", "建设完成，进度 100%"),
    "accepted": Status("已验收", "完成", "代表验收并测评满意度"),
}

PROJECT_STEPS: dict[str, tuple[str, ...]] = {
    "proposed": ("shortlisted", "not_selected"),
    "shortlisted": ("selected", "not_selected"),
    "selected": ("in_progress", "suspended"),
    "not_selected": (),
    "in_progress": ("in_progress", "suspended", "completed"),
    "suspended": ("in_progress",),
    "completed": ("accepted",),
    "accepted": (),
}

# 议案: the stages name where it stands between the session and the deputies' evaluation.
MOTION_STATUSES: dict[str, Status] = {
    "submitted": Status("已提出", "提出", "代表在人代会期间联名提出议案"),
    "filed": Status("已立案", "提出", "大会主席团决定立案，列为正式议案"),
    "not_filed": Status("不予立案", "办结", "不列为议案，写明理由（通常作为代表建议办理）"),
    "assigned": Status("已交办", "办理", "交承办单位办理，并定下办理期限"),
    "in_progress": Status("办理中", "办理", "承办单位正在办理，代表跟踪督办"),
    "reported": Status("已报告", "办理", "承办单位向人大常委会报告办理情况"),
    "closed": Status("已办结", "办结", "代表满意度测评为满意或基本满意，办结"),
    "reopened": Status("重新办理", "办理", "代表测评不满意，重新办理"),
}

MOTION_STEPS: dict[str, tuple[str, ...]] = {
    "submitted": ("filed", "not_filed"),
    "filed": ("assigned",),
    "not_filed": (),
    "assigned": ("assigned", "in_progress", "reported"),
    "in_progress": ("in_progress", "reported"),
    "reported": ("closed", "reopened"),
    "closed": (),
    "reopened": ("assigned", "in_progress", "reported"),
}

INQUIRY_STATUSES: dict[str, Status] = {
    "held": Status("已询问", "询问", "常委会会议上委员提问、部门负责人当场答问，部门作出承诺"),
    "opinion_issued": Status("已出审议意见", "跟踪", "常委会就询问发出审议意见，交政府和部门办理"),
    "followed_up": Status("承诺已跟踪", "跟踪", "逐项跟踪部门承诺的落实情况；可多次跟踪"),
    "closed": Status("已结束", "结束", "承诺全部跟踪完毕，询问事项结束"),
}

INQUIRY_STEPS: dict[str, tuple[str, ...]] = {
    "held": ("opinion_issued",),
    "opinion_issued": ("followed_up",),
    "followed_up": ("followed_up", "closed"),
    "closed": (),
}

OPINION_STATUSES: dict[str, Status] = {
    "issued": Status("已交办", "办理", "常委会审议后形成审议意见，交政府和部门研究处理"),
    "report_received": Status("已报告", "办理", "收到政府或部门的研究处理情况报告"),
    "evaluated": Status("已测评", "测评", "常委会组成人员对处理情况报告进行满意度测评"),
    "closed": Status("已办结", "办结", "测评满意，审议意见办结"),
    "rehandling": Status("重新办理", "办理", "测评不满意，退回重新办理，定下新的报告期限"),
}

OPINION_STEPS: dict[str, tuple[str, ...]] = {
    "issued": ("report_received",),
    "report_received": ("evaluated",),
    "evaluated": ("closed", "rehandling"),
    "rehandling": ("report_received",),
    "closed": (),
}

LIFECYCLES = {
    "suggestion": (SUGGESTION_STATUSES, SUGGESTION_STEPS, "received"),
    "project": (PROJECT_STATUSES, PROJECT_STEPS, "proposed"),
    "motion": (MOTION_STATUSES, MOTION_STEPS, "submitted"),
    "inquiry": (INQUIRY_STATUSES, INQUIRY_STEPS, "held"),
    "opinion": (OPINION_STATUSES, OPINION_STEPS, "issued"),
}

# Status groups: every "which statuses count as ..." question is answered here, nowhere else.
# Suggestion statuses after which the department has answered the resident.
ANSWERED = frozenset({"answered", "closed", "reopened"})
# Statuses where the suggestion no longer waits on anyone.
FINISHED = frozenset({"closed", "not_accepted", "merged", "withdrawn"})
# Statuses where a department is handling it (and a deadline runs).
HANDLING = frozenset({"assigned", "in_progress", "reopened"})
# Finished without being handled: left out of closure, solving, on-time and satisfaction rates.
NOT_HANDLED = frozenset({"not_accepted", "merged", "withdrawn"})
DONE_PROJECT = frozenset({"completed", "accepted"})
# Projects being built: the lead department holds them.
PROJECT_UNDERWAY = frozenset({"selected", "in_progress", "suspended"})
STAGES = ("问题清单", "交办清单", "办结清单")
# Motions the deputies have evaluated: a report and an evaluation are on record.
MOTION_EVALUATED = frozenset({"closed", "reopened"})
# Motions with a handling report on record (an evaluation may follow).
MOTION_REPORTED = frozenset({"reported"}) | MOTION_EVALUATED


def kinds_with(status: str) -> tuple[str, ...]:
    """The kinds whose lifecycle has `status` (which kinds can be withdrawn, ...)."""
    return tuple(kind for kind, (statuses, _, _) in LIFECYCLES.items() if status in statuses)


def initial(kind: str) -> str:
    return LIFECYCLES[kind][2]


def next_steps(kind: str, status: str) -> tuple[str, ...]:
    return LIFECYCLES[kind][1].get(status, ())


def is_legal(kind: str, old: str, new: str) -> bool:
    return new in next_steps(kind, old)


def label(kind: str, status: str) -> str:
    statuses = LIFECYCLES[kind][0]
    return statuses[status].label if status in statuses else status


def step_facts(kind: str, old: str, new: str) -> dict:
    """The facts of an illegal step for the catalogue's `transition-illegal` words, shared by validator, CLI and review gate."""
    allowed = next_steps(kind, old)
    choices = "、".join(f"{s}（{label(kind, s)}）" for s in allowed) or "无（这是终结状态）"
    return {"old": old, "new": new, "old_label": label(kind, old), "new_label": label(kind, new), "choices": choices}


def path_between(kind: str, old: str, new: str) -> list[str] | None:
    """Shortest legal sequence of statuses leading from old to new (exclusive of old)."""
    if old == new:
        return []
    frontier, seen = [(old, [])], {old}
    while frontier:
        nxt = []
        for status, route in frontier:
            for step in next_steps(kind, status):
                if step == new:
                    return route + [step]
                if step not in seen:
                    seen.add(step)
                    nxt.append((step, route + [step]))
        frontier = nxt
    return None


def status_code(kind: str, typed: str) -> str | None:
    """The status a clerk typed: its code in any case (`Assigned`, `in-progress`) or its Chinese label (`已交办`)."""
    statuses = LIFECYCLES[kind][0]
    text = typed.strip()
    code = text.lower().replace("-", "_").replace(" ", "_")
    if code in statuses:
        return code
    return next((c for c, s in statuses.items() if s.label == text), None)


def status_guess(kind: str, typed: str) -> str | None:
    """The status nearest to an unknown one (`asigned` → assigned, `已答覆` → answered), or None."""
    import difflib

    statuses = LIFECYCLES[kind][0]
    by_word = {c: c for c in statuses} | {s.label: c for c, s in statuses.items()}
    near = difflib.get_close_matches(typed.strip().lower(), list(by_word), n=1, cutoff=0.6)
    return by_word[near[0]] if near else None
