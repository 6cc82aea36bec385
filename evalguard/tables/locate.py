"""Finding the model's column or row in a table (the rules are subject.py's), and
reading it; or the column or row the user pinned with `--column`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from evalguard.tables.layout import Layout
from evalguard.tables.names import PARAMETER_SIZE, parse_name
from evalguard.tables.outcome import Score, SubjectNote, TableOutcome
from evalguard.tables.scores import column_scores, row_scores
from evalguard.tables.subject import Match, ModelName, Rule, match_headers, names_another_family
from evalguard.tables.textnorm import squash, strip_marks
from evalguard.tables.ties import CardTies


@dataclass(frozen=True)
class _Found:
    """The columns or rows whose headers name the model."""

    axis: Literal["column", "row"]
    matches: list[Match]
    #: the candidate headers the matches index into, and their table column/row
    headers: list[str]
    positions: list[int]


def find_model(
    layout: Layout, body_rows: list[int], model: ModelName, ties: CardTies
) -> _Found | None:
    """Only columns and rows that show a score are candidates: a `TO-DO` row of a
    variant does not make the table ambiguous."""
    cols = [c for c in layout.data_cols if any(layout.shows_score(r, c) for r in body_rows)]
    heading = layout.table.heading
    rows = scored_rows(layout, body_rows)
    col_headers = [layout.col_header(c) for c in cols]
    by_col = match_headers(model, col_headers, [layout.col_links(c) for c in cols], ties, heading)
    # The model's name usually sits in the first label column alone; the other label
    # columns only help when the name is split over several (`Llama 2` | `70B`).
    links = [layout.row_links(r) for r in rows]
    first_labels = [
        layout.label(r, layout.label_cols[0]) if layout.label_cols else "" for r in rows
    ]
    row_headers = [layout.row_header(r) for r in rows]
    by_first = match_headers(model, first_labels, links, ties, heading)
    # Where no other label column adds words the two lists are equal: match once.
    by_all = (
        by_first
        if row_headers == first_labels
        else match_headers(model, row_headers, links, ties, heading)
    )
    if not by_all or (by_first and by_first[0].rule <= by_all[0].rule):
        by_all, row_headers = by_first, first_labels
    if _sizes_of_another_family(layout, by_all, model):
        by_all = []
    if by_col and (not by_all or by_col[0].rule <= by_all[0].rule):
        return _Found("column", by_col, col_headers, cols)
    if by_all:
        told = _tell_apart(layout, [rows[m.index] for m in by_all], by_all, model, ties)
        return _Found("row", told or by_all, row_headers, rows)
    return None


def _sizes_of_another_family(layout: Layout, matches: list[Match], model: ModelName) -> bool:
    """Rows matched by size alone under a label column headed by another family's name
    (`LLaMA Number of parameters` | `13B` in the card of `chronos-13B`): LLaMA's 13B."""
    return (
        bool(matches)
        and matches[0].rule == Rule.SIZE
        and bool(layout.label_cols)
        and bool(names_another_family(layout.col_header(layout.label_cols[0]), model))
    )


def _tell_apart(
    layout: Layout, tied: list[int], matches: list[Match], model: ModelName, ties: CardTies
) -> list[Match] | None:
    """Rows that name the model alike (`| DiT-large | Mask R-CNN |`, `| DiT-large |
    Cascade R-CNN |`) told apart by another label column: a column of sizes
    (`KoMiniLM | 68M`, `KoMiniLM | 23M`) picks the row of the model's size (from its
    name, or the card's line with its repo id) and no other; any other column makes
    each row the model under the setting that column gives."""
    if len(matches) < 2 or all(m.coexists for m in matches):
        return None
    if len({squash(layout.label(r, layout.label_cols[0])) for r in tied}) != 1:
        return None
    differing = [
        c
        for c in layout.label_cols[1:]
        if len({squash(layout.label(r, c)) for r in tied}) == len(tied)
    ]
    if not differing:
        return None
    size = model.size or ties.size
    for c in differing:
        values = [squash(layout.label(r, c)) for r in tied]
        if all(PARAMETER_SIZE.match(v) for v in values):
            picked = [m for m, v in zip(matches, values, strict=True) if v == size]
            if len(picked) != 1:
                return None
            reason = f"its {layout.col_header(c) or 'size'} {size} is the model's size"
            return [replace(picked[0], coexists=True, reason=reason)]
    settings = [" ".join(layout.label(r, c) for c in differing) for r in tied]
    if any(_names_a_checkpoint(text) for text in settings):
        return None  # `| X | base |`, `| X | chat |`: other checkpoints, not settings
    return [
        replace(
            m,
            setting=setting,
            coexists=True,
            reason=f"the model under the setting its {layout.col_header(differing[0])!r} gives",
        )
        for m, setting in zip(matches, settings, strict=True)
    ]


def _names_a_checkpoint(text: str) -> bool:
    """A label that names a variant, size or quantization of a model (`chat`, `base`,
    `13B`, `int4`), which tells checkpoints apart rather than settings."""
    parts = parse_name(text)
    return bool(parts.variants or parts.size or parts.quantization)


def scored_rows(layout: Layout, body_rows: list[int]) -> list[int]:
    """Body rows with at least one score."""
    return [r for r in body_rows if any(layout.shows_score(r, c) for c in layout.data_cols)]


def read_found(layout: Layout, body_rows: list[int], found: _Found) -> TableOutcome:
    matches = found.matches
    if len(matches) > 1 and not all(m.coexists for m in matches):
        return TableOutcome(
            layout.table,
            "ambiguous",
            f"several {found.axis}s name the model ({matches[0].rule.name.lower()} rule)",
            [found.headers[m.index] for m in matches],
        )
    scores: list[Score] = []
    notes: list[SubjectNote] = []
    for match in matches:
        position = found.positions[match.index]
        header = found.headers[match.index]
        if found.axis == "column":
            scores += column_scores(
                layout, position, body_rows, setting=match.setting, subject=header
            )
        else:
            scores += row_scores(layout, position, setting=match.setting, subject=header)
        rule = match.rule.name.lower()
        notes.append(SubjectNote(found.axis, header, rule, match.reason, match.setting))
    outcome = TableOutcome(layout.table, "scores", f"the model's {found.axis}", scores=scores)
    outcome.subjects = notes
    return outcome


def pinned(layout: Layout, body_rows: list[int], pin: str) -> TableOutcome:
    want = strip_marks(pin).casefold()
    cols = [c for c in layout.data_cols if strip_marks(layout.col_header(c)).casefold() == want]
    rows = [r for r in body_rows if strip_marks(layout.row_header(r)).casefold() == want]
    if len(cols) + len(rows) != 1:
        return TableOutcome(
            layout.table,
            "no-subject" if not cols and not rows else "ambiguous",
            f"no single column or row is headed {pin!r}",
            [layout.col_header(c) for c in layout.data_cols]
            + [layout.row_header(r) for r in body_rows],
        )
    scores = (
        column_scores(layout, cols[0], body_rows, subject=pin)
        if cols
        else row_scores(layout, rows[0], subject=pin)
    )
    outcome = TableOutcome(layout.table, "scores", f"pinned to {pin!r}", scores=scores)
    axis: Literal["column", "row"] = "column" if cols else "row"
    outcome.subjects = [SubjectNote(axis, pin, "pinned", "given with --column")]
    return outcome
