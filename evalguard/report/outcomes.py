"""A run over many repos as a summary table: repo, outcome, what happened, link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from evalguard.repo.outcome import RepoOutcome, Status
from evalguard.report.results import render_table

COLUMNS = ("repo", "outcome", "detail", "link")


def detail(outcome: RepoOutcome) -> str:
    """The outcome's message, with the line (and column) it is about when known."""
    if outcome.line is None:
        return outcome.message
    place = f"line {outcome.line}" + (f":{outcome.column}" if outcome.column else "")
    return f"{place}: {outcome.message}"


def render_outcomes(outcomes: Sequence[RepoOutcome], fmt: str = "text") -> str:
    """`fmt`: text (aligned columns) or markdown (a job summary)."""
    cells = [[o.where, o.status.value, detail(o), o.url or ""] for o in outcomes]
    return render_table(COLUMNS, cells, fmt)


def tally(outcomes: Sequence[RepoOutcome]) -> str:
    """`50 repos: 45 changed, 3 unchanged, 2 failed`."""
    counts = Counter(o.status for o in outcomes)
    parts = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])
    return f"{len(outcomes)} repo{'s' if len(outcomes) != 1 else ''}: {parts}"
