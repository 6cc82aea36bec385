"""`evalguard eval`: run inspect-ai evaluations (on HF Jobs or here) and write their
scores into the card.

    eval run        submit one job (or --schedule one) on Hugging Face Jobs
    eval collect    read finished evalguard jobs' logs; merge their scores into a card
    eval local      run the same evaluation in this process (needs the `eval` extra)
    eval schedules  list (or --delete) evalguard's scheduled jobs
    eval hardware   the Jobs flavors with their prices

`run`, `collect`, `schedules` and `hardware` need only huggingface_hub; inspect-ai is
imported by `local` alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalguard.cli import hub
from evalguard.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    err,
)
from evalguard.cli.local import read_repo_or_exit

if TYPE_CHECKING:
    from evalguard.remote.collect import Collection, JobsCollector
    from evalguard.remote.jobs import JobOutcome, JobsClient
    from evalguard.sources.jobs import EvalRecord, JobResults

#: an evaluation or a job failed, or is not finished: nothing written for it
EXIT_FAILED = 3

EXIT_HELP = """exit codes:
  0  ok: submitted, listed, or nothing to change
  1  the card changed (--diff only prints the change: 0)
  2  usage error or unreadable input (unknown task or flavor, bad card, no token, HTTP error)
  3  an evaluation or job failed (its log's error is printed); nothing written for it"""

PROVIDERS = ("hf-inference-providers", "vllm", "transformers")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "eval",
        help="run inspect-ai evaluations on HF Jobs (or here) and write their scores",
        description=__doc__.split("\n\n")[0],
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    parser.add_argument("--timeout", default="2h", help="job timeout: 90m, 2h, 1d (default 2h)")
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
    parser.set_defaults(handler=_run)


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
    parser.set_defaults(handler=_collect)


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
    parser.set_defaults(handler=_local)


def _register_schedules(commands: Any) -> None:
    parser = _sub(
        commands,
        "schedules",
        "list or delete evalguard's scheduled jobs",
        "List the scheduled jobs evalguard created (`eval run --schedule`), or delete one.",
    )
    parser.add_argument("--delete", metavar="ID", help="delete this scheduled job")
    parser.add_argument("--namespace", help="user or org (default: yours)")
    parser.set_defaults(handler=_schedules)


def _register_hardware(commands: Any) -> None:
    parser = _sub(
        commands,
        "hardware",
        "list the Jobs flavors and what they cost",
        "List the hardware flavors of Hugging Face Jobs with their price per hour, as the "
        "Hub's hardware list says (huggingface_hub's known list when it cannot be read).",
    )
    parser.set_defaults(handler=_hardware)


# -- eval run ---------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    from evalguard.errors import EvalguardError
    from evalguard.remote.jobs import (
        JobRequest,
        JobsClient,
        check_request,
        flavor_warning,
        outcome_of,
        seconds,
    )

    request = JobRequest.from_options(args)
    try:
        check_request(request)
        client = JobsClient(namespace=args.namespace)
        flavor = client.flavor(request.flavor)
        warning = flavor_warning(flavor, request.provider)
        if warning:
            err(f"warning: {warning}")
        if args.schedule:
            scheduled = client.schedule(request, args.schedule)
            print(f"Scheduled job {scheduled.id} ({args.schedule}) on {flavor.describe()}")
            return EXIT_OK
        job = client.submit(request)
        print(f"Submitted job {job.id} on {flavor.describe()}: {job.url}")
        print(f"Collect its scores when it is done: evalguard eval collect {job.id}")
        if not args.wait:
            return EXIT_OK
        final = client.wait(job.id, timeout=float(seconds(request.timeout)) + 600)
        return _report_finished(client, outcome_of(final))
    except EvalguardError as exc:  # JobsError, or an unreadable record in the job's log
        err(f"error: {exc.message}")
        return EXIT_USAGE


def _report_finished(client: JobsClient, outcome: JobOutcome) -> int:
    from evalguard.sources.jobs import parse_records

    print(f"Job {outcome.job_id}: {outcome.stage}")
    if not outcome.completed:
        err(f"{outcome.job_id}: job {outcome.stage}" + _message(outcome))
        return EXIT_FAILED
    records = parse_records(client.logs(outcome))
    for record in records:
        print(f"  {_summary(record)}")
    return EXIT_OK if records and all(r.ok for r in records) else EXIT_FAILED


def _message(outcome: JobOutcome) -> str:
    return f": {' '.join(outcome.message.split())}" if outcome.message else ""


def _summary(record: EvalRecord) -> str:
    if not record.ok:
        return record.describe_failure()
    scores = ", ".join(
        f"{name} {value:.4g}"
        for score in record.data.get("scores") or []
        for name, value in (score.get("metrics") or {}).items()
        if isinstance(value, (int, float))
    )
    samples = record.samples.get("completed")
    return f"{record.task}: {scores}" + (f" ({samples} samples)" if samples is not None else "")


# -- eval collect -----------------------------------------------------------------------


def _collect(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from evalguard.remote.collect import JobsCollector
    from evalguard.remote.jobs import JobsClient, JobsError, seconds

    problem = hub.usage_problem(args, args.readme)
    if problem is None and args.model and (len(args.repo_ids) > 1 or args.author):
        problem = "--model picks one model's jobs; over several repos each takes its own"
    if problem:
        err(f"evalguard eval collect: {problem}")
        return EXIT_USAGE
    readme = args.readme or Path("README.md")
    snapshot = None if hub.on_hub(args) else read_repo_or_exit(readme)
    if isinstance(snapshot, int):
        return snapshot
    try:
        client = JobsClient(namespace=args.namespace)
        since = None if args.job_ids else timedelta(seconds=seconds(args.since))
        collector = JobsCollector(
            client,
            client.jobs(args.job_ids, since=since),
            model=args.model,
            overwrite=args.overwrite,
            allow_limited=args.allow_limited,
        )
        if snapshot is None:
            return _collect_hub(args, collector)
        found = collector.collect(snapshot)
    except JobsError as exc:
        err(f"error: {exc.message}")
        return EXIT_USAGE
    worst = EXIT_FAILED if _print_jobs(found) else EXIT_OK
    if not (found.runs or found.failed or found.waiting):
        print("no evalguard jobs to collect" + (f" for {found.repo}" if found.repo else ""))
    if not found.runs:
        return worst
    return max(worst, _write(readme, found.runs, found.repo, args))


def _print_jobs(found: Collection) -> bool:
    """Print the jobs that are still running and those that failed; whether any failed."""
    for line in found.waiting:
        print(line)
    for line in found.failed:
        err(line)
    return bool(found.failed)


def _collect_hub(args: argparse.Namespace, collector: JobsCollector) -> int:
    """Each repo's jobs into the repo, as one pull request per repo (cli.hub)."""
    from evalguard.report.pull_request import Purpose

    outcomes = hub.refresh_repos(args, collector, Purpose.EVAL_JOBS, write=not args.diff)
    if isinstance(outcomes, int):
        return outcomes
    failed = False
    for outcome in outcomes:  # in the order of the repos, whichever finished first
        found = collector.found.get(outcome.where)
        failed = (found is not None and _print_jobs(found)) or failed
    code = hub.report(outcomes)
    return max(code, EXIT_FAILED) if failed else code


def _write(
    readme: Path, runs: list[JobResults], model: str | None, args: argparse.Namespace
) -> int:
    """Merge the runs into the card (cli.local.fix_local); print what happened; the exit
    code."""
    from evalguard.cli.local import fix_local
    from evalguard.repo.evals import plan_evals
    from evalguard.tables import ModelName

    for run in runs:
        for result in run.source.results:
            metric = result.block["metrics"][0]
            url = result.block["source"]["url"]
            print(f"{result.block['dataset']['name']}: {metric['type']} {metric['value']} ({url})")
    name = ModelName(model) if model else None
    code = fix_local(
        readme,
        lambda snapshot: plan_evals(snapshot, runs, model=name, overwrite=args.overwrite),
        diff=args.diff,
        eval_results=True,
        verb="Writing",
    )
    if code == EXIT_OK and not args.diff:
        print(f"{readme}: up to date")
    return code


# -- eval local -------------------------------------------------------------------------


def _local(args: argparse.Namespace) -> int:
    from evalguard.remote.jobs import JobsError, check_repo_id, check_tasks
    from evalguard.results.model import LOCAL_EVAL_SOURCE_NAME
    from evalguard.sources.jobs import DEFAULT_TASK_TYPE, EvalRecord, Provenance, job_results

    if args.benchmark and len(args.task) != 1:
        err("error: --benchmark names the benchmark of one task; give exactly one --task")
        return EXIT_USAGE
    try:
        check_repo_id(args.model, "model")
        if not args.benchmark:
            check_tasks(args.task)
    except JobsError as exc:
        err(f"error: {exc.message}")
        return EXIT_USAGE
    snapshot = read_repo_or_exit(args.readme)
    if isinstance(snapshot, int):
        return snapshot
    try:
        import inspect_ai  # noqa: F401  # the `eval` extra

        from evalguard.remote import eval_script
    except ImportError:
        err("error: eval local needs inspect-ai: pip install 'evalguard[eval]'")
        return EXIT_USAGE
    prefix = {"transformers": "hf"}.get(args.provider, args.provider)
    records = [
        EvalRecord(r)
        for r in eval_script.run_tasks(
            args.task,
            f"{prefix}/{args.model}",
            limit=args.limit,
            log_dir=args.log_dir,
            display="none",
        )
    ]
    for record in records:
        if record.ok:
            print(_summary(record))
    run = job_results(
        records,
        Provenance(
            LOCAL_EVAL_SOURCE_NAME, args.source_url or f"https://huggingface.co/{args.model}"
        ),
        snapshot.config.catalog,
        task_type=snapshot.config.task_type or DEFAULT_TASK_TYPE,
        benchmarks={args.task[0]: args.benchmark} if args.benchmark else None,
        allow_limited=args.allow_limited,
    )
    if run.failures:
        for failure in run.failures:
            err(f"error: {failure}; nothing written")
        return EXIT_FAILED
    if not run.source.results:
        for note in run.skipped:
            err(f"{snapshot.display()}: note: {note}")
        return EXIT_OK
    return _write(args.readme, [run], args.model, args)


# -- eval schedules / hardware -------------------------------------------------------------


def _schedules(args: argparse.Namespace) -> int:
    from evalguard.remote.jobs import MODEL_ENV, TASKS_LABEL, JobsClient, JobsError

    try:
        client = JobsClient(namespace=args.namespace)
        if args.delete:
            client.delete_schedule(args.delete)
            print(f"Deleted scheduled job {args.delete}")
            return EXIT_OK
        schedules = client.schedules()
    except JobsError as exc:
        err(f"error: {exc.message}")
        return EXIT_USAGE
    if not schedules:
        print("no evalguard scheduled jobs")
        return EXIT_OK
    rows = [("ID", "SCHEDULE", "MODEL", "TASKS", "FLAVOR", "NEXT RUN")]
    for s in schedules:
        spec = s.job_spec
        nxt = s.status.next_job_run_at
        rows.append(
            (
                s.id,
                str(s.schedule or "-"),
                str((spec.environment or {}).get(MODEL_ENV, "-")),
                str((spec.labels or {}).get(TASKS_LABEL, "-")),
                str(getattr(spec.flavor, "value", spec.flavor) or "-"),
                nxt.isoformat(timespec="minutes") if nxt else "-",
            )
        )
    _table(rows)
    return EXIT_OK


def _hardware(args: argparse.Namespace) -> int:
    from evalguard.remote.jobs import JobsClient, JobsError

    try:
        flavors, live = JobsClient().flavors()
    except JobsError as exc:  # pragma: no cover - flavors() falls back on the known list
        err(f"error: {exc.message}")
        return EXIT_USAGE
    rows = [("FLAVOR", "HARDWARE", "USD/HOUR")]
    for f in flavors:
        price = f"{f.usd_per_hour:.2f}" if f.usd_per_hour is not None else "?"
        rows.append((f.name, f.pretty_name or ("GPU" if f.gpu else "CPU"), price))
    _table(rows)
    if not live:
        err("note: the Hub's hardware list could not be read; these are the flavors "
            "huggingface_hub knows, without prices")  # fmt: skip
    return EXIT_OK


def _table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
