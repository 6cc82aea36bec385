"""Write action.yml's composite steps as workflows that actionlint can check.

actionlint lints workflows, not action metadata. This writes two workflows into
OUT/.github/workflows/ and copies the action to OUT/action.yml:

- `action-steps.yml`: a reusable workflow (`on: workflow_call`) whose inputs are the
  action's and whose job runs the action's steps, so that actionlint type-checks the
  `${{ inputs.* }}` / `${{ steps.* }}` expressions and runs shellcheck on every `run:`;
- `action-use.yml`: a job that uses the action as `uses: ./` with every input, so that
  actionlint parses action.yml as action metadata and checks the input names.

Usage: python scripts/action_as_workflow.py action.yml OUT
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"  # v4.2.2


def steps_workflow(action: dict[str, Any]) -> dict[str, Any]:
    inputs = {
        name: {
            "description": str(spec.get("description", "")),
            "type": "string",
            "required": False,
            "default": str(spec.get("default", "")),
        }
        for name, spec in (action.get("inputs") or {}).items()
    }
    return {
        "name": "action.yml steps",
        "on": {"workflow_call": {"inputs": inputs}},
        "permissions": {},
        "jobs": {
            "action": {
                "name": "action steps",
                "runs-on": "ubuntu-latest",
                "steps": action["runs"]["steps"],
            }
        },
    }


def use_workflow(action: dict[str, Any]) -> dict[str, Any]:
    with_inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    return {
        "name": "use action.yml",
        "on": {"push": {}},
        "permissions": {},
        "jobs": {
            "use": {
                "name": "use the action",
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": CHECKOUT, "with": {"persist-credentials": False}},
                    {"id": "evalguard", "uses": "./", "with": with_inputs},
                ],
            }
        },
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: action_as_workflow.py ACTION_YML OUT_DIR", file=sys.stderr)
        return 2
    source, out = Path(argv[0]), Path(argv[1])
    action = yaml.safe_load(source.read_text(encoding="utf-8"))
    workflows = out / ".github" / "workflows"
    workflows.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, out / "action.yml")
    for name, doc in (
        ("action-steps.yml", steps_workflow(action)),
        ("action-use.yml", use_workflow(action)),
    ):
        text = yaml.safe_dump(doc, sort_keys=False, width=100)
        (workflows / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
