"""`evalguard eval`: run inspect-ai evaluations (on HF Jobs or here) and write their
scores into the card.

    eval run        submit one job (or --schedule one) on Hugging Face Jobs
    eval collect    read finished evalguard jobs' logs; merge their scores into a card
    eval local      run the same evaluation in this process (needs the `eval` extra)
    eval schedules  list (or --delete) evalguard's scheduled jobs
    eval hardware   the Jobs flavors with their prices

This module is the grammar; `cli.eval_jobs` runs `run`, `schedules` and `hardware` (they
need only huggingface_hub), `cli.eval_scores` runs `collect` and `local` (inspect-ai is
imported by `local` alone).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evalguard.cli import eval_jobs, eval_scores, hub
from evalguard.cli.common import (
    EXIT_FAILED,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    HelpFormatter,
    exit_codes_help,
)

EXIT_HELP = exit_codes_help((EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILED))

PROVIDERS = ("hf-inference-providers", "vllm", "transformers")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "eval",
        help="run inspect-ai evaluations on HF Jobs (or here) and write their scores",
        description=" ".join(__doc__.split("\n\n")[0].split()),  # one paragraph, rewrapped
        epilog=EXIT_HELP,
        formatter_class=HelpFormatter,
    )
    commands = parser.add_subparsers(dest="eval_command", metavar="COMMAND")
    parser.set_defaults(handler=lambda _args: _help(parser))
    _register_run(commands)
    _register_collect(commands)
    _register_local(commands)
    _register_schedules(commands)
    _register_hardware(commands)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _sub(commands: Any, name: str, help: str, description: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=EXIT_HELP,
        formatter_class=HelpFormatter,
    )
    return parser


def _add_task_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", required=True, metavar="ORG/NAME", help="the model (its Hub repo id)"
    )
    parser.add_argument(
        "--task",
        required=True,
        action="append",
        metavar="TASK",
        help="inspect_evals task, e.g. gpqa_diamond (repeatable)",
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", help="evaluate only N samples per task (a smoke test)"
    )


def _add_write_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--diff",
        "--dry-run",
        dest="diff",
        action="store_true",
        help="print the diff of what would change, write nothing",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="when a score disagrees with another source's result for the benchmark, "
        "replace that result (default: keep both and report)",
    )
    parser.add_argument(
        "--allow-limited",
        action="store_true",
        help="also write scores of runs that evaluated only part of a benchmark (--limit)",
    )


def _register_run(commands: Any) -> None:
    parser = _sub(
        commands,
        "run",
        "submit an evaluation job on Hugging Face Jobs",
        "Submit one job on Hugging Face Jobs that runs the inspect_evals tasks against the "
        "model and prints its scores to the job's log (collect them with `eval collect`). "
        "HF_TOKEN goes to the job as a secret, never in its command or environment.",
    )
    _add_task_options(parser)
    parser.add_argument(
        "--provider",
        choices=PROVIDERS,
        default=PROVIDERS[0],
        help="where the model runs: Inference Providers (remote, no GPU needed; default), "
        "vLLM or transformers inside the job (GPU flavor)",
    )
    parser.add_argument(
        "--flavor",
        "--hardware",
        dest="flavor",
        default="cpu-basic",
        help="job hardware (default cpu-basic); `evalguard eval hardware` lists them",
    )
    parser.add_argument(
        "--timeout", type=_duration, default="2h", help="job timeout: 90m, 2h, 1d (default 2h)"
    )
    parser.add_argument(
        "--repo-id", metavar="ORG/NAME", help="the repo the scores go to (default: --model)"
    )
    parser.add_argument(
        "--volume",
        metavar="hf://buckets/ORG/B:/logs",
        help="mount a volume and keep the eval logs and records there",
    )
    parser.add_argument("--namespace", help="user or org the job runs under (default: yours)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--wait", action="store_true", help="wait for the job and print its scores")
    when.add_argument(
        "--schedule",
        metavar="CRON",
        help="create a scheduled job instead: @daily, @weekly or a 5-field cron",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the job that would be submitted (flavor and price, command, labels); "
        "submit nothing",
    )
    parser.set_defaults(handler=eval_jobs.run)


def _register_collect(commands: Any) -> None:
    parser = _sub(
        commands,
        "collect",
        "merge finished evalguard jobs' scores into a card",
        "Read finished evalguard jobs (their logs) and merge their scores into the card's "
        "model-index and .eval_results files, with the job as each result's source. A "
        "failed, cancelled or still-running job is reported and writes nothing.",
    )
    parser.add_argument(
        "job_ids",
        nargs="*",
        default=[],
        action=_JobsAndCard,
        metavar="JOB_ID|README",
        help="the jobs to collect (default: evalguard's recent jobs, see --since), and the "
        "card to write: a word ending in .md or naming a file (default README.md; or "
        "--repo-id)",
    )
    parser.set_defaults(readme=None)
    parser.add_argument(
        "--since",
        type=_duration,
        default="7d",
        help="without JOB_IDs: evalguard jobs created within this time (default 7d)",
    )
    parser.add_argument(
        "--model",
        metavar="ORG/NAME",
        help="collect only this model's jobs (default: the card's `model:` setting; on the "
        "Hub, the repo's own jobs)",
    )
    parser.add_argument("--namespace", help="user or org the jobs ran under (default: yours)")
    _add_write_options(parser)
    hub.add_repo_options(parser, many=True, writes=True)
    parser.set_defaults(handler=eval_scores.collect)


def _duration(text: str) -> str:
    """`90m`, `2h`, `1d`: checked as the grammar reads it (remote.jobs.seconds)."""
    from evalguard.remote.jobs import JobsError, seconds

    try:
        seconds(text)
    except JobsError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    return text


class _JobsAndCard(argparse.Action):
    """`eval collect JOB... README.md`: the card among the job ids is the word that ends
    in `.md` or names a file (argparse alone would take it for one more job id)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        words = [str(v) for v in values]
        cards = [w for w in words if w.endswith(".md") or Path(w).is_file()]
        if len(cards) > 1:
            parser.error(f"one card at a time: {', '.join(cards)}")
        namespace.job_ids = [w for w in words if w not in cards]
        namespace.readme = Path(cards[0]) if cards else None


def _register_local(commands: Any) -> None:
    parser = _sub(
        commands,
        "local",
        "run the evaluation here (needs the `eval` extra) and write its scores",
        "Run the inspect tasks in this process, as a job would, and merge the scores into "
        "the card. Needs inspect-ai: pip install 'evalguard[eval]'.",
    )
    _add_task_options(parser)
    parser.add_argument(
        "--provider",
        default="transformers",
        help="inspect model provider: transformers (local, default), vllm, "
        "hf-inference-providers, or any inspect provider (openai-api/NAME, ollama, ...)",
    )
    parser.add_argument(
        "--benchmark",
        metavar="KEY",
        help="the catalog benchmark a task of your own measures (with one --task)",
    )
    parser.add_argument("--log-dir", default="logs", help="where inspect keeps its eval logs")
    parser.add_argument(
        "--source-url",
        metavar="URL",
        help="source.url of the results (default: the model's Hub page)",
    )
    parser.add_argument(
        "readme",
        nargs="?",
        type=Path,
        default=Path("README.md"),
        metavar="README",
        help="the card to write (default README.md)",
    )
    _add_write_options(parser)
    parser.set_defaults(handler=eval_scores.local)


def _register_schedules(commands: Any) -> None:
    parser = _sub(
        commands,
        "schedules",
        "list or delete evalguard's scheduled jobs",
        "List the scheduled jobs evalguard created (`eval run --schedule`), or delete one.",
    )
    parser.add_argument("--delete", metavar="ID", help="delete this scheduled job")
    parser.add_argument("--namespace", help="user or org (default: yours)")
    parser.set_defaults(handler=eval_jobs.schedules)


def _register_hardware(commands: Any) -> None:
    parser = _sub(
        commands,
        "hardware",
        "list the Jobs flavors and what they cost",
        "List the hardware flavors of Hugging Face Jobs with their price per hour, as the "
        "Hub's hardware list says (huggingface_hub's known list when it cannot be read).",
    )
    parser.set_defaults(handler=eval_jobs.hardware)
