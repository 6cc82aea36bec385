"""`.evalguard.yaml`: per-repository settings, read from the README's folder.

```yaml
model: org/name              # the model the card is about (its Hub repo id)
tables: [2, 3]               # use only these tables (1-based, document order)
skip_tables: [5]             # never use these tables
column: "Llama 3 70B"        # the header of the model's column or row, if rules can't tell
task_type: text-generation   # model-index task.type (default: pipeline_tag, else text-generation)
dataset_name: null           # dataset.name for tables that name no benchmark
metric_mapping: {}           # column/row name -> {type, name}, as --metric-mapping
benchmarks: []               # catalog entries added in front of the built-in ones
disable: [EG302]             # rule ids `check` does not report
aa: {creator: openai, model: o3-mini}  # the model's Artificial Analysis slugs (import-aa)
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from evalguard.card.fileio import read_file
from evalguard.card.frontmatter import load_yaml
from evalguard.card.split import decode
from evalguard.catalog import Benchmark, Catalog, benchmark_from_mapping, builtin_catalog
from evalguard.errors import CardError, ConfigError

CONFIG_NAME = ".evalguard.yaml"


@dataclass(frozen=True)
class MetricSpec:
    """The model-index metric a table's column or row maps to."""

    type: str
    name: str | None = None


@dataclass(frozen=True)
class AASlugs:
    """Which Artificial Analysis model a card is about: `model_creator.slug` and `slug`."""

    creator: str
    model: str


@dataclass(frozen=True)
class Config:
    """A card folder's `.evalguard.yaml` (defaults when there is none)."""

    model: str | None = None
    tables: tuple[int, ...] = ()
    skip_tables: tuple[int, ...] = ()
    column: str | None = None
    task_type: str | None = None
    dataset_name: str | None = None
    metric_mapping: Mapping[str, MetricSpec] = field(default_factory=dict)
    benchmarks: tuple[Benchmark, ...] = ()
    disable: tuple[str, ...] = ()
    aa: AASlugs | None = None
    path: Path | None = None

    @cached_property
    def catalog(self) -> Catalog:
        """The built-in benchmark catalog, with this repository's entries first."""
        catalog = builtin_catalog()
        return catalog.extended(self.benchmarks) if self.benchmarks else catalog


_KEYS = {
    "model", "tables", "skip_tables", "column", "task_type", "dataset_name",
    "metric_mapping", "benchmarks", "disable", "aa",
}  # fmt: skip


def load_config(folder: Path | None) -> Config:
    """The config next to a README, or defaults when there is none."""
    if folder is None:
        return Config()
    path = folder / CONFIG_NAME
    if not path.is_file():
        return Config()
    where = _display(path)
    data = _load(path, where)
    return parse_config(data or {}, where, path)


def _display(path: Path) -> str:
    """The config's path as the user would type it: relative to the working folder."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_config(data: Any, where: str, path: Path | None = None) -> Config:
    if not isinstance(data, Mapping):
        raise ConfigError("must be a mapping of settings", file=where)
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(sorted(map(str, unknown)))}; "
            f"known: {', '.join(sorted(_KEYS))}",
            file=where,
        )

    def opt_str(key: str) -> str | None:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"`{key}` must be a string", file=where)
        return value

    def ints(key: str) -> tuple[int, ...]:
        value = data.get(key) or []
        if isinstance(value, int):
            value = [value]
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value
        ):
            raise ConfigError(f"`{key}` must be a list of table numbers (1, 2, ...)", file=where)
        return tuple(value)

    benchmarks = data.get("benchmarks") or []
    if not isinstance(benchmarks, list):
        raise ConfigError("`benchmarks` must be a list", file=where)
    disable = data.get("disable") or []
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise ConfigError("`disable` must be a list of rule ids such as EG302", file=where)
    return Config(
        model=opt_str("model"),
        tables=ints("tables"),
        skip_tables=ints("skip_tables"),
        column=opt_str("column"),
        task_type=opt_str("task_type"),
        dataset_name=opt_str("dataset_name"),
        metric_mapping=parse_metric_mapping(data.get("metric_mapping") or {}, where),
        benchmarks=tuple(benchmark_from_mapping(b, where) for b in benchmarks),
        disable=tuple(disable),
        aa=_aa_slugs(data.get("aa"), where),
        path=path,
    )


def _aa_slugs(value: Any, where: str) -> AASlugs | None:
    if value is None:
        return None
    if not (
        isinstance(value, Mapping)
        and set(value) == {"creator", "model"}
        and all(isinstance(v, str) and v for v in value.values())
    ):
        raise ConfigError(
            "`aa` must be {creator: SLUG, model: SLUG} (Artificial Analysis slugs)", file=where
        )
    return AASlugs(value["creator"], value["model"])


def parse_metric_mapping(data: Any, where: str) -> dict[str, MetricSpec]:
    """`{"MMLU": {"type": "mmlu", "name": "..."}}` (the predecessor's documented shape);
    a bare string value is taken as the type."""
    if not isinstance(data, Mapping):
        raise ConfigError("metric mapping must map names to {type, name}", file=where)
    out: dict[str, MetricSpec] = {}
    for key, spec in data.items():
        if isinstance(spec, str):
            out[str(key)] = MetricSpec(spec)
        elif isinstance(spec, Mapping) and isinstance(spec.get("type"), str):
            name = spec.get("name")
            out[str(key)] = MetricSpec(spec["type"], str(name) if name is not None else None)
        else:
            raise ConfigError(f"mapping for {key!r} needs a string `type`", file=where)
    return out


def load_metric_mapping(path: Path) -> dict[str, MetricSpec]:
    """A `--metric-mapping FILE` (JSON or YAML; JSON is YAML)."""
    return parse_metric_mapping(_load(path, str(path)) or {}, str(path))


def _load(path: Path, where: str) -> Any:
    """A settings file's YAML value: read as a card is (a regular file of bounded size,
    card/fileio.py) and parsed by the card's YAML loader; every problem is a ConfigError
    at its place."""
    try:
        return _parse(read_file(path), where)
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", file=where) from None


def _parse(data: bytes, where: str) -> Any:
    try:
        text, _ = decode(data)
        return load_yaml(text, what=Path(where).name).data
    except CardError as exc:
        raise ConfigError(exc.message, file=where, line=exc.line, column=exc.column) from None


def config_from_bytes(data: bytes, where: str) -> Config:
    """A `.evalguard.yaml` read from elsewhere than a folder (a Hub repo), parsed by the
    card's YAML loader; `where` names it in errors."""
    return parse_config(_parse(data, where) or {}, where)
