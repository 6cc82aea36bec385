"""`evalguard show`: a card's results as text, markdown and JSON."""

from __future__ import annotations

import json
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
      name: MMLU
      type: cais/mmlu
    metrics:
    - type: accuracy
      value: 61.3
    - type: acc_norm
      name: Acc (norm) | 5-shot
      value: '62.0 ± 0.4'
    source:
      name: Model README
      url: https://huggingface.co/org/tiny-model
---
"""
EVAL = "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 5.2\n"


@pytest.fixture
def card(in_tmp: Path) -> Path:
    (in_tmp / "README.md").write_text(CARD)
    (in_tmp / ".eval_results").mkdir()
    (in_tmp / ".eval_results" / "hle.yaml").write_text(EVAL)
    return in_tmp / "README.md"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text",
         "MODEL       BENCHMARK  METRIC               VALUE       SOURCE\n"
         "tiny-model  MMLU       accuracy             61.3        Model README\n"
         "tiny-model  MMLU       Acc (norm) | 5-shot  62.0 ± 0.4  Model README\n"
         "tiny-model  cais/hle   hle                  5.2         .eval_results/hle.yaml\n"),
        ("markdown",
         "| Model | Benchmark | Metric | Value | Source |\n|---|---|---|---|---|\n"
         "| tiny-model | MMLU | accuracy | 61.3 | Model README |\n"
         "| tiny-model | MMLU | Acc (norm) \\| 5-shot | 62.0 ± 0.4 | Model README |\n"
         "| tiny-model | cais/hle | hle | 5.2 | .eval_results/hle.yaml |\n"),
    ],
)  # fmt: skip
def test_text_formats(
    card: Path, capsys: pytest.CaptureFixture[str], fmt: str, expected: str
) -> None:
    assert main(["show", "README.md", "--format", fmt]) == 0
    assert capsys.readouterr().out == expected


def test_json_contract(card: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "README.md", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"model": "tiny-model", "benchmark": "MMLU", "metric": "accuracy", "value": 61.3,
         "source": "Model README"},
        {"model": "tiny-model", "benchmark": "MMLU", "metric": "Acc (norm) | 5-shot",
         "value": "62.0 ± 0.4", "source": "Model README"},
        {"model": "tiny-model", "benchmark": "cais/hle", "metric": "hle", "value": 5.2,
         "source": ".eval_results/hle.yaml"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code", "out", "err"),
    [
        ("# no metadata\n", 0, "", "README.md: no evaluation results"),
        ("---\nmodel-index: [\n---\n", 2, "", "README.md:3:1: invalid YAML"),
    ],
)
def test_empty_and_unreadable(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], text: str, code: int, out: str, err: str
) -> None:
    (in_tmp / "README.md").write_text(text)
    assert main(["show", "README.md"]) == code
    captured = capsys.readouterr()
    assert captured.out == out
    assert err in captured.err


def test_markdown_table_survives_newlines_pipes_and_html(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = (
        "---\nmodel-index:\n- name: tiny-model\n  results:\n  - task: {type: t}\n"
        '    dataset: {name: "A | B\\nC <b>", type: o/d}\n'
        "    metrics: [{type: accuracy, value: 1}]\n---\n"
    )
    (in_tmp / "README.md").write_text(card)
    assert main(["show", "README.md", "--format", "markdown"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[2] == "| tiny-model | A \\| B C &lt;b&gt; | accuracy | 1 | model-index |"
