"""The Hub forms of the commands: `--repo-id ORG/NAME [--revision R]`, `--author ORG`.

Commands that write (`sync`, `export`, `import-aa`) run every repo through
`remote.refresh.refresh_repo` in `repo.batch.run_batch`: a pull request per repo by
default (`--create-pr`), a direct commit with `--push`, nothing with `--dry-run`/`--diff`
(the diffs are printed). A progress bar on a terminal, a summary table at the end.

The exit code (`report`) follows cli.common.EXIT_CODES: 0 when every repo is up to date,
got its pull request or commit, or (dry run) showed its change; 1 when a repo was
refused (evalguard would have to guess); 2 when one could not be read or written.

huggingface_hub, requests and tqdm are imported only here, inside functions.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from evalguard.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, err

if TYPE_CHECKING:
    from huggingface_hub import HfApi

    from evalguard.card.frontmatter import FrontMatter
    from evalguard.card.split import Card
    from evalguard.repo.outcome import RepoOutcome
    from evalguard.repo.plan import RepoPlan
    from evalguard.repo.snapshot import RepoSnapshot
    from evalguard.report.pull_request import Purpose


def add_repo_options(parser: argparse.ArgumentParser, *, many: bool, writes: bool) -> None:
    group = parser.add_argument_group(
        "Hub repos (HF_TOKEN authenticates, HF_ENDPOINT selects the server)"
    )
    if many:
        group.add_argument(
            "--repo-id",
            dest="repo_ids",
            metavar="ORG/NAME",
            action="append",
            default=[],
            help="a model repo on the Hub instead of local files (repeatable)",
        )
        group.add_argument(
            "--author", metavar="ORG", help="every model repo of this user or organization"
        )
    else:
        group.add_argument(
            "--repo-id", metavar="ORG/NAME", help="read the card from this model repo on the Hub"
        )
    group.add_argument(
        "--revision", metavar="REV", help="branch, tag or commit to read (default: main)"
    )
    if writes:
        group.add_argument(
            "--create-pr",
            action="store_true",
            help="write as a pull request on the Hub (the default); an open evalguard pull "
            "request of this account gets a new commit instead of a second pull request",
        )
        group.add_argument(
            "--push", action="store_true", help="commit to the revision directly instead"
        )
    if many and writes:
        group.add_argument(
            "--workers",
            metavar="N",
            type=_workers,
            default=4,
            help="repos worked on at once (default: 4)",
        )


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError("between 1 and 64")
    return value


def on_hub(args: argparse.Namespace) -> bool:
    """Whether the command reads Hub repos rather than local files."""
    return bool(getattr(args, "repo_ids", None) or getattr(args, "author", None)) or bool(
        getattr(args, "repo_id", None)
    )


def usage_problem(
    args: argparse.Namespace, local: list[object] | object | None, *, required: str | None = None
) -> str | None:
    """A conflict between the Hub flags and local paths, or among the Hub flags; with
    `required` (what the local input is: "README files", "a README"), also neither of
    them. The Hub flags are named as the command takes them."""
    hub = on_hub(args)
    flags = "--repo-id/--author" if hasattr(args, "author") else "--repo-id ORG/NAME"
    if hub and local:
        return f"give local files or {flags}, not both"
    if required and not hub and not local:
        return f"give {required}, or {flags}"
    if not hub:
        for flag in ("revision", "push", "create_pr"):
            if getattr(args, flag, None):
                return f"--{flag.replace('_', '-')} needs --repo-id"
        return None
    if getattr(args, "push", False) and getattr(args, "create_pr", False):
        return "--push and --create-pr: choose one"
    return None


def api() -> HfApi:
    from evalguard.remote.hub import hub_api

    return hub_api()


def targets(client: HfApi, args: argparse.Namespace) -> list[str]:
    """The repo ids: every `--repo-id`, then the `--author`'s models. HubError."""
    from evalguard.remote.hub import repo_targets

    repo_ids = list(getattr(args, "repo_ids", None) or [])
    if getattr(args, "repo_id", None):
        repo_ids.append(args.repo_id)
    return repo_targets(client, repo_ids, getattr(args, "author", None))


def read_input(
    args: argparse.Namespace, path: Path, *, eval_results: bool
) -> tuple[Path, RepoSnapshot] | int:
    """The card a reading command works on, as (the path to name it by, its repo): the
    `--repo-id` repo, else the local card `path`. An exit code after a one-line error,
    also for a repo without a README."""
    if not on_hub(args):
        from evalguard.cli.local import read_repo_or_exit

        local = read_repo_or_exit(path, eval_results=eval_results)
        return local if isinstance(local, int) else (path, local)
    snapshot = read_one(args)
    if isinstance(snapshot, int):
        return snapshot
    if snapshot.readme is None:
        err(f"{snapshot.display()}: no such file in the repo")
        return EXIT_USAGE
    return Path(snapshot.display()), snapshot


def read_input_card(
    args: argparse.Namespace, path: Path, *, eval_results: bool
) -> tuple[Path, RepoSnapshot, Card, FrontMatter] | int:
    """`read_input`, its README parsed strictly (`api.read_card`): (the path to name it
    by, its repo, the card, its front matter), or an exit code after a one-line error."""
    from evalguard.api import read_card
    from evalguard.cli.common import input_error
    from evalguard.errors import CardError

    read = read_input(args, path, eval_results=eval_results)
    if isinstance(read, int):
        return read
    where, snapshot = read
    try:
        card, fm = read_card(snapshot.readme or b"")
    except CardError as exc:
        return input_error(where, exc)
    return where, snapshot, card, fm


def read_one(args: argparse.Namespace) -> RepoSnapshot | int:
    """The snapshot of the one `--repo-id`, or the exit code after a one-line error."""
    from evalguard.errors import EvalguardError
    from evalguard.remote.hub import read_snapshot

    try:
        return read_snapshot(api(), args.repo_id, args.revision or "main")
    except EvalguardError as exc:  # a HubError or ConfigError: each names its own place
        err(exc.located(args.repo_id))
        return EXIT_USAGE


def run_writes(
    args: argparse.Namespace,
    planner: Callable[[RepoSnapshot], RepoPlan],
    purpose: Purpose,
    *,
    write: bool,
) -> int:
    """Plan (and with `write`, publish) every target repo; print diffs of a dry run, a
    summary table, the notes; the exit code."""
    outcomes = refresh_repos(args, planner, purpose, write=write)
    if isinstance(outcomes, int):
        return outcomes
    return report(outcomes, due_is_finding=getattr(args, "check", False))


def refresh_repos(
    args: argparse.Namespace,
    planner: Callable[[RepoSnapshot], RepoPlan],
    purpose: Purpose,
    *,
    write: bool,
    client: HfApi | None = None,
) -> list[RepoOutcome] | int:
    """`run_writes` without the report: one outcome per target repo, or the exit code
    after a one-line error. `client`: a Hub client the command already has (`api()`
    otherwise), so that the token's user is asked once per run."""
    from evalguard.errors import EvalguardError
    from evalguard.remote.hub import PublishMode
    from evalguard.remote.refresh import refresh_all

    client = client or api()
    try:
        repos = targets(client, args)
    except EvalguardError as exc:
        err(exc.message)
        return EXIT_USAGE
    if not repos:
        err(f"--author {args.author}: no model repos")
        return EXIT_USAGE
    push = getattr(args, "push", False)
    mode = (PublishMode.PUSH if push else PublishMode.PULL_REQUEST) if write else None
    revision = args.revision or "main"
    with progress(len(repos)) as on_done:
        return refresh_all(
            client,
            repos,
            planner,
            purpose=purpose,
            revision=revision,
            mode=mode,
            workers=getattr(args, "workers", 1),
            on_done=on_done,
        )


def report(outcomes: list[RepoOutcome], *, due_is_finding: bool = False) -> int:
    """Diffs (dry run) and the summary on stdout, notes on stderr; the exit code.
    `due_is_finding` (`sync --check`): a change due exits 1, as it does on local files."""
    from evalguard.cli.local import say_plan
    from evalguard.repo.outcome import Status
    from evalguard.report.outcomes import render_outcomes, tally

    for outcome in outcomes:
        plan = outcome.plan
        if plan is None:
            continue
        say_plan(outcome.where, plan)
        if outcome.status is Status.DUE:
            sys.stdout.write(plan.diff())
    sys.stdout.write(render_outcomes(outcomes))
    err(tally(outcomes))
    if any(o.status is Status.FAILED for o in outcomes):
        return EXIT_USAGE
    if any(o.status is Status.REFUSED for o in outcomes):
        return EXIT_FINDINGS
    if due_is_finding and any(o.status is Status.DUE for o in outcomes):
        return EXIT_FINDINGS
    return EXIT_OK


@contextmanager
def progress(total: int) -> Iterator[Callable[[object], object] | None]:
    """A progress bar on a terminal for runs over several repos, as the `on_done` of a
    batch (one step per repo); None in CI or a pipe."""
    if total < 2 or not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="repo", file=sys.stderr, leave=False) as bar:
        yield lambda _: bar.update()
