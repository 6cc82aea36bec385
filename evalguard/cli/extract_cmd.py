"""`evalguard extract`: print the model-index a README's tables give. Writes nothing.

`--repo-id ORG/NAME` reads the README from the Hub instead (as the predecessor's
`extract-readme --repo-id` did); `extract-readme --apply`/`--create-pr` then syncs it
back as a pull request, like `sync --repo-id`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from evalguard.cli import hub
from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_model_options,
    card_folder,
    err,
    input_error,
    request_from_args,
)


def register(sub: Any) -> None:
    for name, help_text in (
        ("extract", "print the model-index the README's evaluation tables give (writes nothing)"),
        (
            "extract-readme",
            "alias of `extract` (the predecessor's name and flags)",
        ),
    ):
        parser = sub.add_parser(
            name,
            help=help_text,
            description=(
                "Read the README's evaluation tables and print the model-index they give. "
                "Nothing is written. When no table holds the model's scores, nothing is "
                "printed on stdout, the reason goes to stderr and the exit code is 1."
            ),
            epilog=EXIT_CODES_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if name == "extract":
            parser.add_argument("readme", type=Path, nargs="?", help="the model card (README.md)")
        else:
            _predecessor_flags(parser)
        hub.add_repo_options(parser, many=False, writes=False)
        parser.add_argument(
            "--format",
            choices=("yaml", "json"),
            default="yaml",
            help="output format (default: yaml)",
        )
        parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="print how each table was read (header rows, dropped columns, the model's "
            "column or row and the rule that chose it, why a table was refused) instead "
            "of the model-index",
        )
        add_model_options(parser)
        parser.set_defaults(handler=run)


def _predecessor_flags(parser: argparse.ArgumentParser) -> None:
    """The predecessor's `extract-readme` flags, so its users' scripts keep working."""
    parser.add_argument("readme", type=Path, nargs="?", help="default: README.md")
    old = parser.add_argument_group("predecessor compatibility")
    old.add_argument(
        "--model-name-override",
        metavar="NAME",
        help="match the model's column/row by this name instead of the repo name",
    )
    old.add_argument("--apply", action="store_true", help="write into the card (as `sync`)")
    old.add_argument("--dry-run", action="store_true", help="print only (the default)")
    old.add_argument(
        "--create-pr", action="store_true", help="with --repo-id: sync it as a Hub pull request"
    )
    old.add_argument("--model-column-index", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    problem = hub.usage_problem(args, args.readme)
    if problem is None and not args.readme and not hub.on_hub(args):
        if args.command != "extract-readme":
            problem = "give a README, or --repo-id ORG/NAME"
        args.readme = Path("README.md")
    if problem is None and getattr(args, "create_pr", False) and not hub.on_hub(args):
        problem = "--create-pr needs --repo-id (it opens a pull request on the Hub)"
    if problem is None and getattr(args, "model_column_index", None) is not None:
        problem = "--model-column-index: name the column instead with --column TEXT"
    if problem:
        err(f"evalguard {args.command}: {problem}")
        return EXIT_USAGE
    writes = getattr(args, "apply", False) or getattr(args, "create_pr", False)
    if writes and not getattr(args, "dry_run", False):
        from evalguard.cli.sync_cmd import sync_hub, sync_one

        if hub.on_hub(args):
            return sync_hub(args, overwrite=False, write=True)
        return sync_one(args.readme, args, check=False, diff=False, overwrite=False)
    return _extract(args)


def _extract(args: argparse.Namespace) -> int:
    from evalguard.api import extract_card
    from evalguard.card.yamlblock import dump_block
    from evalguard.errors import EvalguardError
    from evalguard.repoid import as_repo_id, hub_url, repo_id_from_git

    read = hub.read_input(args, args.readme, eval_results=False)
    if isinstance(read, int):
        return read
    path, snapshot = read
    config = snapshot.config
    try:
        request = replace(request_from_args(args), repo_id=args.repo_id)
        result = extract_card(snapshot.readme or b"", request, config)
    except EvalguardError as exc:
        return input_error(path, exc)
    for warning in result.warnings:
        err(f"{path}: warning: {warning}")
    if args.explain:
        return _print_explanation(path, result)
    outcomes = result.extraction
    ambiguous = outcomes.by_status("ambiguous")
    if ambiguous:
        for outcome in ambiguous:
            err(
                f"{path}:{outcome.table.line}: table {outcome.table.index}: {outcome.reason}: "
                + ", ".join(repr(c) for c in outcome.candidates)
            )
        err("pin the model's column or row with --column TEXT (or `column:` in .evalguard.yaml)")
        return EXIT_FINDINGS
    if not result.scores:
        _explain_nothing(path, result)
        return EXIT_FINDINGS

    repo_id = as_repo_id(request.model) or as_repo_id(config.model) or request.repo_id
    if repo_id is None:
        repo_id = repo_id_from_git(card_folder(path))
    results = [r.block for r in result.readme_results(hub_url(repo_id) if repo_id else "")]
    if not repo_id:
        for block in results:
            block.pop("source", None)
    name = result.model.name if result.model else "model"
    value: list[dict[str, Any]] = [{"name": name, "results": results}]
    if args.format == "json":
        json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(dump_block(value, indent_sequences=False, newline="\n"))
    if not args.quiet:
        tables = sorted({s.table for s in result.scores})
        who = result.model.raw if result.model else "the card's model"
        err(
            f"{path}: {len(result.scores)} scores for {who!r} (model from {result.model_source}) "
            f"from table{'s' if len(tables) > 1 else ''} {', '.join(map(str, tables))}"
        )
        if not repo_id:
            err(f"{path}: source omitted: pass --model ORG/NAME to record source.url")
    return EXIT_OK


def _print_explanation(path: Path, result: Any) -> int:
    from evalguard.tables import explain

    who = result.model.raw if result.model else "none"
    print(f"{path}: model {who!r} (from {result.model_source})")
    for line in explain(result.extraction, result.model):
        print(line if line.startswith(" ") else f"{path}: {line}")
    return EXIT_OK if result.scores else EXIT_FINDINGS


def _explain_nothing(path: Path, result: Any) -> None:
    outcomes = result.extraction.outcomes
    if not outcomes:
        err(f"{path}: no tables in the card body")
        return
    model = result.model.raw if result.model else None
    if model is None:
        err(f"{path}: no model given and the card names none (no model-index, no title)")
    for outcome in outcomes:
        detail = (
            f" (candidates: {', '.join(repr(c) for c in outcome.candidates[:8])})"
            if outcome.candidates
            else ""
        )
        err(f"{path}:{outcome.table.line}: table {outcome.table.index}: {outcome.reason}{detail}")
    if model is not None:
        err(
            f"{path}: no evaluation table holds scores of {model!r} (from {result.model_source}); "
            "pass --model ORG/NAME or --column TEXT if a table does"
        )
