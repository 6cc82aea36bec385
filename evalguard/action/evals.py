"""The action's evaluation commands, through the same core as `evalguard eval`:

- `eval-run`: submit one job on Hugging Face Jobs for the `model` input's `tasks` (on
  `flavor`, `limit` samples), or schedule it (`args: --schedule @weekly`); the outcome
  links the job. It needs no cards.
- `eval-collect`: for each card of the paths input, the finished evalguard jobs of its
  model (the `model` input, else `model:` in its .evalguard.yaml) merged into its
  model-index and `.eval_results`; a failed job is an error and writes nothing.

huggingface_hub is imported only when these run.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from evalguard.action.commands import Job, Ran, apply_outcome, internal_error
from evalguard.action.inputs import ActionError, cli_options
from evalguard.errors import EvalguardError
from evalguard.remote.collect import collect
from evalguard.remote.jobs import JobRequest, JobsClient, JobsError, seconds
from evalguard.repo.evals import plan_evals
from evalguard.repo.outcome import RepoOutcome, Status, failure
from evalguard.repo.snapshot import read_folder
from evalguard.sources.jobs import inspect_tasks, known_tasks_message
from evalguard.tables import ModelName


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
    if job.settings.create_pr or options.repo_id or options.create_pr:
        raise ActionError(
            "eval-collect into a Hub pull request (repo-id, create-pr) is not available in "
            "this version; collect into the cards of the paths input"
        )
    if options.readme != Path("README.md"):
        raise ActionError(f"args: {options.readme} is not an option; name cards in paths")
    since = None if options.job_ids else timedelta(seconds=seconds(options.since))
    client = JobsClient(namespace=options.namespace)
    outcomes: list[RepoOutcome] = []
    for where in job.files:
        try:
            snapshot = read_folder(Path(where))
            found = collect(
                client,
                options.job_ids,
                since=since,
                model=job.settings.model or options.model or snapshot.config.model,
                catalog=snapshot.config.catalog,
                task_type=snapshot.config.task_type or "text-generation",
                allow_limited=options.allow_limited,
            )
            outcomes.extend(RepoOutcome(where, Status.FAILED, message=f) for f in found.failed)
            for line in found.waiting:
                job.log(f"{where}: {line}")
            if not found.runs:
                outcomes.append(RepoOutcome(where, Status.UNCHANGED, message="no finished job"))
                continue
            model = ModelName(found.repo) if found.repo else None
            plan = plan_evals(snapshot, found.runs, model=model, overwrite=options.overwrite)
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
