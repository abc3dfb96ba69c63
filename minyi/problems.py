"""One shape for every mistake the ledger can find, and the ways to print it.

Every layer (parsing, schema, cross-record rules, lifecycle, privacy, review gate)
returns `Problem`s instead of raising, so a clerk sees all mistakes of a run at once
and the CLI never shows a traceback.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


def _catalog():
    """The error catalogue (a YAML file read and compiled at import, about 0.1 s with the
    personal-data patterns), imported when the first problem is made: a clean run makes none."""
    from . import catalog

    return catalog


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    rule: str
    message: str
    fix: str = ""
    severity: str = field(default="error")

    def __post_init__(self):
        if self.rule not in _catalog().RULES:  # a typo in a rule id would break the error catalogue
            raise ValueError(f"unknown rule id {self.rule!r}")

    @classmethod
    def of(
        cls, path: str, line: int, col: int, rule: str, variant: str | None = None, severity: str = "error", **facts
    ) -> Problem:
        """A problem in the catalogue's words (see `catalog.words`): call sites give facts, not sentences.

        Severity "warning" is for what a reviewer should look at but which does not make the
        change wrong (a late entry); only errors fail `validate` and `check-change`.
        """
        # Facts may quote a record's values, and problems are printed in public CI logs.
        from .personal_data import quotable

        message, fix = _catalog().words(rule, variant, **{name: quotable(value) for name, value in facts.items()})
        return cls(path, line, col, rule, message, fix, severity)

    def text(self) -> str:
        """One line, whatever the message quotes: in CI a log line starting with "::" is a command."""
        fix = f" — {self.fix}" if self.fix else ""
        line = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.rule}]: {self.message}{fix}"
        return line.replace("\r", "\\r").replace("\n", "\\n")

    def github(self) -> str:
        # GitHub workflow commands need %, CR and LF escaped in the message part, and "," and
        # ":" too in a property, or a file name could end the properties and start the message.
        msg = f"{self.message} — {self.fix}" if self.fix else self.message
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = path.replace(",", "%2C").replace(":", "%3A")
        kind = "error" if self.severity == "error" else "warning"
        return f"::{kind} file={path},line={self.line},col={self.col},title={self.rule}::{msg}"


def to_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
