"""A finding: one problem at one place in one file, under a stable rule id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from evalguard.card.frontmatter import Path

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem in a file: where, which rule, how severe, and what to do."""

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    yaml_path: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by file, line, column (then rule), without exact duplicates."""
    return sorted(set(findings), key=lambda f: (*f.sort_key(), f.message))


def yaml_path(path: Path) -> str:
    """`("model-index", 0, "results", 2)` -> `model-index[0].results[2]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
