"""`evalguard eval run`, `eval schedules`, `eval hardware`: evaluation jobs on Hugging Face
Jobs (remote.jobs), dispatched, scheduled and priced. They need only huggingface_hub."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from evalguard.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, err, job_request_from_args

if TYPE_CHECKING:
    from evalguard.remote.jobs import JobOutcome, JobsClient


def run(args: argparse.Namespace) -> int:
    """Submit (or schedule) the job; with --wait, wait for it and print its scores."""
    from evalguard.errors import EvalguardError
    from evalguard.remote.jobs import (
        JobsClient,
        check_request,
        describe_job,
        flavor_warning,
        seconds,
    )

    request = job_request_from_args(args)
    try:
        check_request(request)
        client = JobsClient(namespace=args.namespace)
        flavor = client.flavor(request.flavor)
        warning = flavor_warning(flavor, request.provider)
        if warning:
            err(f"warning: {warning}")
        if args.dry_run:
            when = f"a job scheduled {args.schedule}" if args.schedule else "a job"
            print(f"Would submit {when} on {flavor.describe()} (dry run: nothing submitted)")
            for line in describe_job(request):
                print(f"  {line}")
            return EXIT_OK
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
        return _report_finished(client, final)
    except EvalguardError as exc:  # JobsError, or an unreadable record in the job's log
        err(f"error: {exc.message}")
        return EXIT_USAGE


def _report_finished(client: JobsClient, outcome: JobOutcome) -> int:
    from evalguard.sources.jobs import parse_records

    print(f"Job {outcome.job_id}: {outcome.stage}")
    if not outcome.completed:
        err(f"{outcome.job_id}: {outcome.problem}")
        return EXIT_FAILED
    records = parse_records(client.logs(outcome))
    for record in records:
        print(f"  {record.summary()}")
    return EXIT_OK if records and all(r.ok for r in records) else EXIT_FAILED


def schedules(args: argparse.Namespace) -> int:
    """List evalguard's scheduled jobs, or delete one."""
    from evalguard.remote.jobs import MODEL_ENV, TASKS_LABEL, JobsClient, JobsError

    try:
        client = JobsClient(namespace=args.namespace)
        if args.delete:
            client.delete_schedule(args.delete)
            print(f"Deleted scheduled job {args.delete}")
            return EXIT_OK
        found = client.schedules()
    except JobsError as exc:
        err(f"error: {exc.message}")
        return EXIT_USAGE
    if not found:
        print("no evalguard scheduled jobs")
        return EXIT_OK
    rows = []
    for s in found:
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
    _table(("id", "schedule", "model", "tasks", "flavor", "next run"), rows)
    return EXIT_OK


def hardware(args: argparse.Namespace) -> int:
    """The Jobs flavors with their price per hour."""
    from evalguard.remote.jobs import JobsClient, JobsError

    try:
        flavors, live = JobsClient().flavors()
    except JobsError as exc:  # pragma: no cover - flavors() falls back on the known list
        err(f"error: {exc.message}")
        return EXIT_USAGE
    rows = []
    for f in flavors:
        price = f"{f.usd_per_hour:.2f}" if f.usd_per_hour is not None else "?"
        rows.append((f.name, f.pretty_name or ("GPU" if f.gpu else "CPU"), price))
    _table(("flavor", "hardware", "usd/hour"), rows)
    if not live:
        err("note: the Hub's hardware list could not be read; these are the flavors "
            "huggingface_hub knows, without prices")  # fmt: skip
    return EXIT_OK


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    from evalguard.report.results import render_table

    sys.stdout.write(render_table(columns, rows, "text"))
