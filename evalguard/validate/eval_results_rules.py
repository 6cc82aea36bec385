"""EG6xx: `.eval_results/*.yaml` files against `schemas/eval-results.schema.json`, and
their values against the model-index of the README beside `.eval_results/`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evalguard.card.eval_results import DATASET_KEYS, ENTRY_KEYS, SOURCE_KEYS, entries
from evalguard.card.frontmatter import Path, YamlDocument
from evalguard.catalog import Catalog
from evalguard.results.model import agrees, benchmark_of, flatten
from evalguard.validate.describe import as_yaml_text, describe
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.schema import (
    EVAL_RESULTS,
    SchemaError,
    missing_finding,
    plain_message,
    schema_errors,
)
from evalguard.validate.where import value_position

_DEFAULTS = {"*": "EG602"}
_REQUIRED_HINTS = {
    "dataset": "add `dataset: {id: <owner/name>, task_id: <task>}`",
    "id": "add `id:`, the benchmark's Hub dataset id (owner/name)",
    "task_id": "add `task_id:`, the id of a task in the benchmark's eval.yaml",
    "value": "add `value:` with the score",
    "url": "add `url:`, a link to the source (a Space, a dataset of logs, a paper)",
}


def check_entries(doc: YamlDocument, file: str) -> list[Finding]:
    if doc.root is None or doc.data == []:
        line, column = doc.mark(doc.root) if doc.root is not None else (1, 1)
        return [
            rule("EG610").finding(
                file,
                line,
                column,
                "the file holds no evaluation results",
                hint="add entries (`- dataset: ...`) or delete the file",
            )
        ]
    out = [_finding(doc, file, e) for e in schema_errors(EVAL_RESULTS, doc.data, _DEFAULTS)]
    out += _unknown_keys(doc, file)
    return out


def _finding(doc: YamlDocument, file: str, error: SchemaError) -> Finding:
    path = error.path
    if error.missing:
        when = "`name`, `user` or `org`"
        return missing_finding(doc, file, error, path, hints=_REQUIRED_HINTS, when=when)
    where = yaml_path(path) or "the file"
    line, column = value_position(doc, path)
    value = error.instance
    hint: str | None = None
    if error.rule == "EG601":
        shape = "a mapping" if path else "a list of entries"
        message = f"{where} must be {shape}, got {describe(value)}"
        hint = "each entry starts with `- dataset:`"
    elif error.rule == "EG603":
        message = f"{where} is {value!r}, not a Hub dataset id (owner/name)"
        hint = "use the benchmark's dataset repo id, e.g. TIGER-Lab/MMLU-Pro"
    elif error.rule == "EG604":
        message = f"{where} is empty"
        hint = "use the id of a task in the benchmark's eval.yaml, e.g. mmlu_pro"
    elif error.rule == "EG605":
        message = f"{where} must be a number, got {describe(value)}"
        hint = "write the bare number, e.g. `value: 55.3`"
    elif error.rule == "EG606":
        if error.keyword == "type":
            message = f"{where} must be a string, got {describe(value)}"
            hint = f'quote it: date: "{as_yaml_text(value)}"'
        else:
            message = f"{where} is {value!r}, not an ISO-8601 date or datetime"
            hint = 'write e.g. "2026-09-17" or "2026-09-17T10:30:00Z"'
    else:
        message = plain_message(where, error)
    return rule(error.rule).finding(file, line, column, message, hint=hint, yaml_path=where)


def _unknown_keys(doc: YamlDocument, file: str) -> list[Finding]:
    out: list[Finding] = []
    if not isinstance(doc.data, list):
        return out
    for i, item in enumerate(doc.data):
        if not isinstance(item, Mapping):
            continue
        checks: list[tuple[Path, Any, tuple[str, ...]]] = [((i,), item, ENTRY_KEYS)]
        for sub, keys in (("dataset", DATASET_KEYS), ("source", SOURCE_KEYS)):
            if isinstance(item.get(sub), Mapping):
                checks.append(((i, sub), item[sub], keys))
        for path, mapping, known in checks:
            for key in mapping:
                if key in known:
                    continue
                full: Path = (*path, str(key))
                line, column = doc.key_position(full)
                out.append(
                    rule("EG609").finding(
                        file,
                        line,
                        column,
                        f"{yaml_path(full)}: unknown key {key!r} (known: {', '.join(known)})",
                        hint=_typo_hint(str(key), known),
                        yaml_path=yaml_path(full),
                    )
                )
    return out


def _typo_hint(key: str, known: tuple[str, ...]) -> str | None:
    squashed = key.replace("_", "").lower()
    for k in known:
        if k.replace("_", "").lower() == squashed:
            return f"did you mean {k}?"
    return None


def check_against_model_index(
    doc: YamlDocument, file: str, model_index: Any, catalog: Catalog, readme: str
) -> list[Finding]:
    """EG608: an entry whose benchmark the card's model-index also scores, differently."""
    if not isinstance(model_index, list):
        return []
    flats = [
        f
        for entry in model_index
        if isinstance(entry, Mapping)
        for f in flatten(entry.get("results"))
        if isinstance(f.value, (int, float)) and not isinstance(f.value, bool)
    ]
    out: list[Finding] = []
    for entry in entries(doc.data):
        value = entry.value
        if not entry.dataset_id or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        bench = catalog.for_eval_result(entry.dataset_id, entry.task_id)
        if bench is None:
            continue
        same = [f for f in flats if benchmark_of(f, catalog) == bench]
        text = str(value)
        decimals = len(text.split(".")[1]) if "." in text else 0
        if not same or any(agrees(f.value, float(value), decimals) for f in same):
            continue
        path: Path = (entry.index, "value")
        line, column = value_position(doc, path)
        out.append(
            rule("EG608").finding(
                file,
                line,
                column,
                f"{yaml_path(path)} is {entry.value} for {bench.name}, but {readme}'s "
                f"model-index has {same[0].value}",
                hint="make them agree (`evalguard export` writes these files from model-index)",
                yaml_path=yaml_path(path),
            )
        )
    return out
