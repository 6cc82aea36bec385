"""What extraction returns: one Score per cell read, one TableOutcome per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from evalguard.tables.document import Table
from evalguard.tables.layout import Layout
from evalguard.tables.values import Number

Status = Literal["scores", "not-eval", "no-subject", "ambiguous", "skipped"]


@dataclass(frozen=True)
class Score:
    """One number of the model's, read from one table cell."""

    benchmark: str
    metric: str | None
    value: Number
    table: int
    line: int
    column: int
    #: qualifier of the model's column/row when it is a setting ("Instruct", "Zero-Shot CoT")
    setting: str = ""
    #: few-shot count when the table gives one
    shots: int | None = None
    #: the header or row label the score was read under (the model's, or "" for the card's
    #: single-model tables)
    subject: str = ""


@dataclass(frozen=True)
class SubjectNote:
    """Which column or row was taken as the model's, and by which rule (for --explain)."""

    axis: Literal["column", "row"]
    header: str
    #: the rule's name (`exact`, `parts`, `pinned`...)
    rule: str
    reason: str
    setting: str = ""


@dataclass
class TableOutcome:
    """What extraction made of one table: its status, why, and its scores."""

    table: Table
    status: Status
    reason: str = ""
    candidates: list[str] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    #: how the table was read (None for skipped tables)
    layout: Layout | None = None
    #: the model's columns or rows, when a header named it
    subjects: list[SubjectNote] = field(default_factory=list)
    #: benchmarks read but left out as averages or deltas
    left_out: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExtractOptions:
    """The user's choice of tables and of the model's column (`--table`, `--column`)."""

    #: 1-based table numbers to use (empty: all) and to skip
    tables: tuple[int, ...] = ()
    skip_tables: tuple[int, ...] = ()
    #: pin the model's column or row by its header text (case-insensitive exact match)
    column: str | None = None


@dataclass
class Extraction:
    """The outcome of every table of a card."""

    outcomes: list[TableOutcome]

    @property
    def scores(self) -> list[Score]:
        return [s for o in self.outcomes for s in o.scores]

    def by_status(self, status: Status) -> list[TableOutcome]:
        return [o for o in self.outcomes if o.status == status]
