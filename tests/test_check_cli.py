"""`evalguard check` on the command line: exit codes, formats, inputs, config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalguard.cli import main

#: the Hub refuses it: `"model-index[0].results[0].dataset.config" must be a string`
HUB_REJECTS = """---
model-index:
- name: tiny-model
  results:
  - task:
      type: text-generation
    dataset:
      name: MMLU
      type: cais/mmlu
      config: 2022
    metrics:
    - type: accuracy
      value: 61.3
---
"""
#: the Hub accepts it (published cards carry `value: null`): a warning
NULL_VALUE = HUB_REJECTS.replace("      config: 2022\n", "").replace("61.3", "null")
WARNING_ONLY = "---\npipeline_tag: text-generator\n---\n"
CLEAN = "---\nlicense: mit\n---\n# tiny-model\n"
EVAL_OK = "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("card", "args", "code"),
    [
        (CLEAN, [], 0),
        (HUB_REJECTS, [], 1),
        (NULL_VALUE, [], 0),
        (NULL_VALUE, ["--strict"], 1),
        (WARNING_ONLY, [], 0),
        (WARNING_ONLY, ["--strict"], 1),
        (CLEAN, ["--strict"], 0),
        (b"---\nlicense: mit\n---\ncaf\xe9\n", [], 1),  # not UTF-8: a finding, not exit 2
        ("---\nlicense: [mit\n---\n", [], 1),
    ],
)
def test_exit_codes(in_tmp: Path, card: str | bytes, args: list[str], code: int) -> None:
    write(in_tmp, "README.md", card)
    assert main(["check", "README.md", *args]) == code


def test_text_output_is_one_line_per_finding(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, "README.md", HUB_REJECTS)
    assert main(["check", "README.md"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "README.md:10:15: EG202 error: model-index[0].results[0].dataset.config must be a "
        'string, got an integer (2022) (hint: quote it: config: "2022")\n'
    )
    assert captured.err == "1 error, 0 warnings in 1 file\n"


def test_clean_card_prints_nothing(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "README.md", CLEAN)
    assert main(["check"]) == 0  # README.md by default
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("env", "args", "prefix"),
    [
        ("true", [], "::error file=README.md,line=10,col=15,title=EG202::"),
        ("true", ["--format", "text"], "README.md:10:15: EG202 error"),
        ("", [], "README.md:10:15: EG202 error"),
        ("", ["--format", "github"], "::error file=README.md"),
        ("", ["--format", "json"], '[\n  {\n    "file": "README.md"'),
        ("", ["--format", "sarif"], '{\n  "$schema"'),
    ],
)
def test_format_choice(
    in_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: str,
    args: list[str],
    prefix: str,
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", env)
    write(in_tmp, "README.md", HUB_REJECTS)
    assert main(["check", "README.md", *args]) == 1
    assert capsys.readouterr().out.startswith(prefix)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.md"], "missing.md: cannot read: No such file or directory"),
        (["--format", "xml", "README.md"], "invalid choice: 'xml'"),
    ],
)
def test_usage_errors_exit_2(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    write(in_tmp, "README.md", CLEAN)
    try:
        code = main(["check", *args])
    except SystemExit as exc:  # argparse
        code = int(str(exc.code))
    assert code == 2
    assert message in capsys.readouterr().err


def test_unreadable_file_still_reports_the_others(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, "README.md", HUB_REJECTS)
    assert main(["check", "--format", "json", "README.md", "gone.md"]) == 2
    captured = capsys.readouterr()
    assert [f["rule"] for f in json.loads(captured.out)] == ["EG202"]
    assert "gone.md: cannot read" in captured.err


def test_config_disables_rules_and_a_bad_config_is_a_usage_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, "README.md", HUB_REJECTS)
    write(in_tmp, ".evalguard.yaml", "disable: [EG202]\n")
    assert main(["check", "README.md"]) == 0
    write(in_tmp, ".evalguard.yaml", "disable: EG202\n")
    assert main(["check", "README.md"]) == 2
    assert "`disable` must be a list" in capsys.readouterr().err


def test_folder_means_readme_and_eval_results(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, "model/README.md", CLEAN)
    write(in_tmp, "model/.eval_results/mmlu_pro.yaml", EVAL_OK)
    write(in_tmp, "model/.eval_results/hle.yaml", "- dataset:\n    id: hle\n  value: x\n")
    assert main(["check", "--format", "json", "model"]) == 1
    found = [(Path(f["file"]).name, f["rule"]) for f in json.loads(capsys.readouterr().out)]
    assert found == [("hle.yaml", "EG602"), ("hle.yaml", "EG603"), ("hle.yaml", "EG605")]


MODEL_INDEX_MMLU_PRO = """---
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
      value: {value}
---
"""


@pytest.mark.parametrize(
    ("card_value", "rules"),
    [("55.3", []), ("0.553", []), ("60.1", ["EG608"])],
)
def test_eval_results_against_the_card_beside(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], card_value: str, rules: list[str]
) -> None:
    write(in_tmp, "README.md", MODEL_INDEX_MMLU_PRO.format(value=card_value))
    path = write(in_tmp, ".eval_results/mmlu_pro.yaml", EVAL_OK)
    main(["check", "--format", "json", str(path)])
    assert [f["rule"] for f in json.loads(capsys.readouterr().out)] == rules
