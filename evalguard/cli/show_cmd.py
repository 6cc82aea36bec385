"""`evalguard show`: print a card's current results as a table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evalguard.cli import hub
from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    EXIT_USAGE,
    HelpFormatter,
    err,
)

FORMATS = ("text", "markdown", "json")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "show",
        help="print the card's current results (model, benchmark, metric, value, source)",
        description=(
            "Print the evaluation results a card declares: every model-index entry, and the "
            ".eval_results/*.yaml files beside it (or in the Hub repo, with --repo-id)."
        ),
        epilog=EXIT_CODES_HELP,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("readme", type=Path, nargs="?", metavar="README", help="model card")
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    hub.add_repo_options(parser, many=False, writes=False)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from evalguard.report.results import render_rows, repo_rows

    problem = hub.usage_problem(args, args.readme, required="a README")
    if problem:
        err(f"evalguard show: {problem}")
        return EXIT_USAGE
    read = hub.read_input_card(args, args.readme, eval_results=True)
    if isinstance(read, int):
        return read
    path, snapshot, _, fm = read
    rows, problems = repo_rows(fm, snapshot.eval_results, snapshot.name)
    for problem in problems:
        err(f"{path.parent / problem}: skipped")
    sys.stdout.write(render_rows(rows, args.format))
    if not rows and args.format != "json":
        err(f"{path}: no evaluation results (no model-index, no .eval_results files)")
    return EXIT_OK
