"""One exception family and one problem record for the whole pipeline.

Every error a user can cause ends up as an :class:`EditionError` carrying the file, line and column
where it happened and the rule it broke, so that the CLI can print one clear line instead of a
traceback.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One finding about one place in one file (an error or a warning)."""

    file: str
    line: int | None
    column: int | None
    severity: str  # "error" or "warning"
    message: str
    rule: str

    def format(self) -> str:
        """``file:line:column: severity: message [rule]``, leaving out unknown positions."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict:
        return asdict(self)


class EditionError(Exception):
    """A user-facing failure: bad input, a missing file, an invalid document, an unwritable output."""

    def __init__(
        self,
        message: str,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        rule: str = "error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.rule = rule

    def as_problem(self) -> Problem:
        return Problem(self.file or "-", self.line, self.column, "error", self.message, self.rule)

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        return self.as_problem().format()
