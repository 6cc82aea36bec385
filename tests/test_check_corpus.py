"""`check` over the real corpus (../shared/corpus), when it is present: no traceback,
every finding at a real line and column of its file, and the malformed cards named in
cards/manifest.jsonl get the finding a user needs, where it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalguard.cli import main
from evalguard.validate import Finding, check_eval_results, check_readme

pytestmark = pytest.mark.corpus


def inside(finding: Finding, data: bytes) -> bool:
    lines = data.decode("utf-8", "replace").lstrip("\ufeff").splitlines() or [""]
    if not 1 <= finding.line <= len(lines):
        return False
    return 1 <= finding.column <= len(lines[finding.line - 1]) + 1


def test_every_card_checks_with_real_positions(corpus: Path) -> None:
    cards = sorted((corpus / "cards").glob("*.md")) + sorted((corpus / "bulk").glob("*.md"))
    assert len(cards) > 1000
    bad: list[str] = []
    for path in cards:
        data = path.read_bytes()
        for f in check_readme(data, path.name):
            if not inside(f, data):
                bad.append(f"{path.name}:{f.line}:{f.column} {f.rule}")
    assert bad == []


def test_every_eval_results_file_checks_with_real_positions(corpus: Path) -> None:
    files = sorted((corpus / "eval_results").glob("*.yaml"))
    assert files
    for path in files:
        data = path.read_bytes()
        for f in check_eval_results(data, path.name):
            assert inside(f, data), f


EXPECTED = [
    # (card, rule, line, column, words in the message)
    ("046.md", "EG203", 26, 17, "value must be a number or a string, got a mapping"),
    ("013.md", "EG207", 9, 5, "model-index[0].results[0].dataset is required by huggingface_hub"),
    ("059.md", "EG207", 11, 5, "model-index[0].results[0].dataset is required by huggingface_hub"),
    ("059.md", "EG207", 45, 5, "model-index[0].results[4].dataset is required by huggingface_hub"),
    ("061.md", "EG101", 1, 1, "never closed"),
    ("040.md", "EG102", 2, 1, "after blank lines"),
    ("008.md", "EG401", 10, 10, "'cc-by-sa 4.0' is not a license id"),
    ("045.md", "EG404", 5, 3, "datasets[1]"),
    ("011.md", "EG305", 4, 9, "'Phind-CodeLlama-34B-v1'"),
    ("015.md", "EG303", 50, 14, "appears twice in one result with different values"),
]


@pytest.mark.parametrize(("card", "rule", "line", "column", "words"), EXPECTED)
def test_malformed_cards_get_the_finding_a_user_needs(
    corpus: Path, card: str, rule: str, line: int, column: int, words: str
) -> None:
    found = check_readme((corpus / "cards" / card).read_bytes(), card)
    assert any(
        (f.rule, f.line, f.column) == (rule, line, column) and words in f.message for f in found
    ), [(f.rule, f.line, f.column, f.message) for f in found if f.rule == rule]


def test_manifest_names_these_cards_malformed(corpus: Path) -> None:
    notes = {}
    for line in (corpus / "cards" / "manifest.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        notes[item["file"]] = item["notes"]
    for card in ("046.md", "061.md"):
        assert "MALFORMED" in notes[card]


def test_a_front_matter_closed_at_end_of_file_is_fine(corpus: Path) -> None:
    """053 ends with `---` and no newline: the Hub reads it, so must check."""
    found = check_readme((corpus / "cards" / "053.md").read_bytes(), "053.md")
    assert [f for f in found if f.severity == "error"] == []


def test_cli_over_the_cards_folder_exits_cleanly(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in sorted((corpus / "cards").glob("*.md"))]
    assert main(["check", "--format", "json", *paths]) == 1
    items = json.loads(capsys.readouterr().out)
    assert {i["rule"] for i in items} >= {"EG101", "EG102", "EG203", "EG207", "EG401"}


DRIFT = {"EG501", "EG502", "EG503", "EG504"}


def test_drift_findings_agree_with_sync(corpus: Path) -> None:
    """check reports drift exactly when `sync` would change the card, and none after
    it has (the model named as the corpus file, as a `.evalguard.yaml` would)."""
    from evalguard.api import ExtractRequest
    from evalguard.config import Config
    from evalguard.errors import EvalguardError
    from evalguard.results.sync import plan_sync

    cards = sorted((corpus / "cards").glob("*.md")) + sorted((corpus / "bulk").glob("*.md"))
    disagreements: list[str] = []
    changed = 0
    for path in cards:
        data = path.read_bytes()
        config = Config(model=f"corpus/{path.stem}")
        try:
            plan = plan_sync(data, ExtractRequest(), config)
        except EvalguardError:
            continue  # sync refuses: check judges no drift either (it cannot read the scores)
        before = {f.rule for f in check_readme(data, path.name, config)} & DRIFT
        if plan.changed != bool(before):
            disagreements.append(
                f"{path.name}: sync changed={plan.changed}, check {sorted(before)}"
            )
        if plan.changed:
            changed += 1
            after = {f.rule for f in check_readme(plan.new_bytes, path.name, config)} & DRIFT
            if after:
                disagreements.append(f"{path.name}: after sync, check {sorted(after)}")
    assert changed > 100
    assert disagreements == []
