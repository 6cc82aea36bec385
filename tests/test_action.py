"""action.yml: static rules, and its steps run as the GitHub runner would run them.

The runner half reads action.yml, and for each composite step in order: skips
actions/setup-python (the Python running the tests is already there), evaluates the
`${{ inputs.* }}` / `${{ steps.*.outputs.* }}` expressions of its `env:` block, and runs
its `run:` script with `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`),
with GITHUB_OUTPUT (a fresh file per step), GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH (a
snapshot of this checkout's files), GITHUB_WORKSPACE, RUNNER_TEMP and GITHUB_ACTIONS=true.
The install step really creates a virtualenv and pip-installs evalguard from
GITHUB_ACTION_PATH. Then the test reads the action's outputs, the annotations in the log
and the job summary.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from gha_protocol import parse_commands, parse_outputs
from samples import DRIFTED, INVALID, synced, write_cards
from test_precommit_tryrepo import snapshot_checkout

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps() -> list[dict[str, Any]]:
    steps = _action()["runs"]["steps"]
    assert isinstance(steps, list)
    return steps


# --- static rules ------------------------------------------------------------------------


def test_composite_metadata() -> None:
    action = _action()
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    assert set(action["outputs"]) >= {"changed-files", "error-count"}
    ids = {step.get("id") for step in _steps()}
    for name, spec in action["outputs"].items():
        match = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}", spec["value"])
        assert match, f"output {name}"
        assert match[1] in ids
        assert spec["description"]


@pytest.mark.parametrize(
    "name",
    [
        "command",
        "paths",
        "args",
        "python-version",
        "hf-token",
        "aa-api-key",
        "repo-id",
        "create-pr",
    ],
)
def test_inputs_users_can_rely_on(name: str) -> None:
    spec = _action()["inputs"][name]
    assert spec["description"]
    assert spec.get("required", False) is False  # adding inputs never breaks a caller


@pytest.mark.parametrize("index", range(len(_steps())))
def test_no_input_reaches_a_script_as_text(index: int) -> None:
    step = _steps()[index]
    if "run" in step:
        assert "${{" not in step["run"], "expressions in run: are script injection; use env:"
        assert step["shell"] == "bash"
    else:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), "pin to a commit SHA"


def test_tokens_only_go_through_env() -> None:
    text = ACTION.read_text(encoding="utf-8")
    for name in ("hf-token", "aa-api-key"):
        uses = [line.strip() for line in text.splitlines() if f"inputs.{name}" in line]
        assert len(uses) == 1
        assert uses[0].startswith("EG_")


# --- the runner -------------------------------------------------------------------------


@dataclass
class ActionRun:
    code: int
    stdout: str
    outputs: dict[str, str]
    summary: str

    @property
    def annotations(self) -> list[tuple[str, dict[str, str], str]]:
        return [c for c in parse_commands(self.stdout) if c[0] in {"error", "warning", "notice"}]


def evaluate(text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
    """The subset of GitHub expressions action.yml may use outside `if:`."""

    def value(match: re.Match[str]) -> str:
        expr = match[1]
        if m := re.fullmatch(r"inputs\.([\w-]+)", expr):
            return inputs[m[1]]
        if m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr):
            return steps.get(m[1], {}).get(m[2], "")
        raise AssertionError(f"the test runner does not evaluate ${{{{ {expr} }}}}")

    return EXPRESSION.sub(value, text)


@dataclass(frozen=True)
class Runner:
    temp: Path  # RUNNER_TEMP
    action_path: Path  # GITHUB_ACTION_PATH: the action's files, as the runner checks them out


def run_action(inputs: dict[str, str], workspace: Path, runner: Runner) -> ActionRun:
    action = _action()
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    assert set(inputs) <= set(values), "unknown input"
    values.update(inputs)
    summary = runner.temp / "step_summary"
    summary.write_text("", encoding="utf-8")
    base = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(runner.temp)),
        "LANG": "C.UTF-8",
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_ACTION_PATH": str(runner.action_path),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(runner.temp),
    }
    steps: dict[str, dict[str, str]] = {}
    log: list[str] = []
    code = 0
    for index, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@")
            continue  # the Python running this test is the one setup-python would give
        output = runner.temp / f"output_{index}"
        output.write_text("", encoding="utf-8")
        env = {**base, "GITHUB_OUTPUT": str(output)}
        env.update({k: evaluate(str(v), values, steps) for k, v in step.get("env", {}).items()})
        script = runner.temp / f"step_{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        log.append(proc.stdout)
        assert proc.returncode == 0 or step.get("id") == "evalguard", proc.stdout + proc.stderr
        steps[step.get("id", f"step{index}")] = parse_outputs(output.read_text(encoding="utf-8"))
        code = proc.returncode
    outputs = {
        name: evaluate(spec["value"], values, steps) for name, spec in action["outputs"].items()
    }
    return ActionRun(code, "".join(log), outputs, summary.read_text(encoding="utf-8"))


# --- scenarios --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """One RUNNER_TEMP for the module: like steps of one job, later runs reuse the install."""
    return Runner(
        tmp_path_factory.mktemp("runner_temp"),
        snapshot_checkout(tmp_path_factory.mktemp("actions") / "evalguard"),
    )


def workspace_with(tmp_path: Path, cards: dict[str, str]) -> Path:
    ws = tmp_path / "workspace"
    write_cards(ws, cards)
    subprocess.run(["git", "init", "-q"], cwd=ws, check=True)
    return ws


@pytest.mark.slow
def test_check_fails_on_an_invalid_card(tmp_path: Path, runner: Runner) -> None:
    ws = workspace_with(
        tmp_path,
        {"models/bad/README.md": INVALID, "models/good/README.md": synced(DRIFTED)},
    )
    run = run_action({"command": "check", "sarif-file": "evalguard.sarif"}, ws, runner)
    assert run.code == 1
    errors = [a for a in run.annotations if a[0] == "error"]
    assert errors, run.stdout
    assert all(a[1]["file"] == "models/bad/README.md" for a in errors)
    assert any(a[1].get("line") == "13" and a[1]["title"].startswith("EG") for a in errors)
    assert int(run.outputs["error-count"]) == len(errors)
    # The same annotations as the CLI's own github format.
    cli = subprocess.run(
        [sys.executable, "-m", "evalguard", "check", "--format", "github",
         "models/bad/README.md", "models/good/README.md"],
        cwd=ws, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert sorted(parse_commands(cli.stdout)) == sorted(
        a for a in run.annotations if a[0] in {"error", "warning"}
    )
    assert run.outputs["changed-files"] == ""
    assert run.outputs["sarif-file"] == "evalguard.sarif"
    sarif = json.loads((ws / "evalguard.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert f"❌ **{len(errors)} error" in run.summary
    assert "| ❌ error | models/bad/README.md:13:" in run.summary
    assert "| models/good/README.md | " in run.summary  # the valid card's results table
    assert "MMLU" in run.summary


@pytest.mark.slow
def test_check_passes_on_a_valid_card(tmp_path: Path, runner: Runner) -> None:
    ws = workspace_with(tmp_path, {"README.md": synced(DRIFTED)})
    run = run_action({}, ws, runner)
    assert run.code == 0, run.stdout
    assert run.outputs["error-count"] == "0"
    assert [a for a in run.annotations if a[0] == "error"] == []
    assert "✅ No problems in 1 file." in run.summary
    assert "### Results" in run.summary
    assert "45.3" in run.summary


@pytest.mark.slow
def test_sync_fixes_a_drifted_card(tmp_path: Path, runner: Runner) -> None:
    ws = workspace_with(
        tmp_path, {"models/a/README.md": DRIFTED, "models/b/README.md": synced(DRIFTED)}
    )
    run = run_action({"command": "sync"}, ws, runner)
    assert run.code == 0, run.stdout
    assert run.outputs["changed-files"] == "models/a/README.md"
    assert "model-index:" in (ws / "models/a/README.md").read_text(encoding="utf-8")
    assert (
        "notice",
        {"file": "models/a/README.md", "title": "evalguard"},
        "evalguard sync updated this file",
    ) in run.annotations
    assert "Changed 1 file:\n\n- models/a/README.md" in run.summary
    again = run_action({"command": "sync"}, ws, runner)
    assert (again.code, again.outputs["changed-files"]) == (0, "")


@pytest.mark.slow
def test_export_writes_eval_results(tmp_path: Path, runner: Runner) -> None:
    ws = workspace_with(tmp_path, {"models/a/README.md": synced(DRIFTED)})
    run = run_action({"command": "export", "working-directory": "models"}, ws, runner)
    assert run.code == 0, run.stdout
    changed = run.outputs["changed-files"].splitlines()
    assert changed, run.stdout
    assert all(
        name.startswith("models/a/.eval_results/") and name.endswith(".yaml") for name in changed
    )
    assert all((ws / name).is_file() for name in changed)
    again = run_action({"command": "export", "working-directory": "models"}, ws, runner)
    assert again.outputs["changed-files"] == ""


@pytest.mark.slow
def test_tokens_are_masked(tmp_path: Path, runner: Runner) -> None:
    ws = workspace_with(tmp_path, {"README.md": synced(DRIFTED)})
    token = "hf_NotARealTokenButSecret"
    run = run_action({"hf-token": token, "command": "sync"}, ws, runner)
    assert run.stdout.splitlines()[0] == f"::add-mask::{token}"
    assert run.stdout.count(token) == 1
    assert token not in run.summary
    assert token not in "".join(run.outputs.values())


@pytest.mark.slow
def test_unknown_command_fails_cleanly(tmp_path: Path, runner: Runner) -> None:
    ws = workspace_with(tmp_path, {"README.md": DRIFTED})
    run = run_action({"command": "check $(touch pwned)"}, ws, runner)
    assert run.code == 2
    assert run.annotations[0][0] == "error"
    assert "unknown command" in run.annotations[0][2]
    assert not (ws / "pwned").exists()


# --- the example workflows --------------------------------------------------------------

WORKFLOWS = sorted((ROOT / "examples" / "workflows").glob("*.yml"))


def _uses(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_example_workflow_is_least_privilege_and_pinned(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    inputs = set(_action()["inputs"])
    for job in workflow["jobs"].values():
        assert set(job["permissions"]) <= {"contents", "security-events", "pull-requests"}
    for step in _uses(workflow):
        name, _, ref = step["uses"].partition("@")
        if name == "evalguard/evalguard":
            assert set(step.get("with", {})) <= inputs
        else:
            assert re.fullmatch(r"[0-9a-f]{40}", ref), step["uses"]
        if name == "actions/checkout":
            assert step["with"]["persist-credentials"] is False


def test_check_workflow_runs_for_every_file_check_reads() -> None:
    """Its path filters cover what the check hook's `files:` pattern (CARD_PATTERN)
    matches, .yml results files too, and the config check reads."""
    workflow = yaml.safe_load((ROOT / "examples/workflows/check.yml").read_text("utf-8"))
    wanted = {"**/README.md", "**/.eval_results/*.yaml", "**/.eval_results/*.yml"}
    triggers = workflow[True]  # PyYAML reads the key `on` as YAML 1.1's true
    for event in ("pull_request", "push"):
        assert set(triggers[event]["paths"]) == {*wanted, "**/.evalguard.yaml"}


@pytest.mark.parametrize(
    ("name", "commands", "third_party"),
    [
        ("check.yml", ["check"], "github/codeql-action/upload-sarif"),
        ("sync.yml", ["sync", "export"], "peter-evans/create-pull-request"),
    ],
)
def test_example_workflow_does_its_job(name: str, commands: list[str], third_party: str) -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "workflows" / name).read_text(encoding="utf-8"))
    steps = _uses(workflow)
    assert [s["with"]["command"] for s in steps if s["uses"].startswith("evalguard/")] == commands
    assert any(s["uses"].startswith(f"{third_party}@") for s in steps)
