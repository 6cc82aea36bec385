"""The one escaping function for text that reaches a terminal or a CI log.

Card text is the user's, or an attacker's: a value holding `\n::error ...` would print
a line that a GitHub runner executes as a workflow command (pre-commit in CI shows the
hooks' output), and an ESC sequence would drive the terminal. Every text output
(check's text and github formats, `show`, every stderr line) passes what it prints
through `printable`; JSON and SARIF escape by their own rules.
"""

from __future__ import annotations

import re

#: C0 and C1 controls (tab excepted), DEL, the line/paragraph separators YAML and some
#: editors break lines at, bidirectional overrides (text that reads other than it runs),
#: and the BOM.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """`text` on one line with nothing a terminal or a log runner acts on: unsafe
    characters become escapes as Python writes them (`\\n`, `\\x1b`, `\\u2028`)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def line_start(text: str) -> str:
    """`printable`, for text printed at the start of a line: a leading `::` (the
    workflow-command marker) is escaped too."""
    safe = printable(text)
    if not safe.lstrip().startswith("::"):
        return safe
    colon = safe.index(":")
    return safe[:colon] + "\\x3a" + safe[colon + 1 :]
