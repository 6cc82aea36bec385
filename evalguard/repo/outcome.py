"""What happened to one repo (or card) in a run over many: one value per repo, which the
faces turn into exit codes, annotations, summary tables and PR links."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from evalguard.errors import ConfigError, EvalguardError
from evalguard.repo.plan import RepoPlan
from evalguard.results.merge import MergeRefused, Refusal


class Status(Enum):
    #: nothing to change
    UNCHANGED = "unchanged"
    #: files were written, or a pull request opened or updated
    CHANGED = "changed"
    #: a change is due, but this was a dry run (`--check`, `--diff`, no `--apply`)
    DUE = "due"
    #: it would have to guess (an ambiguous column, no entry named after the model)
    REFUSED = "refused"
    #: the repo could not be read or written (an unparsable card, I/O, the network)
    FAILED = "failed"

    @property
    def is_error(self) -> bool:
        return self in (Status.REFUSED, Status.FAILED)


@dataclass(frozen=True)
class RepoOutcome:
    #: the repo or card as the user names it (`org/name`, `models/x/README.md`)
    where: str
    status: Status
    plan: RepoPlan | None = None
    #: one line for the user: why it was refused or failed, what was done
    message: str = ""
    #: the pull request or commit that carries the change, when there is one
    url: str | None = None
    #: the file line a refusal or failure is about, when known
    line: int | None = None
    column: int | None = None


def failure(where: str, error: OSError | EvalguardError, *, writing: bool = False) -> RepoOutcome:
    """What an error that stopped one repo or card means: REFUSED where going on would mean
    guessing, else FAILED. The error's line and column are the card's; an error in
    `.evalguard.yaml` names its own place in the message."""
    if isinstance(error, OSError):
        reason = f"cannot {'write' if writing else 'read'}: {error.strerror or error}"
        return RepoOutcome(where, Status.FAILED, message=reason)
    refused = isinstance(error, MergeRefused) and error.refusal is Refusal.WOULD_GUESS
    status = Status.REFUSED if refused else Status.FAILED
    if isinstance(error, ConfigError):
        return RepoOutcome(where, status, message=error.located(error.file))
    return RepoOutcome(where, status, message=error.message, line=error.line, column=error.column)
