"""What one action run found and did, from a command's values: the annotations (findings,
cards that failed, conflicts, changed files), the counts and outputs, and each card's
results for the job summary."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from evalguard.action.commands import Ran
from evalguard.action.paths import README_PATTERN
from evalguard.action.workflow import Annotation, Level, join
from evalguard.api import read_card
from evalguard.card.fileio import folder_of, read_file
from evalguard.errors import CardError
from evalguard.repo.outcome import RepoOutcome, Status
from evalguard.repo.snapshot import LocalRepo
from evalguard.report.results import Row, card_rows
from evalguard.validate.findings import Finding


@dataclass
class Report:
    command: str
    #: the cards the command was given, relative to the working directory
    files: list[str] = field(default_factory=list)
    #: errors and warnings, in the order they are annotated and listed
    problems: list[Annotation] = field(default_factory=list)
    #: files the command wrote, relative to the working directory
    changed: list[str] = field(default_factory=list)
    #: (card, result row) for the summary's results table
    results: list[tuple[str, Row]] = field(default_factory=list)
    #: (card or repo, url) of the pull requests or commits that carry the changes
    links: list[tuple[str, str]] = field(default_factory=list)
    sarif_file: str = ""
    warnings_fail: bool = False
    #: what `files` are: local card files, or Hub repos
    unit: str = "file"

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level is Level.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level is Level.WARNING)

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.warnings_fail and self.warnings > 0)

    def annotations(self) -> list[Annotation]:
        """Every annotation of the run: the problems, then a notice per changed file."""
        updated = f"evalguard {self.command} updated this file"
        return [*self.problems, *(Annotation(Level.NOTICE, updated, p) for p in self.changed)]


def build_report(command: str, files: list[str], ran: Ran, *, unit: str = "file") -> Report:
    report = Report(command, files=files, warnings_fail=ran.warnings_fail, unit=unit)
    report.problems.extend(finding_annotation(f) for f in ran.findings)
    for outcome in ran.outcomes:
        report.problems.extend(outcome_annotations(outcome, command, due_fails=ran.due_fails))
        report.changed.extend(p for p in written(outcome) if p not in report.changed)
        if outcome.url:
            report.links.append((outcome.where, outcome.url))
    report.results = collect_results(files)
    return report


def outputs(report: Report, path_prefix: str = "") -> dict[str, str]:
    """The step's outputs (action.yml lists each under `outputs:`)."""
    return {
        "changed-files": "\n".join(join(path_prefix, p) for p in report.changed),
        "error-count": str(report.errors),
        "warning-count": str(report.warnings),
        "sarif-file": report.sarif_file,
        "pull-requests": "\n".join(url for _, url in report.links),
    }


def finding_annotation(finding: Finding) -> Annotation:
    level = Level.ERROR if finding.severity == "error" else Level.WARNING
    return Annotation(
        level,
        finding.message,
        finding.file,
        finding.line,
        finding.column,
        rule=finding.rule,
        hint=finding.hint,
    )


def outcome_annotations(outcome: RepoOutcome, command: str, *, due_fails: bool) -> list[Annotation]:
    """A warning per conflict the card's plan kept or resolved; an error when the card was
    refused, failed, or (sync --check) still needs a change."""
    conflicts = outcome.plan.conflicts if outcome.plan is not None else []
    found = [
        Annotation(Level.WARNING, f"{command}: {c.describe()}", outcome.where) for c in conflicts
    ]
    if outcome.status.is_error or (outcome.status is Status.DUE and due_fails):
        message = f"{command}: {outcome.message}"
        found.append(Annotation(Level.ERROR, message, outcome.where, outcome.line, outcome.column))
    return found


def written(outcome: RepoOutcome) -> list[str]:
    """The workspace files a CHANGED outcome wrote, as the user names them (none for a Hub
    repo: its pull request is in `links`)."""
    if outcome.status is not Status.CHANGED or outcome.plan is None:
        return []
    if not isinstance(outcome.plan.snapshot.location, LocalRepo):
        return []
    plan = outcome.plan
    return [plan.snapshot.display(change.path) for change in plan.files]


def outcome_lines(outcomes: Iterable[RepoOutcome]) -> list[str]:
    """The log's account of each card: what happened, and the plan's notes."""
    lines: list[str] = []
    for outcome in outcomes:
        message = f": {outcome.message}" if outcome.message else ""
        lines.append(f"{outcome.where}: {outcome.status.value}{message}")
        notes = outcome.plan.notes if outcome.plan is not None else []
        lines.extend(f"{outcome.where}: note: {note}" for note in notes)
    return lines


def collect_results(files: Iterable[str]) -> list[tuple[str, Row]]:
    """Each README's results, as `evalguard show` lists them, for the summary."""
    found: list[tuple[str, Row]] = []
    for path in files:
        if not re.search(README_PATTERN, path):
            continue
        try:
            _, fm = read_card(read_file(Path(path)))
        except (OSError, CardError):
            continue  # a missing or unparsable card: the command reported it
        rows, _ = card_rows(fm, folder_of(Path(path)))
        found.extend((path, row) for row in rows)
    return found
