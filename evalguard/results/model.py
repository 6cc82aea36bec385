"""Evaluation results as evalguard reasons about them: provenance and comparison.

Results stay plain mappings, exactly as read, so a result evalguard did not produce is
written back unchanged. For reasoning, a model-index entry's result blocks flatten to
`FlatResult`s (one metric value with what identifies it), and `benchmark_of` /
`OtherSources.standing` say which benchmark a result measures and how a new score
stands against other sources: one comparison, used by `sync` and `check` alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from evalguard.catalog import Benchmark, Catalog, lookup_keys
from evalguard.tables import metrics_compatible, same_score, squash

if TYPE_CHECKING:
    from evalguard.tables import ModelName

#: `source.name` of results synced from the README's tables. The predecessor wrote the
#: same name, so results it produced are recognised (and refreshed) rather than duplicated.
README_SOURCE_NAME = "Model README"
AA_SOURCE_NAME = "Artificial Analysis"
JOBS_SOURCE_NAME = "inspect-ai on Hugging Face Jobs"
#: an inspect-ai evaluation `evalguard eval local` ran: the same kind of source as a job
LOCAL_EVAL_SOURCE_NAME = "inspect-ai (local run)"


class SourceKind(str, Enum):
    README = "readme"
    ARTIFICIAL_ANALYSIS = "artificial-analysis"
    #: an inspect-ai evaluation evalguard ran, on HF Jobs or locally (`eval local`)
    INSPECT_EVAL = "inspect-eval"
    OTHER = "other"


def source_kind(source: Any) -> SourceKind:
    if not isinstance(source, Mapping):
        return SourceKind.OTHER
    name = source.get("name")
    if name == README_SOURCE_NAME:
        return SourceKind.README
    if isinstance(name, str) and name.startswith(AA_SOURCE_NAME):
        return SourceKind.ARTIFICIAL_ANALYSIS
    if name in (JOBS_SOURCE_NAME, LOCAL_EVAL_SOURCE_NAME):
        return SourceKind.INSPECT_EVAL
    return SourceKind.OTHER


def is_readme_result(result: Any) -> bool:
    return isinstance(result, Mapping) and source_kind(result.get("source")) is SourceKind.README


@dataclass(frozen=True)
class FlatResult:
    """One metric of one model-index result block."""

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


def entry_for(entries: Sequence[Any], model: ModelName | None) -> int | None:
    """Which model-index entry holds `model`'s results: the only one, else the one named
    after the model (its name or repo id, squashed); None when no entry is (so `sync`
    and `check` never take another model's results)."""
    if len(entries) == 1:
        return 0
    if model is None:
        return None
    wanted = {squash(model.name)} | ({squash(model.repo_id)} if model.repo_id else set())
    return next(
        (
            i
            for i, entry in enumerate(entries)
            if isinstance(entry, Mapping) and squash(str(entry.get("name", ""))) in wanted
        ),
        None,
    )


def benchmark_of(flat: FlatResult, catalog: Catalog) -> Benchmark | str | None:
    """What a result measures, comparable across sources: the catalog entry when known
    (by dataset id + config, else by name), else the dataset name reduced the way the
    catalog reduces names (no marks, settings or punctuation)."""
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
    keys = lookup_keys(name) if name else ()
    return keys[-1] if keys else None


def agrees(other: Any, value: float, decimals: int | None) -> bool:
    """`other` (a stored value) is `value` as displayed with `decimals` digits, allowing
    for a 0-1 vs 0-100 scale."""
    if isinstance(other, bool) or not isinstance(other, (int, float)):
        return False
    return same_score(float(other), value, decimals=decimals)


@dataclass(frozen=True)
class Standing:
    """How a new score stands against results of other sources."""

    #: another source already records this value for the benchmark (any metric name)
    recorded: bool
    #: results of other sources for the benchmark, with a comparable metric and another value
    conflicts: list[FlatResult] = field(default_factory=list)


class OtherSources:
    """Results of other sources, grouped by benchmark once, so that comparing a new score
    costs one benchmark lookup rather than one per stored result (cards with an MTEB
    model-index hold thousands). Shared by `sync` (skip, or report a clash) and `check`
    (EG502/EG503)."""

    def __init__(self, others: Sequence[FlatResult], catalog: Catalog) -> None:
        self.catalog = catalog
        self._by_benchmark: dict[Benchmark | str, list[FlatResult]] = defaultdict(list)
        for other in others:
            bench = benchmark_of(other, catalog)
            if bench is not None:
                self._by_benchmark[bench].append(other)

    def standing(self, new: FlatResult, value: float, decimals: int | None) -> Standing:
        """How `new` (shown as `value` with `decimals` digits) stands among them."""
        bench = benchmark_of(new, self.catalog)
        same = self._by_benchmark.get(bench, []) if bench is not None else []
        if any(agrees(o.value, value, decimals) for o in same):
            return Standing(True)
        comparable = [o for o in same if metrics_compatible(o.metric_type, new.metric_type)]
        return Standing(False, comparable)
