"""The Action's step on real cards: what a workflow sees, pinned in golden files.

Each scenario writes a few cards into a fresh git workspace, runs the step in-process with
the action's inputs, and records what GitHub would show: the exit code, the log outside
`::stop-commands::` blocks (annotations, notices, masks), the outputs, the job summary
and every file of the workspace afterwards (what sync/export wrote, the SARIF file).

The golden files in tests/data/action/ were recorded with the step that ran the CLI and
parsed its text; the step that calls the core must produce the same record.
`EVALGUARD_UPDATE_GOLDEN=1 pytest tests/test_action_scenarios.py` rewrites them (after a
change to what check or sync say, or to tests/samples.py): review the diff, it is the
change in what users of the Action see.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from gha_protocol import parse_outputs
from samples import DRIFTED, INVALID, synced, write_cards

from evalguard.action.step import main as action_main
from evalguard.cli import COMMAND_MODULES

GOLDEN = Path(__file__).parent / "data" / "action"

#: a model-index result from another source that disagrees with the README's table
CONFLICTING = """\
---
license: apache-2.0
model-index:
- name: tiny-7b
  results:
  - task:
      type: text-generation
    dataset:
      name: MMLU
      type: cais/mmlu
    metrics:
    - type: accuracy
      value: 59.0
    source:
      name: Open LLM Leaderboard
      url: https://example.org/lb
---
# acme/tiny-7b

| Benchmark | tiny-7b |
|---|---|
| MMLU (5-shot) | 61.2 |
| GSM8K | 45.3 |

| Benchmark | Llama-3-8B | Mistral-7B |
|---|---|---|
| MMLU (5-shot) | 61.2 | 70.1 |
"""
#: two columns could be the model: sync refuses to guess
AMBIGUOUS = """\
---
license: apache-2.0
---
# acme/tiny-7b

| Benchmark | tiny-7b base | tiny-7b chat |
|---|---|---|
| MMLU (5-shot) | 61.2 | 70.1 |
"""
#: front matter that is never closed
UNCLOSED = "---\nlicense: apache-2.0\n# acme/tiny-7b\n"
#: front matter that is not YAML
BAD_YAML = "---\nlicense: [apache\n---\n# acme/tiny-7b\n"
BROKEN_EVAL_RESULTS = "a: [\n"


@dataclass(frozen=True)
class Scenario:
    name: str
    inputs: dict[str, str]
    #: path -> text; each card gets EVALGUARD_YAML beside it
    cards: dict[str, str]
    #: extra files (.evalguard.yaml, .eval_results) written after the cards
    extra: dict[str, str] = field(default_factory=dict)


SCENARIOS = [
    Scenario(
        "check-invalid-and-valid",
        {"EG_COMMAND": "check", "EG_SARIF_FILE": "out/evalguard.sarif"},
        {"models/bad/README.md": INVALID, "models/good/README.md": synced(DRIFTED)},
    ),
    Scenario("check-clean", {}, {"README.md": synced(DRIFTED)}),
    Scenario("check-drift-warning", {}, {"README.md": DRIFTED}),
    Scenario("check-drift-warning-strict", {"EG_ARGS": "--strict"}, {"README.md": DRIFTED}),
    Scenario(
        "check-missing-file",
        {"EG_PATHS": "README.md missing/README.md"},
        {"README.md": synced(DRIFTED)},
    ),
    Scenario(
        "check-unparsable-cards",
        {},
        {"a/README.md": UNCLOSED, "b/README.md": BAD_YAML},
    ),
    Scenario(
        "check-eval-results",
        {"EG_PATHS": "models"},
        {"models/a/README.md": synced(DRIFTED)},
        {"models/a/.eval_results/gsm8k.yaml": BROKEN_EVAL_RESULTS},
    ),
    Scenario(
        "check-bad-config",
        {},
        {"a/README.md": synced(DRIFTED), "b/README.md": synced(DRIFTED)},
        {"b/.evalguard.yaml": "model: [acme\n"},
    ),
    Scenario(
        "check-report-only",
        {"EG_FAIL_ON_ERROR": "false"},
        {"README.md": INVALID},
    ),
    Scenario(
        "sync-changes-one",
        {"EG_COMMAND": "sync"},
        {"models/a/README.md": DRIFTED, "models/b/README.md": synced(DRIFTED)},
    ),
    Scenario("sync-conflict", {"EG_COMMAND": "sync"}, {"README.md": CONFLICTING}),
    Scenario(
        "sync-conflict-overwrite",
        {"EG_COMMAND": "sync", "EG_ARGS": "--overwrite"},
        {"README.md": CONFLICTING},
    ),
    Scenario(
        "sync-refusals-do-not-stop-others",
        {"EG_COMMAND": "sync"},
        {
            "a/README.md": AMBIGUOUS,
            "b/README.md": DRIFTED,
            "c/README.md": UNCLOSED,
            "d/README.md": BAD_YAML,
        },
    ),
    Scenario(
        "sync-model-not-in-tables",
        {"EG_COMMAND": "sync", "EG_ARGS": "--model acme/other"},
        {"README.md": DRIFTED},
    ),
    Scenario(
        "sync-no-repo-id",
        {"EG_COMMAND": "sync"},
        {"README.md": DRIFTED.replace("# acme/tiny-7b", "# tiny-7b")},
        {".evalguard.yaml": "column: tiny-7b\n"},
    ),
    Scenario(
        "sync-bad-config",
        {"EG_COMMAND": "sync"},
        {"README.md": DRIFTED},
        {".evalguard.yaml": "model: [acme\n"},
    ),
    Scenario(
        "sync-check-mode", {"EG_COMMAND": "sync", "EG_ARGS": "--check"}, {"README.md": DRIFTED}
    ),
    Scenario("sync-diff-mode", {"EG_COMMAND": "sync", "EG_ARGS": "--diff"}, {"README.md": DRIFTED}),
    Scenario(
        "sync-working-directory",
        {"EG_COMMAND": "sync", "EG_WORKING_DIRECTORY": "models", "EG_PATHS": "a/README.md"},
        {"models/a/README.md": DRIFTED, "models/b/README.md": DRIFTED},
    ),
    Scenario(
        "sync-missing-file",
        {"EG_COMMAND": "sync", "EG_PATHS": "README.md gone/README.md"},
        {"README.md": DRIFTED},
    ),
    Scenario(
        "export-writes",
        {"EG_COMMAND": "export", "EG_WORKING_DIRECTORY": "models"},
        {"models/a/README.md": synced(DRIFTED), "models/b/README.md": DRIFTED},
    ),
    Scenario(
        "export-refuses-broken-file",
        {"EG_COMMAND": "export"},
        {"README.md": synced(DRIFTED)},
        {".eval_results/gsm8k.yaml": BROKEN_EVAL_RESULTS},
    ),
    Scenario(
        "export-unparsable-card",
        {"EG_COMMAND": "export"},
        {"a/README.md": UNCLOSED, "b/README.md": synced(DRIFTED)},
    ),
    Scenario(
        "path-with-space",
        {"EG_COMMAND": "sync", "EG_PATHS": "'my model/README.md'"},
        {"my model/README.md": DRIFTED},
    ),
    Scenario("bad-args", {"EG_COMMAND": "sync", "EG_ARGS": "--bogus"}, {"README.md": DRIFTED}),
    Scenario("no-cards", {}, {}),
]


def _record(scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    ws = tmp_path / "ws"
    ws.mkdir()
    write_cards(ws, scenario.cards)
    write_cards(ws, scenario.extra)
    subprocess.run(["git", "init", "-q"], cwd=ws, check=True)
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {
        "GITHUB_WORKSPACE": str(ws),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "true",
        **scenario.inputs,
    }
    monkeypatch.chdir(tmp_path)  # the step changes into the working directory
    monkeypatch.delenv("HF_TOKEN", raising=False)
    code = action_main(env)
    files = {
        p.relative_to(ws).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(ws.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(ws).parts
    }
    return {
        "exit": code,
        "outputs": parse_outputs(output.read_text(encoding="utf-8")) if output.exists() else {},
        "summary": summary.read_text(encoding="utf-8") if summary.exists() else "",
        "files": files,
    }


def visible_log(stdout: str) -> list[str]:
    """The log lines the runner acts on or shows as they are: everything outside
    `::stop-commands::` blocks (the text inside is the cards' own, printed inertly)."""
    lines: list[str] = []
    stopped: str | None = None
    for line in stdout.splitlines():
        if stopped is not None:
            stopped = None if line == f"::{stopped}::" else stopped
        elif line.startswith("::stop-commands::"):
            stopped = line.removeprefix("::stop-commands::")
        else:
            lines.append(line)
    return lines


def reword_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line the CLI's commands print says something else, and running a command
    through the CLI fails: what the action reports must not change."""

    def reworded(*args: object, **kwargs: Any) -> None:
        print("Reworded:", *args, **kwargs)

    def never(args: argparse.Namespace) -> int:
        raise AssertionError(f"the action ran the CLI's {args.command}")

    for name in ("evalguard.cli.common", *COMMAND_MODULES):
        module = importlib.import_module(name)
        monkeypatch.setattr(module, "print", reworded, raising=False)
        if hasattr(module, "err"):
            monkeypatch.setattr(module, "err", reworded)
        if hasattr(module, "run"):
            monkeypatch.setattr(module, "run", never)


@pytest.mark.parametrize("cli_reworded", [False, True], ids=["", "cli-reworded"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_matches_golden(
    scenario: Scenario,
    cli_reworded: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if cli_reworded:
        reword_the_cli(monkeypatch)
    record = _record(scenario, tmp_path, monkeypatch)
    record = {"log": visible_log(capsys.readouterr().out), **record}
    text = json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    text = text.replace(str(tmp_path), "<tmp>")
    golden = GOLDEN / f"{scenario.name}.json"
    if os.environ.get("EVALGUARD_UPDATE_GOLDEN") == "1" and not cli_reworded:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text
