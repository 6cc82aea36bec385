"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=EG203::message`.

Escaping follows the runner's rules: in the message `%`, CR and LF are percent-encoded;
in property values `:` and `,` are too. Other control characters are escaped first, as in
every text output (report/escape.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from evalguard.report.escape import printable
from evalguard.report.text import with_hint
from evalguard.validate.findings import Finding


def escape_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    title: str = "evalguard",
) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, every part escaped."""
    props = [f"file={escape_property(file)}"] if file else []
    if file and line is not None:
        props.append(f"line={line}")
        if column is not None:
            props.append(f"col={column}")
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def command(finding: Finding) -> str:
    return workflow_command(
        finding.severity,
        with_hint(finding.message, finding.hint),
        file=finding.file,
        line=finding.line,
        column=finding.column,
        title=finding.rule,
    )


def render_github(findings: Sequence[Finding]) -> str:
    return "".join(command(f) + "\n" for f in findings)
