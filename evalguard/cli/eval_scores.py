"""`evalguard eval collect` and `eval local`: evaluation scores into a card. `collect`
reads finished HF Jobs (remote.collect), `local` runs inspect-ai here (the `eval`
extra); both merge through `repo.evals.plan_evals` and write a local card as every
fixer does (cli.local), or, with --repo-id/--author, a pull request per Hub repo
(cli.hub)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from evalguard.cli import hub
from evalguard.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, err
from evalguard.cli.local import read_repo_or_exit

if TYPE_CHECKING:
    from evalguard.remote.collect import Collection, JobsCollector
    from evalguard.sources.jobs import JobResults


def collect(args: argparse.Namespace) -> int:
    """The finished jobs' scores into the card, or into each Hub repo as a pull request."""
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

    outcomes = hub.refresh_repos(
        args, collector, Purpose.EVAL_JOBS, write=not args.diff, client=collector.client.api
    )
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


def local(args: argparse.Namespace) -> int:
    """Run the tasks here with inspect-ai and write their scores into the card."""
    from evalguard.remote.jobs import JobsError, check_repo_id, check_tasks, inspect_model
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
    records = [
        EvalRecord(r)
        for r in eval_script.run_tasks(
            args.task,
            inspect_model(args.provider, args.model),
            limit=args.limit,
            log_dir=args.log_dir,
            display="none",
        )
    ]
    for record in records:
        if record.ok:
            print(record.summary())
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
