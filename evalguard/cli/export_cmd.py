"""`evalguard export`: write `.eval_results/<benchmark>.yaml` files from model-index.

Dry-run by default (prints the diff, exits 1 when a change is due); `--apply` writes
(atomically), prints `Writing PATH` and exits 1 when a file changed, 0 when all were
up to date. Entries of other sources in an existing file are never touched.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    config_for,
    err,
    input_error,
    io_message,
    read_bytes,
)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "export",
        help="write .eval_results/*.yaml files from model-index (dry-run by default)",
        description=(
            "Write the Hub's newer .eval_results/<benchmark>.yaml files (one per benchmark "
            "variant) from the card's model-index, for benchmarks whose Hub dataset id and "
            "task id the catalog knows. Prints a diff and writes nothing unless --apply."
        ),
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "readmes", type=Path, nargs="+", metavar="README", help="model cards (README.md)"
    )
    parser.add_argument("--apply", action="store_true", help="write the files")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Every card in turn (pre-commit passes all changed cards at once); worst code wins."""
    return max(_export_card(path, apply=args.apply) for path in args.readmes)


def _export_card(path: Path, *, apply: bool) -> int:
    from evalguard.api import read_card
    from evalguard.card.eval_results import FOLDER, export_entries
    from evalguard.errors import EvalguardError

    try:
        _, fm = read_card(read_bytes(path))
        config = config_for(path)
    except (OSError, EvalguardError) as exc:
        return input_error(path, exc)
    plan = export_entries(fm.data.get("model-index"), config.catalog)
    for note in plan.skipped:
        err(f"{path}: note: {note}")
    if not plan.files:
        err(f"{path}: nothing to export (no model-index result of a benchmark with a known "
            "Hub dataset id and task id)")  # fmt: skip
        return EXIT_OK
    folder = path.parent / FOLDER
    worst = EXIT_OK
    for name, new_entries in sorted(plan.files.items()):
        worst = max(worst, _one(folder / name, new_entries, apply=apply))
    return worst


def _one(target: Path, new_entries: list[dict[str, Any]], *, apply: bool) -> int:
    from evalguard.card.eval_results import merge
    from evalguard.card.fileio import FileChanged, editing
    from evalguard.errors import EvalguardError

    try:
        if apply:
            target.parent.mkdir(parents=True, exist_ok=True)
        with editing(target, create=True) as file:
            old = file.data
            new = merge(old, new_entries)
            if new is not None and apply:
                try:
                    file.replace(new)
                except FileChanged as exc:
                    err(f"{target}: not written: {exc.strerror}; run evalguard export again")
                    return EXIT_USAGE
                except OSError as exc:
                    err(f"{target}: cannot write: {exc.strerror or exc}")
                    return EXIT_USAGE
    except OSError as exc:
        err(io_message(target, exc))
        return EXIT_USAGE
    except EvalguardError as exc:
        err(f"{exc.located(str(target))}; not writing it")
        return EXIT_USAGE
    if new is None:
        return EXIT_OK
    if not apply:
        _print_diff(target, old or b"", new)
        return EXIT_FINDINGS
    print(f"Writing {target}")
    return EXIT_FINDINGS


def _print_diff(target: Path, old: bytes, new: bytes) -> None:
    old_lines = old.decode("utf-8", "replace").splitlines(keepends=True)
    new_lines = new.decode("utf-8", "replace").splitlines(keepends=True)
    sys.stdout.writelines(
        difflib.unified_diff(
            old_lines,
            new_lines,
            fromfile=f"a/{target}" if old else "/dev/null",
            tofile=f"b/{target}",
        )
    )
