"""Every rule: its documented example triggers it, at a real place in the file; and a
table of hand-written cards with the exact findings `check` must give."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evalguard.card.frontmatter import (
    RULE_ALIAS_BOMB,
    RULE_DUPLICATE_KEY,
    RULE_NOT_MAPPING,
    RULE_UNKNOWN_TAG,
    RULE_YAML_SYNTAX,
)
from evalguard.cli import main
from evalguard.config import Config
from evalguard.report.rule_reference import replace_section
from evalguard.validate import RULES, Rule, check_readme

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "README.md"


def write_example(rule: Rule, folder: Path) -> Path:
    path = folder / rule.example_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rule.example.encode(rule.example_encoding))
    if rule.beside:
        (folder / "README.md").write_text(rule.beside, "utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("rule", [r for r in RULES.values() if r.example], ids=lambda r: r.id)
def test_documented_example_triggers_its_rule(
    rule: Rule, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_example(rule, tmp_path)
    code, findings = run_json(capsys, str(path))
    mine = [f for f in findings if f["rule"] == rule.id]
    assert mine, findings
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    for f in mine:
        assert f["severity"] == rule.severity
        line, column = f["line"], f["column"]
        assert isinstance(line, int) and isinstance(column, int)
        assert 1 <= line <= len(lines)
        assert 1 <= column <= len(lines[line - 1]) + 1
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)


def test_rule_ids_are_stable_shaped_and_documented() -> None:
    doc = DOC.read_text("utf-8")
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"EG\d{3}", rule_id)
        assert rule.title and rule.why, rule_id
        assert f"`{rule_id}`" in doc, f"{rule_id} missing from {DOC.name}"


def test_readme_rule_reference_is_what_check_reports() -> None:
    """The README's table and examples are generated from the registry, each example's
    finding as `check` gives it; after a rule changes, run
    `python scripts/update_rule_reference.py`."""
    doc = DOC.read_text("utf-8")
    assert replace_section(doc) == doc


@pytest.mark.parametrize(
    "rule_id",
    [RULE_DUPLICATE_KEY, RULE_YAML_SYNTAX, RULE_UNKNOWN_TAG, RULE_NOT_MAPPING, RULE_ALIAS_BOMB],
)
def test_core_parse_rule_ids_exist(rule_id: str) -> None:
    assert rule_id in RULES


MI = """---
model-index:
- name: tiny-model
  results:
  - task:
      type: text-generation
    dataset:
      name: MMLU
      type: cais/mmlu
    metrics:
    - type: accuracy
      value: {value}
{source}---
# tiny-model

| Benchmark | tiny-model |
|---|---|
| MMLU | 61.3 |
"""
README_SOURCE = (
    "    source:\n      name: Model README\n      url: https://huggingface.co/o/tiny-model\n"
)

CASES = [
    # (id, card text, [(line, column, rule)])
    ("clean-card-no-metadata", "---\nlicense: mit\n---\n# Hi\n", []),
    ("no-front-matter-no-table", "# Hi\n\nNothing here.\n", []),
    ("in-sync", MI.format(value="61.3", source=README_SOURCE), []),
    ("drift-error-at-table-cell", MI.format(value="60.1", source=README_SOURCE),
     [(21, 10, "EG501")]),
    ("null-value", MI.format(value="", source=README_SOURCE),
     [(12, 7, "EG203"), (21, 10, "EG501")]),
    ("mapping-placeholder", MI.format(value="{wer}", source=""),
     [(12, 14, "EG203"), (18, 10, "EG503")]),
    ("no-source-equal-value-is-recorded", MI.format(value="61.3", source=""), []),
    ("no-source-other-value", MI.format(value="0.613", source=""), []),
    ("license-and-base-model", "---\nlicense: Apache 2.0\nbase_model: ./ckpt\n---\n",
     [(2, 10, "EG401"), (3, 13, "EG403")]),
    ("base-model-list-item", "---\nbase_model:\n- org/a\n- https://x.org/b\n---\n",
     [(4, 3, "EG405")]),
    ("base-model-mapping", "---\nbase_model:\n- org/a\n- {name: b}\n---\n",
     [(4, 3, "EG403")]),
    ("datasets-mapping-item", "---\ndatasets:\n- common_voice\n- FOSD: https://x.org\n---\n",
     [(4, 3, "EG404")]),
    ("duplicate-key-nested", "---\nmodel-index:\n- name: a\n  name: b\n  results: []\n---\n",
     [(4, 3, "EG104"), (5, 12, "EG206")]),
    ("yaml-error-position", "---\nlicense: mit\ntags: [a, b\n---\n", [(4, 1, "EG105")]),
    ("crlf", "---\r\nlicense: mit\r\nlicense: mit\r\n---\r\n", [(3, 1, "EG109")]),
    ("duplicate-key-other-value", "---\nlicense: mit\nlicense: apache-2.0\n---\n",
     [(3, 1, "EG104")]),
    ("bom", "\ufeff---\nlicense: wrong\n---\n", [(2, 10, "EG401")]),
    # the Hub reads a block after blank lines, so check reads it too
    ("blank-lines-before-front-matter", "\n\n---\nlicense: wrong\n---\n",
     [(3, 1, "EG102"), (4, 10, "EG401")]),
    ("crlf-blank-line-before-front-matter", "\r\n---\r\nlicense: mit\r\n---\r\n",
     [(2, 1, "EG102")]),
    ("spaces-before-front-matter", "  ---\nlicense: mit\n---\n", [(1, 3, "EG102")]),
    ("blank-lines-then-unclosed", "\n---\nlicense: mit\n", [(2, 1, "EG101")]),
    ("license-list-of-known-ids", "---\nlicense:\n- mit\n---\n", [(3, 1, "EG406")]),
    ("license-list-with-unknown-id", "---\nlicense: [mit, Apache 2]\n---\n",
     [(2, 10, "EG406"), (2, 16, "EG401")]),
    ("datasets-free-text-and-url",
     "---\ndatasets:\n- my web crawl\n- https://x.org/d\n- acme/mix/subset\n- acme/ok\n---\n",
     [(3, 3, "EG405"), (4, 3, "EG405"), (5, 3, "EG405")]),
    ("datasets-local-path-is-an-error", "---\ndatasets:\n- ./data/train.jsonl\n---\n",
     [(3, 3, "EG404")]),
    ("base-model-free-text", "---\nbase_model: Llama 2 7B\n---\n", [(2, 13, "EG405")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_findings(text: str, expected: list[tuple[int, int, str]]) -> None:
    found = check_readme(text.encode("utf-8"), "README.md")
    assert [(f.line, f.column, f.rule) for f in found] == expected


def test_disabled_rules_are_not_reported() -> None:
    text = MI.format(value="60.1", source=README_SOURCE).encode()
    assert [f.rule for f in check_readme(text, "R.md")] == ["EG501"]
    assert check_readme(text, "R.md", Config(disable=("EG501",))) == []
    assert check_readme(text, "R.md", Config(disable=("eg501",))) == []


def test_model_name_from_config_is_compared() -> None:
    text = b"---\nmodel-index:\n- name: other-model\n  results: []\n---\n"
    rules = [f.rule for f in check_readme(text, "R.md", Config(model="org/tiny-model"))]
    assert "EG305" in rules
    rules = [f.rule for f in check_readme(text, "R.md", Config(model="org/other-model"))]
    assert "EG305" not in rules
