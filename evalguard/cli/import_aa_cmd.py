"""`evalguard import-aa`: import a model's scores from Artificial Analysis.

On a local card it writes like `sync` (`Fixing README.md`, exit 1 when it changed the
file; `--diff` previews). With `--repo-id`/`--author` the repos come from the Hub and
each gets one pull request (cli.hub). The AA answer is fetched once per run (and
cached, remote.aa); only results whose source is Artificial Analysis are replaced.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evalguard.cli import hub
from evalguard.cli.common import EXIT_CODES_HELP, EXIT_USAGE, err

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
        epilog=f"{EXIT_CODES_HELP}\n{hub.HUB_EXIT_CODES}\n{ENVIRONMENT_HELP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "readme", type=Path, nargs="?", metavar="README", help="the model card (default: README.md)"
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
    from evalguard.config import AASlugs

    problem = hub.usage_problem(args, args.readme)
    if problem is None and bool(args.creator_slug) != bool(args.model_name):
        problem = "--creator-slug and --model-name go together"
    several = len(args.repo_ids) > 1 or args.author
    if problem is None and args.model_name and several:
        problem = (
            "--model-name names one model; for several repos put `aa: {creator: SLUG, "
            "model: SLUG}` in each repo's .evalguard.yaml"
        )
    if problem:
        err(f"evalguard import-aa: {problem}")
        return EXIT_USAGE
    payload = _fetch()
    if payload is None:
        return EXIT_USAGE
    from evalguard.repo.import_aa import AARequest, plan_import_aa

    request = AARequest(
        AASlugs(args.creator_slug, args.model_name) if args.creator_slug else None,
        model=args.model,
        overwrite=args.overwrite,
        eval_results=args.eval_results,
    )
    if hub.on_hub(args):
        from evalguard.report.pull_request import Purpose

        return hub.run_writes(
            args,
            lambda snapshot: plan_import_aa(snapshot, payload, request),
            Purpose.IMPORT_AA,
            write=not args.diff,
        )
    from evalguard.cli.sync_cmd import fix_local

    return fix_local(
        args.readme or Path("README.md"),
        lambda snapshot: plan_import_aa(snapshot, payload, request),
        check=False,
        diff=args.diff,
        eval_results=args.eval_results,
    )


def _fetch() -> Any:
    """AA's model list (once per run, cached), or None after a one-line error."""
    from evalguard.remote.aa import AAError, AASettings, fetch_models

    try:
        return fetch_models(AASettings.from_env()).payload
    except AAError as exc:
        err(f"evalguard import-aa: {exc.message}")
        return None
