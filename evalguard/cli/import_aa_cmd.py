"""`evalguard import-aa`: import a model's scores from Artificial Analysis.

On a local card it writes like `sync` (`Fixing README.md`, exit 1 when it changed the
file; `--diff` previews). With `--repo-id`/`--author` the repos come from the Hub and
each gets one pull request (cli.hub). The AA answer is fetched once per run (and
cached, remote.aa) for every card and repo; only results whose source is Artificial
Analysis are replaced.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evalguard.cli import hub
from evalguard.cli.common import (
    EXIT_CODES_HELP,
    EXIT_USAGE,
    HelpFormatter,
    aa_problem,
    aa_request_from_args,
    err,
)

ENVIRONMENT_HELP = """environment:
  AA_API_KEY              the Artificial Analysis API key (or ARTIFICIAL_ANALYSIS_API_KEY,
                          or either in a .env file in this folder or above)
  EVALGUARD_AA_BASE_URL   default https://artificialanalysis.ai/api/v2
  EVALGUARD_CACHE_DIR     where answers are cached (default: the user cache folder)
  EVALGUARD_AA_CACHE_TTL  seconds an answer is reused (default 3600; 0: no cache)
  EVALGUARD_AA_TIMEOUT    seconds to wait for AA (default 30)"""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import-aa",
        help="import a model's benchmark scores from Artificial Analysis into model-index",
        description=(
            "Fetch the model's scores from Artificial Analysis (GET /data/llms/models) and "
            "write them into the card's model-index, on the 0-100 scale, with source "
            "Artificial Analysis. Only earlier Artificial Analysis results are replaced. "
            "The model is the one whose creator slug and model slug both match exactly."
        ),
        epilog=f"{EXIT_CODES_HELP}\n{ENVIRONMENT_HELP}",
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "readmes",
        type=Path,
        nargs="*",
        metavar="README",
        help="model cards (default: README.md); each names its AA model with `aa:` in the "
        ".evalguard.yaml beside it, unless the flags below name it",
    )
    aa = parser.add_argument_group("the Artificial Analysis model (else `aa:` in .evalguard.yaml)")
    aa.add_argument("--creator-slug", metavar="SLUG", help="its `model_creator.slug` (openai)")
    aa.add_argument("--model-name", metavar="SLUG", help="its `slug` (o3-mini)")
    mode = parser.add_argument_group("what to do")
    mode.add_argument(
        "--diff",
        "--dry-run",
        dest="diff",
        action="store_true",
        help="print the unified diff of what would change, and change nothing",
    )
    mode.add_argument(
        "--apply",
        action="store_true",
        help="write the change (the default; the predecessor's flag)",
    )
    mode.add_argument(
        "--overwrite",
        action="store_true",
        help="when an AA score disagrees with another source's result for the same "
        "benchmark, replace that result (default: keep both and report)",
    )
    mode.add_argument(
        "--eval-results",
        action="store_true",
        help="also write the scores into .eval_results/*.yaml (benchmarks with a Hub dataset "
        "id and task id)",
    )
    mode.add_argument(
        "--model",
        metavar="ORG/NAME",
        help="the model-index entry's model (default: `model:` in .evalguard.yaml, the Hub "
        "repo id, the model-index name, the card's title)",
    )
    hub.add_repo_options(parser, many=True, writes=True)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    problem = hub.usage_problem(args, args.readmes) or aa_problem(args)
    if problem:
        err(f"evalguard import-aa: {problem}")
        return EXIT_USAGE
    from evalguard.remote.aa import AAError, fetch_payload
    from evalguard.repo.import_aa import plan_import_aa

    try:
        payload = fetch_payload()
    except AAError as exc:
        err(f"evalguard import-aa: {exc.message}")
        return EXIT_USAGE
    # over an organization's repos, those that name no AA model are skipped, not errors
    request = aa_request_from_args(args, skip_unnamed=bool(args.author))
    if hub.on_hub(args):
        from evalguard.report.pull_request import Purpose

        return hub.run_writes(
            args,
            lambda snapshot: plan_import_aa(snapshot, payload, request),
            Purpose.IMPORT_AA,
            write=not args.diff,
        )
    from evalguard.cli.local import fix_local

    return max(
        fix_local(
            path,
            lambda snapshot: plan_import_aa(snapshot, payload, request),
            check=False,
            diff=args.diff,
            eval_results=args.eval_results,
        )
        for path in args.readmes or [Path("README.md")]
    )
