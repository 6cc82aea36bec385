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

from evalguard.api import CardExtraction
from evalguard.card.frontmatter import FrontMatter
from evalguard.results.model import FlatResult, OtherSources, SourceKind, entry_for, flatten
from evalguard.tables import Score
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.where import metric_value_path, value_position

_SYNC_HINT = "run `evalguard sync` to write the table's scores into model-index"


def check_drift(extraction: CardExtraction, fm: FrontMatter, file: str) -> list[Finding]:
    if extraction.extraction.by_status("ambiguous"):
        return []
    if not extraction.scores and extraction.extraction.by_status("no-subject"):
        return []
    entries = fm.data.get("model-index")
    if entries is None:
        entries = []
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        return []  # the schema rules report it
    if not entries:
        return _compare(fm, file, extraction, 0, [])
    entry = entry_for(entries, extraction.model)
    if entry is None:
        return []  # several entries, none named after the model: sync refuses it too
    return _compare(fm, file, extraction, entry, flatten(entries[entry].get("results")))


def _compare(
    fm: FrontMatter,
    file: str,
    extraction: CardExtraction,
    entry: int,
    existing: list[FlatResult],
) -> list[Finding]:
    # The results sync would write (it drops a benchmark's repeated scores), each
    # metric traced back to its table cell; the URL does not take part in comparisons.
    results = extraction.readme_results("https://huggingface.co/model")
    readme = [o for o in existing if o.kind is SourceKind.README]
    others = OtherSources(
        [o for o in existing if o.kind is not SourceKind.README], extraction.catalog
    )
    made = [
        (new, score)
        for result in results
        for new, score in zip(flatten([result.block]), result.scores, strict=True)
    ]
    out: list[Finding] = []
    used: set[tuple[int, int]] = set()
    for new, score in made:
        mine = [o for o in readme if _same_result(o, new)]
        used.update(o.position for o in mine)
        if mine:
            if not any(_equal(o.value, new.value) for o in mine):
                out.append(_differs(fm, file, entry, score=score, new=new, old=mine[0]))
            continue
        value = score.value
        standing = others.standing(new, value.value, value.decimals)
        if standing.recorded:
            continue
        if standing.conflicts:
            out.append(_differs(fm, file, entry, score=score, new=new, old=standing.conflicts[0]))
        else:
            out.append(_missing(file, score, new))
    out += _stale(fm, file, entry, readme, used)
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


def _label(new: FlatResult) -> str:
    metric = new.metric_name or new.metric_type
    if metric and metric != "score":
        return f"{new.dataset_name} ({metric})"
    return str(new.dataset_name)


def _differs(
    fm: FrontMatter, file: str, entry: int, *, score: Score, new: FlatResult, old: FlatResult
) -> Finding:
    """EG501 when `old` is the README's own result, EG503 when another source's."""
    path = metric_value_path(entry, old)
    line, _ = value_position(fm, path)
    said = f"{_label(new)}: the README table says {new.value} but model-index (line {line})"
    if old.kind is SourceKind.README:
        rule_id, message = "EG501", f"{said} has {old.value} from the README"
        hint = _SYNC_HINT
    else:
        source = old.source_name or "a result with no source"
        rule_id, message = "EG503", f"{said} has {old.value} from {source}"
        hint = "check which is right; `evalguard sync` keeps both (or --overwrite)"
    return rule(rule_id).finding(
        file, score.line, score.column, message, hint=hint, yaml_path=yaml_path(path)
    )


def _missing(file: str, score: Score, new: FlatResult) -> Finding:
    return rule("EG502").finding(
        file,
        score.line,
        score.column,
        f"{_label(new)}: the README table's score {new.value} is not in model-index",
        hint=_SYNC_HINT,
    )


def _stale(
    fm: FrontMatter, file: str, entry: int, readme: list[FlatResult], used: set[tuple[int, int]]
) -> list[Finding]:
    out = []
    for old in readme:
        if old.position in used:
            continue
        path = metric_value_path(entry, old)
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
