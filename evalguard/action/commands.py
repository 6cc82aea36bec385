"""The action's commands, through the core: each is a function from a `Job` (the settings
and the cards) to what happened, as values: the validation core's Findings and one
`RepoOutcome` per card. The CLI's printed text is never read, so rewording a message
cannot change what the action reports.

`COMMANDS` maps the `command` input to its function; see the package docstring for how
to add one.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from evalguard.action.inputs import ActionError, Settings, command_options
from evalguard.errors import ConfigError, EvalguardError
from evalguard.repo.local import apply_local
from evalguard.repo.outcome import RepoOutcome, Status, failure
from evalguard.repo.plan import RepoPlan, plan_export, plan_sync
from evalguard.repo.snapshot import read_folder
from evalguard.validate.files import check_paths
from evalguard.validate.findings import Finding


@dataclass(frozen=True)
class Job:
    settings: Settings
    #: the cards the paths input names, relative to the working directory (the cwd)
    files: tuple[str, ...]
    #: prints text taken from the cards (a diff) with workflow commands switched off
    log: Callable[[str], None]


@dataclass
class Ran:
    """What a command found and did."""

    #: the validation core's findings (check)
    findings: list[Finding] = field(default_factory=list)
    #: one per card (or repo) a command worked on; also one per file it refused to write
    outcomes: list[RepoOutcome] = field(default_factory=list)
    #: warnings fail the step too (check --strict)
    warnings_fail: bool = False
    #: a change that is due but was not made is an error (sync --check)
    due_fails: bool = False
    #: the Hub repos the command worked on (repo-id, --repo-id, --author's), in order
    repos: list[str] = field(default_factory=list)


Command = Callable[[Job], Ran]


def run_check(job: Job) -> Ran:
    """Validate the cards (or Hub repos): findings, and a FAILED outcome per file that
    cannot be read. The findings feed the annotations, the summary and the SARIF file."""
    options = command_options(job.settings, job.files, cards="paths")
    if job.settings.on_hub:
        from evalguard.action.hub import check_on_hub  # noqa: PLC0415 - the network stack

        repos, checked = check_on_hub(job, options)
    else:
        repos = []
        checked = check_paths([Path(f) for f in job.files], hub_validate=options.hub_validate)
    return Ran(
        findings=checked.findings,
        outcomes=[failure(u.path.as_posix(), u.error) for u in checked.unreadable],
        warnings_fail=options.strict,
        repos=repos,
    )


def run_sync(job: Job) -> Ran:
    """Each README's tables into its model-index; `--check` / `--diff` write nothing."""
    from evalguard.cli.common import request_from_args  # noqa: PLC0415 - options -> request

    options = command_options(job.settings, job.files, cards="readmes")
    try:
        request = request_from_args(options)
    except ConfigError as exc:  # an unreadable --metric-mapping
        raise ActionError(f"args: {exc.located(exc.file)}") from None
    if job.settings.on_hub:
        from evalguard.action.hub import run_on_hub  # noqa: PLC0415 - the network stack
        from evalguard.report.pull_request import Purpose  # noqa: PLC0415

        return run_on_hub(
            job,
            options,
            lambda snapshot: plan_sync(snapshot, request, overwrite=options.overwrite),
            Purpose.SYNC,
            write=not (options.check or options.diff),
        )
    outcomes = each_card(
        job,
        lambda card: plan_sync(
            read_folder(card, eval_results=False), request, overwrite=options.overwrite
        ),
        write=not (options.check or options.diff),
        diff=options.diff,
    )
    due = "model-index is out of date with the README tables (run evalguard sync)"
    return Ran(
        outcomes=[replace(o, message=due) if o.status is Status.DUE else o for o in outcomes],
        due_fails=options.check,
    )


def run_export(job: Job) -> Ran:
    """Each card's model-index into `.eval_results/*.yaml` (always applied, as the CLI's
    `export --apply`); a results file that cannot be merged into is a FAILED outcome."""
    options = command_options(job.settings, job.files, cards="readmes")  # --apply is implied
    if job.settings.on_hub:
        from evalguard.action.hub import run_on_hub  # noqa: PLC0415 - the network stack
        from evalguard.report.pull_request import Purpose  # noqa: PLC0415

        return run_on_hub(job, options, plan_export, Purpose.EXPORT, write=True)
    return Ran(outcomes=each_card(job, lambda card: plan_export(read_folder(card)), write=True))


def each_card(
    job: Job, plan: Callable[[Path], RepoPlan], *, write: bool, diff: bool = False
) -> list[RepoOutcome]:
    """Plan each card and write the plan into its folder: one outcome per card, and one
    per file the plan refused. A card that fails (even on a bug) does not stop the others."""
    outcomes: list[RepoOutcome] = []
    for where in job.files:
        try:
            planned = plan(Path(where))
        except (OSError, EvalguardError) as exc:
            outcomes.append(failure(where, exc))
            continue
        except Exception as exc:
            outcomes.append(internal_error(where, exc, job.log))
            continue
        for refused in planned.refused:
            shown = planned.snapshot.display(refused.path)
            failed = failure(shown, refused.error)
            outcomes.append(replace(failed, message=f"{failed.message}; not writing it"))
        outcomes.append(apply_outcome(where, planned, write=write, diff=diff, log=job.log))
    return outcomes


def apply_outcome(
    where: str, plan: RepoPlan, *, write: bool, diff: bool, log: Callable[[str], None]
) -> RepoOutcome:
    if not plan.changed:
        return RepoOutcome(where, Status.UNCHANGED, plan)
    if diff:
        log(plan.diff())
    if not write:
        return RepoOutcome(where, Status.DUE, plan)
    try:
        apply_local(plan)
    except EvalguardError as exc:  # the file changed since it was read
        return failure(where, exc)
    except OSError as exc:
        return failure(where, exc, writing=True)
    return RepoOutcome(where, Status.CHANGED, plan)


def internal_error(where: str, exc: Exception, log: Callable[[str], None]) -> RepoOutcome:
    """A bug in evalguard: the traceback in the log, one line in the outcome."""
    log("".join(traceback.format_exception(exc)))
    return RepoOutcome(where, Status.FAILED, message=f"internal error: {type(exc).__name__}: {exc}")


def run_import_aa(job: Job) -> Ran:
    """Artificial Analysis scores (action/hub.py: it needs the network stack)."""
    from evalguard.action.hub import run_import_aa as run  # noqa: PLC0415

    return run(job)


def _eval_run(job: Job) -> Ran:
    from evalguard.action.evals import run_eval_run  # noqa: PLC0415 - HF Jobs only here

    return run_eval_run(job)


def _eval_collect(job: Job) -> Ran:
    from evalguard.action.evals import run_eval_collect  # noqa: PLC0415 - HF Jobs only here

    return run_eval_collect(job)


COMMANDS: Mapping[str, Command] = {
    "check": run_check,
    "sync": run_sync,
    "export": run_export,
    "import-aa": run_import_aa,
    "eval-run": _eval_run,
    "eval-collect": _eval_collect,
}
#: commands that need no cards (they run once, not per card)
CARDLESS = frozenset({"eval-run"})
