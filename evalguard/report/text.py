"""`README.md:14:9: EG203 error: <message> (hint: <hint>)`, one finding per line."""

from __future__ import annotations

from collections.abc import Sequence

from evalguard.validate.findings import Finding


def line(finding: Finding) -> str:
    text = (
        f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} "
        f"{finding.severity}: {finding.message}"
    )
    if finding.hint:
        text += f" (hint: {finding.hint})"
    return text


def render_text(findings: Sequence[Finding]) -> str:
    return "".join(line(f) + "\n" for f in findings)
