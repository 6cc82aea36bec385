"""Collecting evaluation jobs: which evalguard jobs are finished, what their logs say.

Shared by `evalguard eval collect` and the action's `eval-collect`: the jobs of one
model repo, newest first, as `JobResults` (the successful ones) and one line per job that
failed, was cancelled, left no readable record, or is still running. A job that is not a
clean success contributes nothing.

`JobsCollector` turns that into a repo's plan, for a local card and for Hub repos alike
(it is the planner `remote.refresh` runs for each repo: one pull request per repo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from evalguard.catalog import Catalog
from evalguard.errors import EvalguardError
from evalguard.remote.jobs import JobOutcome, JobsClient, JobsError
from evalguard.repo.evals import plan_evals
from evalguard.repo.plan import RepoPlan
from evalguard.repo.snapshot import HubRepo, RepoSnapshot
from evalguard.results.model import JOBS_SOURCE_NAME
from evalguard.sources.jobs import JobResults, Provenance, job_results, parse_records
from evalguard.tables import ModelName

#: model-index task.type of the results when `.evalguard.yaml` sets none
DEFAULT_TASK_TYPE = "text-generation"


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
    listed: Sequence[JobOutcome],
    *,
    model: str | None,
    catalog: Catalog,
    task_type: str,
    allow_limited: bool = False,
) -> Collection:
    """The jobs among `listed` (`JobsClient.jobs`, listed once for many repos) of `model`
    (a job's model or target repo), read. JobsError for a request that fails, or when the
    jobs are for several repos and no `model` says which."""
    outcomes = [o for o in listed if model in (o.repo, o.model)] if model else list(listed)
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


@dataclass
class JobsCollector:
    """A repo's plan from the finished jobs among `listed` (listed once for every repo):
    the jobs of its model (`model`, else `model:` in its .evalguard.yaml, else the Hub
    repo id) merged into its model-index and `.eval_results`. Called as a planner
    (`remote.refresh`), it keeps what it found in each repo in `found`, by repo id (or
    folder), for the report."""

    client: JobsClient
    listed: Sequence[JobOutcome]
    model: str | None = None
    overwrite: bool = False
    allow_limited: bool = False
    found: dict[str, Collection] = field(default_factory=dict)

    def collect(self, snapshot: RepoSnapshot) -> Collection:
        """The jobs of the repo's model, read. Raises JobsError."""
        location = snapshot.location
        repo_id = location.repo_id if isinstance(location, HubRepo) else None
        return collect(
            self.client,
            self.listed,
            model=self.model or snapshot.config.model or repo_id,
            catalog=snapshot.config.catalog,
            task_type=snapshot.config.task_type or DEFAULT_TASK_TYPE,
            allow_limited=self.allow_limited,
        )

    def plan(self, snapshot: RepoSnapshot, found: Collection) -> RepoPlan:
        """Raises what `plan_evals` raises (CardError, MergeRefused)."""
        if not found.runs:
            whose = f" of {found.repo}" if found.repo else ""
            return RepoPlan(snapshot, notes=[f"no finished evalguard job{whose} to collect"])
        model = ModelName(found.repo) if found.repo else None
        return plan_evals(snapshot, found.runs, model=model, overwrite=self.overwrite)

    def __call__(self, snapshot: RepoSnapshot) -> RepoPlan:
        location = snapshot.location
        key = location.repo_id if isinstance(location, HubRepo) else str(location.folder)
        found = self.found[key] = self.collect(snapshot)
        return self.plan(snapshot, found)
