"""Collecting evaluation jobs: which evalguard jobs are finished, what their logs say.

Shared by `evalguard eval collect` and the action's `eval-collect`: the jobs of one
model repo, newest first, as `JobResults` (the successful ones) and one line per job that
failed, was cancelled, left no readable record, or is still running. A job that is not a
clean success contributes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from evalguard.catalog import Catalog
from evalguard.errors import EvalguardError
from evalguard.remote.jobs import JobOutcome, JobsClient, JobsError
from evalguard.results.model import JOBS_SOURCE_NAME
from evalguard.sources.jobs import JobResults, Provenance, job_results, parse_records


@dataclass
class Collection:
    #: the repo the jobs' scores go to (None when there were no jobs)
    repo: str | None
    #: the successful jobs' results, newest first
    runs: list[JobResults] = field(default_factory=list)
    #: "JOB: why; nothing written for it", for jobs that did not succeed
    failed: list[str] = field(default_factory=list)
    #: "JOB: still RUNNING; ...", for jobs that have not finished
    waiting: list[str] = field(default_factory=list)


def collect(
    client: JobsClient,
    job_ids: Sequence[str],
    *,
    since: timedelta | None,
    model: str | None,
    catalog: Catalog,
    task_type: str,
    allow_limited: bool = False,
) -> Collection:
    """The given jobs (else evalguard's jobs created within `since`) of `model` (a job's
    model or target repo). JobsError for a request that fails, or when the jobs are for
    several repos and no `model` says which."""
    outcomes = client.jobs(job_ids, since=since)
    if model:
        outcomes = [o for o in outcomes if model in (o.repo, o.model)]
    repos = sorted({o.repo or "?" for o in outcomes})
    if len(repos) > 1:
        raise JobsError(
            f"the jobs are for {len(repos)} repos ({', '.join(repos)}); pass the model "
            "(--model ORG/NAME, or `model:` in .evalguard.yaml) to pick the card's"
        )
    found = Collection(model or (repos[0] if repos else None))
    for outcome in outcomes:
        if outcome.running:
            found.waiting.append(
                f"{outcome.job_id}: still {outcome.stage}; collect it when it has finished"
            )
            continue
        problem = _problem(outcome) or _read(
            client,
            outcome,
            found,
            catalog=catalog,
            task_type=task_type,
            allow_limited=allow_limited,
        )
        if problem:
            found.failed.append(f"{outcome.job_id}: {problem}; nothing written for it")
    return found


def _problem(outcome: JobOutcome) -> str | None:
    if outcome.completed:
        return None
    message = " ".join(outcome.message.split()) if outcome.message else ""
    return f"job {outcome.stage}" + (f": {message}" if message else "")


def _read(
    client: JobsClient,
    outcome: JobOutcome,
    found: Collection,
    *,
    catalog: Catalog,
    task_type: str,
    allow_limited: bool,
) -> str | None:
    """Add the job's results to `found`; or say why it has none."""
    try:
        records = parse_records(client.logs(outcome))
    except EvalguardError as exc:
        if isinstance(exc, JobsError):
            raise
        return exc.message
    if not records:
        return "no evaluation record in the job's log"
    run = job_results(
        records,
        Provenance(JOBS_SOURCE_NAME, outcome.url),
        catalog,
        task_type=task_type,
        allow_limited=allow_limited,
    )
    if run.failures:
        return "; ".join(run.failures)
    found.runs.append(run)
    return None
