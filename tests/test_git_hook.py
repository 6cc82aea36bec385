"""hooks/pre-commit, the plain git hook: installed with the documented line, run by git commit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from samples import DRIFTED, INVALID, synced, write_cards

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hooks" / "pre-commit"
#: The install line of the README and of the hook's own header, with the checkout's path.
INSTALL = (
    "install -m 755 path/to/evalguard/hooks/pre-commit"
    ' "$(git rev-parse --git-path hooks)/pre-commit"'
)


@pytest.fixture(scope="module")
def valid_card() -> str:
    return synced(DRIFTED)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the hook installed by the documented one-liner."""
    path = tmp_path / "model repo"  # a space in the path on purpose
    path.mkdir()
    git(path, "init", "-q")
    (path / "notes.txt").write_text("first\n", encoding="utf-8")
    git(path, "add", "notes.txt")
    git(path, "commit", "-q", "-m", "init", "--no-verify")
    subprocess.run(
        ["sh", "-c", INSTALL.replace("path/to/evalguard", shlex.quote(str(ROOT)))],
        cwd=path,
        check=True,
    )
    return path


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "EVALGUARD"))}
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        # evalguard on PATH, as after `pip install evalguard`
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def git(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env or base_env(), capture_output=True, text=True, check=False
    )


def stage(repo: Path, files: dict[str, str]) -> None:
    write_cards(repo, files)
    assert git(repo, "add", "-A").returncode == 0


def commit(repo: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return git(repo, "commit", "-q", "-m", "change", env=env)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def test_hook_is_posix_sh() -> None:
    assert HOOK.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    assert os.access(HOOK, os.X_OK)
    assert subprocess.run(["sh", "-n", str(HOOK)], check=False).returncode == 0
    dash = shutil.which("dash")
    if dash:
        assert subprocess.run([dash, "-n", str(HOOK)], check=False).returncode == 0
    shellcheck = shutil.which("shellcheck") or shutil.which(
        "shellcheck", path=str(Path(sys.executable).parent)
    )
    if shellcheck:
        proc = subprocess.run(
            [shellcheck, "-s", "sh", str(HOOK)], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("doc", [HOOK, ROOT / "README.md"], ids=["hook-header", "readme"])
def test_install_line_is_documented(doc: Path) -> None:
    assert INSTALL in doc.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("files", "committed", "message"),
    [
        pytest.param({"README.md": INVALID}, False, "EG202", id="invalid-card"),
        pytest.param(
            {"models/my model/README.md": INVALID},
            False,
            "models/my model/README.md:13",
            id="space-in-path",
        ),
        pytest.param({"README.md": "VALID"}, True, "", id="valid-card"),
        pytest.param({"a/README.md": "VALID", "b/README.md": "VALID"}, True, "", id="monorepo"),
        pytest.param(
            {".eval_results/x.yaml": "- value: 1\n"},
            False,
            ".eval_results/x.yaml",
            id="invalid-results",
        ),
        pytest.param({"docs/guide.md": INVALID}, True, "", id="not-a-card"),
    ],
)
def test_commit(
    repo: Path, valid_card: str, files: dict[str, str], committed: bool, message: str
) -> None:
    before = head(repo)
    stage(repo, {k: valid_card if v == "VALID" else v for k, v in files.items()})
    proc = commit(repo)
    assert (head(repo) != before) is committed, proc.stdout + proc.stderr
    assert message in proc.stdout + proc.stderr
    if not committed:
        assert "evalguard: commit stopped" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("how", ["env", "git-config"])
def test_sync_then_commit(repo: Path, how: str) -> None:
    env = base_env()
    if how == "env":
        env["EVALGUARD_SYNC"] = "1"
    else:
        assert git(repo, "config", "evalguard.sync", "true").returncode == 0
    before = head(repo)
    stage(repo, {"models/a/README.md": DRIFTED})
    first = commit(repo, env)
    assert head(repo) == before, first.stderr
    assert "Fixing models/a/README.md" in first.stderr  # git sends hook output there
    assert (
        "evalguard: sync changed files: review them, git add them and commit again" in first.stderr
    )
    assert "value: 61.2" in (repo / "models/a/README.md").read_text(encoding="utf-8")
    assert git(repo, "add", "models/a/README.md").returncode == 0
    second = commit(repo, env)
    assert head(repo) != before, second.stdout + second.stderr
    shown = git(repo, "show", "HEAD:models/a/README.md").stdout
    assert "model-index:" in shown


@pytest.mark.slow
def test_drift_without_sync_is_only_a_warning(repo: Path) -> None:
    before = head(repo)
    stage(repo, {"README.md": DRIFTED})
    proc = commit(repo)
    assert head(repo) != before, proc.stderr
    assert "EG502" in proc.stdout + proc.stderr
    assert "model-index" not in (repo / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_strict_check_args(repo: Path) -> None:
    assert git(repo, "config", "evalguard.checkArgs", "--strict").returncode == 0
    before = head(repo)
    stage(repo, {"README.md": DRIFTED})
    proc = commit(repo)
    assert head(repo) == before, proc.stderr
    assert "EG502" in proc.stdout + proc.stderr


@pytest.mark.slow
def test_export_then_commit(repo: Path, valid_card: str) -> None:
    env = {**base_env(), "EVALGUARD_EXPORT": "yes"}
    before = head(repo)
    stage(repo, {"README.md": valid_card})
    first = commit(repo, env)
    assert head(repo) == before
    assert "Writing .eval_results/" in first.stderr
    assert "evalguard: export changed files" in first.stderr
    assert git(repo, "add", ".eval_results").returncode == 0
    second = commit(repo, env)
    assert head(repo) != before, second.stdout + second.stderr
    assert git(repo, "ls-files", ".eval_results").stdout.strip()


@pytest.mark.slow
def test_unstaged_changes_are_noted(repo: Path, valid_card: str) -> None:
    stage(repo, {"README.md": valid_card})
    (repo / "README.md").write_text(valid_card + "\nmore\n", encoding="utf-8")
    proc = commit(repo)
    assert (
        "note: checking the working-tree version of files with unstaged changes: README.md"
        in proc.stderr
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "committed", "message"),
    [
        ("exit 0", True, ""),
        ("exit 2", False, "evalguard: check could not run"),
        ('echo "args: $*" >&2; exit 1', False, "args: check README.md"),
    ],
)
def test_custom_command(
    repo: Path, tmp_path: Path, script: str, committed: bool, message: str
) -> None:
    fake = tmp_path / "fake-evalguard"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    env = {**base_env(), "EVALGUARD": str(fake)}
    before = head(repo)
    stage(repo, {"README.md": INVALID})
    proc = commit(repo, env)
    assert (head(repo) != before) is committed, proc.stderr
    assert message in proc.stderr


@pytest.mark.slow
def test_command_of_several_words(repo: Path, valid_card: str) -> None:
    assert (
        git(repo, "config", "evalguard.command", f"{sys.executable} -m evalguard").returncode == 0
    )
    env = {**base_env(), "PATH": "/usr/bin:/bin"}
    before = head(repo)
    stage(repo, {"README.md": INVALID})
    proc = commit(repo, env)
    assert head(repo) == before
    assert "EG202" in proc.stdout + proc.stderr


@pytest.mark.slow
def test_missing_evalguard_says_how_to_install(repo: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("git", "sh", "grep", "tr", "cat", "env", "printf"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    env = {**base_env(), "PATH": str(bin_dir)}
    before = head(repo)
    stage(repo, {"README.md": INVALID})
    proc = commit(repo, env)
    assert head(repo) == before
    assert "evalguard: not installed: pip install evalguard" in proc.stderr
