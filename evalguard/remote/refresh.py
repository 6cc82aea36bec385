"""One Hub repo through a command: read it, plan the change, publish it -> RepoOutcome.

Every Hub write goes this way (`sync`, `export`, `import-aa` with `--repo-id`, and
`repo.batch` over many repos): the planner is the only part that differs. With
`mode=None` it is a dry run: the plan is computed and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from huggingface_hub import HfApi

from evalguard.remote.hub import Published, PublishMode, publish, read_snapshot
from evalguard.repo.outcome import RepoOutcome, Status
from evalguard.repo.plan import RepoPlan
from evalguard.repo.snapshot import RepoSnapshot
from evalguard.report.pull_request import Purpose, pull_request_text

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
        return RepoOutcome(repo_id, Status.UNCHANGED, plan, "up to date")
    if mode is None:
        return RepoOutcome(repo_id, Status.DUE, plan, "a change is due (dry run, nothing written)")
    publication = publish(api, plan, pull_request_text(plan, purpose), mode=mode)
    status = Status.UNCHANGED if publication.action is Published.UP_TO_DATE else Status.CHANGED
    message = publication.describe()
    if refused:
        status, message = Status.FAILED, f"{message}; {refused}"
    return RepoOutcome(repo_id, status, plan, message, publication.url)
