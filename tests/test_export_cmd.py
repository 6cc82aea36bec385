"""`evalguard export`: dry run with a diff, --apply, idempotence, other sources kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalguard.cli import main

CARD = """---
model-index:
- name: tiny-model
  results:
  - task:
      type: text-generation
    dataset:
      name: MMLU-Pro
      type: TIGER-Lab/MMLU-Pro
    metrics:
    - type: accuracy
      value: 55.3
    source:
      name: Model README
      url: https://huggingface.co/org/tiny-model
  - task:
      type: text-generation
    dataset:
      name: Something
      type: org/something
    metrics:
    - type: accuracy
      value: 1.0
---
# tiny-model
"""
OTHER = (
    "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 50.1  # theirs\n"
    "  source:\n    url: https://example.org/logs\n    name: Someone else\n"
)


def test_dry_run_prints_a_diff_and_writes_nothing(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "README.md").write_text(CARD)
    assert main(["export", "README.md"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("--- /dev/null\n+++ b/.eval_results/mmlu_pro.yaml\n")
    assert "+    id: TIGER-Lab/MMLU-Pro\n" in captured.out
    assert "README.md: note: Something: no Hub benchmark dataset id and task id known" in (
        captured.err
    )
    assert not (in_tmp / ".eval_results").exists()


def test_apply_writes_then_is_idempotent(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "README.md").write_text(CARD)
    assert main(["export", "README.md", "--apply"]) == 1
    assert capsys.readouterr().out == "Writing .eval_results/mmlu_pro.yaml\n"
    written = (in_tmp / ".eval_results" / "mmlu_pro.yaml").read_text()
    assert written == (
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"
        "  source:\n    url: https://huggingface.co/org/tiny-model\n    name: Model README\n"
    )
    assert main(["export", "README.md", "--apply"]) == 0
    assert main(["export", "README.md"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", ".eval_results/mmlu_pro.yaml"]) == 0


def test_other_sources_entries_are_kept(in_tmp: Path) -> None:
    (in_tmp / "README.md").write_text(CARD)
    target = in_tmp / ".eval_results" / "mmlu_pro.yaml"
    target.parent.mkdir()
    target.write_text(OTHER)
    assert main(["export", "README.md", "--apply"]) == 1
    text = target.read_text()
    assert text.startswith(OTHER)
    assert text.count("- dataset:") == 2


@pytest.mark.parametrize(
    ("card", "existing", "code", "message"),
    [
        ("---\nlicense: mit\n---\n", None, 0, "nothing to export"),
        ("---\nlicense: [mit\n---\n", None, 2, "README.md:3:1: invalid YAML"),
        (CARD, "- dataset: [oops\n", 2, "mmlu_pro.yaml:2:1: invalid YAML in .eval_results file"),
    ],
)
def test_refusals(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    card: str,
    existing: str | None,
    code: int,
    message: str,
) -> None:
    (in_tmp / "README.md").write_text(card)
    if existing is not None:
        (in_tmp / ".eval_results").mkdir()
        (in_tmp / ".eval_results" / "mmlu_pro.yaml").write_text(existing)
    assert main(["export", "README.md", "--apply"]) == code
    assert message in capsys.readouterr().err
    if existing is not None:
        assert (in_tmp / ".eval_results" / "mmlu_pro.yaml").read_text() == existing


def test_several_cards_in_one_call(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """pre-commit passes every changed card of a monorepo to one `export --apply`."""
    for name in ("a", "b"):
        (in_tmp / name).mkdir()
        (in_tmp / name / "README.md").write_text(CARD)
    assert main(["export", "a/README.md", "b/README.md", "--apply"]) == 1
    assert capsys.readouterr().out == (
        "Writing a/.eval_results/mmlu_pro.yaml\nWriting b/.eval_results/mmlu_pro.yaml\n"
    )
    assert main(["export", "a/README.md", "b/README.md", "missing/README.md", "--apply"]) == 2
