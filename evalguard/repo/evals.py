"""Evaluation runs (HF Jobs, or `eval local`) into a repo: one plan through the shared
reconciler, model-index and the `.eval_results` files of the benchmarks the runs measured.

A run that did not succeed is never partly written: the caller leaves it out (and reports
it) before planning. Pure: a snapshot and runs in, a `RepoPlan` out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evalguard.api import read_card
from evalguard.repo.plan import RepoPlan, plan_results
from evalguard.repo.snapshot import RepoSnapshot
from evalguard.report.results import markdown_cell
from evalguard.results.merge import model_index_entries
from evalguard.results.model import entry_for
from evalguard.results.reconcile import ProposedResult
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
    plan.provenance.extend(_provenance(incoming.results))
    return plan


def _provenance(results: Sequence[ProposedResult]) -> list[str]:
    """One markdown line per run the results come from: its source (a job's URL) and the
    inspect tasks it ran, with their sample counts and the inspect versions (text from a
    job's log, made safe for markdown)."""
    runs: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for result in results:
        source = result.block.get("source") or {}
        metric = (result.block.get("metrics") or [{}])[0]
        key = (str(source.get("name", "")), str(source.get("url", "")))
        runs.setdefault(key, []).append(metric.get("args") or {})
    lines = []
    for (name, url), tasks in runs.items():
        ran = ", ".join(
            markdown_cell(args.get("task", "?"))
            + (f" ({args['samples']} samples)" if args.get("samples") is not None else "")
            for args in tasks
        )
        versions = ", ".join(
            f"{package} {markdown_cell(tasks[0][package])}"
            for package in ("inspect_ai", "inspect_evals")
            if tasks[0].get(package)
        )
        lines.append(f"[{name}](<{url}>): {ran}" + (f"; {versions}" if versions else ""))
    return lines


def _model_results(snapshot: RepoSnapshot, model: ModelName | None) -> list[Any]:
    """The results the card's model-index holds for the model now (none when it has no
    entry for it, or several and none the model's: plan_results says so)."""
    _, fm = read_card(snapshot.readme or b"")
    entries = model_index_entries(fm)
    index = entry_for(entries, model)
    return list(entries[index].get("results") or []) if index is not None else []
