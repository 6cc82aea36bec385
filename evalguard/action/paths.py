"""The cards the Action works on: the `paths` input (files, folders, glob patterns) ->
card files relative to the working directory, each inside the workspace; without the
input, every card git knows (else a walk of the folder)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from evalguard.action.inputs import ActionError

if TYPE_CHECKING:
    from evalguard.action.inputs import Settings

#: Model cards and the Hub's result files; the same patterns as `files:` in
#: .pre-commit-hooks.yaml and hooks/pre-commit (tests keep them equal).
CARD_PATTERN = r"(^|/)(README\.md|\.eval_results/[^/]+\.ya?ml)$"
README_PATTERN = r"(^|/)README\.md$"


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
    files = list(dict.fromkeys(posix(p) for p in found))
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
        names.extend(posix(str(rel / f)) for f in files)
    return names


def _matches(pattern: re.Pattern[str], path: str) -> bool:
    return pattern.search(posix(path)) is not None


def posix(path: str) -> str:
    """A path as the workflow protocol names it: `/`-separated, without a leading `./`."""
    text = path.replace(os.sep, "/")
    return text[2:] if text.startswith("./") else text
