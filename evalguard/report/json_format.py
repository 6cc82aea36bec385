"""A JSON array of findings, sorted by file, line, column. A contract: a GitHub Action
consumes it, so the keys and their types do not change:

    {"file": str, "line": int, "column": int, "rule": "EG203",
     "severity": "error" | "warning", "message": str, "hint": str | null,
     "yaml_path": str | null}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from evalguard.validate.findings import Finding, sorted_findings


def as_dict(finding: Finding) -> dict[str, Any]:
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "hint": finding.hint,
        "yaml_path": finding.yaml_path,
    }


def render_json(findings: Sequence[Finding]) -> str:
    items = [as_dict(f) for f in sorted_findings(findings)]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
