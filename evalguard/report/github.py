"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=EG203::message`.

Escaping follows the runner's rules: in the message `%`, CR and LF are percent-encoded;
in property values `:` and `,` are too.
"""

from __future__ import annotations

from collections.abc import Sequence

from evalguard.report.text import with_hint
from evalguard.validate.findings import Finding


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    props = ",".join(
        [
            f"file={escape_property(finding.file)}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={escape_property(finding.rule)}",
        ]
    )
    return f"::{finding.severity} {props}::{escape_data(with_hint(finding.message, finding.hint))}"


def render_github(findings: Sequence[Finding]) -> str:
    return "".join(command(f) + "\n" for f in findings)
