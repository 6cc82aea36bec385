"""The Action's inputs (`action.inputs.Settings`) and the cards they name (`action.paths`).

The step itself: tests/test_action_step.py (its parts), tests/test_action_scenarios.py
(what a workflow sees, on real cards), tests/test_action.py (action.yml run as the runner
would).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evalguard.action.inputs import ActionError, Settings
from evalguard.action.paths import resolve_paths

# --- inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, Settings("check")),
        ({"EG_COMMAND": " sync "}, Settings("sync")),
        ({"EG_COMMAND": ""}, Settings("check")),
        (
            {"EG_PATHS": "a/README.md\n'my model/README.md'  b/**/README.md"},
            Settings("check", paths=("a/README.md", "my model/README.md", "b/**/README.md")),
        ),
        (
            {"EG_ARGS": "--model 'org/my model'"},
            Settings("check", args=("--model", "org/my model")),
        ),
        ({"EG_FAIL_ON_ERROR": "False"}, Settings("check", fail_on_error=False)),
        ({"EG_FAIL_ON_ERROR": ""}, Settings("check", fail_on_error=False)),
        ({"EG_SARIF_FILE": "out/e.sarif"}, Settings("check", sarif_file="out/e.sarif")),
        ({"EG_WORKING_DIRECTORY": "models"}, Settings("check", working_directory="models")),
        (
            {"EG_CREATE_PR": "true", "EG_REPO_ID": "o/n"},
            Settings("check", repo_ids=("o/n",), create_pr=True),
        ),
        (
            {"EG_CREATE_PR": "", "EG_REPO_ID": "o/a\n o/b "},
            Settings("check", repo_ids=("o/a", "o/b")),
        ),
        ({"EG_CREATE_PR": "false"}, Settings("check", create_pr=False)),
        ({"EG_COMMAND": "import-aa", "EG_AA_API_KEY": "k"}, Settings("import-aa", aa_api_key="k")),
        ({"EG_HF_TOKEN": "hf_x"}, Settings("check", hf_token="hf_x")),
    ],
)
def test_settings_from_env(env: dict[str, str], expected: Settings) -> None:
    assert Settings.from_env(env) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EG_COMMAND": "push-to-hub"}, "unknown command 'push-to-hub'"),
        ({"EG_CREATE_PR": "maybe"}, "create-pr must be true or false"),
        ({"EG_COMMAND": "check; rm -rf /"}, "unknown command"),
        ({"EG_PATHS": "'unclosed"}, "cannot split"),
        ({"EG_FAIL_ON_ERROR": "maybe"}, "fail-on-error must be true or false"),
        ({"EG_COMMAND": "sync", "EG_SARIF_FILE": "x.sarif"}, "command: check only"),
    ],
)
def test_settings_refuse(env: dict[str, str], message: str) -> None:
    with pytest.raises(ActionError, match=message):
        Settings.from_env(env)


# --- choosing files ----------------------------------------------------------------------

TREE = [
    "README.md",
    "models/a/README.md",
    "models/a/.eval_results/mmlu.yaml",
    "models/b/README.md",
    "models/b/notes.md",
    "docs/readme.md",
    "node_modules/x/README.md",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in TREE:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    return tmp_path


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.parametrize("use_git", [True, False])
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "check",
            [
                "README.md",
                "models/a/.eval_results/mmlu.yaml",
                "models/a/README.md",
                "models/b/README.md",
            ],
        ),
        ("sync", ["README.md", "models/a/README.md", "models/b/README.md"]),
    ],
)
def test_discover(tree: Path, use_git: bool, command: str, expected: list[str]) -> None:
    if use_git:
        _git(tree, "init", "-q")
        (tree / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    assert resolve_paths(Settings(command), tree) == expected


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (("models/b/README.md",), ["models/b/README.md"]),
        (("models/**/README.md",), ["models/a/README.md", "models/b/README.md"]),
        (("models/a",), ["models/a/.eval_results/mmlu.yaml", "models/a/README.md"]),
        (
            ("**/.eval_results/*.yaml", "models/a/.eval_results/mmlu.yaml"),
            ["models/a/.eval_results/mmlu.yaml"],
        ),
        (("missing/README.md",), ["missing/README.md"]),  # evalguard itself reports it
        (("./README.md",), ["README.md"]),
    ],
)
def test_explicit_paths(tree: Path, paths: tuple[str, ...], expected: list[str]) -> None:
    assert resolve_paths(Settings("check", paths=paths), tree) == expected
