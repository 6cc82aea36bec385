"""`README.md:14:9: EG203 error: <message> (hint: <hint>)`, one finding per line."""

from __future__ import annotations

from collections.abc import Sequence

from evalguard.report.escape import printable
from evalguard.validate.findings import Finding


def with_hint(message: str, hint: str | None) -> str:
    """`<message> (hint: <hint>)`, the one-line form every format prints."""
    return f"{message} (hint: {hint})" if hint else message


def line(finding: Finding) -> str:
    return printable(
        f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} "
        f"{finding.severity}: {with_hint(finding.message, finding.hint)}"
    )


def render_text(findings: Sequence[Finding]) -> str:
    return "".join(line(f) + "\n" for f in findings)
