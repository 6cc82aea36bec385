"""Evaluation runs (HF Jobs, or `eval local`) into a repo: one plan through the shared
reconciler, model-index and the `.eval_results` files of the benchmarks the runs measured.

A run that did not succeed is never partly written: the caller leaves it out (and reports
it) before planning. Pure: a snapshot and runs in, a `RepoPlan` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evalguard.api import read_card
from evalguard.repo.plan import RepoPlan, plan_results
from evalguard.repo.snapshot import RepoSnapshot
from evalguard.results.merge import model_index_entries
from evalguard.results.model import entry_for
from evalguard.sources.jobs import JobResults, combine, keep_unchanged
from evalguard.tables import ModelName


def plan_evals(
    snapshot: RepoSnapshot,
    runs: Sequence[JobResults],
    *,
    model: ModelName | None,
    overwrite: bool = False,
) -> RepoPlan:
    """The repo with the runs' results merged in (newest run first: a benchmark two runs
    measured takes the newest score). Raises CardError / MergeRefused as plan_results."""
    incoming = keep_unchanged(combine(runs), _model_results(snapshot, model))
    plan = plan_results(snapshot, incoming, model=model, overwrite=overwrite, eval_results=True)
    plan.notes.extend(note for run in runs for note in run.skipped)
    return plan


def _model_results(snapshot: RepoSnapshot, model: ModelName | None) -> list[Any]:
    """The results the card's model-index holds for the model now (none when it has no
    entry for it, or several and none the model's: plan_results says so)."""
    _, fm = read_card(snapshot.readme or b"")
    entries = model_index_entries(fm)
    index = entry_for(entries, model)
    return list(entries[index].get("results") or []) if index is not None else []
