"""`evalguard sync`: write the README tables' scores into the card's model-index.

A pre-commit fixer: prints `Fixing README.md` and exits 1 when it changed a file, 0
when nothing changed. `--check` and `--diff` write nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_model_options,
    card_folder,
    config_for,
    err,
    input_error,
    read_bytes,
    request_from_args,
)

if TYPE_CHECKING:
    from evalguard.card.fileio import Editing


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
    """Sync one card; `args` carries the model-selection options. The card is locked
    from reading to writing; when another program changes it meanwhile, sync plans
    again from the new bytes once, then gives up (exit 2) rather than overwrite."""
    from evalguard.card.fileio import FileChanged

    for attempt in (1, 2):
        try:
            return _sync_once(path, args, check=check, diff=diff, overwrite=overwrite)
        except FileChanged as exc:
            if attempt == 2:
                err(f"{path}: not written: {exc.strerror}; run evalguard sync again")
    return EXIT_USAGE


def _sync_once(
    path: Path, args: argparse.Namespace, *, check: bool, diff: bool, overwrite: bool
) -> int:
    from evalguard.card.fileio import FileChanged, editing
    from evalguard.errors import EvalguardError
    from evalguard.results.sync import SyncRefused, plan_sync

    writes = not (check or diff)
    try:
        with editing(path) if writes else _reading(path) as card_file:
            data = card_file.data or b""
            config = config_for(path)
            request = request_from_args(args)
            plan = plan_sync(data, request, config, folder=card_folder(path), overwrite=overwrite)
            changed = plan.status == "changed" and plan.new_text is not None
            if changed and writes:
                try:
                    card_file.replace(plan.new_bytes)
                except FileChanged:
                    raise
                except OSError as exc:
                    err(f"{path}: cannot write: {exc.strerror or exc}")
                    return EXIT_USAGE
    except SyncRefused as exc:
        err(exc.located(str(path)))
        return exc.exit_code
    except FileChanged:
        raise
    except (OSError, EvalguardError) as exc:
        return input_error(path, exc)
    for note in plan.notes:
        err(f"{path}: note: {note}")
    for conflict in plan.conflicts:
        err(f"{path}: warning: {conflict.describe()}")
    if not changed:
        return EXIT_OK
    if diff:
        _print_diff(path, data, plan.new_bytes)
    if check:
        err(f"{path}: model-index is out of date with the README tables (run evalguard sync)")
        return EXIT_FINDINGS
    if diff:
        return EXIT_OK
    print(f"Fixing {path}")
    return EXIT_FINDINGS


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[Editing]:
    """The card for a run that writes nothing: read, not locked."""
    from evalguard.card.fileio import Editing

    yield Editing(path, path, read_bytes(path))


def _print_diff(path: Path, old: bytes, new: bytes) -> None:
    old_lines = old.decode("utf-8", "replace").splitlines(keepends=True)
    new_lines = new.decode("utf-8", "replace").splitlines(keepends=True)
    sys.stdout.writelines(
        difflib.unified_diff(old_lines, new_lines, fromfile=f"a/{path}", tofile=f"b/{path}")
    )
