"""The action's evaluation commands, through the same core as `evalguard eval`:

- `eval-run`: submit one job on Hugging Face Jobs for the `model` input's `tasks` (on
  `flavor`, `limit` samples), or schedule it (`args: --schedule @weekly`); the outcome
  links the job. It needs no cards.
- `eval-collect`: for each card of the paths input (or each Hub repo of the repo-id
  input, as one pull request per repo), the finished evalguard jobs of its model (the
  `model` input, else `model:` in its .evalguard.yaml, else the repo id) merged into its
  model-index and `.eval_results`; a failed job is an error and writes nothing.

huggingface_hub is imported only when these run.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from evalguard.action.commands import Job, Ran, apply_outcome, internal_error
from evalguard.action.inputs import ActionError, cli_options
from evalguard.errors import EvalguardError
from evalguard.remote.collect import Collection, JobsCollector
from evalguard.remote.jobs import JobRequest, JobsClient, JobsError, seconds
from evalguard.repo.outcome import RepoOutcome, Status, failure
from evalguard.repo.snapshot import read_folder
from evalguard.report.pull_request import Purpose
from evalguard.sources.jobs import inspect_tasks, known_tasks_message


def run_eval_run(job: Job) -> Ran:
    settings = job.settings
    if not settings.model or not settings.tasks:
        raise ActionError("eval-run needs the model and tasks inputs")
    unknown = [t for t in settings.tasks if t not in inspect_tasks()]
    if unknown:
        raise ActionError(f"tasks: {known_tasks_message(unknown[0])}")
    tasks = [arg for task in settings.tasks for arg in ("--task", task)]
    limit = ["--limit", str(settings.limit)] if settings.limit else []
    options = cli_options(
        ["eval", "run", "--model", settings.model, *tasks, "--flavor", settings.flavor,
         *limit, *settings.args]
    )  # fmt: skip
    if options.wait:
        raise ActionError("args: --wait: the action does not wait for jobs; eval-collect them")
    request = JobRequest.from_options(options)
    try:
        seconds(request.timeout)
        client = JobsClient(namespace=options.namespace)
        flavors, _ = client.flavors()
        flavor = next((f for f in flavors if f.name == request.flavor), None)
        if flavor is None:
            known = ", ".join(f.name for f in flavors)
            raise ActionError(f"flavor: unknown flavor {request.flavor!r}; known: {known}")
        idle = " (a GPU that sits idle: the model runs at the provider)" if (
            flavor.gpu and request.provider.remote) else ""  # fmt: skip
        if options.schedule:
            scheduled = client.schedule(request, options.schedule)
            message = f"scheduled job {scheduled.id} ({options.schedule}) on {flavor.describe()}"
            return Ran(
                outcomes=[RepoOutcome(request.model, Status.CHANGED, message=message + idle)]
            )
        submitted = client.submit(request)
    except JobsError as exc:
        return Ran(outcomes=[failure(request.model, exc)])
    message = f"submitted job {submitted.id} on {flavor.describe()}{idle}: {submitted.url}"
    return Ran(
        outcomes=[RepoOutcome(request.model, Status.CHANGED, message=message, url=submitted.url)]
    )


def run_eval_collect(job: Job) -> Ran:
    options = cli_options(["eval", "collect", *job.settings.args])
    if options.readme is not None:
        raise ActionError(f"args: {options.readme} is not an option; name cards in paths")
    model = job.settings.model or options.model
    repos = [*job.settings.repo_ids, *options.repo_ids]
    if model and job.settings.on_hub and (len(repos) > 1 or options.author):
        raise ActionError("model picks one model's jobs; over several repos each takes its own")
    since = None if options.job_ids else timedelta(seconds=seconds(options.since))
    try:
        client = JobsClient(namespace=options.namespace)
        collector = JobsCollector(
            client,
            client.jobs(options.job_ids, since=since),
            model=model,
            overwrite=options.overwrite,
            allow_limited=options.allow_limited,
        )
    except JobsError as exc:
        return Ran(outcomes=[failure(model or "jobs", exc)])
    if job.settings.on_hub:
        from evalguard.action.hub import run_on_hub  # noqa: PLC0415 - the Hub client

        ran = run_on_hub(job, options, collector, Purpose.EVAL_JOBS, write=not options.diff)
        for outcome in list(ran.outcomes):  # in the order of the repos
            found = collector.found.get(outcome.where)
            if found is not None:
                ran.outcomes.extend(_jobs_outcomes(outcome.where, found, job))
        return ran
    outcomes: list[RepoOutcome] = []
    for where in job.files:
        try:
            snapshot = read_folder(Path(where))
            found = collector.collect(snapshot)
            outcomes.extend(_jobs_outcomes(where, found, job))
            if not found.runs:
                outcomes.append(RepoOutcome(where, Status.UNCHANGED, message="no finished job"))
                continue
            plan = collector.plan(snapshot, found)
        except (OSError, EvalguardError) as exc:
            outcomes.append(failure(where, exc))
            continue
        except Exception as exc:
            outcomes.append(internal_error(where, exc, job.log))
            continue
        outcomes.append(
            apply_outcome(where, plan, write=not options.diff, diff=options.diff, log=job.log)
        )
    return Ran(outcomes=outcomes)


def _jobs_outcomes(where: str, found: Collection, job: Job) -> list[RepoOutcome]:
    """A failed job is an error of the card or repo its scores were for; a job still
    running is a line in the log."""
    for line in found.waiting:
        job.log(f"{where}: {line}")
    return [RepoOutcome(where, Status.FAILED, message=line) for line in found.failed]
