"""`evalguard show`: print a card's current results as a table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    card_folder,
    err,
    input_error,
    read_bytes,
)

FORMATS = ("text", "markdown", "json")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "show",
        help="print the card's current results (model, benchmark, metric, value, source)",
        description=(
            "Print the evaluation results a card declares: every model-index entry, and the "
            ".eval_results/*.yaml files beside it."
        ),
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("readme", type=Path, metavar="README", help="model card")
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from evalguard.api import read_card
    from evalguard.errors import CardError
    from evalguard.report.results import card_rows, render_rows

    path: Path = args.readme
    try:
        _, fm = read_card(read_bytes(path))
    except (OSError, CardError) as exc:
        return input_error(path, exc)
    rows, problems = card_rows(fm, card_folder(path))
    for problem in problems:
        err(f"{path.parent / problem}: skipped")
    sys.stdout.write(render_rows(rows, args.format))
    if not rows and args.format != "json":
        err(f"{path}: no evaluation results (no model-index, no .eval_results files)")
    return EXIT_OK
