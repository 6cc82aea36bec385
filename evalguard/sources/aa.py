"""The Artificial Analysis source: one model's `evaluations` -> model-index results.

Pure: the parsed JSON of AA's `GET /data/llms/models` in, `SourceResults` out (fetching
it is `evalguard.remote.aa`). The model is the one whose `model_creator.slug` and `slug`
both equal what the user named, never a near match (AA lists siblings such as `x` and
`x-reasoning`). Which benchmark each `evaluations` key is comes from
`data/aa_evaluations.yaml`; every score is written on the 0-100 scale (see that file).
Null values are skipped, and keys with no mapping or no usable number are reported, never
dropped silently.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import yaml

from evalguard.catalog import Benchmark, Catalog
from evalguard.errors import EvalguardError
from evalguard.package_data import read_text
from evalguard.results.merge import MergeRefused, Refusal
from evalguard.results.model import AA_SOURCE_NAME, SourceKind
from evalguard.results.reconcile import Origin, ProposedResult, SourceResults
from evalguard.tables import slug

AA_HOME = "https://artificialanalysis.ai/"
#: AA's terms: "Attribution is required for all use of our free API. Please provide
#: attribution to https://artificialanalysis.ai/."
ATTRIBUTION = f"Benchmark scores from [Artificial Analysis]({AA_HOME})."


class Scale(Enum):
    """How AA reports a key's values."""

    #: 0-1 (`mmlu_pro: 0.791`); written times 100
    FRACTION = "fraction"
    #: 0-100 (`artificial_analysis_intelligence_index: 62.9`); written as it is
    INDEX = "index"


@dataclass(frozen=True)
class KeyMapping:
    benchmark: str
    scale: Scale


@lru_cache(maxsize=1)
def key_mappings() -> Mapping[str, KeyMapping]:
    """`data/aa_evaluations.yaml`: AA key -> catalog benchmark key and scale."""
    text = read_text("data/aa_evaluations.yaml")
    data = yaml.safe_load(text)
    return {
        str(key): KeyMapping(str(entry["benchmark"]), Scale(entry["scale"]))
        for key, entry in data.items()
    }


class AAPayloadError(EvalguardError):
    """The payload is not shaped as AA documents it (a `data` list of models)."""


class AAModelNotFound(MergeRefused):
    """No model, or more than one, has the creator and model slugs asked for."""

    def __init__(self, message: str, *, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message, refusal=Refusal.WOULD_GUESS)
        self.candidates = candidates


@dataclass(frozen=True)
class AAModel:
    creator_slug: str
    slug: str
    name: str
    evaluations: Mapping[str, Any]

    @property
    def page_url(self) -> str:
        """The model's page on artificialanalysis.ai."""
        return f"{AA_HOME}models/{quote(self.slug, safe='')}"

    @property
    def label(self) -> str:
        return f"{self.creator_slug}/{self.slug}"


def models_in(payload: Any) -> list[Mapping[str, Any]]:
    """The model records of a payload; AAPayloadError when it has none to read."""
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if not isinstance(data, list):
        raise AAPayloadError("the response has no `data` list of models")
    return [m for m in data if isinstance(m, Mapping)]


def _creator(record: Mapping[str, Any]) -> str | None:
    creator = record.get("model_creator")
    found = creator.get("slug") if isinstance(creator, Mapping) else None
    return found if isinstance(found, str) else None


def find_model(payload: Any, creator: str, model: str) -> AAModel:
    """The one model with exactly these slugs. AAModelNotFound lists the closest slugs
    of that creator (or the closest creators when the creator is unknown)."""
    records = models_in(payload)
    matches = [r for r in records if _creator(r) == creator and r.get("slug") == model]
    if len(matches) > 1:
        raise AAModelNotFound(
            f"Artificial Analysis lists {len(matches)} models as {creator}/{model}; "
            "evalguard does not choose between them"
        )
    if matches:
        record = matches[0]
        evaluations = record.get("evaluations")
        name = record.get("name")
        return AAModel(
            creator,
            model,
            name if isinstance(name, str) else model,
            evaluations if isinstance(evaluations, Mapping) else {},
        )
    siblings = sorted(
        {s for r in records if _creator(r) == creator and isinstance(s := r.get("slug"), str)}
    )
    if siblings:
        closest = _closest(model, siblings)
        raise AAModelNotFound(
            f"Artificial Analysis has no model {model!r} by {creator!r}; closest slugs of "
            f"{creator}: {', '.join(closest)} (pass the exact one with --model-name)",
            candidates=closest,
        )
    creators = sorted({c for r in records if (c := _creator(r))})
    closest = _closest(creator, creators)
    hint = f"; closest creator slugs: {', '.join(closest)}" if closest else ""
    raise AAModelNotFound(
        f"Artificial Analysis has no model creator {creator!r}{hint} "
        "(pass the exact one with --creator-slug)",
        candidates=closest,
    )


def _closest(word: str, options: list[str]) -> tuple[str, ...]:
    """The five options most like `word`, ignoring case."""
    lower = {o.lower(): o for o in options}
    return tuple(lower[m] for m in difflib.get_close_matches(word.lower(), lower, n=5, cutoff=0))


def percent_scale(value: float, scale: Scale) -> tuple[int | float, int]:
    """(value on the 0-100 scale, digits after the point), in decimal: 0.791 -> 79.1."""
    exact = Decimal(repr(value))
    if scale is Scale.FRACTION:
        exact *= 100
    exact = exact.normalize()
    exponent = exact.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return (int(exact) if decimals == 0 else float(exact)), decimals


@dataclass(frozen=True)
class AAImport:
    model: AAModel
    source: SourceResults
    #: keys with no mapping in data/aa_evaluations.yaml
    unknown: tuple[str, ...] = ()
    #: keys whose value is null
    nulls: tuple[str, ...] = ()
    #: "key: why" for values that are not a number in the documented range
    unusable: tuple[str, ...] = ()

    def notes(self) -> list[str]:
        out = []
        if self.unknown:
            out.append(
                "Artificial Analysis reports scores evalguard has no benchmark for, not "
                f"imported: {', '.join(self.unknown)} (map them in data/aa_evaluations.yaml)"
            )
        out.extend(f"Artificial Analysis {why}; not imported" for why in self.unusable)
        return out


_RANGE = {Scale.FRACTION: (0.0, 1.0), Scale.INDEX: (0.0, 100.0)}


def aa_source(model: AAModel, catalog: Catalog, *, task_type: str) -> AAImport:
    """The model's AA scores as model-index results, in data/aa_evaluations.yaml order."""
    mappings = key_mappings()
    benchmarks = {b.key: b for b in catalog.benchmarks}
    unknown = tuple(k for k in model.evaluations if k not in mappings)
    nulls: list[str] = []
    unusable: list[str] = []
    chosen: dict[str, tuple[str, int | float, int]] = {}
    clashing: set[str] = set()
    for key, mapping in mappings.items():
        if key not in model.evaluations:
            continue
        raw = model.evaluations[key]
        if raw is None:
            nulls.append(key)
            continue
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
            unusable.append(f"{key}: {raw!r} is not a number")
            continue
        low, high = _RANGE[mapping.scale]
        if not low <= raw <= high:
            unusable.append(f"{key}: {raw} is outside the {mapping.scale.value} scale")
            continue
        value, decimals = percent_scale(float(raw), mapping.scale)
        earlier = chosen.get(mapping.benchmark)
        if earlier is None:
            chosen[mapping.benchmark] = (key, value, decimals)
        elif earlier[1] != value:
            unusable.append(
                f"reports two values for one benchmark ({earlier[0]}: {earlier[1]}, {key}: {value})"
            )
            clashing.add(mapping.benchmark)
    results = tuple(
        _proposed(benchmarks[bench], score, model.page_url, task_type)
        for bench, score in chosen.items()
        if bench not in clashing
    )
    return AAImport(
        model,
        SourceResults(SourceKind.ARTIFICIAL_ANALYSIS, results),
        unknown,
        tuple(nulls),
        tuple(unusable),
    )


def _proposed(
    bench: Benchmark, score: tuple[str, int | float, int], url: str, task_type: str
) -> ProposedResult:
    key, value, decimals = score
    block = {
        "task": {"type": task_type},
        "dataset": {"name": bench.name, "type": bench.dataset or slug(bench.name)},
        "metrics": [{"type": bench.metric or "score", "value": value}],
        "source": {"name": AA_SOURCE_NAME, "url": url},
    }
    return ProposedResult(block, (Origin(float(value), decimals, f"Artificial Analysis ({key})"),))
