"""Plan a sync: README tables -> the `model-index` of the same card. Pure: bytes in, plan out.

The README's tables are one source of results (`sources.readme`); `results.merge` puts
them into the card with the one reconciler every source goes through:
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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalguard.api import CardExtraction, ExtractRequest, extract_parsed, read_card
from evalguard.card.rewrite import dropped_comment_notes
from evalguard.card.split import encode
from evalguard.config import Config
from evalguard.gcpause import collector_paused
from evalguard.repoid import as_repo_id, hub_url, repo_id_from_git, repo_id_from_url
from evalguard.results.merge import (
    MergeRefused,
    PlacedConflict,
    Refusal,
    merge_results,
    model_entry,
    model_index_entries,
)
from evalguard.results.model import is_readme_result
from evalguard.results.reconcile import ResultChange

#: sync refuses as any merge does (results.merge.MergeRefused, with its Refusal)
SyncRefused = MergeRefused


@dataclass
class SyncPlan:
    #: the rewritten card, or None when nothing changes
    new_text: str | None
    extraction: CardExtraction
    notes: list[str] = field(default_factory=list)
    conflicts: list[PlacedConflict] = field(default_factory=list)
    changes: list[ResultChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new_text is not None

    @property
    def new_bytes(self) -> bytes:
        """The rewritten card as bytes (BOM kept); only for a changed plan."""
        card = self.extraction.card
        if self.new_text is None or card is None:
            raise ValueError("no rewrite planned")
        return encode(self.new_text, bom=card.bom)


@collector_paused()
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
    entries = model_index_entries(fm)
    _refuse_if_guessing(extraction)
    notes = _table_notes(extraction)
    entry_index = model_entry(entries, extraction.model)
    old_results: list[Any] = (
        list(entries[entry_index].get("results") or []) if entry_index is not None else []
    )
    if not extraction.scores and not any(is_readme_result(r) for r in old_results):
        return SyncPlan(None, extraction, notes)
    url = hub_url(_repo_id(request, config, old_results, folder)) if extraction.scores else ""
    merged = merge_results(
        card,
        fm,
        extraction.readme_source(url),
        model=extraction.model,
        catalog=extraction.catalog,
        overwrite=overwrite,
    )
    if merged.new_text is not None:
        notes += dropped_comment_notes(card, merged.new_text)
    return SyncPlan(merged.new_text, extraction, notes, merged.conflicts, merged.changes)


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
            refusal=Refusal.WOULD_GUESS,
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
            + "; check the model's name, or, if a table holds its scores under another "
            "name, pin that column or row with --column TEXT (`column:` in .evalguard.yaml)",
            refusal=Refusal.WOULD_GUESS,
            line=outcome.table.line,
        )


def _table_notes(extraction: CardExtraction) -> list[str]:
    return [
        f"table {o.table.index} (line {o.table.line}) skipped: {o.reason}"
        for o in extraction.extraction.outcomes
        if o.status == "no-subject"
    ]


def _repo_id(
    request: ExtractRequest, config: Config | None, old_results: list[Any], folder: Path | None
) -> str:
    for candidate in (request.model, config.model if config else None, request.repo_id):
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
        refusal=Refusal.BAD_INPUT,
    )
