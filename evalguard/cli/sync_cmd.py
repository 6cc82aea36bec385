"""`evalguard sync`: write the README tables' scores into the card's model-index.

A pre-commit fixer: prints `Fixing README.md` and exits 1 when it changed a file, 0
when nothing changed. `--check` and `--diff` write nothing. With `--repo-id`/`--author`
the cards come from the Hub and the changes go back as pull requests (cli.hub).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalguard.cli import hub
from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_model_options,
    err,
    input_error,
    read_bytes,
    request_from_args,
    write_failed,
)

if TYPE_CHECKING:
    from evalguard.repo.plan import RepoPlan
    from evalguard.repo.snapshot import RepoSnapshot


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "sync",
        help="write the README tables' scores into model-index (a pre-commit fixer)",
        description=(
            "Write the scores of the README's evaluation tables into the `model-index` block "
            "of its front matter. Only that block is rewritten; results from other sources "
            "are kept. Prints `Fixing FILE` and exits 1 when a file changed."
        ),
        epilog=f"{EXIT_CODES_HELP}\n{hub.HUB_EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("readmes", type=Path, nargs="*", metavar="README", help="model cards")
    mode = parser.add_argument_group("what to do")
    mode.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a change is due"
    )
    mode.add_argument(
        "--diff",
        "--dry-run",
        dest="diff",
        action="store_true",
        help="print the unified diff of what would change, and change nothing "
        "(exits 0 unless --check is given too)",
    )
    mode.add_argument(
        "--overwrite",
        action="store_true",
        help="when a table score disagrees with another source's result for the same "
        "benchmark, replace that result (default: keep both and report)",
    )
    add_model_options(parser)
    hub.add_repo_options(parser, many=True, writes=True)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    problem = hub.usage_problem(args, args.readmes, required=True)
    if problem:
        err(f"evalguard sync: {problem}")
        return EXIT_USAGE
    if hub.on_hub(args):
        return sync_hub(args, overwrite=args.overwrite, write=not (args.check or args.diff))
    worst = EXIT_OK
    for path in args.readmes:
        code = sync_one(path, args, check=args.check, diff=args.diff, overwrite=args.overwrite)
        worst = max(worst, code)
    return worst


def sync_hub(args: argparse.Namespace, *, overwrite: bool, write: bool) -> int:
    """Sync the Hub repos `args` names (cli.hub), as pull requests unless `--push`."""
    from evalguard.errors import ConfigError
    from evalguard.repo.plan import plan_sync
    from evalguard.report.pull_request import Purpose

    try:
        request = request_from_args(args)
    except ConfigError as exc:
        err(exc.located(exc.file))
        return EXIT_USAGE
    return hub.run_writes(
        args,
        lambda snapshot: plan_sync(snapshot, request, overwrite=overwrite),
        Purpose.SYNC,
        write=write,
    )


def sync_one(
    path: Path, args: argparse.Namespace, *, check: bool, diff: bool, overwrite: bool
) -> int:
    """Sync one card; `args` carries the model-selection options."""
    from evalguard.repo.plan import plan_sync

    return fix_local(
        path,
        lambda snapshot: plan_sync(snapshot, request_from_args(args), overwrite=overwrite),
        check=check,
        diff=diff,
        stale="model-index is out of date with the README tables (run evalguard sync)",
    )


def fix_local(
    path: Path,
    planner: Callable[[RepoSnapshot], RepoPlan],
    *,
    check: bool,
    diff: bool,
    stale: str = "a change is due",
    eval_results: bool = False,
) -> int:
    """A fixer over one local card: plan, then show (`diff`), report (`check`: `stale`
    and exit 1) or write it and print `Fixing PATH` (exit 1). A refusal to guess exits 1,
    bad input 2. When another program changes a file between reading and writing, it
    plans once more from the new bytes, then gives up (exit 2) rather than write over
    that change."""
    from evalguard.errors import EvalguardError
    from evalguard.repo.local import ChangedSinceRead, apply_local
    from evalguard.repo.snapshot import read_folder
    from evalguard.results.merge import MergeRefused, Refusal

    written: list[str] = []
    for attempt in (1, 2):
        try:
            read_bytes(path)  # a folder or an unreadable file: the usual one-line error
            snapshot = read_folder(path, eval_results=eval_results)
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
    for note in plan.notes:
        err(f"{path}: note: {note}")
    for conflict in plan.conflicts:
        err(f"{path}: warning: {conflict.describe()}")
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
        print(f"Fixing {snapshot.display(name) if name != snapshot.readme_path else path}")
    return EXIT_FINDINGS
