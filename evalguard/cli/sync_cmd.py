"""`evalguard sync`: write the README tables' scores into the card's model-index.

A pre-commit fixer: prints `Fixing README.md` and exits 1 when it changed a file, 0
when nothing changed. `--check` and `--diff` write nothing. With `--repo-id`/`--author`
the cards come from the Hub and the changes go back as pull requests (cli.hub).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evalguard.cli import hub
from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    EXIT_USAGE,
    HelpFormatter,
    add_model_options,
    err,
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
        formatter_class=HelpFormatter,
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
    problem = hub.usage_problem(args, args.readmes, required="README files")
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
    from evalguard.cli.local import fix_local
    from evalguard.repo.plan import plan_sync

    return fix_local(
        path,
        lambda snapshot: plan_sync(snapshot, request_from_args(args), overwrite=overwrite),
        check=check,
        diff=diff,
        stale="model-index is out of date with the README tables (run evalguard sync)",
    )
