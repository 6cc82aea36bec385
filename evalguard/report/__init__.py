"""Findings -> text | json | github | sarif. Pure: returns the text to print."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from evalguard.report.github import render_github
from evalguard.report.json_format import render_json
from evalguard.report.sarif import render_sarif
from evalguard.report.text import render_text
from evalguard.validate.findings import Finding

_RENDERERS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}
FORMATS = tuple(_RENDERERS)


def render(findings: Sequence[Finding], fmt: str) -> str:
    """The report in format `fmt` (one of FORMATS); empty text when a text-like format
    has nothing to say. Ends with a newline unless empty."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return _RENDERERS[fmt](findings)


def summary(findings: Sequence[Finding], files: int) -> str:
    """`2 errors, 1 warning in 3 files`."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return (
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning"
        f"{'s' if warnings != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    )
