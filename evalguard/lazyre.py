"""Regular expressions compiled when first used, not when their module is imported.

`evalguard check` runs as a pre-commit hook on every commit, and the table reader's
vocabulary is a hundred patterns: compiling them all at import took 10 ms, a tenth of a
hook's start, while a card uses about half of them (a card without tables almost none).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

#: the methods a LazyPattern offers; the first use puts the compiled pattern's own bound
#: methods in their place (no Python call in between in a hot loop)
_METHODS = ("search", "match", "fullmatch", "sub", "split", "findall", "finditer")

_Repl = str | Callable[[re.Match[str]], str]


class LazyPattern:
    """`re.compile(pattern, flags)` on first use of one of its methods. It offers the
    methods of `re.Pattern[str]` listed here and `.pattern`; it is no `re.Pattern`
    (mypy stops it from being passed to `re.sub(p, ...)` or where one is expected)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def _compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self._flags)
        for name in _METHODS:  # instance attributes: found before the methods below
            setattr(self, name, getattr(compiled, name))
        return compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._compiled().match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self._compiled().fullmatch(string, pos, endpos)

    def sub(self, repl: _Repl, string: str, count: int = 0) -> str:
        return self._compiled().sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self._compiled().split(string, maxsplit)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self._compiled().findall(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self._compiled().finditer(string, pos, endpos)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """`re.compile(pattern, flags)`, compiled on first use."""
    return LazyPattern(pattern, flags)
