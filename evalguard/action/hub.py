"""The Action's commands on Hub repos (the `repo-id` input, or `--repo-id`/`--author` in
`args`), and `import-aa`. Through the same core as the CLI: `remote.refresh` reads each
repo, plans the change and opens (or updates) one pull request per repo; the outcomes
carry the pull request links, which become the `pull-requests` output and the summary's
list of changes. huggingface_hub and requests are imported only here, only then.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from evalguard.action.commands import Job, Ran, each_card
from evalguard.action.inputs import ActionError
from evalguard.errors import EvalguardError
from evalguard.repo.outcome import Status
from evalguard.repo.plan import RepoPlan
from evalguard.repo.snapshot import RepoSnapshot, read_folder
from evalguard.report.pull_request import Purpose
from evalguard.validate.files import CheckedFiles

if TYPE_CHECKING:
    from huggingface_hub import HfApi

Planner = Callable[[RepoSnapshot], RepoPlan]


def run_on_hub(
    job: Job, options: argparse.Namespace, planner: Planner, purpose: Purpose, *, write: bool
) -> Ran:
    """Plan every repo and, with `write`, publish it: a pull request per repo unless
    `create-pr: false` (or `--push`). A repo that fails does not stop the others."""
    from evalguard.remote.hub import PublishMode  # noqa: PLC0415 - the network stack
    from evalguard.remote.refresh import refresh_all  # noqa: PLC0415

    if options.push and (options.create_pr or job.settings.create_pr):
        raise ActionError("create-pr and --push: choose one")
    push = options.push or job.settings.create_pr is False
    client, repos = _targets(job, options)
    if not repos:
        raise ActionError(f"{job.settings.command}: --author {options.author}: no model repos")
    mode = (PublishMode.PUSH if push else PublishMode.PULL_REQUEST) if write else None
    outcomes = refresh_all(
        client,
        repos,
        planner,
        purpose=purpose,
        revision=options.revision or "main",
        mode=mode,
        workers=options.workers,
    )
    for outcome in outcomes:
        if outcome.status is Status.DUE and outcome.plan is not None:
            job.log(outcome.plan.diff())
    return Ran(outcomes=outcomes, repos=repos)


def _targets(job: Job, options: argparse.Namespace) -> tuple[HfApi, list[str]]:
    """A Hub client and the repos: the repo-id input's, `--repo-id`s, the `--author`'s."""
    from evalguard.remote.hub import hub_api, repo_targets  # noqa: PLC0415

    client = hub_api()
    try:
        repos = repo_targets(client, [*job.settings.repo_ids, *options.repo_ids], options.author)
    except EvalguardError as exc:
        raise ActionError(f"{job.settings.command}: {exc.message}") from None
    return client, repos


def check_on_hub(job: Job, options: argparse.Namespace) -> tuple[list[str], CheckedFiles]:
    """`check` over Hub repos: the repos, and what checking them found (findings named
    `org/name/README.md`, the repos that cannot be read)."""
    from evalguard.remote.refresh import check_repos  # noqa: PLC0415 - the network stack

    client, repos = _targets(job, options)
    checked = check_repos(
        client, repos, revision=options.revision or "main", hub_validate=options.hub_validate
    )
    return repos, checked


def run_import_aa(job: Job) -> Ran:
    """Artificial Analysis scores into each card (local) or each repo (Hub). Cards or
    repos the Action found by itself (no paths input, `--author`) that name no AA model
    are skipped; one named explicitly that names none is an error."""
    from evalguard.action.inputs import command_options  # noqa: PLC0415
    from evalguard.cli.common import aa_problem, aa_request_from_args  # noqa: PLC0415
    from evalguard.remote.aa import AAError, fetch_payload  # noqa: PLC0415
    from evalguard.repo.import_aa import plan_import_aa  # noqa: PLC0415

    options = command_options(job.settings, job.files, cards="readmes")
    # the repo-id input's repos count as `--repo-id`s: one --model-name fits one repo only
    repos = [*job.settings.repo_ids, *options.repo_ids]
    problem = aa_problem(argparse.Namespace(**{**vars(options), "repo_ids": repos}))
    if problem:
        raise ActionError(f"args: {problem}")
    try:
        payload = fetch_payload()
    except AAError as exc:
        raise ActionError(f"import-aa: {exc.message}") from None
    found_itself = bool(options.author) if job.settings.on_hub else not job.settings.paths
    request = aa_request_from_args(options, skip_unnamed=found_itself)

    def plan(snapshot: RepoSnapshot) -> RepoPlan:
        return plan_import_aa(snapshot, payload, request)

    if job.settings.on_hub:
        return run_on_hub(job, options, plan, Purpose.IMPORT_AA, write=not options.diff)
    outcomes = each_card(
        job,
        lambda card: plan(read_folder(Path(card), eval_results=options.eval_results)),
        write=not options.diff,
        diff=options.diff,
    )
    return Ran(outcomes=outcomes)
