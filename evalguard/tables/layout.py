"""The shape of a table: which rows are headers, which columns label rows, where scores are.

A layout is computed without knowing the model:

- header rows: the markup's (an empty markup header is skipped) plus up to three
  leading rows without scores (the real header under a blank one, group rows, `5-shot`
  rows); a leading row labelled `Architecture` or `# Params` describes the models and
  is dropped instead;
- columns: a column is numeric when most of its cells that show something are numbers
  (`-`, `N/A` count for neither side). Numeric columns are score columns unless their
  header names a non-score quantity (`Version`, `Stderr`, `# Params`, `Size`): those
  are `other_cols`. Text columns left of the first score column label the rows
  (category, benchmark, shots, metric);
- body rows: the rest, minus section-title rows (one distinct text, e.g. `| **Code** |`);
- the vocabulary of non-evaluation labels (parameters, speeds, prices, training logs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from evalguard.tables.document import Cell, Table
from evalguard.tables.textnorm import strip_marks
from evalguard.tables.values import Number, is_no_value, parse_score

MAX_HEADER_ROWS = 3

#: Headers and labels that name something other than an evaluation score.
_NOT_SCORE = re.compile(
    r"""(?<!\w)(
        params?|parameters?|size|context|ctx|tokens?|tok/s|throughput|latency|speed|time|
        runtime|seconds?|hours?|power|carbon|co2|emissions?|energy|watts?|
        price|cost|\$|usd|memory|vram|ram|gb|mb|disk|file|bits|quant(\s*method|ization)?|
        year|date|release(d)?|licen[cs]e|downloads?|likes|link|url|
        epochs?|steps?|learning\s+rate|lr|batch(\s+size)?|
        warmup|weight\s+decay|layers?|heads?|hidden|dimensions?|dim|vocab(ulary)?|
        samples|examples|count|version|stderr|std|
        standard[\s_]error|std\.?\s*err(or)?|num\s+few\s+shot|architecture|activated|
        seq(uence)?\s+length|(avg\.?|average|mean|response|output)[\s_]length|use\s+case|
        cutoff|gqa|rank|ranking|wins|loss(es)?|
        ties|draws|votes?|seqlen|percent(age)?|fraction|proportion|ratio|share|n_[a-z_]+|
        number\s+of|items|\#
    )(?!\w)""",
    re.I | re.X,
)
_SCORE_WORDS = re.compile(
    r"\b(acc(uracy)?|score|f1|em|exact|pass@\d+|wer|cer|bleu|rouge|ndcg|mrr|map|auc|"
    r"precision|recall|perplexity|ppl|bpb|win\s*rate|elo\s*rating|mc[12]|value|result(s)?)\b",
    re.I,
)
_TRAINING_LOG = re.compile(r"\b(epoch|step|training\s+loss|train(ing)?_loss)\b", re.I)
#: a label column of few-shot counts (`# Shots`, `Shots`, `n-shot`): a setting, not a score
_SETTING_HEADER = re.compile(r"#\s*shots?|^\s*(n[\s-]?)?shots?\s*$", re.I)
#: `2023.9`, `2022.11`: a release date written as a number
_YEAR_MONTH = re.compile(r"^(19|20)\d\d\.(0?[1-9]|1[0-2])$")
#: label columns that do not name the row: references (`Paper`, `HF Link`) and
#: harness bookkeeping (`Version`, `Filter`)
_NOT_A_NAME_HEADER = re.compile(
    r"^\s*(papers?|links?|urls?|references?|citations?|licen[cs]es?|checkpoints?|downloads?|"
    r"weights|repo(sitory)?|hf\s+link|version|filter)\s*$",
    re.I,
)
_METRIC_HEADER = re.compile(r"^\s*(metrics?|measure|scorer)\s*$", re.I)


def is_not_score_label(text: str) -> bool:
    """`# Params`, `Context length`, `Training Loss`: labels of non-evaluation numbers."""
    stripped = strip_marks(text)
    if not stripped:
        return False
    if _TRAINING_LOG.search(stripped):
        return True
    if _SCORE_WORDS.search(stripped):
        return False
    return bool(_NOT_SCORE.search(stripped) or _SETTING_HEADER.search(stripped))


@dataclass
class Layout:
    table: Table
    header_rows: list[int]
    body_rows: list[int]
    label_cols: list[int]
    data_cols: list[int]
    #: numeric columns that are not scores (`Version`, `Stderr`, `# Params`, `Size`)
    other_cols: list[int]
    #: the score of every body cell in a score column that shows one
    numbers: dict[tuple[int, int], Number]

    def cell(self, r: int, c: int) -> Cell:
        return self.table.rows[r][c]

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
        return [c for c in self.label_cols if _SETTING_HEADER.search(self.col_header(c))]

    @cached_property
    def metric_col(self) -> int | None:
        cols = [c for c in self.label_cols if _METRIC_HEADER.match(self.col_header(c))]
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
            and not _NOT_A_NAME_HEADER.match(self.col_header(c))
        ]
        return cols or ([self.metric_col] if self.metric_col is not None else [])

    def row_metric(self, r: int) -> str:
        """The metric label of a body row, when a `Metric` column is not its name column."""
        if self.metric_col is None or self.metric_col in self.name_cols:
            return ""
        return self.label(r, self.metric_col)

    def row_name(self, r: int) -> str:
        """The innermost name label of a body row (`MMLU` in `| General | MMLU | 5 |`)."""
        names = [name for c in self.name_cols if (name := self.label(r, c))]
        return names[-1] if names else ""


def _non_empty(row: tuple[Cell, ...]) -> int:
    """Distinct non-empty texts (a colspan title repeated over the row counts once)."""
    return len({c.text for c in row if c.text})


def _column_kind(cells: list[tuple[Cell, Number | None]], head: str) -> str:
    """ "scores", "other numbers" (a numeric column headed `Version`, `# Params`...) or
    "text", from its (cell, score) pairs. A column is numeric when most of its cells that
    show something are numbers; `-`, `N/A` and other no-value marks count for neither side."""
    shown = [(c.text, n) for c, n in cells if c.text and not c.filler and not is_no_value(c.text)]
    numbers = sum(1 for _, n in shown if n is not None)
    if not numbers or numbers * 2 < len(shown) or _SETTING_HEADER.search(head):
        return "text"
    if is_not_score_label(head) or all(_YEAR_MONTH.match(t) for t, _ in shown):
        return "other numbers"
    return "scores"


def analyse(table: Table) -> Layout:
    rows = table.rows
    width = table.width
    parsed = [[parse_score(cell.text) for cell in row] for row in rows]  # once per cell
    keep = [r for r, row in enumerate(rows) if any(c.text for c in row)]
    header = [r for r in keep if r < table.header_rows]
    rest = [r for r in keep if r >= table.header_rows]
    # Leading rows without scores are headers too: an empty markup header followed by the
    # real one, group rows, `5-shot` rows. A row with a single text is a section title.
    # Such a row labelled `Architecture` or `# Params` describes the models: it is neither.
    while len(rest) > 1:
        row = rows[rest[0]]
        if any(n is not None for n in parsed[rest[0]][1:]) or _non_empty(row) < 2:
            break
        if is_not_score_label(next(c.text for c in row if c.text)):
            rest.pop(0)
        elif len(header) < MAX_HEADER_ROWS:
            header.append(rest.pop(0))
        else:
            break
    data_cols: list[int] = []
    label_cols: list[int] = []
    other_cols: list[int] = []
    for c in range(width):
        head = " ".join(rows[r][c].text for r in header if rows[r][c].text)
        kind = _column_kind([(rows[r][c], parsed[r][c]) for r in rest], head)
        if kind == "scores":
            data_cols.append(c)
        elif kind == "other numbers":
            other_cols.append(c)
        elif not data_cols:
            label_cols.append(c)
    body = [r for r in rest if not _is_section_title(rows[r], parsed[r], data_cols)]
    numbers = {(r, c): n for r in body for c in data_cols if (n := parsed[r][c]) is not None}
    return Layout(table, header, body, label_cols, data_cols, other_cols, numbers)


def _is_section_title(
    row: tuple[Cell, ...], scores: list[Number | None], data_cols: list[int]
) -> bool:
    """`| **Code** | | |` or a title spread over the row by a colspan."""
    distinct = {c.text for c in row if c.text}
    return len(distinct) == 1 and all(scores[c] is None for c in data_cols)
