"""Findings -> text | json | github | sarif. Pure: returns the text to print."""

from __future__ import annotations

from collections.abc import Sequence

from evalguard.report.github import render_github
from evalguard.report.json_format import render_json
from evalguard.report.sarif import render_sarif
from evalguard.report.text import render_text
from evalguard.validate.findings import Finding

FORMATS = ("text", "json", "github", "sarif")


def render(findings: Sequence[Finding], fmt: str) -> str:
    """The report in format `fmt` (one of FORMATS); empty text when a text-like format
    has nothing to say. Ends with a newline unless empty."""
    if fmt == "text":
        return render_text(findings)
    if fmt == "json":
        return render_json(findings)
    if fmt == "github":
        return render_github(findings)
    if fmt == "sarif":
        return render_sarif(findings)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def summary(findings: Sequence[Finding], files: int) -> str:
    """`2 errors, 1 warning in 3 files`."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return (
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning"
        f"{'s' if warnings != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    )
