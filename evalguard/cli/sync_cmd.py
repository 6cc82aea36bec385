"""`evalguard sync`: write the README tables' scores into the card's model-index.

A pre-commit fixer: prints `Fixing README.md` and exits 1 when it changed a file, 0
when nothing changed. `--check` and `--diff` write nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

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
)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "sync",
        help="write the README tables' scores into model-index (a pre-commit fixer)",
        description=(
            "Write the scores of the README's evaluation tables into the `model-index` block "
            "of its front matter. Only that block is rewritten; results from other sources "
            "are kept. Prints `Fixing FILE` and exits 1 when a file changed."
        ),
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("readmes", type=Path, nargs="+", metavar="README", help="model cards")
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for path in args.readmes:
        code = sync_one(path, args, check=args.check, diff=args.diff, overwrite=args.overwrite)
        worst = max(worst, code)
    return worst


def sync_one(
    path: Path, args: argparse.Namespace, *, check: bool, diff: bool, overwrite: bool
) -> int:
    """Sync one card; `args` carries the model-selection options. When another program
    changes the card between reading and writing, sync plans once more from the new
    bytes, then gives up (exit 2) rather than write over that change."""
    from evalguard.errors import EvalguardError
    from evalguard.repo.local import ChangedSinceRead, apply_local
    from evalguard.repo.plan import plan_sync
    from evalguard.repo.snapshot import read_folder
    from evalguard.results.merge import Refusal
    from evalguard.results.sync import SyncRefused

    for attempt in (1, 2):
        try:
            read_bytes(path)  # a folder or an unreadable file: the usual one-line error
            snapshot = read_folder(path, eval_results=False)
            plan = plan_sync(snapshot, request_from_args(args), overwrite=overwrite)
        except SyncRefused as exc:
            err(exc.located(str(path)))
            return EXIT_FINDINGS if exc.refusal is Refusal.WOULD_GUESS else EXIT_USAGE
        except (OSError, EvalguardError) as exc:
            return input_error(path, exc)
        if not plan.changed or check or diff:
            break
        try:
            apply_local(plan)
        except ChangedSinceRead as exc:
            if attempt == 1:
                continue
            err(exc.message)
            return EXIT_USAGE
        except EvalguardError as exc:
            err(exc.message)
            return EXIT_USAGE
        except OSError as exc:
            err(f"{path}: cannot write: {exc.strerror or exc}")
            return EXIT_USAGE
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
        err(f"{path}: model-index is out of date with the README tables (run evalguard sync)")
        return EXIT_FINDINGS
    if diff:
        return EXIT_OK
    print(f"Fixing {path}")
    return EXIT_FINDINGS
