"""EG3xx: model-index values that pass the schema but make no sense together."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from evalguard.card.frontmatter import FrontMatter, Path
from evalguard.results.model import FlatResult, flatten
from evalguard.tables import PROPORTIONS
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.where import metric_value_path, value_position

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


def check_semantics(fm: FrontMatter, file: str, model_names: Sequence[str]) -> list[Finding]:
    index = fm.data.get("model-index")
    if not isinstance(index, list):
        return []
    out: list[Finding] = []
    proportions: dict[tuple[Any, ...], list[tuple[Path, float, str]]] = defaultdict(list)
    for e, entry in enumerate(index):
        if not isinstance(entry, Mapping):
            continue
        out += _name(fm, file, e, entry.get("name"), model_names)
        flats = flatten(entry.get("results"))
        out += _duplicates(fm, file, e, flats)
        out += _dataset_types(fm, file, e, entry.get("results"))
        for flat in flats:
            path = metric_value_path(e, flat)
            out += _value(fm, file, path, flat.value)
            value = flat.value
            mtype = (flat.metric_type or "").lower()
            if (
                mtype in PROPORTIONS
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
                and 0 < value <= 100
            ):
                label = flat.dataset_name or flat.dataset_type or "?"
                proportions[(e, flat.source_name, mtype)].append((path, float(value), label))
    for (_, _, mtype), values in proportions.items():
        out += _scales(fm, file, mtype, values)
    return out


def _value(fm: FrontMatter, file: str, path: Path, value: Any) -> list[Finding]:
    where = yaml_path(path)
    line, column = value_position(fm, path)
    if isinstance(value, float) and not math.isfinite(value):
        return [
            rule("EG301").finding(
                file,
                line,
                column,
                f"{where} is {value}, not a score",
                hint="write the score, or remove the metric",
                yaml_path=where,
            )
        ]
    if isinstance(value, str) and not re.search(r"\d", value):
        return [
            rule("EG306").finding(
                file,
                line,
                column,
                f"{where} is {value!r}, text with no number in it",
                hint="write the score, e.g. `value: 85.2` (a placeholder left in?)",
                yaml_path=where,
            )
        ]
    return []


def _duplicates(fm: FrontMatter, file: str, e: int, flats: list[FlatResult]) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[tuple[Any, ...], FlatResult] = {}
    for flat in flats:
        key = (flat.position[0], flat.metric_type, flat.metric_name)
        first = seen.setdefault(key, flat)
        if first is flat or first.value == flat.value:
            continue
        path = metric_value_path(e, flat)
        line, column = value_position(fm, path)
        first_line, _ = value_position(fm, metric_value_path(e, first))
        out.append(
            rule("EG303").finding(
                file,
                line,
                column,
                f"{yaml_path(path)}: metric {flat.metric_type!r} appears twice in one result "
                f"with different values ({first.value} on line {first_line}, {flat.value} here)",
                hint="keep one value, or tell them apart with `name:` (e.g. 'Test WER (+LM)')",
                yaml_path=yaml_path(path),
            )
        )
    return out


def _dataset_types(fm: FrontMatter, file: str, e: int, results: Any) -> list[Finding]:
    out: list[Finding] = []
    if not isinstance(results, list):
        return out
    for i, result in enumerate(results):
        dataset = result.get("dataset") if isinstance(result, Mapping) else None
        value = dataset.get("type") if isinstance(dataset, Mapping) else None
        if not isinstance(value, str) or _HUB_ID.match(value):
            continue
        path: Path = ("model-index", e, "results", i, "dataset", "type")
        line, column = value_position(fm, path)
        out.append(
            rule("EG304").finding(
                file,
                line,
                column,
                f"{yaml_path(path)} is {value!r}, which is not a Hub dataset id",
                hint="use the dataset's Hub id (e.g. cais/mmlu) and put the display name "
                "in dataset.name",
                yaml_path=yaml_path(path),
            )
        )
    return out


def _scales(
    fm: FrontMatter, file: str, mtype: str, values: list[tuple[Path, float, str]]
) -> list[Finding]:
    fractions = [v for v in values if v[1] <= 1 and not v[1].is_integer()]
    percents = [v for v in values if v[1] > 1]
    if not fractions or not percents:
        return []
    if len(fractions) == 1 and len(repr(fractions[0][1]).split(".")[-1]) < 3:
        return []  # one short value such as 0.3 may be a tiny percentage (GSM8K 0.3%)
    minority, majority = (fractions, percents) if len(fractions) <= len(percents) else (
        percents, fractions)  # fmt: skip
    scale, other = ("0-1", "0-100") if minority is fractions else ("0-100", "0-1")
    example = majority[0]
    out = []
    for path, value, label in minority:
        line, column = value_position(fm, path)
        out.append(
            rule("EG302").finding(
                file,
                line,
                column,
                f"{yaml_path(path)} ({label}) is {value:g}, on a {scale} scale, but other "
                f"{mtype} scores of this model are on a {other} scale "
                f"(e.g. {example[2]}: {example[1]:g})",
                hint=f"write every {mtype} score on one scale",
                yaml_path=yaml_path(path),
            )
        )
    return out


_GENERIC = {"model", "models", "card", "for", "the", "a", "of", "by", "and", "hf"}


def _tokens(text: str) -> set[str]:
    parts = re.split(r"[^a-z0-9.]+", text.lower().replace("_", "-"))
    return {t for t in parts if t.strip(".") and t not in _GENERIC}


_VERSION = re.compile(r"^v\d+(\.\d+)*$")


def looks_like(name: str, model: str) -> bool:
    """Could `name` (a model-index name) be `model` (a repo id, name or card title)?"""
    if re.sub(r"\W|_", "", name.lower()) == re.sub(r"\W|_", "", model.lower()):
        return True
    a = _tokens(name.rsplit("/", 1)[-1])
    b = _tokens(model.rsplit("/", 1)[-1] if "/" in model and " " not in model else model)
    if not a or not b or not (a & b):
        return False
    va = {t for t in a if _VERSION.match(t)}
    vb = {t for t in b if _VERSION.match(t)}
    return not (va and vb and va != vb)


def _name(
    fm: FrontMatter, file: str, e: int, name: Any, model_names: Sequence[str]
) -> list[Finding]:
    if not isinstance(name, str) or not name.strip() or not model_names:
        return []
    if any(looks_like(name, model) for model in model_names):
        return []
    path: Path = ("model-index", e, "name")
    line, column = value_position(fm, path)
    return [
        rule("EG305").finding(
            file,
            line,
            column,
            f"{yaml_path(path)} is {name!r}, which does not look like this model "
            f"({', '.join(repr(m) for m in model_names)})",
            hint="name the entry after the model (leaderboards list the results under it)",
            yaml_path=yaml_path(path),
        )
    ]
