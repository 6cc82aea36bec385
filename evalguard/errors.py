"""Errors the core raises instead of printing or exiting.

Every error that is about a place in a file carries that place, so the CLI can print
`README.md:14:9: message` and nothing else.
"""

from __future__ import annotations


class EvalguardError(Exception):
    """Base class: a problem evalguard reports in one line and exits non-zero for."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def located(self, path: str) -> str:
        """`path:line:col: message` (as much of the place as is known)."""
        place = path
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.message}"


class CardError(EvalguardError):
    """The card cannot be read: bad encoding, unclosed or unparsable front matter.

    `rule` is the stable `evalguard check` rule id of the problem (see
    `evalguard.validate.registry`), when the raiser knows it.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message, line=line, column=column)
        self.rule = rule


class ConfigError(EvalguardError):
    """`.evalguard.yaml` or a mapping file is invalid; the place is in that file."""

    def __init__(
        self, message: str, *, file: str, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message, line=line, column=column)
        self.file = file

    def located(self, path: str) -> str:
        """`.evalguard.yaml:3:8: message`: the config's place, whatever card was read."""
        return super().located(self.file)
