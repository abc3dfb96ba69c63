"""What motions (议案) and review opinions (审议意见) share: the handling body's report and the
satisfaction evaluation (满意度测评) that judges it. One definition, so both kinds' records,
pages and open data read the same fields the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HandlingReport:
    """The handling body's report (办理情况报告)."""

    date: dt.date
    by: str
    summary: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """满意度测评: the members or deputies present and their votes, and the declared result."""

    date: dt.date
    present: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    result: str

    @property
    def counted(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    @property
    def majority_result(self) -> str:
        """满意 when 满意 and 基本满意 together are more than half of those present, else 不满意:
        the rule review opinions are judged by (motions declare their result)."""
        return "满意" if 2 * (self.satisfied + self.basically_satisfied) > self.present else "不满意"

    @property
    def rate(self) -> float | None:
        """满意和基本满意占出席人数的比例（0 到 1）."""
        return (self.satisfied + self.basically_satisfied) / self.present if self.present else None
