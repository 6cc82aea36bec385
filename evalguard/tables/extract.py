"""Tables + the model's name -> the model's scores, each knowing where it came from.

For each table: work out its layout (layout.py), drop what is not an evaluation result,
find the model's column or row (subject.py, rules listed there), and read one Score per
score cell. A table that compares models without naming ours yields nothing and says so
("no-subject", with the candidate headers); a table that names ours more than once in
incompatible ways yields nothing and lists the candidates ("ambiguous").

Not evaluation results ("not-eval"): tables whose numbers are all in non-score columns
(`# Params`, `Size`, `Speed`, `Price`...), training logs (`Epoch`/`Step` columns or rows,
several loss/runtime labels), and hyper-parameter tables (a `Hyperparameter` label
column, or mostly training-setting labels such as `lr`, `lora_alpha`, `Batch Size`).
Rows labelled with a non-score quantity (`Context length`) are dropped from any table.

When no header names the model, the table is the card's own only in these shapes
(tried in order; any other shape is "no-subject"):

1. a single score column (`| Metric | Value |`, `| Task | Score |`), unless its rows
   are models (a `Model` label header, or mostly model-like names)
2. a single row of scores whose label does not look like a model name
3. a `Metric` label column of metric names (`cosine_accuracy@1`) over benchmark columns
4. rows that are all evaluation settings (`Zero-Shot CoT`, `5-shot`): one setting each
5. columns that are all evaluation settings (`pass@1 | pass@10`): one setting each
6. a benchmark x subset matrix (`C-Eval` x `STEM`) whose caption (the heading and the
   paragraphs above the table) names the model, and no header looks like a model

Averages, totals and deltas are left out, except in a table about the model alone whose
only score they are (`| all | 0.94 |`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from evalguard.tables.document import Table
from evalguard.tables.layout import Layout, analyse, is_not_score_label
from evalguard.tables.metrics import METRIC_NAME
from evalguard.tables.subject import Match, ModelName, is_eval_setting, match_headers, names_model
from evalguard.tables.textnorm import strip_marks
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


@dataclass
class TableOutcome:
    table: Table
    status: Status
    reason: str = ""
    candidates: list[str] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)


@dataclass(frozen=True)
class ExtractOptions:
    #: 1-based table numbers to use (empty: all) and to skip
    tables: tuple[int, ...] = ()
    skip_tables: tuple[int, ...] = ()
    #: pin the model's column or row by its header text (case-insensitive exact match)
    column: str | None = None


@dataclass
class Extraction:
    outcomes: list[TableOutcome]

    @property
    def scores(self) -> list[Score]:
        return [s for o in self.outcomes for s in o.scores]

    def by_status(self, status: Status) -> list[TableOutcome]:
        return [o for o in self.outcomes if o.status == status]


def extract(
    tables: Sequence[Table], model: ModelName | None, options: ExtractOptions | None = None
) -> Extraction:
    options = options or ExtractOptions()
    outcomes: list[TableOutcome] = []
    for table in tables:
        if (options.tables and table.index not in options.tables) or (
            table.index in options.skip_tables
        ):
            outcomes.append(TableOutcome(table, "skipped", "excluded by configuration"))
            continue
        outcomes.append(extract_table(table, model, options.column))
    return Extraction(outcomes)


# -- one table -------------------------------------------------------------------------

_AGGREGATE = re.compile(r"^\s*(avg\.?|average|mean|overall|total|all|macro[\s_-]?avg)\s*$", re.I)
_DELTA = re.compile(r"^\s*(Δ|delta|diff(erence)?|improvement|gain|change)\b", re.I)
_SHOT_COUNT = re.compile(r"(?<![\d/.-])(\d+)[\s-]*shots?", re.I)
#: row labels of a metric x benchmark table (`cosine_accuracy@1`, `F1`, `nDCG@10`)
_METRIC_LABEL = re.compile(
    r"acc|precision|recall|f1|ndcg|mrr|map@|\bmap\b|\bem\b|exact|bleu|rouge|wer|cer|auc|"
    r"spearman|pearson|pass@|score|perplexity|ppl",
    re.I,
)
_MODEL_HEADER = re.compile(r"^\s*(models?|methods?|systems?|names?|checkpoints?|llms?)\s*$", re.I)
_MODEL_LIKE = re.compile(
    r"(\b\d+(\.\d+)?\s?[bBmM]\b|\b\d+x\d+[bB]\b|huggingface\.co|\bgpt-?\d|\bclaude\b|\bllama|"
    r"\bmistral|\bmixtral|\bqwen|\bgemma|\bphi-?\d|\bfalcon|\bvicuna|\bzephyr|\bdeepseek|"
    r"\byi-|\bbaichuan|\binternlm|\bchatglm|\bbloom|\bopt-|\bmpt-|\bstarcoder|\bcodellama|"
    r"\bwizard|\bolmo|\bpythia|\bours\b)",
    re.I,
)


def split_metric(name: str) -> tuple[str, str | None]:
    """`BBH (EM)` -> (`BBH`, `EM`); `MMLU (5-shot)` keeps its setting in the name."""
    match = re.match(r"^(.*\S)\s*\(([^()]+)\)\s*$", name)
    if match and METRIC_NAME.match(match.group(2).strip()):
        return match.group(1), match.group(2).strip()
    return name, None


def _shots(*texts: str) -> int | None:
    for text in texts:
        match = _SHOT_COUNT.search(text)
        if match:
            return int(match.group(1))
        if re.fullmatch(r"\s*\d+\s*", text):
            return int(text)
    return None


def extract_table(table: Table, model: ModelName | None, pin: str | None = None) -> TableOutcome:
    layout = analyse(table)
    reason = _not_evaluation(layout)
    if reason:
        return TableOutcome(table, "not-eval", reason)
    body_rows = [r for r in layout.body_rows if _names_a_score(layout, r)]
    if not body_rows:
        return TableOutcome(table, "not-eval", _NOT_SCORES)
    if pin is not None:
        return _pinned(layout, body_rows, pin)
    found = _find_model(layout, body_rows, model) if model is not None else None
    if found is None:
        outcome = _single_subject(layout, body_rows, model)
    else:
        outcome = _read_found(layout, body_rows, found)
    outcome.scores = _without_aggregates(outcome.scores, keep_lone=found is None)
    return outcome


_NOT_SCORES = "its numbers are not scores (sizes, speeds, prices)"


def _not_evaluation(layout: Layout) -> str:
    """Why a table holds no evaluation results, or "" when it may."""
    if not layout.data_cols or not layout.numbers:
        return _NOT_SCORES if layout.other_cols else "no scores"
    if _is_training_log(layout):
        return "a training log (epochs/steps), not evaluation results"
    if _is_hyperparameter_table(layout):
        return "hyper-parameters or statistics, not scores"
    return ""


@dataclass(frozen=True)
class _Found:
    """The columns or rows whose headers name the model."""

    axis: Literal["column", "row"]
    matches: list[Match]
    #: the candidate headers the matches index into, and their table column/row
    headers: list[str]
    positions: list[int]


def _find_model(layout: Layout, body_rows: list[int], model: ModelName) -> _Found | None:
    """Only columns and rows that show a score are candidates: a `TO-DO` row of a
    variant does not make the table ambiguous."""
    cols = [c for c in layout.data_cols if any((r, c) in layout.numbers for r in body_rows)]
    rows = _scored_rows(layout, body_rows)
    col_headers = [layout.col_header(c) for c in cols]
    by_col = match_headers(model, col_headers, [layout.col_links(c) for c in cols])
    # The model's name usually sits in the first label column alone; the other label
    # columns only help when the name is split over several (`Llama 2` | `70B`).
    links = [layout.row_links(r) for r in rows]
    first_labels = [
        layout.label(r, layout.label_cols[0]) if layout.label_cols else "" for r in rows
    ]
    row_headers = [layout.row_header(r) for r in rows]
    by_first = match_headers(model, first_labels, links)
    # Where no other label column adds words the two lists are equal: match once.
    by_all = by_first if row_headers == first_labels else match_headers(model, row_headers, links)
    if not by_all or (by_first and by_first[0].rule <= by_all[0].rule):
        by_all, row_headers = by_first, first_labels
    if by_col and (not by_all or by_col[0].rule <= by_all[0].rule):
        return _Found("column", by_col, col_headers, cols)
    if by_all:
        return _Found("row", by_all, row_headers, rows)
    return None


def _scored_rows(layout: Layout, body_rows: list[int]) -> list[int]:
    """Body rows with at least one score."""
    return [r for r in body_rows if any((r, c) in layout.numbers for c in layout.data_cols)]


def _read_found(layout: Layout, body_rows: list[int], found: _Found) -> TableOutcome:
    matches = found.matches
    if len(matches) > 1 and not all(m.coexists for m in matches):
        return TableOutcome(
            layout.table,
            "ambiguous",
            f"several {found.axis}s name the model ({matches[0].rule.name.lower()} rule)",
            [found.headers[m.index] for m in matches],
        )
    scores: list[Score] = []
    for match in matches:
        position = found.positions[match.index]
        header = found.headers[match.index]
        if found.axis == "column":
            scores += _column_scores(
                layout, position, body_rows, setting=match.setting, subject=header
            )
        else:
            scores += _row_scores(layout, position, setting=match.setting, subject=header)
    return TableOutcome(layout.table, "scores", f"the model's {found.axis}", scores=scores)


def _without_aggregates(scores: list[Score], *, keep_lone: bool) -> list[Score]:
    """Averages and deltas are not results of their own, except in a table about the
    model alone where they are all there is (`| all | 0.94 |` is its accuracy)."""
    kept = [s for s in scores if not _DELTA.match(s.benchmark)]
    plain = [s for s in kept if not _AGGREGATE.match(s.benchmark)]
    return plain or (kept if keep_lone else [])


def _pinned(layout: Layout, body_rows: list[int], pin: str) -> TableOutcome:
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
        _column_scores(layout, cols[0], body_rows, subject=pin)
        if cols
        else _row_scores(layout, rows[0], subject=pin)
    )
    return TableOutcome(layout.table, "scores", f"pinned to {pin!r}", scores=scores)


@dataclass(frozen=True)
class _Headers:
    """What the headers of a table that names no model say about it."""

    cols: list[str]
    rows: list[str]
    #: body rows with at least one score
    scored_rows: list[int]
    models_in_rows: bool
    models_in_cols: bool


def _headers(layout: Layout, body_rows: list[int]) -> _Headers:
    cols = [layout.col_header(c) for c in layout.data_cols]
    rows = [layout.row_header(r) for r in body_rows]
    scored = _scored_rows(layout, body_rows)
    label_heads = [layout.col_header(c) for c in layout.label_cols]
    in_rows = any(_MODEL_HEADER.match(h) for h in label_heads) or _mostly_models(rows)
    if len(scored) == 1 and _MODEL_LIKE.search(layout.row_header(scored[0])):
        in_rows = True
    return _Headers(cols, rows, scored, in_rows, _mostly_models(cols))


def _single_subject(layout: Layout, body_rows: list[int], model: ModelName | None) -> TableOutcome:
    """No header names the model: take the table only if its shape says it is about one
    model (the shapes are listed in the module docstring); otherwise say whose it is not."""
    heads = _headers(layout, body_rows)
    shape = _one_model_shape(layout, body_rows, heads, model)
    if shape is not None:
        return TableOutcome(layout.table, "scores", shape[0], scores=shape[1])
    if heads.models_in_cols:
        return _no_subject(layout, heads.cols, "columns")
    if heads.models_in_rows:
        return _no_subject(layout, heads.rows, "rows")
    return _no_subject(layout, heads.cols + heads.rows, "headers")


def _one_model_shape(
    layout: Layout, body_rows: list[int], heads: _Headers, model: ModelName | None
) -> tuple[str, list[Score]] | None:
    """(which shape, the scores) when the table is about one model, else None."""
    data_cols = layout.data_cols
    if heads.models_in_cols or heads.models_in_rows:
        return None
    if len(data_cols) == 1 and not _MODEL_LIKE.search(heads.cols[0]):
        return "a single-score column", _column_scores(layout, data_cols[0], body_rows)
    if len(heads.scored_rows) == 1:
        return "a single row of scores", _row_scores(layout, heads.scored_rows[0])
    if layout.metric_col is not None and _mostly(_METRIC_LABEL, heads.rows):
        scores = [s for c in data_cols for s in _benchmark_column_scores(layout, c, body_rows)]
        return "a metric x benchmark table", scores
    if all(is_eval_setting(h) for h in heads.rows):
        rows = heads.scored_rows
        scores = [s for r in rows for s in _row_scores(layout, r, setting=layout.row_header(r))]
        return "the model under several settings", scores
    if all(is_eval_setting(h) for h in heads.cols):
        # A metric header (`pass@1`) is the score's metric already, not also its setting.
        scores = [
            s
            for c, head in zip(data_cols, heads.cols, strict=True)
            for s in _column_scores(
                layout, c, body_rows, setting="" if METRIC_NAME.match(head) else head
            )
        ]
        return "the model under several settings", scores
    if (
        model is not None
        and names_model(model, layout.table.caption)
        and not any(_MODEL_LIKE.search(h) for h in (*heads.cols, *heads.rows))
    ):
        scores = [s for c in data_cols for s in _cross_scores(layout, c, body_rows)]
        return "a benchmark x subset table of the model its caption names", scores
    return None


def _no_subject(layout: Layout, headers: list[str], axis: str) -> TableOutcome:
    reason = (
        f"compares models in its {axis} and none of them is the model"
        if axis in ("rows", "columns")
        else "no header names the model, and its shape is not that of a one-model table"
    )
    return TableOutcome(layout.table, "no-subject", reason, [h for h in headers if h])


def _mostly_models(headers: list[str]) -> bool:
    return _mostly(_MODEL_LIKE, headers)


def _mostly(pattern: re.Pattern[str], texts: list[str]) -> bool:
    """More than half of the non-empty texts contain the pattern."""
    named = [t for t in texts if t]
    return bool(named) and sum(1 for t in named if pattern.search(t)) * 2 > len(named)


_LOG_LABEL = re.compile(r"^\s*(epoch|step|training loss)\s*$", re.I)
_LOG_WORDS = re.compile(r"\b(loss|runtime|(samples|steps) per second)\b", re.I)
_EPOCH = re.compile(r"\s*epoch\s*", re.I)


def _is_training_log(layout: Layout) -> bool:
    """Columns (or, transposed, rows) labelled `Epoch`, `Step`, `Training Loss`, or
    several labels about loss and runtime (`train_loss`, `eval_samples_per_second`)."""
    heads = [layout.col_header(c) for c in range(layout.table.width)]
    labels = [layout.row_name(r) for r in layout.body_rows]
    for names in (heads, labels):
        if sum(1 for h in names if _LOG_LABEL.match(h)) >= 2:
            return True
        if any(_EPOCH.fullmatch(h) for h in names[:2]):
            return True
        if sum(1 for h in names if _LOG_WORDS.search(h.replace("_", " "))) >= 2:
            return True
    return False


_HYPER = re.compile(
    r"\b(lr|learning[\s_]rate|batch[\s_]size|epochs?|warm[\s-]?up|weight[\s_]decay|decay|"
    r"optim(izer)?|adam|betas?|eps|dropout|seed|seq(uence)?[\s_]length|max[\s_]length|"
    r"scheduler|gradient|clip|dp|tp|pp|hidden|layers|heads|vocab|dimension|params|size|"
    r"steps|precision|bf16|fp16|lora|rank|alpha|gpus?|nodes|tokens|quant|bits)\b",
    re.I,
)
_HYPER_HEADER = re.compile(r"^\s*((hyper[\s-]?)?param(eter)?s?|config(uration)?)\s*$", re.I)


def _names_a_score(layout: Layout, r: int) -> bool:
    """False for rows such as `# Params` or `Context length`, unless their metric label
    says they hold a score (`| MBPP base version | pass@1 |`)."""
    name = layout.row_name(r)
    if not is_not_score_label(name):
        return True
    metric = layout.row_metric(r)
    return bool(metric) and not is_not_score_label(f"{name} {metric}")


def _is_hyperparameter_table(layout: Layout) -> bool:
    """Most row labels, or most column headers, are training settings (`lr`,
    `lora_alpha`, `Batch Size`, `Warm-up`), or a label column says `Hyperparameter`."""
    if any(_HYPER_HEADER.match(layout.col_header(c)) for c in layout.label_cols):
        return True
    rows = [layout.row_header(r) for r in layout.body_rows]
    heads = [layout.col_header(c) for c in range(layout.table.width)]
    for labels in (rows, heads):
        named = [label.replace("_", " ") for label in labels if label]
        if len(named) >= 3 and sum(1 for n in named if _HYPER.search(n)) * 2 >= len(named):
            return True
    return False


# -- reading scores --------------------------------------------------------------------


class _Label(NamedTuple):
    """What a row's label cells or a column's header levels say about its scores."""

    benchmark: str
    metric: str | None
    shots: int | None


def _row_label(layout: Layout, r: int) -> _Label:
    metric = strip_marks(layout.row_metric(r)) or None
    shots = _shots(*(layout.label(r, c) for c in layout.setting_cols))
    return _Label(strip_marks(layout.row_name(r)), metric, shots)


def _col_label(layout: Layout, c: int) -> _Label:
    """A level that is an evaluation setting (`5-shot`, `3/0-shot`, `CoT`) qualifies the
    name: `MMLU` over `5-shot` -> `MMLU (5-shot)`; a metric level below a name is the
    metric (`GSM8K` over `Pass@1`)."""
    shots = None
    metric = None
    names: list[str] = []
    settings: list[str] = []
    for level in (strip_marks(t) for t in layout.col_levels(c)):
        if METRIC_NAME.match(level):
            if names:
                metric = level
            else:
                names.append(level)
        elif is_eval_setting(level):
            settings.append(level)
            shots = shots if shots is not None else _shots(level)
        else:
            names.append(level)
    name = names[-1] if names else ""
    extra = [s for s in settings if s.casefold() not in name.casefold()]
    if name and extra:
        name = f"{name} ({', '.join(extra)})"
    return _Label(name, metric, shots if shots is not None else _shots(name))


def _column_scores(
    layout: Layout, c: int, body_rows: list[int], *, setting: str = "", subject: str = ""
) -> list[Score]:
    """Scores down one column: rows name the benchmarks, the column may name a metric."""
    col = _col_label(layout, c)
    out: list[Score] = []
    for r in body_rows:
        if (r, c) not in layout.numbers:
            continue
        row = _row_label(layout, r)
        if not row.benchmark:
            continue
        name, metric = row.benchmark, row.metric
        if metric is None:
            name, metric = split_metric(name)
        if metric is None:
            metric = col.metric or (col.benchmark if METRIC_NAME.match(col.benchmark) else None)
        shots = row.shots if row.shots is not None else _shots(name)
        label = _Label(name, metric, shots)
        out.append(_score(layout, r, c, label, setting=setting, subject=subject))
    return out


def _benchmark_column_scores(layout: Layout, c: int, body_rows: list[int]) -> list[Score]:
    """Scores down one column of a metric x benchmark table: the column names the
    benchmark, each row a metric."""
    col = _col_label(layout, c)
    return [
        _score(layout, r, c, _Label(col.benchmark, _row_label(layout, r).benchmark, col.shots))
        for r in body_rows
        if (r, c) in layout.numbers
    ]


def _row_scores(layout: Layout, r: int, *, setting: str = "", subject: str = "") -> list[Score]:
    """Scores along one row: columns name the benchmarks."""
    out: list[Score] = []
    for c in layout.data_cols:
        col = _col_label(layout, c)
        if (r, c) not in layout.numbers or not col.benchmark:
            continue
        name, metric = col.benchmark, col.metric
        if metric is None:
            name, metric = split_metric(name)
        label = _Label(name, metric, col.shots)
        out.append(_score(layout, r, c, label, setting=setting, subject=subject))
    return out


def _cross_scores(layout: Layout, c: int, body_rows: list[int]) -> list[Score]:
    """Scores of a benchmark x subset table: `C-Eval` row, `STEM` column -> `C-Eval STEM`.
    The subsets' average column is an aggregate and is left out."""
    col = _col_label(layout, c)
    if _AGGREGATE.match(col.benchmark):
        return []
    out: list[Score] = []
    for r in body_rows:
        row = _row_label(layout, r)
        if (r, c) in layout.numbers and row.benchmark:
            name = f"{row.benchmark} {col.benchmark}".strip()
            out.append(_score(layout, r, c, _Label(name, row.metric or col.metric, row.shots)))
    return out


def _score(
    layout: Layout, r: int, c: int, label: _Label, *, setting: str = "", subject: str = ""
) -> Score:
    """The Score of one cell; `subject` is the model's header when the model was found by
    name, else "" (the table is about the card's model alone)."""
    cell = layout.cell(r, c)
    return Score(
        label.benchmark,
        label.metric,
        layout.numbers[(r, c)],
        layout.table.index,
        cell.line,
        cell.column,
        setting,
        label.shots,
        subject,
    )
