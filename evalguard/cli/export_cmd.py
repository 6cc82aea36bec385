"""`evalguard export`: write `.eval_results/<benchmark>.yaml` files from model-index.

Dry-run by default (prints the diff, exits 1 when a change is due); `--apply` writes
(atomically), prints `Writing PATH` and exits 1 when a file changed, 0 when all were
up to date. Entries of other sources in an existing file are never touched. With
`--repo-id`/`--author` the repos are read from the Hub and `--apply` (or `--create-pr`,
`--push`) writes a pull request (cli.hub).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evalguard.cli import hub
from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    HelpFormatter,
    err,
    input_error,
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
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "readmes", type=Path, nargs="*", metavar="README", help="model cards (README.md)"
    )
    parser.add_argument("--apply", action="store_true", help="write the files")
    hub.add_repo_options(parser, many=True, writes=True)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Every card in turn (pre-commit passes all changed cards at once); worst code wins."""
    problem = hub.usage_problem(args, args.readmes, required="README files")
    if problem:
        err(f"evalguard export: {problem}")
        return EXIT_USAGE
    if hub.on_hub(args):
        from evalguard.repo.plan import plan_export
        from evalguard.report.pull_request import Purpose

        write = args.apply or args.create_pr or args.push
        return hub.run_writes(args, plan_export, Purpose.EXPORT, write=write)
    return max(_export_card(path, apply=args.apply) for path in args.readmes)


def _export_card(path: Path, *, apply: bool) -> int:
    from evalguard.cli.local import apply_plan, read_repo
    from evalguard.errors import EvalguardError
    from evalguard.repo.plan import NOTHING_TO_EXPORT, plan_export

    try:
        snapshot = read_repo(path)
        plan = plan_export(snapshot)
    except (OSError, EvalguardError) as exc:
        return input_error(path, exc)
    for note in plan.notes:
        err(f"{path}: {note}" if note == NOTHING_TO_EXPORT else f"{path}: note: {note}")
    worst = EXIT_OK
    for refused in plan.refused:
        err(f"{refused.error.located(snapshot.display(refused.path))}; not writing it")
        worst = EXIT_USAGE
    if not plan.changed:
        return worst
    if not apply:
        sys.stdout.write(plan.diff())
        return max(worst, EXIT_FINDINGS)
    if not apply_plan(plan, path):
        return EXIT_USAGE
    return max(worst, EXIT_FINDINGS)
