"""`evalguard eval local`: inspect-ai really runs, offline, on its mock model, and the
scores land in the card (model-index and .eval_results) through the shared reconciler.

Each run is a subprocess (`python -m evalguard`): inspect-ai keeps process-wide state
and emits warnings the suite turns into errors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from evalguard.cli import main
from evalguard.results.model import LOCAL_EVAL_SOURCE_NAME, SourceKind, source_kind

pytest.importorskip("inspect_ai")

TASKS = Path(__file__).parent / "data" / "inspect_tiny_tasks.py"
CARD = "---\nlicense: mit\n---\n# tiny-model\n\nA model.\n"
pytestmark = pytest.mark.slow


def eval_local(folder: Path, task: str) -> subprocess.CompletedProcess[str]:
    argv = [
        sys.executable, "-m", "evalguard", "eval", "local",
        "--model", "acme/tiny-model", "--provider", "mockllm",
        "--task", f"{TASKS}@{task}", "--benchmark", "gsm8k",
        "--log-dir", str(folder / "logs"), str(folder / "README.md"),
    ]  # fmt: skip
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)


def front_matter(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text("utf-8").split("---")[1])
    assert isinstance(data, dict)
    return data


def test_scores_land_in_model_index_and_eval_results(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(CARD, "utf-8")

    first = eval_local(tmp_path, "tiny")

    assert first.returncode == 1, first.stderr  # files written: the fixer convention
    assert "Writing" in first.stdout
    entry = front_matter(readme)["model-index"][0]  # type: ignore[index]
    [result] = entry["results"]
    assert entry["name"] == "tiny-model"
    assert result["dataset"] == {
        "name": "GSM8K", "type": "openai/gsm8k", "config": "main", "split": "test",
    }  # fmt: skip
    [metric] = result["metrics"]
    assert metric["value"] == 66.67  # 2 of 3 samples, as a percentage
    assert metric["args"]["samples"] == 3
    assert metric["args"]["inspect_ai"]
    url = "https://huggingface.co/acme/tiny-model"
    assert result["source"] == {"name": LOCAL_EVAL_SOURCE_NAME, "url": url}
    assert source_kind(result["source"]) is SourceKind.INSPECT_EVAL
    entries = yaml.safe_load((tmp_path / ".eval_results" / "gsm8k.yaml").read_text("utf-8"))
    assert entries == [
        {
            "dataset": {"id": "openai/gsm8k", "task_id": "main"},
            "value": 66.67,
            "source": {"url": url, "name": LOCAL_EVAL_SOURCE_NAME},
        }
    ]
    assert main(["check", str(readme), str(tmp_path / ".eval_results" / "gsm8k.yaml")]) == 0

    before = {p: p.read_bytes() for p in (readme, tmp_path / ".eval_results" / "gsm8k.yaml")}
    second = eval_local(tmp_path, "tiny")

    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout
    assert {p: p.read_bytes() for p in before} == before


def test_a_failed_eval_writes_nothing_and_says_why_in_one_line(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(CARD, "utf-8")

    done = eval_local(tmp_path, "broken")

    assert done.returncode == 3
    [line] = [line for line in done.stderr.splitlines() if "broke on purpose" in line]
    assert "eval log status error" in line
    assert "nothing written" in line
    assert readme.read_text("utf-8") == CARD
    assert not (tmp_path / ".eval_results").exists()
