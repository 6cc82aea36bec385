"""Commands over local cards: read a card's repo once, plan, then show, check or write.

`read_repo` reads the folder around a card (the card, `.evalguard.yaml`, and
`.eval_results/`) in one pass; `fix_local` is the fixer every writing command runs on a
local card (`sync`, `import-aa`, `eval collect`, `eval local`, `extract-readme`):
plan, then show the diff, report a change that is due, or write it. Imports of the core
stay inside the functions: building the parser must not load them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from evalguard.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, err, input_error

if TYPE_CHECKING:
    from evalguard.repo.plan import RepoPlan
    from evalguard.repo.snapshot import RepoSnapshot


def read_repo(path: Path, *, eval_results: bool = True) -> RepoSnapshot:
    """The repo around the card file `path`, each file read once. A folder is refused as
    card/fileio refuses it (the commands take card files). Raises OSError, ConfigError."""
    from evalguard.card.fileio import read_file
    from evalguard.repo.snapshot import read_folder

    if path.is_dir():
        read_file(path)  # raises IsADirectoryError with the one-line reason
    return read_folder(path, eval_results=eval_results)


def read_repo_or_exit(path: Path, *, eval_results: bool = True) -> RepoSnapshot | int:
    """`read_repo`, or the usage exit code after a one-line error."""
    from evalguard.errors import EvalguardError

    try:
        return read_repo(path, eval_results=eval_results)
    except (OSError, EvalguardError) as exc:
        return input_error(path, exc)


def say_plan(where: object, plan: RepoPlan) -> None:
    """A plan's notes and conflicts, one line each on stderr."""
    for note in plan.notes:
        err(f"{where}: note: {note}")
    for conflict in plan.conflicts:
        err(f"{where}: warning: {conflict.describe()}")


def fix_local(
    path: Path,
    planner: Callable[[RepoSnapshot], RepoPlan],
    *,
    check: bool = False,
    diff: bool = False,
    stale: str = "a change is due",
    eval_results: bool = False,
    verb: str = "Fixing",
) -> int:
    """A fixer over one local card: plan, then show (`diff`, exit 0), report (`check`:
    `stale` and exit 1) or write it and print `{verb} PATH` per file (exit 1). A refusal
    to guess exits 1, bad input 2. When another program changes a file between reading
    and writing, it plans once more from the new bytes, then gives up (exit 2) rather
    than write over that change."""
    from evalguard.errors import EvalguardError
    from evalguard.repo.local import ChangedSinceRead, apply_local
    from evalguard.results.merge import MergeRefused, Refusal

    written: list[str] = []
    for attempt in (1, 2):
        try:
            snapshot = read_repo(path, eval_results=eval_results)
            plan = planner(snapshot)
        except MergeRefused as exc:
            err(exc.located(str(path)))
            return EXIT_FINDINGS if exc.refusal is Refusal.WOULD_GUESS else EXIT_USAGE
        except (OSError, EvalguardError) as exc:
            return input_error(path, exc)
        if not plan.changed or check or diff:
            break
        try:
            written = apply_local(plan)
        except ChangedSinceRead as exc:
            if attempt == 1:
                continue  # another program wrote a file meanwhile: plan again from it
            return write_failed(exc, path)
        except (EvalguardError, OSError) as exc:
            return write_failed(exc, path)
        break
    say_plan(path, plan)
    if not plan.changed:
        return EXIT_OK
    if diff:
        sys.stdout.write(plan.diff())
    if check:
        err(f"{path}: {stale}")
        return EXIT_FINDINGS
    if diff:
        return EXIT_OK
    for name in written:
        print(f"{verb} {snapshot.display(name) if name != snapshot.readme_path else path}")
    return EXIT_FINDINGS


def write_failed(exc: Exception, where: Path | str) -> int:
    """Report a plan that could not be written, in one line; the usage exit code."""
    if isinstance(exc, OSError):
        err(f"{exc.filename or where}: cannot write: {exc.strerror or exc}")
    else:
        err(str(getattr(exc, "message", exc)))
    return EXIT_USAGE


def apply_plan(plan: RepoPlan, where: Path | str) -> bool:
    """Write a plan's files into its folder, printing `Writing PATH` for each; False (and
    a one-line error) when it could not."""
    from evalguard.errors import EvalguardError
    from evalguard.repo.local import apply_local

    try:
        written = apply_local(plan)
    except (EvalguardError, OSError) as exc:
        write_failed(exc, where)
        return False
    for name in written:
        print(f"Writing {plan.snapshot.display(name)}")
    return True
