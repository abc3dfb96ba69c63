"""Actions that change records: scaffold a new one, advance a status, assign real ids.

Each returns what it did; none writes a file the validator would reject.
"""


class Refused(Exception):
    """The change would make the ledger invalid; carries the validator's problems."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
