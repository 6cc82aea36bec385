"""The hook path stays light: extract and sync never load network or evaluation stacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "huggingface_hub", "requests", "inspect_ai", "httpx", "httpx2", "dotenv", "urllib3", "tqdm",
    "platformdirs",
)  # fmt: skip
#: evalguard's own clients of remote services
REMOTE = "evalguard.remote"

CARD = """---
license: mit
---
| Benchmark | Score |
|---|---|
| MMLU | 61.2 |
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["sync", "README.md", "--model", "acme/tiny"],
        ["sync", "README.md", "--model", "acme/tiny", "--check", "--diff"],
        ["extract", "README.md", "--model", "acme/tiny", "--format", "json"],
        ["export", "README.md"],
        ["show", "README.md"],
        ["check", "README.md"],
    ],
)
def test_command_does_not_import_heavy_modules(argv: list[str], tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(CARD, encoding="utf-8")
    code = (
        "import json, sys\n"
        "from evalguard.cli import main\n"
        f"rc = main({argv!r})\n"
        "print(json.dumps({'rc': rc, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["rc"] in (0, 1), proc.stderr
    loaded = [m for m in report["modules"] if m.split(".")[0] in HEAVY or m.startswith(REMOTE)]
    assert loaded == [], f"{argv[0]} imported {loaded}"


def test_eval_run_and_collect_need_no_inspect_ai(tmp_path: Path) -> None:
    """`eval run`/`collect` only talk to HF Jobs: loading them (and failing early on an
    unknown task) imports no inspect_ai; the `eval` extra is for `eval local` alone."""
    code = (
        "import json, sys\n"
        "from evalguard.cli import main\n"
        "rc = main(['eval', 'run', '--model', 'acme/tiny', '--task', 'nope'])\n"
        "print(json.dumps({'rc': rc, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["rc"] == 2
    heavy = ("inspect_ai", "huggingface_hub")  # the task is refused before any request
    assert [m for m in report["modules"] if m.split(".")[0] in heavy] == []
