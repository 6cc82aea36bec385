"""Every output format of `check`, on the same findings; SARIF against the official
OASIS SARIF 2.1.0 schema (tests/data/, see its README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from evalguard.cli import check_cmd
from evalguard.report import FORMATS, render, summary
from evalguard.validate import RULES, Finding

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

FINDINGS = [
    Finding("b/README.md", 3, 1, "EG401", "warning", "license: 'x' is unknown", None, "license"),
    Finding(
        "README.md", 14, 9, "EG203", "error",
        "model-index[0].results[2].metrics[0].value must be a number or a string, got null",
        "write the score", "model-index[0].results[2].metrics[0].value",
    ),
    Finding("README.md", 2, 1, "EG104", "error", "a, b: 100%\nnext", None, None),
]  # fmt: skip


def test_text() -> None:
    assert render(FINDINGS, "text") == (
        "b/README.md:3:1: EG401 warning: license: 'x' is unknown\n"
        "README.md:14:9: EG203 error: model-index[0].results[2].metrics[0].value must be a "
        "number or a string, got null (hint: write the score)\n"
        "README.md:2:1: EG104 error: a, b: 100%\\nnext\n"  # one line, whatever the text
    )
    assert render([], "text") == ""


def test_json_is_the_documented_contract_sorted() -> None:
    items = json.loads(render(FINDINGS, "json"))
    assert [(i["file"], i["line"]) for i in items] == [
        ("README.md", 2),
        ("README.md", 14),
        ("b/README.md", 3),
    ]
    keys = ["file", "line", "column", "rule", "severity", "message", "hint", "yaml_path"]
    for item in items:
        assert list(item) == keys
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert item["severity"] in ("error", "warning")
    assert items[1]["hint"] == "write the score"
    assert items[0]["yaml_path"] is None
    assert json.loads(render([], "json")) == []


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        (FINDINGS[1], "::error file=README.md,line=14,col=9,title=EG203::model-index[0]"
         ".results[2].metrics[0].value must be a number or a string, got null (hint: write "
         "the score)"),
        (FINDINGS[2], "::error file=README.md,line=2,col=1,title=EG104::a, b: 100%25%0Anext"),
        (Finding("a,b:c.md", 1, 1, "EG101", "warning", "m"),
         "::warning file=a%2Cb%3Ac.md,line=1,col=1,title=EG101::m"),
    ],
)  # fmt: skip
def test_github(finding: Finding, expected: str) -> None:
    assert render([finding], "github") == expected + "\n"


def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("findings", [FINDINGS, []], ids=["findings", "empty"])
def test_sarif_validates_against_the_official_schema(findings: list[Finding]) -> None:
    log: dict[str, Any] = json.loads(render(findings, "sarif"))
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[0].message if errors else ""
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(RULES)
    assert len(run["results"]) == len(findings)


def test_sarif_results_point_at_the_finding() -> None:
    log = json.loads(render(FINDINGS, "sarif"))
    first = log["runs"][0]["results"][1]
    assert first["ruleId"] == "EG203"
    assert first["level"] == "error"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[first["ruleIndex"]]["id"] == "EG203"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "README.md"
    assert location["region"] == {"startLine": 14, "startColumn": 9}
    assert first["properties"]["yamlPath"] == "model-index[0].results[2].metrics[0].value"


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The vendored schema really checks: a result without a message is refused."""
    log = json.loads(render(FINDINGS, "sarif"))
    del log["runs"][0]["results"][0]["message"]
    assert list(sarif_validator().iter_errors(log))


def test_unknown_format_and_summary() -> None:
    assert set(FORMATS) == {"text", "json", "github", "sarif"}
    assert check_cmd.FORMATS == FORMATS
    with pytest.raises(ValueError, match="unknown format"):
        render(FINDINGS, "xml")
    assert summary(FINDINGS, 2) == "2 errors, 1 warning in 2 files"
    assert summary([], 1) == "0 errors, 0 warnings in 1 file"
