"""EG5xx: README table scores against the card's model-index.

The same reading as `evalguard sync` (the extractor, the model choice, the result shape
of `scores_to_results`), compared score by score so each finding points at its table
cell:
- a README-source result with another value than the table: EG501 (error)
- a score recorded nowhere: EG502 (warning)
- a score another source records with another value: EG503 (warning)
- a README-source result no table gives any more: EG504 (warning)
After `evalguard sync`, none of these remain. When the model's scores cannot be read
without guessing, drift is not judged (sync refuses those cards too, and says why).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evalguard.api import CardExtraction, ExtractRequest, extract_parsed
from evalguard.card import Card
from evalguard.config import Config
from evalguard.extract import Score
from evalguard.frontmatter import FrontMatter, Path
from evalguard.model_index import ResultContext, scores_to_results
from evalguard.results import FlatResult, SourceKind, flatten, standing_among
from evalguard.textnorm import squash
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.where import value_position

_SYNC_HINT = "run `evalguard sync` to write the table's scores into model-index"


def check_drift(card: Card, fm: FrontMatter, file: str, config: Config) -> list[Finding]:
    extraction = extract_parsed(card, fm, ExtractRequest(), config)
    if extraction.extraction.by_status("ambiguous"):
        return []
    if not extraction.scores and extraction.extraction.by_status("no-subject"):
        return []
    entries = fm.data.get("model-index")
    if entries is None:
        entries = []
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        return []  # the schema rules report it
    entry = _entry_for(entries, extraction)
    if entry is None:
        return []
    existing = flatten(entries[entry].get("results")) if entries else []
    return _compare(fm, file, extraction, entry, existing)


def _entry_for(entries: list[Any], extraction: CardExtraction) -> int | None:
    if len(entries) <= 1:
        return 0
    model = extraction.model
    if model is None:
        return None
    wanted = {squash(model.name)} | ({squash(model.repo_id)} if model.repo_id else set())
    return next(
        (i for i, e in enumerate(entries) if squash(str(e.get("name", ""))) in wanted), None
    )


def _compare(
    fm: FrontMatter,
    file: str,
    extraction: CardExtraction,
    entry: int,
    existing: list[FlatResult],
) -> list[Finding]:
    ctx = ResultContext(
        extraction.task_type,
        extraction.catalog,
        extraction.metric_mapping,
        extraction.dataset_name,
        "https://huggingface.co/model",
    )
    catalog = extraction.catalog
    out: list[Finding] = []
    seen: set[tuple[Any, ...]] = set()
    used: set[tuple[int, int]] = set()
    for score in extraction.scores:
        block = scores_to_results([score], ctx, extraction.headings)[0]
        new = flatten([block])[0]
        key = (new.dataset_name, new.dataset_type, score.shots, new.metric_type, new.metric_name)
        if key in seen:
            continue  # sync keeps the first of a benchmark's repeated scores
        seen.add(key)
        readme = [o for o in existing if o.kind is SourceKind.README and _same_result(o, new)]
        used.update(o.position for o in readme)
        if readme:
            if not any(_equal(o.value, new.value) for o in readme):
                out.append(_differs(fm, file, entry, score=score, new=new, old=readme[0]))
            continue
        others = [o for o in existing if o.kind is not SourceKind.README]
        standing = standing_among(new, score.value.value, score.value.decimals, others, catalog)
        if standing.conflicts and not standing.recorded:
            other = standing.conflicts[0]
            out.append(_disagrees(fm, file, entry, score=score, new=new, other=other))
        elif not standing.recorded:
            out.append(_missing(file, score, new))
    out += _stale(fm, file, entry, existing, used)
    return out


def _same_result(old: FlatResult, new: FlatResult) -> bool:
    return (old.dataset_name, old.dataset_type, old.metric_type, old.metric_name) == (
        new.dataset_name,
        new.dataset_type,
        new.metric_type,
        new.metric_name,
    )


def _equal(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or not isinstance(old, (int, float)):
        return False
    return float(old) == float(new)


def _value_path(entry: int, flat: FlatResult) -> Path:
    i, j = flat.position
    return ("model-index", entry, "results", i, "metrics", j, "value")


def _label(new: FlatResult) -> str:
    metric = new.metric_name or new.metric_type
    return f"{new.dataset_name} ({metric})" if metric and metric != "score" else str(
        new.dataset_name)  # fmt: skip


def _differs(
    fm: FrontMatter, file: str, entry: int, *, score: Score, new: FlatResult, old: FlatResult
) -> Finding:
    path = _value_path(entry, old)
    line, _ = value_position(fm, path)
    return rule("EG501").finding(
        file,
        score.line,
        score.column,
        f"{_label(new)}: the README table says {new.value} but model-index (line {line}) "
        f"has {old.value} from the README",
        hint=_SYNC_HINT,
        yaml_path=yaml_path(path),
    )


def _missing(file: str, score: Score, new: FlatResult) -> Finding:
    return rule("EG502").finding(
        file,
        score.line,
        score.column,
        f"{_label(new)}: the README table's score {new.value} is not in model-index",
        hint=_SYNC_HINT,
    )


def _disagrees(
    fm: FrontMatter, file: str, entry: int, *, score: Score, new: FlatResult, other: FlatResult
) -> Finding:
    path = _value_path(entry, other)
    line, _ = value_position(fm, path)
    return rule("EG503").finding(
        file,
        score.line,
        score.column,
        f"{_label(new)}: the README table says {new.value} but model-index (line {line}) "
        f"has {other.value} from {other.source_name or 'a result with no source'}",
        hint="check which is right; `evalguard sync` keeps both (or --overwrite)",
        yaml_path=yaml_path(path),
    )


def _stale(
    fm: FrontMatter, file: str, entry: int, existing: list[FlatResult], used: set[tuple[int, int]]
) -> list[Finding]:
    out = []
    for old in existing:
        if old.kind is not SourceKind.README or old.position in used:
            continue
        path = _value_path(entry, old)
        line, column = value_position(fm, path)
        out.append(
            rule("EG504").finding(
                file,
                line,
                column,
                f"{yaml_path(path)} ({old.dataset_name}: {old.value}) comes from the README "
                "but no README table holds it any more",
                hint="run `evalguard sync` to remove it, or restore the table row",
                yaml_path=yaml_path(path),
            )
        )
    return out
