"""The title and description of the pull request (or commit) that carries a plan.

The title is fixed per kind of change (`Purpose`): with the author, it is how the next
run finds its own open pull request and adds a commit to it instead of opening another.
The description says what changed (benchmark, metric, old -> new, source) and where
the numbers come from, with Artificial Analysis' required attribution when any of them
is theirs. Pure: a plan in, text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from evalguard.repo.plan import RepoPlan
from evalguard.report.results import markdown_cell, markdown_row
from evalguard.results.model import SourceKind, source_kind
from evalguard.results.reconcile import ResultChange

HOME = "https://github.com/evalguard/evalguard"


class Purpose(Enum):
    """What a pull request is for; one open evalguard pull request per repo and purpose."""

    SYNC = "sync"
    EXPORT = "export"
    IMPORT_AA = "import-aa"
    EVAL_JOBS = "eval-collect"

    @property
    def title(self) -> str:
        return f"evalguard: {_TITLES[self]}"

    @property
    def marker(self) -> str:
        """Hidden in the description, for people and tools reading it."""
        return f"<!-- evalguard:{self.value} -->"


_TITLES = {
    Purpose.SYNC: "sync model-index with the README's evaluation tables",
    Purpose.EXPORT: "write .eval_results from model-index",
    Purpose.IMPORT_AA: "import Artificial Analysis scores",
    Purpose.EVAL_JOBS: "evaluation results from Hugging Face Jobs",
}
_WHAT = {
    Purpose.SYNC: "`evalguard sync` wrote the scores of the README's evaluation tables into "
    "the card's `model-index`.",
    Purpose.EXPORT: "`evalguard export` wrote the card's `model-index` results into the "
    "Hub's `.eval_results/*.yaml` files.",
    Purpose.IMPORT_AA: "`evalguard import-aa` imported this model's benchmark scores from "
    "Artificial Analysis.",
    Purpose.EVAL_JOBS: "`evalguard eval collect` merged the scores of finished inspect-ai "
    "evaluation jobs on Hugging Face Jobs into the card's `model-index` and `.eval_results` "
    "files. Each result's `source.url` is the job that measured it.",
}
AA_ATTRIBUTION = "Benchmark scores from [Artificial Analysis](https://artificialanalysis.ai/)."


@dataclass(frozen=True)
class PullRequestText:
    title: str
    description: str


def pull_request_text(plan: RepoPlan, purpose: Purpose) -> PullRequestText:
    lines = [_WHAT[purpose], ""]
    if plan.changes:
        lines += _change_table(plan.changes)
    files = ", ".join(f"`{c.path}`" for c in plan.files)
    lines += [f"Files: {files}.", ""]
    sources = list(plan.provenance)
    if any(source_kind({"name": c.source}) is SourceKind.ARTIFICIAL_ANALYSIS for c in plan.changes):
        sources.append(AA_ATTRIBUTION)
    if sources:
        lines += ["Where the numbers come from:", *(f"- {s}" for s in sources), ""]
    notes = [c.describe() for c in plan.conflicts] + plan.notes
    if notes:
        lines += ["Notes:", *(f"- {markdown_cell(n)}" for n in notes), ""]
    lines += [
        "---",
        f"Opened by [evalguard]({HOME}). Later runs add commits to this pull request "
        "instead of opening another; close it to stop them.",
        purpose.marker,
    ]
    return PullRequestText(purpose.title, "\n".join(lines) + "\n")


def update_comment(text: PullRequestText) -> str:
    """The comment on a pull request that got a new commit."""
    return "evalguard pushed a new commit: the numbers changed.\n\n" + text.description


def _change_table(changes: Sequence[ResultChange]) -> list[str]:
    rows = [
        markdown_row([c.benchmark, c.metric, _shown(c.old), _shown(c.new), c.source])
        for c in changes
    ]
    return ["| Benchmark | Metric | Old | New | Source |", "|---|---|---|---|---|", *rows, ""]


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)
