"""The shape of a table: which rows are headers, which columns label rows, where scores are.

A layout is computed without knowing the model:

- header rows: the markup's (an empty markup header is skipped) plus up to three
  leading rows without scores (the real header under a blank one, group rows, `5-shot`
  rows); a leading row labelled `Architecture` or `# Params` describes the models and
  is dropped instead;
  A leading row with an empty label whose numbers tell apart columns that share one
  header (`Input length` over `3818 | 5661 | 7505`) is a header row too;
- columns: a column is numeric when most of its cells that show something are numbers
  (`-`, `N/A` count for neither side; `79.83/87.25` under `EM/F1` counts as a number).
  Numeric columns are score columns unless their header names a non-score quantity
  (`Version`, `Stderr`, `# Params`, `Size`, `GMAC`, `Throughput`, `support`): those are
  dropped, each with its reason (`dropped_cols`). A header that names the quantity and
  one value of it (`7B Params`, `Sequence Length 1024`) heads scores measured at that
  setting. Text columns left of the first score column label the rows (category,
  benchmark, shots, metric), and so does a leading numeric column headed by a setting
  (`MLM probability` | `15%`);
- body rows: the rest, minus section-title rows (one distinct text, e.g. `| **Code** |`).

What counts as a non-score header is vocabulary.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from evalguard.lazyre import lazy_compile
from evalguard.tables.document import Cell, Table
from evalguard.tables.metrics import METRIC_NAME
from evalguard.tables.values import Number, is_no_value, parse_pair, parse_score
from evalguard.tables.vocabulary import (
    BENCHMARK_HEADER,
    CATEGORY_HEADER,
    METRIC_HEADER,
    NOT_A_NAME_HEADER,
    RUN_INDEX_HEADER,
    SETTING_HEADER,
    SHOTS_HEADER,
    YEAR_MONTH,
    attribute_word,
    is_not_score_label,
)

MAX_HEADER_ROWS = 3


@dataclass
class Layout:
    """Which rows and columns of a table are headers, labels and data."""

    table: Table
    header_rows: list[int]
    body_rows: list[int]
    label_cols: list[int]
    data_cols: list[int]
    #: numeric columns that are not scores (`Version`, `Stderr`, `# Params`, `Size`)
    other_cols: list[int]
    #: the score of every body cell in a score column that shows one
    numbers: dict[tuple[int, int], Number]
    #: why each dropped column is not a score column
    dropped_cols: dict[int, str] = field(default_factory=dict)
    #: leading numeric label columns headed by a setting (`MLM probability` | `15%`)
    setting_key_cols: list[int] = field(default_factory=list)
    #: score columns whose header names two metrics (`SQuAD (EM/F1)`) over cells with
    #: two numbers (`79.83/87.25`): the metrics, and each cell's pair
    pair_metrics: dict[int, tuple[str, str]] = field(default_factory=dict)
    pairs: dict[tuple[int, int], tuple[Number, Number]] = field(default_factory=dict)
    #: rows left out of the body, and why (`# Params` rows, section titles)
    dropped_rows: dict[int, str] = field(default_factory=dict)

    def cell(self, r: int, c: int) -> Cell:
        return self.table.rows[r][c]

    def shows_score(self, r: int, c: int) -> bool:
        """Whether body cell (r, c) holds a score (or two, `79.83/87.25`)."""
        return (r, c) in self.numbers or (r, c) in self.pairs

    def col_levels(self, c: int) -> list[str]:
        """Header texts of a column, top to bottom, without repeats from spans."""
        levels: list[str] = []
        for r in self.header_rows:
            text = self.cell(r, c).text
            if text and (not levels or levels[-1] != text):
                levels.append(text)
        return levels

    def col_header(self, c: int) -> str:
        return " ".join(self.col_levels(c))

    def col_links(self, c: int) -> tuple[str, ...]:
        return tuple(link for r in self.header_rows for link in self.cell(r, c).links)

    @cached_property
    def filled_labels(self) -> dict[int, dict[int, str]]:
        """Label texts per body row and label column, blank label cells filled from the
        row above (the last label column only on a continuation row)."""
        out: dict[int, dict[int, str]] = {}
        previous: dict[int, str] = {}
        last = self.label_cols[-1] if self.label_cols else None
        for r in self.body_rows:
            row: dict[int, str] = {}
            for c in self.label_cols:
                text = self.cell(r, c).text
                if not text and (c != last or self._continuation(r)):
                    text = previous.get(c, "")
                row[c] = text
            previous = out[r] = row
        return out

    def label(self, r: int, c: int) -> str:
        """The label of body row `r` in label column `c`, filled as `filled_labels`."""
        return self.filled_labels.get(r, {}).get(c, "")

    def _continuation(self, r: int) -> bool:
        """An lm-eval style continuation row: blank task, a metric in another label column."""
        return len(self.label_cols) > 1 and any(self.cell(r, c).text for c in self.label_cols[1:])

    def row_header(self, r: int) -> str:
        return " ".join(t for t in self.filled_labels.get(r, {}).values() if t)

    def row_links(self, r: int) -> tuple[str, ...]:
        return tuple(link for c in self.label_cols for link in self.cell(r, c).links)

    @cached_property
    def setting_cols(self) -> list[int]:
        """Label columns of few-shot counts (`# Shots`) rather than benchmark names."""
        return [c for c in self.label_cols if SHOTS_HEADER.search(self.col_header(c))]

    @cached_property
    def metric_col(self) -> int | None:
        cols = [c for c in self.label_cols if METRIC_HEADER.match(self.col_header(c))]
        return cols[0] if cols else None

    @cached_property
    def name_cols(self) -> list[int]:
        """Label columns that name the row's benchmark (or model): not shots, not metric.
        A lone `Metric` column (`| Metric | Value |`) names the benchmark itself."""
        cols = [
            c
            for c in self.label_cols
            if c not in self.setting_cols
            and c != self.metric_col
            and not NOT_A_NAME_HEADER.match(self.col_header(c))
        ]
        return cols or ([self.metric_col] if self.metric_col is not None else [])

    def row_metric(self, r: int) -> str:
        """The metric label of a body row, when a `Metric` column is not its name column."""
        if self.metric_col is None or self.metric_col in self.name_cols:
            return ""
        return self.label(r, self.metric_col)

    @cached_property
    def benchmark_cols(self) -> list[int]:
        """The name columns that name a row's benchmark: when one is headed `Benchmark`
        (`Task`, `Dataset`, `testset`), all of them but groupings (`Domain`,
        `Category`) and attributes (`Params`); else the innermost one of those."""
        plain = [
            c
            for c in self.name_cols
            if not CATEGORY_HEADER.match(head := self.col_header(c))
            and not is_not_score_label(head)
        ]
        if any(BENCHMARK_HEADER.match(self.col_header(c)) for c in plain):
            return plain
        return (plain or self.name_cols)[-1:]

    def row_name(self, r: int) -> str:
        """The benchmark a body row names: `MMLU` in `| General | MMLU | 5 |`, in
        `| MMLU | English | 77.8 |` under `Benchmark | Domain`; `MMLU Spanish` in
        `| General | MMLU | Spanish |` under `Category | Benchmark | Language`."""
        names = [name for c in self.benchmark_cols if (name := self.label(r, c))]
        return " ".join(dict.fromkeys(names))


def _non_empty(row: tuple[Cell, ...]) -> int:
    """Distinct non-empty texts (a colspan title repeated over the row counts once)."""
    return len({c.text for c in row if c.text})


#: headers of scores that are integers above 100 (`Elo`, `Arena rating`, `MT-Bench score`)
_SCORE_HEADER = lazy_compile(r"\b(elo|rating|score|points?|bleu|rank)\b", re.I)
#: a header naming two metrics: `EM/F1`, `(Acc/F1)`, `SQuAD (EM / F1)`
_PAIR_HEADER = lazy_compile(r"\(?\s*([\w@.%-]+)\s*/\s*([\w@.%-]+)\s*\)?\s*$")


def pair_metrics(head: str) -> tuple[str, str] | None:
    """The two metrics a header names for cells that hold two numbers, or None."""
    match = _PAIR_HEADER.search(head)
    if match and all(METRIC_NAME.match(m) for m in match.groups()):
        return match.group(1), match.group(2)
    return None


def is_metric_pair(text: str) -> bool:
    """`EM/F1`, `(Acc/F1)`: a header level that names two metrics and nothing else."""
    return _PAIR_HEADER.fullmatch(text.strip()) is not None and pair_metrics(text) is not None


def _column_kind(
    cells: list[tuple[Cell, Number | None]], head: str, pairs: bool
) -> tuple[str, str]:
    """ "scores", "attribute" (a numeric column headed `Version`, `# Params`...) or
    "text", with the reason for an attribute, from the column's (cell, score) pairs. A
    column is numeric when most of its cells that show something are numbers; `-`,
    `N/A` and other no-value marks count for neither side."""
    shown = [(c.text, n) for c, n in cells if c.text and not c.filler and not is_no_value(c.text)]
    numbers = sum(1 for t, n in shown if n is not None or (pairs and parse_pair(t)))
    if not numbers or numbers * 2 < len(shown) or SHOTS_HEADER.search(head):
        return "text", ""
    if is_not_score_label(head, header=True):
        return "attribute", f"{attribute_word(head, header=True)!r} is not a score"
    if RUN_INDEX_HEADER.match(head):
        return "attribute", f"{head.strip()!r} numbers the runs, it is not a score"
    if all(YEAR_MONTH.match(t) for t, _ in shown):
        return "attribute", "its numbers are dates"
    values = [n for _, n in shown if n is not None]
    if (
        values
        and all(n.is_int and not n.percent for n in values)
        and max(abs(n.value) for n in values) > 100
        and not _SCORE_HEADER.search(head)
    ):
        return "attribute", "its numbers are counts (integers above 100)"
    return "scores", ""


def _has_scores(row: tuple[Cell, ...], scores: list[Number | None]) -> bool:
    """A score after the first cell, or a cell with two (`79.83/87.25`)."""
    pairs = zip(row[1:], scores[1:], strict=True)
    return any(n is not None or parse_pair(cell.text) for cell, n in pairs)


def _tells_columns_apart(
    row: tuple[Cell, ...], scores: list[Number | None], heads: list[str]
) -> bool:
    """`|  | 3818 | 5661 |` under `| Model | Input length | Input length |`: an unlabelled
    row of numbers under columns that share one header is a header row."""
    if row[0].text:
        return False
    filled = [c for c in range(1, len(row)) if row[c].text]
    return (
        len(filled) >= 2
        and all(scores[c] is not None for c in filled)
        and len({heads[c] for c in filled}) == 1
        and bool(heads[filled[0]])
    )


def analyse(table: Table) -> Layout:
    rows = table.rows
    width = table.width
    parsed = [[parse_score(cell.text) for cell in row] for row in rows]  # once per cell
    keep = [r for r, row in enumerate(rows) if any(c.text for c in row)]
    header = [r for r in keep if r < table.header_rows]
    rest = [r for r in keep if r >= table.header_rows]
    dropped_rows: dict[int, str] = {}
    # Leading rows without scores are headers too: an empty markup header followed by the
    # real one, group rows, `5-shot` rows. A row with a single text is a section title.
    # Such a row labelled `Architecture` or `# Params` describes the models: it is neither.
    while len(rest) > 1:
        row = rows[rest[0]]
        heads = [" ".join(rows[r][c].text for r in header if rows[r][c].text) for c in range(width)]
        if _tells_columns_apart(row, parsed[rest[0]], heads) and len(header) < MAX_HEADER_ROWS:
            header.append(rest.pop(0))
            continue
        if _has_scores(row, parsed[rest[0]]) or _non_empty(row) < 2:
            break
        label = next(c.text for c in row if c.text)
        if is_not_score_label(label):
            dropped_rows[rest.pop(0)] = f"{attribute_word(label)!r} describes the models"
        elif len(header) < MAX_HEADER_ROWS:
            header.append(rest.pop(0))
        else:
            break
    data_cols: list[int] = []
    label_cols: list[int] = []
    other_cols: list[int] = []
    dropped_cols: dict[int, str] = {}
    setting_keys: list[int] = []
    pair_heads: dict[int, tuple[str, str]] = {}
    for c in range(width):
        head = " ".join(rows[r][c].text for r in header if rows[r][c].text)
        pair = pair_metrics(head)
        kind, why = _column_kind([(rows[r][c], parsed[r][c]) for r in rest], head, pair is not None)
        if kind == "scores" and c == 0 and SETTING_HEADER.search(head):
            setting_keys.append(c)
            label_cols.append(c)
        elif kind == "scores":
            data_cols.append(c)
            if pair is not None:
                pair_heads[c] = pair
        elif kind == "attribute":
            other_cols.append(c)
            dropped_cols[c] = why
        elif not data_cols:
            label_cols.append(c)
    body = []
    for r in rest:
        if _is_section_title(rows[r], parsed[r], data_cols):
            dropped_rows[r] = "a section title"
        else:
            body.append(r)
    numbers = {(r, c): n for r in body for c in data_cols if (n := parsed[r][c]) is not None}
    pairs = {
        (r, c): two
        for r in body
        for c in pair_heads
        if (r, c) not in numbers and (two := parse_pair(rows[r][c].text)) is not None
    }
    return Layout(
        table,
        header,
        body,
        label_cols,
        data_cols,
        other_cols,
        numbers,
        dropped_cols,
        setting_keys,
        pair_heads,
        pairs,
        dropped_rows,
    )


def _is_section_title(
    row: tuple[Cell, ...], scores: list[Number | None], data_cols: list[int]
) -> bool:
    """`| **Code** | | |` or a title spread over the row by a colspan."""
    distinct = {c.text for c in row if c.text}
    return len(distinct) == 1 and all(scores[c] is None for c in data_cols)
