"""`evalguard extract`: print the model-index a README's tables give. Writes nothing.

`--repo-id ORG/NAME` reads the README from the Hub instead. The predecessor's
`extract-readme` (which writes, as `sync` does) is in cli.legacy.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from evalguard.cli import hub, legacy
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
            "the predecessor's command: the tables into model-index, as `sync` "
            "(--dry-run: print, as `extract`)",
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
            legacy.add_extract_readme_flags(parser)
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


def run(args: argparse.Namespace) -> int:
    if args.command == "extract-readme":
        return legacy.run_extract_readme(args)
    problem = hub.usage_problem(args, args.readme)
    if problem is None and not args.readme and not hub.on_hub(args):
        problem = "give a README, or --repo-id ORG/NAME"
    if problem:
        err(f"evalguard {args.command}: {problem}")
        return EXIT_USAGE
    return print_model_index(args)


def print_model_index(args: argparse.Namespace) -> int:
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
