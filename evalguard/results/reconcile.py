"""The one reconciler: a source's new results against the results a model already has.

Every source (README tables, Artificial Analysis, an evaluation job) hands in its results
as `SourceResults`. Reconciling replaces only what that source owns and keeps every other
result as the very same object, so the rewrite copies its text (comments included):

- the source's own earlier results (by `source.name`, see `results.model.source_kind`)
  are replaced by the new ones, in place; with `Ownership.SAME_BENCHMARKS` only those of
  the benchmarks it reports now (a job restates the benchmarks it ran, not the others);
- a new value another source already records for the benchmark (allowing for a 0-1 vs
  0-100 scale and rounding) is not added twice;
- a new value another source records differently is a `Conflict`: both are kept, unless
  `overwrite`, which drops the other source's metric.

Pure: lists of mappings in, a `Reconciled` out. Where the results live in a card, and
the card's bytes, are `results.merge`'s business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import yaml

from evalguard.catalog import Benchmark, Catalog
from evalguard.results.model import (
    FlatResult,
    OtherSources,
    SourceKind,
    benchmark_of,
    flatten,
    source_kind,
)


class Ownership(Enum):
    """Which earlier results of its own kind a source's new results replace."""

    #: every one: the source restates all it knows each time (README tables, an AA import)
    ALL_OF_ITS_KIND = "all"
    #: only those of the benchmarks it reports now (evaluation jobs, one task at a time)
    SAME_BENCHMARKS = "same-benchmarks"


@dataclass(frozen=True)
class Origin:
    """Where one proposed metric value comes from: what it is as displayed, and where."""

    value: float
    #: digits after the decimal point as displayed (None: as precise as it is)
    decimals: int | None
    #: for messages: "the README table (line 12)", "Artificial Analysis"
    description: str
    #: the file line of the README cell, when there is one
    line: int | None = None


@dataclass(frozen=True)
class ProposedResult:
    """A model-index result block a source wants written, with one Origin per metric."""

    block: Mapping[str, Any]
    origins: tuple[Origin, ...]

    def __post_init__(self) -> None:
        metrics = self.block.get("metrics")
        if not isinstance(metrics, list) or len(metrics) != len(self.origins):
            raise ValueError("a proposed result needs one origin per metric")


@dataclass(frozen=True)
class SourceResults:
    """Everything one source says about one model now."""

    kind: SourceKind
    results: tuple[ProposedResult, ...]
    ownership: Ownership = Ownership.ALL_OF_ITS_KIND

    def owns(self, result: Any, benchmarks: frozenset[Benchmark | str], catalog: Catalog) -> bool:
        """Whether `result` (an existing result block) is one this source replaces."""
        if not isinstance(result, Mapping) or source_kind(result.get("source")) is not self.kind:
            return False
        if self.ownership is Ownership.ALL_OF_ITS_KIND:
            return True
        return any(benchmark_of(f, catalog) in benchmarks for f in flatten([result]))


@dataclass(frozen=True)
class Conflict:
    """A new value that another source's result for the same benchmark contradicts."""

    benchmark: str
    new_value: Any
    origin: Origin
    other_value: Any
    other_source: str
    #: (result index, metric index) of the other source's metric in the entry's results
    other_position: tuple[int, int]
    #: True when `overwrite` dropped the other source's metric
    replaced: bool


class ChangeKind(Enum):
    ADDED = "added"
    UPDATED = "updated"
    REMOVED = "removed"


@dataclass(frozen=True)
class ResultChange:
    """One metric that changes, for a summary such as a pull request's description."""

    kind: ChangeKind
    benchmark: str
    metric: str
    old: Any
    new: Any
    source: str


@dataclass
class Reconciled:
    #: the entry's results to write: kept objects (same identity) and new blocks, in order
    results: list[Any]
    changed: bool
    #: True when nothing but the source's own results was there and none is left
    emptied: bool
    conflicts: list[Conflict] = field(default_factory=list)
    changes: list[ResultChange] = field(default_factory=list)


def reconcile(
    old_results: Sequence[Any],
    incoming: SourceResults,
    catalog: Catalog,
    *,
    overwrite: bool = False,
) -> Reconciled:
    """The entry's results once `incoming` has replaced what its source owns."""
    benchmarks = frozenset(
        b
        for proposed in incoming.results
        for f in flatten([dict(proposed.block)])
        if (b := benchmark_of(f, catalog)) is not None
    )
    owned = [incoming.owns(r, benchmarks, catalog) for r in old_results]
    others = OtherSources(
        [f for f in flatten(list(old_results)) if not owned[f.position[0]]], catalog
    )
    conflicts: list[Conflict] = []
    drop: set[tuple[int, int]] = set()
    new_blocks: list[dict[str, Any]] = []
    for proposed in incoming.results:
        block = dict(proposed.block)
        kept = []
        for flat, metric, origin in zip(
            flatten([block]), block["metrics"], proposed.origins, strict=True
        ):
            standing = others.standing(flat, origin.value, origin.decimals)
            if standing.recorded:
                continue  # another source records this value already
            for other in standing.conflicts:
                if overwrite:
                    drop.add(other.position)
                conflicts.append(
                    Conflict(
                        str(block.get("dataset", {}).get("name")),
                        metric.get("value"),
                        origin,
                        other.value,
                        other.source_name or other.source_url or "a result with no source",
                        other.position,
                        overwrite,
                    )
                )
            kept.append(metric)
        if kept:
            new_blocks.append({**block, "metrics": kept})
    old_owned = [r for r, mine in zip(old_results, owned, strict=True) if mine]
    if not drop and _normal(old_owned) == _normal(new_blocks):
        return Reconciled(list(old_results), False, False, conflicts)
    merged = _place(old_results, owned, _others_without(old_results, owned, drop), new_blocks)
    return Reconciled(
        merged,
        True,
        not merged and all(owned),
        conflicts,
        _changes(old_owned, new_blocks, incoming.kind),
    )


def _others_without(
    old_results: Sequence[Any], owned: list[bool], drop: set[tuple[int, int]]
) -> list[Any]:
    """Results not owned, in order, minus the metrics at the dropped positions. Untouched
    results stay the very same objects, so the rewrite copies their text."""
    out: list[Any] = []
    for i, result in enumerate(old_results):
        if owned[i]:
            continue
        if not any(pos[0] == i for pos in drop):
            out.append(result)
            continue
        metrics = [m for j, m in enumerate(result.get("metrics") or []) if (i, j) not in drop]
        if metrics:
            out.append({**result, "metrics": metrics})
    return out


def _place(
    old_results: Sequence[Any], owned: list[bool], others: list[Any], new: list[dict[str, Any]]
) -> list[Any]:
    """Others in their order; the new blocks where the source's old ones began (else at
    the end)."""
    first = next((i for i, mine in enumerate(owned) if mine), None)
    if first is None:
        return [*others, *new]
    before = sum(1 for i in range(first) if not owned[i])
    return [*others[:before], *new, *others[before:]]


#: libyaml's twins of the safe dumper and loader where PyYAML has them: the same values
#: come back, several times faster (a model-index of 10,000 results took 1 s)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _normal(results: list[Any]) -> Any:
    """Results as YAML would read them back (for "did anything change?")."""
    return yaml.load(yaml.dump(results, Dumper=_DUMPER, sort_keys=True), Loader=_LOADER)


def _identity(flat: FlatResult) -> tuple[str | None, ...]:
    return (flat.dataset_name, flat.dataset_type, flat.metric_type, flat.metric_name)


def _changes(
    old_owned: list[Any], new_blocks: list[dict[str, Any]], kind: SourceKind
) -> list[ResultChange]:
    """What the source's own results change: added, updated, removed metrics."""
    old = {_identity(f): f for f in flatten(old_owned)}
    new = {_identity(f): f for f in flatten(new_blocks)}
    out: list[ResultChange] = []
    for key, flat in new.items():
        before = old.get(key)
        if before is None:
            out.append(_change(ChangeKind.ADDED, flat, None, flat.value, kind))
        elif _normal([before.value]) != _normal([flat.value]):
            out.append(_change(ChangeKind.UPDATED, flat, before.value, flat.value, kind))
    out.extend(
        _change(ChangeKind.REMOVED, flat, flat.value, None, kind)
        for key, flat in old.items()
        if key not in new
    )
    return out


def _change(
    kind: ChangeKind, flat: FlatResult, old: Any, new: Any, source: SourceKind
) -> ResultChange:
    metric = flat.metric_name or flat.metric_type or "score"
    return ResultChange(
        kind, str(flat.dataset_name), metric, old, new, flat.source_name or source.value
    )
