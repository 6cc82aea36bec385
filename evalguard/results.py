"""The one internal view of an evaluation result, its provenance and its identity.

model-index groups metrics under (task, dataset, source) blocks; `.eval_results` files
hold one value per entry. Both flatten to `FlatResult`s: one metric value with
everything that identifies it. Results stay plain mappings (exactly as read) so that a
result evalguard did not produce is written back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from evalguard.catalog import Benchmark, Catalog

#: `source.name` of results synced from the README's tables. The predecessor wrote the
#: same name, so results it produced are recognised (and refreshed) rather than duplicated.
README_SOURCE_NAME = "Model README"
AA_SOURCE_NAME = "Artificial Analysis"
JOBS_SOURCE_NAME = "inspect-ai on Hugging Face Jobs"


class SourceKind(str, Enum):
    README = "readme"
    ARTIFICIAL_ANALYSIS = "artificial-analysis"
    HF_JOBS = "hf-jobs"
    OTHER = "other"


def source_kind(source: Any) -> SourceKind:
    if not isinstance(source, Mapping):
        return SourceKind.OTHER
    name = source.get("name")
    if name == README_SOURCE_NAME:
        return SourceKind.README
    if isinstance(name, str) and name.startswith(AA_SOURCE_NAME):
        return SourceKind.ARTIFICIAL_ANALYSIS
    if name == JOBS_SOURCE_NAME:
        return SourceKind.HF_JOBS
    return SourceKind.OTHER


def is_readme_result(result: Any) -> bool:
    return isinstance(result, Mapping) and source_kind(result.get("source")) is SourceKind.README


@dataclass(frozen=True)
class FlatResult:
    """One metric of one model-index result block (or one `.eval_results` entry)."""

    task_type: str | None
    dataset_name: str | None
    dataset_type: str | None
    dataset_config: str | None
    dataset_split: str | None
    metric_type: str | None
    metric_name: str | None
    value: Any
    source_name: str | None
    source_url: str | None
    #: where it sits: (result index, metric index) in its model-index entry
    position: tuple[int, int]

    @property
    def kind(self) -> SourceKind:
        return source_kind({"name": self.source_name})

    def identity(self) -> tuple[str | None, ...]:
        """(source, task, dataset, config, split, metric type, metric name)."""
        return (
            self.kind.value if self.kind is not SourceKind.OTHER else f"other:{self.source_name}",
            self.task_type,
            self.dataset_type,
            self.dataset_config,
            self.dataset_split,
            self.metric_type,
            self.metric_name,
        )


def _text(value: Any) -> str | None:
    return (
        str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def flatten(results: Any) -> list[FlatResult]:
    """Metrics of a model-index entry's `results` list; malformed parts are skipped
    (validation reports them)."""
    out: list[FlatResult] = []
    if not isinstance(results, list):
        return out
    for i, result in enumerate(results):
        if not isinstance(result, Mapping):
            continue
        task = _mapping(result.get("task"))
        dataset = _mapping(result.get("dataset"))
        source = _mapping(result.get("source"))
        metrics = result.get("metrics")
        if not isinstance(metrics, list):
            continue
        for j, metric in enumerate(metrics):
            if not isinstance(metric, Mapping):
                continue
            out.append(
                FlatResult(
                    _text(task.get("type")),
                    _text(dataset.get("name")),
                    _text(dataset.get("type")),
                    _text(dataset.get("config")),
                    _text(dataset.get("split")),
                    _text(metric.get("type")),
                    _text(metric.get("name")),
                    metric.get("value"),
                    _text(source.get("name")),
                    _text(source.get("url")),
                    (i, j),
                )
            )
    return out


_SHOT_SUFFIX = re.compile(r"\s*\((\d+)[\s-]*shots?\)\s*$", re.I)


def benchmark_of(flat: FlatResult, catalog: Catalog) -> Benchmark | str | None:
    """What a result measures, comparable across sources: the catalog entry when known
    (by dataset id + config, else by name), else the squashed dataset name."""
    if flat.dataset_type:
        found = catalog.for_dataset(flat.dataset_type, flat.dataset_config)
        if found is not None:
            return found
    for text in (flat.dataset_name, flat.dataset_type):
        if text:
            found = catalog.lookup(text)
            if found is not None:
                return found
    name = flat.dataset_name or flat.dataset_type
    return re.sub(r"\W+", "", _SHOT_SUFFIX.sub("", name).lower()) if name else None
