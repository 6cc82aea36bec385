"""SARIF 2.1.0 for GitHub code scanning: one run, every rule described, one result per
finding with its region (1-based line and column, as SARIF counts)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from evalguard import __version__
from evalguard.report.text import with_hint
from evalguard.validate.findings import Finding, sorted_findings
from evalguard.validate.registry import RULES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": rule.id,
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": f"{rule.title}. {rule.evidence.value}: {rule.why}"},
            "defaultConfiguration": {"level": rule.severity},
            "help": {"text": rule.why},
        }
        for rule in RULES.values()
    ]


def _uri(file: str) -> str:
    path = PurePath(file)
    if path.is_absolute():
        return "file://" + path.as_posix()
    return path.as_posix()


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity,
        "message": {"text": with_hint(finding.message, finding.hint)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.file)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.yaml_path:
        result["properties"] = {"yamlPath": finding.yaml_path}
    return result


def sarif_log(findings: Sequence[Finding]) -> dict[str, Any]:
    index = {rule_id: i for i, rule_id in enumerate(RULES)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "evalguard",
                        "version": __version__,
                        "rules": _rules(),
                    }
                },
                "results": [_result(f, index) for f in sorted_findings(findings)],
            }
        ],
    }


def render_sarif(findings: Sequence[Finding]) -> str:
    return json.dumps(sarif_log(findings), indent=2, ensure_ascii=False) + "\n"
