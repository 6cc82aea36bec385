"""Plan a sync: README tables -> the `model-index` of the same card. Pure: bytes in, plan out.

Merging rules:
- Results whose `source.name` is "Model README" belong to the README tables: they are
  replaced by what the tables say now (and removed when the tables no longer hold
  scores). Every other result (hand-written, imported, from evaluation jobs) is kept
  exactly as it is.
- A table score that another source already records with the same value is not added
  again. One that disagrees is reported and both are kept, unless `overwrite`, which
  replaces the other source's metric with the table's.
- When the tables cannot be read without guessing (an ambiguous model column, tables
  comparing other models only), nothing is changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from evalguard.api import CardExtraction, ExtractRequest, extract_parsed, read_card
from evalguard.card.frontmatter import FrontMatter
from evalguard.card.rewrite import (
    add_entry,
    dropped_comments,
    remove_model_index,
    replace_results,
)
from evalguard.card.split import encode
from evalguard.config import Config
from evalguard.errors import EvalguardError
from evalguard.repoid import as_repo_id, hub_url, repo_id_from_git, repo_id_from_url
from evalguard.results.model import (
    SourceKind,
    entry_for,
    flatten,
    is_readme_result,
    standing_among,
)
from evalguard.tables.extract import Score
from evalguard.tables.subject import ModelName

Status = Literal["unchanged", "changed"]


class SyncRefused(EvalguardError):
    """Sync cannot proceed without guessing or without information it lacks."""

    def __init__(self, message: str, *, exit_code: int, line: int | None = None) -> None:
        super().__init__(message, line=line)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Conflict:
    benchmark: str
    table_value: float
    table_line: int
    other_value: Any
    other_source: str
    other_line: int
    replaced: bool

    def describe(self) -> str:
        action = "replaced by the table's value (--overwrite)" if self.replaced else "kept both"
        return (
            f"{self.benchmark}: the README table (line {self.table_line}) says {self.table_value} "
            f"but model-index (line {self.other_line}) has {self.other_value} from "
            f"{self.other_source}; {action}"
        )


@dataclass
class SyncPlan:
    status: Status
    new_text: str | None
    extraction: CardExtraction
    notes: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def new_bytes(self) -> bytes:
        """The rewritten card as bytes (BOM kept); only for a "changed" plan."""
        card = self.extraction.card
        if self.new_text is None or card is None:
            raise ValueError("no rewrite planned")
        return encode(self.new_text, bom=card.bom)


def plan_sync(
    data: bytes,
    request: ExtractRequest,
    config: Config | None = None,
    *,
    folder: Path | None = None,
    overwrite: bool = False,
) -> SyncPlan:
    """What `sync` would do to a card. Raises CardError (unparsable card) or SyncRefused."""
    card, fm = read_card(data)
    extraction = extract_parsed(card, fm, request, config)
    existing = fm.data.get("model-index")
    if existing is not None and not (
        isinstance(existing, list) and all(isinstance(e, Mapping) for e in existing)
    ):
        line, _ = fm.position(("model-index",))
        raise SyncRefused(
            "model-index must be a list of entries with `name` and `results`; fix it by hand "
            "(`evalguard check` shows the problems) before syncing",
            exit_code=2,
            line=line,
        )
    entries: list[Any] = list(existing or [])
    _refuse_if_guessing(extraction)
    notes = _table_notes(extraction)

    entry_index = _entry_for(entries, extraction.model)
    entry = dict(entries[entry_index]) if entry_index is not None else None
    if entry is not None and not isinstance(entry.get("results", []), (list, type(None))):
        line, _ = fm.position(("model-index", entry_index or 0, "results"))
        raise SyncRefused("model-index results must be a list", exit_code=2, line=line)
    old_results: list[Any] = list(entry.get("results") or []) if entry else []

    scores = extraction.scores
    if not scores and not any(is_readme_result(r) for r in old_results):
        return SyncPlan("unchanged", None, extraction, notes)

    new_readme: list[dict[str, Any]] = []
    origins: dict[int, Score] = {}
    if scores:
        repo_id = _repo_id(request, config, old_results, folder)
        new_readme = extraction.readme_results(hub_url(repo_id), origins)
    conflicts: list[Conflict] = []
    new_readme, dropped = _reconcile(
        new_readme,
        origins=origins,
        extraction=extraction,
        fm=fm,
        entry_index=entry_index or 0,
        old_results=old_results,
        overwrite=overwrite,
        conflicts=conflicts,
    )
    old_readme = [r for r in old_results if is_readme_result(r)]
    if not dropped and _normal(old_readme) == _normal(new_readme):
        return SyncPlan("unchanged", None, extraction, notes, conflicts)

    merged = _place(old_results, _others_without(old_results, dropped), new_readme)
    if entry is None:
        if not merged:
            return SyncPlan("unchanged", None, extraction, notes, conflicts)
        name = extraction.model.name if extraction.model else "model"
        entries.append({"name": name, "results": merged})
        new_text = add_entry(card, fm, entries)
    elif not merged and len(entries) == 1 and all(is_readme_result(r) for r in old_results):
        # The block held only what an earlier sync wrote: take it out entirely.
        new_text = remove_model_index(card, fm)
    else:
        entry["results"] = merged
        entries[entry_index or 0] = entry
        new_text = replace_results(card, fm, entries, entry_index or 0, old_results)
    notes += [
        f"the comment on line {line} is inside YAML sync rewrites and is dropped: {comment}"
        for line, comment in dropped_comments(card, new_text)
    ]
    return SyncPlan("changed", new_text, extraction, notes, conflicts)


#: Where a model name comes from when the user stated it. A name the card merely
#: suggests (its title, an old model-index name) that no table matches is not an error
#: a pre-commit hook should fail on: sync notes it and changes nothing.
EXPLICIT_MODEL_SOURCES = ("--model", ".evalguard.yaml", "--model-name-override")


def _refuse_if_guessing(extraction: CardExtraction) -> None:
    ambiguous = extraction.extraction.by_status("ambiguous")
    if ambiguous:
        outcome = ambiguous[0]
        raise SyncRefused(
            f"table {outcome.table.index} (line {outcome.table.line}): {outcome.reason}: "
            + ", ".join(repr(c) for c in outcome.candidates)
            + "; pin one with --column TEXT or `column:` in .evalguard.yaml, or leave the "
            "table out with --skip-table N / `skip_tables:`",
            exit_code=1,
            line=outcome.table.line,
        )
    explicit = extraction.model_source in EXPLICIT_MODEL_SOURCES
    if not extraction.scores and extraction.extraction.by_status("no-subject") and explicit:
        outcome = extraction.extraction.by_status("no-subject")[0]
        model = extraction.model.raw if extraction.model else "(unknown)"
        raise SyncRefused(
            f"no table names the model {model!r} (taken from {extraction.model_source}); "
            f"table {outcome.table.index} (line {outcome.table.line}) {outcome.reason}: "
            + ", ".join(repr(c) for c in outcome.candidates[:8])
            + "; pass --model ORG/NAME or --column TEXT (or set `model:`/`column:` in "
            ".evalguard.yaml)",
            exit_code=1,
            line=outcome.table.line,
        )


def _table_notes(extraction: CardExtraction) -> list[str]:
    return [
        f"table {o.table.index} (line {o.table.line}) skipped: {o.reason}"
        for o in extraction.extraction.outcomes
        if o.status == "no-subject"
    ]


def _entry_for(entries: list[Any], model: ModelName | None) -> int | None:
    """The model's entry (results.entry_for); several entries, none the model's: refuse."""
    found = entry_for(entries, model)
    if found is None and entries:
        raise SyncRefused(
            f"model-index has {len(entries)} entries and none is named after the model; "
            "pass --model with the entry's name",
            exit_code=1,
        )
    return found


def _repo_id(
    request: ExtractRequest, config: Config | None, old_results: list[Any], folder: Path | None
) -> str:
    for candidate in (request.model, config.model if config else None):
        found = as_repo_id(candidate)
        if found:
            return found
    for result in old_results:
        if is_readme_result(result):
            found = repo_id_from_url(str(result["source"].get("url", "")))
            if found:
                return found
    if folder is not None:
        found = repo_id_from_git(folder)
        if found:
            return found
    raise SyncRefused(
        "cannot tell the model's Hub repo id, which source.url needs: pass --model ORG/NAME "
        "or set `model: ORG/NAME` in .evalguard.yaml",
        exit_code=2,
    )


def _reconcile(
    new_readme: list[dict[str, Any]],
    *,
    origins: dict[int, Score],
    extraction: CardExtraction,
    fm: FrontMatter,
    entry_index: int,
    old_results: list[Any],
    overwrite: bool,
    conflicts: list[Conflict],
) -> tuple[list[dict[str, Any]], set[tuple[int, int]]]:
    """Drop table scores another source already records; report clashes. Returns the
    README blocks to write and, with `overwrite`, the (result, metric) positions of other
    sources' clashing metrics to drop."""
    other_flat = [f for f in flatten(old_results) if f.kind is not SourceKind.README]
    drop: set[tuple[int, int]] = set()
    kept_blocks: list[dict[str, Any]] = []
    for block in new_readme:
        kept_metrics = []
        for flat, metric in zip(flatten([block]), block["metrics"], strict=True):
            score = origins[id(metric)]
            standing = standing_among(
                flat, score.value.value, score.value.decimals, other_flat, extraction.catalog
            )
            if standing.recorded:
                continue  # already in model-index from another source
            for other in standing.conflicts:
                if overwrite:
                    drop.add(other.position)
                result, index = other.position
                path = ("model-index", entry_index, "results", result, "metrics", index)
                conflicts.append(
                    Conflict(
                        str(block["dataset"]["name"]),
                        metric["value"],
                        score.line,
                        other.value,
                        other.source_name or other.source_url or "a result with no source",
                        fm.position((*path, "value"))[0],
                        overwrite,
                    )
                )
            kept_metrics.append(metric)
        if kept_metrics:
            kept_blocks.append({**block, "metrics": kept_metrics})
    return kept_blocks, drop


def _others_without(old_results: list[Any], drop: set[tuple[int, int]]) -> list[Any]:
    """Results of other sources, in order, minus the metrics at the dropped positions.
    Untouched results stay the very same objects, so the rewrite copies their text."""
    out: list[Any] = []
    for i, result in enumerate(old_results):
        if is_readme_result(result):
            continue
        if not any(pos[0] == i for pos in drop):
            out.append(result)
            continue
        metrics = [m for j, m in enumerate(result.get("metrics") or []) if (i, j) not in drop]
        if metrics:
            out.append({**result, "metrics": metrics})
    return out


def _place(
    old_results: list[Any], others: list[Any], new_readme: list[dict[str, Any]]
) -> list[Any]:
    """Others in their order; the README block where the old one began (else at the end)."""
    first = next((i for i, r in enumerate(old_results) if is_readme_result(r)), None)
    if first is None:
        return [*others, *new_readme]
    before = sum(1 for r in old_results[:first] if not is_readme_result(r))
    return [*others[:before], *new_readme, *others[before:]]


def _normal(results: list[Any]) -> Any:
    """Results as YAML would read them back (for "did anything change?")."""
    return yaml.safe_load(yaml.safe_dump(results, sort_keys=True))
