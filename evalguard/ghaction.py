"""The Action's inputs and the cards they name: `Settings` (from the `EG_*` variables
action.yml sets) and `resolve_paths` (the `paths` input -> card files). The step itself is
the `evalguard.action` package (`python -m evalguard.action`), which imports these from
here until they move there.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: Model cards and the Hub's result files; the same patterns as `files:` in
#: .pre-commit-hooks.yaml and hooks/pre-commit (tests keep them equal).
CARD_PATTERN = r"(^|/)(README\.md|\.eval_results/[^/]+\.ya?ml)$"
README_PATTERN = r"(^|/)README\.md$"

COMMANDS = ("check", "sync", "export", "import-aa", "eval-run", "eval-collect")
#: commands that act on Hub repos with the repo-id input (or --repo-id/--author in args)
HUB_COMMANDS = ("check", "sync", "export", "import-aa", "eval-collect")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class ActionError(Exception):
    """A problem with the action's inputs: one line for the user."""


@dataclass(frozen=True)
class Settings:
    command: str
    paths: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    working_directory: str = "."
    fail_on_error: bool = True
    sarif_file: str = ""
    hf_token: str = field(default="", repr=False)
    aa_api_key: str = field(default="", repr=False)
    #: Hub repos to act on instead of the workspace's cards (the repo-id input)
    repo_ids: tuple[str, ...] = ()
    #: with Hub repos: a pull request per repo (else a direct commit); None: not given
    create_pr: bool | None = None
    #: eval-run / eval-collect: the model (Hub repo id); eval-run: its tasks, flavor, limit
    model: str = ""
    tasks: tuple[str, ...] = ()
    flavor: str = "cpu-basic"
    limit: int | None = None

    @property
    def on_hub(self) -> bool:
        """Whether the command acts on Hub repos (repo-id, or --repo-id/--author in args)."""
        if self.command not in HUB_COMMANDS:
            return False
        flags = ("--repo-id", "--author")
        return bool(self.repo_ids) or any(a.split("=")[0] in flags for a in self.args)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        command = env.get("EG_COMMAND", "check").strip() or "check"
        if command not in COMMANDS:
            raise ActionError(
                f"unknown command {command!r}: this version of the action runs "
                + ", ".join(COMMANDS)
            )
        try:
            paths = tuple(shlex.split(env.get("EG_PATHS", ""), comments=False))
            args = tuple(shlex.split(env.get("EG_ARGS", ""), comments=False))
        except ValueError as exc:
            raise ActionError(f"cannot split the paths or args input: {exc}") from None
        sarif = env.get("EG_SARIF_FILE", "").strip()
        if sarif and command != "check":
            raise ActionError("the sarif-file input works with command: check only")
        return cls(
            command=command,
            paths=paths,
            args=args,
            working_directory=env.get("EG_WORKING_DIRECTORY", ".").strip() or ".",
            fail_on_error=_flag(env, "EG_FAIL_ON_ERROR", "fail-on-error", default=True),
            sarif_file=sarif,
            hf_token=env.get("EG_HF_TOKEN", ""),
            aa_api_key=env.get("EG_AA_API_KEY", ""),
            repo_ids=tuple(env.get("EG_REPO_ID", "").split()),
            create_pr=(
                _flag(env, "EG_CREATE_PR", "create-pr", default=True)
                if env.get("EG_CREATE_PR", "").strip()
                else None
            ),
            model=env.get("EG_MODEL", "").strip(),
            tasks=tuple(env.get("EG_TASKS", "").split()),
            flavor=env.get("EG_FLAVOR", "").strip() or "cpu-basic",
            limit=_limit(env.get("EG_LIMIT", "")),
        )


def _limit(raw: str) -> int | None:
    if not raw.strip():
        return None
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ActionError(f"input limit must be a positive whole number, got {raw!r}")
    return int(raw)


def _flag(env: Mapping[str, str], name: str, label: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ActionError(f"input {label} must be true or false, got {raw!r}")


# --- choosing the files -----------------------------------------------------------------


def pattern_for(command: str) -> re.Pattern[str]:
    return re.compile(CARD_PATTERN if command == "check" else README_PATTERN)


def resolve_paths(settings: Settings, root: Path, workspace: Path | None = None) -> list[str]:
    """The files to process, relative to `root` (the working directory), in the order of
    the paths input; what a pattern or a folder stands for, sorted. A name that exists
    is taken as it is, even with `[` or `*` in it. Raises ActionError for a pattern that
    matches nothing, and for a file outside `workspace` (default: `root`) or with a
    line break in its name (it could not be reported safely)."""
    pattern = pattern_for(settings.command)
    if not settings.paths:
        found = discover(root, pattern)
    else:
        found = []
        for token in settings.paths:
            if any(c in token for c in "*?[") and not (root / token).exists():
                found.extend(_glob(root, token, pattern))
            elif (root / token).is_dir():
                found.extend(str(Path(token) / p) for p in discover(root / token, pattern))
            else:
                found.append(token)  # a named file: evalguard reports it when it is missing
    files = list(dict.fromkeys(_posix(p) for p in found))
    for name in files:
        _require_safe(name, root, workspace or root)
    return files


def _glob(root: Path, token: str, pattern: re.Pattern[str]) -> list[str]:
    if Path(token).is_absolute():
        raise ActionError(f"paths: a pattern must be relative to working-directory: {token}")
    try:
        matches = sorted(p.relative_to(root).as_posix() for p in root.glob(token))
    except (ValueError, NotImplementedError) as exc:
        raise ActionError(f"paths: {token!r} is not a pattern evalguard can use: {exc}") from None
    found = [m for m in matches if (root / m).is_file() and _matches(pattern, m)]
    if not found:
        raise ActionError(f"paths: no model card matches the pattern {token!r}")
    return found


def _require_safe(name: str, root: Path, workspace: Path) -> None:
    if not name.isprintable():
        raise ActionError(
            f"paths: {name!r} has a control character or line break in its name, which "
            "workflow commands and outputs cannot carry; rename it"
        )
    if not _inside(root / name, workspace):
        raise ActionError(
            f"paths: {name} is outside the workspace ({workspace}); the action reads only "
            "files of the repository it checks"
        )


def check_sarif_target(settings: Settings, root: Path, workspace: Path, files: list[str]) -> None:
    """The SARIF report may not overwrite a card, nor land outside the workspace."""
    if not settings.sarif_file:
        return
    target = root / settings.sarif_file
    cards = {(root / f).resolve() for f in files}
    if _matches(re.compile(CARD_PATTERN), settings.sarif_file) or target.resolve() in cards:
        raise ActionError(
            f"sarif-file: {settings.sarif_file} is a model card; choose another name, such "
            "as evalguard.sarif"
        )
    if not _inside(target, workspace):
        raise ActionError(f"sarif-file: {settings.sarif_file} is outside the workspace")


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, lies in `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    except (OSError, RuntimeError):  # a symlink loop: evalguard reports the file itself
        return True
    return True


def discover(root: Path, pattern: re.Pattern[str]) -> list[str]:
    """Cards under `root`: the files git knows (tracked or not ignored), else a walk."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=60,
        )
        names = [n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
        names = [n for n in names if (root / n).is_file()]  # deleted but still in the index
    except (OSError, subprocess.SubprocessError):
        names = _walk(root)
    return sorted({n for n in names if _matches(pattern, n)})


_SKIP_DIRS = {".git", "node_modules", "__pycache__", "venv", ".venv", ".tox"}


def _walk(root: Path) -> list[str]:
    names: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        rel = Path(folder).relative_to(root)
        names.extend(_posix(str(rel / f)) for f in files)
    return names


def _matches(pattern: re.Pattern[str], path: str) -> bool:
    return pattern.search(_posix(path)) is not None


def _posix(path: str) -> str:
    text = path.replace(os.sep, "/")
    return text[2:] if text.startswith("./") else text


if __name__ == "__main__":  # the step's old entry point, kept for scripts that call it
    from evalguard.action.step import main

    raise SystemExit(main())
