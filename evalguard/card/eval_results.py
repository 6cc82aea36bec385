"""`.eval_results/*.yaml`: the Hub's newer evaluation-result files, read and written.

A file is a YAML list of entries (hub-docs eval-results.md; huggingface_hub
`EvalResultEntry`):

    - dataset: {id: TIGER-Lab/MMLU-Pro, task_id: mmlu_pro, revision: <sha>}
      value: 55.3
      verifyToken: ...          # optional
      date: "2026-09-17"        # optional, ISO-8601
      source: {url: ..., name: ..., user: ..., org: ...}   # url required with the others
      notes: ...                # optional

An entry's identity is (dataset id, task id, source), the same provenance idea as
`results.FlatResult.identity`: a source only ever replaces its own entries. Writing
keeps every byte of an existing file it does not own: values are replaced in place and
new entries appended.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import yaml

from evalguard.card.frontmatter import YamlDocument, load_yaml
from evalguard.card.split import decode, detect_newline, encode
from evalguard.catalog import Benchmark, Catalog
from evalguard.errors import EvalguardError
from evalguard.results.model import FlatResult, SourceKind, benchmark_of, flatten, source_kind

FOLDER = ".eval_results"
WHAT = ".eval_results file"
ENTRY_KEYS = ("dataset", "value", "verifyToken", "date", "source", "evaluation_framework", "notes")
DATASET_KEYS = ("id", "task_id", "revision", "config", "split")
SOURCE_KEYS = ("url", "name", "user", "org")


def is_eval_results_path(path: PurePath) -> bool:
    """A `.yaml`/`.yml` file (normally inside `.eval_results/`)."""
    return path.suffix.lower() in (".yaml", ".yml")


def eval_results_paths(card_folder: Path) -> list[Path]:
    """The `.eval_results/*.yaml` (and `.yml`) files of a card's folder, sorted; none when
    it has no such folder. Everything that reads a folder's files lists them here, so
    that check, show and sync agree on which files there are."""
    folder = card_folder / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_eval_results_path(p) and not p.is_dir())


def read(data: bytes) -> tuple[str, bool, YamlDocument]:
    """(text, had BOM, positioned document). Raises CardError when unreadable."""
    text, bom = decode(data)
    return text, bom, load_yaml(text, 1, what=WHAT)


@dataclass(frozen=True)
class Entry:
    """One entry, leniently read (validation reports what is malformed)."""

    index: int
    dataset_id: str | None
    task_id: str | None
    value: Any
    source_url: str | None = None
    source_name: str | None = None

    def identity(self) -> tuple[str | None, str | None, str]:
        return (self.dataset_id, self.task_id, source_identity(self.source_name))


def source_identity(name: str | None) -> str:
    kind = source_kind({"name": name})
    return kind.value if kind is not SourceKind.OTHER else f"other:{name}"


def entries(data: Any) -> list[Entry]:
    out: list[Entry] = []
    if not isinstance(data, list):
        return out
    for i, item in enumerate(data):
        if not isinstance(item, Mapping):
            continue
        dataset = item.get("dataset")
        dataset = dataset if isinstance(dataset, Mapping) else {}
        source = item.get("source")
        source = source if isinstance(source, Mapping) else {}
        out.append(
            Entry(
                i,
                _text(dataset.get("id")),
                _text(dataset.get("task_id")),
                item.get("value"),
                _text(source.get("url")),
                _text(source.get("name")),
            )
        )
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# -- export: model-index -> entries ---------------------------------------------------


@dataclass
class Export:
    """Entries per file name (`mmlu_pro.yaml`), and why other results were left out."""

    files: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def export_entries(model_index: Any, catalog: Catalog) -> Export:
    """One file per benchmark variant (catalog entry with a Hub dataset id and task id),
    one entry per source; a variant with several metrics of one source uses the
    benchmark's usual metric."""
    out = Export()
    if not isinstance(model_index, list) or not model_index:
        return out
    if len(model_index) > 1:
        out.skipped.append(
            f"model-index has {len(model_index)} entries; exporting the first "
            f"({model_index[0].get('name') if isinstance(model_index[0], Mapping) else '?'})"
        )
    first = model_index[0]
    flats = flatten(first.get("results")) if isinstance(first, Mapping) else []
    groups: dict[tuple[str, str], list[tuple[Benchmark, FlatResult]]] = defaultdict(list)
    for flat in flats:
        bench = benchmark_of(flat, catalog)
        label = flat.dataset_name or flat.dataset_type or "?"
        if not isinstance(bench, Benchmark) or not bench.dataset or not bench.task_id:
            out.skipped.append(f"{label}: {_not_exportable(bench)}")
            continue
        groups[(bench.key, source_identity(flat.source_name))].append((bench, flat))
    for (key, _), members in sorted(groups.items()):
        bench = members[0][0]
        chosen = _choose(bench, [f for _, f in members])
        label = bench.name
        if chosen is None:
            metrics = ", ".join(sorted({str(f.metric_type) for _, f in members}))
            out.skipped.append(f"{label}: several metrics ({metrics}); cannot tell which one")
            continue
        if isinstance(chosen.value, bool) or not isinstance(chosen.value, (int, float)):
            out.skipped.append(f"{label}: value {chosen.value!r} is not a number")
            continue
        out.files.setdefault(f"{key}.yaml", []).append(_entry(bench, chosen))
    return out


def _choose(bench: Benchmark, flats: list[FlatResult]) -> FlatResult | None:
    if len(flats) == 1:
        return flats[0]
    usual = [f for f in flats if bench.metric and (f.metric_type or "").lower() == bench.metric]
    return usual[0] if len(usual) == 1 else None


def _entry(bench: Benchmark, flat: FlatResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "dataset": {"id": bench.dataset, "task_id": bench.task_id},
        "value": flat.value,
    }
    if flat.source_url:
        source = {"url": flat.source_url}
        if flat.source_name:
            source["name"] = flat.source_name
        entry["source"] = source
    return entry


# -- writing: merge entries into a file without touching the rest ------------------------


class ExportRefused(EvalguardError):
    """An existing file cannot be merged into safely."""


def merge(existing: bytes | None, new_entries: list[dict[str, Any]]) -> bytes | None:
    """The file's new bytes with `new_entries` merged in, or None when nothing changes.
    An entry of the same identity gets its value replaced in place; others are appended;
    entries of other sources are never touched."""
    if existing is None:
        return dump(new_entries).encode("utf-8")
    text, bom, doc = read(existing)  # CardError propagates: never write over it
    if doc.data is not None and not isinstance(doc.data, list):
        raise ExportRefused("the file is not a list of entries; fix it by hand first")
    old = {e.identity(): e for e in entries(doc.data)}
    replace: list[tuple[int, int, str]] = []
    append: list[dict[str, Any]] = []
    for new in new_entries:
        found = old.get(_identity(new))
        if found is None:
            append.append(new)
        elif found.value != new["value"] or isinstance(found.value, bool):
            node = doc.node((found.index, "value"))
            if node is None or not isinstance(node, yaml.ScalarNode):
                raise ExportRefused(f"entry {found.index}: `value` is not a plain scalar")
            replace.append((node.start_mark.index, node.end_mark.index, _scalar(new["value"])))
    if not replace and not append:
        return None
    for start, end, value in sorted(replace, reverse=True):
        text = text[:start] + value + text[end:]
    if append:
        block = isinstance(doc.root, yaml.SequenceNode) and not doc.root.flow_style
        if block and doc.data:
            newline = detect_newline(text)
            if text and not text.endswith(("\n", "\r")):
                text += newline
            text += dump(append).replace("\n", newline)
        else:  # `[]`, a flow list or an empty file: no bytes worth keeping but comments
            text = dump([*(doc.data or []), *append])
    result = encode(text, bom=bom)
    _verify(result, doc.data, new_entries)
    return result


def _identity(entry: Mapping[str, Any]) -> tuple[str | None, str | None, str]:
    """A new entry's identity, read as a file's entries are."""
    return entries([entry])[0].identity()


def _verify(result: bytes, old: Any, new_entries: list[dict[str, Any]]) -> None:
    """Read the merged file back: every old entry is still there (values of ours may
    change) and every new entry is present."""
    _, _, doc = read(result)
    merged = entries(doc.data)
    if len(merged) < len(old or []):
        raise ExportRefused("merging would lose entries")  # pragma: no cover - safety net
    values = {e.identity(): e.value for e in merged}
    for new in new_entries:
        if values.get(_identity(new)) != new["value"]:
            raise ExportRefused("merge check failed")  # pragma: no cover - safety net


def _scalar(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...")


def dump(items: list[Any]) -> str:
    return yaml.safe_dump(
        items, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )


def _not_exportable(bench: object) -> str:
    """Why a result has no `.eval_results` entry: the Hub needs a benchmark dataset id
    and a task id, and evalguard knows both only for some benchmarks."""
    if not isinstance(bench, Benchmark) or not bench.dataset:
        return "no Hub benchmark dataset id and task id known"
    return f"dataset {bench.dataset}, but no Hub benchmark task id known for it"
