"""One exception family and one problem record for the whole pipeline.

Every error a user can cause ends up as an :class:`EditionError` carrying the file, line and column
where it happened and the rule it broke, so that the CLI can print one clear line instead of a
traceback.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

# What must not reach a terminal raw: C0/C1 controls (an ESC sequence in a file name can rewrite the
# screen; a newline would split our one-line errors), the bidirectional overrides that make text
# read backwards, and the lone surrogates standing for bytes of a file name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every character above escaped (``\\x1b``, ``\\u202e``; ``\\xff`` for an undecodable byte)."""
    def escape(match: re.Match) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return _UNPRINTABLE.sub(escape, text)


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
        return printable(f"{where}: {self.severity}: {self.message} [{self.rule}]")

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
