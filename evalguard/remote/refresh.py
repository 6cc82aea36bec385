"""Commands over Hub repos, for the CLI and the Action alike.

- `refresh_repo`: one repo through a writing command: read it, plan the change, publish
  it -> RepoOutcome. Every Hub write goes this way (`sync`, `export`, `import-aa` with
  `--repo-id`, in `repo.batch` over many repos): only the planner differs. With
  `mode=None` it is a dry run: the plan is computed and nothing is written.
- `refresh_all`: `refresh_repo` over many repos (`repo.batch`, bounded threads).
- `check_repos`: `check` over repos (`repo.batch.each_target`): each read at one commit
  and validated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from huggingface_hub import HfApi

from evalguard.errors import EvalguardError
from evalguard.remote.hub import Published, PublishMode, publish, read_snapshot
from evalguard.repo.batch import DEFAULT_WORKERS, each_target, run_batch
from evalguard.repo.outcome import RepoOutcome, Status
from evalguard.repo.plan import RepoPlan
from evalguard.repo.snapshot import RepoSnapshot
from evalguard.report.pull_request import Purpose, pull_request_text
from evalguard.validate.files import CheckedFiles, Unreadable, check_snapshot

Planner = Callable[[RepoSnapshot], RepoPlan]


def refresh_repo(
    api: HfApi,
    repo_id: str,
    planner: Planner,
    *,
    purpose: Purpose,
    revision: str = "main",
    mode: PublishMode | None = PublishMode.PULL_REQUEST,
) -> RepoOutcome:
    """Raises what reading and planning raise (HubError, CardError, MergeRefused...);
    `repo.batch.guarded` turns those into outcomes."""
    plan = planner(read_snapshot(api, repo_id, revision))
    refused = "; ".join(f"{r.path}: {r.error.message}, not written" for r in plan.refused)
    if not plan.changed:
        if refused:
            return RepoOutcome(repo_id, Status.FAILED, plan, refused)
        return RepoOutcome(repo_id, Status.UNCHANGED, plan, _first(plan.notes) or "up to date")
    if mode is None:
        return RepoOutcome(repo_id, Status.DUE, plan, "a change is due (dry run, nothing written)")
    publication = publish(api, plan, pull_request_text(plan, purpose), mode=mode)
    status = Status.UNCHANGED if publication.action is Published.UP_TO_DATE else Status.CHANGED
    message = publication.describe()
    if refused:
        status, message = Status.FAILED, f"{message}; {refused}"
    return RepoOutcome(repo_id, status, plan, message, publication.url)


def refresh_all(
    api: HfApi,
    repo_ids: Sequence[str],
    planner: Planner,
    *,
    purpose: Purpose,
    revision: str = "main",
    mode: PublishMode | None = PublishMode.PULL_REQUEST,
    workers: int = DEFAULT_WORKERS,
    on_done: Callable[[RepoOutcome], object] | None = None,
) -> list[RepoOutcome]:
    """`refresh_repo` for every repo, `workers` at a time; one outcome each, in order."""
    return run_batch(
        repo_ids,
        lambda repo_id: refresh_repo(
            api, repo_id, planner, purpose=purpose, revision=revision, mode=mode
        ),
        workers=workers,
        on_done=on_done,
    )


def _first(notes: Sequence[str]) -> str | None:
    return notes[0] if notes else None


def check_repos(
    api: HfApi,
    repo_ids: Sequence[str],
    *,
    revision: str = "main",
    hub_validate: bool = False,
    workers: int = DEFAULT_WORKERS,
    on_done: Callable[[CheckedFiles], object] | None = None,
) -> CheckedFiles:
    """Every repo's README and `.eval_results/*.yaml`, `workers` repos at a time; a repo
    that cannot be read (or whose `.evalguard.yaml` is invalid) is unreadable, the others
    are checked. Findings and unreadable repos come in the order of `repo_ids`."""

    def check_one(repo_id: str) -> CheckedFiles:
        try:
            snapshot = read_snapshot(api, repo_id, revision)
        except EvalguardError as exc:
            return CheckedFiles(unreadable=[Unreadable(Path(repo_id), exc)])
        return check_snapshot(snapshot, hub_validate=hub_validate)

    checked = CheckedFiles()
    for one in each_target(repo_ids, check_one, workers=workers, on_done=on_done):
        checked.findings += one.findings
        checked.files += one.files
        checked.unreadable += one.unreadable
    return checked
