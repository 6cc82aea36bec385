"""The pre-commit hooks, installed and run by the real pre-commit in temporary git repositories.

pre-commit installs the hook repository at a commit into its own virtualenv (pip, from
the project's files) and runs each hook's exact `entry` on the given files. The hook
repository is a snapshot of this checkout (tracked and not ignored files, one commit), so
the working tree is what gets tested.

`pre-commit try-repo` builds that virtualenv afresh on every call (it uses a throw-away
store), so one test runs the documented `try-repo`; the others run `pre-commit run` with a
config naming the same snapshot and commit, and share one store (PRE_COMMIT_HOME): the
virtualenv is built once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from samples import DRIFTED, INVALID, synced, write_cards

ROOT = Path(__file__).resolve().parent.parent

#: no task_id: the Hub skips the file (EG602)
INVALID_RESULTS = "- dataset:\n    id: openai/gsm8k\n  value: 0.5\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "evalguard tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "evalguard tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_ENV)
    env["PRE_COMMIT_HOME"] = str(home / "pre-commit-home")
    env["GIT_CONFIG_GLOBAL"] = str(home / "gitconfig")
    env["PRE_COMMIT_COLOR"] = "never"
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout


@dataclass(frozen=True)
class HookRepo:
    """A one-commit snapshot of this checkout, and the environment to run pre-commit in."""

    path: Path
    rev: str
    env: dict[str, str]


def snapshot_checkout(dest: Path) -> Path:
    """This checkout's files as a clone of it would hold them (tracked and not ignored,
    uncommitted changes included), copied to `dest`: installing from there tests the
    working tree without writing build/ or *.egg-info into it."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    home = tmp_path_factory.mktemp("precommit")
    env = _env(home)
    (home / "gitconfig").write_text("", encoding="utf-8")
    snapshot = snapshot_checkout(home / "evalguard")
    _git(snapshot, env, "init", "-q")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot")
    return HookRepo(snapshot, _git(snapshot, env, "rev-parse", "HEAD").strip(), env)


@pytest.fixture
def model_repo(tmp_path: Path, hook_repo: HookRepo) -> Path:
    repo = tmp_path / "model"
    repo.mkdir()
    _git(repo, hook_repo.env, "init", "-q")
    return repo


def write(repo: Path, files: dict[str, str], env: dict[str, str]) -> None:
    write_cards(repo, files)
    _git(repo, env, "add", "-A")


def run_hook(
    hook_repo: HookRepo, repo: Path, hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    """`pre-commit run HOOK --files FILES` in `repo`, as configured in a user's repository."""
    config = repo.parent / "pre-commit-config.yaml"  # outside `repo`: it need not be staged
    hooks = [{"repo": str(hook_repo.path), "rev": hook_repo.rev, "hooks": [{"id": hook}]}]
    config.write_text(yaml.safe_dump({"repos": hooks}), encoding="utf-8")
    return _pre_commit(hook_repo, repo, "run", hook, "--config", str(config), "--files", *files)


def try_repo(
    hook_repo: HookRepo, repo: Path, hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    return _pre_commit(hook_repo, repo, "try-repo", str(hook_repo.path), hook, "--files", *files)


def _pre_commit(hook_repo: HookRepo, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=hook_repo.env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.slow
def test_try_repo(hook_repo: HookRepo, model_repo: Path) -> None:
    """The README's `pre-commit try-repo REPO evalguard-check` works on a checkout."""
    write(model_repo, {"README.md": INVALID}, hook_repo.env)
    proc = try_repo(hook_repo, model_repo, "evalguard-check", "README.md")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "EG202" in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("files", "targets", "expected", "expected_text"),
    [
        pytest.param({"README.md": INVALID}, ["README.md"], 1, "EG202", id="invalid-card"),
        pytest.param(
            {"models/a/README.md": "VALID", "models/b/README.md": INVALID},
            ["models/a/README.md", "models/b/README.md"],
            1,
            "models/b/README.md:",
            id="monorepo-one-invalid",
        ),
        pytest.param(
            {"README.md": "VALID", ".eval_results/gsm8k.yaml": INVALID_RESULTS},
            ["README.md", ".eval_results/gsm8k.yaml"],
            1,
            ".eval_results/gsm8k.yaml:",
            id="invalid-eval-results",
        ),
        pytest.param({"README.md": "VALID"}, ["README.md"], 0, "Passed", id="valid-card"),
        pytest.param(
            {"models/a/README.md": "VALID", "models/b/README.md": "VALID"},
            ["models/a/README.md", "models/b/README.md"],
            0,
            "Passed",
            id="monorepo-valid",
        ),
    ],
)
def test_check_hook(
    hook_repo: HookRepo,
    model_repo: Path,
    files: dict[str, str],
    targets: list[str],
    expected: int,
    expected_text: str,
) -> None:
    valid = synced(DRIFTED)
    write(model_repo, {k: valid if v == "VALID" else v for k, v in files.items()}, hook_repo.env)
    before = {name: (model_repo / name).read_bytes() for name in files}
    proc = run_hook(hook_repo, model_repo, "evalguard-check", *targets)
    assert proc.returncode == expected, proc.stdout + proc.stderr
    assert expected_text in proc.stdout
    assert {
        name: (model_repo / name).read_bytes() for name in files
    } == before  # check writes nothing


@pytest.mark.slow
def test_sync_hook_fixes_then_passes(hook_repo: HookRepo, model_repo: Path) -> None:
    env = hook_repo.env
    write(model_repo, {"README.md": DRIFTED, "models/x/README.md": DRIFTED}, env)
    first = run_hook(hook_repo, model_repo, "evalguard-sync", "README.md", "models/x/README.md")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Failed" in first.stdout
    assert "Fixing README.md" in first.stdout
    assert "Fixing models/x/README.md" in first.stdout
    for name in ("README.md", "models/x/README.md"):
        text = (model_repo / name).read_text(encoding="utf-8")
        assert "model-index:" in text
        assert "value: 61.2" in text
        assert text.endswith(DRIFTED.split("---\n", 2)[2])  # the body is untouched
    _git(model_repo, env, "add", "-A")
    second = run_hook(hook_repo, model_repo, "evalguard-sync", "README.md", "models/x/README.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
    check = run_hook(hook_repo, model_repo, "evalguard-check", "README.md", "models/x/README.md")
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_export_hook_fixes_then_passes(hook_repo: HookRepo, model_repo: Path) -> None:
    env = hook_repo.env
    write(model_repo, {"models/x/README.md": synced(DRIFTED)}, env)
    first = run_hook(hook_repo, model_repo, "evalguard-export", "models/x/README.md")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Failed" in first.stdout
    written = sorted((model_repo / "models/x/.eval_results").glob("*.yaml"))
    assert written, first.stdout
    assert "Writing models/x/.eval_results/" in first.stdout
    _git(model_repo, env, "add", "-A")
    second = run_hook(hook_repo, model_repo, "evalguard-export", "models/x/README.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
    results = [f"models/x/.eval_results/{p.name}" for p in written]
    check = run_hook(hook_repo, model_repo, "evalguard-check", "models/x/README.md", *results)
    assert check.returncode == 0, check.stdout + check.stderr
