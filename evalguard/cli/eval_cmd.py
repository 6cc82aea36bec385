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
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    apply_plan,
    err,
    input_error,
    read_bytes,
)

if TYPE_CHECKING:
    from evalguard.remote.collect import Collection, JobsCollector
    from evalguard.remote.jobs import Flavor, JobOutcome, JobsClient, Provider
    from evalguard.repo.snapshot import RepoSnapshot
    from evalguard.sources.jobs import EvalRecord, JobResults

#: an evaluation or a job failed, or is not finished: nothing written for it
EXIT_FAILED = 3

EXIT_HELP = """exit codes:
  0  ok: submitted, listed, or nothing to change
  1  the card changed (or, with --diff, a change is due)
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
    parser.add_argument("job_ids", nargs="*", metavar="JOB_ID", help="jobs (default: recent ones)")
    parser.add_argument(
        "--since",
        default="7d",
        help="without JOB_IDs: evalguard jobs created within this time (default 7d)",
    )
    parser.add_argument(
        "readme",
        nargs="?",
        type=Path,
        metavar="README",
        help="the card to write (default README.md; or --repo-id)",
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


def _unknown_tasks(tasks: list[str]) -> int | None:
    from evalguard.sources.jobs import inspect_tasks, known_tasks_message

    for task in tasks:
        if task not in inspect_tasks():
            err(f"error: {known_tasks_message(task)}")
            return EXIT_USAGE
    return None


def _repo_id(text: str, flag: str) -> int | None:
    from evalguard.tables import ModelName

    if ModelName(text).repo_id is None:
        err(f"error: {flag} {text!r} is not a Hub repo id (ORG/NAME)")
        return EXIT_USAGE
    return None


def _run(args: argparse.Namespace) -> int:
    from evalguard.errors import EvalguardError
    from evalguard.remote.jobs import (
        JobRequest,
        JobsClient,
        outcome_of,
        seconds,
    )

    bad = (
        _repo_id(args.model, "--model")
        or (_repo_id(args.repo_id, "--repo-id") if args.repo_id else None)
        or _unknown_tasks(args.task)
    )
    if bad is not None:
        return bad
    request = JobRequest.from_options(args)
    try:
        seconds(request.timeout)
        client = JobsClient(namespace=args.namespace)
        flavor = _flavor(client, request.flavor)
        if flavor is None:
            return EXIT_USAGE
        _warn_flavor(flavor, request.provider)
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


def _flavor(client: JobsClient, name: str) -> Flavor | None:
    from evalguard.remote.jobs import describe_flavors

    flavors, live = client.flavors()
    found = next((f for f in flavors if f.name == name), None)
    if found is None:
        where = "the Hub's hardware list" if live else "huggingface_hub's known flavors"
        err(f"error: unknown flavor {name!r}; {where}: {describe_flavors(flavors)}")
    return found


def _warn_flavor(flavor: Flavor, provider: Provider) -> None:
    if flavor.gpu and provider.remote:
        err(
            f"warning: {flavor.name} is a GPU flavor, but with {provider.value} the model "
            "runs at the inference provider and the GPU sits idle (paid for); cpu-basic is enough"
        )
    elif not flavor.gpu and not provider.remote:
        err(
            f"warning: {provider.value} runs the model inside the job, on {flavor.name} "
            "(no GPU): expect it to be slow or to run out of memory"
        )


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
    snapshot = None if hub.on_hub(args) else _snapshot(args.readme or Path("README.md"))
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
    return max(worst, _write(snapshot, found.runs, found.repo, args))


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


def _snapshot(readme: Path) -> RepoSnapshot | int:
    from evalguard.errors import EvalguardError
    from evalguard.repo.snapshot import read_folder

    try:
        read_bytes(readme)
        return read_folder(readme)
    except (OSError, EvalguardError) as exc:
        return input_error(readme, exc)


def _task_type(snapshot: RepoSnapshot) -> str:
    return snapshot.config.task_type or "text-generation"


def _write(
    snapshot: RepoSnapshot, runs: list[JobResults], model: str | None, args: argparse.Namespace
) -> int:
    """Merge the runs into the card; print what happened; the exit code."""
    from evalguard.errors import EvalguardError
    from evalguard.repo.evals import plan_evals
    from evalguard.results.merge import MergeRefused, Refusal
    from evalguard.tables import ModelName

    where = snapshot.display()
    for run in runs:
        for result in run.source.results:
            metric = result.block["metrics"][0]
            url = result.block["source"]["url"]
            print(f"{result.block['dataset']['name']}: {metric['type']} {metric['value']} ({url})")
    try:
        plan = plan_evals(
            snapshot, runs, model=ModelName(model) if model else None, overwrite=args.overwrite
        )
    except MergeRefused as exc:
        err(exc.located(where))
        return EXIT_FINDINGS if exc.refusal is Refusal.WOULD_GUESS else EXIT_USAGE
    except EvalguardError as exc:
        err(exc.located(where))
        return EXIT_USAGE
    for note in plan.notes:
        err(f"{where}: note: {note}")
    for conflict in plan.conflicts:
        err(f"{where}: warning: {conflict.describe()}")
    if not plan.changed:
        print(f"{where}: up to date")
        return EXIT_OK
    if args.diff:
        sys.stdout.write(plan.diff())
        return EXIT_FINDINGS
    return EXIT_FINDINGS if apply_plan(plan, where) else EXIT_USAGE


# -- eval local -------------------------------------------------------------------------


def _local(args: argparse.Namespace) -> int:
    from evalguard.results.model import LOCAL_EVAL_SOURCE_NAME
    from evalguard.sources.jobs import EvalRecord, Provenance, job_results

    if args.benchmark and len(args.task) != 1:
        err("error: --benchmark names the benchmark of one task; give exactly one --task")
        return EXIT_USAGE
    bad = _repo_id(args.model, "--model") or (None if args.benchmark else _unknown_tasks(args.task))
    if bad is not None:
        return bad
    snapshot = _snapshot(args.readme)
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
        task_type=_task_type(snapshot),
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
    return _write(snapshot, [run], args.model, args)


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
