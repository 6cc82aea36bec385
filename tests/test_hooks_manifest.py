"""The pre-commit manifest: its shape, each hook's `files` pattern, and the README naming it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from evalguard.action import paths

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
GIT_HOOK = ROOT / "hooks" / "pre-commit"
README = ROOT / "README.md"

#: Keys pre-commit's manifest schema knows (pre_commit/clientlib.py MANIFEST_HOOK_DICT).
KNOWN_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
    "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
    "pass_filenames", "description", "language_version", "log_file",
    "minimum_pre_commit_version", "require_serial", "stages", "verbose",
}  # fmt: skip


def _hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return {hook["id"]: hook for hook in data}


CARDS = ["README.md", "models/llama-3-8b/README.md", "a/b/c/README.md"]
RESULTS = [
    ".eval_results/mmlu.yaml",
    "models/llama-3-8b/.eval_results/gsm8k.yaml",
    ".eval_results/gpqa.yml",
]
NEVER = [
    "readme.md",
    "README.markdown",
    "README.md.bak",
    "docs/README.mdx",
    "NOT_README.md",
    "models/a/README.md/notes.txt",
    "eval_results/mmlu.yaml",
    "x.eval_results/mmlu.yaml",
    ".eval_results/mmlu.json",
    ".eval_results/nested/mmlu.yaml",
    ".eval_results/mmlu.yaml.orig",
    ".evalguard.yaml",
    "config.yaml",
]

FILE_CASES = (
    [("evalguard-check", p, True) for p in CARDS + RESULTS]
    + [("evalguard-check", p, False) for p in NEVER]
    + [(hook, p, True) for hook in ("evalguard-sync", "evalguard-export") for p in CARDS]
    + [(hook, p, False) for hook in ("evalguard-sync", "evalguard-export") for p in RESULTS + NEVER]
)


@pytest.mark.parametrize(("hook_id", "path", "expected"), FILE_CASES)
def test_files_pattern(hook_id: str, path: str, expected: bool) -> None:
    # pre-commit applies `files` with re.search to the path relative to the repo root.
    pattern = re.compile(_hooks()[hook_id]["files"])
    assert (pattern.search(path) is not None) is expected


@pytest.mark.parametrize(
    ("hook_id", "entry", "serial"),
    [
        ("evalguard-check", "evalguard check", False),
        ("evalguard-sync", "evalguard sync", True),
        ("evalguard-export", "evalguard export --apply", True),
    ],
)
def test_hook_definition(hook_id: str, entry: str, serial: bool) -> None:
    hook = _hooks()[hook_id]
    assert set(hook) <= KNOWN_KEYS
    assert hook["entry"] == entry
    assert hook["language"] == "python"
    assert hook["name"] and hook["description"]
    assert bool(hook.get("require_serial", False)) is serial
    assert hook.get("pass_filenames", True) is True
    version = tuple(int(part) for part in hook["minimum_pre_commit_version"].split("."))
    assert version >= (3, 2, 0)


def test_entries_are_console_scripts() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'evalguard = "evalguard.cli:run"' in pyproject
    assert {hook["entry"].split()[0] for hook in _hooks().values()} == {"evalguard"}


@pytest.mark.parametrize(
    ("hook_id", "source"),
    [
        ("evalguard-check", paths.CARD_PATTERN),
        ("evalguard-sync", paths.README_PATTERN),
        ("evalguard-export", paths.README_PATTERN),
    ],
)
def test_action_and_git_hook_pick_the_same_files(hook_id: str, source: str) -> None:
    """The Action, the plain git hook and pre-commit agree on what a model card is."""
    assert _hooks()[hook_id]["files"] == source
    git_hook = GIT_HOOK.read_text(encoding="utf-8")
    assert f"CARD_PATTERN='{paths.CARD_PATTERN}'" in git_hook
    assert f"README_PATTERN='{paths.README_PATTERN}'" in git_hook


@pytest.mark.parametrize("hook_id", sorted(_hooks()))
def test_readme_names_every_hook(hook_id: str) -> None:
    readme = README.read_text(encoding="utf-8")
    assert f"id: {hook_id}" in readme, (
        f"README.md has no .pre-commit-config.yaml snippet for {hook_id}"
    )
