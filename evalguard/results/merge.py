"""A source's results merged into a card's `model-index`: which entry, the reconciler, the
rewrite. Pure: a parsed card in, new card text (or None) out.

The model's entry is the only one, else the one named after the model; a card with
several entries and none the model's is refused (never another model's results). A new
entry is appended when the card has none for the model. A block that held only the
source's own results, all gone now, is removed whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from evalguard.card.frontmatter import FrontMatter
from evalguard.card.rewrite import remove_model_index, replace_model_index, replace_results
from evalguard.card.split import Card
from evalguard.catalog import Catalog
from evalguard.errors import EvalguardError
from evalguard.gcpause import collector_paused
from evalguard.results.model import entry_for
from evalguard.results.reconcile import Conflict, ResultChange, SourceResults, reconcile
from evalguard.tables import ModelName


class Refusal(Enum):
    """Why a merge (or a sync) cannot go on; the faces map these to exit codes."""

    #: it would have to guess (an ambiguous column, no entry named after the model)
    WOULD_GUESS = "would-guess"
    #: the card or the request lacks something, or holds something malformed
    BAD_INPUT = "bad-input"


class MergeRefused(EvalguardError):
    """The results cannot be merged without guessing or without information we lack."""

    def __init__(self, message: str, *, refusal: Refusal, line: int | None = None) -> None:
        super().__init__(message, line=line)
        self.refusal = refusal


@dataclass(frozen=True)
class PlacedConflict:
    """A Conflict with the file line of the other source's value."""

    conflict: Conflict
    other_line: int

    def describe(self) -> str:
        c = self.conflict
        action = "replaced by the new value (--overwrite)" if c.replaced else "kept both"
        return (
            f"{c.benchmark}: {c.origin.description} says {c.new_value} but model-index "
            f"(line {self.other_line}) has {c.other_value} from {c.other_source}; {action}"
        )


@dataclass
class Merged:
    #: the new card text, or None when nothing changes
    new_text: str | None
    conflicts: list[PlacedConflict] = field(default_factory=list)
    changes: list[ResultChange] = field(default_factory=list)


def model_index_entries(fm: FrontMatter) -> list[Any]:
    """The card's model-index entries; refused unless it is a list of mappings whose
    `results` (where present) are lists."""
    existing = fm.data.get("model-index")
    if existing is None:
        return []
    if not isinstance(existing, list) or not all(isinstance(e, Mapping) for e in existing):
        raise MergeRefused(
            "model-index must be a list of entries with `name` and `results`; fix it by hand "
            "(`evalguard check` shows the problems) before syncing",
            refusal=Refusal.BAD_INPUT,
            line=fm.position(("model-index",))[0],
        )
    for i, entry in enumerate(existing):
        if not isinstance(entry.get("results", []), (list, type(None))):  # `results: 0` too
            raise MergeRefused(
                "model-index results must be a list",
                refusal=Refusal.BAD_INPUT,
                line=fm.position(("model-index", i, "results"))[0],
            )
    return list(existing)


def model_entry(entries: list[Any], model: ModelName | None) -> int | None:
    """The model's entry (results.entry_for); several entries, none the model's: refuse."""
    found = entry_for(entries, model)
    if found is None and entries:
        raise MergeRefused(
            f"model-index has {len(entries)} entries and none is named after the model; "
            "pass --model with the entry's name",
            refusal=Refusal.WOULD_GUESS,
        )
    return found


@collector_paused()
def merge_results(
    card: Card,
    fm: FrontMatter,
    incoming: SourceResults,
    *,
    model: ModelName | None,
    catalog: Catalog,
    overwrite: bool = False,
) -> Merged:
    """The card with `incoming` reconciled into the model's model-index entry."""
    entries = model_index_entries(fm)
    index = model_entry(entries, model)
    entry = dict(entries[index]) if index is not None else None
    old_results: list[Any] = list(entry.get("results") or []) if entry else []
    outcome = reconcile(old_results, incoming, catalog, overwrite=overwrite)
    at = index or 0
    conflicts = [
        PlacedConflict(
            c,
            fm.position(("model-index", at, "results", *_metric_path(c.other_position), "value"))[
                0
            ],
        )
        for c in outcome.conflicts
    ]
    if not outcome.changed:
        return Merged(None, conflicts)
    merged = outcome.results
    if entry is None:
        if not merged:
            return Merged(None, conflicts)
        name = model.name if model else "model"
        entries.append({"name": name, "results": merged})
        new_text = replace_model_index(card, fm, entries)
    elif outcome.emptied and len(entries) == 1:
        new_text = remove_model_index(card, fm)
    else:
        entry["results"] = merged
        entries[at] = entry
        new_text = replace_results(card, fm, entries, at, old_results)
    return Merged(new_text, conflicts, outcome.changes)


def _metric_path(position: tuple[int, int]) -> tuple[int | str, ...]:
    result, metric = position
    return (result, "metrics", metric)
