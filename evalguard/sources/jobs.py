"""The evaluation-job source: inspect-ai eval records -> model-index results.

A record is what `evalguard.remote.eval_script` prints for one eval log, in a job's log
output or from `evalguard eval local`. Only a record whose log status is `success`
counts; a job with any other record is reported and writes nothing. Each inspect_evals
task maps to a catalog benchmark (`data/inspect_tasks.yaml`), which gives the Hub
dataset id, config and `.eval_results` task id; the score (inspect's 0-1 proportion) is
written as a percentage with two decimals. The result's `source` is the job (its URL),
and the metric's `args` keep the task, the sample count and the inspect/inspect_evals
versions.

Pure: records in, `SourceResults` out. A run restates only the benchmarks it ran
(`Ownership.SAME_BENCHMARKS`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from evalguard.catalog import Benchmark, Catalog
from evalguard.errors import EvalguardError
from evalguard.package_data import read_text
from evalguard.remote.eval_script import RECORD_PREFIX, RECORD_VERSION, REGISTRY
from evalguard.results.model import SourceKind, source_kind
from evalguard.results.reconcile import Origin, Ownership, ProposedResult, SourceResults

#: digits kept of a percentage (1e-4 of the proportion: finer than any benchmark's samples)
DECIMALS = 2
#: model-index task.type of the results when `.evalguard.yaml` sets none
DEFAULT_TASK_TYPE = "text-generation"
SUCCESS = "success"


class RecordError(EvalguardError):
    """A record line that cannot be read (bad JSON, another format version)."""


@dataclass(frozen=True)
class TaskBenchmark:
    """How one inspect task's score becomes a model-index metric (inspect_tasks.yaml)."""

    task: str
    benchmark: str
    metric: str = "accuracy"
    scorer: str | None = None
    type: str | None = None
    shots: int | None = None

    @property
    def metric_type(self) -> str:
        return self.type or self.metric


@lru_cache(maxsize=1)
def inspect_tasks() -> dict[str, TaskBenchmark]:
    """The inspect_evals tasks evalguard knows, by task name."""
    text = read_text("data/inspect_tasks.yaml")
    return {e["task"]: TaskBenchmark(**e) for e in yaml.safe_load(text)}


def known_tasks_message(task: str) -> str:
    known = ", ".join(sorted(inspect_tasks()))
    return f"unknown task {task!r}; evalguard knows these inspect_evals tasks: {known}"


@dataclass(frozen=True)
class EvalRecord:
    """One eval log as the job printed it (see eval_script.record_of)."""

    data: Mapping[str, Any]

    @property
    def task(self) -> str:
        return str(self.data.get("task") or "?")

    @property
    def status(self) -> str:
        return str(self.data.get("status") or "unknown")

    @property
    def ok(self) -> bool:
        return self.status == SUCCESS

    @property
    def error(self) -> str | None:
        error = self.data.get("error")
        return str(error) if error else None

    @property
    def samples(self) -> Mapping[str, Any]:
        samples = self.data.get("samples")
        return samples if isinstance(samples, Mapping) else {}

    @property
    def limited(self) -> bool:
        """Whether only part of the dataset was evaluated (`--limit`, or samples lost)."""
        total, completed = self.samples.get("total"), self.samples.get("completed")
        dataset = self.samples.get("dataset")
        return (
            bool(self.data.get("limit"))
            or (isinstance(total, int) and isinstance(completed, int) and completed < total)
            or (isinstance(dataset, int) and isinstance(total, int) and total < dataset)
        )

    def metric(self, name: str, scorer: str | None) -> float | None:
        """The value of metric `name` (of `scorer`, else of the first scorer that has it)."""
        for score in self.data.get("scores") or []:
            if not isinstance(score, Mapping) or (scorer and score.get("scorer") != scorer):
                continue
            metrics = score.get("metrics")
            value = metrics.get(name) if isinstance(metrics, Mapping) else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        return None

    def describe_failure(self) -> str:
        return f"{self.task}: eval log status {self.status}" + (
            f": {self.error}" if self.error else ""
        )

    def summary(self) -> str:
        """`gpqa_diamond: accuracy 0.4141 (198 samples)`, or why the eval failed."""
        if not self.ok:
            return self.describe_failure()
        scores = ", ".join(
            f"{name} {value:.4g}"
            for score in self.data.get("scores") or []
            if isinstance(score, Mapping)
            for name, value in (score.get("metrics") or {}).items()
            if isinstance(value, (int, float))
        )
        samples = self.samples.get("completed")
        return f"{self.task}: {scores}" + (f" ({samples} samples)" if samples is not None else "")


def parse_records(lines: Iterable[str]) -> list[EvalRecord]:
    """The records among a job's log lines (other lines are the job's own output)."""
    out = []
    for line in lines:
        start = line.find(RECORD_PREFIX)
        if start < 0:
            continue
        try:
            data = json.loads(line[start + len(RECORD_PREFIX) :])
        except json.JSONDecodeError as exc:
            raise RecordError(f"an evaluation record is not valid JSON: {exc.msg}") from None
        if not isinstance(data, Mapping) or data.get("evalguard") != RECORD_VERSION:
            found = data.get("evalguard") if isinstance(data, Mapping) else None
            raise RecordError(
                f"an evaluation record has format {found}, this evalguard reads format "
                f"{RECORD_VERSION}; update evalguard"
            )
        out.append(EvalRecord(data))
    return out


@dataclass(frozen=True)
class Provenance:
    """Where records come from: the model-index `source` of their results."""

    name: str
    url: str


@dataclass
class JobResults:
    """What one run's records give: the results, and why some records give none."""

    source: SourceResults
    #: records whose eval did not succeed (the run must write nothing)
    failures: list[str] = field(default_factory=list)
    #: records left out, with the reason (unknown task, partial run, no Hub dataset)
    skipped: list[str] = field(default_factory=list)
    #: the benchmark keys the results are for, in order
    benchmarks: list[str] = field(default_factory=list)


def job_results(
    records: Sequence[EvalRecord],
    provenance: Provenance,
    catalog: Catalog,
    *,
    task_type: str = DEFAULT_TASK_TYPE,
    benchmarks: Mapping[str, str] | None = None,
    allow_limited: bool = False,
) -> JobResults:
    """Records -> results. `benchmarks` maps a task (one not in inspect_tasks.yaml, e.g.
    a task file of one's own) to a catalog benchmark key."""
    out = JobResults(SourceResults(SourceKind.INSPECT_EVAL, (), Ownership.SAME_BENCHMARKS))
    proposed: list[ProposedResult] = []
    for record in records:
        if not record.ok:
            out.failures.append(record.describe_failure())
            continue
        mapping = _mapping(record.task, benchmarks or {})
        if mapping is None:
            out.skipped.append(f"{record.task}: {known_tasks_message(record.task)}")
            continue
        # by key; a repository's own catalog entries come first and win
        bench = next((b for b in catalog.benchmarks if b.key == mapping.benchmark), None)
        if bench is None or not bench.dataset:
            out.skipped.append(
                f"{record.task}: benchmark {mapping.benchmark!r} has no Hub dataset id "
                "in the catalog"
            )
            continue
        if record.limited and not allow_limited:
            out.skipped.append(
                f"{record.task}: evaluated {record.samples.get('completed')} of "
                f"{record.samples.get('dataset')} samples (--limit); not the benchmark's score "
                "(pass --allow-limited to write it anyway)"
            )
            continue
        value = record.metric(mapping.metric, mapping.scorer)
        if value is None:
            out.skipped.append(f"{record.task}: the log has no {mapping.metric!r} metric")
            continue
        proposed.append(
            _proposed(
                record,
                mapping=mapping,
                bench=bench,
                value=value,
                provenance=provenance,
                task_type=task_type,
            )
        )
        out.benchmarks.append(bench.key)
    out.source = SourceResults(SourceKind.INSPECT_EVAL, tuple(proposed), Ownership.SAME_BENCHMARKS)
    return out


def _mapping(task: str, benchmarks: Mapping[str, str]) -> TaskBenchmark | None:
    if task in benchmarks:
        known = inspect_tasks().get(task)
        metric = known.metric if known else "accuracy"
        return TaskBenchmark(task, benchmarks[task], metric)
    return inspect_tasks().get(task.removeprefix(REGISTRY))


def _proposed(
    record: EvalRecord,
    *,
    mapping: TaskBenchmark,
    bench: Benchmark,
    value: float,
    provenance: Provenance,
    task_type: str,
) -> ProposedResult:
    percent = round(value * 100, DECIMALS)
    dataset: dict[str, Any] = {"name": bench.name, "type": bench.dataset}
    if bench.config:
        dataset["config"] = bench.config
    if bench.split:
        dataset["split"] = bench.split
    if mapping.shots is not None:
        dataset["args"] = {"num_few_shot": mapping.shots}
    task = str(record.data.get("inspect_task") or record.task)
    args: dict[str, Any] = {"task": task}
    completed = record.samples.get("completed")
    if isinstance(completed, int):
        args["samples"] = completed
    if record.data.get("limit"):
        args["limit"] = record.data["limit"]
    versions = record.data.get("versions")
    if isinstance(versions, Mapping):
        args.update({k: str(v) for k, v in sorted(versions.items()) if v})
    block = {
        "task": {"type": task_type},
        "dataset": dataset,
        "metrics": [
            {
                "type": mapping.metric_type,
                "value": percent,
                "name": f"{mapping.metric} ({task})",
                "args": args,
            }
        ],
        "source": {"name": provenance.name, "url": provenance.url},
    }
    origin = Origin(percent, DECIMALS, f"{provenance.name} ({provenance.url})")
    return ProposedResult(block, (origin,))


def combine(runs: Sequence[JobResults]) -> SourceResults:
    """Several runs' results as one source, newest run first: a benchmark two runs
    measured takes the newest run's score."""
    seen: set[str] = set()
    proposed: list[ProposedResult] = []
    for run in runs:
        for key, result in zip(run.benchmarks, run.source.results, strict=True):
            if key not in seen:
                seen.add(key)
                proposed.append(result)
    return SourceResults(SourceKind.INSPECT_EVAL, tuple(proposed), Ownership.SAME_BENCHMARKS)


def keep_unchanged(source: SourceResults, old_results: Sequence[Any]) -> SourceResults:
    """A new run that measured the same value as the run already recorded keeps the
    recorded result as it is (its job URL included), so a weekly run that changes no
    score changes no file."""
    olds = [
        r
        for r in old_results
        if isinstance(r, Mapping) and source_kind(r.get("source")) is SourceKind.INSPECT_EVAL
    ]
    kept: list[ProposedResult] = []
    for proposed in source.results:
        same = next((old for old in olds if _same_score(old, proposed.block)), None)
        kept.append(ProposedResult(same, proposed.origins) if same is not None else proposed)
    return SourceResults(source.kind, tuple(kept), source.ownership)


def _same_score(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    def key(block: Mapping[str, Any]) -> Any:
        dataset = block.get("dataset") or {}
        metrics = block.get("metrics") or []
        return (
            dataset.get("type"),
            dataset.get("config"),
            [(m.get("type"), m.get("value")) for m in metrics if isinstance(m, Mapping)],
        )

    return isinstance(old.get("dataset"), Mapping) and key(old) == key(new)
