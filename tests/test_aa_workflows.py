"""The scheduled Artificial Analysis refresh workflows (examples/workflows/aa-refresh*.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / "examples" / "workflows"


def load(name: str) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    return data


@pytest.mark.parametrize("name", ["aa-refresh.yml", "aa-refresh-github.yml"])
def test_weekly_and_by_hand_with_secrets_only_as_action_inputs(name: str) -> None:
    workflow = load(name)
    triggers = workflow[True]  # PyYAML reads the key `on` as YAML 1.1's true
    (schedule,) = triggers["schedule"]
    minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute not in ("0", "00")
    assert "workflow_dispatch" in triggers
    assert workflow["concurrency"]["cancel-in-progress"] is False
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    assert not any("run" in step for step in steps)  # no secret can reach a shell script
    (evalguard,) = [s for s in steps if s["uses"].startswith("evalguard/evalguard@")]
    assert evalguard["with"]["command"] == "import-aa"
    assert evalguard["with"]["aa-api-key"] == "${{ secrets.AA_API_KEY }}"


def test_hub_variant_opens_hub_pull_requests_and_needs_no_github_rights() -> None:
    (job,) = load("aa-refresh.yml")["jobs"].values()
    assert job["permissions"] == {}
    (step,) = job["steps"]
    assert step["with"]["create-pr"] == "true"
    assert step["with"]["hf-token"] == "${{ secrets.HF_TOKEN }}"
    assert "vars.EVALGUARD_REPOS" in step["with"]["repo-id"]


def test_github_variant_opens_one_github_pull_request_with_attribution() -> None:
    (job,) = load("aa-refresh-github.yml")["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    (pull,) = [s for s in job["steps"] if s["uses"].startswith("peter-evans/")]
    assert pull["with"]["branch"] == "evalguard/aa-refresh"
    assert "[Artificial Analysis](https://artificialanalysis.ai/)" in pull["with"]["body"]
    assert "changed-files" in pull["if"]
