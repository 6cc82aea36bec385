"""The benchmark catalog: many spellings -> one benchmark with its Hub dataset and metric.

The data lives in `data/benchmarks.yaml` (documented there) so that adding a benchmark
is a data change; a repository extends or overrides it under `benchmarks:` in
`.evalguard.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from evalguard.errors import ConfigError
from evalguard.package_data import read_text
from evalguard.tables import PARENTHETICAL, squash, strip_marks


@dataclass(frozen=True)
class Benchmark:
    """One benchmark of the catalog: its Hub dataset and the names tables give it."""

    key: str
    name: str
    dataset: str | None = None
    config: str | None = None
    split: str | None = None
    task_id: str | None = None
    metric: str | None = None
    aliases: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    status: str = "guess"


_SETTING_WORDS = re.compile(
    r"[\s_-]*\b(\d+[\s_-]?shots?|zero[\s_-]?shot|few[\s_-]?shot|cot|pass@\d+|acc(uracy)?|em|f1|avg)\b\.?$",
    re.I,
)


@lru_cache(maxsize=4096)
def lookup_keys(name: str) -> tuple[str, ...]:
    """Squashed forms of a benchmark name, most specific first. Cached: the same names
    come back in every card of a run, and twice for each result compared in one."""
    base = strip_marks(name)
    keys = [squash(base)]
    no_parens = PARENTHETICAL.sub("", base).strip()
    keys.append(squash(no_parens))
    keys.append(squash(_SETTING_WORDS.sub("", no_parens)))
    return tuple(k for i, k in enumerate(keys) if k and k not in keys[:i])


@dataclass
class Catalog:
    """The benchmarks evalguard knows, looked up by any of their names."""

    benchmarks: list[Benchmark]
    #: how many leading entries override the rest (a repository's own, from `extended`)
    overrides: int = 0
    _by_alias: dict[str, Benchmark] = field(default_factory=dict, repr=False)
    _override_alias: dict[str, Benchmark] = field(default_factory=dict, repr=False)
    _by_dataset: dict[str, list[Benchmark]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for n, bench in enumerate(self.benchmarks):
            for key in {squash(alias) for alias in (bench.key, bench.name, *bench.aliases)}:
                self._by_alias.setdefault(key, bench)
                if n < self.overrides:
                    self._override_alias.setdefault(key, bench)
            for dataset in (bench.dataset, *bench.also):
                if dataset:
                    self._by_dataset.setdefault(dataset.lower(), []).append(bench)

    def lookup(self, name: str) -> Benchmark | None:
        """The benchmark a table's name refers to, or None when it is not catalogued.
        An override matching any spelling of the name wins over a built-in entry that
        matches a more specific one (`MMLU` overridden also covers `MMLU (5-shot)`)."""
        keys = lookup_keys(name)
        for aliases in (self._override_alias, self._by_alias):
            found = next((aliases[k] for k in keys if k in aliases), None)
            if found is not None:
                return found
        return None

    def for_dataset(self, dataset_type: str, config: str | None = None) -> Benchmark | None:
        """The benchmark an existing result's `dataset.type` (+ config) stands for."""
        candidates = self._by_dataset.get(dataset_type.lower(), [])
        if config:
            exact = [b for b in candidates if b.config and b.config.lower() == config.lower()]
            if exact:
                return exact[0]
        return candidates[0] if len(candidates) == 1 else None

    def for_eval_result(self, dataset_id: str, task_id: str | None) -> Benchmark | None:
        """The benchmark an `.eval_results` entry (`dataset.id`, `task_id`) stands for:
        only entries whose own Hub id and task id are known (export writes those)."""
        candidates = [
            b
            for b in self._by_dataset.get(dataset_id.lower(), [])
            if b.task_id and b.dataset and b.dataset.lower() == dataset_id.lower()
        ]
        exact = [b for b in candidates if b.task_id == task_id]
        if exact:
            return exact[0]
        return candidates[0] if len(candidates) == 1 else None

    def extended(self, extra: Iterable[Benchmark]) -> Catalog:
        """A catalog where `extra` entries come first (overriding aliases they share)."""
        extra = list(extra)
        keys = {b.key for b in extra}
        rest = [b for b in self.benchmarks if b.key not in keys]
        return Catalog([*extra, *rest], overrides=len(extra))


def benchmark_from_mapping(entry: Mapping[str, Any], where: str) -> Benchmark:
    """Build a Benchmark from a catalog or config entry, checking its shape."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str):
        raise ConfigError("each benchmark needs a string `key`", file=where)
    allowed = set(Benchmark.__dataclass_fields__)
    unknown = set(entry) - allowed
    if unknown:
        raise ConfigError(f"unknown benchmark field(s) {', '.join(sorted(unknown))}", file=where)

    def text(name: str) -> str | None:
        value = entry.get(name)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)):
            raise ConfigError(f"`{name}` of {entry['key']} must be a string", file=where)
        return str(value)

    def texts(name: str) -> tuple[str, ...]:
        value = entry.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise ConfigError(f"`{name}` of {entry['key']} must be a list of strings", file=where)
        return tuple(str(v) for v in value)

    return Benchmark(
        key=str(entry["key"]),
        name=text("name") or str(entry["key"]),
        dataset=text("dataset"),
        config=text("config"),
        split=text("split"),
        task_id=text("task_id"),
        metric=text("metric"),
        aliases=texts("aliases"),
        also=texts("also"),
        status=text("status") or "custom",
    )


@lru_cache(maxsize=1)
def builtin_catalog() -> Catalog:
    source = read_text("data/benchmarks.yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries = yaml.load(source, Loader=loader)  # a safe loader: SafeLoader or its C twin
    return Catalog([benchmark_from_mapping(e, "benchmarks.yaml") for e in entries])
