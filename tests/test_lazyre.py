"""LazyPattern answers as the compiled pattern does, before and after its first use."""

from __future__ import annotations

import re
from typing import Any

import pytest

from evalguard.lazyre import LazyPattern, lazy_compile

PATTERN, FLAGS, TEXT = r"(\d+)\s*(shots?)", re.I, "5 Shots, 10-shot and 0 shot"


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("search", (TEXT,)),
        ("search", (TEXT, 3)),
        ("match", (TEXT,)),
        ("fullmatch", ("5 shot",)),
        ("sub", (r"<\1>", TEXT)),
        ("sub", (lambda m: m.group(2).upper(), TEXT, 1)),
        ("split", (TEXT, 1)),
        ("findall", (TEXT,)),
        ("finditer", (TEXT,)),
    ],
)
@pytest.mark.parametrize("used_before", [False, True])
def test_answers_as_the_compiled_pattern(
    method: str, args: tuple[Any, ...], used_before: bool
) -> None:
    lazy, compiled = lazy_compile(PATTERN, FLAGS), re.compile(PATTERN, FLAGS)
    if used_before:
        lazy.search("")

    def answer(pattern: LazyPattern | re.Pattern[str]) -> Any:
        got = getattr(pattern, method)(*args)
        if method == "finditer":
            return [m.span() for m in got]
        return got.span() if isinstance(got, re.Match) else got

    assert answer(lazy) == answer(compiled)
    assert lazy.pattern == PATTERN
